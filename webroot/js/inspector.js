// The inspector: one container's Stats (uPlot charts over its history, time range, pause, hover readouts) and Info
// tabs. What is held for the container lives in a HistorySync; this module is the view and its controls.

import {HistorySync} from './history.js';
import {Series} from './store.js';
import {StatsCharts} from './charts.js';
import {stateLabel} from './list.js';
import {DESTROY_ACTION, HOST_ACTION, VALUE_FIELDS, csvUrl, keyOf} from './contract.js';
import {bytes, clock, dateTime, duration, esc} from './format.js';

const $ = (sel) => document.querySelector(sel);

export const TABS = ['stats', 'info'];
/** Time ranges in seconds, by the value of their buttons (and keys 1, 2, 3). */
export const RANGES = {'300': 300, '1800': 1800, all: Infinity};
export const RANGE_KEYS = ['300', '1800', 'all'];

/** Visible x window in epoch seconds: `span` seconds ending at `end`; "all" starts at the first point. */
export function xWindow(xs, end, span) {
  if (span === Infinity) {
    const start = xs.length ? xs[0] : end - 60;
    return [Math.min(start, end - 60), end];
  }
  return [end - span, end];
}

export class Inspector {
  /**
   * @param {object} deps `conn` (Connection), `inventory`, `prefs`, `navigate(route|null)`,
   *   `onChange()` (the list marks the open row), `onResolved(key)` (the list selects and reveals it)
   */
  constructor(deps) {
    this.deps = deps;
    this.conn = deps.conn;
    this.open = null; // {sync: HistorySync, tab, removed}; a new object per opened container
    this.view = {paused: false, newWhilePaused: 0, viewEnd: null, hoverIdx: null};
    this.range = deps.prefs.get('range', '300');
    if (!(this.range in RANGES)) this.range = '300';
    this.charts = new StatsCharts($('#charts'), {
      xRange: (data) => this.xRange(data),
      onHover: (idx) => this.showReadouts(idx),
    });
    this.statsQueued = false;
    this.bindControls();
    // the window moves with time even when no point arrives (stopped container, lost connection)
    setInterval(() => this.scheduleStats(), 1000);
  }

  bindControls() {
    $('#insp-close').addEventListener('click', () => this.close());
    $('#pause-toggle').addEventListener('click', () => this.togglePause());
    for (const b of document.querySelectorAll('[data-range]')) {
      b.addEventListener('click', () => this.setRange(b.dataset.range));
    }
    for (const b of document.querySelectorAll('[data-tab]')) {
      b.addEventListener('click', () => this.open && this.deps.navigate(this.route(b.dataset.tab)));
    }
  }

  get sync() {
    return this.open ? this.open.sync : null;
  }

  /** Key of the open container once its id is known, else null. */
  get key() {
    return this.sync && this.sync.id ? keyOf(this.sync.host, this.sync.id) : null;
  }

  route(tab) {
    return {view: 'container', host: this.sync.host, ref: this.sync.ref, tab};
  }

  /** Whether the inspector already shows this route's container (by the ref it was opened with, or its id). */
  shows(host, ref) {
    const s = this.sync;
    return !!s && s.host === host && (s.ref === ref || s.id === ref);
  }

  show(host, ref, tab) {
    this.close(false);
    const sync = new HistorySync(this.conn, host, ref, {
      onResolved: () => this.deps.onChange(),
      onPoint: (added) => {
        if (added && this.view.paused) this.view.newWhilePaused++;
        this.updatePointCount();
        this.scheduleStats();
      },
    });
    this.open = {sync, tab, removed: false};
    document.body.classList.add('inspecting');
    $('#inspector').hidden = false;
    this.showError(null);
    this.charts.setData(new Series(1).columns(1000)); // blank, not the previous container's lines
    this.charts.readouts(null);
    this.setPaused(false);
    this.resolve();
    this.renderHead();
    this.setTab(tab);
    this.updatePointCount();
    this.deps.onChange();
    if (this.conn.bus.state === 'open' && this.conn.status) this.refresh();
  }

  close(updateHash = true) {
    if (this.open) {
      this.open.sync.close();
      this.open = null;
    }
    document.body.classList.remove('inspecting');
    $('#inspector').hidden = true;
    if (updateHash) this.deps.navigate(null);
    this.deps.onChange();
  }

  /** Full id from the inventory when the link named the container by name or prefix. */
  resolve() {
    const s = this.sync;
    if (!s || s.id) return;
    const c = this.deps.inventory.find(s.host, s.ref);
    if (c) {
      s.id = c.Id;
      this.deps.onResolved(c.key);
    }
  }

