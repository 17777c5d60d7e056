#!/usr/bin/env python3
"""Benchmark 1, collection cost per sample: Pulse (oneshot and stream, at each interval) against `docker stats`,
with the Docker daemon's CPU (dockerd + containerd + every containerd-shim) counted for both, in one run.

For each container count N (containers running `sleep 1000000`), in this order:
  idle         nothing watches: the daemon's baseline (repeated at the end of the round)
  docker stats `docker stats <N ids>` streaming, stdout to /dev/null; the CLI process is its monitor cost;
               samples = N per second (one per container per daemon collector tick)
  pulse        `java -jar target/pulse.jar` per (sampling, interval); GET .../metrics of every container starts its
               poller; after a warm-up, samples = increase of the sum of `From` over the containers
CPU = utime + stime from /proc/<pid>/stat over the measuring window. The daemon's share of a monitor is its CPU
above the idle baseline of the same round.

Usage: python3 bench/collection_cost.py [--sizes 50,200] [--intervals 1000,3000] [--modes oneshot,stream]
                                        [--window 30] [--rounds 1]
"""

import argparse
import time

import benchlib as B


def sweep(http, ids, froms):
    """GET the metrics of every container from its last From; returns {id: (From, monotonic time)}."""
    out = {}
    for cid in ids:
        body = http.json(f"/api/hosts/local/containers/{cid}/metrics?from={froms.get(cid, 0)}")
        out[cid] = (body["From"], time.monotonic())
    return out


def measure_idle(n, window):
    B.log(f"[N={n}] idle baseline, {window} s")
    w = B.CpuWindow({})
    w.start()
    time.sleep(window)
    r = w.stop()
    r.update(kind="idle", n=n)
    return r


def measure_docker_stats(ids, window, warmup=6, attempts=4):
    n = len(ids)
    for attempt in range(1, attempts + 1):
        B.log(f"[N={n}] docker stats, warm-up {warmup} s, window {window} s")
        log = B.os.path.join(B.RESULTS, f"collection-docker-stats-{n}.log")
        p = B.start_process(["docker", "stats", *ids], log_path=log, stderr_only=True)  # table to /dev/null
        probe = B.TickProbe(ids[0])  # the container is streamed already: the daemon collects nothing more for it
        try:
            time.sleep(warmup)
            if p.poll() is not None:
                with open(log, "rb") as f:
                    tail = f.read()[-300:].decode(errors="replace").strip()
                B.log(f"  docker stats exited with {p.returncode}: {tail!r}")
                if attempt < attempts:
                    # the 20.10 CLI gives up when the daemon is slow to send the first stats of a container
                    # (seen with 200 containers just after creating them): let the daemon settle, then again
                    time.sleep(15)
                    continue
                raise RuntimeError(f"docker stats exited with {p.returncode}")
            w = B.CpuWindow({"monitor": p.pid})
            w.start()
            time.sleep(window)
            r = w.stop()
            r["rss_kib"] = B.rss_kib(p.pid)
            break
        finally:
            p.kill()  # the docker 20.10 CLI ignores SIGTERM and SIGINT while streaming to a pipe
            p.wait()
            probe.close()
    tick_rate = probe.between(w.t0, w.t1) or 1.0
    r.update(kind="docker stats", n=n, interval_ms=1000, samples=n * tick_rate * r["seconds"],
             samples_nominal=n * r["seconds"], collector_ticks_per_s=tick_rate, monitor_cpu_s=r["cpu_s"]["monitor"])
    return r


def measure_pulse(ids, mode, interval, window, warmup):
    n = len(ids)
    warmup = max(warmup, 2 * interval / 1000 + 5)
    B.log(f"[N={n}] pulse {mode} every {interval} ms, warm-up {warmup:.0f} s, window {window} s")
    p, port = B.start_pulse({"PULSE_POLL_INTERVAL_MS": interval, "PULSE_SAMPLING": mode,
                             "PULSE_IDLE_TIMEOUT_MS": 3_600_000}, f"collection-pulse-{mode}-{interval}-{n}.log")
    http = B.Http(port)
    try:
        # /health answers before discovery has listed every container: wait for the table
        want = set(ids)
        deadline = time.monotonic() + 60
        while want - {c["Id"] for c in http.json("/api/containers")["Containers"]}:
            if time.monotonic() > deadline:
                raise RuntimeError("Pulse did not list every bench container within 60 s")
            time.sleep(0.5)
        t0 = time.monotonic()
        first = sweep(http, ids, {})
        B.log(f"  {n} pollers requested in {time.monotonic() - t0:.1f} s")
        time.sleep(warmup)
        pollers = http.json("/api/status")["Pollers"]
        s0 = sweep(http, ids, {k: v[0] for k, v in first.items()})
        w = B.CpuWindow({"monitor": p.pid}, jvm=p.pid)
        w.start()
        time.sleep(window)
        r = w.stop()
        s1 = sweep(http, ids, {k: v[0] for k, v in s0.items()})
        pollers_after = http.json("/api/status")["Pollers"]
        rate = sum((s1[c][0] - s0[c][0]) / (s1[c][1] - s0[c][1]) for c in ids)
        r.update(kind="pulse", n=n, mode=mode, interval_ms=interval, pollers=pollers, pollers_after=pollers_after,
                 samples=rate * r["seconds"], samples_raw=sum(s1[c][0] - s0[c][0] for c in ids),
                 monitor_cpu_s=r["cpu_s"]["monitor"], rss_kib=B.rss_kib(p.pid), threads=B.threads(p.pid))
        if pollers != n or pollers_after != n:
            B.log(f"  WARNING: Pollers {pollers}/{pollers_after}, expected {n}")
        return r
    finally:
        http.close()
        rc = B.stop_process(p)
        if rc not in (0, 143, None):
            B.log(f"  pulse exited with {rc}")


