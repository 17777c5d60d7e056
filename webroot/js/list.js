// The container table: one <tbody> per Docker host, rows keyed by container so live updates only touch the
// cells whose text changed (no flicker, hover and selection survive a re-sort).

import {STATE_UNKNOWN, isRunning} from './contract.js';
import {bytes, pct} from './format.js';

export {isRunning};

const STATE_RANK = {running: 0, restarting: 1, paused: 2, unknown: 3, created: 4, removing: 5, exited: 6, dead: 7};
const NUMERIC = new Set(['cpu', 'mem', 'memUsage']);

function sortValue(c, key) {
  switch (key) {
    case 'cpu': return isRunning(c) && c.last ? c.last.cpu : null;
    case 'mem': return isRunning(c) && c.last ? c.last.mem : null;
    case 'memUsage': return isRunning(c) && c.last ? c.last.memUsage : null;
    case 'state': return STATE_RANK[c.State] ?? 9;
    case 'name': return (c.Name || '').toLowerCase();
    case 'image': return (c.Image || '').toLowerCase();
    case 'status': return (c.Status || '').toLowerCase();
    default: return null;
  }
}

/** Comparator for a sort {key, dir}; rows without a value (stopped, no sample yet) always go last. */
export function comparator({key, dir}) {
  return (a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va == null || vb == null) {
      if (va != null) return -1;
      if (vb != null) return 1;
    } else if (va !== vb) {
      return (va < vb ? -1 : 1) * dir;
    }
    return (a.Name || '').localeCompare(b.Name || '') || a.Id.localeCompare(b.Id);
  };
}

