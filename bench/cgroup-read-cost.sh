#!/usr/bin/env bash
# Benchmark 5: where the cgroup collector reads (event loop or worker; files kept open or reopened), on one idle
# container of this machine's engine. About a minute. Figures: BENCHMARKS.md §5.
#   bash bench/cgroup-read-cost.sh [samples] [rounds]      the JVM reader, three ways, on one container
#   bash bench/cgroup-read-cost.sh --floor N[,N…] [seconds] the kernel's floor: the same files of N idle containers
#       read every second by a C program (bench/src/main/c/cgroup_read_floor.c, no JVM), its CPU per sample; with
#       several sizes, the largest number of containers is started and each size reads the first N of them
source "$(dirname "$0")/lib.sh"
stamp=$(date +%Y%m%d-%H%M%S)
machine="{\"date\": \"$(date -u)\", \"loadavg\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"nproc\": $(nproc), \"kernel\": \"$(uname -r)\", \"cpu\": \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\"}"
start() {
  docker run -d --network none --label pulse-bench=1 --label "pulse-bench-run=$BENCH_RUN_ID" "${BENCH_IMAGE:-pulse-busybox}" sleep 1000000
}
if [ "${1:-}" = --floor ]; then
  sizes=${2:-200} seconds=${3:-30}
  mkdir -p bench/target
  gcc -O2 -Wall -o bench/target/cgroup_read_floor bench/src/main/c/cgroup_read_floor.c
  export -f start
  ids=$(seq "$(tr , '\n' <<<"$sizes" | sort -n | tail -1)" | xargs -P 4 -I{} bash -c start)
  pids=($(docker inspect -f '{{.State.Pid}}' $ids))
  sleep 10 # the daemon settles after the starts
  out="bench/results/cgroup-read-floor-$stamp.json"
  { echo "{\"machine\": $machine, \"runs\": ["
    sep=
    for n in ${sizes//,/ }; do
      echo "$sep"
      bench/target/cgroup_read_floor 1000 "$seconds" "${pids[@]:0:$n}"
      sep=,
    done
    echo "]}"; } > "$out"
  cat "$out"
  exit 0
fi
bench_build
id=$(start)
pid=$(docker inspect -f '{{.State.Pid}}' "$id")
{ echo "{\"machine\": $machine, \"run\":"
  java -cp "bench/target/pulse-bench.jar:${PULSE_JAR:-target/pulse.jar}" dev.pulse.bench.CgroupReadCost "$pid" "$@"
  echo "}"; } > "bench/results/cgroup-read-cost-$stamp.json"
cat "bench/results/cgroup-read-cost-$stamp.json"
