// Every host and container the page knows, kept live: a full listing on (re)connect, then the changes pushed on
// pulse.containers, and each running container's newest point and sparkline for the list, from one
// pulse.summary.<host> registration per host (not one per row: the bridge keeps a consumer per socket and address)
// and the host.summary backfill, which also makes the server watch every running container. No DOM here.

import {ACTIONS, CONTAINERS, DESTROY_ACTION, HOST_ACTION, isRunning, keyOf, summaryAddress} from './contract.js';
import {appendSpark, decodePoints, emptySpark, mergeSpark, sparkFromColumns} from './summary.js';

const CONTAINER_FIELDS = ['Name', 'Image', 'State', 'Status'];
/** Ids one host.summary names at most: well inside a 16 KiB bridge frame. */
const MAX_IDS = 200;

/** Container on `host` by full id, name, or a unique-looking id prefix of at least 12 digits. */
export function findContainer(containers, host, ref) {
  let byPrefix = null;
  for (const c of containers.values()) {
    if (c.Host !== host) continue;
    if (c.Id === ref || c.Name === ref) return c;
    if (ref.length >= 12 && c.Id.startsWith(ref)) byPrefix = c;
  }
  return byPrefix;
}

/** The header's sums: running and all containers, CPU % and memory of what runs, unavailable hosts. */
export function totals(containers, hosts) {
  let running = 0;
  let all = 0;
  let cpu = 0;
  let mem = 0;
  for (const c of containers.values()) {
    all++;
    if (!isRunning(c)) continue;
    running++;
    if (c.last) {
      cpu += c.last.cpu || 0;
      mem += c.last.memUsage || 0;
    }
  }
  let down = 0;
  for (const h of hosts.values()) if (h.Available === false) down++;
  return {running, all, cpu, mem, down};
}

export class Inventory {
  /** @param {import('./connection.js').Connection} conn */
  constructor(conn) {
    this.conn = conn;
    this.hosts = new Map(); // name -> {Name, Available, Error, Node, Engine, Containers, Collector?}
    this.containers = new Map(); // key -> {key, Host, Id, Name, Image, State, Status, last, spark}
    this.summaries = new Map(); // host -> undo of its pulse.summary.<host> registration
    this.backfills = new Map(); // host -> {timer, ids} of a pending host.summary for containers that started
    this.changeListeners = new Set();
    this.eventListeners = new Set();
    conn.bus.register(CONTAINERS, (ev) => this.apply(ev));
  }

  /** Registers the host's summary once: its pushes carry the newest point of each of its running containers. */
  follow(host) {
    if (this.summaries.has(host)) return;
    this.summaries.set(host, this.conn.bus.register(summaryAddress(host), (body) => this.onSummary(host, body)));
  }

  onSummary(host, body) {
    if (!body || body.Host !== host) return;
    let any = false;
    for (const [id, p] of decodePoints(body.Points)) any = this.take(this.containers.get(keyOf(host, id)), p) || any;
    if (any) this.changed(false);
  }

  /** A running container's new point: its row's values and sparkline. Points of stopped rows are not kept. */
  take(c, p) {
    if (!c || !isRunning(c) || (c.last && p.seq <= c.last.seq && p.timestamp <= c.last.timestamp)) return false;
    c.last = p;
    if (!c.spark) c.spark = emptySpark();
    appendSpark(c.spark, p);
    this.conn.clock.note(p);
    return true;
  }

  /**
   * host.summary: the last minutes of every running container of `host` (or of `ids` only); the server now watches
   * them.
   */
  async backfill(host, ids = null) {
    const r = await this.conn.command(ACTIONS.HOST_SUMMARY, ids ? {Host: host, Ids: ids} : {Host: host});
    const points = r && r.Points && typeof r.Points === 'object' ? r.Points : {};
    for (const [id, p] of decodePoints(r && r.Newest)) {
      const c = this.containers.get(keyOf(host, id));
      const fresh = sparkFromColumns(points[id]);
      if (!c || !isRunning(c) || !fresh) continue;
      c.spark = mergeSpark(c.spark, fresh);
      if (!c.last || p.seq > c.last.seq || p.timestamp > c.last.timestamp) c.last = p;
    }
    this.changed(false);
  }

  /** A container started that the server may not watch yet: ask for the host's summary again, once for a burst. */
  scheduleBackfill(host, id) {
    const pending = this.backfills.get(host);
    if (pending) {
      if (pending.ids.length < MAX_IDS) pending.ids.push(id);
      return;
    }
    const ids = [id];
    this.backfills.set(host, {ids, timer: setTimeout(() => {
      this.backfills.delete(host);
      this.backfill(host, ids).catch(() => {});
    }, 250)});
  }

  /** fn(now): something to show changed; now=true when it should be drawn at once rather than next frame. */
  onChange(fn) {
    this.changeListeners.add(fn);
  }

  /** fn(ev): a pulse.containers event, after it was applied. */
  onEvent(fn) {
    this.eventListeners.add(fn);
  }

  changed(now) {
    for (const fn of [...this.changeListeners]) fn(now);
  }

  /** Lists hosts and containers again; containers gone meanwhile are dropped, their live points released. */
  async refresh() {
    const [h, c] = await Promise.all([
      this.conn.command(ACTIONS.HOSTS_LIST), this.conn.command(ACTIONS.CONTAINERS_LIST)]);
    this.hosts = new Map((h.Hosts || []).map((x) => [x.Name, x]));
    const fresh = new Map();
    for (const x of c.Containers || []) {
      const key = keyOf(x.Host, x.Id);
      const old = this.containers.get(key);
      fresh.set(key, Object.assign(old || {key, last: null, spark: null}, x));
    }
    this.containers = fresh;
    for (const x of fresh.values()) if (!isRunning(x)) this.stopped(x);
    this.changed(true);
    for (const name of this.hosts.keys()) this.follow(name);
    await Promise.all([...this.hosts.values()].filter((x) => x.Available !== false)
      .map((x) => this.backfill(x.Name).catch(() => {})));
  }

  /** Applies one pulse.containers event. */
  apply(ev) {
    if (!ev || !ev.Host) return;
    if (ev.Action === HOST_ACTION) {
      const h = this.hosts.get(ev.Host) || {Name: ev.Host};
      h.Available = ev.Available;
      h.Error = ev.Error ?? null;
      this.hosts.set(ev.Host, h);
      if (ev.Available) this.refresh().catch(() => {}); // what changed while it was away
    } else {
      const key = keyOf(ev.Host, ev.Id);
      let c = this.containers.get(key);
      if (ev.Action === DESTROY_ACTION) {
        this.containers.delete(key);
      } else {
        if (!c) {
          c = {key, Host: ev.Host, Id: ev.Id, last: null, spark: null};
          this.containers.set(key, c);
        }
        const was = isRunning(c);
        for (const f of CONTAINER_FIELDS) if (ev[f] != null) c[f] = ev[f];
        if (!isRunning(c)) this.stopped(c);
        else if (!was) {
          this.follow(ev.Host);
          this.scheduleBackfill(ev.Host, ev.Id);
        }
      }
    }
    for (const fn of [...this.eventListeners]) fn(ev);
    this.changed(ev.Action === HOST_ACTION);
  }

  /** A container that does not run shows no numbers and no sparkline (old points are not shown). */
  stopped(c) {
    c.last = null;
    c.spark = null;
  }

  find(host, ref) {
    return findContainer(this.containers, host, ref);
  }

  get(host, id) {
    return this.containers.get(keyOf(host, id));
  }

  totals() {
    return totals(this.containers, this.hosts);
  }
}
