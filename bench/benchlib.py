"""Shared helpers of the Pulse benchmarks (standard library only).

Containers are started with --network none and the labels pulse-bench=1 and pulse-bench-run=<run id>, and removed
when the script ends, however it ends (normal exit, exception, SIGINT, SIGTERM, SIGHUP). Every process a script
starts is registered and stopped on the way out as well. All traffic goes to 127.0.0.1.
"""

import atexit
import concurrent.futures
import datetime
import http.client
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(REPO, "bench")
RESULTS = os.path.join(BENCH, "results")
IMAGE = os.environ.get("BENCH_IMAGE", "pulse-busybox")
CLK_TCK = os.sysconf("SC_CLK_TCK")
DAEMON_COMMS = ("dockerd", "containerd", "containerd-shim")  # comm of containerd-shim-runc-v2 is cut to 15 chars

RUN_ID = os.environ.get("BENCH_RUN_ID") or uuid.uuid4().hex[:10]
_procs = []
_cleaned = False


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------- cleanup

def cleanup():
    global _cleaned
    if _cleaned:
        return
    _cleaned = True
    for p in reversed(_procs):
        stop_process(p)
    remove_containers()


def remove_containers():
    out = subprocess.run(["docker", "ps", "-aq", "--filter", "label=pulse-bench-run=" + RUN_ID],
                         capture_output=True, text=True).stdout.split()
    if out:
        log(f"removing {len(out)} bench container(s)")
        for i in range(0, len(out), 50):
            subprocess.run(["docker", "rm", "-f", *out[i:i + 50]], capture_output=True)


def _on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def install_cleanup():
    atexit.register(cleanup)
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, _on_signal)


