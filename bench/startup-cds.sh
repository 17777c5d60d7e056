#!/usr/bin/env bash
# Start-up of the container image with and without its AppCDS archive, side by side: wall time from `docker run`
# to the first 200 on /health, alternating the two variants. Run under the heavy lock:
#   flock /tmp/pulse-heavy.lock bash bench/startup-cds.sh [image, default pulse] [rounds, default 7]
set -euo pipefail
image="${1:-pulse}"
rounds="${2:-7}"
port=18999
once() { # $@: extra docker run arguments (entrypoint override) after the image
  local name="pulse-cds-bench-$$"
  local t0 t1
  t0=$(date +%s%N)
  docker run -d --rm --name "$name" --network host -e PULSE_HTTP_HOST=127.0.0.1 -e PULSE_HTTP_PORT=$port \
    -e PULSE_AUTH_SECRET=bench-secret-only "$@" >/dev/null
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; do sleep 0.02; done
  t1=$(date +%s%N)
  docker rm -f "$name" >/dev/null
  echo $(( (t1 - t0) / 1000000 ))
}
with=(); without=()
for i in $(seq 1 "$rounds"); do
  with+=("$(once "$image")")
  without+=("$(once --entrypoint java "$image" -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -jar /opt/pulse/pulse.jar)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  machine: $(nproc) cores, $(uname -r), $(docker version --format '{{.Server.Version}}')"
echo "with AppCDS (ms):    ${with[*]}  median $(median "${with[@]}")"
echo "without AppCDS (ms): ${without[*]}  median $(median "${without[@]}")"
