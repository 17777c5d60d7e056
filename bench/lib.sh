# Sourced by the bench/*.sh scripts: builds what they need and guarantees clean-up.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export BENCH_RUN_ID="${BENCH_RUN_ID:-$(date +%s)-$$}"
mkdir -p bench/results

bench_cleanup() {
  local ids
  ids=$(docker ps -aq --filter "label=pulse-bench-run=$BENCH_RUN_ID" 2>/dev/null || true)
  if [ -n "$ids" ]; then docker rm -f $ids >/dev/null 2>&1 || true; fi
}

# Builds target/pulse.jar (root project, tests skipped) and bench/target/pulse-bench.jar, unless
# BENCH_SKIP_BUILD=1 (then both must exist; PULSE_JAR may point at another server jar).
bench_build() {
  if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    echo "building target/pulse.jar and bench/target/pulse-bench.jar ..." >&2
    mvn -q -B -DskipTests package
    mvn -q -B -f bench/pom.xml clean package  # clean: JMH lists stale benchmarks otherwise
  fi
  test -f "${PULSE_JAR:-target/pulse.jar}" && test -f bench/target/pulse-bench.jar
}

# Runs a bench/*.py in the background so that INT/TERM/HUP reach it (it removes its own containers and stops its
# processes); the EXIT trap removes anything of this run that is left.
bench_run() {
  python3 "$@" &
  local child=$!
  trap 'kill -TERM '"$child"' 2>/dev/null || true; wait '"$child"' 2>/dev/null || true; exit 130' INT TERM HUP
  wait "$child"
}

trap bench_cleanup EXIT
