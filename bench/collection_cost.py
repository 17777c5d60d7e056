#!/usr/bin/env python3
"""Benchmark 1, collection cost per sample: Pulse (cgroup collector, and the API collector's oneshot and stream, at
each interval) against `docker stats` and Netdata's cgroups collector, with the Docker daemon's CPU (dockerd +
containerd + every containerd-shim) counted for all, in one run.

For each container count N (containers running `sleep 1000000`), in this order:
  idle         nothing watches: the daemon's baseline (repeated at the end of the round)
  docker stats `docker stats <N ids>` streaming, stdout to /dev/null; the CLI process is its monitor cost;
               samples = N per second (one per container per daemon collector tick)
  pulse        `java -jar target/pulse.jar` per (mode, interval): mode `cgroup` is PULSE_COLLECTOR=cgroup, `oneshot`
               and `stream` are PULSE_COLLECTOR=api with that PULSE_SAMPLING; GET .../metrics of every container
               starts its poller; after a warm-up, samples = increase of the sum of `From` over the containers; the
               JVM's CPU is recorded every 5 s of the warm-up too (the JIT's warm-up curve)
               With --persistence off,on each (mode, interval) runs once per entry, in that order: `off` keeps history
               in memory (PULSE_DATA_DIR empty), `on` in ring files under a fresh temporary PULSE_DATA_DIR (mode
               named `<mode>+disk`, e.g. `cgroup+disk`), removed after the run; `/api/status` `History` is recorded
               to show which one each run had. A list such as off,on,on,off repeats a setting: the spread between the
               repeats is the run-to-run noise the on/off ratio is to be read against
  netdata      `netdata -D -c bench/netdata.conf` (cgroups collector only, every second, 127.0.0.1 only), if installed;
               samples = N per second, checked against the rows of one container's chart
CPU = utime + stime from /proc/<pid>/stat over the measuring window. The daemon's share of a monitor is its CPU
above the idle baseline of the same round (the lower of its two idle windows).

Usage: python3 bench/collection_cost.py [--sizes 50,200] [--intervals 1000,3000] [--modes oneshot,stream]
                                        [--window 30] [--rounds 1] [--persistence off,on] [--docker-stats no]
                                        [--variants 'before=/tmp/old.jar;after=target/pulse.jar -XX:+UseSerialGC']
"""

import argparse
import tempfile
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
                # the other monitors are still measured at this size, without ratios (seen at 500 containers)
                B.log(f"  docker stats gave up {attempts} times: not measured with {n} containers")
                return None
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


def pulse_env(mode):
    if mode == "cgroup":
        return {"PULSE_COLLECTOR": "cgroup"}
    return {"PULSE_COLLECTOR": "api", "PULSE_SAMPLING": mode}


def warm_up_curve(pid, seconds, step=5.0):
    """The JVM's CPU (all, and its JIT threads) every `step` seconds while the pollers warm up: [(s, cpu_s, jit_s)]."""
    t0 = time.monotonic()
    c0 = B.proc_ticks(pid)
    j0 = B.thread_ticks(pid)
    curve = []
    while time.monotonic() - t0 < seconds - 0.01:
        time.sleep(min(step, seconds - (time.monotonic() - t0)))
        j1 = B.thread_ticks(pid)
        jit = sum(t - (j0[tid][1] if tid in j0 else 0) for tid, (name, t) in j1.items()
                  if B.jvm_thread_kind(name) == "jit")
        curve.append((round(time.monotonic() - t0, 1), (B.proc_ticks(pid) - c0) / B.CLK_TCK, jit / B.CLK_TCK))
    return curve


def data_dir_usage(path):
    """(ring files, bytes allocated) under a PULSE_DATA_DIR."""
    files = used = 0
    for root, _dirs, names in B.os.walk(path):
        for name in names:
            st = B.os.stat(B.os.path.join(root, name))
            files += name.endswith(".ring")
            used += st.st_blocks * 512
    return files, used