/** Every whitespace-separated word must occur in the name, image, state, status, host or id. */
export function matches(c, filter) {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = `${c.Name} ${c.Image} ${c.State} ${c.Status} ${c.Host} ${c.Id}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** What the state badge says: "stopped" for exited, Docker's word otherwise ("unknown" on an unavailable host). */
export function stateLabel(state) {
  return state === 'exited' ? 'stopped' : state || '';
}

/** Where a host's samples come from (its optional `Collector`): {text, title, error} or null when not reported. */
export function collectorLabel(host) {
  const names = {cgroup: 'cgroup files', api: 'Docker API'};
  if (!host || typeof host.Collector !== 'string' || !host.Collector) return null;
  const name = names[host.Collector] || host.Collector;
  const error = typeof host.CollectorError === 'string' && host.CollectorError ? host.CollectorError : null;
  return {
    text: `via ${name}`,
    title: `Samples read from ${name}` + (error ? ` (${error})` : ''),
    error,
  };
}

/** The host header's counts: "2 running / 5 containers · 1 shown · Docker 20.10.24". */
export function hostInfo(host, all, shown) {
  const running = all.filter(isRunning).length;
  const filtered = shown.length !== all.length ? ` · ${shown.length} shown` : '';
  const engine = host.Engine ? ` · Docker ${host.Engine}` : '';
  return `${running} running / ${all.length} container${all.length === 1 ? '' : 's'}${filtered}${engine}`;
}

export function defaultDir(key) {
  return NUMERIC.has(key) ? -1 : 1;
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

export class ContainerList {
  /** @param {HTMLTableElement} table  @param {{onOpen(key), onSort(key)}} cb */
  constructor(table, cb) {
    this.table = table;
    this.cb = cb;
    this.groups = new Map(); // host -> {tbody, head}
    this.rows = new Map(); // key -> tr
    this.order = []; // visible keys, top to bottom
    table.tHead.addEventListener('click', (e) => {
      const th = e.target.closest('th[data-sort]');
      if (th) cb.onSort(th.dataset.sort);
    });
    table.addEventListener('click', (e) => {
      const tr = e.target.closest('tr[data-key]');
      if (tr) cb.onOpen(tr.dataset.key);
    });
  }

  /**
   * @param {object} m {hosts: Map name->host, containers: Map key->container, sort, filter, selected, open}
   */
  render(m) {
    for (const th of this.table.tHead.querySelectorAll('th[data-sort]')) {
      const active = th.dataset.sort === m.sort.key;
      th.setAttribute('aria-sort', active ? (m.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
    }
    const byHost = new Map();
    for (const name of [...m.hosts.keys()].sort()) byHost.set(name, []);
    for (const c of m.containers.values()) {
      if (!byHost.has(c.Host)) byHost.set(c.Host, []);
      byHost.get(c.Host).push(c);
    }
    const cmp = comparator(m.sort);
    const seen = new Set();
    const order = [];
    let before = null; // keeps tbodies in host order
    for (const [hostName, all] of byHost) {
      const g = this.group(hostName);
      const host = m.hosts.get(hostName) || {Name: hostName, Available: true};
      const shown = all.filter((c) => matches(c, m.filter)).sort(cmp);
      this.renderHead(g, host, all, shown);
      // keep the header first, then rows in order; only move nodes that are out of place
      let prev = g.head;
      for (const c of shown) {
        const tr = this.row(c, m);
        if (prev.nextSibling !== tr) g.tbody.insertBefore(tr, prev.nextSibling);
        prev = tr;
        seen.add(c.key);
        order.push(c.key);
      }
      while (prev.nextSibling) prev.nextSibling.remove();
      const wanted = before ? before.nextSibling : this.table.tBodies[0] || null;
      if (g.tbody !== wanted) this.table.insertBefore(g.tbody, wanted);
      before = g.tbody;
      seen.add('host:' + hostName);
    }
    for (const [key] of this.rows) if (!seen.has(key)) this.rows.delete(key);
    for (const [name, g] of this.groups) {
      if (!seen.has('host:' + name)) {
        g.tbody.remove();
        this.groups.delete(name);
      }
    }
    this.order = order;
  }

  group(name) {
    let g = this.groups.get(name);
    if (!g) {
      const tbody = document.createElement('tbody');
      tbody.dataset.host = name;
      const head = document.createElement('tr');
      head.className = 'host-row';
      head.dataset.host = name;
      head.innerHTML = '<th colspan="7"><span class="host-dot"></span><span class="host-name"></span>' +
        '<span class="host-info"></span><span class="host-collector"></span><span class="host-error"></span></th>';
      tbody.appendChild(head);
      g = {tbody, head};
      this.groups.set(name, g);
    }
    return g;
  }

  renderHead(g, host, all, shown) {
    const available = host.Available !== false;
    g.head.dataset.available = String(available);
    setText(g.head.querySelector('.host-name'), host.Name);
    setText(g.head.querySelector('.host-info'), hostInfo(host, all, shown));
    const collector = collectorLabel(host);
    const col = g.head.querySelector('.host-collector');
    setText(col, collector ? collector.text : '');
    col.title = collector ? collector.title : '';
    col.dataset.collector = host.Collector || '';
    col.classList.toggle('warn', !!(collector && collector.error));
    setText(g.head.querySelector('.host-error'), available ? '' : `unavailable${host.Error ? ': ' + host.Error : ''}`);
  }

  row(c, m) {
    let tr = this.rows.get(c.key);
    if (!tr) {
      tr = document.createElement('tr');
      tr.dataset.key = c.key;
      tr.innerHTML =
        '<td class="col-name"><span class="name"></span><span class="cid"></span></td>' +
        '<td class="col-image"></td>' +
        '<td class="col-state"><span class="state-badge"></span></td>' +
        '<td class="col-cpu num"><span class="v"></span><span class="bar"><i></i></span></td>' +
        '<td class="col-mem num"><span class="v"></span><span class="bar"><i></i></span></td>' +
        '<td class="col-memusage num"></td>' +
        '<td class="col-status"></td>';
      this.rows.set(c.key, tr);
    }
    const running = isRunning(c);
    const p = running ? c.last : null;
    tr.dataset.id = c.Id;
    tr.dataset.host = c.Host;
    tr.dataset.name = c.Name;
    tr.dataset.state = c.State;
    tr.classList.toggle('stopped', !running && c.State !== STATE_UNKNOWN);
    tr.classList.toggle('unknown', c.State === STATE_UNKNOWN);
    tr.classList.toggle('selected', m.selected === c.key);
    tr.classList.toggle('open', m.open === c.key);
    tr.setAttribute('aria-selected', String(m.selected === c.key));
    const cells = tr.cells;
    setText(cells[0].firstChild, c.Name);
    setText(cells[0].lastChild, c.Id.slice(0, 12));
    setText(cells[1], c.Image);
    cells[1].title = c.Image;
    const badge = cells[2].firstChild;
    badge.dataset.state = c.State;
    setText(badge, stateLabel(c.State));
    this.meter(cells[3], p ? p.cpu : null, pct);
    this.meter(cells[4], p ? p.mem : null, pct);
    setText(cells[5], p ? bytes(p.memUsage) : '—');
    cells[5].title = p ? `${bytes(p.memUsage)} of ${bytes(p.memLimit)} limit` : '';
    setText(cells[6], c.Status || '');
    return tr;
  }

  meter(td, v, fmt) {
    setText(td.firstChild, v == null ? '—' : fmt(v));
    const w = v == null ? 0 : Math.max(0, Math.min(100, v));
    const bar = td.lastChild.firstChild;
    const width = w.toFixed(1) + '%';
    if (bar.style.width !== width) bar.style.width = width;
    td.dataset.level = v == null ? '' : v >= 90 ? 'high' : v >= 50 ? 'mid' : 'low';
  }

  /** Key of the row `delta` visible rows away from `from` (clamped), or the first row. */
  step(from, delta) {
    if (!this.order.length) return null;
    const i = this.order.indexOf(from);
    if (i < 0) return this.order[delta < 0 ? this.order.length - 1 : 0];
    return this.order[Math.max(0, Math.min(this.order.length - 1, i + delta))];
  }

  reveal(key) {
    const tr = this.rows.get(key);
    if (tr) tr.scrollIntoView({block: 'nearest'});
  }
}
