package dev.pulse;

import dev.pulse.config.DockerHostSpec;
import dev.pulse.config.PulseConfig;
import org.slf4j.Logger;

/** What an operator reads first in the log: where Pulse listens, what it watches, whom it clusters with. */
final class StartupLines {

  private StartupLines() {}

  static void log(Logger log, PulseConfig config, int port) {
    log.info("listening on {}://{}:{}/ (authentication {}, metrics bearer token {})",
        config.security().tls() ? "https" : "http", config.httpHost(), port,
        config.security().authEnabled() ? "on" : "off", config.security().metricsToken() != null ? "set" : "not set");
    for (DockerHostSpec h : config.dockerHosts()) {
      log.info("Docker host {} at {}: sampling {} every {} ms", h.name(), h.url(),
          config.sampling().name().toLowerCase(), config.pollIntervalMs());
    }
    if (config.cluster().enabled()) {
      log.info("clustered on {}:{} with members {}", config.cluster().host(), config.cluster().port(),
          String.join(", ", config.cluster().members()));
    } else {
      log.info("not clustered");
    }
  }
}
