/*
 * The kernel's floor under the cgroup collector (Benchmark 5, BENCHMARKS.md §5): the same files a Pulse cgroup
 * poller reads for one cgroup v1 sample, kept open and read with one pread from offset 0 each, as Pulse does, and
 * parsed as little as a reader must (no JVM, no event loop, no bus): cpuacct.usage, memory.usage_in_bytes,
 * memory.limit_in_bytes, total_inactive_file of memory.stat, blkio.throttle.io_service_bytes, pids.current,
 * /proc/<pid>/net/dev, and /proc/stat once per round for all containers.
 *
 * Usage: cgroup_read_floor <interval ms> <seconds> <pid>...
 *   one round over every container every <interval ms> on aligned instants for <seconds> (after one warm-up round),
 *   twice: all seven files, then without memory.limit_in_bytes; then the same rounds back to back (no sleep: warm
 *   caches) per file, to split the cost by file. Prints JSON: process CPU (CLOCK_PROCESS_CPUTIME_ID, and
 *   getrusage's user/system split) per sample.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

enum { CPU, MEM_USAGE, MEM_LIMIT, MEM_STAT, BLKIO, PIDS, NET, NFILES };
static const char *NAMES[NFILES] = {"cpuacct.usage", "memory.usage_in_bytes", "memory.limit_in_bytes",
                                    "memory.stat", "blkio.throttle.io_service_bytes", "pids.current",
                                    "net/dev"};
static const char *CONTROLLER[NFILES] = {"cpuacct", "memory", "memory", "memory", "blkio", "pids", NULL};

static int n;
static int (*fds)[NFILES];
static int proc_stat;
static char buf[65536];
static volatile unsigned long long sink; /* keeps the parsing from being optimised away */

static void die(const char *what) {
  perror(what);
  exit(1);
}

/* The container's directory of one v1 controller, from /proc/<pid>/cgroup. */
static void controller_dir(long pid, const char *controller, char *out, size_t len) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/cgroup", pid);
  FILE *f = fopen(path, "r");
  if (!f) die(path);
  char line[1024];
  while (fgets(line, sizeof line, f)) {
    char *a = strchr(line, ':'), *b = a ? strchr(a + 1, ':') : NULL;
    if (!b) continue;
    *b = 0;
    line[strcspn(line, "\n")] = 0;
    b[1 + strcspn(b + 1, "\n")] = 0;
    char *saveptr, *c;
    char ctrls[256];
    snprintf(ctrls, sizeof ctrls, "%s", a + 1);
    for (c = strtok_r(ctrls, ",", &saveptr); c; c = strtok_r(NULL, ",", &saveptr)) {
      if (strcmp(c, controller) == 0) {
        snprintf(out, len, "/sys/fs/cgroup/%s%s", controller, b + 1);
        fclose(f);
        return;
      }
    }
  }
  fprintf(stderr, "no %s controller for %ld\n", controller, pid);
  exit(1);
}

static ssize_t rd(int fd) {
  ssize_t r = pread(fd, buf, sizeof buf - 1, 0);
  if (r < 0) die("pread");
  buf[r] = 0;
  return r;
}

static unsigned long long keyed(const char *key) {
  char *p = strstr(buf, key);
  return p ? strtoull(p + strlen(key), NULL, 10) : 0;
}

/* One file of one container, parsed as the collector must. */
static void read_file(int c, int k) {
  rd(fds[c][k]);
  switch (k) {
    case MEM_STAT: sink += keyed("\ntotal_inactive_file "); break;
    case BLKIO: sink += keyed(" Read ") + keyed(" Write "); break; /* first device only: enough for the cost */
    case NET: {
      char *line = strchr(buf, '\n');
      line = line ? strchr(line + 1, '\n') : NULL; /* two header lines */
      while (line && *++line) {
        char *colon = strchr(line, ':');
        if (!colon) break;
        unsigned long long rx = strtoull(colon + 1, NULL, 10);
        sink += rx;
        line = strchr(line, '\n');
      }
      break;
    }
    default: sink += strtoull(buf, NULL, 10);
  }
}

static void round_all(unsigned mask) {
  rd(proc_stat);
  sink += strtoull(buf + 4, NULL, 10);
  for (int c = 0; c < n; c++)
    for (int k = 0; k < NFILES; k++)
      if (mask & (1u << k)) read_file(c, k);
}

