#!/usr/bin/env bash
# WebSocket echo: a Sluice ws server stream vs a raw Vert.x echo server, side by side.
# 50 connections, one message in flight each, 16 B and 1 KiB; rounds alternate raw and sluice with a
# fresh server JVM per run (raw, sluice / sluice, raw / raw, sluice).
# Usage: benchmarks/ws-echo.sh [rounds] [warm-up s] [measure s]   (after: mvn -q -pl benchmarks -am package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
ROUNDS=${1:-3}
WARM=${2:-3}
MEASURE=${3:-8}

run() { # mode size
  local out port pid line
  out=$(mktemp)
  java -cp "$JAR" dev.sluice.benchmarks.ws.WsEchoServer "$1" 0 > "$out" 2>/dev/null &
  local jpid=$!
  for _ in $(seq 100); do grep -q '^ready' "$out" && break; sleep 0.1; done
  read -r _ pid port < <(grep '^ready' "$out")
  line=$(java -cp "$JAR" dev.sluice.benchmarks.ws.WsEchoLoad "$port" "$pid" 50 "$2" "$WARM" "$MEASURE" 2>/dev/null | tail -1)
  kill "$jpid"; wait "$jpid" 2>/dev/null || true
  rm -f "$out"
  echo "$1 $2 B: $line"
}

for size in 16 1024; do
  for r in $(seq "$ROUNDS"); do
    if (( r % 2 )); then run raw "$size"; run sluice "$size"; else run sluice "$size"; run raw "$size"; fi
  done
done
