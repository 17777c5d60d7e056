// The container table: one <tbody> per Docker host, rows keyed by container so live updates only touch the
// cells whose text changed (no flicker, hover and selection survive a re-sort). Rows are fixed-height flex boxes
// with layout containment (pulse.css), so a changed cell lays out its own row, not the table; only the rows in view
// get their numbers and sparklines (windowing.js), the others when they scroll in.

import {STATE_UNKNOWN, isRunning} from './contract.js';
import {bytes, esc, int, pct, rate} from './format.js';
import {drawSpark} from './spark.js';
import {SPARK_POINTS} from './summary.js';
import {visibleRange} from './windowing.js';

export {isRunning};

const STATE_RANK = {running: 0, restarting: 1, paused: 2, unknown: 3, created: 4, removing: 5, exited: 6, dead: 7};

/**
 * The table's columns, as `docker stats` has them plus image, state and status. `sort` names the sort key,
 * `num` right-aligns and sorts descending first, `keep` columns are never hidden (the phone view), `hideAt` the
 * window width (px) at and below which a column is hidden (CSS in pulse.css, same order): status first, then
 * image, block I/O, network, trend, PIDs and memory used. The trend (sparklines) does not sort.
 */
export const COLUMNS = [
  {id: 'name', label: 'Name', sort: 'name', keep: true},
  {id: 'image', label: 'Image', sort: 'image', hideAt: 1250},
  {id: 'state', label: 'State', sort: 'state', keep: true},
  {id: 'cpu', label: 'CPU %', sort: 'cpu', num: true, keep: true},
  {id: 'mem', label: 'Mem %', sort: 'mem', num: true, keep: true},
  {id: 'trend', label: 'Trend', hideAt: 870},
  {id: 'memusage', label: 'Mem used / limit', sort: 'memUsage', num: true, hideAt: 640},
  {id: 'net', label: 'Net rx / tx', sort: 'net', num: true, hideAt: 950},
  {id: 'blk', label: 'Block r / w', sort: 'blk', num: true, hideAt: 1100},
  {id: 'pids', label: 'PIDs', sort: 'pids', num: true, hideAt: 800},
  {id: 'status', label: 'Status', sort: 'status', hideAt: 1500},
];

/** Columns the user may hide (the rest always show). */
export const OPTIONAL_COLUMNS = COLUMNS.filter((c) => !c.keep).map((c) => c.id);

const NUMERIC = new Set(COLUMNS.filter((c) => c.num).map((c) => c.sort));

/** What a sparkline spans: 5 minutes, or the SPARK_POINTS it holds at a longer interval. */
export function sparkWindow(intervalMs) {
  return Math.max(5 * 60_000, SPARK_POINTS * intervalMs);
}

/** A running container's newest point, or null (stopped, unknown, no sample yet): old points are not shown. */
function livePoint(c) {
  return isRunning(c) && c.last ? c.last : null;
}

/** The value a column sorts by; null for "no value" (always last). */
export function sortValue(c, key) {
  const p = livePoint(c);
  switch (key) {
    case 'cpu': return p ? p.cpu : null;
    case 'mem': return p ? p.mem : null;
    case 'memUsage': return p ? p.memUsage : null;
    case 'net': return p ? p.netRx + p.netTx : null;
    case 'blk': return p ? p.blkRead + p.blkWrite : null;
    case 'pids': return p ? p.pids : null;
    case 'state': return STATE_RANK[c.State] ?? 9;
    case 'name': return (c.Name || '').toLowerCase();
    case 'image': return (c.Image || '').toLowerCase();
    case 'status': return (c.Status || '').toLowerCase();
    default: return null;
  }
}

/** Hidden column ids from the stored choice: only optional columns, unknown ids dropped. */
export function hiddenColumns(stored) {
  return Array.isArray(stored) ? OPTIONAL_COLUMNS.filter((id) => stored.includes(id)) : [];
}