def stop_process(p, timeout=20):
    """SIGTERM, then SIGKILL after timeout; only the process we started (and its own process group)."""
    if p.poll() is not None:
        return p.returncode
    try:
        p.send_signal(signal.SIGTERM)
        return p.wait(timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            p.kill()
        return p.wait(5)
    except ProcessLookupError:
        return None


def start_process(args, env=None, log_path=None, stderr_only=False):
    """Starts a process in its own session; stdout and stderr go to log_path (stderr only if stderr_only, stdout
    then to /dev/null), or both to /dev/null."""
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL
    out = subprocess.DEVNULL if stderr_only else log
    err = log if stderr_only else (subprocess.STDOUT if log_path else subprocess.DEVNULL)
    p = subprocess.Popen(args, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
    _procs.append(p)
    return p


# ------------------------------------------------------------------------------------------------------- containers

def start_containers(n, first=0, cmd=("sleep", "1000000"), parallel=4):
    """Starts n containers of IMAGE running cmd; returns their full ids in start order."""
    def run(i):
        r = subprocess.run(["docker", "run", "-d", "--network", "none", "--label", "pulse-bench=1",
                            "--label", "pulse-bench-run=" + RUN_ID, "--name", f"pulse-bench-{RUN_ID}-{i}",
                            IMAGE, *cmd], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"docker run failed: {r.stderr.strip()}")
        return r.stdout.strip()

    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(parallel) as ex:
        ids = list(ex.map(run, range(first, first + n)))
    log(f"started {n} containers in {time.time() - t0:.0f} s")
    return ids


# -------------------------------------------------------------------------------------------------------- /proc

def proc_fields(pid):
    """The fields of /proc/<pid>/stat after the command name (index 0 is the state); None if gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
    except OSError:
        return None
    return s[s.rindex(")") + 2:].split()


def proc_ticks(pid):
    """utime + stime of a process (all its threads, dead ones included), in clock ticks; None if gone."""
    fields = proc_fields(pid)
    return None if fields is None else int(fields[11]) + int(fields[12])


def proc_comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return None


def daemon_pids(match=lambda comm: comm in DAEMON_COMMS):
    out = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            c = proc_comm(name)
            if c and match(c):
                out[int(name)] = c
    return out


def kernel_io_pids():
    """The kernel's writeback and ext4 journal threads: where a memory-mapped file's dirty pages are written out,
    CPU that no user process is charged for (shared with everything else on the machine)."""
    return daemon_pids(lambda comm: comm.startswith(("kworker/", "jbd2/")))


def ticks_of(pids):
    out = {}
    for pid in pids:
        t = proc_ticks(pid)
        if t is not None:
            out[pid] = t
    return out


def system_cpu():
    """(busy, total, steal) jiffies of the whole machine; busy includes steal (time the hypervisor gave elsewhere)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]
    return sum(v) - idle, sum(v), v[7] if len(v) > 7 else 0


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None


def threads(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return None


def thread_ticks(pid):
    """{tid: (name, utime + stime)} of the threads alive now."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rindex(")") + 2:].split()
        out[tid] = (s[s.index("(") + 1:s.rindex(")")], int(fields[11]) + int(fields[12]))
    return out


def thread_group(name):
    """A thread's name without its number: the event loops (or GC threads, compilers) as one group."""
    return name.rstrip("0123456789#- ")


def jvm_thread_kind(name):
    if "CompilerThre" in name:
        return "jit"
    if name.startswith(("GC Thread", "G1 ", "VM Thread")):
        return "gc"
    return "app"


class CpuWindow:
    """CPU seconds spent by given processes and by the Docker daemon between start() and stop()."""

    def __init__(self, named_pids, jvm=None):
        self.named = dict(named_pids)  # label -> pid
        self.jvm = jvm  # pid of a JVM whose CPU is split into jit / gc / app threads

    def start(self):
        self.t0 = time.monotonic()
        self.d0 = ticks_of(daemon_pids())
        self.k0 = ticks_of(kernel_io_pids())
        self.p0 = {k: proc_ticks(p) for k, p in self.named.items()}
        self.s0 = system_cpu()
        self.j0 = thread_ticks(self.jvm) if self.jvm else None

    def stop(self):
        self.t1 = time.monotonic()
        self.p1 = {k: proc_ticks(p) for k, p in self.named.items()}
        self.d1 = ticks_of(daemon_pids())
        self.k1 = ticks_of(kernel_io_pids())
        self.s1 = system_cpu()
        jvm_split = None
        if self.jvm:
            j1 = thread_ticks(self.jvm)
            jvm_split = {"jit": 0, "gc": 0, "app": 0}
            by_name = {}
            for tid, (name, t) in j1.items():
                d = t - (self.j0[tid][1] if tid in self.j0 else 0)
                jvm_split[jvm_thread_kind(name)] += d
                group = thread_group(name)  # for where the JVM's CPU goes
                by_name[group] = by_name.get(group, 0) + d
            total = proc_ticks(self.jvm) - proc_ticks_at(self.p0, self.named, self.jvm)
            jvm_split["exited_threads"] = total - sum(jvm_split.values())
            jvm_split = {k: v / CLK_TCK for k, v in jvm_split.items()}
            jvm_split["by_thread"] = {k: v / CLK_TCK for k, v in sorted(by_name.items()) if v}
        both = set(self.d0) & set(self.d1)
        per_comm = {}
        for pid in both:
            c = proc_comm(pid) or "?"
            per_comm[c] = per_comm.get(c, 0) + self.d1[pid] - self.d0[pid]
        busy = self.s1[0] - self.s0[0]
        total = self.s1[1] - self.s0[1]
        return {
            "seconds": self.t1 - self.t0,
            "cpu_s": {k: (self.p1[k] - self.p0[k]) / CLK_TCK for k in self.named},
            "daemon_cpu_s": sum(per_comm.values()) / CLK_TCK,
            "daemon_by_comm_s": {k: v / CLK_TCK for k, v in sorted(per_comm.items())},
            "daemon_procs": len(both),
            "kernel_io_cpu_s": sum(self.k1[p] - self.k0[p] for p in set(self.k0) & set(self.k1)) / CLK_TCK,
            "machine_busy_cores": busy / total * os.cpu_count() if total else None,
            # a KVM guest: cores the hypervisor took away during the window (latency outliers follow it)
            "machine_steal_cores": (self.s1[2] - self.s0[2]) / total * os.cpu_count() if total else None,
            "loadavg_1m": os.getloadavg()[0],
            "jvm_cpu_s": jvm_split,
        }


def proc_ticks_at(snapshot, named, pid):
    for k, p in named.items():
        if p == pid:
            return snapshot[k]
    raise KeyError(pid)


# ------------------------------------------------------------------------------------------------------------ HTTP

class UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP over the Docker engine's unix socket (never a network address)."""

    def __init__(self, path="/var/run/docker.sock", timeout=30):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


def docker_socket():
    h = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if not h.startswith("unix://"):
        raise RuntimeError("the benchmarks need a local engine on a unix socket (DOCKER_HOST=" + h + ")")
    return h[len("unix://"):]


def docker_get(path):
    c = UnixHTTPConnection(docker_socket())
    try:
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


class TickProbe:
    """Reads one container's stats stream and records the engine's `read` time of every frame: the period of the
    daemon's stats collector, i.e. how many samples per container a streaming monitor (docker stats) really gets."""

    def __init__(self, container_id):
        import threading
        self.reads = []
        self.stop_flag = False
        self.conn = UnixHTTPConnection(docker_socket(), timeout=10)
        self.conn.request("GET", f"/containers/{container_id}/stats?stream=true")
        self.resp = self.conn.getresponse()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop_flag:
            try:
                line = self.resp.readline()
            except Exception:  # closed under it by close()
                return
            if not line:
                return
            try:
                self.reads.append((time.monotonic(), json.loads(line)["read"]))
            except ValueError:
                pass

    def between(self, t0, t1):
        """Frames per second received between two monotonic times."""
        n = [t for t, _ in self.reads if t0 <= t <= t1]
        return (len(n) - 1) / (n[-1] - n[0]) if len(n) > 2 else None

    def close(self):
        self.stop_flag = True
        try:
            self.conn.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.conn.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Http:
    """Keep-alive HTTP/1.1 client to 127.0.0.1:port."""

    def __init__(self, port, timeout=30):
        self.port = port
        self.timeout = timeout
        self.conn = None

    def get(self, path, headers=None):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request("GET", path, headers=headers or {})
                r = self.conn.getresponse()
                body = r.read()
                return r.status, dict(r.getheaders()), body
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise

    def json(self, path):
        status, _, body = self.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path} -> {status} {body[:200]!r}")
        return json.loads(body)

    def close(self):
        if self.conn:
            self.conn.close()


# ----------------------------------------------------------------------------------------------------------- Pulse

def pulse_jar():
    return os.environ.get("PULSE_JAR") or os.path.join(REPO, "target", "pulse.jar")


def bench_jar():
    return os.path.join(BENCH, "target", "pulse-bench.jar")


def parse_variants(spec):
    """'label=jar [jvm args];…' → [(label, jar, (jvm args))]; ValueError naming the entry that is not that."""
    variants = []
    for v in spec.split(";"):
        label, _, rest = v.partition("=")
        words = rest.split()
        if not label or not words or not os.path.isfile(words[0]):
            raise ValueError(f"{v!r} is not label=jar [jvm args] with an existing jar")
        variants.append((label.strip(), words[0], tuple(words[1:])))
    return variants


def start_pulse(env_extra, log_name, main_class=None, jvm_args=(), jar=None):
    """Starts Pulse (jar: another server jar than pulse_jar()) on a free loopback port; returns (process, port) once
    GET /health answers 200."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PULSE_")}  # no stray settings of the caller
    # history in memory (as measured before PULSE_DATA_DIR existed) unless a benchmark names a directory
    env.update({"PULSE_HTTP_HOST": "127.0.0.1", "PULSE_HTTP_PORT": str(port), "PULSE_DATA_DIR": ""})
    env.update({k: str(v) for k, v in env_extra.items()})
    jvm_args = [*jvm_args, *os.environ.get("BENCH_JVM_ARGS", "").split()]  # e.g. a JFR recording while profiling
    if main_class:
        args = ["java", *jvm_args, "-cp", bench_jar() + os.pathsep + pulse_jar(), main_class]
    else:
        args = ["java", *jvm_args, "-jar", jar or pulse_jar()]
    os.makedirs(RESULTS, exist_ok=True)
    p = start_process(args, env=env, log_path=os.path.join(RESULTS, log_name))
    h = Http(port, timeout=5)
    deadline = time.time() + 60
    while time.time() < deadline:
        if p.poll() is not None:
            raise RuntimeError(f"pulse exited with {p.returncode}; see bench/results/{log_name}")
        try:
            if h.get("/health")[0] == 200:
                h.close()
                return p, port
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("pulse did not answer /health within 60 s")


# --------------------------------------------------------------------------------------------------------- machine

def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()


def machine_info():
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "date": sh("date"),
        "date_iso": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": int(sh("nproc") or 0),
        "cpu_model": model,
        "mem_total_gib": sh("free -g | awk '/^Mem:/{print $2}'"),
        "kernel": sh("uname -r"),
        "os": sh(". /etc/os-release && echo \"$PRETTY_NAME\""),
        "docker": sh("docker version --format '{{.Server.Version}}'"),
        "cgroup": sh("docker info --format 'v{{.CgroupVersion}} ({{.CgroupDriver}} driver)'"),
        "java": sh("java -version 2>&1 | head -1"),
        "loadavg_at_start": os.getloadavg(),
        "other_containers_running": len(sh("docker ps -q").split()),
        "pulse_commit": os.environ.get("BENCH_GIT_COMMIT") or sh(f"git -C {REPO} log -1 --format='%h %s' 2>/dev/null"),
    }


def pct(values, p):
    """Nearest-rank percentile of a sorted list."""
    if not values:
        return None
    k = max(0, min(len(values) - 1, math.ceil(p / 100.0 * len(values)) - 1))
    return values[k]


def save(name, data):
    os.makedirs(RESULTS, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = os.path.join(RESULTS, f"{name}-{stamp}.json")
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
    log("raw results:", os.path.relpath(path, REPO))
    return path
