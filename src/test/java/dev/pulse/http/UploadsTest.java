package dev.pulse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.DockerHostSpec;
import dev.pulse.config.PulseConfig;
import dev.pulse.config.SecurityConfig;
import dev.pulse.testsupport.FakeDockerGateway;
import dev.pulse.testsupport.PulseTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * No endpoint takes uploads. Failed before the fix: {@code POST /api/login} with a multipart body stored every file
 * part under {@code ./file-uploads/} (BodyHandler's default) and answered 400, so 50 requests left 50 files.
 */
@Timeout(60)
class UploadsTest {

  @ParameterizedTest
  @ValueSource(strings = {"/api/login", "/api/logout", "/eventbus/000/upload/xhr_send", "/api/status"})
  void multipartPostsWriteNoFileAnywhereUnderTheWorkingDirectory(String path) {
    Path cwd = Path.of("").toAbsolutePath();
    Set<Path> before = files(cwd);
    FakeDockerGateway engine = new FakeDockerGateway("fake").withRunning(FakeDockerGateway.ID, "web");
    try (PulseTestServer server = PulseTestServer.start(PulseConfig.defaults().withHttp("127.0.0.1", 0)
        .withSecurity(SecurityConfig.none().withSecret("s3cret"))
        .withDockerHosts(List.of(new DockerHostSpec("fake", "unix:///nonexistent.sock"))), spec -> engine)) {
      String boundary = "pulseboundary";
      String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"Password\"\r\n\r\nx\r\n"
          + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"evil.bin\"\r\n"
          + "Content-Type: application/octet-stream\r\n\r\n" + "A".repeat(2000) + "\r\n--" + boundary + "--\r\n";
      for (int i = 0; i < 50; i++) {
        PulseTestServer.Reply r = server.send(HttpRequest.newBuilder(URI.create(server.base() + path))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertTrue(r.status() >= 400 && r.status() < 500, path + " → " + r.status() + " " + r.body());
        if (path.startsWith("/api/")) assertTrue(r.body().contains("\"Error\""), r.body());
      }
    }
    Set<Path> created = files(cwd);
    created.removeAll(before);
    assertEquals(Set.of(), created, "files written by the uploads");
    assertFalse(Files.exists(cwd.resolve("file-uploads")), "no upload directory");
  }

  /** Every file under {@code dir} but build output and VCS data. */
  private static Set<Path> files(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(dir::relativize)
          .filter(p -> !p.startsWith("target") && !p.startsWith(".git"))
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