def measure_pulse(ids, mode, interval, window, warmup, persistence="off", variant=None):
    """variant: None (target/pulse.jar, or PULSE_JAR), or (label, jar, jvm args) for a before/after comparison."""
    n = len(ids)
    warmup = max(warmup, 2 * interval / 1000 + 5)
    label = mode + ("+disk" if persistence == "on" else "") + (f" {variant[0]}" if variant else "")
    B.log(f"[N={n}] pulse {label} every {interval} ms, warm-up {warmup:.0f} s, window {window} s")
    # a fresh directory on the repository's disk for each run: no history of an earlier run to load
    data_dir = tempfile.mkdtemp(prefix=f"pulse-data-{B.RUN_ID}-", dir=B.RESULTS) if persistence == "on" else None
    p = http = None
    try:
        p, port = B.start_pulse({"PULSE_POLL_INTERVAL_MS": interval, "PULSE_IDLE_TIMEOUT_MS": 3_600_000,
                                 "PULSE_DATA_DIR": data_dir or "", **pulse_env(mode)},
                                f"collection-pulse-{label.replace(' ', '-')}-{interval}-{n}.log",
                                jvm_args=variant[2] if variant else (), jar=variant[1] if variant else None)
        http = B.Http(port)
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
        curve = warm_up_curve(p.pid, warmup)
        pollers = http.json("/api/status")["Pollers"]
        s0 = sweep(http, ids, {k: v[0] for k, v in first.items()})
        w = B.CpuWindow({"monitor": p.pid}, jvm=p.pid)
        w.start()
        time.sleep(window)
        r = w.stop()
        status = http.json("/api/status")
        s1 = sweep(http, ids, {k: v[0] for k, v in s0.items()})
        pollers_after = status["Pollers"]
        hosts = http.json("/api/hosts")["Hosts"]
        rate = sum((s1[c][0] - s0[c][0]) / (s1[c][1] - s0[c][1]) for c in ids)
        ring_files, disk_bytes = data_dir_usage(data_dir) if data_dir else (0, 0)
        r.update(kind="pulse", n=n, mode=label, collector_mode=mode, persistence=persistence,
                 variant=list(variant) if variant else None,
                 history=status.get("History"), history_error=status.get("HistoryError"), ring_files=ring_files,
                 data_dir_bytes=disk_bytes, interval_ms=interval, pollers=pollers, pollers_after=pollers_after,
                 samples=rate * r["seconds"], samples_raw=sum(s1[c][0] - s0[c][0] for c in ids),
                 samples_expected=n * r["seconds"] * 1000 / interval, monitor_cpu_s=r["cpu_s"]["monitor"],
                 rss_kib=B.rss_kib(p.pid), threads=B.threads(p.pid), warm_up_curve=curve, status_cost=status.get("Cost"),
                 collector=[h.get("Collector") for h in hosts], collector_error=[h.get("CollectorError") for h in hosts])
        if pollers != n or pollers_after != n:
            B.log(f"  WARNING: Pollers {pollers}/{pollers_after}, expected {n}")
        want_history = "disk" if data_dir else "memory"
        if r["history"] != want_history or (data_dir and ring_files < n):
            B.log(f"  WARNING: History {r['history']!r} ({r['history_error']}), {ring_files} ring files; "
                  f"expected {want_history!r}")
        return r
    finally:
        if http:
            http.close()
        if p:
            rc = B.stop_process(p)
            if rc not in (0, 143, None):
                B.log(f"  pulse exited with {rc}")
        if data_dir:
            B.shutil.rmtree(data_dir, ignore_errors=True)


def netdata_ticks(pid):
    """utime + stime + cutime + cstime of Netdata and every live descendant (its helper scripts and plugins)."""
    children = {}
    for name in B.os.listdir("/proc"):
        fields = B.proc_fields(name) if name.isdigit() else None
        if fields:
            children.setdefault(int(fields[1]), []).append((int(name), fields))
    total = sum(int(x) for x in (B.proc_fields(pid) or [0] * 15)[11:15])
    stack = [pid]
    while stack:
        for child, fields in children.get(stack.pop(), []):
            total += sum(int(x) for x in fields[11:15])
            stack.append(child)
    return total


