package dev.pulse.polling;

import dev.pulse.bus.Fields;
import dev.pulse.cgroup.CgroupSource;
import dev.pulse.config.CollectorConfig;
import dev.pulse.config.DockerHostSpec;
import io.vertx.core.json.JsonObject;

/**
 * Which collector one Docker host's pollers read from: its containers' cgroup files ({@code source} set) or the Docker
 * Engine API, and, when the API stands in for the cgroup files, why ({@code error}).
 */
public record CollectorChoice(CollectorConfig.Mode mode, CgroupSource source, String error) {

  public static final String CGROUP = "cgroup";
  public static final String API = "api";

  /** Probes the trees; blocking (file system). */
  @FunctionalInterface
  public interface Probe {
    CgroupSource probe() throws java.io.IOException;
  }

  /**
   * {@code api} takes the API; {@code auto} takes the cgroup files when the engine is on this machine and the trees
   * are readable, else the API with the reason; {@code cgroup} takes them or stops start-up saying why.
   */
  public static CollectorChoice decide(CollectorConfig.Mode mode, DockerHostSpec host, boolean pids, Probe probe) {
    if (mode == CollectorConfig.Mode.API) return new CollectorChoice(mode, null, null);
    if (!host.local() || !pids) {
      String why = !host.local() ? "engine " + host.url() + " is not on this machine"
          : "engine " + host.url() + " gives no container process ids";
      if (mode == CollectorConfig.Mode.CGROUP) throw new IllegalStateException("PULSE_COLLECTOR=cgroup: " + why);
      return new CollectorChoice(mode, null, why);
    }
    try {
      return new CollectorChoice(mode, probe.probe(), null);
    } catch (java.io.IOException | RuntimeException e) {
      if (mode == CollectorConfig.Mode.CGROUP) {
        throw new IllegalStateException("PULSE_COLLECTOR=cgroup: " + e.getMessage(), e);
      }
      return new CollectorChoice(mode, null, e.getMessage());
    }
  }

  public boolean cgroup() {
    return source != null;
  }

  /**
   * After a container's files could not be read: {@code auto} turns the host to the API for good, saying why;
   * {@code cgroup} stays and reports the last failure.
   */
  public CollectorChoice failed(String why) {
    if (mode == CollectorConfig.Mode.AUTO && source != null) {
      return new CollectorChoice(mode, null, why + "; using the Docker API");
    }
    return new CollectorChoice(mode, source, why);
  }

  /** {@code {"Collector": "cgroup" | "api", "CollectorError": "…" | null}}. */
  public JsonObject toJson() {
    return new JsonObject().put(Fields.COLLECTOR, cgroup() ? CGROUP : API).put(Fields.COLLECTOR_ERROR, error);
  }
}
