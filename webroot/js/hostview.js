// Host view: what makes one host busy over the chosen range. CPU and memory of its containers stacked, the ten
// largest each in a band of its own and the rest summed as "others"; clicking a band opens that container.

import {HistorySync} from './history.js';
import {ChartView} from './chartview.js';
import {compareColumns} from './compare.js';
import {BIN_INCRS, CHART_HEIGHT, DEC_INCRS, cssVar, timePlot} from './charts.js';
import {bytes, esc, pct} from './format.js';

const $ = (sel) => document.querySelector(sel);

export const TOP_N = 10;
const CHARTS = [
  {id: 'cpu', title: 'CPU', field: 'cpu', fmt: pct, incrs: DEC_INCRS, minMax: 1},
  {id: 'mem', title: 'Memory used', field: 'memUsage', fmt: bytes, incrs: BIN_INCRS, minMax: 1024 * 1024},
];
/** Band colours, largest first; "others" is grey. */
const BAND_COLORS = ['--c-cmp1', '--c-cmp2', '--c-cmp3', '--c-cmp4', '--c-cmp5', '--c-cpu', '--c-mem', '--c-rx',
  '--c-tx', '--c-write'];

/** Mean of a field over the points inside [fromMs, toMs]; 0 without any. */
export function meanIn(points, field, fromMs, toMs) {
  let sum = 0;
  let n = 0;
  for (const p of points) {
    if (p.timestamp < fromMs || p.timestamp > toMs || p[field] == null) continue;
    sum += p[field];
    n++;
  }
  return n ? sum / n : 0;
}

/**
 * Ranks series by their mean over the window: the `n` largest (largest first, ties by key), and the keys of the
 * rest, which are summed as "others". @param {{key, points}[]} series
 */
export function topN(series, field, fromMs, toMs, n = TOP_N) {
  const ranked = series.map((s) => ({key: s.key, mean: meanIn(s.points, field, fromMs, toMs)}))
    .filter((s) => s.mean > 0)
    .sort((a, b) => b.mean - a.mean || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {top: ranked.slice(0, n).map((s) => s.key), others: ranked.slice(n).map((s) => s.key)};
}

/**
 * Stacked uPlot data: [x, total, ..., first band]. `groups` are lists of series indices (a container, or "others");
 * each band's value is its group's sum plus every band below it, so the first column after x is the total.
 * A missing sample inside a bucket counts as 0 in the sum; a bucket with no sample at all stays a hole.
 * Also returns `parts` (each group's own value per row) for readouts and checks.
 */
export function stackColumns(seriesPoints, groups, field, intervalMs) {
  const cols = compareColumns(seriesPoints, field, intervalMs);
  const xs = cols[0];
  const parts = groups.map((g) => xs.map((_, r) => {
    let sum = null;
    for (const i of g) {
      const v = cols[i + 1][r];
      if (v != null) sum = (sum ?? 0) + v;
    }
    return sum;
  }));
  const hole = xs.map((_, r) => cols.slice(1).every((c) => c[r] == null));
  const cumulative = [];
  let below = xs.map(() => 0);
  for (const part of parts) {
    const col = xs.map((_, r) => (hole[r] ? null : below[r] + (part[r] ?? 0)));
    cumulative.push(col);
    below = col.map((v) => v ?? 0);
  }
  return {data: [xs, ...cumulative.reverse()], parts};
}

/** The group a y value falls in at row r of stacked data (bands from the bottom), or -1. */
export function bandAt(data, r, y) {
  const bands = data.length - 1;
  let below = 0;
  for (let g = 0; g < bands; g++) {
    const top = data[bands - g][r];
    if (top == null) return -1;
    if (y >= below && y <= top && top > below) return g;
    below = top;
  }
  return -1;
}

/** How far (CSS px) from the pointer a row still counts: a long window puts neighbouring samples a pixel apart. */
export const HIT_PX = 4;

/**
 * The band under the pointer: the one `y` falls in at the nearest row to `px` (positions from `toPx(x)`) where it
 * falls in any, among the rows drawn within `tol` pixels. Rows a pixel apart make the exact row a guess (the window
 * moves, the pointer is a whole pixel), and the newest row often has only some containers' samples yet (their band
 * is 0 there), so the exact row alone can miss the band the pointer is visibly on. -1 when none.
 */
export function bandNear(data, toPx, px, y, tol = HIT_PX) {
  const xs = data[0];
  const rows = [];
  for (let r = 0; r < xs.length; r++) {
    const d = Math.abs(toPx(xs[r]) - px);
    if (d <= tol) rows.push([d, r]);
  }
  rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [, r] of rows) {
    const g = bandAt(data, r, y);
    if (g >= 0) return g;
  }
  return -1;
}

export class HostView extends ChartView {
  /** @param {object} deps `conn`, `inventory`, `xRange(xs)`, `openContainer(host, ref)`, `onClose()` */
  constructor(deps) {
    super(deps, {section: $('#host-view'), charts: $('#host-charts'), specs: CHARTS, prefix: 'host',
      height: CHART_HEIGHT * 1.5});
    this.host = null;
    this.view = null; // per chart: {data, parts, names}
  }

