#!/usr/bin/env bash
# Benchmark 5, durable history (PULSE_DATA_DIR): start-up time to load 500 containers x 3000 points (page cache warm
# and dropped) against an empty directory, one sync round over every file, bytes on disk per point. About 2 minutes.
# Arguments: [containers [points [rounds]]], default 500 3000 5. The files go under bench/results/ (a real disk) and
# are removed afterwards.
source "$(dirname "$0")/lib.sh"
bench_build
stamp=$(date +%Y%m%d-%H%M%S)
java -Xmx512m -cp "bench/target/pulse-bench.jar:${PULSE_JAR:-target/pulse.jar}" dev.pulse.bench.HistoryLoad \
  bench/results "${1:-500}" "${2:-3000}" "${3:-5}" | tee "bench/results/history-files-$stamp.json"
