#!/usr/bin/env python3
"""Benchmark 2, fan-out: one container watched by many SockJS bridge sessions (raw WebSocket on 127.0.0.1).

Pulse runs as dev.pulse.bench.BenchServer (Pulse started exactly as Main does, plus an in-process probe that records
the moment each MetricPoint is published). The client (dev.pulse.bench.FanoutClient, one JVM, N sockets) stamps
every push on arrival; latency = receipt - publish, on the machine-wide monotonic clock both JVMs read.
Reported per session count: latency p50/p90/p99/max over every (session, push), the time until the last session
had a push, Pulse's CPU during the window (split into JIT, GC and the rest) and its heap after a full GC.

Side by side: --instances 1,2 runs the same sessions against a fresh Pulse per PULSE_HTTP_INSTANCES value,
--baseline-jar adds a Pulse built from another commit (its own defaults), --variants adds settings of JVM flags and
PULSE_* variables; --rounds repeats the lot, interleaved, so every setting sees the same machine. Every server runs
with the JVM flags Pulse ships with (--server-jvm, as in the README's run command and the Dockerfile); the client is
always the current build's (target/pulse.jar), on the native transport where it loads.

Usage: python3 bench/fanout.py [--sessions 1,1000] [--interval 1000] [--window 60] [--instances 1,2]
                               [--baseline-jar old.jar] [--variants 'nio=-Dio.netty.transport.noNative=true']
                               [--rounds 3]
"""

import argparse
import json
import os
import re
import subprocess
import time

import benchlib as B


def heap_used_kib(pid):
    """Heap in use after a full GC (jcmd GC.run, then GC.heap_info): G1 prints one heap line, Serial one per
    generation (the young one is empty after a full GC), so every "total ..K, used ..K" line is added up."""
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=60)
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
    used = [int(m.group(1)) for m in re.finditer(r"total \d+K, used (\d+)K", out)]
    return sum(used) if used else None


class Diagnosis:
    """--diagnose: what a late push waited for. Beside the run: one hiccup meter per CPU (bench/hiccup.c, not Java,
    pinned and SCHED_FIFO: a late wake-up means the vCPU itself did not run; CPU 0's also logs /proc/stat steal), a
    sampler of each JVM's event-loop, JIT and VM threads' run and run-queue wait (/proc/.../schedstat every 10 ms),
    and each JVM's safepoints, GC, compilations and deoptimizations (-Xlog). Every log is stamped with
    CLOCK_MONOTONIC, as the client's receipts are; bench/fanout_stalls.py lines them up."""

    def __init__(self):
        self.dir = os.path.join(B.RESULTS, f"fanout-diag-{B.RUN_ID}")
        os.makedirs(self.dir, exist_ok=True)
        self.bin = os.path.join(self.dir, "hiccup")
        subprocess.run(["gcc", "-O2", "-o", self.bin, os.path.join(B.BENCH, "hiccup.c")], check=True)
        self.meters = [B.start_process(["taskset", "-c", str(cpu), "chrt", "-f", "50", self.bin, "meter",
                                        self.path(f"hiccup-cpu{cpu}.txt"), "5000", "1" if cpu == 0 else "0"])
                       for cpu in range(os.cpu_count())]

    def path(self, name):
        return os.path.join(self.dir, re.sub(r"[^\w.-]+", "_", name))

    def jvm_flags(self, name):
        return [f"-Xlog:safepoint=info,gc=info,jit+compilation=debug,handshake=info:file={self.path(name)}"
                ":timenanos,tid,level,tags"]

    def threads(self, name, pid):
        return B.start_process([self.bin, "threads", self.path(name), "10", str(pid)])

    def stop(self):
        for p in self.meters:
            B.stop_process(p)


PRODUCT_JVM = "-XX:+UseSerialGC -XX:-UsePerfData"  # README "Run" and the Dockerfile's ENTRYPOINT
CLIENT_JAR = os.path.join(B.REPO, "target", "pulse.jar")  # the client's Vert.x, whatever server jar is measured


