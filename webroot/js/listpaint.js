// The list's live numbers, meters and sparklines, drawn into one canvas over the rows in view: a live update then
// redraws one canvas instead of restyling, laying out, painting and layerizing a few hundred text nodes, bars and
// small canvases (BENCHMARKS §8). The rows in the DOM keep what is seldom written (name, state, selection) for
// clicks, the keyboard and assistive tech; list.js gives each number to assistive tech as its cell's aria-label.
// What a cell shows and where it goes is pure and tested; ListPainter is the only part that touches the canvas.

import {isRunning} from './contract.js';
import {bytes, int, pct, rate} from './format.js';
import {paintSpark} from './spark.js';

/** The columns drawn on the canvas, in the order they stand in the list (list.js COLUMNS). */
export const PAINTED = ['cpu', 'mem', 'trend', 'memusage', 'net', 'blk', 'pids'];

/** Cell geometry in CSS px, as the style sheet had it when these cells were DOM: padding, meter, value, sparkline. */
const PAD = 10;
const GAP = 8;
const VALUE = 52;
const VALUE_NARROW = 44;
const BAR = 56;
const BAR_NARROW = 30;
const BAR_H = 5;
const SPARK_W = 80;
const SPARK_H = 20;

/** Rows drawn beyond each edge of the view, so that a scroll the compositor moves shows drawn rows. */
const MARGIN = 4;

/** The two-rate cells ("1.2 kB/s / 300 B/s"). */
export function pair(a, b, fmt) {
  return `${fmt(a)} / ${fmt(b)}`;
}

/** What each painted column but the trend says for a live point (null: none, a dash everywhere). */
export function cellTexts(p) {
  return {
    cpu: pct(p ? p.cpu : null),
    mem: pct(p ? p.mem : null),
    memusage: p ? pair(p.memUsage, p.memLimit, bytes) : '—',
    net: p ? pair(p.netRx, p.netTx, rate) : '—',
    blk: p ? pair(p.blkRead, p.blkWrite, rate) : '—',
    pids: p ? int(p.pids) : '—',
  };
}

/** `text` cut with an ellipsis to `room` px of a monospaced font `charW` px a character, as the DOM cells had it. */
export function fit(text, room, charW) {
  const n = Math.floor(room / charW);
  return text.length <= n ? text : n > 1 ? text.slice(0, n - 1) + '…' : '';
}

/** A percentage's level: its meter's colour, and high values in the alarm colour. */
export function level(v) {
  return v == null ? '' : v >= 90 ? 'high' : v >= 50 ? 'mid' : 'low';
}

/**
 * Where a painted cell's parts go in a cell `width` px wide starting at `left`: numbers right-aligned at `textRight`;
 * a meter (CPU, memory) right of its value, narrower or gone when the cell is narrow; a sparkline at `sparkX`.
 */
export function cellLayout(id, left, width) {
  const right = left + width - PAD;
  if (id === 'trend') return {sparkX: left + PAD, sparkW: Math.min(SPARK_W, width - 2 * PAD), sparkH: SPARK_H};
  if (id !== 'cpu' && id !== 'mem') return {textRight: right, room: width - 2 * PAD};
  const bar = width >= 2 * PAD + VALUE + GAP + BAR ? BAR : width >= 2 * PAD + VALUE_NARROW + GAP + BAR_NARROW
    ? BAR_NARROW : 0;
  return bar ? {textRight: right - bar - GAP, room: width - 2 * PAD - bar - GAP, barX: right - bar, barW: bar, barH: BAR_H}
    : {textRight: right, room: width - 2 * PAD};
}

/**
 * The first row the canvas holds: the one it held while the rows in view, [first, last), still fit in its
 * `capacity` rows, else `margin` rows above the view (a scroll moves the canvas only when it must).
 */
export function bandStart(prev, first, last, capacity, margin = MARGIN) {
  if (prev != null && prev <= Math.max(0, first) && last <= prev + capacity) return prev;
  return Math.max(0, first - margin);
}

