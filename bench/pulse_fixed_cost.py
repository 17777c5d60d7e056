#!/usr/bin/env python3
"""Benchmark 5, Pulse's fixed cost: per-thread CPU of idle Pulses (no pollers) and of Pulses watching N idle
containers (cgroup collector, 1 s), for several server variants (JVM flags, jars) at once, over a long warm-up.

All variants run at the same time, each as two Pulses (one that watches nothing, one that watches the N
containers), so every variant sees the same machine minute by minute; per-thread CPU from /proc/<pid>/task/*/stat
every --bucket seconds (threads grouped by name without their number: the event loops as one), samples counted by
`From` over the last bucket. Steady state is the last bucket; the warm-up is the curve before it. Per-thread ticks
are 10 ms: over a 60 s bucket a thread group reads to about ±0.2 ms/s.

Usage: python3 bench/pulse_fixed_cost.py [--containers 50] [--seconds 360] [--bucket 60] [--interval 1000]
         --variants 'default=target/pulse.jar -XX:+UseSerialGC -XX:-UsePerfData;c1=target/pulse.jar ... -XX:TieredStopAtLevel=1'
"""

import argparse
import time

import benchlib as B
from collection_cost import sweep


def groups(pid):
    """{thread group: ticks} of the threads alive now, and the process's total ticks (exited threads included)."""
    out = {}
    for _tid, (name, t) in B.thread_ticks(pid).items():
        g = B.thread_group(name)
        out[g] = out.get(g, 0) + t
    return out, B.proc_ticks(pid)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--containers", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=360)
    ap.add_argument("--bucket", type=float, default=60)
    ap.add_argument("--interval", type=int, default=1000)
    ap.add_argument("--variants", required=True, help="';'-separated label=jar[ jvm args]")
    a = ap.parse_args()
    try:
        variants = B.parse_variants(a.variants)
    except ValueError as e:
        ap.error(f"--variants: {e}")

    B.install_cleanup()
    info = B.machine_info()
    B.log("machine:", info)
    out = {"benchmark": "pulse-fixed-cost", "machine": info, "args": vars(a), "runs": []}
    ids = B.start_containers(a.containers) if a.containers else []
    time.sleep(10)
    pulses = []  # (label, watched, process, http, jvm args)
    try:
        for label, jar, args in variants:
            for watched in (0, a.containers) if a.containers else (0,):
                p, port = B.start_pulse({"PULSE_POLL_INTERVAL_MS": a.interval, "PULSE_IDLE_TIMEOUT_MS": 3_600_000,
                                         "PULSE_COLLECTOR": "cgroup"},
                                        f"fixed-cost-{label}-{watched}.log", jvm_args=args, jar=jar)
                pulses.append((label, watched, p, B.Http(port), args))
        B.log(f"{len(pulses)} Pulses up; starting the pollers")
        froms = {}
        for label, watched, p, http, _ in pulses:
            if watched:
                want = set(ids)
                deadline = time.monotonic() + 60
                while want - {c["Id"] for c in http.json("/api/containers")["Containers"]}:
                    if time.monotonic() > deadline:
                        raise RuntimeError("Pulse did not list every container within 60 s")
                    time.sleep(0.5)
                froms[p.pid] = sweep(http, ids, {})
        t0 = time.monotonic()
        prev = {p.pid: groups(p.pid) for _, _, p, _, _ in pulses}
        curves = {p.pid: [] for _, _, p, _, _ in pulses}
        last = {}
        while time.monotonic() - t0 < a.seconds - 0.5:
            time.sleep(a.bucket)
            for label, watched, p, http, _ in pulses:
                g, total = groups(p.pid)
                g0, total0 = prev[p.pid]
                by = {k: (v - g0.get(k, 0)) / B.CLK_TCK for k, v in g.items() if v - g0.get(k, 0)}
                samples = None
                if watched:
                    s = sweep(http, ids, {k: v[0] for k, v in froms[p.pid].items()})
                    samples = sum(s[c][0] - froms[p.pid][c][0] for c in ids)
                    froms[p.pid] = s
                curves[p.pid].append({"t": round(time.monotonic() - t0), "cpu_s": (total - total0) / B.CLK_TCK,
                                      "by_thread_s": dict(sorted(by.items())), "samples": samples})
                prev[p.pid] = (g, total)
            B.log(f"  {time.monotonic() - t0:.0f} s: " + ", ".join(
                f"{lb}/{w} {curves[p.pid][-1]['cpu_s'] * 1000 / a.bucket:.1f}" for lb, w, p, _, _ in pulses))
        for label, watched, p, http, args in pulses:
            out["runs"].append({"variant": label, "jvm_args": list(args), "watched": watched,
                                "pollers": http.json("/api/status")["Pollers"], "bucket_s": a.bucket,
                                "rss_kib": B.rss_kib(p.pid), "curve": curves[p.pid]})
    finally:
        for _, _, p, http, _ in pulses:
            http.close()
            B.stop_process(p)
        out["finished"] = B.sh("date")
        B.save("pulse-fixed-cost", out)
    print(summarize(out))


def summarize(out):
    lines = [f"# Pulse's fixed cost, {out['machine']['date']}", "",
             "| variant | watched | steady ms/s | µs/sample | JIT | event loops | other threads (ms/s) | "
             "CPU ms/s per bucket (JIT) |", "|---|---:|---:|---:|---:|---:|---|---|"]
    for r in out["runs"]:
        last = r["curve"][-1]
        b = r["bucket_s"]
        by = last["by_thread_s"]
        jit = sum(v for k, v in by.items() if "CompilerThre" in k)
        loops = sum(v for k, v in by.items() if k.startswith("vert.x-eventloo"))
        other = ", ".join(f"{k} {v * 1000 / b:.1f}" for k, v in sorted(by.items(), key=lambda x: -x[1])
                          if "CompilerThre" not in k and not k.startswith("vert.x-eventloo") and v * 1000 / b >= 0.1)
        per = f"{last['cpu_s'] * 1e6 / last['samples']:.0f}" if last.get("samples") else "-"
        curve = " ".join(f"{c['cpu_s'] * 1000 / b:.1f} ({sum(v for k, v in c['by_thread_s'].items() if 'CompilerThre' in k) * 1000 / b:.1f})"
                         for c in r["curve"])
        lines.append(f"| {r['variant']} | {r['watched']} | {last['cpu_s'] * 1000 / b:.1f} | {per} | {jit * 1000 / b:.1f} | "
                     f"{loops * 1000 / b:.1f} | {other} | {curve} |")
    return "\n".join(lines)


if __name__ == "__main__":
    ap0 = B.sys.argv
    if len(ap0) == 3 and ap0[1] == "--summarize":
        with open(ap0[2]) as f:
            print(summarize(B.json.load(f)))
    else:
        main()