/** The two-rate cells ("1.2 kB/s / 300 B/s"). */
export function pair(a, b, fmt) {
  return `${fmt(a)} / ${fmt(b)}`;
}

/** Text order of names and ids: the same as String#localeCompare, without its per-call set-up. */
const collator = new Intl.Collator();

/** Comparator for a sort {key, dir}; rows without a value (stopped, no sample yet) always go last. */
export function comparator({key, dir}) {
  return (a, b) => compareValues(sortValue(a, key), sortValue(b, key), dir) || byName(a, b);
}

function compareValues(va, vb, dir) {
  if (va == null || vb == null) {
    if (va != null) return -1;
    if (vb != null) return 1;
    return 0;
  }
  return va === vb ? 0 : (va < vb ? -1 : 1) * dir;
}

function byName(a, b) {
  return collator.compare(a.Name || '', b.Name || '') || collator.compare(a.Id, b.Id);
}

/**
 * The containers in the order of `sort`, as comparator() orders them, each sort value computed once (a live update
 * sorts every row in every frame).
 */
export function sortRows(containers, {key, dir}) {
  const keyed = containers.map((c) => ({c, v: sortValue(c, key)}));
  keyed.sort((a, b) => compareValues(a.v, b.v, dir) || byName(a.c, b.c));
  return keyed.map((x) => x.c);
}

