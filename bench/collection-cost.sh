#!/usr/bin/env bash
# Benchmark 1, collection cost per sample: Pulse (oneshot and stream, 1 s and 3 s) against `docker stats`, with the
# Docker daemon's CPU counted for both, at 50 and 200 running containers, in one run. About 15 minutes.
# Figures and how long it takes: see BENCHMARKS.md. Options: python3 bench/collection_cost.py --help
source "$(dirname "$0")/lib.sh"
bench_build
bench_run bench/collection_cost.py "$@" | tee "bench/results/collection-cost-$(date +%Y%m%d-%H%M%S).md"
