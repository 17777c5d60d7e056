#!/usr/bin/env python3
"""What the late pushes of a `bench/fanout.py --diagnose` run waited for.

For every measured window: the hiccups of each CPU (bench/hiccup.c: a pinned SCHED_FIFO thread woken every 1 ms; a
late wake-up is time the vCPU did not run), /proc/stat steal, and for every push whose last socket got it more than
--late ms after its publication: the longest pause in its receipts, and what overlapped the push: hiccups, steal,
safepoints of either JVM (reaching + at safepoint), compilations that ended, handshakes (deoptimization in JDK 17), and how much each server and client
thread (event loops, JIT, VM thread) ran and waited in a run queue meanwhile. Also the same meters over the run's
idle phase (nothing but the meters running) as the machine's floor.

Usage: python3 bench/fanout_stalls.py bench/results/fanout-<stamp>.json [--late 50] [--json out.json]
"""

import argparse
import bisect
import json
import os
import re
from collections import defaultdict

SAFEPOINT = re.compile(r"\[(\d+)ns\].*Safepoint \"(\w+)\", Time since last: \d+ ns, Reaching safepoint: (\d+) ns, "
                       r".*Total: (\d+) ns")
COMPILE = re.compile(r"\[(\d+)ns\].*\[jit,compilation\s*\]\s+(\d+)\s+(.*)")
HANDSHAKE = re.compile(r"\[(\d+)ns\].*Handshake \"([^\"]+)\".*Total completion time: (\d+) ns")


def read_hiccups(diag_dir):
    """{cpu: sorted [(woke ns, overshoot ns)]}, [(ns, cpu, steal ticks)]"""
    hic, steal = {}, []
    for name in sorted(os.listdir(diag_dir)):
        m = re.match(r"hiccup-cpu(\d+)\.txt$", name)
        if not m:
            continue
        cpu, ev = int(m.group(1)), []
        with open(os.path.join(diag_dir, name)) as f:
            for line in f:
                w = line.split()
                if w[0] == "H":
                    ev.append((int(w[1]), int(w[2]) * 1000))
                elif w[0] == "S":
                    steal.append((int(w[1]), int(w[2]), int(w[3])))
        hic[cpu] = sorted(ev)
    return hic, sorted(steal)


def read_jvm_log(path):
    """safepoints [(start ns, end ns, name, reaching ns)], compilations [(ns, text)], handshakes [(ns, text)]"""
    sp, comp, deopt = [], [], []
    if not path or not os.path.exists(path):
        return sp, comp, deopt
    with open(path, errors="replace") as f:
        for line in f:
            m = SAFEPOINT.search(line)
            if m:
                end, total = int(m.group(1)), int(m.group(4))
                sp.append((end - total, end, m.group(2), int(m.group(3))))
                continue
            m = COMPILE.search(line)
            if m:
                comp.append((int(m.group(1)), m.group(3).strip()))
                continue
            m = HANDSHAKE.search(line)
            if m:
                deopt.append((int(m.group(1)), f"{m.group(2)} {int(m.group(3)) / 1e6:.1f} ms"))
    return sp, comp, deopt


def read_threads(path):
    """{(tid, name): sorted [(ns, run ns, wait ns)]}: each sample covers the ~10 ms before its time"""
    out = defaultdict(list)
    if not path or not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            w = line.split()
            if len(w) == 7 and w[0] == "T":
                out[(w[3], w[4])].append((int(w[1]), int(w[5]), int(w[6])))
    return out


def thread_use(threads, t0, t1, pattern):
    """run and run-queue wait (ms) of the threads whose name matches, over samples ending in (t0, t1 + 10 ms]"""
    res = {}
    for (tid, name), samples in threads.items():
        if not re.match(pattern, name):
            continue
        times = [s[0] for s in samples]
        lo, hi = bisect.bisect_right(times, t0), bisect.bisect_right(times, t1 + 10_000_000)
        run = sum(s[1] for s in samples[lo:hi]) / 1e6
        wait = sum(s[2] for s in samples[lo:hi]) / 1e6
        if run >= 0.5 or wait >= 0.5:
            res[f"{name}/{tid}"] = [round(run, 1), round(wait, 1)]
    return res


def overlapping_hiccups(hic, t0, t1):
    """per CPU: [(start ms after t0, length ms)] of hiccups overlapping [t0, t1]"""
    res = {}
    for cpu, ev in hic.items():
        hits = [(round((w - o - 1_000_000 - t0) / 1e6, 1), round(o / 1e6, 1)) for w, o in ev
                if w > t0 and w - o - 1_000_000 < t1]
        if hits:
            res[cpu] = hits
    return res


def summary_hiccups(hic, t0, t1, thresholds=(5, 10, 20, 50)):
    secs = (t1 - t0) / 1e9
    out = {}
    for cpu, ev in hic.items():
        inside = [o for w, o in ev if t0 <= w <= t1]
        out[f"cpu{cpu}"] = {"per_min": {f">={t}ms": round(sum(1 for o in inside if o >= t * 1e6) * 60 / secs, 1)
                                        for t in thresholds},
                            "max_ms": round(max(inside, default=0) / 1e6, 1)}
    return out


