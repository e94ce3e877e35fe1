#!/usr/bin/env bash
# Peak RSS of `bin/sluice run` (embedded defaults, default JVM options of bin/sluice unless
# SLUICE_JAVA_OPTS is set) under web load: wrk (h1) on the landing page and on a file of the /docs
# mount, then h2load (h2c) on both, then a small server-stream response (POST of 5 bytes to the
# echo_server streamtype mounted at /echo) with wrk and h2load, each for MEASURE seconds. Prints VmHWM (the kernel's peak
# resident set) of the JVM at the end. The default conf binds 7681 and 1883: nothing else may.
# Usage: benchmarks/web-rss.sh [measure s]
set -euo pipefail
cd "$(dirname "$0")/.."
MEASURE=${1:-10}
out=$(mktemp)
bin/sluice run --no-watch > "$out" 2>/dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 600); do grep -q 'Ctrl-C or SIGTERM' "$out" && break; sleep 0.1; done
grep -q 'Ctrl-C or SIGTERM' "$out" || { echo "sluice did not start"; cat "$out"; exit 1; }
hwm() { awk '/VmHWM/ {print $2 / 1024 " MB"}' "/proc/$pid/status"; }
echo "started: peak RSS $(hwm), now $(awk '/VmRSS/ {print $2 / 1024 " MB"}' "/proc/$pid/status")"
for url in http://127.0.0.1:7681/ http://127.0.0.1:7681/docs/policy.md; do
  wrk -t1 -c50 -d"${MEASURE}s" "$url" | grep -E 'Requests/sec|Non-2xx' | sed "s|^|wrk $url: |"
  h2load -c10 -m10 -t1 -D "$MEASURE" "$url" | grep -E 'finished in|requests:' | sed "s|^|h2load $url: |"
done
body=$(mktemp)
lua=$(mktemp --suffix=.lua)
trap 'kill "$pid" 2>/dev/null || true; rm -f "$out" "$body" "$lua"' EXIT
printf hello > "$body"
printf 'wrk.method = "POST"\nwrk.body = "hello"\n' > "$lua"
url=http://127.0.0.1:7681/echo
wrk -t1 -c50 -d"${MEASURE}s" -s "$lua" "$url" | grep -E 'Requests/sec|Non-2xx' | sed "s|^|wrk POST $url: |"
h2load -c10 -m10 -t1 -D "$MEASURE" -d "$body" "$url" | grep -E 'finished in|requests:|status codes' | sed "s|^|h2load POST $url: |"
echo "after load: peak RSS $(hwm)"
echo "jvm: $(tr '\0' ' ' < "/proc/$pid/cmdline" | cut -c1-200)"