def run_clients(port, pid, cid, probe_file, sessions, window, setup="", client_env=None, diag=None, windows=1):
    """windows measured windows of one client with the given sessions; a list of their results"""
    B.log(f"{sessions} session(s): connecting")
    status0 = B.Http(port).json("/api/status")
    heap0 = heap_used_kib(pid)
    tag = f"client-{setup}-{sessions}-{window}s"
    args = ["java", "-Xmx1g", *(diag.jvm_flags(tag + "-jvm.log") if diag else []),
            "-cp", B.bench_jar() + os.pathsep + CLIENT_JAR, "dev.pulse.bench.FanoutClient",
            str(port), cid, str(sessions), str(window), probe_file]
    if (client_env or {}).get("BENCH_CLIENT_CPUS"):  # the client on its own cores, as browsers on other machines
        args = ["taskset", "-c", client_env["BENCH_CLIENT_CPUS"]] + args
    client = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, start_new_session=True,
                              env={**os.environ, **(client_env or {})})
    B._procs.append(client)
    sampler = diag.threads(tag + "-threads.txt", client.pid) if diag else None
    line = client.stdout.readline().strip()
    B.log("  client:", line)
    if not line.startswith("connected"):
        raise RuntimeError("client failed: " + line)
    status1 = B.Http(port).json("/api/status")
    heap1 = heap_used_kib(pid)
    results = []
    for i in range(windows):  # one client, kept connected (and warm) across the windows
        w = B.CpuWindow({"pulse": pid, "client": client.pid}, jvm=pid)
        w.start()
        client.stdin.write("go\n")
        client.stdin.flush()
        line = client.stdout.readline().strip()
        cpu = w.stop()
        if line != "window-end":
            raise RuntimeError("client failed: " + line)
        status2 = B.Http(port).json("/api/status")
        rss = B.rss_kib(pid)
        client.stdin.write("next\n" if i < windows - 1 else "close\n")
        client.stdin.flush()
        result = json.loads(client.stdout.readline())
        pushes = result["receipts"]
        result.update({
            "setup": setup if windows == 1 else f"{setup} window {i + 1}",
            "pollers_with_sessions": [status1["Pollers"], status2["Pollers"]],
            "sessions_seen_by_server": [status1["Sessions"], status2["Sessions"]],
            "pollers_before": status0["Pollers"],
            "heap_used_kib_before": heap0,
            "heap_used_kib_with_sessions": heap1,
            "heap_kib_per_session": (heap1 - heap0) / sessions if heap0 is not None and heap1 is not None else None,
            "pulse_rss_kib": rss,
            "cpu": cpu,
            "pulse_cpu_ms_per_s": cpu["cpu_s"]["pulse"] * 1000 / cpu["seconds"],
            "pulse_cpu_us_per_delivery": cpu["cpu_s"]["pulse"] * 1e6 / pushes if pushes else None,
            "client_cpu_ms_per_s": cpu["cpu_s"]["client"] * 1000 / cpu["seconds"],
        })
        if diag:
            result["diag_client"] = {"jvm_log": diag.path(tag + "-jvm.log"), "threads": diag.path(tag + "-threads.txt")}
        B.log("  ", json.dumps({k: result[k] for k in ("latency_ms", "last_receipt_ms", "missing",
                                                      "pulse_cpu_ms_per_s", "heap_kib_per_session",
                                                      "pollers_with_sessions")}))
        results.append(result)
        if i < windows - 1:
            time.sleep(5)  # the client compiles the code that just summed up its window: not inside the next one
    client.wait(30)
    if sampler:
        B.stop_process(sampler)
    time.sleep(2)
    status3 = B.Http(port).json("/api/status")
    for result in results:
        result["sessions_after_close"] = status3["Sessions"]
    return results