static double cpu_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static void usage_now(double *user, double *sys) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  *user = u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6;
  *sys = u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

/* Rounds every interval_ms on aligned instants (as Pulse's pollers tick) for seconds; prints one JSON object. */
static void paced(const char *label, unsigned mask, long interval_ms, int seconds) {
  struct timespec next;
  clock_gettime(CLOCK_REALTIME, &next);
  long long ms = (long long)next.tv_sec * 1000 + next.tv_nsec / 1000000;
  ms = (ms / interval_ms + 1) * interval_ms;
  round_all(mask); /* warm-up round */
  int rounds = (int)(seconds * 1000L / interval_ms);
  double u0, s0, u1, s1, c0 = cpu_now();
  usage_now(&u0, &s0);
  for (int r = 0; r < rounds; r++) {
    next.tv_sec = ms / 1000;
    next.tv_nsec = (ms % 1000) * 1000000;
    while (clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &next, NULL) == EINTR) {}
    round_all(mask);
    ms += interval_ms;
  }
  double c1 = cpu_now();
  usage_now(&u1, &s1);
  double samples = (double)rounds * n;
  printf("    {\"way\": \"%s\", \"interval_ms\": %ld, \"rounds\": %d, \"samples\": %.0f, \"cpu_s\": %.6f, "
         "\"us_per_sample\": %.2f, \"user_us_per_sample\": %.2f, \"sys_us_per_sample\": %.2f, "
         "\"cpu_ms_per_s\": %.2f},\n",
         label, interval_ms, rounds, samples, c1 - c0, (c1 - c0) * 1e6 / samples, (u1 - u0) * 1e6 / samples,
         (s1 - s0) * 1e6 / samples, (c1 - c0) * 1000 / seconds);
  fflush(stdout);
}

/* One file (or /proc/stat when k < 0) of every container, rounds back to back: warm caches, the file's own cost. */
static double back_to_back(int k, int rounds) {
  double c0 = cpu_now();
  for (int r = 0; r < rounds; r++) {
    if (k < 0) {
      rd(proc_stat);
      sink += strtoull(buf + 4, NULL, 10);
    } else {
      for (int c = 0; c < n; c++) read_file(c, k);
    }
  }
  return (cpu_now() - c0) * 1e6 / ((double)rounds * (k < 0 ? 1 : n));
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s <interval ms> <seconds> <pid>...\n", argv[0]);
    return 2;
  }
  long interval_ms = atol(argv[1]);
  int seconds = atoi(argv[2]);
  n = argc - 3;
  fds = calloc(n, sizeof *fds);
  if (!fds) die("calloc");
  for (int c = 0; c < n; c++) {
    long pid = atol(argv[3 + c]);
    char dir[512], path[700];
    for (int k = 0; k < NFILES; k++) {
      if (CONTROLLER[k]) {
        controller_dir(pid, CONTROLLER[k], dir, sizeof dir);
        snprintf(path, sizeof path, "%s/%s", dir, NAMES[k]);
      } else {
        snprintf(path, sizeof path, "/proc/%ld/net/dev", pid);
      }
      if ((fds[c][k] = open(path, O_RDONLY | O_CLOEXEC)) < 0) die(path);
    }
  }
  if ((proc_stat = open("/proc/stat", O_RDONLY | O_CLOEXEC)) < 0) die("/proc/stat");
  unsigned all = (1u << NFILES) - 1;
  printf("{\"containers\": %d, \"files\": [", n);
  for (int k = 0; k < NFILES; k++) printf("%s\"%s\"", k ? ", " : "", NAMES[k]);
  printf(", \"/proc/stat once per round\"],\n  \"paced\": [\n");
  paced("all 7 files", all, interval_ms, seconds);
  paced("without memory.limit_in_bytes", all & ~(1u << MEM_LIMIT), interval_ms, seconds);
  printf("    null],\n  \"back_to_back_us_per_read\": {");
  int rounds = 20000 / n + 1;
  for (int k = 0; k < NFILES; k++) printf("\"%s\": %.2f, ", NAMES[k], back_to_back(k, rounds));
  printf("\"/proc/stat\": %.2f}}\n", back_to_back(-1, 2000));
  return sink == 42 ? 1 : 0;
}