  show(host) {
    this.close();
    this.host = host;
    this.reveal();
    this.section.dataset.host = host;
    $('#host-title').textContent = host;
    this.follow();
    this.build();
  }

  close() {
    super.close();
    this.host = null;
    this.view = null;
  }

  /** One history per container of the host the inventory knows; new ones join, removed ones leave. */
  follow() {
    if (!this.open) return;
    const keys = new Set();
    for (const c of this.deps.inventory.containers.values()) {
      if (c.Host !== this.host) continue;
      keys.add(c.key);
      if (!this.syncs.has(c.key)) {
        const s = new HistorySync(this.deps.conn, c.Host, c.Id, {onPoint: () => this.schedule()});
        this.syncs.set(c.key, s);
        if (this.ready) s.sync().then(() => this.schedule(), () => {});
      }
    }
    for (const [key, s] of this.syncs) {
      if (!keys.has(key)) {
        s.close();
        this.syncs.delete(key);
      }
    }
  }

  build() {
    this.destroyPlots();
    if (!this.open) return;
    this.shape = null; // the bands changed: new series
    this.schedule();
  }

  render() {
    const st = this.deps.conn.status;
    if (!this.open || !st) return;
    const entries = [...this.syncs.entries()];
    const series = entries.map(([key, s]) => ({key, points: s.series ? s.series.points : []}));
    const firsts = series.filter((s) => s.points.length).map((s) => s.points[0].timestamp / 1000);
    const [from, to] = this.deps.xRange(firsts.length ? [Math.min(...firsts)] : []);
    const charts = {};
    for (const {spec} of this.panels) {
      const {top, others} = topN(series, spec.field, from * 1000, to * 1000);
      const index = new Map(series.map((s, i) => [s.key, i]));
      const groups = top.map((k) => [index.get(k)]);
      const names = top.map((k) => {
        const c = this.deps.inventory.containers.get(k);
        return {key: k, name: c ? c.Name : k};
      });
      if (others.length) {
        groups.push(others.map((k) => index.get(k)));
        names.push({key: null, name: `${others.length} others`});
      }
      charts[spec.id] = {...stackColumns(series.map((s) => s.points), groups, spec.field, st.PollIntervalMs), names};
    }
    this.view = charts;
    const shape = JSON.stringify(this.panels.map(({spec}) => charts[spec.id].names.map((n) => n.key)));
    if (shape !== this.shape || this.plots.length !== this.panels.length) {
      this.shape = shape;
      this.makePlots();
    }
    this.plots.forEach((u, i) => u.setData(charts[this.panels[i].spec.id].data));
    this.renderLegend();
  }

  makePlots() {
    this.destroyPlots();
    this.plots = this.panels.map(({spec, plotEl}) => {
      const names = this.view[spec.id].names;
      const colors = names.map((n, g) => (n.key ? cssVar(BAND_COLORS[g % BAND_COLORS.length]) : cssVar('--idle')));
      // data columns after x run from the total (top band) down to the first band: draw the total first
      const series = names.map((_, k) => {
        const g = names.length - 1 - k;
        return {label: names[g].name, stroke: colors[g], fill: colors[g], width: 1, spanGaps: false, points: {show: false},
          value: (u, v) => spec.fmt(v)};
      });
      const u = timePlot({spec, plotEl, series, height: this.height, cursor: {points: {show: false}},
        xRange: () => this.deps.xRange(this.view ? this.view[spec.id].data[0] : [])});
      u.pulseChart = spec.id;
      u.over.addEventListener('click', (e) => this.clickBand(u, e));
      return u;
    });
  }

  /** Opens the container under the pointer: the band at the click's place (from the event itself). */
  clickBand(u, e) {
    if (!this.view) return;
    const box = u.over.getBoundingClientRect();
    const px = e.clientX - box.left;
    const py = e.clientY - box.top;
    if (px < -HIT_PX || px > box.width + HIT_PX || py < 0 || py > box.height) return;
    const chart = this.view[u.pulseChart];
    const g = bandNear(chart.data, (x) => u.valToPos(x, 'x'), px, u.posToVal(py, 'y'));
    const name = chart.names[g];
    if (!name || !name.key) return;
    const c = this.deps.inventory.containers.get(name.key);
    if (c) this.deps.openContainer(c.Host, c.Name || c.Id);
  }

  renderLegend() {
    const chart = this.view && this.view.cpu;
    const items = chart ? chart.names.map((n, g) => {
      const color = n.key ? cssVar(BAND_COLORS[g % BAND_COLORS.length]) : cssVar('--idle');
      return `<li data-key="${esc(n.key || '')}"><i class="swatch" style="background:${color}"></i>${esc(n.name)}</li>`;
    }) : [];
    const html = items.join('') || '<li class="muted">No container used CPU in this range.</li>';
    if (this.legendHtml !== html) {
      this.legendHtml = html;
      $('#host-legend').innerHTML = html;
    }
  }

}
