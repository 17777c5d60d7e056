#!/usr/bin/env python3
"""Benchmark 3, history: heap per point held by RingBuffer, and a full backfill (From 0, 3000 points) over REST and
over the bridge: time and bytes on the wire.

(a) dev.pulse.bench.HistoryMemory: RingBuffer + Sample directly, heap after System.gc() (MemoryMXBean) and JOL.
(b) dev.pulse.bench.BenchServer (Pulse started as Main does) with PULSE_BUFFER_SIZE=3000; 3000 synthetic samples
    of a real (sleeping) container are sent to the ring buffer at start-up (the engine gives one sample a second at
    most, so 3000 real points would take 50 minutes); its poller interval is 1 h so no real sample mixes in.
    Two value profiles: "busy" (every field moving, full digits) and "idle" (a sleeping container's zeros), because
    the JSON size depends on the digits. dev.pulse.bench.HistoryWire measures the four ways of reading it.

Usage: python3 bench/history.py [--reps 50] [--warm 30] [--buffers 200]
"""

import argparse
import json
import os
import subprocess

import benchlib as B


def memory(capacity, buffers):
    fills = "1,64,65,1024,1025,2048,2049,3000,6000"
    args = ["java", "-Xms2g", "-Xmx2g", "-Djol.magicFieldOffset=true", "-cp",
            B.bench_jar() + os.pathsep + B.pulse_jar(), "dev.pulse.bench.HistoryMemory", str(capacity),
            str(buffers), fills]
    r = subprocess.run(args, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-2000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


def raw_http_bytes(port, path, gzip):
    """Bytes of one whole HTTP response (status line, headers, body) as sent on the socket."""
    s = B.socket.create_connection(("127.0.0.1", port), timeout=30)
    try:
        extra = "Accept-Encoding: gzip\r\n" if gzip else ""
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra}Connection: close\r\n\r\n".encode())
        n = 0
        while True:
            d = s.recv(65536)
            if not d:
                return n
            n += len(d)
    finally:
        s.close()


def rest(port, path, gzip, reps, warm):
    """Time from request sent to last body byte read, keep-alive connection; first request reported as cold."""
    import gzip as gz
    import time
    http = B.Http(port)
    headers = {"Accept-Encoding": "gzip"} if gzip else {}
    times, cold = [], None
    for i in range(warm + reps):
        t0 = time.perf_counter()
        status, hdrs, body = http.get(path, headers)
        dt = (time.perf_counter() - t0) * 1000
        if status != 200:
            raise RuntimeError(f"GET {path} -> {status}")
        cold = dt if i == 0 else cold
        if i >= warm:
            times.append(dt)
    http.close()
    enc = {k.lower(): v for k, v in hdrs.items()}.get("content-encoding")
    points = len(json.loads(gz.decompress(body) if enc == "gzip" else body)["Metrics"]["seq"])
    times.sort()
    return {"points": points, "body_bytes": len(body), "content_encoding": enc, "cold_ms": cold,
            "ms": {"n": len(times), "p50": B.pct(times, 50), "p90": B.pct(times, 90), "max": times[-1]}}


def wire(cid, profile, size, reps, warm):
    p, port = B.start_pulse({"PULSE_BUFFER_SIZE": size, "PULSE_POLL_INTERVAL_MS": 3_600_000,
                             "BENCH_FILL_ID": cid, "BENCH_FILL_N": size, "BENCH_FILL_PROFILE": profile},
                            f"history-pulse-{profile}.log", main_class="dev.pulse.bench.BenchServer")
    try:
        h = B.Http(port)
        for _ in range(100):
            body = h.json(f"/api/hosts/local/containers/{cid}/metrics?from=999999999")
            if body["From"] >= size:
                break
            B.time.sleep(0.1)
        path = f"/api/hosts/local/containers/{cid}/metrics?from=0"
        w = B.CpuWindow({"pulse": p.pid})
        w.start()
        out = {"rest_identity": rest(port, path, False, reps, warm), "rest_gzip": rest(port, path, True, reps, warm)}
        args = ["java", "-cp", B.bench_jar() + os.pathsep + B.pulse_jar(), "dev.pulse.bench.HistoryWire",
                str(port), cid, str(reps), str(warm), "0", "bridge"]
        r = subprocess.run(args, capture_output=True, text=True, timeout=600)
        cpu = w.stop()
        if r.returncode != 0:
            raise RuntimeError(r.stderr[-2000:])
        out.update(json.loads(r.stdout.strip().splitlines()[-1]))
        out["rest_identity"]["wire_bytes_raw_socket"] = raw_http_bytes(port, path, False)
        out["rest_gzip"]["wire_bytes_raw_socket"] = raw_http_bytes(port, path, True)
        out["profile"] = profile
        out["pulse_cpu_s_all_requests"] = cpu["cpu_s"]["pulse"]
        out["requests"] = 4 * (reps + warm + 2)
        out["machine_busy_cores"] = cpu["machine_busy_cores"]
        return out
    finally:
        B.stop_process(p)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--warm", type=int, default=30)
    ap.add_argument("--buffers", type=int, default=200)
    ap.add_argument("--size", type=int, default=3000)
    a = ap.parse_args()
    B.install_cleanup()
    info = B.machine_info()
    B.log("machine:", info)
    out = {"benchmark": "history", "machine": info, "args": vars(a)}
    try:
        B.log(f"(a) heap per point: {a.buffers} RingBuffers of capacity {a.size}")
        out["memory"] = mem = memory(a.size, a.buffers)
        cid = B.start_containers(1)[0]
        out["wire"] = []
        for profile in ("busy", "idle"):
            B.log(f"(b) full backfill, {profile} profile")
            out["wire"].append(wire(cid, profile, a.size, a.reps, a.warm))
    finally:
        out["finished"] = B.sh("date")
        B.save("history", out)

    print(f"# history, {info['date']}\n")
    print(f"Heap per point, {a.buffers} RingBuffers of capacity {a.size} ({mem['jvm']}):\n")
    print("| points appended | points retained | bytes/point (heap delta after GC) | bytes/point (JOL) | "
          "bytes per buffer (JOL) |")
    print("|---:|---:|---:|---:|---:|")
    for f in mem["fills"]:
        print(f"| {f['points_appended']} | {f['points_retained']} | {f['bytes_per_point_heap']:.1f} | "
              f"{f['bytes_per_point_jol']:.1f} | {f['bytes_per_buffer_jol']} |")
    print(f"\nFull backfill (From 0), {a.size} points, {a.reps} requests after {a.warm} warm-up ones:\n")
    print("| profile | way | points | payload bytes | bytes on the wire | p50 | p90 | max | first (cold) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for w in out["wire"]:
        for key, label, size_key in (("rest_identity", "REST", "body_bytes"),
                                     ("rest_gzip", "REST, Accept-Encoding: gzip", "body_bytes"),
                                     ("bridge", "bridge container.metrics", "payload_bytes"),
                                     ("bridge_deflate", "bridge, permessage-deflate", "payload_bytes")):
            r = w[key]
            if "error" in r:
                print(f"| {w['profile']} | {label} | - | - | - | failed: {r['error']} | | | |")
                continue
            wire_bytes = r.get("wire_bytes_raw_socket") or r.get("wire_bytes")
            print(f"| {w['profile']} | {label} | {r['points']} | {r[size_key]} | {wire_bytes} | "
                  f"{r['ms']['p50']:.1f} ms | {r['ms']['p90']:.1f} ms | {r['ms']['max']:.1f} ms | "
                  f"{r['cold_ms']:.1f} ms |")


if __name__ == "__main__":
    main()
