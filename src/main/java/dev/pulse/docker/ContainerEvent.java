package dev.pulse.docker;

import java.util.Set;

/** A Docker engine event about a container, reduced to what discovery needs. */
public record ContainerEvent(String id, String action) {

  /** Actions that change what the list shows; exec_*, health_status, attach and the like are ignored. */
  public static final Set<String> RELEVANT = Set.of(
      "create", "start", "die", "stop", "kill", "restart", "destroy", "rename", "pause", "unpause", "oom");

  public boolean relevant() {
    return id != null && action != null && RELEVANT.contains(action);
  }
}
