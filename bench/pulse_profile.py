#!/usr/bin/env python3
"""Where a Pulse's event loops spend their CPU: `perf record` (cpu-clock, call graphs through frame pointers) on the
event-loop threads of one Pulse watching N idle containers (cgroup collector, 1 s), after a warm-up, with the JIT's
symbols from `jcmd <pid> Compiler.perfmap`. Prints and saves the CPU by leaf frame and by category (inclusive), and
the per-thread CPU of the same window, so a µs-a-sample figure comes with where it goes.

The JVM gets -XX:+PreserveFramePointer on top of the variant's flags (Java stacks through frame pointers); inlined
methods are charged to the compiled method they were inlined into.

Usage: python3 bench/pulse_profile.py --containers 50 --warmup 120 --seconds 60 --jar target/pulse.jar
         [--jvm-args '-XX:+UseSerialGC -XX:-UsePerfData'] [--freq 4999]
"""

import argparse
import collections
import json
import os
import subprocess
import time

import benchlib as B
from collection_cost import sweep
from pulse_fixed_cost import groups as group_ticks


def groups(pid):
    return group_ticks(pid)[0]


def category(frames):
    """Where one perf sample of an event loop goes (frames leaf first)."""
    joined = "\n".join(frames)
    if "CgroupCollector.read" in joined:
        return "cgroup read: kernel (pread)" if "__libc_pread" in joined else "cgroup read: Java (read path, parsing)"
    if "InternalTimerHandler.handle" in joined:
        if "LocalSessionStoreImpl" in joined or "HttpClientImpl$PoolChecker" in joined:
            return "timers: vert.x-web session sweep, HTTP client pool sweep"
        if "PollerVerticle" in joined or "TickBatch" in joined or "Sample" in joined:
            return "poller tick, other (formulas, batch add)"
        below = frames[frames.index(next(f for f in frames if "InternalTimerHandler.handle" in f)) - 1]
        return "timers: Pulse's own periodic work" if "Interpreter" in below else "poller tick, other (formulas, batch add)"
    if "RingBufferVerticle" in joined:
        return "ring buffer: append, point, publish, summary"
    if "ContainerCountersVerticle" in joined:
        return "counters verticle"
    if "TickBatch" in joined:
        return "batch send (TickBatch.flush)"
    if "HandlerRegistration" in joined or "eventbus" in joined:
        return "event bus delivery, other"
    if "epoll" in joined or "finish_task_switch" in joined:
        return "event loop: epoll wait, sleep and wake-up"
    return "event loop: task and timer queues, other"


def event_loop_tids(pid):
    return [tid for tid, (name, _t) in B.thread_ticks(pid).items() if name.startswith("vert.x-eventloo")]


def switches(pid, tids):
    """Voluntary context switches of the given threads: an event loop sleeps in epoll once per wake-up."""
    n = 0
    for tid in tids:
        with open(f"/proc/{pid}/task/{tid}/status") as f:
            n += next(int(line.split()[1]) for line in f if line.startswith("voluntary_ctxt_switches"))
    return n


def stacks(perf_data):
    """[(thread name, [frames leaf first])] from `perf script`."""
    text = subprocess.run(["perf", "script", "-i", perf_data, "-F", "comm,tid,ip,sym,dso"],
                          capture_output=True, text=True).stdout
    out, cur, comm = [], [], None
    for line in text.splitlines():
        if not line.strip():
            if comm is not None:
                out.append((comm, cur))
            cur, comm = [], None
        elif not line.startswith(("\t", " ")):
            comm = line.split()[0]
        else:
            parts = line.strip().split(None, 1)
            cur.append(parts[1] if len(parts) > 1 else parts[0])
    if comm is not None:
        out.append((comm, cur))
    return out


