package dev.pulse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pulse.bus.Actions;
import dev.pulse.bus.Addresses;
import dev.pulse.metrics.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page's webroot/js/contract.js and the server agree: the MetricPoint field order (the History columns the charts
 * index), the bridge addresses and the actions. One source per side, and this check between them.
 */
class ContractJsTest {

  private static final Path CONTRACT = Path.of("webroot", "js", "contract.js");
  private static final Pattern STRING_CONST = Pattern.compile("^export const (\\w+) = '([^']*)';$", Pattern.MULTILINE);
  private static final Pattern ARRAY_CONST = Pattern.compile("^export const (\\w+) = \\[([^\\]]*)\\];$", Pattern.MULTILINE);
  private static final Pattern OBJECT_CONST = Pattern.compile("^export const (\\w+) = \\{\\n(.*?)\\n\\};$",
      Pattern.MULTILINE | Pattern.DOTALL);
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
  private static final Pattern ENTRY = Pattern.compile("^\\s*(\\w+): '([^']*)',?$", Pattern.MULTILINE);

  private static String source() throws IOException {
    return Files.readString(CONTRACT);
  }

  private static Map<String, String> strings(String js) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = STRING_CONST.matcher(js);
    while (m.find()) out.put(m.group(1), m.group(2));
    return out;
  }

  private static List<String> array(String js, String name) {
    Matcher m = ARRAY_CONST.matcher(js);
    while (m.find()) {
      if (!m.group(1).equals(name)) continue;
      List<String> out = new ArrayList<>();
      Matcher q = QUOTED.matcher(m.group(2));
      while (q.find()) out.add(q.group(1));
      return out;
    }
    throw new AssertionError(CONTRACT + " has no array literal " + name);
  }

  private static Map<String, String> object(String js, String name) {
    Matcher m = OBJECT_CONST.matcher(js);
    while (m.find()) {
      if (!m.group(1).equals(name)) continue;
      Map<String, String> out = new LinkedHashMap<>();
      Matcher e = ENTRY.matcher(m.group(2));
      while (e.find()) out.put(e.group(1), e.group(2));
      return out;
    }
    throw new AssertionError(CONTRACT + " has no object literal " + name);
  }

  @Test
  void metricPointFieldsInWireOrder() throws IOException {
    List<String> wire = new ArrayList<>(new Sample(1, 2, 3, 4, 5, 6, 7, 8, 9).toPoint(0).fieldNames());
    assertEquals(wire, array(source(), "POINT_FIELDS"), "contract.js POINT_FIELDS against Sample.toPoint");
  }

  @Test
  void bridgeAddresses() throws IOException {
    Map<String, String> js = strings(source());
    assertEquals(Addresses.COMMAND, js.get("COMMAND"));
    assertEquals(Addresses.METRICS_PREFIX, js.get("METRICS_PREFIX"));
    assertEquals(Addresses.CONTAINERS, js.get("CONTAINERS"));
    assertEquals(Addresses.metrics("local", "abc"), js.get("METRICS_PREFIX") + "local.abc",
        "metricsAddress() builds what Addresses.metrics does");
    assertEquals(Addresses.SUMMARY_PREFIX, js.get("SUMMARY_PREFIX"));
    assertEquals(Addresses.summary("local"), js.get("SUMMARY_PREFIX") + "local",
        "summaryAddress() builds what Addresses.summary does");
  }

  @Test
  void actions() throws IOException {
    Map<String, String> js = object(source(), "ACTIONS");
    assertEquals(Map.of("STATUS", Actions.STATUS, "HOSTS_LIST", Actions.HOSTS_LIST, "CONTAINERS_LIST",
        Actions.CONTAINERS_LIST, "CONTAINER_METRICS", Actions.CONTAINER_METRICS, "HOST_SUMMARY", Actions.HOST_SUMMARY),
        js);
  }
}
