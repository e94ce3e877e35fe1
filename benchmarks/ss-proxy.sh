#!/usr/bin/env bash
# SS proxy: ws echo and h1 GET round trips in-process vs through the proxy on a Unix socket and on
# TCP, one run side by side (carrier order rotated each round); then idle streams through one proxy
# running in a JVM of its own (its heap measured after GC; 10,000 sockets per side).
# Usage: benchmarks/ss-proxy.sh [rounds] [warm-up s] [measure s] [concurrency] [idle streams]
#        (after: mvn -q -pl benchmarks -am package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
java -Xmx1g -cp "$JAR" dev.sluice.benchmarks.proxy.SsProxyBench "${1:-3}" "${2:-3}" "${3:-5}" "${4:-8}" 2>/dev/null
java -Xmx1g -XX:+UseSerialGC -cp "$JAR" dev.sluice.benchmarks.proxy.ProxyIdleBench "${5:-10000}" 2>/dev/null
