package dev.pulse.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.SecurityConfig;
import org.junit.jupiter.api.Test;

class ExpositionTest {

  @Test
  void labelValuesAreEscapedAndNumbersWrittenAsTheFormatWants() {
    String text = new Exposition().family("m_total", "counter", "help")
        .sample("m_total", 3, 1700000000000L, "name", "a\"b\\c\nd")
        .sample("m_total", 0.5, "name", "x")
        .sample("m_total", Double.NaN).toString();
    assertEquals("# HELP m_total help\n# TYPE m_total counter\n"
        + "m_total{name=\"a\\\"b\\\\c\\nd\"} 3 1700000000000\nm_total{name=\"x\"} 0.5\nm_total NaN\n", text);
  }

  @Test
  void onlyTheExactBearerTokenOpensTheEndpoint() {
    MetricsRoute route = new MetricsRoute(null, SecurityConfig.none().withSecret("s").withMetricsToken("0123456789abcdefX"),
        h -> io.vertx.core.Future.succeededFuture(false));
    assertTrue(route.bearer("Bearer 0123456789abcdefX"));
    assertTrue(route.bearer("bearer 0123456789abcdefX"));
    assertFalse(route.bearer("Bearer 0123456789abcdefY"));
    assertFalse(route.bearer("Bearer 0123456789abcdef"));
    assertFalse(route.bearer("Basic 0123456789abcdefX"));
    assertFalse(route.bearer(null));
    MetricsRoute noToken = new MetricsRoute(null, SecurityConfig.none().withSecret("s"), h -> io.vertx.core.Future.succeededFuture(false));
    assertFalse(noToken.bearer("Bearer "));
  }
}
