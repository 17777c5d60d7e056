/*
 * Benchmark helper (bench/fanout.py --diagnose): tells a stall of the whole guest from a stall of one process.
 * Not Java, so a JVM pause does not stop it. Timestamps are CLOCK_MONOTONIC nanoseconds, the clock behind Java's
 * System.nanoTime() and the JVM's -Xlog "timenanos" decoration, so every log lines up with the fan-out client's.
 *
 *   hiccup meter OUT THRESH_US [STEAL]   sleep 1 ms in a loop; log "H <woke ns> <overshoot us>" when a wake-up is
 *                                        THRESH_US or more late; with STEAL=1 also "S <ns> <cpu> <steal ticks>" per
 *                                        CPU whose /proc/stat steal moved (read every 100 ms). Pin it with taskset and
 *                                        run it SCHED_FIFO (chrt -f): a late wake-up then means the vCPU did not run.
 *   hiccup threads OUT PERIOD_MS PID... every PERIOD_MS read /proc/PID/task/<tid>/schedstat of each thread whose
 *                                        name starts with one of a few prefixes (event loops, JIT, VM/GC threads);
 *                                        log "T <ns> <pid> <tid> <name> <+run ns> <+runqueue wait ns>" when it moved.
 * Runs until SIGTERM/SIGINT, flushing its file every second.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t stop;
static void on_signal(int s) { (void)s; stop = 1; }

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void sleep_ns(int64_t ns) {
  struct timespec t = {ns / 1000000000LL, ns % 1000000000LL};
  clock_nanosleep(CLOCK_MONOTONIC, 0, &t, NULL);
}

#define MAXCPU 64
static long long steal_prev[MAXCPU];

static void log_steal(FILE *out, int64_t t, int first) {
  FILE *f = fopen("/proc/stat", "r");
  char line[512];
  if (!f) return;
  while (fgets(line, sizeof line, f)) {
    int cpu;
    long long v[8];
    if (sscanf(line, "cpu%d %lld %lld %lld %lld %lld %lld %lld %lld", &cpu, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
               &v[6], &v[7]) == 9 && cpu >= 0 && cpu < MAXCPU) {
      if (!first && v[7] != steal_prev[cpu]) fprintf(out, "S %lld %d %lld\n", (long long)t, cpu, v[7] - steal_prev[cpu]);
      steal_prev[cpu] = v[7];
    }
  }
  fclose(f);
}

static int meter(FILE *out, long thresh_us, int steal) {
  const int64_t period = 1000000;
  int64_t last = now_ns(), last_flush = last, last_steal = last;
  long long wakeups = 0, late = 0;
  int64_t worst = 0;
  if (steal) log_steal(out, last, 1);
  while (!stop) {
    sleep_ns(period);
    int64_t t = now_ns();
    int64_t over = t - last - period;
    wakeups++;
    if (over > worst) worst = over;
    if (over >= thresh_us * 1000LL) {
      late++;
      fprintf(out, "H %lld %lld\n", (long long)t, (long long)(over / 1000));
    }
    if (steal && t - last_steal >= 100000000LL) {
      log_steal(out, t, 0);
      last_steal = t;
    }
    if (t - last_flush >= 1000000000LL) {
      fflush(out);
      last_flush = t;
    }
    last = t;
  }
  fprintf(out, "E %lld wakeups %lld late %lld worst_us %lld\n", (long long)now_ns(), wakeups, late,
          (long long)(worst / 1000));
  return 0;
}

static const char *PREFIXES[] = {"vert.x-eventloo", "C1 CompilerThre", "C2 CompilerThre", "VM Thread",
                                 "GC Thread", "vert.x-acceptor", "bench-probe-wri", NULL};

#define MAXT 256
struct th { int pid, tid; char name[32]; long long run, wait; int seen; };
static struct th ths[MAXT];
static int nth;

static int wanted(const char *name) {
  for (int i = 0; PREFIXES[i]; i++)
    if (strncmp(name, PREFIXES[i], strlen(PREFIXES[i])) == 0) return 1;
  return 0;
}

static void rescan(int pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/task", pid);
  DIR *d = opendir(path);
  struct dirent *e;
  if (!d) return;
  while ((e = readdir(d)) && nth < MAXT) {
    int tid = atoi(e->d_name), known = 0;
    if (tid <= 0) continue;
    for (int i = 0; i < nth; i++) known |= ths[i].tid == tid;
    if (known) continue;
    char p[96], name[32] = "";
    snprintf(p, sizeof p, "/proc/%d/task/%d/comm", pid, tid);
    FILE *f = fopen(p, "r");
    if (!f) continue;
    if (fgets(name, sizeof name, f)) name[strcspn(name, "\n")] = 0;
    fclose(f);
    if (!wanted(name)) continue;
    for (char *c = name; *c; c++) if (*c == ' ') *c = '_';
    ths[nth] = (struct th){pid, tid, "", -1, -1, 0};
    snprintf(ths[nth].name, sizeof ths[nth].name, "%s", name);
    nth++;
  }
  closedir(d);
}

static int threads(FILE *out, long period_ms, int npids, int *pids) {
  int64_t last_scan = 0, last_flush = now_ns();
  while (!stop) {
    int64_t t = now_ns();
    if (t - last_scan >= 1000000000LL) {
      for (int i = 0; i < npids; i++) rescan(pids[i]);
      last_scan = t;
    }
    for (int i = 0; i < nth; i++) {
      char p[96];
      long long run, wait;
      snprintf(p, sizeof p, "/proc/%d/task/%d/schedstat", ths[i].pid, ths[i].tid);
      FILE *f = fopen(p, "r");
      if (!f) continue;
      int ok = fscanf(f, "%lld %lld", &run, &wait) == 2;
      fclose(f);
      if (!ok) continue;
      if (ths[i].run >= 0 && (run != ths[i].run || wait != ths[i].wait))
        fprintf(out, "T %lld %d %d %s %lld %lld\n", (long long)t, ths[i].pid, ths[i].tid, ths[i].name,
                run - ths[i].run, wait - ths[i].wait);
      ths[i].run = run;
      ths[i].wait = wait;
    }
    if (t - last_flush >= 1000000000LL) {
      fflush(out);
      last_flush = t;
    }
    sleep_ns(period_ms * 1000000LL);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: hiccup meter OUT THRESH_US [STEAL] | hiccup threads OUT PERIOD_MS PID...\n");
    return 2;
  }
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  FILE *out = fopen(argv[2], "w");
  if (!out) {
    perror(argv[2]);
    return 1;
  }
  int rc;
  if (strcmp(argv[1], "meter") == 0) {
    rc = meter(out, atol(argv[3]), argc > 4 && atoi(argv[4]));
  } else {
    int pids[16], n = 0;
    for (int i = 4; i < argc && n < 16; i++) pids[n++] = atoi(argv[i]);
    rc = threads(out, atol(argv[3]), n, pids);
  }
  fclose(out);
  return rc;
}
