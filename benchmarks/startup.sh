#!/usr/bin/env bash
# Time from `bin/sluice run` (jar already built) to its start-up summary, N runs.
# Usage: benchmarks/startup.sh [runs]   Prints each run in ms, then min/median/max.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
times=()
for i in $(seq "$runs"); do
  out=$(mktemp)
  start=$(date +%s%N)
  bin/sluice run --no-watch > "$out" 2>/dev/null &
  pid=$!
  while ! grep -q "stop          Ctrl-C or SIGTERM" "$out" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "run $i: sluice exited early" >&2; cat "$out" >&2; exit 1; fi
    sleep 0.01
  done
  end=$(date +%s%N)
  kill -TERM "$pid"; wait "$pid" || true
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
  rm -f "$out"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "min ${sorted[0]} ms, median ${sorted[$((runs / 2))]} ms, max ${sorted[$((runs - 1))]} ms"
