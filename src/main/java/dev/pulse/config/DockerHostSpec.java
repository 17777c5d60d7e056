package dev.pulse.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** One Docker engine Pulse watches: a short name used in addresses and URLs, and the engine's URL. */
public record DockerHostSpec(String name, String url) {

  /** Host names travel in event-bus addresses and URL paths, so dots and slashes are not allowed. */
  public static final Pattern NAME = dev.pulse.bus.ContainerKey.HOST_NAME;

  public DockerHostSpec {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ConfigException("PULSE_DOCKER_HOSTS: host name '" + name + "' must match " + NAME.pattern());
    }
    if (url == null || !(url.startsWith("unix://") || url.startsWith("tcp://"))) {
      throw new ConfigException("PULSE_DOCKER_HOSTS: URL of host '" + name + "' must start with unix:// or tcp:// (got '" + url + "')");
    }
  }

  /** An engine on this machine's unix socket: its containers' cgroup files are this kernel's. */
  public boolean local() {
    return url.startsWith("unix://");
  }

  /** Parses {@code name=url,name2=url2}. */
  public static List<DockerHostSpec> parseList(String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException("PULSE_DOCKER_HOSTS: empty host list, expected name=url[,name2=url2]");
    }
    List<DockerHostSpec> hosts = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      String item = part.trim();
      int eq = item.indexOf('=');
      if (eq <= 0 || eq == item.length() - 1) {
        throw new ConfigException("PULSE_DOCKER_HOSTS: '" + item + "' is not name=url");
      }
      DockerHostSpec spec = new DockerHostSpec(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
      if (!names.add(spec.name())) {
        throw new ConfigException("PULSE_DOCKER_HOSTS: host name '" + spec.name() + "' appears twice");
      }
      hosts.add(spec);
    }
    return List.copyOf(hosts);
  }

  /** The default: one host {@code local} at DOCKER_HOST or the standard socket. */
  public static List<DockerHostSpec> defaultHosts(String dockerHostEnv) {
    String url = dockerHostEnv == null || dockerHostEnv.isBlank() ? "unix:///var/run/docker.sock" : dockerHostEnv.trim();
    return List.of(new DockerHostSpec("local", url));
  }
}
