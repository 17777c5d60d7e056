package dev.pulse.docker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.Statistics;
import java.io.IOException;
import java.io.InputStream;

/** Reads a stats response body of the Docker Engine API into a {@link StatsSnapshot}. */
public final class StatsParser {

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private StatsParser() {}

  public static StatsSnapshot parse(InputStream body) throws IOException {
    return parse(JSON.readTree(body));
  }

  public static StatsSnapshot parse(String body) throws IOException {
    return parse(JSON.readTree(body));
  }

  /** The current sample of a payload. */
  static StatsSnapshot parse(JsonNode tree) throws IOException {
    // cgroup v2 engines report an unlimited pids.max as 2^64-1, which does not fit docker-java's Long field;
    // Pulse does not use the limit.
    if (tree.path("pids_stats") instanceof ObjectNode pids) pids.remove("limit");
    return StatsSnapshot.of(JSON.treeToValue(tree, Statistics.class));
  }

  /** The payload with {@code precpu_stats} as its CPU sample: the daemon's previous sample as a snapshot. */
  public static StatsSnapshot parsePrevious(String body) throws IOException {
    JsonNode tree = JSON.readTree(body);
    ((ObjectNode) tree).set("cpu_stats", tree.path("precpu_stats"));
    if (tree.hasNonNull("preread")) ((ObjectNode) tree).set("read", tree.get("preread"));
    return parse(tree);
  }
}