/** What a row of the canvas shows, to redraw only rows whose content changed. */
function look(c) {
  if (!c) return null;
  const running = isRunning(c);
  const s = running ? c.spark : null;
  const n = s ? s.seq.length : 0;
  return {key: c.key, c, p: running && c.last ? c.last : null, running, n, newest: n ? s.seq[n - 1] : null};
}

function same(a, b) {
  if (!a || !b) return a === b;
  return a.key === b.key && a.p === b.p && a.running === b.running && a.n === b.n && a.newest === b.newest;
}

export class ListPainter {
  /** @param {HTMLTableElement} table  @param {() => void} onLayout the list's geometry changed: render again */
  constructor(table, onLayout) {
    this.table = table;
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'list-paint';
    this.canvas.setAttribute('aria-hidden', 'true');
    table.after(this.canvas);
    this.ctx = this.canvas.getContext('2d');
    this.heads = PAINTED.map((id) => table.tHead.querySelector(`th.col-${id}`));
    this.slots = []; // what each canvas row shows (look()), by row from the top of the canvas
    this.geom = ''; // the geometry the canvas was drawn for: any change redraws it all
    this.first = null; // the list row at the canvas' top
    this.colors = null;
    // a column hidden or shown, a narrower window, the inspector opening: the cells moved
    this.observer = new ResizeObserver(() => onLayout());
    for (const th of table.tHead.rows[0].cells) this.observer.observe(th);
  }

  /** The theme changed: every row is drawn again in its colours. */
  recolor() {
    this.colors = null;
    this.geom = '';
  }

  /** Shows or hides the canvas (the frame benchmark's lists that have numbers in their cells hide it). */
  show(on) {
    this.canvas.hidden = !on;
    this.geom = '';
  }

  /**
   * Draws the rows of `rows` (the list top to bottom, null for a host's header row) that are in view and changed
   * since they were drawn. Reads layout: call it after the rows are written.
   */
  paint(rows, {rowH, windowMs, gapMs}) {
    const pane = this.table.parentElement;
    const body = this.table.tBodies[0];
    const pr = pane.getBoundingClientRect();
    const cols = [];
    for (let i = 0; i < PAINTED.length; i++) {
      const r = this.heads[i].getBoundingClientRect();
      if (r.width > 0) cols.push({id: PAINTED[i], x: r.left - pr.left + pane.scrollLeft, w: r.width});
    }
    const viewTop = Math.max(0, pr.top);
    const viewBottom = Math.min(innerHeight, pr.bottom);
    if (!body || !cols.length || viewBottom <= viewTop) {
      this.canvas.hidden = true;
      this.geom = '';
      return;
    }
    const listTop = body.getBoundingClientRect().top - pr.top + pane.scrollTop;
    const above = viewTop - pr.top + pane.scrollTop - listTop; // px of the list above the view
    const capacity = Math.ceil((viewBottom - viewTop) / rowH) + 2 * MARGIN + 1;
    const first = bandStart(this.first, Math.floor(above / rowH), Math.ceil((above + viewBottom - viewTop) / rowH),
      capacity);
    // never past the list's last row: the canvas would make the list scroll further
    const count = Math.min(capacity, rows.length - first);
    if (count <= 0) {
      this.canvas.hidden = true;
      this.geom = '';
      return;
    }
    this.canvas.hidden = false;
    const left = cols[0].x;
    const width = cols[cols.length - 1].x + cols[cols.length - 1].w - left;
    const dpr = devicePixelRatio || 1;
    const geom = [left, width, count, rowH, listTop, dpr, first, windowMs, gapMs,
      ...cols.map((c) => `${c.id}@${c.x}+${c.w}`)].join();
    const ctx = this.ctx;
    if (geom !== this.geom) {
      this.geom = geom;
      this.first = first;
      this.rowH = rowH;
      this.place(left, listTop + first * rowH, width, count * rowH, dpr);
      this.cols = cols.map((c) => ({id: c.id, ...cellLayout(c.id, c.x - left, c.w)}));
      this.slots = [];
      ctx.clearRect(0, 0, width, count * rowH);
    }
    if (!this.colors) this.colors = themeColors(this.table);
    ctx.font = this.colors.font;
    if (!this.colors.charW) this.colors.charW = ctx.measureText('0').width;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const opts = {windowMs, gapMs};
    for (let j = 0; j < count; j++) {
      const want = look(rows[first + j]);
      if (same(this.slots[j], want)) continue;
      ctx.clearRect(0, j * rowH, width, rowH);
      if (want) want.points = this.row(want, j * rowH, rowH, opts);
      this.slots[j] = want;
    }
  }

