// The container table: one <tbody> per Docker host, rows keyed by container (hover and selection survive a
// re-sort). Rows are fixed-height flex boxes with layout containment (pulse.css) that keep their place in the DOM and
// are placed in sort order by a translate: a re-sort moves no node. The numbers, meters and sparklines of the rows in
// view are drawn on canvas bands over the rows (listpaint.js); the cells hold them as aria-labels, written only for rows
// in view (windowing.js) whose point changed.

import {STATE_UNKNOWN, isRunning} from './contract.js';
import {esc} from './format.js';
import {PAINTED, cellTexts} from './listcells.js';
import {ListPainter} from './listpaint.js';
import {SPARK_POINTS} from './summary.js';
import {placeNow, visibleRange} from './windowing.js';

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
};

/** Element ids of rows and host rows (aria-owns names them). */
let rowIds = 0;

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
    this.windowing = true; // off: every row is updated in every render (the frame benchmark's baseline)
    this.groups = new Map(); // host -> {tbody, head, gen}
    this.gen = 0; // render count: rows and groups not stamped with the current one are gone
    this.rows = new Map(); // key -> tr
    this.order = []; // visible keys, top to bottom
    // draws the numbers, meters and sparklines of the rows in view on canvas bands
    this.painter = new ListPainter(table, () => cb.onLayout && cb.onLayout());
    table.classList.add('placed'); // rows placed by a translate (pulse.css)
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
    const drawn = []; // the list top to bottom, null for a host's header row (the painter's rows)
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
      drawn.push(null, ...shown);
      this.place(g, trs, first, last);
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
    const interval = m.intervalMs || 3000;
    this.painter.paint(drawn, {rowH: this.rowHeight(), windowMs: sparkWindow(interval), gapMs: 2.5 * interval});
  }

  /** Every row's height (px), from the style sheet. */
  rowHeight() {
    if (!this.rowH) this.rowH = parseFloat(getComputedStyle(this.table).getPropertyValue('--row-h')) || 33;
    return this.rowH;
  }

  /**
   * Shows a group's rows in the order of `trs` below its header, placing those that are or were in view, rows
   * [first, last), now and the others when they scroll in; assistive tech reads the order from the group's aria-owns.
   * Takes out the rows not in `trs` (filtered out, gone).
   */
  place(g, trs, first = 0, last = trs.length) {
    for (let n = g.head.nextSibling; n;) {
      const next = n.nextSibling;
      if (n.pulseGen !== this.gen) n.remove();
      n = next;
    }
    for (const tr of trs) if (tr.parentNode !== g.tbody) g.tbody.appendChild(tr);
    const rowH = this.rowHeight();
    const height = `${(1 + trs.length) * rowH}px`;
    if (g.tbody.style.height !== height) g.tbody.style.height = height;
    const lo = (1 + first) * rowH;
    const hi = (1 + last) * rowH;
    trs.forEach((tr, i) => {
      tr.pulseWant = (1 + i) * rowH;
      if (placeNow(tr.pulseWant, tr.pulseY, lo, hi)) this.put(tr);
    });
    const owns = g.head.id + ' ' + trs.map((tr) => tr.id).join(' ');
    if (g.owns !== owns) {
      g.owns = owns;
      g.tbody.setAttribute('aria-owns', owns);
    }
  }

  /** Moves a row to where its rank puts it. */
  put(tr) {
    if (tr.pulseY === tr.pulseWant) return;
    tr.pulseY = tr.pulseWant;
    // the translate property, not transform: cheaper to restyle (BENCHMARKS §8, session 14)
    tr.style.translate = `0 ${tr.pulseY}px`;
  }

  group(name) {
    let g = this.groups.get(name);
    if (!g) {
      const tbody = document.createElement('tbody');
      tbody.dataset.host = name;
      const head = document.createElement('tr');
      head.className = 'host-row';
      head.id = `pulse-row-${++rowIds}`;
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
    const rowH = this.rowHeight();
    const tops = new Map();
    for (const [name, g] of this.groups) if (g.tbody.isConnected) tops.set(name, g.tbody.getBoundingClientRect().top - viewTop);
    return {tops, height: Math.max(0, height), rowH};
  }

  /** The theme changed: the canvas is drawn again in its colours. */
  recolor() {
    this.painter.recolor();
  }

  row(c, m, inView = true) {
    let tr = this.rows.get(c.key);
    if (!tr) {
      tr = document.createElement('tr');
      tr.dataset.key = c.key;
      tr.id = `pulse-row-${++rowIds}`; // for the group's aria-owns
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
    // the canvas shows the numbers; assistive tech and tests read them here, written only when they change
    if (tr.pulsePoint === p) return tr;
    tr.pulsePoint = p;
    const texts = cellTexts(p);
    for (const id of PAINTED) if (id !== 'trend') setAttr(cells[COL[id]], 'aria-label', texts[id]);
    return tr;
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
    if (!tr) return;
    this.put(tr);
    tr.scrollIntoView({block: 'nearest'});
  }
}
