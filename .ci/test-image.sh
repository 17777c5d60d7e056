#!/usr/bin/env bash
# Builds the tiny local image the Docker tests run (nothing can be pulled): busybox and a few applets.
set -euo pipefail
IMAGE="${1:-pulse-busybox:latest}"
if docker image inspect "$IMAGE" >/dev/null 2>&1; then exit 0; fi
BUSYBOX="$(command -v busybox || true)"
[ -x /bin/busybox ] && BUSYBOX=/bin/busybox
if [ -z "$BUSYBOX" ]; then echo "busybox-static is not installed" >&2; exit 1; fi
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/bin" "$dir/tmp"
cp "$BUSYBOX" "$dir/bin/busybox"
for a in sh sleep yes cat dd head; do ln -s busybox "$dir/bin/$a"; done
tar -C "$dir" -c . | docker import -c 'ENV PATH=/bin' - "$IMAGE" >/dev/null
echo "built $IMAGE"
