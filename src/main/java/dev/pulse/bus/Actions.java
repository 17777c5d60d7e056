package dev.pulse.bus;

/** The actions {@link Addresses#COMMAND} understands. */
public final class Actions {
  public static final String HOSTS_LIST = "hosts.list";
  public static final String CONTAINERS_LIST = "containers.list";
  public static final String CONTAINER_METRICS = "container.metrics";
  public static final String STATUS = "status";
  /** The newest points of every running container of a host (the list's sparklines); the session watches them. */
  public static final String HOST_SUMMARY = "host.summary";

  private Actions() {}
}