/** A predicate: every whitespace-separated word of `filter` occurs in the name, image, state, status, host or id. */
export function matcher(filter) {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return () => true;
  return (c) => {
    const hay = `${c.Name} ${c.Image} ${c.State} ${c.Status} ${c.Host} ${c.Id}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  };
}

/** Every whitespace-separated word must occur in the name, image, state, status, host or id. */
export function matches(c, filter) {
  return matcher(filter)(c);
}

/**
 * Which of `wanted` (keys, in their new order) must be moved to turn `current` (the keys in the order they stand)
 * into it: all but a longest run that is already in order (the rest stays put), and keys not in `current`. A row that
 * changes rank costs one move, not one for every row it passes; a moved row is laid out and styled anew.
 * @returns {Set} keys to move
 */
export function rowsToMove(current, wanted) {
  const at = new Map();
  current.forEach((k, i) => at.set(k, i));
  // longest increasing subsequence of the current positions, in wanted order (patience sorting, O(n log n))
  const tails = []; // tails[len] = index into wanted of the smallest tail of a run of length len + 1
  const prevOf = new Array(wanted.length).fill(-1);
  for (let i = 0; i < wanted.length; i++) {
    const pos = at.get(wanted[i]);
    if (pos === undefined) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at.get(wanted[tails[mid]]) < pos) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prevOf[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const stay = new Set();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prevOf[i]) stay.add(wanted[i]);
  return new Set(wanted.filter((k) => !stay.has(k)));
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

/**
 * Text is changed in the element's one text node: setting textContent would replace the node (a new node and layout
 * object for every changed number, garbage that ends in long collections).
 */
function setText(el, text) {
  const t = el.firstChild;
  if (t && t.nodeType === 3 && !t.nextSibling) {
    if (t.data !== text) t.data = text;
  } else {
    el.replaceChildren(document.createTextNode(text));
  }
}

/** Attributes are only written when they change: every write invalidates the style of what selectors match. */
function setAttr(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** Cell index by column id. */
const COL = Object.fromEntries(COLUMNS.map((c, i) => [c.id, i]));
/** Cells with inner structure (the rest hold text). */
const CELL = {
  name: '<input type="checkbox" class="pick" tabindex="-1" aria-label="Select for comparison (X)">' +
    '<span class="name"></span><span class="cid"></span>',
  state: '<span class="state-badge"></span>',
  cpu: '<span class="v"></span><span class="bar"><i></i></span>',
  mem: '<span class="v"></span><span class="bar"><i></i></span>',
  trend: '<canvas class="spark" width="80" height="20" hidden></canvas>',
};

export class ContainerList {
  /** @param {HTMLTableElement} table  @param {{onOpen(key), onSort(key), onPick(key), onHost(name)}} cb */
  constructor(table, cb) {
    this.table = table;
    this.cb = cb;
    const head = table.createTHead();
    head.innerHTML = '<tr>' + COLUMNS.map((c) => c.sort
      ? `<th data-sort="${c.sort}" data-col="${c.id}" class="col-${c.id}${c.num ? ' num' : ''}">` +
        `<button type="button">${esc(c.label)}</button></th>`
      : `<th data-col="${c.id}" class="col-${c.id}" title="CPU and memory, last minutes"><span>${esc(c.label)}</span></th>`)
      .join('') + '</tr>';
    this.sparkColors = null; // read from the theme's CSS at the first draw, again after recolor()
    this.windowing = true; // off: every row is updated in every render (the frame benchmark's baseline)
    this.groups = new Map(); // host -> {tbody, head, gen}
    this.gen = 0; // render count: rows and groups not stamped with the current one are gone
    this.rows = new Map(); // key -> tr
    this.order = []; // visible keys, top to bottom
    table.tHead.addEventListener('click', (e) => {
      const th = e.target.closest('th[data-sort]');
      if (th) cb.onSort(th.dataset.sort);
    });
    table.addEventListener('click', (e) => {
      const tr = e.target.closest('tr[data-key]');
      const hostBtn = e.target.closest('.host-open');
      if (hostBtn) return cb.onHost(hostBtn.closest('tr').dataset.host);
      if (!tr) return;
      if (e.target.closest('.pick')) cb.onPick(tr.dataset.key);
      else cb.onOpen(tr.dataset.key);
    });
  }

  /**
   * @param {object} m {hosts: Map name->host, containers: Map key->container, sort, filter, selected, open,
   *   marked: Set of keys picked for comparison, intervalMs: the sampling interval}
   */
  render(m) {
    for (const th of this.table.tHead.querySelectorAll('th[data-sort]')) {
      const active = th.dataset.sort === m.sort.key;
      setAttr(th, 'aria-sort', active ? (m.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
    }
    const byHost = new Map();
    for (const name of [...m.hosts.keys()].sort()) byHost.set(name, []);
    for (const c of m.containers.values()) {
      if (!byHost.has(c.Host)) byHost.set(c.Host, []);
      byHost.get(c.Host).push(c);
    }
    const keep = matcher(m.filter);
    const view = this.windowing ? this.viewport() : null;
    const gen = ++this.gen;
    const order = [];
    let before = null; // keeps tbodies in host order
    for (const [hostName, all] of byHost) {
      const g = this.group(hostName);
      g.gen = gen;
      const host = m.hosts.get(hostName) || {Name: hostName, Available: true};
      const shown = sortRows(all.filter(keep), m.sort);
      this.renderHead(g, host, all, shown);
      // rows in view (measured before any write, so no forced layout); a new group draws all its rows once
      const top = view && view.tops.get(hostName);
      const [first, last] = top == null ? [0, shown.length]
        : visibleRange({top: top + view.rowH, height: view.height, rowH: view.rowH, count: shown.length});
      const trs = shown.map((c, i) => {
        const tr = this.row(c, m, i >= first && i < last);
        tr.pulseGen = gen;
        order.push(c.key);
        return tr;
      });
      this.place(g, trs);
      const wanted = before ? before.nextSibling : this.table.tBodies[0] || null;
      if (g.tbody !== wanted) this.table.insertBefore(g.tbody, wanted);
      before = g.tbody;
    }
    for (const [key, tr] of this.rows) if (tr.pulseGen !== gen) this.rows.delete(key);
    for (const [name, g] of this.groups) {
      if (g.gen !== gen) {
        g.tbody.remove();
        this.groups.delete(name);
      }
    }
    this.order = order;
  }

  /**
   * Puts a group's rows in the order of `trs` after its header, moving as few rows as it can (a moved row is styled
   * and laid out anew), and takes out those not in `trs` (filtered out, gone).
   */
  place(g, trs) {
    const current = [];
    for (let n = g.head.nextSibling; n;) {
      const next = n.nextSibling;
      if (n.pulseGen === this.gen) current.push(n);
      else n.remove();
      n = next;
    }
    if (current.length === trs.length && current.every((tr, i) => tr === trs[i])) return;
    const moves = rowsToMove(current, trs);
    let next = null;
    for (let i = trs.length - 1; i >= 0; i--) {
      if (moves.has(trs[i])) g.tbody.insertBefore(trs[i], next);
      next = trs[i];
    }
  }

  group(name) {
    let g = this.groups.get(name);
    if (!g) {
      const tbody = document.createElement('tbody');
      tbody.dataset.host = name;
      const head = document.createElement('tr');
      head.className = 'host-row';
      head.dataset.host = name;
      head.innerHTML = `<th colspan="${COLUMNS.length}"><span class="host-dot"></span><span class="host-name"></span>` +
        '<span class="host-info"></span><span class="host-collector"></span><span class="host-error"></span>' +
        '<button type="button" class="host-open" title="Stacked CPU and memory of this host (H)">overview</button></th>';
      tbody.appendChild(head);
      g = {tbody, head};
      this.groups.set(name, g);
    }
    return g;
  }

  renderHead(g, host, all, shown) {
    const available = host.Available !== false;
    setAttr(g.head, 'data-available', String(available));
    setText(g.head.querySelector('.host-name'), host.Name);
    setText(g.head.querySelector('.host-info'), hostInfo(host, all, shown));
    const collector = collectorLabel(host);
    const col = g.head.querySelector('.host-collector');
    setText(col, collector ? collector.text : '');
    setAttr(col, 'title', collector ? collector.title : '');
    setAttr(col, 'data-collector', host.Collector || '');
    col.classList.toggle('warn', !!(collector && collector.error));
    setText(g.head.querySelector('.host-error'), available ? '' : `unavailable${host.Error ? ': ' + host.Error : ''}`);
  }

  /**
   * Where each host's rows are against the visible part of the list: {tops: host -> px of its tbody's top below
   * the view's top, height, rowH}; null before the first layout. Reads layout only.
   */
  viewport() {
    const pane = this.table.parentElement;
    if (!pane || !this.groups.size) return null;
    const rect = pane.getBoundingClientRect();
    const viewTop = Math.max(0, rect.top);
    const height = Math.min(window.innerHeight, rect.bottom) - viewTop;
    if (!this.rowH) this.rowH = parseFloat(getComputedStyle(this.table).getPropertyValue('--row-h')) || 33;
    const tops = new Map();
    for (const [name, g] of this.groups) if (g.tbody.isConnected) tops.set(name, g.tbody.getBoundingClientRect().top - viewTop);
    return {tops, height: Math.max(0, height), rowH: this.rowH};
  }

  /** The theme changed: sparklines are drawn again in its colours. */
  recolor() {
    this.sparkColors = null;
    for (const tr of this.rows.values()) tr.pulseSparkN = -1;
  }

  row(c, m, inView = true) {
    let tr = this.rows.get(c.key);
    if (!tr) {
      tr = document.createElement('tr');
      tr.dataset.key = c.key;
      tr.innerHTML = COLUMNS.map((col) => `<td class="col-${col.id}${col.num ? ' num' : ''}">${CELL[col.id] || ''}</td>`)
        .join('');
      this.rows.set(c.key, tr);
    }
    const running = isRunning(c);
    const p = livePoint(c);
    const cells = tr.cells;
    const selected = m.selected === c.key;
    const open = m.open === c.key;
    const marked = !!(m.marked && m.marked.has(c.key));
    // what seldom changes is written only when it did: compared here, not read back from the DOM row by row
    const was = tr.pulseStatic || [];
    const now = [c.Id, c.Host, c.Name, c.State, c.Image, c.Status, selected, open, marked];
    if (now.some((v, i) => v !== was[i])) {
      tr.pulseStatic = now;
      setAttr(tr, 'data-id', c.Id);
      setAttr(tr, 'data-host', c.Host);
      setAttr(tr, 'data-name', c.Name);
      setAttr(tr, 'data-state', c.State);
      tr.classList.toggle('stopped', !running && c.State !== STATE_UNKNOWN);
      tr.classList.toggle('unknown', c.State === STATE_UNKNOWN);
      tr.classList.toggle('selected', selected);
      tr.classList.toggle('open', open);
      setAttr(tr, 'aria-selected', String(selected));
      const pick = cells[COL.name].firstChild;
      if (pick.checked !== marked) pick.checked = marked;
      tr.classList.toggle('marked', marked);
      setText(cells[COL.name].children[1], c.Name);
      setText(cells[COL.name].lastChild, c.Id.slice(0, 12));
      setText(cells[COL.image], c.Image);
      setAttr(cells[COL.image], 'title', c.Image);
      const badge = cells[COL.state].firstChild;
      setAttr(badge, 'data-state', c.State);
      setText(badge, stateLabel(c.State));
      setText(cells[COL.status], c.Status || '');
    }
    // what changes every interval: brought up to date when the row scrolls in
    if (!inView) return tr;
    this.spark(cells[COL.trend].firstChild, tr, running ? c.spark : null, m.intervalMs || 3000);
    if (tr.pulsePoint === p) return tr; // this point is shown already
    tr.pulsePoint = p;
    this.meter(cells[COL.cpu], p ? p.cpu : null, pct);
    this.meter(cells[COL.mem], p ? p.mem : null, pct);
    setText(cells[COL.memusage], p ? pair(p.memUsage, p.memLimit, bytes) : '—');
    setAttr(cells[COL.memusage], 'title', p ? `${bytes(p.memUsage)} used of a ${bytes(p.memLimit)} limit` : '');
    setText(cells[COL.net], p ? pair(p.netRx, p.netTx, rate) : '—');
    setText(cells[COL.blk], p ? pair(p.blkRead, p.blkWrite, rate) : '—');
    setText(cells[COL.pids], p ? int(p.pids) : '—');
    return tr;
  }

  /** Draws the row's sparkline when its series changed since the last draw; hidden without one (stopped rows). */
  spark(canvas, tr, s, intervalMs) {
    const n = s ? s.seq.length : 0;
    const newest = n ? s.seq[n - 1] : null;
    if (tr.pulseSparkN === n && tr.pulseSparkSeq === newest) return;
    tr.pulseSparkN = n;
    tr.pulseSparkSeq = newest;
    canvas.hidden = !n;
    if (!this.sparkColors) {
      const css = getComputedStyle(this.table);
      this.sparkColors = {cpu: css.getPropertyValue('--c-cpu').trim(), mem: css.getPropertyValue('--c-mem').trim()};
    }
    const drawn = drawSpark(canvas, s, {windowMs: sparkWindow(intervalMs), gapMs: 2.5 * intervalMs,
      colors: this.sparkColors});
    if (drawn) canvas.dataset.points = String(drawn);
    else delete canvas.dataset.points;
  }

  meter(td, v, fmt) {
    setText(td.firstChild, v == null ? '—' : fmt(v));
    const w = v == null ? 0 : Math.max(0, Math.min(100, v));
    const bar = td.lastChild.firstChild;
    const scale = `scaleX(${(w / 100).toFixed(3)})`;
    if (bar.pulseScale !== scale) {
      bar.pulseScale = scale;
      bar.style.transform = scale;
    }
    setAttr(td, 'data-level', v == null ? '' : v >= 90 ? 'high' : v >= 50 ? 'mid' : 'low');
  }

  /** Hides the user's hidden columns (classes on the table; CSS hides the cells). */
  setHidden(ids) {
    for (const id of OPTIONAL_COLUMNS) this.table.classList.toggle('hide-' + id, ids.includes(id));
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
