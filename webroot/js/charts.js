// The Stats tab's charts: one uPlot per metric group, cursors synced, colors read from the theme's CSS
// variables. A theme switch rebuilds the plots (cheap: the data is shared and reused).

import {VALUE_FIELDS} from './contract.js';
import {bytes, clock, compact, int, pct, rate} from './format.js';

const {uPlot} = globalThis;

// Fixed axis widths keep every plot area the same width, so stacked charts line up on the time axis.
export const LEFT_AXIS = 70;
export const RIGHT_AXIS = 40;
export const CHART_HEIGHT = 132;

/** Byte-friendly tick steps (1, 2, 5 x 1024^n, also 256/512) so memory ticks read "512 MiB", not "488 MiB". */
export const BIN_INCRS = [];
for (let p = 0; p <= 5; p++) {
  for (const m of [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]) BIN_INCRS.push(m * 1024 ** p);
}
/** Decimal steps for rates and percentages. */
export const DEC_INCRS = [];
for (let e = -2; e <= 13; e++) for (const m of [1, 2, 5]) DEC_INCRS.push(+(m * 10 ** e).toPrecision(2));
const INT_INCRS = DEC_INCRS.filter((v) => v >= 1);
/** Time ticks in seconds: 10 s ... 1 day. */
const TIME_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** Time ticks per chart, whatever its width: every chart of one window gets the same ticks and labels. */
const TIME_TICKS = 5;

/** Tick times (epoch s) in [min, max]: the smallest step of TIME_INCRS that fits `target` times in the span. */
export function timeSplits(min, max, target = TIME_TICKS) {
  if (!(max > min)) return [];
  const span = max - min;
  const incr = TIME_INCRS.find((i) => span / i <= target) ?? TIME_INCRS[TIME_INCRS.length - 1];
  const out = [];
  for (let t = Math.ceil(min / incr) * incr; t <= max; t += incr) out.push(t);
  return out;
}

/** One-line labels for splits: HH:MM:SS when they are less than a minute apart, HH:MM otherwise. */
export function timeLabels(splits) {
  const step = splits.length > 1 ? splits[1] - splits[0] : 60;
  return splits.map((s) => (step < 60 ? clock(s * 1000) : clock(s * 1000).slice(0, 5)));
}

/** Column indices in the shared data table (the contract's value order, after x). */
const COL = Object.fromEntries(VALUE_FIELDS.map((f, i) => [f, i + 1]));

export const CHARTS = [
  {id: 'cpu', title: 'CPU', fmt: pct, incrs: DEC_INCRS, minMax: 1,
    series: [{key: 'cpu', label: 'CPU', color: '--c-cpu', fill: true}]},
  {id: 'mem', title: 'Memory', fmt: bytes, incrs: BIN_INCRS, minMax: 1024 * 1024,
    series: [{key: 'memUsage', label: 'Used', color: '--c-mem', fill: true},
      {key: 'memLimit', label: 'Limit', color: '--c-limit', dash: [5, 4], ignoreInRange: true}]},
  {id: 'net', title: 'Network', fmt: rate, incrs: DEC_INCRS, minMax: 1000,
    series: [{key: 'netRx', label: 'RX', color: '--c-rx', fill: true}, {key: 'netTx', label: 'TX', color: '--c-tx'}]},
  {id: 'blk', title: 'Block I/O', fmt: rate, incrs: DEC_INCRS, minMax: 1000,
    series: [{key: 'blkRead', label: 'Read', color: '--c-read', fill: true},
      {key: 'blkWrite', label: 'Write', color: '--c-write'}]},
  {id: 'pids', title: 'PIDs', fmt: int, incrs: INT_INCRS, minMax: 4,
    series: [{key: 'pids', label: 'PIDs', color: '--c-pids'}]},
];

export function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** #rrggbb + alpha -> rgba(), for area fills under a line. */
export function alpha(hex, a) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  return `rgba(${parseInt(m[1], 16)},${parseInt(m[2], 16)},${parseInt(m[3], 16)},${a})`;
}

function maxOf(data, cols, i0 = 0) {
  let max = -Infinity;
  for (const c of cols) {
    const arr = data[c];
    for (let i = i0; i < arr.length; i++) if (arr[i] != null && arr[i] > max) max = arr[i];
  }
  return max;
}

export class StatsCharts {
  /**
   * @param {HTMLElement} host where the chart panels go
   * @param {object} opts `xRange()` -> [minSec, maxSec] of the visible window, `onHover(idx|null)`
   */
  constructor(host, opts) {
    this.host = host;
    this.opts = opts;
    this.data = [[], ...Object.keys(COL).map(() => [])];
    this.plots = [];
    this.syncKey = 'pulse-stats-' + Math.random().toString(36).slice(2);
    this.panels = CHARTS.map((spec) => this.panel(spec));
    this.resizeObs = new ResizeObserver(() => this.resize());
    for (const p of this.panels) this.resizeObs.observe(p.plotEl);
    this.build();
  }