def breakdown(samples):
    leaf = collections.Counter()
    cats = collections.Counter()
    incl = collections.Counter()
    for _comm, frames in samples:
        leaf[frames[0] if frames else "?"] += 1
        incl.update(set(frames))
        cats[category(frames)] += 1
    return leaf, cats, incl


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--containers", type=int, default=50)
    ap.add_argument("--warmup", type=float, default=120)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--interval", type=int, default=1000)
    ap.add_argument("--jar", default=None)
    ap.add_argument("--jvm-args", default="-XX:+UseSerialGC -XX:-UsePerfData")
    ap.add_argument("--freq", type=int, default=4999)
    ap.add_argument("--analyze", metavar="JSON", help="only recompute an earlier run's categories from its perf data "
                    "(kept in /tmp with its /tmp/perf-<pid>.map) and write them back")
    a = ap.parse_args()
    if a.analyze:
        with open(a.analyze) as f:
            out = json.load(f)
        st = stacks(out["perf_data"])
        _leaf, cats, _incl = breakdown(st)
        out["categories"] = {k: round(v / len(st) * out["event_loops_us_per_sample"], 1) for k, v in cats.most_common()}
        with open(a.analyze, "w") as f:
            json.dump(out, f, indent=1)
        for k, v in out["categories"].items():
            print(f"{v:7.1f} µs  {k}")
        return

    B.install_cleanup()
    out = {"benchmark": "pulse-profile", "machine": B.machine_info(), "args": vars(a)}
    ids = B.start_containers(a.containers)
    time.sleep(10)
    p, port = B.start_pulse({"PULSE_POLL_INTERVAL_MS": a.interval, "PULSE_IDLE_TIMEOUT_MS": 3_600_000,
                             "PULSE_COLLECTOR": "cgroup"}, "profile.log",
                            jvm_args=[*a.jvm_args.split(), "-XX:+PreserveFramePointer"], jar=a.jar)
    http = B.Http(port)
    deadline = time.monotonic() + 60
    while set(ids) - {c["Id"] for c in http.json("/api/containers")["Containers"]}:
        if time.monotonic() > deadline:
            raise RuntimeError("Pulse did not list every container within 60 s")
        time.sleep(0.5)
    froms = sweep(http, ids, {})
    B.log(f"{a.containers} pollers started; warming up {a.warmup:.0f} s")
    time.sleep(a.warmup)
    froms = sweep(http, ids, {})
    loops = event_loop_tids(p.pid)
    g0, w0, t0 = groups(p.pid), switches(p.pid, loops), time.monotonic()
    data = f"/tmp/pulse-perf-{B.RUN_ID}.data"  # large; not a result to keep
    tids = ",".join(map(str, loops))
    subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", str(a.freq), "-g", "-t", tids, "-o", data,
                    "--", "sleep", str(a.seconds)], check=True, stderr=subprocess.DEVNULL)
    g1, w1, t1 = groups(p.pid), switches(p.pid, loops), time.monotonic()
    after = sweep(http, ids, {})
    subprocess.run(["jcmd", str(p.pid), "Compiler.perfmap"], check=True, capture_output=True)
    span = t1 - t0
    samples = sum(after[c][0] - froms[c][0] for c in ids) / (after[ids[0]][1] - froms[ids[0]][1])
    threads = {k: round((v - g0.get(k, 0)) / B.CLK_TCK / span * 1000, 2) for k, v in g1.items() if v - g0.get(k, 0)}
    st = stacks(data)
    leaf, cats, incl = breakdown(st)
    n = max(1, len(st))
    loops_ms = threads.get("vert.x-eventloo", 0)  # /proc cuts names to 15 characters
    us_per_sample = loops_ms / samples * 1000 if samples else None
    wakeups = (w1 - w0) / span
    out.update({"samples_per_s": round(samples, 1), "event_loops": len(loops),
                "event_loop_wakeups_per_s": round(wakeups, 1), "threads_ms_per_s": threads,
                "event_loops_us_per_sample": us_per_sample and round(us_per_sample, 1), "perf_samples": len(st),
                "categories": {k: round(v / n * us_per_sample, 1) if us_per_sample else v for k, v in cats.most_common()},
                "leaves": {k: round(v / n * us_per_sample, 2) if us_per_sample else v for k, v in leaf.most_common(60)},
                "inclusive": {k: round(v / n * us_per_sample, 2) if us_per_sample else v
                              for k, v in incl.most_common(150)},
                "perf_data": data, "pid": p.pid})
    B.log(f"samples/s {samples:.1f}; event loops {loops_ms:.2f} ms/s = {us_per_sample:.1f} µs a sample; "
          f"{len(st)} perf samples; {len(loops)} event loops wake {wakeups:.1f} times a second")
    for k, v in out["categories"].items():
        B.log(f"  {v:7.1f} µs  {k}")
    for k, v in list(out["leaves"].items())[:40]:
        B.log(f"  {v:7.2f} µs  {k}")
    B.stop_process(p)
    B.save(f"pulse-profile-n{a.containers}", out)


if __name__ == "__main__":
    main()