  /** Syncs the open container's history and shows the outcome (a failure with a code is shown, not thrown). */
  async refresh() {
    const open = this.open;
    if (!open) return;
    try {
      await open.sync.sync();
      if (open === this.open && !open.sync.busy) this.showError(null);
    } catch (e) {
      if (open === this.open && e.failureCode > 0) this.showError(e);
      // connection errors: the next 'open' syncs again
    }
    if (open !== this.open) return;
    this.renderHead();
    this.updatePointCount();
    this.scheduleStats(true);
  }

  /** The bus dropped: hold pushes until the backfill after the reconnect. */
  suspend() {
    if (this.sync) this.sync.suspend();
  }

  /** Connected (again): `restarted` when another server node answers, whose history replaces what is held. */
  reconnected(restarted) {
    if (!this.sync) return;
    if (restarted) this.sync.forget();
    this.refresh();
  }

  /** A pulse.containers event: the open container's state, or a link waiting for a container by that name. */
  containerEvent(ev) {
    const s = this.sync;
    if (!s || s.host !== ev.Host || ev.Action === HOST_ACTION) return;
    if (s.id === ev.Id) {
      this.open.removed = ev.Action === DESTROY_ACTION; // keep the charts: what it did before removal is worth seeing
      this.renderHead();
    }
    if (s.error && s.error.failureCode === 404 && ev.Action !== DESTROY_ACTION &&
        (ev.Name === s.ref || ev.Id.startsWith(s.ref))) {
      s.error = null;
      this.refresh();
    }
  }

  showError(e) {
    const el = $('#insp-error');
    if (!e) {
      el.hidden = true;
      delete $('#inspector').dataset.error;
      return;
    }
    $('#inspector').dataset.error = String(e.failureCode);
    el.hidden = false;
    el.dataset.code = e.failureCode;
    el.textContent = e.failureCode === 404
      ? `No container “${this.sync.ref}” on host “${this.sync.host}”.` : `Could not load metrics: ${e.message}`;
  }

  updatePointCount() {
    const s = this.sync;
    const n = s && s.series ? s.series.size : 0;
    $('#stats-panel').dataset.points = String(n);
    const st = this.conn.status;
    $('#stats-meta').textContent = st ? `${n} / ${st.BufferSize} points · every ${duration(st.PollIntervalMs)}` : '';
    if (this.open && this.open.tab === 'info') this.renderInfo();
    if (this.open && this.view.paused) {
      const more = this.view.newWhilePaused;
      $('#pause-toggle span').textContent = more ? `Paused · +${more}` : 'Paused';
    }
  }

  serverNowSec() {
    return this.conn.clock.nowMs() / 1000;
  }

  xRange(data) {
    const end = this.open && this.view.viewEnd != null ? this.view.viewEnd : this.serverNowSec();
    return xWindow(data[0], end, RANGES[this.range] ?? 300);
  }

  scheduleStats(force = false) {
    if (this.statsQueued) return;
    if (!force && this.open && this.view.paused) return;
    this.statsQueued = true;
    requestAnimationFrame(() => {
      this.statsQueued = false;
      this.renderStats();
    });
  }

  renderStats() {
    const s = this.sync;
    if (!s || !s.series || this.open.tab !== 'stats' || this.view.paused || !this.conn.status) return;
    this.view.viewEnd = Math.max(this.serverNowSec(), s.series.last ? s.series.last.timestamp / 1000 : 0);
    this.charts.setData(s.series.columns(this.conn.status.PollIntervalMs));
    this.showReadouts(this.view.hoverIdx);
  }

  showReadouts(idx) {
    if (!this.open) return;
    this.view.hoverIdx = idx;
    const data = this.charts.data;
    const time = $('#readout-time');
    if (idx != null && data[0].length > idx) {
      const row = {};
      VALUE_FIELDS.forEach((f, j) => (row[f] = data[j + 1][idx]));
      const empty = row.cpu == null && row.pids == null;
      this.charts.readouts(empty ? null : row);
      time.textContent = empty ? 'no sample' : dateTime(data[0][idx] * 1000);
      time.dataset.mode = 'hover';
      return;
    }
    const last = this.sync.series && this.sync.series.last;
    this.charts.readouts(last);
    if (this.view.paused) {
      time.textContent = 'paused';
      time.dataset.mode = 'paused';
    } else if (last && this.conn.clock.nowMs() - last.timestamp > 3 * this.conn.status.PollIntervalMs) {
      time.textContent = `last sample ${clock(last.timestamp)}`;
      time.dataset.mode = 'stale';
    } else {
      time.textContent = last ? 'live' : 'waiting for samples';
      time.dataset.mode = last ? 'live' : 'empty';
    }
  }