def measure_netdata(ids, window, warmup=10):
    n = len(ids)
    exe = B.shutil.which("netdata")
    if not exe:
        B.log(f"[N={n}] netdata not installed, skipped")
        return None
    B.log(f"[N={n}] netdata (cgroups collector only, every 1 s), warm-up {warmup} s, window {window} s")
    conf = B.os.path.join(B.BENCH, "netdata.conf")
    env = dict(B.os.environ, DO_NOT_TRACK="1", DISABLE_TELEMETRY="1")
    p = B.start_process([exe, "-D", "-c", conf, "-P", "/tmp/pulse-bench-netdata.pid"], env=env,
                        log_path=B.os.path.join(B.RESULTS, f"collection-netdata-{n}.log"))
    http = B.Http(19999, timeout=10)
    try:
        # Netdata names each new cgroup with a script that asks the engine (about 0.6 s each here) and charts it
        # after that: wait for every container's CPU chart, then its warm-up
        t_start = time.monotonic()
        cpu_charts = []
        while time.monotonic() - t_start < 600:
            time.sleep(2)
            try:
                charts = http.json("/api/v1/charts")["charts"]
            except (OSError, RuntimeError, ValueError):
                continue
            cpu_charts = [c for c in charts if c.startswith("cgroup_") and c.endswith(".cpu")]
            if len([c for c in cpu_charts if B.RUN_ID in c]) >= n:
                break
        B.log(f"  {len(cpu_charts)} containers charted after {time.monotonic() - t_start:.0f} s")
        time.sleep(warmup)
        t0 = time.monotonic()
        c0 = netdata_ticks(p.pid)
        w = B.CpuWindow({})
        w.start()
        time.sleep(window)
        r = w.stop()
        c1 = netdata_ticks(p.pid)
        rows = None
        if cpu_charts:
            d = http.json(f"/api/v1/data?chart={cpu_charts[0]}&after=-{int(window)}&points=0&format=json&group=average")
            rows = len(d.get("data", []))
        r.update(kind="netdata", n=n, interval_ms=1000, samples=len(cpu_charts) * r["seconds"],
                 samples_nominal=n * r["seconds"], cgroup_cpu_charts=len(cpu_charts), rows_of_one_chart=rows,
                 monitor_cpu_s=(c1 - c0) / B.CLK_TCK, rss_kib=B.rss_kib(p.pid))
        if len(cpu_charts) != n:
            B.log(f"  WARNING: netdata charts {len(cpu_charts)} containers' CPU, expected {n}")
        return r
    finally:
        http.close()
        B.stop_process(p)


def by_round(results):
    out = {}
    for r in results:
        out.setdefault((r["n"], r.get("round", 0)), []).append(r)
    return sorted(out.items())


def idle_rate_of(rs):
    # the lower idle window: the first follows the containers' start, when the daemon is still settling, and a
    # monitor that adds nearly nothing to the daemon (the cgroup collector) would read below an averaged baseline
    return min(r["daemon_cpu_s"] / r["seconds"] for r in rs if r["kind"] == "idle")


def per_sample(r, idle_rate):
    """(monitor, daemon above idle, both) CPU ms per sample."""
    daemon_excess = r["daemon_cpu_s"] - idle_rate * r["seconds"]
    mon = r["monitor_cpu_s"] * 1000 / r["samples"]
    dae = daemon_excess * 1000 / r["samples"]
    return mon, dae, mon + dae


