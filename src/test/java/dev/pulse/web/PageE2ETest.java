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
import org.openqa.selenium.Dimension;
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
  private String ioId;

  @BeforeAll
  void start() {
    Browser.require();
    docker = TestDocker.require();
    busyId = docker.runBusy("e2e-busy");
    busyName = docker.uniqueName("e2e-busy");
    idleId = docker.runIdle("e2e-idle");
    docker.stop(idleId);
    // a second running container with other numbers, so that every column has something to sort
    ioId = docker.run("e2e-io", "sh", "-c", "while true; do echo x > /tmp/x; sleep 1; done");
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

  /**
   * What a list cell's number reads ("" before it is written): the canvas draws it, the cell's aria-label carries it
   * for assistive tech.
   */
  private static String cell(Browser b, String row, String column) {
    String label = b.attr(row + " .col-" + column, "aria-label");
    return label == null ? "" : label;
  }

  /** Whether a row shows a live number in a cell. */
  private static boolean live(Browser b, String row, String column) {
    return !List.of("", "—").contains(cell(b, row, column));
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
      // the Stats tab's CSV download: the REST history of this container as CSV, opened by the page's own cookie
      b.await("a CSV download link for the container", SHORT, d -> b.driver.findElement(By.id("csv-download")).isDisplayed()
          && ("/api/hosts/local/containers/" + busyId + "/metrics?from=0&format=csv").equals(
              b.js("return new URL(document.querySelector('#csv-download').href).pathname"
                  + " + new URL(document.querySelector('#csv-download').href).search")));
      String csvHead = (String) ((org.openqa.selenium.JavascriptExecutor) b.driver).executeAsyncScript(
          "const done = arguments[arguments.length - 1];"
              + " fetch(document.querySelector('#csv-download').href).then(r => r.text()).then(t => done(t.split('\\r\\n')[0]));");
      assertEquals("seq,timestamp,time,cpu,mem,memUsage,memLimit,netRx,netTx,blkRead,blkWrite,pids", csvHead);
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
      assertEquals("—", idle.findElement(By.cssSelector(".col-cpu")).getAttribute("aria-label"));
      String busyRow = "#container-list tr[data-id='" + busyId + "']";
      b.await("live CPU in the busy container's row", LONG, d -> {
        return live(b, busyRow, "cpu") && percent(cell(b, busyRow, "cpu")) > 20;
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
          d -> live(b, "#container-list tr[data-id='" + busyId + "']", "cpu"));
      Map<String, String> before = colors(b);
      assertEquals(before.get("cssStroke"), before.get("stroke"), "the chart uses the theme's CPU color");
      b.screenshot("stats-" + before.get("theme") + ".png");

      b.driver.findElement(By.id("theme-toggle")).click();
      b.await("the button switches the theme", SHORT, d -> !before.get("theme").equals(colors(b).get("theme")));
      b.await("the list's canvas drawn again in the theme's colours", SHORT, d -> (Boolean) b.js(
          "const k = pulse.list.painter.colors; return !!k && k.cpu"
              + " === getComputedStyle(document.documentElement).getPropertyValue('--c-cpu').trim()"));
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

  /** The value at quantile `q` of sorted `v` (1: the max), NaN when empty. */
  private static double pick(List<Double> v, double q) {
    return v.isEmpty() ? Double.NaN : v.get(Math.min(v.size() - 1, (int) Math.floor(q * v.size())));
  }

  /** The columns the list's canvas draws, left to right. */
  private static final String PAINTED_COLUMNS = "return (pulse.list.painter.cols || []).map((c) => c.id)";

  /**
   * A host's rows in the order assistive tech reads them (its tbody's aria-owns; the rows keep their DOM place and
   * stand in sort order by a translate).
   */
  private static final String ROWS_IN_ORDER = """
      const ROWS_IN_ORDER = (host) => document.querySelector(`#container-list tbody[data-host="${host}"]`)
        .getAttribute('aria-owns').split(' ').map((id) => document.getElementById(id)).filter((tr) => tr.dataset.key);
      """;

  /**
   * Whether the local host's rows are in the order the header's aria-sort says, by the inventory's own values, and
   * shown in it.
   */
  private static final String SORTED_BY = ROWS_IN_ORDER + """
      const key = arguments[0];
      const th = document.querySelector(`#container-list th[data-sort="${key}"]`);
      if (th.getAttribute('aria-sort') === 'none') return false;
      const dir = th.getAttribute('aria-sort') === 'ascending' ? 1 : -1;
      const value = (c) => {
        const p = c.State === 'running' && c.last;
        if (!p) return null;
        return key === 'net' ? p.netRx + p.netTx : key === 'blk' ? p.blkRead + p.blkWrite : p[key];
      };
      const rows = ROWS_IN_ORDER('local');
      const vals = rows.map((tr) => value(pulse.inventory.containers.get(tr.dataset.key)));
      // and one sees them in that order: the rows in view stand one below the other
      const pane = document.querySelector('#list-pane').getBoundingClientRect();
      const tops = rows.map((tr) => tr.getBoundingClientRect()).filter((r) => r.bottom > pane.top && r.top < pane.bottom)
        .map((r) => r.top);
      if (tops.some((t, i) => i > 0 && t <= tops[i - 1])) return false;
      let nulls = false;
      for (let i = 0; i < vals.length; i++) {
        if (vals[i] == null) { nulls = true; continue; }
        if (nulls) return false;
        if (i > 0 && (vals[i] - vals[i - 1]) * dir < 0) return false;
      }
      return vals.filter((v) => v != null).length >= 2;""";

  @Test
  @Order(6)
  void theListHasDockerStatsColumnsEachSortableHiddenByChoiceAndOnNarrowWindows() {
    try (Browser b = Browser.open()) {
      b.driver.get(server.base() + "/");
      b.await("the page connects", SHORT, d -> "connected".equals(b.attr("#conn-state", "data-state")));
      String busyRow = "#container-list tr[data-id='" + busyId + "']";
      String ioRow = "#container-list tr[data-id='" + ioId + "']";
      b.await("live values in every column of a running row", LONG, d -> List.of("cpu", "mem", "memusage",
          "net", "blk", "pids").stream().allMatch(c -> live(b, busyRow, c)) && live(b, ioRow, "pids"));
      assertTrue(cell(b, busyRow, "memusage").matches("[0-9.]+ (B|KiB|MiB) / [0-9.]+ (KiB|MiB|GiB|TiB)"),
          "memory used / limit: " + cell(b, busyRow, "memusage"));
      assertTrue(cell(b, busyRow, "net").matches("[0-9.]+ [kMG]?B/s / [0-9.]+ [kMG]?B/s"),
          "network rx / tx: " + cell(b, busyRow, "net"));
      assertTrue(cell(b, busyRow, "blk").matches("[0-9.]+ [kMG]?B/s / [0-9.]+ [kMG]?B/s"),
          "block read / write: " + cell(b, busyRow, "blk"));
      assertTrue(Integer.parseInt(cell(b, busyRow, "pids")) >= 1, "PIDs");
      b.await("the canvas draws every numeric column", SHORT, d -> List.of("cpu", "mem", "trend", "memusage", "net",
          "blk", "pids").equals(b.js(PAINTED_COLUMNS)));

      for (String sortKey : List.of("cpu", "mem", "memUsage", "net", "blk", "pids")) {
        By header = By.cssSelector("#container-list th[data-sort='" + sortKey + "'] button");
        for (int click = 0; click < 2; click++) {
          b.driver.findElement(header).click();
          String dir = b.attr("#container-list th[data-sort='" + sortKey + "']", "aria-sort");
          b.await("rows sorted by " + sortKey + " " + dir, SHORT, d -> (Boolean) b.js(SORTED_BY, sortKey));
        }
      }
      b.await("stopped rows last", SHORT, d -> (Boolean) b.js(ROWS_IN_ORDER
          + "const r = ROWS_IN_ORDER('local'); return r[r.length - 1].dataset.state !== 'running'"));

      // the Columns menu from the keyboard: C opens it, a column hidden stays hidden after a reload
      key(b, "c");
      b.await("C opens the Columns menu", SHORT, d -> b.driver.findElement(By.id("columns-menu")).isDisplayed());
      b.driver.findElement(By.cssSelector("#columns-menu input[data-col='net']")).click();
      key(b, Keys.ESCAPE);
      b.await("Escape closes the menu", SHORT, d -> !b.driver.findElement(By.id("columns-menu")).isDisplayed());
      assertFalse(b.driver.findElement(By.cssSelector(busyRow + " .col-net")).isDisplayed(), "network hidden");
      b.await("and no longer drawn on the canvas", SHORT, d -> !((List<?>) b.js(PAINTED_COLUMNS)).contains("net"));
      b.driver.navigate().refresh();
      b.await("the choice is remembered", SHORT, d -> !b.all(busyRow).isEmpty()
          && !b.driver.findElement(By.cssSelector(busyRow + " .col-net")).isDisplayed()
          && b.driver.findElement(By.cssSelector(busyRow + " .col-blk")).isDisplayed());
      b.driver.findElement(By.id("columns-toggle")).click();
      b.driver.findElement(By.cssSelector("#columns-menu input[data-col='net']")).click();
      assertTrue(b.driver.findElement(By.cssSelector(busyRow + " .col-net")).isDisplayed(), "shown again");
      b.driver.findElement(By.id("columns-toggle")).click();

      // a phone-sized window keeps name, state, CPU and memory
      b.driver.manage().window().setSize(new Dimension(420, 800));
      b.await("narrow: only name, state, CPU and memory", SHORT, d -> {
        for (String c : List.of("name", "state", "cpu", "mem")) {
          if (!b.driver.findElement(By.cssSelector("#container-list th.col-" + c)).isDisplayed()) return false;
        }
        for (String c : List.of("image", "trend", "memusage", "net", "blk", "pids", "status")) {
          if (b.driver.findElement(By.cssSelector("#container-list th.col-" + c)).isDisplayed()) return false;
        }
        return List.of("cpu", "mem").equals(b.js(PAINTED_COLUMNS));
      });
      b.driver.manage().window().setSize(new Dimension(1400, 900));
    }
  }

  @Test
  @Order(7)
  void whatOtherPartsOfPulseReportIsShownAndAbsentFieldsShowNothing() {
    try (Browser b = Browser.open()) {
      b.driver.get(server.base() + "/");
      b.await("the page connects", SHORT, d -> "connected".equals(b.attr("#conn-state", "data-state")));
      String idleRow = "#container-list tr[data-id='" + idleId + "']";
      b.await("the list", SHORT, d -> !b.all(idleRow).isEmpty());
      // what the server reports: the host's collector and this node's cost
      b.await("the host's collector in its header", LONG, d -> {
        Object collector = b.js("return pulse.inventory.hosts.get('local').Collector ?? null");
        String text = b.text(".host-row[data-host='local'] .host-collector");
        return collector == null ? text.isEmpty()
            : text.equals("cgroup".equals(collector) ? "via cgroup files" : "api".equals(collector) ? "via Docker API"
                : "via " + collector);
      });
      b.await("Pulse's own cost in the header when the status has one", LONG, d -> (Boolean) b.js(
          "return pulse.conn.status.Cost ? /^Pulse /.test(document.querySelector('#pulse-cost').textContent)"
              + " : !document.querySelector('#pulse-cost')"));
      // exact rendering, and State unknown (sent for an unavailable host): replies amended in the page
      b.js("""
          const conn = pulse.conn;
          const real = conn.command.bind(conn);
          conn.command = async (action, args) => {
            const r = await real(action, args);
            if (action === 'status') r.Cost = {CpuPercent: 0.43, SamplesPerSecond: 50, CpuMsPerSample: 0.6};
            if (action === 'hosts.list') for (const h of r.Hosts) h.Collector = 'cgroup';
            if (action === 'containers.list') for (const c of r.Containers) if (c.Id === arguments[0]) c.State = 'unknown';
            return r;
          };
          conn.refreshStatus();
          pulse.inventory.refresh();""".replace("arguments[0]", "'" + idleId + "'"));
      b.await("Pulse's own cost in the header", SHORT,
          d -> !b.all("#pulse-cost").isEmpty() && "Pulse 0.4 % CPU · 50 samples/s".equals(b.text("#pulse-cost")));
      b.await("the collector with the host", SHORT,
          d -> "via cgroup files".equals(b.text(".host-row[data-host='local'] .host-collector")));
      b.await("a container of an unavailable host reads unknown", SHORT,
          d -> "unknown".equals(b.attr(idleRow, "data-state")) && "unknown".equals(b.text(idleRow + " .col-state")));
      assertTrue(b.attr(idleRow, "class").contains("unknown") && !b.attr(idleRow, "class").contains("stopped"),
          "styled as unknown, not as stopped");
      b.await("live values in the busy container's row", LONG,
          d -> live(b, "#container-list tr[data-id='" + busyId + "']", "cpu"));
      String theme = (String) b.js("return document.documentElement.dataset.theme");
      b.screenshot("list-" + theme + ".png");
      key(b, "t");
      b.await("the other theme", SHORT, d -> !theme.equals(b.js("return document.documentElement.dataset.theme")));
      b.screenshot("list-" + b.js("return document.documentElement.dataset.theme") + ".png");
    }
  }

  @Test
  @Order(8)
  void compareDrawsTheSelectedContainersFromADeepLinkAndFromTheKeyboard() {
    String ioName = docker.uniqueName("e2e-io");
    try (Browser b = Browser.open()) {
      b.driver.get(server.base() + "/#/compare/local/" + busyName + ",local/" + ioName);
      b.await("the page connects", SHORT, d -> "connected".equals(b.attr("#conn-state", "data-state")));
      b.await("two CPU and memory charts", SHORT, d -> b.all("#compare .uplot").size() == 2);
      b.await("a legend entry per container, resolved to its id", LONG, d -> (Boolean) b.js(
          "const li = [...document.querySelectorAll('#compare-legend li')];"
              + " return li.length === 2 && li[0].dataset.id === arguments[0] && li[1].dataset.id === arguments[1]",
          busyId, ioId));
      b.await("both containers drawn on both charts", LONG, d -> (Boolean) b.js("""
          const plots = pulse.compare.plots;
          return plots.length === 2 && plots.every((u) => u.series.length === 3
              && [1, 2].every((s) => u.data[s].filter((v) => v != null).length >= 2));"""));
      assertNotEquals(b.js("return pulse.compare.plots[0].series[1].stroke(pulse.compare.plots[0], 1)"),
          b.js("return pulse.compare.plots[0].series[2].stroke(pulse.compare.plots[0], 2)"), "one colour each");
      double busyCpu = ((Number) b.js("const d = pulse.compare.plots[0].data[1].filter(v => v != null);"
          + " return d[d.length - 1]")).doubleValue();
      assertTrue(busyCpu > 20, "the busy container's CPU is on its own line: " + busyCpu);
      b.await("the list stays live beside the comparison", LONG,
          d -> live(b, "#container-list tr[data-id='" + busyId + "']", "cpu"));
      b.screenshot("compare.png");
      key(b, "t");
      b.await("the dark theme", SHORT, d -> "dark".equals(b.js("return document.documentElement.dataset.theme")));
      b.await("the charts recoloured", SHORT, d -> b.all("#compare .uplot").size() == 2);
      b.screenshot("compare-dark.png");

      // the keyboard: Escape back to the list, X picks rows, V compares them
      key(b, Keys.ESCAPE);
      b.await("back to the list", SHORT, d -> !b.driver.findElement(By.id("compare")).isDisplayed());
      key(b, "/");
      key(b, "e2e-");
      key(b, Keys.ENTER);
      b.await("a row selected", SHORT, d -> !b.all("#container-list tr.selected").isEmpty());
      key(b, "x");
      key(b, Keys.ARROW_DOWN);
      key(b, "x");
      b.await("two rows picked", SHORT, d -> b.all("#container-list tr.marked").size() == 2
          && b.driver.findElement(By.id("compare-bar")).isDisplayed());
      key(b, "v");
      b.await("V opens the comparison and the address follows", SHORT,
          d -> b.driver.findElement(By.id("compare")).isDisplayed()
              && ((String) b.js("return location.hash")).startsWith("#/compare/local/")
              && b.all("#compare-legend li").size() == 2);
    }
  }

  @Test
  @Order(9)
  void theHostViewStacksItsContainersAndABandOpensItsContainer() {
    try (Browser b = Browser.open()) {
      b.driver.get(server.base() + "/");
      b.await("the page connects", SHORT, d -> "connected".equals(b.attr("#conn-state", "data-state")));
      b.await("the list", LONG, d -> !b.all("#container-list tr[data-id='" + busyId + "']").isEmpty());
      // the keyboard: select the busy container, H opens its host's view
      key(b, "/");
      key(b, busyName);
      key(b, Keys.ENTER);
      key(b, "h");
      b.await("H opens the host view", SHORT, d -> b.driver.findElement(By.id("host-view")).isDisplayed()
          && "#/hosts/local".equals(b.js("return location.hash")));
      b.await("stacked CPU and memory drawn", LONG, d -> (Boolean) b.js("""
          const p = pulse.hostView.plots;
          return p.length === 2 && p[0].data[0].length >= 3 && p[0].data[1].filter(v => v != null).length >= 3;"""));
      // the plotted total at one time equals the sum of every container's own point in that interval
      String mismatch = b.await("total = sum of the parts", LONG, d -> (String) b.js("""
          const u = pulse.hostView.plots[0];
          const interval = pulse.conn.status.PollIntervalMs;
          const xs = u.data[0];
          let r = xs.length - 1;
          while (r >= 0 && u.data[1][r] == null) r--;
          if (r < 0) return null;
          const bucket = Math.round(xs[r] * 1000 / interval);
          let sum = 0;
          for (const s of pulse.hostView.syncs.values()) {
            for (const p of (s.series ? s.series.points : [])) {
              if (Math.round(p.timestamp / interval) === bucket) sum += p.cpu;
            }
          }
          return Math.abs(sum - u.data[1][r]) < 1e-6 * Math.max(1, sum) ? 'ok' : sum + ' != ' + u.data[1][r];"""));
      assertEquals("ok", mismatch);
      assertTrue(b.text("#host-legend").contains(busyName), "the busy container has a band of its own");
      b.screenshot("host.png");
      key(b, "t");
      b.await("the dark theme", SHORT, d -> "dark".equals(b.js("return document.documentElement.dataset.theme")));
      b.await("stacked charts drawn again", SHORT, d -> (Boolean) b.js(
          "return pulse.hostView.plots.length === 2 && pulse.hostView.plots[0].data[0].length >= 3"));
      b.screenshot("host-dark.png");

      // a click in the middle of the busy container's band opens it (other containers on the engine may be busier)
      @SuppressWarnings("unchecked")
      Map<String, Number> at = (Map<String, Number>) b.await("the busy container's band drawn", LONG, d -> b.js("""
          const u = pulse.hostView.plots[0];
          const names = pulse.hostView.view.cpu.names;
          const g = names.findIndex((n) => n.key === 'local/' + arguments[0]);
          if (g < 0) return null;
          const bands = u.data.length - 1;
          const top = u.data[bands - g];
          const below = g > 0 ? u.data[bands - g + 1] : null;
          let r = top.length - 1;
          while (r >= 0 && !(top[r] - (below ? below[r] : 0) > 5)) r--;
          if (r < 0) return null;
          const lo = below ? below[r] : 0;
          const box = u.over.getBoundingClientRect();
          return {dx: u.valToPos(u.data[0][r], 'x') - box.width / 2,
            dy: u.valToPos((lo + top[r]) / 2, 'y') - box.height / 2};""", busyId));
      WebElement over = b.driver.findElement(By.cssSelector("#host-cpu .u-over"));
      new Actions(b.driver).moveToElement(over, at.get("dx").intValue(), at.get("dy").intValue()).click().perform();
      b.await("the band's container opens", SHORT, d -> busyId.equals(b.attr("#inspector", "data-id"))
          && b.driver.findElement(By.id("inspector")).isDisplayed());
    }
  }

  /**
   * The list's sparklines (README "The page"): drawn for running rows, absent for stopped ones, fed by one
   * {@code pulse.summary.<host>} registration per host and the {@code host.summary} backfill, not by one registration
   * per row; the list's keyboard paths still work.
   */
  @Test
  @Order(10)
  void theListDrawsSparklinesForRunningRowsFromOneSummaryRegistrationPerHost() {
    try (Browser b = Browser.open()) {
      b.driver.get(server.base() + "/");
      b.await("the page connects", SHORT, d -> "connected".equals(b.attr("#conn-state", "data-state")));
      String busyRow = "#container-list tr[data-id='" + busyId + "']";
      String ioRow = "#container-list tr[data-id='" + ioId + "']";
      String idleRow = "#container-list tr[data-id='" + idleId + "']";
      // only this test's containers, so that all three are in view whatever else runs on the engine
      key(b, "/");
      key(b, "e2e-");
      b.await("the three rows", SHORT, d -> !b.all(busyRow).isEmpty() && !b.all(ioRow).isEmpty()
          && !b.all(idleRow).isEmpty());
      b.await("sparklines of the running rows drawn with several points", LONG, d -> (Boolean) b.js("""
          const n = (key) => (pulse.list.painter.drawn(key) || {points: 0}).points;
          return n(arguments[0]) >= 3 && n(arguments[1]) >= 3;""", "local/" + busyId, "local/" + ioId));
      // a few seconds on a 5-minute axis: a short line at the right end, but ink in the row's trend cell
      assertTrue(((Number) b.js(INK, "local/" + busyId)).intValue() > 0, "the busy row's sparkline has ink");
      assertEquals(0L, ((Number) b.js(INK, "local/" + idleId)).longValue(), "no sparkline for the stopped row");
      assertEquals(0L, ((Number) b.js("return pulse.list.painter.drawn(arguments[0]).points", "local/" + idleId))
          .longValue());
      // the canvas' rows stand over the DOM's rows
      for (String row : List.of(busyRow, ioRow, idleRow)) {
        Number off = (Number) b.js("""
            const tr = document.querySelector(arguments[0]);
            const d = pulse.list.painter.drawn(tr.dataset.key);
            return d ? tr.getBoundingClientRect().top - d.canvas.getBoundingClientRect().top - d.y
                : 1e9;""", row);
        assertTrue(Math.abs(off.doubleValue()) < 1, row + " drawn over its row: " + off);
      }

      // one registration per host carries every row; no per-row address while no container is open
      @SuppressWarnings("unchecked")
      List<String> addresses = (List<String>) b.js("return [...pulse.bus.handlers.keys()]");
      assertTrue(addresses.contains("pulse.summary.local"), "the host's summary: " + addresses);
      assertEquals(List.of(), addresses.stream().filter(a -> a.startsWith("pulse.metrics.")).toList(),
          "no row registers its own metrics address");
      assertEquals(((Number) b.js("return pulse.inventory.hosts.size")).longValue(),
          addresses.stream().filter(a -> a.startsWith("pulse.summary.")).count(), "one summary address per host");
      long seq = ((Number) b.js("return pulse.inventory.get('local', arguments[0]).last.seq", busyId)).longValue();
      b.await("the next summary push brings the busy row a newer point", LONG, d -> ((Number) b.js(
          "return pulse.inventory.get('local', arguments[0]).last.seq", busyId)).longValue() > seq);

      // the keyboard still works on the list: Enter from the filter selects, arrows move, Enter opens
      key(b, Keys.ENTER);
      b.await("a row selected", SHORT, d -> !b.all("#container-list tr.selected").isEmpty());
      key(b, Keys.ARROW_DOWN);
      key(b, Keys.ARROW_UP);
      String selected = b.attr("#container-list tr.selected", "data-id");
      key(b, Keys.ENTER);
      b.await("Enter opens the selected container", SHORT, d -> selected.equals(b.attr("#inspector", "data-id"))
          && b.driver.findElement(By.id("inspector")).isDisplayed());
    }
  }

  /**
   * Pixels inked on the list's canvas in a row's trend cell (arguments[0]: the row's key), -1 when the row is not on
   * the canvas or the canvas is hidden.
   */
  private static final String INK = """
      const p = pulse.list.painter;
      const d = p.drawn(arguments[0]);
      if (!d || !d.trend || d.canvas.hidden) return -1;
      const r = d.canvas.width / parseFloat(d.canvas.style.width);
      const px = d.canvas.getContext('2d').getImageData(Math.round(d.trend.x * r), Math.round(d.trend.y * r),
          Math.round(d.trend.w * r), Math.round(d.trend.h * r)).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
      return n;""";

  /**
   * Not a pass/fail timing (figures live in BENCHMARKS.md §8): the cost of one live-update frame of the list with 200
   * running rows with sparklines (each starting with a sparkline of 60 points a sampling interval apart), as the page
   * renders it (the points taken as a summary push takes them, then the list rendered, then style and layout forced
   * inside the measured span), the whole frame on the main thread (until a message posted from the frame callback is
   * handled: the browser's own style, layout, paint, layerization and commit of that frame included), the time from
   * the frame before and the time to the next frame (a frame that takes longer than a vsync pushes the next one back),
   * side by side in one page, interleaved in turns of 30 frames, the second round in the reverse order. Lists:
   * {@code now} (the list as it is: the numbers, meters and sparklines of the rows in view drawn on bands of 8 rows,
   * a live update's redraws beyond the rows a re-sort moved spread over the next frames within a budget),
   * {@code bands} (the same bands, every changed row drawn in the update's frame), {@code whole} (one canvas, every
   * changed row drawn in the update's frame: the list of session 13), {@code transform} ({@code now} with rows placed
   * by the transform property instead of translate),
   * {@code dom} (the list of 7a8c9b1, the numbers in each row's cells, from src/test/resources/bench with the cells'
   * style sheet of then), {@code before} (the list and sparkline code of e91cfec, the same way, on the same rows),
   * {@code glide} ({@code dom} with the meters' 0.4 s transition it had until session 11; {@code before} and
   * {@code table} have it too, as they shipped), {@code table} ({@code dom} in the old auto-layout table, every row
   * updated) and, only when named in {@code -Dpulse.frameLists}, session 12's experiments on {@code dom}:
   * {@code nocv} (rows without content-visibility),
   * {@code nopaint} (rows without paint containment), {@code bgbar} (meters drawn as a background's size instead of a
   * scaled child), {@code nospark} (sparklines not redrawn), {@code nopb} and {@code nocvb} (bgbar with nopaint, with
   * nocv); and session 13's experiment of the drawing in a worker (the canvas transferred to it as an OffscreenCanvas,
   * src/test/resources/bench/listpaint-worker.js): {@code offscreen} (the rows posted from the frame), {@code offlate}
   * (posted after the frame), {@code offdelta} (only new sparkline points posted), which also print the worker's draw
   * time and when its pixels are drawn. Kinds of frame: {@code all} (every row a new point of a random value: the order changes all over),
   * {@code drift} (every row a new point, values close to the last, so neighbours swap: a summary push of busy
   * containers), {@code live} (drift, then six frames left alone: one push at a time, as they come) and
   * {@code spread} (a sixtieth of the rows new), {@code push} ({@code live} with the points taken in a task of their
   * own before the frame, as a summary push's message is); and the floor, on {@code now} only: {@code idle} (the frame callback
   * measures and does nothing else), {@code none} (the list rendered, nothing new), {@code one} (one number of one
   * row in view changes) and {@code bare} (the list out of the page, one number changing in a small box). After a
   * {@code live} or {@code push} update the six frames left alone are measured too (whole frame): those that drew
   * what the update's budget left, and every frame of the update (its own and those). {@code -Dpulse.frameKinds} /
   * {@code -Dpulse.frameLists} run a part. Prints the figures; fails if the frames were not measured or if, after a
   * render, a row of the canvas showed another container than the list row it stands over. {@code -Dpulse.frameTrace=<file>} also writes a Chrome trace of the
   * frames there ({@code -Dpulse.frameTraceCategories} to choose what it records; chromedriver's log keeps the first
   * 100,000 events, so trace a part); {@code python3 bench/frame_trace.py <file>} sums it per kind of frame.
   */
  @Test
  @Order(11)
  @Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
  void listFrameTimeWith200Rows() throws java.io.IOException {
    String tracePath = System.getProperty("pulse.frameTrace");
    String traceCategories = System.getProperty("pulse.frameTraceCategories", "devtools.timeline,v8.gc,blink.user_timing");
    // -Dpulse.frameKinds / -Dpulse.frameLists run a part (comma-separated); by default all of them
    List<String> kinds = List.of(System.getProperty("pulse.frameKinds", "idle,bare,none,one,all,drift,live,spread").split(","));
    List<String> lists = List.of(System.getProperty("pulse.frameLists", "now,dom,before,glide,table").split(","));
    try (Browser b = Browser.open(tracePath == null ? null : traceCategories)) {
      b.driver.get(server.base() + "/");
      b.await("the page connects", SHORT, d -> "connected".equals(b.attr("#conn-state", "data-state")));
      // the first listing is in (it replaces the containers the page holds, the bench's among them)
      b.await("the list", LONG, d -> !b.all("#container-list tr[data-id='" + busyId + "']").isEmpty());
      // the lists of e91cfec and 7a8c9b1 (the last with numbers in the cells), their imports but spark.js resolved to
      // the page's own modules, and the cells' style sheet of 7a8c9b1
      for (String commit : List.of("e91cfec", "7a8c9b1")) {
        b.js("""
            const abs = (src) => src.replace(/from '\\.\\/([a-z]+\\.js)'/g, (m, f) => `from '${location.origin}/js/${f}'`);
            const url = (src) => URL.createObjectURL(new Blob([src], {type: 'text/javascript'}));
            const spark = url(abs(arguments[1]));
            window.benchLists = window.benchLists || {};
            import(url(abs(arguments[0]).replace(`'${location.origin}/js/spark.js'`, `'${spark}'`)))
              .then((m) => { window.benchLists[arguments[2]] = m.ContainerList.prototype; });""",
            java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/bench/list-" + commit + ".js")),
            java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/bench/spark-" + commit + ".js")),
            commit);
        b.await("the list of " + commit + " loaded", SHORT, d -> (Boolean) b.js("return !!window.benchLists[arguments[0]]",
            commit));
      }
      // experiment 'offscreen' (session 13): the same painting in a dedicated worker on the canvas' OffscreenCanvas;
      // the page keeps the geometry (ListPainter.paint's), posts the rows in view that changed
      if (lists.stream().anyMatch((l) -> l.startsWith("off"))) {
        b.js("""
            const abs = (src) => src.replace(/from '\\.\\/([a-z]+\\.js)'/g, (m, f) => `from '${location.origin}/js/${f}'`);
            const workerUrl = URL.createObjectURL(new Blob([abs(arguments[0])], {type: 'text/javascript'}));
            Promise.all([import(location.origin + '/js/listcells.js'), import(location.origin + '/js/listbands.js'),
              import(location.origin + '/js/contract.js')])
              .then(([cells, bands, contract]) => {
                const lp = {...cells, ...bands};
                const now = pulse.list.painter;
                const table = now.table;
                const look = (c) => {
                  if (!c) return null;
                  const running = contract.isRunning(c);
                  const s = running ? c.spark : null;
                  const n = s ? s.seq.length : 0;
                  return {key: c.key, c, p: running && c.last ? c.last : null, running, n, newest: n ? s.seq[n - 1] : null};
                };
                const same = (a, b) => !a || !b ? a === b : a.key === b.key && a.p === b.p && a.running === b.running
                  && a.n === b.n && a.newest === b.newest;
                // delta: the worker keeps each row's sparkline and is posted only the points it lacks
                // late: posted after the page's frame, not from inside it
                const make = (delta, late) => {
                const canvas = document.createElement('canvas');
                canvas.className = 'list-paint';
                canvas.setAttribute('aria-hidden', 'true');
                canvas.hidden = true;
                table.after(canvas);
                const off = {table, canvas, heads: now.heads, slots: [], geom: '', first: null, seq: 0, log: new Map(),
                  error: null, sent: new Map(), queue: [], later: new MessageChannel()};
                off.later.port1.onmessage = () => {
                  for (const m of off.queue.splice(0)) off.worker.postMessage(m);
                };
                try {
                  const oc = canvas.transferControlToOffscreen();
                  off.worker = new Worker(workerUrl, {type: 'module'});
                  off.worker.onerror = (e) => { off.error = 'worker: ' + (e.message || e.type); };
                  off.worker.onmessage = (e) => off.log.set(e.data.seq, e.data);
                  off.worker.postMessage({canvas: oc}, [oc]);
                } catch (e) {
                  off.error = String(e);
                }
                off.show = (on) => { canvas.hidden = !on; off.geom = ''; };
                off.recolor = () => { off.geom = ''; };
                off.paint = (rows, {rowH, windowMs, gapMs}) => {
                  // the geometry as ListPainter.paint has it
                  const tp0 = performance.now();
                  const pane = table.parentElement;
                  const body = table.tBodies[0];
                  const pr = pane.getBoundingClientRect();
                  const cols = [];
                  for (let i = 0; i < lp.PAINTED.length; i++) {
                    const r = off.heads[i].getBoundingClientRect();
                    if (r.width > 0) cols.push({id: lp.PAINTED[i], x: r.left - pr.left + pane.scrollLeft, w: r.width});
                  }
                  const viewTop = Math.max(0, pr.top);
                  const viewBottom = Math.min(innerHeight, pr.bottom);
                  if (!body || !cols.length || viewBottom <= viewTop) { canvas.hidden = true; off.geom = ''; return; }
                  const listTop = body.getBoundingClientRect().top - pr.top + pane.scrollTop;
                  const above = viewTop - pr.top + pane.scrollTop - listTop;
                  const capacity = Math.ceil((viewBottom - viewTop) / rowH) + 2 * 4 + 1;
                  const first = lp.bandStart(off.first, Math.floor(above / rowH),
                    Math.ceil((above + viewBottom - viewTop) / rowH), capacity);
                  const count = Math.min(capacity, rows.length - first);
                  if (count <= 0) { canvas.hidden = true; off.geom = ''; return; }
                  canvas.hidden = false;
                  const left = cols[0].x;
                  const width = cols[cols.length - 1].x + cols[cols.length - 1].w - left;
                  const dpr = devicePixelRatio || 1;
                  const geom = [left, width, count, rowH, listTop, dpr, first, windowMs, gapMs,
                    ...cols.map((c) => `${c.id}@${c.x}+${c.w}`)].join();
                  const msg = {seq: ++off.seq, sent: performance.timeOrigin + performance.now(), rows: [],
                    opts: {windowMs, gapMs}};
                  if (geom !== off.geom) {
                    off.geom = geom;
                    off.first = first;
                    canvas.style.width = `${width}px`;
                    canvas.style.height = `${count * rowH}px`;
                    canvas.style.transform = `translate(${left}px, ${listTop + first * rowH}px)`;
                    msg.setup = {w: Math.round(width * dpr), h: Math.round(count * rowH * dpr), width,
                      height: count * rowH, dpr, rowH, colors: {...now.colors, charW: 0},
                      cols: cols.map((c) => ({id: c.id, ...lp.cellLayout(c.id, c.x - left, c.w)}))};
                    off.slots = [];
                  }
                  for (let j = 0; j < count; j++) {
                    const want = look(rows[first + j]);
                    if (same(off.slots[j], want)) continue;
                    off.slots[j] = want;
                    const s = want && want.p ? want.c.spark : null;
                    if (!delta || !s) {
                      msg.rows.push({j, row: want && {c: {spark: s}, p: want.p, running: want.running}});
                      continue;
                    }
                    const had = off.sent.get(want.key);
                    const n = s.seq.length;
                    const newest = n ? s.seq[n - 1] : null;
                    const full = had == null || newest == null || newest < had;
                    let from = 0;
                    if (!full) while (from < n && s.seq[from] <= had) from++;
                    off.sent.set(want.key, newest);
                    msg.rows.push({j, key: want.key, full, add: {seq: s.seq.slice(from), timestamp: s.timestamp.slice(from),
                      cpu: s.cpu.slice(from), mem: s.mem.slice(from)}, row: {c: {spark: null}, p: want.p,
                      running: want.running}});
                  }
                  const tp1 = performance.now();
                  if (!msg.setup && !msg.rows.length) return;
                  if (!late) off.worker.postMessage(msg);
                  else {
                    // posted once the page's frame is done: the worker, woken, does not take a vCPU from it
                    off.queue.push(msg);
                    if (off.queue.length === 1) off.later.port2.postMessage(0);
                  }
                  off.times = [tp1 - tp0, performance.now() - tp1];
                };
                return off;
                };
                window.benchOffDelta = make(true, false);
                window.benchOffLate = make(false, true);
                window.benchOff = make(false, false);
              });""", java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/bench/listpaint-worker.js")));
        b.await("the offscreen painter", SHORT, d -> (Boolean) b.js("return !!window.benchOff"));
        Object offError = b.js("return window.benchOff.error || window.benchOffDelta.error || window.benchOffLate.error");
        assertEquals(null, offError, "transferControlToOffscreen and a module worker");
      }
      b.js("const s = document.createElement('style'); s.textContent = arguments[0]; document.head.appendChild(s);",
          java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/bench/list-7a8c9b1.css")));
      b.js("""
          const inv = pulse.inventory;
          // idle: the frame callback measures and does nothing else; none: the list rendered, no new point
          const FLOOR = ['idle', 'none', 'one', 'bare'];
          inv.hosts.set('bench', {Name: 'bench', Available: true, Engine: '20.10'});
          for (let i = 0; i < 200; i++) {
            const id = i.toString(16).padStart(64, '0');
            inv.containers.set('bench/' + id, {key: 'bench/' + id, Host: 'bench', Id: id, Name: 'bench-' + i,
              Image: 'pulse-busybox', State: 'running', Status: 'Up 1 minute', last: null, spark: null});
          }
          // points a sampling interval apart, as pushes bring them: every row starts with a full sparkline
          const INTERVAL = (pulse.conn.status && pulse.conn.status.PollIntervalMs) || 1000;
          const base = Date.now() - 61 * INTERVAL;
          const point = (seq, r) => ({seq, timestamp: base + seq * INTERVAL, cpu: r * 200, mem: r * 100,
            memUsage: r * 1e9, memLimit: 2e9, netRx: r * 1e6, netTx: r * 1e5, blkRead: r * 1e7, blkWrite: r * 1e6,
            pids: 1 + Math.floor(r * 50)});
          let seq = 0;
          for (; seq < 60; seq++) {
            let n = 0;
            for (const c of inv.containers.values()) if (c.Host === 'bench') inv.take(c, point(seq, (n++ + 4 * Math.random()) / 204));
          }
          // the list as it was before (one auto-layout table, every row updated in every frame), for the ratio
          const style = document.createElement('style');
          style.textContent = ':where(.bench-table) { display: table; } :where(.bench-table thead) { display: table-header-group; }'
            + ' :where(.bench-table tbody) { display: table-row-group; }'
            + ' .bench-table tbody tr, .bench-table thead tr { display: table-row; contain: none; content-visibility: visible; }'
            + ' :where(.bench-table th, .bench-table td) { display: table-cell; }'
            + ' .bench-glide td .bar i { transition: transform 0.4s; }'
            // experiments (session 12): rows without content-visibility; rows without paint containment; bars
            // drawn as a background's size instead of a scaled child
            + ' .bench-nocv tbody tr { content-visibility: visible; }'
            + ' .bench-nopaint tbody tr { contain: size layout style; content-visibility: visible; }'
            + ' .bench-bgbar td .bar i { display: none; }'
            + ' .bench-bgbar td .bar { --bar-c: var(--c-cpu); background: linear-gradient(var(--bar-c), var(--bar-c)) no-repeat var(--grid); background-size: 0 100%; }'
            + ' .bench-bgbar td.col-mem .bar { --bar-c: var(--c-mem); }'
            + ' .bench-bgbar td[data-level="mid"] .bar { --bar-c: var(--warn); }'
            + ' .bench-bgbar td[data-level="high"] .bar { --bar-c: var(--bad); }';
          document.head.appendChild(style);
          const table = document.querySelector('#container-list');
          // bare: the list out of the page (display: none) and one number changing in a small box: the smallest
          // visible change on this Chromium, without the list's layers
          const pane = table.parentElement;
          const probe = document.createElement('output');
          probe.style.cssText = 'position: fixed; right: 4px; bottom: 4px; font: 12px monospace;';
          probe.textContent = '0';
          document.body.appendChild(probe);
          const nowProto = Object.getPrototypeOf(pulse.list);
          const domProto = window.benchLists['7a8c9b1'];
          const bgbarProto = Object.create(domProto, {meter: {value(td, v, fmt) {
            domProto.meter.call(this, td, v, fmt);
            const size = `${(v == null ? 0 : Math.max(0, Math.min(100, v))).toFixed(1)}% 100%`;
            const bar = td.lastChild;
            if (bar.pulseSize !== size) { bar.pulseSize = size; bar.style.backgroundSize = size; }
          }}});
          const nosparkProto = Object.create(domProto, {spark: {value() {}}});
          // each list: a class on the table, the list's prototype, the meters' old transition, windowing; all but
          // now have the numbers in the cells and rows in DOM order (rows of their own: a switch between the two
          // kinds builds them anew)
          const LISTS = {
            now: {},
            // session 14: the bands drawn all in the push's frame; one canvas the height of the view (session 13's)
            bands: {budget: Infinity},
            whole: {band: 1e6, budget: Infinity},
            // rows placed by transform, as until session 14
            transform: {put: 'transform'},
            dom: {proto: domProto},
            before: {proto: window.benchLists.e91cfec, glide: true},
            glide: {proto: domProto, glide: true},
            table: {proto: domProto, cls: 'bench-table', glide: true, everyRow: true},
            nocv: {proto: domProto, cls: 'bench-nocv'},
            nopaint: {proto: domProto, cls: 'bench-nopaint'},
            bgbar: {cls: 'bench-bgbar', proto: bgbarProto},
            nospark: {proto: nosparkProto},
            nopb: {cls: 'bench-nopaint bench-bgbar', proto: bgbarProto},
            nocvb: {cls: 'bench-nocv bench-bgbar', proto: bgbarProto},
            offscreen: {painter: window.benchOff},
            offdelta: {painter: window.benchOffDelta},
            offlate: {painter: window.benchOffLate},
          };
          const nowPainter = pulse.list.painter;
          const BAND = nowPainter.band;
          const BUDGET = nowPainter.budgetMs;
          const usePainter = (p, v) => {
            nowPainter.band = v.band || BAND;
            nowPainter.budgetMs = v.budget || BUDGET;
            if (pulse.list.painter === p) return;
            pulse.list.painter.show(false);
            pulse.list.painter = p;
            p.show(true);
          };
          let rowKind = 'now';
          const rowsFor = (kind) => {
            if (kind === rowKind) return;
            rowKind = kind;
            for (const g of pulse.list.groups.values()) g.tbody.remove();
            pulse.list.groups.clear();
            pulse.list.rows.clear();
            pulse.list.painter.show(kind === 'now');
            table.classList.toggle('placed', kind === 'now');
          };
          const CLASSES = new Set(Object.values(LISTS).flatMap((v) => v.cls ? v.cls.split(' ') : []));
          pulse.renderList();
          window.benchFrames = null;
          const runs = {};
          const order = [];
          const [kinds, lists] = [arguments[0], arguments[1]];
          for (let round = 0; round < 2; round++) {
            // the second round in the reverse order: no list always runs right after the same other one
            for (const kind of kinds) for (const list of round ? [...lists].reverse() : lists) {
              // the floor's frames (nothing new, one number new) on the list as it is only
              if (!FLOOR.includes(kind) || list === 'now') order.push(list + ' ' + kind);
            }
          }
          for (const name of order) runs[name] = {script: [], total: [], frame: [], period: [], next: [], wseq: [], wt0: [], wpaint: [], wpost: [],
            after: [], afterBusy: [], spread: [], mismatch: []};
          // a message posted from the frame callback is handled once the browser has done the rest of that frame on
          // the main thread (style and layout again where it must, paint, layers, commit): the whole frame
          const after = new MessageChannel();
          // a queue: under load the browser may run the next frame before this frame's message (messages keep order)
          const pending = [];
          after.port1.onmessage = () => {
            const p = pending.shift();
            if (p) {
              p.into.push(performance.now() - p.t0);
              if (p.name) performance.measure('bench-whole ' + p.name, 'bench-frame-start');
            }
          };
          let turn = 0;
          let frameNo = 0;
          let prev = null;
          let last = null; // the last measured frame, for the time to the next one
          let rest = 0; // frames left to let pass untouched before the next live update
          let restOf = null; // the live update they follow
          let taken = false; // push: the next frame's points were taken in a task before it, as a push's are
          const PACE = 6;
          // a new point for every bench row (drift, live, push: each row near its own level, so neighbours swap now
          // and then; steady: every row a new point but none changes rank)
          const takeAll = (kind) => {
            let i = 0;
            for (const c of inv.containers.values()) {
              if (c.Host !== 'bench') continue;
              const n = i++;
              if (kind === 'spread' && n % 60 !== frameNo % 60) continue;
              const r = kind === 'drift' || kind === 'live' || kind === 'push' ? Math.min(1, (n + 4 * Math.random()) / 204)
                : kind === 'steady' ? (n + 0.5 * Math.random()) / 204 : Math.random();
              inv.take(c, point(seq, r));
            }
          };
          // push: the points of the next frame taken in a task of their own, as a summary push's message is
          const intake = new MessageChannel();
          intake.port1.onmessage = () => {
            seq++;
            takeAll('push');
            taken = true;
          };
          const frame = (now) => {
            // asked first: in the next frame this callback runs before the painter's (the bands a push left), so a
            // frame's span holds that drawing
            const again = requestAnimationFrame(frame);
            if (last) {
              runs[last.name].next.push(now - last.now);
              last = null;
            }
            if (rest > 0) {
              // a frame after a live update: the bands its budget left are drawn in it, or nothing is
              rest--;
              const r = runs[restOf];
              const busy = pulse.list.painter.more ? 1 : 0;
              r.afterBusy.push(busy);
              if (busy) r.spread[r.spread.length - 1]++;
              pending.push({into: r.after, t0: performance.now()});
              after.port2.postMessage(0);
              if (rest === 0 && restOf.endsWith(' push')) intake.port2.postMessage(0);
              prev = now;
              return;
            }
            const name = order[turn];
            const [list, kind] = name.split(' ');
            const v = LISTS[list];
            const on = v.cls ? v.cls.split(' ') : [];
            for (const cls of CLASSES) table.classList.toggle(cls, on.includes(cls));
            table.classList.toggle('bench-glide', !!v.glide);
            if ((v.put || '') !== (pulse.list.benchPut || '')) {
              pulse.list.benchPut = v.put || '';
              for (const tr of pulse.list.rows.values()) {
                tr.pulseY = undefined;
                tr.style.transform = '';
                tr.style.translate = '';
              }
              if (!v.put) delete pulse.list.put;
              else pulse.list.put = function (tr) {
                if (tr.pulseY === tr.pulseWant) return;
                tr.pulseY = tr.pulseWant;
                tr.style.transform = `translateY(${tr.pulseY}px)`;
              };
            }
            pulse.list.windowing = !v.everyRow;
            usePainter(v.painter || nowPainter, v);
            rowsFor(v.proto ? 'dom' : 'now');
            Object.setPrototypeOf(pulse.list, v.proto || nowProto);
            const display = kind === 'bare' ? 'none' : '';
            if (pane.style.display !== display) pane.style.display = display;
            performance.mark('bench-frame-start');
            const t0 = performance.now();
            frameNo++;
            if (!taken) seq++;
            if (kind === 'one') {
              // one number of one row in view: the top bench row's PIDs, nothing else (no spark point, same rank)
              const c = inv.containers.get(pulse.list.order.find((k) => k.startsWith('bench/')));
              c.last = {...c.last, pids: c.last.pids % 50 + 1};
            }
            if (!FLOOR.includes(kind) && !taken) takeAll(kind);
            taken = false;
            if (kind === 'bare') probe.firstChild.data = String(seq);
            else if (kind !== 'idle') {
              const posted = v.painter && v.painter.seq;
              pulse.renderList();
              // the canvas' rows show the containers the list's rows now stand for, whatever the budget left undrawn
              const p = pulse.list.painter;
              if (p === nowPainter && !v.proto && p.rows) {
                for (let j = 0; j < p.slots.length; j++) {
                  const row = p.rows[p.first + j];
                  if ((p.slots[j] ? p.slots[j].key : null) !== (row ? row.key : null)) runs[name].mismatch.push(j);
                }
              }
              if (v.painter && v.painter.seq !== posted && frameNo > 2) {
                runs[name].wseq.push(v.painter.seq);
                runs[name].wt0.push(performance.timeOrigin + t0);
                runs[name].wpaint.push(v.painter.times[0]);
                runs[name].wpost.push(v.painter.times[1]);
              }
            }
            const t1 = performance.now();
            void document.body.offsetHeight; // style and layout now, inside the measured span
            const t2 = performance.now();
            performance.measure('bench ' + name, 'bench-frame-start');
            if (frameNo > 2) { // the first frames of a turn pay for the switch
              pending.push({name, into: runs[name].frame, t0});
              after.port2.postMessage(0);
              runs[name].script.push(t1 - t0);
              runs[name].total.push(t2 - t0);
              runs[name].period.push(now - prev);
              last = {name, now};
              if (kind === 'live' || kind === 'push') {
                rest = PACE;
                restOf = name;
                runs[name].spread.push(1);
              }
            }
            prev = now;
            if (runs[name].total.length % 30 === 0 && frameNo > 2) { turn++; frameNo = 0; }
            if (turn < order.length) return;
            cancelAnimationFrame(again);
            requestAnimationFrame((next) => {
              runs[last.name].next.push(next - last.now);
              usePainter(nowPainter, LISTS.now);
              rowsFor('now');
              Object.setPrototypeOf(pulse.list, nowProto);
              pulse.renderList();
              pane.style.display = '';
              probe.remove();
              pulse.conn.clock.reset(); // the synthetic points ran ahead of the clock
              // the worker's draws: how long each took, and from the frame's start to its end and to the worker's
              // next animation frame (once every draw has reported)
              const done = () => {
                const logOf = (name) => LISTS[name.split(' ')[0]].painter || window.benchOff;
                const all = Object.entries(runs).every(([n, r]) => r.wseq.every((q) => logOf(n).log.has(q)));
                if (!all) { setTimeout(done, 50); return; }
                for (const [n, r] of Object.entries(runs)) {
                  const logs = r.wseq.map((q) => logOf(n).log.get(q));
                  r.wdraw = logs.map((l) => l.end - l.start);
                  r.wready = logs.map((l, i) => l.end - r.wt0[i]);
                  r.wraf = logs.map((l, i) => l.raf - r.wt0[i]);
                }
                window.benchFrames = runs;
              };
              setTimeout(() => { if (window.benchOff) done(); else window.benchFrames = runs; }, 100);
            });
          };
          requestAnimationFrame(frame);""", kinds, lists);
      @SuppressWarnings("unchecked")
      Map<String, Map<String, List<Number>>> runs = b.await("frames measured", Duration.ofSeconds(300),
          d -> (Map<String, Map<String, List<Number>>>) b.js("return window.benchFrames"));
      assertEquals(200, b.all("#container-list tbody[data-host='bench'] tr[data-key]").size(), "200 rows drawn");
      for (String kind : kinds) {
        for (String list : lists) {
          String name = list + " " + kind;
          if (!runs.containsKey(name)) continue;
          List<Double> script = runs.get(name).get("script").stream().map(Number::doubleValue).sorted().toList();
          List<Double> total = runs.get(name).get("total").stream().map(Number::doubleValue).sorted().toList();
          List<Double> period = runs.get(name).get("period").stream().map(Number::doubleValue).sorted().toList();
          List<Double> frame = runs.get(name).get("frame").stream().map(Number::doubleValue).sorted().toList();
          List<Double> next = runs.get(name).get("next").stream().map(Number::doubleValue).sorted().toList();
          assertEquals(60, total.size(), name + " frames");
          assertEquals(60, frame.size(), name + " whole frames");
          assertEquals(60, next.size(), name + " next frames");
          assertEquals(List.of(), runs.get(name).get("mismatch"),
              name + ": canvas rows that showed another container than their list row, after a render");
          System.out.printf("PULSE-BENCH list 200 rows, %s: script median %.1f ms, script+style+layout median %.1f ms,"
                  + " p95 %.1f ms, max %.1f ms; whole frame (main thread) median %.1f ms, p95 %.1f ms, max %.1f ms;"
                  + " frame to frame median %.1f ms, p95 %.1f ms; to the next frame median %.1f ms, p95 %.1f ms,"
                  + " max %.1f ms%n", name, script.get(30), total.get(30), total.get(56), total.get(59), frame.get(30),
              frame.get(56), frame.get(59), period.get(30), period.get(56), next.get(30), next.get(56), next.get(59));
          List<Number> afterAll = runs.get(name).get("after");
          if (afterAll != null && !afterAll.isEmpty()) {
            // the frames after a live update: those that drew bands its frame's budget left, and every frame of the
            // update (its own and those)
            List<Number> busy = runs.get(name).get("afterBusy");
            List<Double> drawing = new java.util.ArrayList<>();
            List<Double> quiet = new java.util.ArrayList<>();
            for (int i = 0; i < Math.min(afterAll.size(), busy.size()); i++) {
              (busy.get(i).intValue() > 0 ? drawing : quiet).add(afterAll.get(i).doubleValue());
            }
            List<Double> every = new java.util.ArrayList<>(drawing);
            every.addAll(frame);
            java.util.Collections.sort(drawing);
            java.util.Collections.sort(quiet);
            java.util.Collections.sort(every);
            List<Double> spread = runs.get(name).get("spread").stream().map(Number::doubleValue).sorted().toList();
            System.out.printf("PULSE-BENCH list 200 rows, %s, after the update: drawn over %.0f frames median, %.0f max;"
                    + " frames drawing what its budget left: %d, median %.1f ms, p95 %.1f ms, max %.1f ms; quiet frames:"
                    + " median %.1f ms, p95 %.1f ms, max %.1f ms; every frame of the update: %d, median %.1f ms, p95 %.1f"
                    + " ms, max %.1f ms, over 16 ms: %d%n", name, spread.get(spread.size() / 2),
                spread.get(spread.size() - 1), drawing.size(), pick(drawing, 0.5), pick(drawing, 0.95), pick(drawing, 1),
                pick(quiet, 0.5), pick(quiet, 0.95), pick(quiet, 1), every.size(), pick(every, 0.5), pick(every, 0.95),
                pick(every, 1), every.stream().filter((v) -> v > 16).count());
          }
          List<Number> wdraw = runs.get(name).get("wdraw");
          if (wdraw != null && !wdraw.isEmpty()) {
            List<Double> draw = wdraw.stream().map(Number::doubleValue).sorted().toList();
            List<Double> ready = runs.get(name).get("wready").stream().map(Number::doubleValue).sorted().toList();
            List<Double> raf = runs.get(name).get("wraf").stream().map(Number::doubleValue).sorted().toList();
            int n = draw.size();
            List<Double> mpaint = runs.get(name).get("wpaint").stream().map(Number::doubleValue).sorted().toList();
            List<Double> mpost = runs.get(name).get("wpost").stream().map(Number::doubleValue).sorted().toList();
            System.out.printf("PULSE-BENCH list 200 rows, %s, page side of the painter: geometry and message median %.1f ms,"
                + " p95 %.1f ms; postMessage median %.1f ms, p95 %.1f ms%n", name, mpaint.get(n / 2),
                mpaint.get(n * 95 / 100), mpost.get(n / 2), mpost.get(n * 95 / 100));
            System.out.printf("PULSE-BENCH list 200 rows, %s, worker: %d draws; draw median %.1f ms, p95 %.1f ms,"
                    + " max %.1f ms; frame start to drawn median %.1f ms, p95 %.1f ms, max %.1f ms; to the worker's"
                    + " next frame median %.1f ms, p95 %.1f ms, max %.1f ms%n", name, n, draw.get(n / 2),
                draw.get(n * 95 / 100), draw.get(n - 1), ready.get(n / 2), ready.get(n * 95 / 100), ready.get(n - 1),
                raf.get(n / 2), raf.get(n * 95 / 100), raf.get(n - 1));
          }
        }
      }
      if (tracePath != null) java.nio.file.Files.writeString(java.nio.file.Path.of(tracePath), b.trace());
    }
  }

  @Test
  @Order(12)
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
