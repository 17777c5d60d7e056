#!/usr/bin/env bash
# Benchmark 3, history: heap bytes per point held by RingBuffer; a full backfill (From 0, 3000 points) over REST (with
# and without gzip) and over the bridge (with and without permessage-deflate): time and bytes. About 3 minutes.
# Figures and how long it takes: see BENCHMARKS.md. Options: python3 bench/history.py --help
source "$(dirname "$0")/lib.sh"
bench_build
bench_run bench/history.py "$@" | tee "bench/results/history-$(date +%Y%m%d-%H%M%S).md"
