// The list's live numbers, meters and sparklines, drawn on a stack of canvases (bands of rows) over the rows in view:
// a live update redraws the rows that changed instead of restyling, laying out, painting and layerizing a few hundred
// text nodes, bars and small canvases, and what its frame has no time for in the frames after (BENCHMARKS §8). The
// rows in the DOM keep what is seldom written (name, state, selection) for clicks, the keyboard and assistive tech;
// list.js gives each number to assistive tech as its cell's aria-label. What a cell shows and where (listcells.js)
// and which rows and bands a frame draws (listbands.js) are pure and tested; ListPainter touches the canvases.

import {isRunning} from './contract.js';
import {BAND, BUDGET_MS, MARGIN, bandOrder, bandStart, drawWithin, planMoves} from './listbands.js';
import {PAINTED, cellLayout, cellTexts, fit, level} from './listcells.js';
import {paintSpark} from './spark.js';

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
    this.bands = []; // {canvas, ctx}, top down; each holds `band` rows
    this.band = BAND;
    this.budgetMs = BUDGET_MS; // the frame benchmark sets both to compare
    this.heads = PAINTED.map((id) => table.tHead.querySelector(`th.col-${id}`));
    this.slots = []; // what each canvas row shows (look()), by row from the top of the first band
    this.geom = ''; // the geometry the bands were drawn for: any change redraws them all
    this.first = null; // the list row at the first band's top
    this.colors = null;
    this.shown = true;
    this.more = 0; // the animation frame that draws the bands a frame's budget left
    // a column hidden or shown, a narrower window, the inspector opening: the cells moved
    this.observer = new ResizeObserver(() => onLayout());
    for (const th of table.tHead.rows[0].cells) this.observer.observe(th);
  }

  /** The theme changed: every row is drawn again in its colours. */
  recolor() {
    this.colors = null;
    this.geom = '';
  }

  /** Shows or hides the bands (the frame benchmark's lists that have numbers in their cells hide them). */
  show(on) {
    this.shown = on;
    if (!on) this.hide();
    this.geom = '';
  }

  hide() {
    cancelAnimationFrame(this.more);
    this.more = 0;
    for (const b of this.bands) b.canvas.hidden = true;
    this.geom = '';
  }

  /** Band `i`'s canvas, made on first use below the ones before it. */
  bandAt(i) {
    while (this.bands.length <= i) {
      const canvas = document.createElement('canvas');
      canvas.className = 'list-paint';
      canvas.setAttribute('aria-hidden', 'true');
      (this.bands.length ? this.bands[this.bands.length - 1].canvas : this.table).after(canvas);
      this.bands.push({canvas, ctx: canvas.getContext('2d')});
    }
    return this.bands[i];
  }

  /**
   * Draws the rows of `rows` (the list top to bottom, null for a host's header row) that are in view and changed
   * since they were drawn: the bands in view first, and what does not fit the frame's budget in the next frames
   * (a push's numbers then show band by band, a frame apart). Reads layout: call it after the rows are written.
   */
  paint(rows, opts) {
    cancelAnimationFrame(this.more);
    this.more = 0;
    const {rowH} = opts;
    this.rows = rows; // the list the canvas rows stand for (tests compare them)
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
    if (!this.shown || !body || !cols.length || viewBottom <= viewTop) return this.hide();
    const listTop = body.getBoundingClientRect().top - pr.top + pane.scrollTop;
    const above = viewTop - pr.top + pane.scrollTop - listTop; // px of the list above the view
    const capacity = Math.ceil((viewBottom - viewTop) / rowH) + 2 * MARGIN + 1;
    const inView = [Math.floor(above / rowH), Math.ceil((above + viewBottom - viewTop) / rowH)];
    const first = bandStart(this.first, inView[0], inView[1], capacity);
    // never past the list's last row: a band would make the list scroll further
    const count = Math.min(capacity, rows.length - first);
    if (count <= 0) return this.hide();
    const band = this.band;
    const left = cols[0].x;
    const width = cols[cols.length - 1].x + cols[cols.length - 1].w - left;
    const dpr = devicePixelRatio || 1;
    const geom = [left, width, count, rowH, listTop, dpr, first, band, opts.windowMs, opts.gapMs,
      ...cols.map((c) => `${c.id}@${c.x}+${c.w}`)].join();
    const whole = geom !== this.geom;
    if (whole) {
      this.geom = geom;
      this.first = first;
      this.rowH = rowH;
      const n = Math.ceil(count / band);
      for (let i = 0; i < Math.max(n, this.bands.length); i++) {
        if (i >= n) {
          this.bands[i].canvas.hidden = true;
          continue;
        }
        const b = this.bandAt(i);
        b.canvas.hidden = false;
        this.place(b, left, listTop + (first + i * band) * rowH, width, Math.min(band, count - i * band) * rowH, dpr);
      }
      this.cols = cols.map((c) => ({id: c.id, ...cellLayout(c.id, c.x - left, c.w)}));
      this.slots = [];
    }
    if (!this.colors) this.colors = themeColors(this.table);
    if (!whole) this.move(rows, first, count, width, dpr);
    const dirty = new Map(); // band -> [[canvas row, look]]
    const moved = new Set(); // bands where a row shows another container than it did
    for (let j = 0; j < count; j++) {
      const want = look(rows[first + j]);
      const was = this.slots[j];
      if (same(was, want)) continue;
      const i = Math.floor(j / band);
      if (!dirty.has(i)) dirty.set(i, []);
      dirty.get(i).push([j, want]);
      if ((was && was.key) !== (want && want.key)) moved.add(i);
    }
    const draw = (i) => {
      const ctx = this.bands[i].ctx;
      ctx.font = this.colors.font;
      if (!this.colors.charW) this.colors.charW = ctx.measureText('0').width;
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      for (const [j, want] of dirty.get(i)) {
        const y = (j - i * band) * rowH;
        ctx.clearRect(0, y, width, rowH);
        if (want) want.points = this.row(ctx, want, y, rowH, opts);
        this.slots[j] = want;
      }
    };
    const order = bandOrder([...dirty.keys()], moved, Math.floor((inView[0] - first) / band),
      Math.ceil((inView[1] - first) / band));
    // the whole geometry new (a scroll, a resize): every band now, a blank band would flash
    const rest = whole ? (order.forEach(draw), [])
      : drawWithin(order, draw, () => performance.now(), this.budgetMs, moved.size);
    if (rest.length) this.more = requestAnimationFrame(() => {
      this.more = 0;
      this.paint(rows, opts);
    });
  }

  /**
   * Rows a re-sort moved within the canvas keep their container's numbers: their drawn pixels are copied to their new
   * place (through a copy of the bands they come from), so a name never stands beside another container's numbers,
   * and only their new values wait for the frame's budget.
   */
  move(rows, first, count, width, dpr) {
    const keyOf = (s) => (s ? s.key : null);
    const copies = planMoves(this.slots.slice(0, count).map(keyOf),
      Array.from({length: count}, (_, j) => keyOf(rows[first + j])));
    if (!copies.length) return;
    const band = this.band;
    const h = this.rowH * dpr; // a row in device pixels
    const w = Math.round(width * dpr);
    const high = Math.ceil(h * count);
    if (!this.scratch) this.scratch = new OffscreenCanvas(w, high);
    const scratch = this.scratch;
    if (scratch.width !== w || scratch.height < high) {
      scratch.width = w;
      scratch.height = high;
    }
    const sc = scratch.getContext('2d');
    const from = new Set(copies.map(([k]) => Math.floor(k / band)));
    sc.clearRect(0, 0, scratch.width, scratch.height);
    for (const i of from) sc.drawImage(this.bands[i].canvas, 0, i * band * h);
    const slots = this.slots.slice();
    for (const [k, j] of copies) {
      const i = Math.floor(j / band);
      const ctx = this.bands[i].ctx;
      const y = (j - i * band) * h;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, y, w, h);
      ctx.drawImage(scratch, 0, k * h, w, h, 0, y, w, h);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      slots[j] = this.slots[k];
    }
    this.slots = slots;
  }

  /** Sizes a band's canvas for the device's pixels and moves it over the rows it holds. */
  place({canvas: c, ctx}, left, top, width, height, dpr) {
    const w = Math.round(width * dpr);
    const h = Math.round(height * dpr);
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
      c.style.width = `${width}px`;
      c.style.height = `${height}px`;
    }
    c.style.transform = `translate(${left}px, ${top}px)`;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
  }

  /** Draws one row's cells on `ctx` with their top at `y`; returns the sparkline's points drawn. */
  row(ctx, {c, p, running}, y, rowH, {windowMs, gapMs}) {
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
   * What the bands show of a row, for tests: {canvas, points, y, trend: {x, y, w, h}} in CSS px of its band's canvas
   * (y: the row's top), or null when the row is not drawn.
   */
  drawn(key) {
    const j = this.slots.findIndex((s) => s && s.key === key);
    if (j < 0) return null;
    const t = this.cols.find((col) => col.id === 'trend');
    const i = Math.floor(j / this.band);
    const y = (j - i * this.band) * this.rowH;
    return {canvas: this.bands[i].canvas, points: this.slots[j].points || 0, y,
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