  panel(spec) {
    const el = document.createElement('section');
    el.className = 'chart';
    el.id = 'chart-' + spec.id;
    el.dataset.chart = spec.id;
    const values = spec.series.map((s) =>
      `<span class="rd" data-series="${s.key}"><i class="swatch" data-color="${s.color}"></i>${s.label}` +
      ` <b id="readout-${readoutId(s.key)}" class="num">—</b></span>`).join('');
    const extra = spec.id === 'mem' ? '<span class="rd"><b id="readout-mem" class="num">—</b></span>' : '';
    el.innerHTML = `<header><h3>${spec.title}</h3><div class="readouts">${values}${extra}</div></header>` +
      '<div class="plot"></div>';
    this.host.appendChild(el);
    return {spec, el, plotEl: el.querySelector('.plot')};
  }

  /** (Re)creates every plot with the current theme's colors. */
  build() {
    for (const u of this.plots) u.destroy();
    const axis = cssVar('--axis');
    const grid = cssVar('--grid');
    const font = `11px ${cssVar('--font-num') || 'monospace'}`;
    this.plots = this.panels.map(({spec, el, plotEl}) => {
      const series = [{}];
      const cols = [0];
      for (const s of spec.series) {
        const color = cssVar(s.color);
        el.querySelector(`[data-color="${s.color}"]`).style.background = color;
        series.push({
          label: s.label,
          scale: 'y',
          stroke: color,
          width: 1.5,
          fill: s.fill ? alpha(color, 0.16) : undefined,
          dash: s.dash,
          spanGaps: false, // missed samples are holes, never a line across
          points: {size: 4, fill: color},
          value: (u, v) => spec.fmt(v),
        });
        cols.push(COL[s.key]);
      }
      el.dataset.stroke = series[1].stroke;
      el.dataset.axis = axis;
      el.dataset.grid = grid;
      const rangeCols = spec.series.filter((s) => !s.ignoreInRange).map((s) => COL[s.key]);
      const axisCommon = {stroke: axis, font, grid: {stroke: grid, width: 1}, ticks: {stroke: grid, width: 1, size: 4}};
      const opts = {
        width: Math.max(200, plotEl.clientWidth),
        height: CHART_HEIGHT,
        legend: {show: false},
        padding: [8, 0, 0, 0],
        cursor: {
          sync: {key: this.syncKey, setSeries: false},
          drag: {x: false, y: false},
          hover: {skip: [null, undefined]},
          points: {size: 7},
        },
        scales: {
          x: {time: true, range: () => this.opts.xRange(this.data)},
          y: {range: (u) => this.yRange(spec, u, rangeCols)},
        },
        axes: [
          {...axisCommon, size: 24, splits: (u, ai, min, max) => timeSplits(min, max),
            values: (u, splits) => timeLabels(splits)},
          {...axisCommon, scale: 'y', size: LEFT_AXIS, incrs: spec.incrs, space: 28,
            values: (u, splits) => splits.map((v) => compact(spec.fmt(v, 2)))},
          spec.id === 'mem' ? this.memPctAxis(axisCommon) :
            {...axisCommon, scale: 'y', side: 1, size: RIGHT_AXIS, values: (u, s) => s.map(() => ''),
              grid: {show: false}, ticks: {show: false}},
        ],
        series,
        hooks: {setCursor: [(u) => this.opts.onHover(u.cursor.idx ?? null)]},
      };
      const view = cols.map((c) => this.data[c]);
      const u = new uPlot(opts, view, plotEl);
      u.pulseCols = cols;
      return u;
    });
  }

  /** Right axis of the memory chart: the same y scale expressed as % of the current limit. */
  memPctAxis(common) {
    const limit = () => {
      const col = this.data[COL.memLimit];
      for (let i = col.length - 1; i >= 0; i--) if (col[i]) return col[i];
      return 0;
    };
    return {
      ...common, scale: 'y', side: 1, size: RIGHT_AXIS, grid: {show: false},
      splits: (u, ai, min, max) => {
        const l = limit();
        if (!l) return [];
        const lo = (min / l) * 100;
        const hi = (max / l) * 100;
        const step = DEC_INCRS.find((s) => (hi - lo) / s <= 4) || hi;
        const out = [];
        for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push((v / 100) * l);
        return out;
      },
      values: (u, splits) => {
        const l = limit();
        return splits.map((v) => (l ? compact(pct((v / l) * 100, 2)) : ''));
      },
    };
  }

