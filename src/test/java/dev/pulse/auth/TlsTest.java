package dev.pulse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.DockerHostSpec;
import dev.pulse.config.PulseConfig;
import dev.pulse.config.SecurityConfig;
import dev.pulse.testsupport.FakeDockerGateway;
import dev.pulse.testsupport.PulseTestServer;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PEM certificate and key from the configuration; the login cookie is Secure under TLS. */
@Timeout(60)
class TlsTest {

  @Test
  void servesHttpsAndMarksTheCookieSecure() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    FakeDockerGateway engine = new FakeDockerGateway("fake");
    try (PulseTestServer server = PulseTestServer.start(PulseConfig.defaults().withHttp("127.0.0.1", 0)
        .withSecurity(SecurityConfig.none().withSecret("pw").withTls(cert.certificatePath(), cert.privateKeyPath()))
        .withDockerHosts(List.of(new DockerHostSpec("fake", "unix:///nonexistent.sock"))), spec -> engine)) {
      SSLContext trustAll = SSLContext.getInstance("TLS");
      // an extended manager, so the JDK does not add its own host name check on top of this self-signed test cert
      trustAll.init(null, new TrustManager[] {new X509ExtendedTrustManager() {
        public void checkClientTrusted(X509Certificate[] chain, String authType) { }

        public void checkServerTrusted(X509Certificate[] chain, String authType) { }

        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }

        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }

        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }

        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }

        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      HttpClient https = HttpClient.newBuilder().sslContext(trustAll).build();
      String base = "https://127.0.0.1:" + server.port();
      HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"Password\":\"pw\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, login.statusCode());
      String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
      assertTrue(cookie.contains("Secure"), cookie);
    } finally {
      cert.delete();
    }
  }
}
