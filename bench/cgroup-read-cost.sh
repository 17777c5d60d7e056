#!/usr/bin/env bash
# Benchmark 5: where the cgroup collector reads (event loop or worker; files kept open or reopened), on one idle
# container of this machine's engine. About a minute. Figures: BENCHMARKS.md §5.
source "$(dirname "$0")/lib.sh"
bench_build
id=$(docker run -d --network none --label pulse-bench=1 --label "pulse-bench-run=$BENCH_RUN_ID" "${BENCH_IMAGE:-pulse-busybox}" sleep 1000000)
pid=$(docker inspect -f '{{.State.Pid}}' "$id")
stamp=$(date +%Y%m%d-%H%M%S)
{ echo "{\"machine\": {\"date\": \"$(date)\", \"loadavg\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"nproc\": $(nproc), \"kernel\": \"$(uname -r)\"}, \"run\":"
  java -cp "bench/target/pulse-bench.jar:${PULSE_JAR:-target/pulse.jar}" dev.pulse.bench.CgroupReadCost "$pid" "$@"
  echo "}"; } > "bench/results/cgroup-read-cost-$stamp.json"
cat "bench/results/cgroup-read-cost-$stamp.json"
