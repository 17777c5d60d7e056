package dev.pulse.prometheus;

import dev.pulse.bus.Fields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Pulse's own families: hosts (every host of the cluster), this node's pollers and sessions, samples per host. */
final class PulseFamilies {

  /** The collector a host reports; hosts that do not say sample through the Engine API. */
  static final String DEFAULT_COLLECTOR = "api";

  private PulseFamilies() {}

  static void write(Exposition out, JsonArray hosts, List<JsonObject> scraped, Integer pollers, Integer sessions) {
    out.family("pulse_host_available", "gauge", "Whether a Docker host's engine answers (1) or not (0).");
    for (Object o : hosts) {
      JsonObject h = (JsonObject) o;
      out.sample("pulse_host_available", h.getBoolean(Fields.AVAILABLE, false) ? 1 : 0,
          "host", h.getString(Fields.NAME), "node", String.valueOf(h.getString(Fields.NODE)));
    }
    out.family("pulse_host_info", "gauge", "A Docker host: its node, engine version and collector (api or cgroup).");
    for (Object o : hosts) {
      JsonObject h = (JsonObject) o;
      out.sample("pulse_host_info", 1, "host", h.getString(Fields.NAME),
          "node", String.valueOf(h.getString(Fields.NODE)), "engine", String.valueOf(h.getValue("Engine", "")), "collector",
          String.valueOf(h.getValue("Collector", DEFAULT_COLLECTOR)));
    }
    out.family("pulse_samples_collected_total", "counter", "Samples collected from a host's containers.");
    for (JsonObject s : scraped) {
      out.sample("pulse_samples_collected_total", s.getLong(ContainerCountersVerticle.COLLECTED, 0L),
          "host", s.getString(Fields.HOST));
    }
    out.family("pulse_samples_missed_total", "counter",
        "Poller intervals that produced no sample (request still in flight, failed, or backing off).");
    for (JsonObject s : scraped) {
      out.sample("pulse_samples_missed_total", s.getLong(ContainerCountersVerticle.MISSED, 0L),
          "host", s.getString(Fields.HOST));
    }
    if (pollers != null) {
      out.family("pulse_pollers", "gauge", "Pollers running on this node.").sample("pulse_pollers", pollers);
    }
    if (sessions != null) {
      out.family("pulse_sessions", "gauge", "Open bridge sessions on this node.").sample("pulse_sessions", sessions);
    }
    out.family("pulse_build_info", "gauge", "Pulse's version.")
        .sample("pulse_build_info", 1, "version", version());
  }

  private static String version() {
    String v = PulseFamilies.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