  yRange(spec, u, rangeCols) {
    // only what is visible drives the y range
    const x0 = u.scales.x.min ?? -Infinity;
    const xs = this.data[0];
    let i0 = 0;
    while (i0 < xs.length && xs[i0] < x0) i0++;
    let max = maxOf(this.data, rangeCols, i0);
    if (spec.id === 'mem') {
      // show the limit when it is close enough to matter, not when it flattens usage to a line at 0
      const lim = maxOf(this.data, [COL.memLimit], i0);
      if (lim > 0 && lim <= max * 2.5) max = lim;
    }
    if (!Number.isFinite(max) || max < spec.minMax) max = spec.minMax;
    return [0, max * 1.08];
  }

  /** New data (uPlot columns from Series.columns); redraws unless the caller is paused. */
  setData(data) {
    this.data = data;
    for (const u of this.plots) u.setData(u.pulseCols.map((c) => data[c]));
  }

  resize() {
    this.plots.forEach((u, i) => {
      const w = Math.max(200, Math.floor(this.panels[i].plotEl.clientWidth));
      if (w !== u.width) u.setSize({width: w, height: CHART_HEIGHT});
    });
  }

  /** Fills each chart's readouts with the values of row idx (hover) or of the newest point. */
  readouts(row) {
    for (const {spec, el} of this.panels) {
      for (const s of spec.series) {
        const v = row ? row[s.key] : null;
        el.querySelector('#readout-' + readoutId(s.key)).textContent = spec.fmt(v);
      }
      if (spec.id === 'mem') {
        el.querySelector('#readout-mem').textContent = row ? pct(row.mem, 2) : '—';
      }
    }
  }

  destroy() {
    this.resizeObs.disconnect();
    for (const u of this.plots) u.destroy();
    this.plots = [];
    this.host.innerHTML = '';
  }
}

/** Stable readout ids the tests and users can rely on: readout-cpu, readout-mem-usage, readout-net-rx ... */
function readoutId(key) {
  return {
    cpu: 'cpu', memUsage: 'mem-usage', memLimit: 'mem-limit', netRx: 'net-rx', netTx: 'net-tx',
    blkRead: 'blk-read', blkWrite: 'blk-write', pids: 'pids',
  }[key];
}

/** Panels (a titled section with a plot area) for chart specs {id, title}, appended to `host` as `${prefix}-${id}`. */
export function chartPanels(host, specs, prefix) {
  return specs.map((spec) => {
    const el = document.createElement('section');
    el.className = 'chart';
    el.id = `${prefix}-${spec.id}`;
    el.innerHTML = `<header><h3>${spec.title}</h3></header><div class="plot"></div>`;
    host.appendChild(el);
    return {spec, el, plotEl: el.querySelector('.plot')};
  });
}

/**
 * A uPlot time chart with the page's axes (the same time ticks on every chart, fixed axis widths, y from 0):
 * `spec` {fmt, incrs, minMax}, `series` after x, `xRange()` -> [min, max] seconds.
 */
export function timePlot({spec, plotEl, series, height, xRange, cursor = {}}) {
  const axis = cssVar('--axis');
  const grid = cssVar('--grid');
  const font = `11px ${cssVar('--font-num') || 'monospace'}`;
  const common = {stroke: axis, font, grid: {stroke: grid, width: 1}, ticks: {stroke: grid, width: 1, size: 4}};
  return new uPlot({
    width: Math.max(200, plotEl.clientWidth),
    height,
    legend: {show: false},
    padding: [8, 0, 0, 0],
    // uPlot swallows a click (stopImmediatePropagation, capturing, before any listener on .u-over) whenever the
    // pointer's position at the press differs from its last processed one, i.e. a click right after a move: with
    // dragging off nothing is a drag, so the click goes through
    cursor: {drag: {x: false, y: false, click: () => {}}, ...cursor},
    scales: {
      x: {time: true, range: () => xRange()},
      y: {range: (u, min, max) => [0, Math.max(spec.minMax, Number.isFinite(max) ? max : 0) * 1.08]},
    },
    axes: [
      {...common, size: 24, splits: (u, ai, min, max) => timeSplits(min, max), values: (u, sp) => timeLabels(sp)},
      {...common, size: LEFT_AXIS, incrs: spec.incrs, space: 28, values: (u, sp) => sp.map((v) => compact(spec.fmt(v, 2)))},
      {...common, side: 1, size: RIGHT_AXIS, values: (u, sp) => sp.map(() => ''), grid: {show: false}, ticks: {show: false}},
    ],
    series: [{}, ...series],
  }, [[], ...series.map(() => [])], plotEl);
}

/** Keeps plots as wide as their panels. */
export function fitWidths(plots, panels, height) {
  plots.forEach((u, i) => {
    const w = Math.max(200, Math.floor(panels[i].plotEl.clientWidth));
    if (w !== u.width) u.setSize({width: w, height});
  });
}
