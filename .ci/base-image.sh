#!/usr/bin/env bash
# Makes the JRE base image the container-image test builds Pulse's Dockerfile on. No registry can be pulled from
# here, so it comes from Debian's own packages (openjdk-17-jre-headless) through mmdebstrap, with the machine's apt
# sources; the tarball is cached between runs on one machine. Usage: base-image.sh [image name, default pulse-jre]
set -euo pipefail
image="${1:-pulse-jre}"
cache="${PULSE_CI_CACHE:-/var/cache/pulse-ci}"
tarball="$cache/pulse-jre-bookworm.tar"
if docker image inspect "$image" >/dev/null 2>&1; then exit 0; fi
if [ ! -s "$tarball" ] || [ -d "$tarball" ]; then
  command -v mmdebstrap >/dev/null || { echo "base-image: mmdebstrap is not installed (apt-get install mmdebstrap)"; exit 1; }
  mkdir -p "$cache"
  rm -rf "$tarball" "$tarball.partial"
  # documentation and translations are not needed to run a JVM (manuals stay: the JRE's postinst links them)
  mmdebstrap --quiet --variant=apt --format=tar --include=openjdk-17-jre-headless,ca-certificates \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    bookworm "$tarball.partial"
  mv "$tarball.partial" "$tarball"
fi
docker import "$tarball" "$image" >/dev/null
echo "base-image: $image from $tarball"