  togglePause() {
    if (this.open) this.setPaused(!this.view.paused);
  }

  setPaused(on) {
    if (!this.open) return;
    this.view.paused = on;
    this.view.newWhilePaused = 0;
    const btn = $('#pause-toggle');
    btn.setAttribute('aria-pressed', String(on));
    btn.querySelector('span').textContent = on ? 'Paused' : 'Pause';
    $('#stats-panel').dataset.paused = String(on);
    if (!on) {
      this.view.viewEnd = null;
      this.scheduleStats(true);
    } else {
      this.showReadouts(this.view.hoverIdx);
    }
  }

  setRange(r) {
    if (!(r in RANGES)) return;
    this.range = r;
    this.deps.prefs.set('range', r);
    for (const b of document.querySelectorAll('[data-range]')) {
      b.setAttribute('aria-pressed', String(b.dataset.range === r));
    }
    if (this.open && this.view.paused) {
      // a frozen view can still be re-windowed over the data it shows
      const [min, max] = this.xRange(this.charts.data);
      for (const u of this.charts.plots) u.setScale('x', {min, max});
    } else {
      this.scheduleStats(true);
    }
  }

  setTab(tab) {
    if (!this.open) return;
    this.open.tab = tab;
    for (const b of document.querySelectorAll('[data-tab]')) {
      b.setAttribute('aria-selected', String(b.dataset.tab === tab));
      b.tabIndex = b.dataset.tab === tab ? 0 : -1;
    }
    $('#stats-panel').hidden = tab !== 'stats';
    $('#info-panel').hidden = tab !== 'info';
    if (tab === 'stats') {
      this.charts.resize();
      this.scheduleStats(true);
    } else {
      this.renderInfo();
    }
  }

  switchTab(delta) {
    if (!this.open) return;
    const i = (TABS.indexOf(this.open.tab) + delta + TABS.length) % TABS.length;
    this.deps.navigate(this.route(TABS[i]));
  }

  current() {
    const s = this.sync;
    return s && s.id ? this.deps.inventory.get(s.host, s.id) : null;
  }

  renderHead() {
    if (!this.open) return;
    const s = this.sync;
    const c = this.current();
    $('#insp-name').textContent = c ? c.Name : s.ref;
    $('#insp-name').title = s.id || '';
    $('#insp-image').textContent = c ? c.Image : '';
    const badge = $('#insp-state');
    const st = this.open.removed ? 'removed' : c ? c.State : s.running == null ? '' : s.running ? 'running' : 'exited';
    badge.dataset.state = st;
    badge.textContent = stateLabel(st);
    badge.hidden = !st;
    $('#inspector').dataset.id = s.id || '';
    $('#inspector').dataset.host = s.host;
    const csv = $('#csv-download');
    csv.hidden = !s.id;
    if (s.id) csv.href = csvUrl(s.host, s.id);
    if (this.open.tab === 'info') this.renderInfo();
  }

  renderInfo() {
    if (!this.open) return;
    const s = this.sync;
    const c = this.current() || {};
    const series = s.series;
    const last = series && series.last;
    const first = series && series.points[0];
    const st = this.conn.status;
    const rows = [
      ['Host', s.host],
      ['Name', c.Name ?? s.ref],
      ['Id', s.id ?? '—'],
      ['Image', c.Image ?? '—'],
      ['State', c.State ?? (s.running ? 'running' : '—')],
      ['Status', c.Status ?? '—'],
      ['Memory limit', last ? bytes(last.memLimit) : '—'],
      ['Processes', last ? String(last.pids) : '—'],
      ['Points held', series ? `${series.size} (at most ${series.capacity})` : '0'],
      ['History', first ? `${dateTime(first.timestamp)} → ${dateTime(last.timestamp)}` : '—'],
      ['Sampling', st ? `every ${duration(st.PollIntervalMs)}` : '—'],
      ['Server node', st ? st.Node : '—'],
    ];
    $('#info-list').innerHTML = rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  }

  /** Charts take their colors from CSS variables: rebuild them after a theme switch. */
  recolor() {
    this.charts.build();
    if (this.sync && this.sync.series && !this.view.paused) this.renderStats();
    else this.charts.setData(this.charts.data);
  }
}
