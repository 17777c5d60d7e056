#!/usr/bin/env bash
# Benchmark 4: JMH micro-benchmarks of RingBuffer.append and RingBuffer.read(from) (1, 100 and 3000 points; with
# and without JSON encoding), and of the stats payload parse (Pulse's streaming StatsParser against the tree walk it
# replaced).
# Extra arguments go to JMH, e.g. `bash bench/jmh.sh RingBufferBench -f 3`.
source "$(dirname "$0")/lib.sh"
bench_build
stamp=$(date +%Y%m%d-%H%M%S)
java -cp "bench/target/pulse-bench.jar:${PULSE_JAR:-target/pulse.jar}" org.openjdk.jmh.Main \
  -prof gc -rf json -rff "bench/results/jmh-$stamp.json" "$@" | tee "bench/results/jmh-$stamp.txt"
