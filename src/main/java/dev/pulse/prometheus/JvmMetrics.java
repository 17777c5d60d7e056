package dev.pulse.prometheus;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process and JVM families every Prometheus client library exports, under the names of client_java
 * ({@code process_*}, {@code jvm_*}), read from the platform MXBeans at scrape time.
 */
final class JvmMetrics {

  private JvmMetrics() {}

  static void write(Exposition out) {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      out.family("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.")
          .sample("process_cpu_seconds_total", sun.getProcessCpuTime() / 1e9);
    }
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      out.family("process_open_fds", "gauge", "Number of open file descriptors.")
          .sample("process_open_fds", unix.getOpenFileDescriptorCount());
      out.family("process_max_fds", "gauge", "Maximum number of open file descriptors.")
          .sample("process_max_fds", unix.getMaxFileDescriptorCount());
    }
    out.family("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.")
        .sample("process_start_time_seconds", ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
    long rss = residentBytes();
    if (rss >= 0) {
      out.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.")
          .sample("process_resident_memory_bytes", rss);
    }
    var memory = ManagementFactory.getMemoryMXBean();
    MemoryUsage heap = memory.getHeapMemoryUsage();
    MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
    out.family("jvm_memory_used_bytes", "gauge", "Used bytes of a given JVM memory area.")
        .sample("jvm_memory_used_bytes", heap.getUsed(), "area", "heap")
        .sample("jvm_memory_used_bytes", nonHeap.getUsed(), "area", "nonheap");
    out.family("jvm_memory_committed_bytes", "gauge", "Committed bytes of a given JVM memory area.")
        .sample("jvm_memory_committed_bytes", heap.getCommitted(), "area", "heap")
        .sample("jvm_memory_committed_bytes", nonHeap.getCommitted(), "area", "nonheap");
    out.family("jvm_memory_max_bytes", "gauge", "Max bytes of a given JVM memory area (-1 when undefined).")
        .sample("jvm_memory_max_bytes", heap.getMax(), "area", "heap")
        .sample("jvm_memory_max_bytes", nonHeap.getMax(), "area", "nonheap");
    out.family("jvm_threads_current", "gauge", "Current thread count of a JVM.")
        .sample("jvm_threads_current", ManagementFactory.getThreadMXBean().getThreadCount());
    out.family("jvm_gc_collection_seconds_total", "counter", "Time spent in a given JVM garbage collector.");
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      out.sample("jvm_gc_collection_seconds_total", Math.max(0, gc.getCollectionTime()) / 1000.0, "gc", gc.getName());
    }
    out.family("jvm_gc_collections_total", "counter", "Collections run by a given JVM garbage collector.");
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      out.sample("jvm_gc_collections_total", Math.max(0, gc.getCollectionCount()), "gc", gc.getName());
    }
  }

  /** VmRSS from {@code /proc/self/status}; -1 where there is none. A small, bounded read of the kernel's own file. */
  private static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no procfs: the family is left out
    }
    return -1;
  }
}
