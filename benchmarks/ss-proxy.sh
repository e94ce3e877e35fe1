#!/usr/bin/env bash
# SS proxy: ws echo and h1 GET round trips in-process vs through the proxy on a Unix socket and on
# TCP vs a two-node cluster (streams hosted by a child JVM), one run side by side (carrier order
# rotated each round); then the ws echo again with one stream (pure latency); then idle streams
# through one proxy running in a JVM of its own (its heap measured after GC; 10,000 sockets per side).
# Usage: benchmarks/ss-proxy.sh [rounds] [warm-up s] [measure s] [concurrency] [idle streams]
#        (after: mvn -q -pl benchmarks -am package -DskipTests)
# -Dbench.carriers=in-process,uds,tcp,cluster and -Dbench.scenarios=ws-echo,h1-get (in JAVA_OPTS)
# pick a subset.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
OPENS="--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
uptime
java -Xmx1g $OPENS ${JAVA_OPTS:-} -cp "$JAR" dev.sluice.benchmarks.proxy.SsProxyBench "${1:-3}" "${2:-3}" "${3:-5}" "${4:-8}" 2>/dev/null
echo "# ws echo and an h1 polling stream with one stream (latency alone)"
java -Xmx1g $OPENS -Dbench.scenarios=ws-echo,h1-stream ${JAVA_OPTS:-} -cp "$JAR" dev.sluice.benchmarks.proxy.SsProxyBench "${1:-3}" "${2:-3}" "${3:-5}" 1 2>/dev/null
java -Xmx1g -XX:+UseSerialGC -cp "$JAR" dev.sluice.benchmarks.proxy.ProxyIdleBench "${5:-10000}" 2>/dev/null
uptime
