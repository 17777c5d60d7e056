// Every host and container the page knows, kept live: a full listing on (re)connect, then the changes pushed on
// pulse.containers, and each running container's newest point for the list. No DOM here: views listen.

import {ACTIONS, CONTAINERS, DESTROY_ACTION, HOST_ACTION, isRunning, keyOf, metricsAddress} from './contract.js';

const CONTAINER_FIELDS = ['Name', 'Image', 'State', 'Status'];

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
    this.containers = new Map(); // key -> {key, Host, Id, Name, Image, State, Status, last, unsub}
    this.changeListeners = new Set();
    this.eventListeners = new Set();
    conn.bus.register(CONTAINERS, (ev) => this.apply(ev));
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
      fresh.set(key, Object.assign(old || {key, last: null, unsub: null}, x));
    }
    for (const [key, old] of this.containers) if (!fresh.has(key)) this.watch(old, false);
    this.containers = fresh;
    for (const x of fresh.values()) this.watch(x, isRunning(x));
    this.changed(true);
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
        if (c) {
          this.watch(c, false);
          this.containers.delete(key);
        }
      } else {
        if (!c) {
          c = {key, Host: ev.Host, Id: ev.Id, last: null, unsub: null};
          this.containers.set(key, c);
        }
        for (const f of CONTAINER_FIELDS) if (ev[f] != null) c[f] = ev[f];
        this.watch(c, isRunning(c));
      }
    }
    for (const fn of [...this.eventListeners]) fn(ev);
    this.changed(ev.Action === HOST_ACTION);
  }

  /** (Un)registers the list's live points for one container; the server samples it while someone listens. */
  watch(c, on) {
    if (on && !c.unsub) {
      c.unsub = this.conn.bus.register(metricsAddress(c.Host, c.Id), (p) => {
        c.last = p;
        this.conn.clock.note(p);
        this.changed(false);
      });
    } else if (!on && c.unsub) {
      c.unsub();
      c.unsub = null;
      c.last = null;
    }
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