def both_cpus(hic, t0, t1, min_ms=5):
    """hiccups of >= min_ms that overlap on every CPU at once (the whole guest stopped)"""
    cpus = sorted(hic)
    if len(cpus) < 2:
        return []
    iv = {c: [(w - o, w) for w, o in hic[c] if t0 <= w <= t1 and o >= min_ms * 1e6] for c in cpus}
    out = []
    for a0, a1 in iv[cpus[0]]:
        for b0, b1 in iv[cpus[1]]:
            lo, hi = max(a0, b0), min(a1, b1)
            if hi - lo >= min_ms * 1e6:
                out.append(round((hi - lo) / 1e6, 1))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("raw")
    ap.add_argument("--late", type=float, default=50.0, help="a push is late when its last socket got it after this")
    ap.add_argument("--json", default="")
    a = ap.parse_args()
    with open(a.raw) as f:
        run = json.load(f)
    diag_dir = run["diag_dir"]
    hic, steal = read_hiccups(diag_dir)
    report = {"raw": a.raw, "late_ms": a.late, "windows": []}
    if run.get("idle_ns"):
        t0, t1 = run["idle_ns"]
        report["idle"] = {"seconds": (t1 - t0) / 1e9, "hiccups": summary_hiccups(hic, t0, t1),
                          "both_cpus_ms": both_cpus(hic, t0, t1),
                          "steal_ticks": sum(s[2] for s in steal if t0 <= s[0] <= t1)}
        print(f"idle {report['idle']['seconds']:.0f} s: {json.dumps(report['idle'])}")
    for r in run["results"]:
        if "pushes" not in r or "diag_server" not in r:
            continue
        w0, w1 = r["window_start_ns"], r["window_end_ns"]
        ssp, scomp, sdeopt = read_jvm_log(r["diag_server"]["jvm_log"])
        csp, _, _ = read_jvm_log(r.get("diag_client", {}).get("jvm_log"))
        sthr = read_threads(r["diag_server"]["threads"])
        cthr = read_threads(r.get("diag_client", {}).get("threads"))
        win = {"setup": r["setup"], "p99_ms": r["latency_ms"]["p99"], "max_ms": r["latency_ms"]["max"],
               "hiccups": summary_hiccups(hic, w0, w1), "both_cpus_ms": both_cpus(hic, w0, w1),
               "steal_ticks": sum(s[2] for s in steal if w0 <= s[0] <= w1),
               "server_safepoints": len([s for s in ssp if w0 <= s[1] <= w1]),
               "server_safepoint_max_ms": round(max((s[1] - s[0] for s in ssp if w0 <= s[1] <= w1), default=0) / 1e6, 1),
               "server_compilations": len([c for c in scomp if w0 <= c[0] <= w1]),
               "server_handshakes": len([d for d in sdeopt if w0 <= d[0] <= w1]),
               "client_safepoints": len([s for s in csp if w0 <= s[1] <= w1]),
               "late": []}
        for p in r["pushes"]:
            if p["last_ms"] < a.late:
                continue
            t0 = p["publish_ns"]
            t1 = t0 + int(p["last_ms"] * 1e6)
            g0 = p["gap_from_ns"]
            g1 = g0 + int(p["gap_ms"] * 1e6)
            late = {
                "seq": p["seq"], "at_s": round((t0 - w0) / 1e9, 1), "first_ms": p["first_ms"], "p50_ms": p["p50_ms"],
                "last_ms": p["last_ms"], "gap_ms": p["gap_ms"], "gap_after_ms": round((g0 - t0) / 1e6, 1),
                "receipts_before_gap": p["receipts_before_gap"],
                "hiccups_in_push": overlapping_hiccups(hic, t0, t1),
                "steal": [(round((s[0] - t0) / 1e6), s[1], s[2]) for s in steal if t0 - 100_000_000 <= s[0] <= t1 + 100_000_000],
                "server_safepoints": [(round((s[0] - t0) / 1e6, 1), round((s[1] - s[0]) / 1e6, 1), s[2],
                                       round(s[3] / 1e6, 1)) for s in ssp if s[1] > t0 and s[0] < t1],
                "client_safepoints": [(round((s[0] - t0) / 1e6, 1), round((s[1] - s[0]) / 1e6, 1), s[2],
                                       round(s[3] / 1e6, 1)) for s in csp if s[1] > t0 and s[0] < t1],
                "server_compilations_in_push": len([c for c in scomp if t0 <= c[0] <= t1]),
                "server_handshakes_in_push": [d[1][:120] for d in sdeopt if t0 <= d[0] <= t1][:5],
                # run, run-queue wait (ms) during the longest pause in the receipts
                "gap_server_threads": thread_use(sthr, g0, g1, r".*"),
                "gap_client_threads": thread_use(cthr, g0, g1, r".*"),
            }
            win["late"].append(late)
        report["windows"].append(win)
        print(f"\n## {win['setup']}: p99 {win['p99_ms']:.1f} ms, max {win['max_ms']:.1f} ms")
        print(json.dumps({k: v for k, v in win.items() if k != "late"}))
        for late in win["late"]:
            print(json.dumps(late))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