def summarize(results):
    lines = []
    for (n, rnd), rs in by_round(results):
        idle = [r for r in rs if r["kind"] == "idle"]
        idle_rate = idle_rate_of(rs)
        ds = next((r for r in rs if r["kind"] == "docker stats"), None)
        ref = per_sample(ds, idle_rate)[2] if ds else None
        idle_windows = ", ".join("%.1f" % (r["daemon_cpu_s"] / r["seconds"] * 1000) for r in idle)
        busy = ", ".join("%.2f" % r["machine_busy_cores"] for r in rs)
        lines.append(f"\nN = {n} containers, round {rnd + 1}: idle daemon {idle_rate * 1000:.1f} ms CPU/s "
                     f"(windows: {idle_windows}); machine busy during the windows (in order): {busy} cores of "
                     f"{B.os.cpu_count()}" + (f"; daemon collector {ds['collector_ticks_per_s']:.3f} ticks/s" if ds else "")
                     + "\n")
        lines.append("| monitor | interval | samples/s | monitor CPU ms/s | monitor ms/sample | of which JIT | "
                     "monitor excl. JIT ms/sample | daemon ms/sample (above idle) | monitor + daemon ms/sample | "
                     "vs docker stats | monitor + daemon CPU ms/s | % of samples asked |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rs:
            if r["kind"] == "idle" or not r["samples"]:
                continue
            mon, dae, tot = per_sample(r, idle_rate)
            jit = (r.get("jvm_cpu_s") or {}).get("jit", 0.0) * 1000 / r["samples"]
            name = {"docker stats": "docker stats", "netdata": "Netdata cgroups"}.get(r["kind"]) or f"Pulse {r['mode']}"
            vs = f"{tot / ref:.2f}" if ref else "-"
            lines.append(f"| {name} | {r['interval_ms'] / 1000:g} s | {r['samples'] / r['seconds']:.1f} | "
                         f"{r['monitor_cpu_s'] * 1000 / r['seconds']:.1f} | {mon:.3f} | {jit:.3f} | {mon - jit:.3f} | "
                         f"{dae:.3f} | {tot:.3f} | {vs} | {tot * r['samples'] / r['seconds']:.0f} | "
                         f"{asked(r)} |")
    return "\n".join(lines) + warm_up(results) + compare_persistence(results)


def warm_up(results, step=15.0):
    """The JVM's CPU while its pollers warm up, per step: all threads, and the JIT compiler threads' part."""
    runs = [r for r in results if r["kind"] == "pulse" and r.get("warm_up_curve")]
    if not runs:
        return ""
    span = max(r["warm_up_curve"][-1][0] for r in runs)
    edges = [step * (k + 1) for k in range(int(span // step))]
    lines = [f"\n\nWarm-up: Pulse's CPU ms/s (of which JIT) in each {step:g} s after its pollers were asked for, "
             "then in the measured window\n",
             "| N | Pulse | interval | " + " | ".join(f"{e - step:g}-{e:g} s" for e in edges) + " | window |",
             "|---:|---|---:|" + "---:|" * (len(edges) + 1)]
    for r in runs:
        curve = [(0.0, 0.0, 0.0)] + [tuple(x) for x in r["warm_up_curve"]]
        cells = []
        for e in edges:
            a = max((x for x in curve if x[0] <= e - step + 0.5), key=lambda x: x[0])
            b = max((x for x in curve if x[0] <= e + 0.5), key=lambda x: x[0])
            dt = b[0] - a[0]
            cells.append(f"{(b[1] - a[1]) * 1000 / dt:.1f} ({(b[2] - a[2]) * 1000 / dt:.1f})" if dt > 0 else "-")
        jit = (r.get("jvm_cpu_s") or {}).get("jit", 0.0)
        cells.append(f"{r['monitor_cpu_s'] * 1000 / r['seconds']:.1f} ({jit * 1000 / r['seconds']:.1f})")
        lines.append(f"| {r['n']} | {r['mode']} | {r['interval_ms'] / 1000:g} s | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def compare_persistence(results):
    """History in files against in memory, per (N, mode, interval): the mean of each setting's windows, on / off, and
    the spread between windows of the same setting (max / min), which is the noise to read the ratio against."""
    groups = {}
    for (n, _rnd), rs in by_round(results):
        idle_rate = idle_rate_of(rs)
        for r in rs:
            if r["kind"] == "pulse" and r.get("persistence") and r["samples"]:
                mon, _dae, tot = per_sample(r, idle_rate)
                g = groups.setdefault((n, r["collector_mode"], r["interval_ms"]), {"off": [], "on": []})
                g[r["persistence"]].append((mon, tot, r["samples"] / r["seconds"], float(asked(r)),
                                            r["machine_busy_cores"], r.get("kernel_io_cpu_s", 0) * 1000 / r["seconds"],
                                            r.get("history")))
    groups = {k: g for k, g in groups.items() if g["off"] and g["on"]}
    if not groups:
        return ""

    def mean(xs):
        return sum(xs) / len(xs)

    def spread(xs):
        return f"{max(xs) / min(xs):.2f}" if len(xs) > 1 and min(xs) > 0 else "-"

    lines = ["\n\nPersistence on (history in ring files under a fresh PULSE_DATA_DIR) against off (in memory); "
             "means of each setting's windows; spread = max / min between windows of one setting\n",
             "| N | collector | interval | windows off / on | History | Pulse ms/sample off | on | on / off | spread off, on | "
             "Pulse + daemon ms/sample off | on | on / off | spread off, on | samples/s off | on | on / off | "
             "% asked off, on | machine busy cores off, on | kworker+jbd2 ms/s off, on |",
             "|---:|---|---:|---|---|---:|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---|---|---|"]
    for (n, mode, interval), g in sorted(groups.items()):
        off, on = g["off"], g["on"]
        col = [lambda x, i=i: [v[i] for v in x] for i in range(7)]
        cells = [f"{n}", mode, f"{interval / 1000:g} s", f"{len(off)} / {len(on)}",
                 "/".join(sorted({str(h) for h in col[6](off)})) + ", " + "/".join(sorted({str(h) for h in col[6](on)}))]
        for i in (0, 1, 2):
            a, b = mean(col[i](off)), mean(col[i](on))
            cells += [f"{a:.3f}" if i < 2 else f"{a:.1f}", f"{b:.3f}" if i < 2 else f"{b:.1f}", f"{b / a:.3f}"]
            if i < 2:
                cells.append(f"{spread(col[i](off))}, {spread(col[i](on))}")
        for i in (3, 4, 5):
            fmt = "%.1f" if i != 4 else "%.2f"
            cells.append(" ".join(fmt % v for v in col[i](off)) + ", " + " ".join(fmt % v for v in col[i](on)))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def asked(r):
    want = r.get("samples_expected") or r.get("samples_nominal")
    return f"{100 * r['samples'] / want:.1f}" if want else "-"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="50,200")
    ap.add_argument("--intervals", default="1000,3000")
    ap.add_argument("--modes", default="cgroup,oneshot,stream", help="cgroup, oneshot, stream (the last two: API)")
    ap.add_argument("--netdata", default="yes", help="yes: measure Netdata's cgroups collector too (if installed)")
    ap.add_argument("--docker-stats", default="yes", help="yes: measure `docker stats` (the reference of the ratios)")
    ap.add_argument("--persistence", default="off",
                    help="Pulse's history, per (mode, interval) in this order: off (memory), on (ring files in a "
                         "temporary PULSE_DATA_DIR, mode shown as <mode>+disk); e.g. off,on or off,on,on,off")
    ap.add_argument("--window", type=float, default=30)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--warmup", type=float, default=30, help="seconds between starting the pollers and measuring")
    ap.add_argument("--variants", default="",
                    help="instead of the one server jar, several side by side, ';'-separated label=jar[ jvm args], "
                         "e.g. 'before=/tmp/old.jar;after=target/pulse.jar -XX:+UseSerialGC': each (mode, interval) "
                         "runs once per variant, in this order (reversed in odd rounds)")
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
    persistence = a.persistence.split(",")
    if not persistence or set(persistence) - {"off", "on"}:
        ap.error("--persistence: a list of off and on")
    variants = [None]
    if a.variants:
        try:
            variants = B.parse_variants(a.variants)
        except ValueError as e:
            ap.error(f"--variants: {e}")

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
                pulse_runs = [(m, i, p, v) for i in intervals for m in modes for p in persistence for v in variants]
                if rnd % 2:
                    pulse_runs.reverse()
                rs = []
                steps = [lambda: measure_idle(n, a.window)]
                if a.docker_stats == "yes":
                    steps.append(lambda: measure_docker_stats(use, a.window))
                steps += [lambda m=m, i=i, p=p, v=v: measure_pulse(use, m, i, a.window, a.warmup, p, v)
                          for m, i, p, v in pulse_runs]
                if a.netdata == "yes":
                    steps.append(lambda: measure_netdata(use, a.window))
                steps.append(lambda: measure_idle(n, a.window))
                for step in steps:
                    r = step()
                    if r is None:
                        continue
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
