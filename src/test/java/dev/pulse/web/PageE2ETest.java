package dev.pulse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.SecurityConfig;
import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.PulseTestServer;
import dev.pulse.testsupport.TestDocker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The page in a real browser against a real Pulse node and a real Docker engine: deep link, live points, the list,
 * themes, pause and ranges, reconnect with backfill, the session count going back down when the page closes, and
 * signing in to a server with a password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class PageE2ETest {

  private static final Duration SHORT = Duration.ofSeconds(15);
  private static final Duration LONG = Duration.ofSeconds(40);

  private TestDocker docker;
  private PulseTestServer server;
  private String busyId;
  private String busyName;
  private String idleId;

  @BeforeAll
  void start() {
    Browser.require();
    docker = TestDocker.require();
    busyId = docker.runBusy("e2e-busy");
    busyName = docker.uniqueName("e2e-busy");
    idleId = docker.runIdle("e2e-idle");
    docker.stop(idleId);
    server = PulseTestServer.start(PulseTestServer.config(docker.url()));
  }

  @AfterAll
  void stop() {
    try {
      if (server != null) server.close();
    } finally {
      if (docker != null) docker.close();
    }
  }

  private String statsLink() {
    return server.base() + "/#/hosts/local/containers/" + busyName + "/stats";
  }

  private static int points(Browser b) {
    return Integer.parseInt(b.attr("#stats-panel", "data-points"));
  }

  private static double percent(String text) {
    return Double.parseDouble(text.replace("%", "").trim());
  }

  private static void key(Browser b, CharSequence keys) {
    new Actions(b.driver).sendKeys(keys).perform();
  }

  /** Opens the deep link and waits for the first drawn points. */
  private void openStats(Browser b) {
    b.driver.get(statsLink());
    b.await("the page connects", SHORT, d -> "connected".equals(b.attr("#conn-state", "data-state")));
    b.await("five uPlot charts", SHORT, d -> b.all("#charts .uplot").size() == 5);
    b.await("first points drawn", LONG, d -> points(b) > 0);
  }

  @Test
  @Order(1)
  void deepLinkDrawsLivePointsAndTheListShowsStoppedContainers() {
    try (Browser b = Browser.open()) {
      openStats(b);
      assertEquals(busyId, b.attr("#inspector", "data-id"), "the name in the link resolves to the full id");
      assertEquals("true", b.attr("#tab-stats", "aria-selected"), "the link opened the Stats tab");

      int first = points(b);
      b.await("three more points pushed live", LONG, d -> points(b) >= first + 3);
      long plotted = ((Number) b.js("return pulse.charts.plots[0].data[0].length")).longValue();
      assertTrue(plotted >= first + 3, "the CPU chart plots the pushed points (" + plotted + ")");
      double cpu = b.await("CPU readout of a busy container in 60-130 %", LONG, d -> {
        double v = percent(b.text("#readout-cpu"));
        return v >= 60 && v <= 130 ? v : null;
      });
      assertTrue(b.text("#readout-mem").endsWith("%") && b.text("#readout-mem-usage").matches("[0-9.]+ (B|KiB|MiB|GiB)"),
          "memory readouts in human units: " + b.text("#readout-mem-usage") + ", " + b.text("#readout-mem"));
      assertTrue(b.text("#readout-net-rx").endsWith("B/s"), "network rates in B/s units");

      // pause freezes the view while points are still stored
      b.driver.findElement(By.id("pause-toggle")).click();
      int frozenPlot = ((Number) b.js("return pulse.charts.plots[0].data[0].length")).intValue();
      int held = points(b);
      b.await("points keep arriving while paused", LONG, d -> points(b) >= held + 2);
      assertEquals(frozenPlot, ((Number) b.js("return pulse.charts.plots[0].data[0].length")).intValue(),
          "a paused chart is not redrawn");
      key(b, "p");
      b.await("resuming draws what arrived meanwhile", SHORT,
          d -> ((Number) b.js("return pulse.charts.plots[0].data[0].length")).intValue() >= frozenPlot + 2);

      // gaps are gaps: a stopped and restarted container leaves a null in the data, not a line across
      docker.stop(busyId);
      b.await("the inspector shows the container stopped", SHORT,
          d -> "exited".equals(b.attr("#insp-state", "data-state")));
      b.await("more than 1.5 intervals without a sample", SHORT, d -> (Boolean) b.js(
          "const l = pulse.inspector.series.last; return Date.now() - l.timestamp > 2500"));
      docker.start(busyId);
      b.await("a hole in the CPU line, then new points after it", LONG, d -> (Boolean) b.js(
          "const c = pulse.charts.plots[0].data[1]; const i = c.indexOf(null);"
              + " return i > 0 && c.slice(i + 1).filter(v => v != null).length >= 2"));

      // the list: Escape closes the inspector; the stopped container is there, marked stopped
      key(b, Keys.ESCAPE);
      b.await("inspector closed, address back to the list", SHORT,
          d -> !b.driver.findElement(By.id("inspector")).isDisplayed()
              && List.of("#/", "").contains((String) b.js("return location.hash")));
      WebElement idle = b.await("the stopped container is listed", SHORT,
          d -> b.all("#container-list tr[data-id='" + idleId + "']").stream().findFirst().orElse(null));
      assertEquals("exited", idle.getAttribute("data-state"));
      assertTrue(idle.getAttribute("class").contains("stopped"));
      assertEquals("stopped", idle.findElement(By.cssSelector(".col-state")).getText().trim());
      assertEquals("—", idle.findElement(By.cssSelector(".col-cpu .v")).getText().trim());
      String busyRow = "#container-list tr[data-id='" + busyId + "']";
      b.await("live CPU in the busy container's row", LONG, d -> {
        String t = b.text(busyRow + " .col-cpu .v");
        return !t.equals("—") && percent(t) > 20;
      });
      b.await("the list groups by host", SHORT, d -> b.all("#container-list tr.host-row[data-host='local']").size() == 1);
      b.screenshot("list.png");

      // keyboard: / filters, Enter selects the first match, Enter opens it, ] and [ switch tabs
      key(b, "/");
      b.await("/ focuses the filter", SHORT, d -> "filter".equals(b.js("return document.activeElement.id")));
      key(b, busyName);
      b.await("filter narrows the list", SHORT, d -> b.all("#container-list tr[data-id]").size() == 1);
      key(b, Keys.ENTER);
      key(b, Keys.ENTER);
      b.await("Enter opens the inspector", SHORT, d -> busyId.equals(b.attr("#inspector", "data-id"))
          && b.driver.findElement(By.id("inspector")).isDisplayed());
      key(b, "]");
      b.await("] shows the Info tab and the address follows", SHORT,
          d -> b.driver.findElement(By.id("info-panel")).isDisplayed()
              && ((String) b.js("return location.hash")).endsWith("/info"));
      assertTrue(b.text("#info-list").contains(busyId), "Info shows the full id");
      key(b, "[");
      b.await("[ goes back to Stats", SHORT, d -> b.driver.findElement(By.id("stats-panel")).isDisplayed()
          && ((String) b.js("return location.hash")).endsWith("/stats"));
      assertTrue(cpu > 0);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> colors(Browser b) {
    return (Map<String, String>) b.js("""
        const u = pulse.charts.plots[0];
        return {
          theme: document.documentElement.dataset.theme,
          background: getComputedStyle(document.body).backgroundColor,
          stroke: u.series[1].stroke(u, 1),
          axis: u.axes[1].stroke(u, 1),
          grid: u.axes[1].grid.stroke(u, 1),
          cssStroke: getComputedStyle(document.documentElement).getPropertyValue('--c-cpu').trim(),
        };""");
  }

  @Test
  @Order(2)
  void themeSwitchRecolorsPageAndCharts() {
    try (Browser b = Browser.open()) {
      openStats(b);
      b.driver.findElement(By.cssSelector("[data-range='all']")).click();
      b.await("All range spans the whole history", SHORT, d -> (Boolean) b.js(
          "const u = pulse.charts.plots[0]; return Math.abs(u.scales.x.min - u.data[0][0]) < 61"));
      b.await("live values in the list beside the charts", LONG,
          d -> !b.text("#container-list tr[data-id='" + busyId + "'] .col-cpu .v").equals("—"));
      Map<String, String> before = colors(b);
      assertEquals(before.get("cssStroke"), before.get("stroke"), "the chart uses the theme's CPU color");
      b.screenshot("stats-" + before.get("theme") + ".png");

      b.driver.findElement(By.id("theme-toggle")).click();
      b.await("the button switches the theme", SHORT, d -> !before.get("theme").equals(colors(b).get("theme")));
      Map<String, String> after = colors(b);
      for (String k : List.of("background", "stroke", "axis", "grid")) {
        assertNotEquals(before.get(k), after.get(k), k + " changes with the theme");
      }
      assertEquals(after.get("cssStroke"), after.get("stroke"), "the chart follows the new theme at once");
      b.await("charts redrawn after the rebuild", SHORT, d -> b.all("#charts .uplot").size() == 5);
      b.screenshot("stats-" + after.get("theme") + ".png");

      key(b, "t");
      b.await("T switches back", SHORT, d -> before.get("theme").equals(colors(b).get("theme")));
      assertEquals(before.get("stroke"), colors(b).get("stroke"));
      assertEquals(before.get("background"), colors(b).get("background"));

      key(b, "T");
      b.await("switched again", SHORT, d -> after.get("theme").equals(colors(b).get("theme")));
      b.driver.navigate().refresh();
      b.await("the choice is remembered across a reload", SHORT, d -> after.get("theme").equals(
          b.js("return document.documentElement.dataset.theme")) && b.all("#charts .uplot").size() == 5);
      assertEquals(after.get("stroke"), colors(b).get("stroke"));

      b.driver.findElement(By.cssSelector("[data-range='300']")).click();
      b.await("5 min range", SHORT, d -> (Boolean) b.js(
          "const u = pulse.charts.plots[0]; return Math.abs(u.scales.x.max - u.scales.x.min - 300) < 1"));
    }
  }

  @Test
  @Order(3)
  void closingThePageEndsItsSession() {
    // earlier browsers are gone by now; wait for their sessions to be counted out before taking the baseline
    Await.until("no session left from earlier tests", SHORT, () -> sessions() == 0);
    int baseline = sessions();
    Browser b = Browser.open();
    try {
      b.driver.get(server.base() + "/");
      b.await("the page connects", SHORT, d -> "connected".equals(b.attr("#conn-state", "data-state")));
      b.await("the page is counted as a session", SHORT, d -> sessions() == baseline + 1);
    } finally {
      b.close();
    }
    Await.until("Sessions back to " + baseline + " after the page closed", Duration.ofSeconds(20),
        () -> sessions() == baseline);
  }

  private int sessions() {
    return server.status().getInteger("Sessions");
  }

  @Test
  @Order(4)
  void reconnectsBackfillsWithoutDuplicatesAndResetsAfterARestart() throws Exception {
    try (Browser b = Browser.open()) {
      openStats(b);
      b.await("a few points", LONG, d -> points(b) >= 3);
      // a dropped socket on a live server: reconnect, then backfill exactly what was missed
      b.js("pulse.bus.sock.close()");
      b.await("reconnecting is shown", SHORT, d -> "reconnecting".equals(b.attr("#conn-state", "data-state")));
      b.await("connected again", SHORT, d -> "connected".equals(b.attr("#conn-state", "data-state")));
      int afterReconnect = points(b);
      b.await("live again after the reconnect", LONG, d -> points(b) >= afterReconnect + 3);
      assertContiguous(b);

      // a restarted server has a new history: the page drops its copy and draws the new one
      long stoppedAt = System.currentTimeMillis();
      int port = server.port();
      server.close();
      server = null;
      b.await("the page notices the server is gone", SHORT, d -> {
        String text = b.text("#conn-state");
        return "reconnecting".equals(b.attr("#conn-state", "data-state")) && text.startsWith("reconnecting");
      });
      server = PulseTestServer.start(PulseTestServer.config(docker.url()).withHttp("127.0.0.1", port));
      b.await("reconnected to the new server", LONG, d -> "connected".equals(b.attr("#conn-state", "data-state")));
      b.await("only the new server's points are held, and they arrive live", LONG, d -> (Boolean) b.js(
          "const p = pulse.inspector.series.points; return p.length >= 2 && p[0].timestamp > arguments[0]",
          stoppedAt));
      assertContiguous(b);
    }
  }

  @Test
  @Order(5)
  void aServerWithAPasswordAsksForItBeforeAnything() {
    var secured = PulseTestServer.config(docker.url())
        .withSecurity(SecurityConfig.none().withSecret("e2e-secret"));
    try (PulseTestServer locked = PulseTestServer.start(secured); Browser b = Browser.open()) {
      b.driver.get(locked.base() + "/#/hosts/local/containers/" + busyName + "/stats");
      b.await("the sign-in form", SHORT, d -> b.driver.findElement(By.id("login")).isDisplayed());
      assertEquals(401, locked.get("/api/status").status(), "nothing is served without signing in");
      WebElement password = b.driver.findElement(By.id("login-password"));
      password.sendKeys("not-the-secret", Keys.ENTER);
      b.await("a wrong password is refused", LONG, d -> !b.text("#login-error").isEmpty());
      assertTrue(b.driver.findElement(By.id("login")).isDisplayed());

      password.clear();
      password.sendKeys("e2e-secret", Keys.ENTER);
      b.await("signed in and connected", LONG, d -> !b.driver.findElement(By.id("login")).isDisplayed()
          && "connected".equals(b.attr("#conn-state", "data-state")));
      b.await("the deep link opens once signed in", LONG, d -> points(b) > 0);

      b.driver.findElement(By.id("logout")).click();
      b.await("signed out: the form again and the bridge closed", SHORT,
          d -> b.driver.findElement(By.id("login")).isDisplayed()
              && "closed".equals(b.attr("#conn-state", "data-state")));
      assertEquals(401, locked.get("/api/status").status(), "still closed to strangers");
    }
  }

  @Test
  @Order(6)
  void afterARestartOnTheSameDataDirectoryThePageDrawsTheOldHistoryWithTheGap() throws Exception {
    java.nio.file.Path data = java.nio.file.Files.createTempDirectory("pulse-e2e-data-");
    var config = PulseTestServer.config(docker.url()).withDataDir(data.toString());
    String metrics = "/api/hosts/local/containers/" + busyId + "/metrics";
    long stoppedAt;
    int before;
    try (PulseTestServer first = PulseTestServer.start(config)) {
      // a 404 until discovery has listed the containers (README Limits)
      Await.until("three points sampled before the restart", LONG, () -> {
        PulseTestServer.Reply r = first.get(metrics);
        return r.status() == 200 && r.json().getLong("From") >= 3;
      });
      stoppedAt = System.currentTimeMillis();
      before = first.get(metrics).json().getJsonObject("Metrics").getJsonArray("seq").size();
    }
    try (PulseTestServer again = PulseTestServer.start(config); Browser b = Browser.open()) {
      long restartedAt = System.currentTimeMillis();
      b.driver.get(again.base() + "/#/hosts/local/containers/" + busyName + "/stats");
      b.await("the old history is drawn at once", LONG, d -> points(b) >= before);
      b.await("old points, a hole, then points sampled after the restart", LONG, d -> (Boolean) b.js(
          "const d = pulse.charts.plots[0].data; const x = d[0], c = d[1]; const i = c.indexOf(null);"
              + " return i > 0 && c[i - 1] != null && x[i - 1] * 1000 <= arguments[0]"
              + " && c.slice(i + 1).some(v => v != null) && x[x.length - 1] * 1000 > arguments[1]",
          stoppedAt, restartedAt));
    } finally {
      try (var files = java.nio.file.Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** Seqs held are strictly increasing with no hole: nothing duplicated, nothing lost across a reconnect. */
  private static void assertContiguous(Browser b) {
    String problem = (String) b.js("""
        const p = pulse.inspector.series.points;
        for (let i = 1; i < p.length; i++) {
          if (p[i].seq !== p[i - 1].seq + 1) return 'seq ' + p[i - 1].seq + ' then ' + p[i].seq;
        }
        return null;""");
    assertFalse(problem != null, "held points are contiguous: " + problem);
  }
}
