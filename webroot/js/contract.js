// The wire contract the page is built on (README "Contract"), in one place. The Java side has the same names in
// dev.pulse.bus (Addresses, Actions) and Sample.toPoint; ContractJsTest reads this file and fails when they differ,
// so keep each constant a plain literal on its own line.

/** MetricPoint fields in wire order: the History columns and uPlot's data rows use it. */
export const POINT_FIELDS = ['seq', 'timestamp', 'cpu', 'mem', 'memUsage', 'memLimit', 'netRx', 'netTx', 'blkRead', 'blkWrite', 'pids'];

/** The measured values of a point (everything after seq and timestamp), in wire order. */
export const VALUE_FIELDS = POINT_FIELDS.slice(2);

/** Bridge inbound, request/reply: {Action, Args}. */
export const COMMAND = 'pulse.command';
/** Bridge outbound: pulse.metrics.<host>.<full id> carries every new MetricPoint of one container. */
export const METRICS_PREFIX = 'pulse.metrics.';
/** Bridge outbound: container changes and host availability. */
export const CONTAINERS = 'pulse.containers';
/** Bridge outbound: pulse.summary.<host> carries once an interval {Host, Points: {id: MetricPoint}}. */
export const SUMMARY_PREFIX = 'pulse.summary.';

/** The actions COMMAND understands. */
export const ACTIONS = {
  STATUS: 'status',
  HOSTS_LIST: 'hosts.list',
  CONTAINERS_LIST: 'containers.list',
  CONTAINER_METRICS: 'container.metrics',
  HOST_SUMMARY: 'host.summary',
};

/** pulse.containers event of a host's availability (every other Action is a container's). */
export const HOST_ACTION = 'host';
/** pulse.containers Action of a removed container. */
export const DESTROY_ACTION = 'destroy';

export function metricsAddress(host, id) {
  return METRICS_PREFIX + host + '.' + id;
}

export function summaryAddress(host) {
  return SUMMARY_PREFIX + host;
}

/** A container's key in the page's maps and in the list's rows. */
export function keyOf(host, id) {
  return `${host}/${id}`;
}

/** Container State values the page treats specially; the rest are Docker's own (created, paused, exited...). */
export const STATE_RUNNING = 'running';
/** The state of a container whose host is unavailable: what it does now is not known. */
export const STATE_UNKNOWN = 'unknown';

export function isRunning(c) {
  return c.State === STATE_RUNNING;
}

/** The REST address of a container's whole retained history as CSV (README "CSV"); the login cookie opens it. */
export function csvUrl(host, id) {
  return `/api/hosts/${encodeURIComponent(host)}/containers/${encodeURIComponent(id)}/metrics?from=0&format=csv`;
}