  /** Sizes the canvas for the device's pixels and moves it over the rows it holds. */
  place(left, top, width, height, dpr) {
    const c = this.canvas;
    const w = Math.round(width * dpr);
    const h = Math.round(height * dpr);
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
      c.style.width = `${width}px`;
      c.style.height = `${height}px`;
    }
    c.style.transform = `translate(${left}px, ${top}px)`;
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  /** Draws one row's cells with their top at `y`; returns the sparkline's points drawn. */
  row({c, p, running}, y, rowH, {windowMs, gapMs}) {
    const ctx = this.ctx;
    const k = this.colors;
    const mid = y + (rowH - 1) / 2;
    const texts = cellTexts(p);
    let points = 0;
    for (const col of this.cols) {
      if (col.id === 'trend') {
        if (!p || !c.spark) continue;
        const top = Math.round(mid - col.sparkH / 2);
        points = paintSpark(ctx, c.spark, {x: col.sparkX, y: top, w: col.sparkW, h: col.sparkH, windowMs, gapMs,
          colors: k});
        continue;
      }
      const meter = col.id === 'cpu' || col.id === 'mem';
      const v = meter && p ? p[col.id] : null;
      const lv = level(v);
      ctx.fillStyle = !running ? k.muted : !meter ? k.fg : lv === 'high' ? k.bad : k.strong;
      ctx.fillText(fit(texts[col.id], col.room, k.charW), col.textRight, mid);
      if (meter && col.barW) {
        const top = Math.round(mid - col.barH / 2);
        ctx.fillStyle = k.grid;
        ctx.beginPath();
        ctx.roundRect(col.barX, top, col.barW, col.barH, col.barH / 2);
        ctx.fill();
        const fill = v == null ? 0 : Math.max(0, Math.min(100, v)) / 100 * col.barW;
        if (fill > 0) {
          ctx.fillStyle = lv === 'high' ? k.bad : lv === 'mid' ? k.warn : col.id === 'cpu' ? k.cpu : k.mem;
          ctx.beginPath();
          ctx.roundRect(col.barX, top, fill, col.barH, Math.min(col.barH / 2, fill / 2));
          ctx.fill();
        }
      }
    }
    return points;
  }

  /**
   * What the canvas shows of a row, for tests: {points, y, trend: {x, y, w, h}} in canvas CSS px (y: the row's top),
   * or null when the row is not on the canvas.
   */
  drawn(key) {
    const j = this.slots.findIndex((s) => s && s.key === key);
    if (j < 0) return null;
    const t = this.cols.find((col) => col.id === 'trend');
    const y = j * this.rowH;
    return {points: this.slots[j].points || 0, y,
      trend: t ? {x: t.sparkX, y: Math.round(y + (this.rowH - 1) / 2 - t.sparkH / 2), w: t.sparkW, h: t.sparkH} : null};
  }
}

/** The theme's colours and the numbers' font, from the list's CSS custom properties. */
function themeColors(el) {
  const css = getComputedStyle(el);
  const v = (name) => css.getPropertyValue(name).trim();
  return {fg: v('--fg'), strong: v('--fg-strong'), muted: v('--muted'), bad: v('--bad'), warn: v('--warn'),
    grid: v('--grid'), cpu: v('--c-cpu'), mem: v('--c-mem'), font: `12px ${v('--font-num')}`};
}
