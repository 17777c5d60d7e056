#!/usr/bin/env bash
# Benchmark 2, fan-out: one container watched by 1 and by 1,000 SockJS bridge sessions on 127.0.0.1; publish-to-receipt
# latency, Pulse's CPU and heap, Pollers == 1. About 5 minutes.
# Figures and how long it takes: see BENCHMARKS.md. Options: python3 bench/fanout.py --help
source "$(dirname "$0")/lib.sh"
bench_build
bench_run bench/fanout.py "$@" | tee "bench/results/fanout-$(date +%Y%m%d-%H%M%S).md"
