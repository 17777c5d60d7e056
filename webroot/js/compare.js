// Compare: two to five containers' CPU and memory on the same two charts, one colour each, with a legend.
// Each container's points are a HistorySync of their own (whole history, then live); the charts align them on
// sampling-interval buckets so that containers sampled at different moments still share one x axis.

import {HistorySync} from './history.js';
import {ChartView} from './chartview.js';
import {BIN_INCRS, CHART_HEIGHT, DEC_INCRS, cssVar, timePlot} from './charts.js';
import {bytes, esc, pct} from './format.js';

const $ = (sel) => document.querySelector(sel);

export const MIN_COMPARE = 2;
export const MAX_COMPARE = 5;
/** One colour per compared container, from the theme. */
export const COMPARE_COLORS = ['--c-cmp1', '--c-cmp2', '--c-cmp3', '--c-cmp4', '--c-cmp5'];

const CHARTS = [
  {id: 'cpu', title: 'CPU', field: 'cpu', fmt: pct, incrs: DEC_INCRS, minMax: 1},
  {id: 'mem', title: 'Memory used', field: 'memUsage', fmt: bytes, incrs: BIN_INCRS, minMax: 1024 * 1024},
];

/**
 * uPlot data for one field of several series: [x (epoch s), values of series 0, 1, ...]. Points fall into buckets of
 * one interval; a series without a point in a bucket has null there, and a bucket no series has becomes a null row
 * when it lies between two that do, so that missed samples stay holes.
 */
export function compareColumns(seriesPoints, field, intervalMs) {
  const buckets = new Map();
  seriesPoints.forEach((points, i) => {
    for (const p of points) {
      const b = Math.round(p.timestamp / intervalMs);
      let row = buckets.get(b);
      if (!row) {
        row = new Array(seriesPoints.length).fill(null);
        buckets.set(b, row);
      }
      row[i] = p[field] ?? null;
    }
  });
  const keys = [...buckets.keys()].sort((a, b) => a - b);
  const cols = [[], ...seriesPoints.map(() => [])];
  let prev = null;
  for (const b of keys) {
    if (prev != null && b - prev > 1) {
      cols[0].push(((prev + b) / 2) * intervalMs / 1000);
      for (let i = 1; i < cols.length; i++) cols[i].push(null);
    }
    cols[0].push(b * intervalMs / 1000);
    buckets.get(b).forEach((v, i) => cols[i + 1].push(v));
    prev = b;
  }
  return cols;
}

/** Whether a compare route's item list is usable: 2 to 5 distinct containers. */
export function validCompare(items) {
  if (!Array.isArray(items) || items.length < MIN_COMPARE || items.length > MAX_COMPARE) return false;
  return new Set(items.map((x) => x.host + '/' + x.ref)).size === items.length;
}

export class CompareView extends ChartView {
  /** @param {object} deps `conn`, `inventory`, `xRange(xs)` -> [min, max] seconds, `onClose()` */
  constructor(deps) {
    super(deps, {section: $('#compare'), charts: $('#compare-charts'), specs: CHARTS, prefix: 'compare',
      height: CHART_HEIGHT});
    this.data = null;
  }

  show(items) {
    this.close();
    for (const {host, ref} of items) {
      this.syncs.set(`${host}/${ref}`, new HistorySync(this.deps.conn, host, ref, {
        onPoint: () => this.schedule(),
        onResolved: () => this.renderLegend(),
      }));
    }
    this.reveal();
    this.section.dataset.count = String(items.length);
    this.build();
    this.renderLegend();
    if (this.ready) this.refresh();
  }

  async refresh() {
    const shown = this.shown;
    await super.refresh();
    if (shown !== this.shown || !this.open) return;
    const failed = [...this.syncs.values()].filter((s) => s.error);
    const el = $('#compare-error');
    el.hidden = !failed.length;
    el.textContent = failed.map((s) => `${s.host}/${s.ref}: ${s.error.failureCode === 404 ? 'no such container' : s.error.message}`).join(' · ');
    this.renderLegend();
  }

  /** (Re)creates the plots with the theme's colours. */
  build() {
    this.destroyPlots();
    if (!this.open) return;
    this.plots = this.panels.map(({spec, plotEl}) => {
      const series = [...this.syncs.values()].map((s, i) => ({
        label: s.ref,
        stroke: cssVar(COMPARE_COLORS[i]),
        width: 1.5,
        spanGaps: false,
        points: {size: 4},
        value: (u, v) => spec.fmt(v),
      }));
      const u = timePlot({spec, plotEl, series, height: this.height,
        xRange: () => this.deps.xRange(this.data ? this.data[spec.id][0] : [])});
      u.pulseChart = spec.id;
      return u;
    });
    this.schedule();
  }

  render() {
    const st = this.deps.conn.status;
    if (!this.open || !st) return;
    const points = [...this.syncs.values()].map((s) => (s.series ? s.series.points : []));
    this.data = {};
    for (const {spec} of this.panels) this.data[spec.id] = compareColumns(points, spec.field, st.PollIntervalMs);
    this.plots.forEach((u) => u.setData(this.data[u.pulseChart]));
    this.renderLegend();
  }

  renderLegend() {
    const items = [...this.syncs.values()].map((s, i) => {
      const c = s.id ? this.deps.inventory.get(s.host, s.id) : null;
      const last = s.series && s.series.last;
      return `<li data-host="${esc(s.host)}" data-id="${esc(s.id || '')}" data-points="${s.series ? s.series.size : 0}">` +
        `<i class="swatch" style="background:${cssVar(COMPARE_COLORS[i])}"></i>` +
        `<b>${esc(c ? c.Name : s.ref)}</b> <span class="muted">${esc(s.host)}</span> ` +
        `<span class="num">${last ? pct(last.cpu) : '—'} · ${last ? bytes(last.memUsage) : '—'}</span></li>`;
    });
    const html = items.join('');
    const el = $('#compare-legend');
    if (el.innerHTML !== html) el.innerHTML = html;
  }

}