def table(results, interval):
    lines = ["| setup | server transport | sessions | pushes x sessions | latency p50 | p90 | p99 | max | last session p99 "
             "| Pulse CPU ms/s (JIT, GC) | Pulse CPU per delivery | client CPU ms/s | heap after GC (with sessions) "
             "| heap per session | Pollers |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lat, last = r["latency_ms"], r["last_receipt_ms"]
        jit, gc = (r["cpu"]["jvm_cpu_s"][k] * 1000 / r["cpu"]["seconds"] for k in ("jit", "gc"))
        lines.append(f"| {r['setup']} | {r.get('server_transport')} | {r['sessions']} | "
                     f"{r['pushes_in_window']} x {r['sessions']} ({r['missing']} missing) | "
                     f"{lat['p50']:.2f} ms | {lat['p90']:.2f} ms | {lat['p99']:.2f} ms | {lat['max']:.1f} ms | "
                     f"{last['p99']:.1f} ms | {r['pulse_cpu_ms_per_s']:.0f} ({jit:.0f}, {gc:.0f}) | "
                     f"{r['pulse_cpu_us_per_delivery']:.1f} µs | {r['client_cpu_ms_per_s']:.0f} | "
                     f"{r['heap_used_kib_with_sessions'] / 1024:.1f} MiB | "
                     f"{r['heap_kib_per_session'] or 0:.1f} KiB | {r['pollers_with_sessions'][1]} |")
    return "\n".join(lines)


def parse_variants(spec, ap):
    """'label=[jar] [NAME=value ...] [jvm args];...' -> [(label, jar, env, jvm args)]; jar defaults to the current
    build, PULSE_X=y words set the server's variables, BENCH_X=y the client's (BENCH_CLIENT_PARSE=eager), the other
    words are JVM flags added to --server-jvm."""
    out = []
    for v in filter(None, (x.strip() for x in spec.split(";"))):
        label, _, rest = v.partition("=")
        words = rest.split()
        jar = words.pop(0) if words and words[0].endswith(".jar") else B.pulse_jar()
        env = dict(w.split("=", 1) for w in words if re.match(r"(PULSE|BENCH)_[A-Z0-9_]*=", w))
        jvm = [w for w in words if not re.match(r"(PULSE|BENCH)_[A-Z0-9_]*=", w)]
        if not label.strip() or not os.path.isfile(jar):
            ap.error(f"--variants: {v!r} is not label=[jar] [PULSE_X=y ...] [jvm args] with an existing jar")
        out.append((label.strip(), jar, env, jvm))
    return out


def server_jvm(base, extra):
    """--server-jvm plus a variant's flags; a variant naming a collector (-XX:+UseG1GC) replaces the base's."""
    gc = re.compile(r"-XX:\+Use\w+GC$")
    keep = [f for f in base.split() if not (gc.match(f) and any(gc.match(e) for e in extra))]
    return [*keep, *extra]


def server_transport(log_name):
    """What the server printed: 'native' or 'nio' (BenchServer's ready line), None if it did not say."""
    try:
        with open(os.path.join(B.RESULTS, log_name), errors="replace") as f:
            m = re.search(r"bench-server: ready on port \d+, transport (\w+)", f.read())
    except OSError:
        return None
    return m.group(1) if m else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", default="1,1000")
    ap.add_argument("--interval", type=int, default=1000)
    ap.add_argument("--window", type=int, default=60)
    ap.add_argument("--warmup", type=int, default=30, help="seconds of an unmeasured run with the most sessions first")
    ap.add_argument("--instances", default="", help="PULSE_HTTP_INSTANCES values to compare, e.g. 1,2 (default: "
                    "the server's own default)")
    ap.add_argument("--baseline-jar", default="", help="also run a Pulse from this jar (e.g. the previous commit's)")
    ap.add_argument("--variants", default="", help="more settings, ';'-separated label=[jar] [PULSE_X=y BENCH_X=y ...] "
                    "[jvm args], e.g. 'nio=-Dio.netty.transport.noNative=true;i2=PULSE_HTTP_INSTANCES=2'; BENCH_SERVER_CPUS and "
                    "BENCH_CLIENT_CPUS pin the server and the client to CPU lists (taskset), e.g. 'pinned="
                    "PULSE_HTTP_INSTANCES=1 BENCH_SERVER_CPUS=0 BENCH_CLIENT_CPUS=1'")
    ap.add_argument("--server-jvm", default=PRODUCT_JVM, help="JVM flags of every server (default: Pulse's own, "
                    f"{PRODUCT_JVM!r})")
    ap.add_argument("--rounds", type=int, default=1, help="repeat every setting this many times, interleaved")
    ap.add_argument("--windows", type=int, default=1, help="measured windows per server and session count, one "
                    "after the other with the same client connected (a long-running server and warm clients)")
    ap.add_argument("--diagnose", action="store_true", help="log hiccups of each CPU, /proc/stat steal, the JVMs' "
                    "safepoints, GC and compilations and their threads' run-queue waits beside the run, to find what "
                    "late pushes waited for (python3 bench/fanout_stalls.py <raw json>)")
    ap.add_argument("--idle", type=int, default=60, help="with --diagnose: seconds of the meters alone first")
    a = ap.parse_args()
    B.install_cleanup()
    info = B.machine_info()
    B.log("machine:", info)
    results = []
    out = {"benchmark": "fanout", "machine": info, "args": vars(a), "results": results, "warmups": []}
    setups = [(f"instances={n}", B.pulse_jar(), {"PULSE_HTTP_INSTANCES": n}, []) for n in a.instances.split(",") if n]
    if not setups and not a.variants:
        setups = [("default", B.pulse_jar(), {}, [])]
    setups += parse_variants(a.variants, ap)
    if a.baseline_jar:
        setups.insert(0, ("baseline", a.baseline_jar, {}, []))
    diag = Diagnosis() if a.diagnose else None
    if diag:
        out["diag_dir"] = diag.dir
        B.log(f"diagnosis: {diag.dir}; the meters alone for {a.idle} s")
        out["idle_ns"] = [time.monotonic_ns()]
        time.sleep(a.idle)
        out["idle_ns"].append(time.monotonic_ns())
    try:
        cid = B.start_containers(1)[0]
        os.makedirs(B.RESULTS, exist_ok=True)
        probe_file = os.path.join(B.RESULTS, f"fanout-probe-{B.RUN_ID}.txt")
        counts = [int(x) for x in a.sessions.split(",")]
        for rnd in range(1, a.rounds + 1):
            for label, jar, env, jvm in setups:
                setup = f"{label} (round {rnd})"
                os.environ["PULSE_JAR"] = jar
                diag_flags = diag.jvm_flags(f"server-{setup}-jvm.log") if diag else []
                p, port = B.start_pulse({"PULSE_POLL_INTERVAL_MS": a.interval, "BENCH_PROBE_ID": cid,
                                         "BENCH_PROBE_FILE": probe_file, **env}, "fanout-pulse.log",
                                        main_class="dev.pulse.bench.BenchServer",
                                        jvm_args=server_jvm(a.server_jvm, jvm) + diag_flags)
                sampler = diag.threads(f"server-{setup}-threads.txt", p.pid) if diag else None
                if env.get("BENCH_SERVER_CPUS"):  # every thread of the server, and those it starts later
                    subprocess.run(["taskset", "-a", "-cp", env["BENCH_SERVER_CPUS"], str(p.pid)], check=True,
                                   capture_output=True)
                try:
                    # warm the server's push path (JIT) with an unmeasured run of the largest count
                    B.log(f"{setup}: warm-up, {max(counts)} sessions for {a.warmup} s")
                    client_env = {k: v for k, v in env.items() if k.startswith("BENCH_")}
                    out["warmups"] += run_clients(port, p.pid, cid, probe_file, max(counts), a.warmup, setup,
                                                  client_env, diag)
                    server = {"server_transport": server_transport("fanout-pulse.log"), "server_jar": jar,
                              "server_jvm_args": server_jvm(a.server_jvm, jvm), "server_env": env}
                    B.log(f"  server: {server}")
                    if diag:
                        server["diag_server"] = {"jvm_log": diag.path(f"server-{setup}-jvm.log"),
                                                 "threads": diag.path(f"server-{setup}-threads.txt"), "pid": p.pid}
                    for n in counts:
                        results += [{**r, **server} for r in run_clients(port, p.pid, cid, probe_file, n, a.window,
                                                                         setup, client_env, diag, a.windows)]
                    out["sampling"] = B.Http(port).json("/api/status").get("Sampling")
                finally:
                    B.stop_process(p)
                    if sampler:
                        B.stop_process(sampler)
    finally:
        if diag:
            diag.stop()
        out["finished"] = B.sh("date")
        B.save("fanout", out)
    print(f"# fan-out, {info['date']}, one container, interval {a.interval} ms, window {a.window} s\n")
    print(table(results, a.interval))


if __name__ == "__main__":
    main()
