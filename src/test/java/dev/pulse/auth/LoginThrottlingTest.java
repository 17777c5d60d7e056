package dev.pulse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.DockerHostSpec;
import dev.pulse.config.PulseConfig;
import dev.pulse.config.SecurityConfig;
import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.FakeDockerGateway;
import dev.pulse.testsupport.PulseTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failed logins are limited globally, and behind a trusted proxy per forwarded client. Failed before the fix: 150
 * parallel wrong logins were all checked (and answered 401), and X-Forwarded-For was never read.
 */
@Timeout(120)
class LoginThrottlingTest {

  private static final String WRONG = "{\"Password\":\"wrong\"}";

  private static PulseTestServer start(List<String> proxies) {
    FakeDockerGateway engine = new FakeDockerGateway("fake").withRunning(FakeDockerGateway.ID, "web");
    return PulseTestServer.start(PulseConfig.defaults().withHttp("127.0.0.1", 0)
        .withSecurity(SecurityConfig.none().withSecret("s3cret").withTrustedProxies(proxies))
        .withDockerHosts(List.of(new DockerHostSpec("fake", "unix:///nonexistent.sock"))), spec -> engine);
  }

  private static HttpRequest login(PulseTestServer server, String body, String forwardedFor) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.base() + "/api/login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (forwardedFor != null) r.header("X-Forwarded-For", forwardedFor);
    return r.build();
  }

  @Test
  void parallelGuessesShareOneGlobalBudget() {
    try (PulseTestServer server = start(List.of())) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        all.add(http.sendAsync(login(server, WRONG, null), HttpResponse.BodyHandlers.ofString()));
      }
      int checked = 0;
      int refused = 0;
      for (CompletableFuture<HttpResponse<String>> f : all) {
        HttpResponse<String> r = f.join();
        if (r.statusCode() == 401) checked++;
        else if (r.statusCode() == 429) {
          refused++;
          assertTrue(r.headers().firstValue("Retry-After").isPresent());
          assertTrue(r.body().contains("too many failed logins"), r.body());
        }
      }
      assertTrue(checked <= LoginThrottle.GLOBAL_BURST + 15, checked + " passwords checked");
      assertEquals(150, checked + refused);
      // The real password is refused too while the budget is spent: a guess must not tell right from wrong. The
      // checked guesses above are answered only after their address's delay, by which time the budget has refilled
      // a little; so spend it again, and send the real password the moment a guess is refused. (Refills come one a
      // second: a refill landing in that moment is retried.)
      boolean realRefused = false;
      for (int attempt = 0; attempt < 3 && !realRefused; attempt++) {
        List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
        for (int i = 0; i < 40; i++) more.add(http.sendAsync(login(server, WRONG, null), HttpResponse.BodyHandlers.ofString()));
        Await.until("a guess refused: the budget is spent", Duration.ofSeconds(30), () -> more.stream()
            .anyMatch(f -> f.isDone() && !f.isCompletedExceptionally() && f.join().statusCode() == 429));
        realRefused = server.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"Password\":\"s3cret\"}"))).status() == 429;
      }
      assertTrue(realRefused, "the real password answered 429 while the budget was spent");
    }
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasItsOwnDelay() throws Exception {
    try (PulseTestServer proxied = start(List.of("127.0.0.1"))) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < LoginThrottle.FREE_FAILURES + 2; i++) {
        assertEquals(401, http.send(login(proxied, WRONG, "203.0.113.9, 198.51.100.7"),
            HttpResponse.BodyHandlers.ofString()).statusCode());
      }
      assertTrue(ms(http, login(proxied, WRONG, "198.51.100.7")) >= 900, "the guessing client is slowed");
      assertTrue(ms(http, login(proxied, WRONG, "198.51.100.8")) < 900, "another client behind the proxy is not");
      // what the client put in front of the proxy's entry does not choose the address
      assertTrue(ms(http, login(proxied, WRONG, "198.51.100.8, 198.51.100.7")) >= 900, "forged left-hand entries");
    }
    try (PulseTestServer direct = start(List.of())) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < LoginThrottle.FREE_FAILURES + 2; i++) http.send(login(direct, WRONG, "198.51.100." + i),
          HttpResponse.BodyHandlers.ofString());
      assertTrue(ms(http, login(direct, WRONG, "198.51.100.99")) >= 900,
          "without a trusted proxy the header is ignored: no way around the delay");
    }
  }

  private static long ms(HttpClient http, HttpRequest r) throws Exception {
    long t0 = System.nanoTime();
    assertEquals(401, http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode());
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
