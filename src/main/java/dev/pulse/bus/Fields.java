package dev.pulse.bus;

/** Field names of the JSON messages in the contract (README "Contract"); capitalised as the page and scripts expect. */
public final class Fields {
  public static final String ACTION = "Action";
  public static final String ARGS = "Args";
  public static final String HOST = "Host";
  public static final String ID = "Id";
  public static final String REF = "Ref";
  public static final String FROM = "From";
  public static final String METRICS = "Metrics";
  /** In a summary push and a {@code host.summary} reply: points by container id. */
  public static final String POINTS = "Points";
  /** In a {@code host.summary} reply: the newest MetricPoint by container id. */
  public static final String NEWEST = "Newest";
  /** Container ids, in internal requests. */
  public static final String IDS = "Ids";
  public static final String IS_RUNNING = "IsRunning";
  public static final String HOSTS = "Hosts";
  public static final String CONTAINERS = "Containers";
  public static final String NAME = "Name";
  public static final String IMAGE = "Image";
  public static final String STATE = "State";
  public static final String STATUS = "Status";
  public static final String AVAILABLE = "Available";
  public static final String NODE = "Node";
  public static final String ERROR = "Error";
  public static final String OP = "Op";
  public static final String HOLDER = "Holder";
  public static final String POLLERS = "Pollers";
  public static final String SESSIONS = "Sessions";
  /** In {@code status}: {@code "disk"} or {@code "memory"}, where this node keeps its history. */
  public static final String HISTORY = "History";
  /** In {@code status}: why history is in memory although a data directory is set, or null. */
  public static final String HISTORY_ERROR = "HistoryError";
  /** Which collector a host's pollers read from: {@code cgroup} or {@code api}. */
  public static final String COLLECTOR = "Collector";
  /** Why a host reads from the API instead of its cgroup files, else null. */
  public static final String COLLECTOR_ERROR = "CollectorError";
  /** This node's own CPU and samples over the last minute ({@code /api/status}). */
  public static final String COST = "Cost";

  /** Internal: a login token (logout, SockJS binding). */
  public static final String LOGIN = "Login";
  /** Internal: who tries to log in (an IP address), for the throttle. */
  public static final String CLIENT = "Client";
  /** Internal, the throttle's answer: ms until any password may be checked (0: now). */
  public static final String WAIT_MS = "WaitMs";
  /** Internal, the throttle's answer: ms to hold back this client's answer. */
  public static final String DELAY_MS = "DelayMs";

  /** Header the bridge stamps on every command from a browser, naming its session verticle. */
  public static final String SESSION_HEADER = "pulse-session";

  private Fields() {}
}