def summarize(results):
    lines = []
    by_n = {}
    for r in results:
        by_n.setdefault((r["n"], r.get("round", 0)), []).append(r)
    for (n, rnd), rs in sorted(by_n.items()):
        idle = [r for r in rs if r["kind"] == "idle"]
        idle_rate = sum(r["daemon_cpu_s"] for r in idle) / sum(r["seconds"] for r in idle)
        ds = next((r for r in rs if r["kind"] == "docker stats"), None)

        def per_sample(r):
            daemon_excess = r["daemon_cpu_s"] - idle_rate * r["seconds"]
            mon = r["monitor_cpu_s"] * 1000 / r["samples"]
            dae = daemon_excess * 1000 / r["samples"]
            return mon, dae, mon + dae

        ref = per_sample(ds)[2] if ds else None
        idle_windows = ", ".join("%.1f" % (r["daemon_cpu_s"] / r["seconds"] * 1000) for r in idle)
        busy = ", ".join("%.2f" % r["machine_busy_cores"] for r in rs)
        lines.append(f"\nN = {n} containers, round {rnd + 1}: idle daemon {idle_rate * 1000:.1f} ms CPU/s "
                     f"(windows: {idle_windows}); machine busy during the windows (in order): {busy} cores of "
                     f"{B.os.cpu_count()}" + (f"; daemon collector {ds['collector_ticks_per_s']:.3f} ticks/s" if ds else "")
                     + "\n")
        lines.append("| monitor | interval | samples/s | monitor CPU ms/s | monitor ms/sample | of which JIT | "
                     "monitor excl. JIT ms/sample | daemon ms/sample (above idle) | monitor + daemon ms/sample | "
                     "vs docker stats | monitor + daemon CPU ms/s |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rs:
            if r["kind"] == "idle":
                continue
            mon, dae, tot = per_sample(r)
            jit = (r.get("jvm_cpu_s") or {}).get("jit", 0.0) * 1000 / r["samples"]
            name = "docker stats" if r["kind"] == "docker stats" else f"Pulse {r['mode']}"
            vs = f"{tot / ref:.2f}" if ref else "-"
            lines.append(f"| {name} | {r['interval_ms'] / 1000:g} s | {r['samples'] / r['seconds']:.1f} | "
                         f"{r['monitor_cpu_s'] * 1000 / r['seconds']:.1f} | {mon:.3f} | {jit:.3f} | {mon - jit:.3f} | "
                         f"{dae:.3f} | {tot:.3f} | {vs} | {tot * r['samples'] / r['seconds']:.0f} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="50,200")
    ap.add_argument("--intervals", default="1000,3000")
    ap.add_argument("--modes", default="oneshot,stream")
    ap.add_argument("--window", type=float, default=30)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--warmup", type=float, default=30, help="seconds between starting the pollers and measuring")
    ap.add_argument("--summarize", metavar="JSON", help="only print the tables of an earlier run's raw results")
    a = ap.parse_args()
    if a.summarize:
        with open(a.summarize) as f:
            d = B.json.load(f)
        print(f"# collection cost, {d['machine']['date']}")
        print(summarize(d["results"]))
        return
    sizes = sorted(int(x) for x in a.sizes.split(","))
    intervals = [int(x) for x in a.intervals.split(",")]
    modes = a.modes.split(",")

    B.install_cleanup()
    info = B.machine_info()
    B.log("machine:", info)
    results = []
    out = {"benchmark": "collection-cost", "machine": info, "args": vars(a), "results": results}
    ids = []
    try:
        for n in sizes:
            ids += B.start_containers(n - len(ids), first=len(ids))
            use = ids[:n]
            time.sleep(10)  # let the daemon settle after the starts
            for rnd in range(a.rounds):
                pulse_runs = [(m, i) for i in intervals for m in modes]
                if rnd % 2:
                    pulse_runs.reverse()
                rs = []
                steps = [lambda: measure_idle(n, a.window), lambda: measure_docker_stats(use, a.window)]
                steps += [lambda m=m, i=i: measure_pulse(use, m, i, a.window, a.warmup) for m, i in pulse_runs]
                steps.append(lambda: measure_idle(n, a.window))
                for step in steps:
                    r = step()
                    r["round"] = rnd
                    rs.append(r)
                    results.append(r)  # kept in the raw results even if a later step fails
                B.log(summarize(rs))
    finally:
        out["finished"] = B.sh("date")
        out["loadavg_at_end"] = B.os.getloadavg()
        B.save("collection-cost", out)
    print(f"# collection cost, {info['date']}")
    print(summarize(results))


if __name__ == "__main__":
    main()
