package dev.pulse.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium through its own chromedriver (never a downloaded browser), in a throw-away profile.
 * Without them the test is skipped, except under {@code CI=true} where that is a failure.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;
  private final Path profile;
  private boolean closed;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Skips (or fails under CI=true) when chromium or chromedriver are not installed. */
  static void require() {
    String missing = !Files.isExecutable(CHROMIUM) ? CHROMIUM.toString()
        : !Files.isExecutable(CHROMEDRIVER) ? CHROMEDRIVER.toString() : null;
    if (missing == null) return;
    String message = missing + " not found: install Debian's chromium and chromium-driver to run the browser test";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(message);
    Assumptions.abort(message);
  }

  static Browser open() {
    return open(null);
  }

  /**
   * With {@code traceCategories} (e.g. {@code devtools.timeline,v8.gc}), chromedriver records a Chrome trace of those
   * categories, read with {@link #trace()}.
   */
  static Browser open(String traceCategories) {
    require();
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    Path profile;
    try {
      profile = Files.createTempDirectory("pulse-e2e-chromium");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic", "--window-size=1400,900",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    if (traceCategories != null) {
      logs.enable(LogType.PERFORMANCE, Level.ALL);
      options.setExperimentalOption("perfLoggingPrefs", java.util.Map.of("enableNetwork", false,
          "enablePage", false, "traceCategories", traceCategories));
    }
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options), profile);
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText().trim();
  }

  String attr(String css, String name) {
    return driver.findElement(By.cssSelector(css)).getAttribute(name);
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Polls {@code condition} until it returns a non-null, non-false value; fails with {@code what} on timeout. */
  <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
        .withMessage(() -> what + "\nbrowser console:\n" + console())
        .until(condition);
  }

  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The trace events recorded since the last call (see {@link #open(String)}), one JSON message a line. */
  String trace() {
    StringBuilder out = new StringBuilder();
    for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) out.append(e.getMessage()).append('\n');
    return out.toString();
  }

  /** What the page logged, for failure messages. */
  String console() {
    try {
      StringBuilder out = new StringBuilder();
      for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
        out.append("  ").append(e.getLevel()).append(' ').append(e.getMessage()).append('\n');
      }
      return out.toString();
    } catch (RuntimeException e) {
      return "  (unavailable: " + e.getMessage() + ")\n";
    }
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temp dir; the OS cleans it eventually
      }
    }
  }
}
