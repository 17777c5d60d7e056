// The frame benchmark's experiment 'offscreen' (BENCHMARKS §8): the list's canvas drawn in a dedicated worker
// (transferControlToOffscreen). The page posts the rows in view that changed; this draws them with listpaint's own
// row drawing and posts back when it started, ended, and its next animation frame (absolute ms: timeOrigin + now).
import {ListPainter} from './listpaint.js';
import {appendSpark, emptySpark} from './summary.js';

const painter = Object.create(ListPainter.prototype);
const sparks = new Map(); // 'offdelta': each row's sparkline, kept here; the page posts the points it lacks
let canvas = null;
let width = 0;
let height = 0;
const abs = () => performance.timeOrigin + performance.now();

self.onmessage = (e) => {
  const m = e.data;
  if (m.canvas) {
    canvas = m.canvas;
    painter.ctx = canvas.getContext('2d');
    return;
  }
  const start = abs();
  const ctx = painter.ctx;
  if (m.setup) {
    const s = m.setup;
    if (canvas.width !== s.w || canvas.height !== s.h) {
      canvas.width = s.w;
      canvas.height = s.h;
    }
    ctx.setTransform(s.dpr, 0, 0, s.dpr, 0, 0);
    width = s.width;
    height = s.height;
    painter.rowH = s.rowH;
    painter.cols = s.cols;
    painter.colors = {...s.colors};
    ctx.clearRect(0, 0, width, height);
  }
  ctx.font = painter.colors.font;
  if (!painter.colors.charW) painter.colors.charW = ctx.measureText('0').width;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const {j, row, key, full, add} of m.rows) {
    if (add) {
      if (full || !sparks.has(key)) sparks.set(key, emptySpark());
      const s = sparks.get(key);
      for (let i = 0; i < add.seq.length; i++) {
        appendSpark(s, {seq: add.seq[i], timestamp: add.timestamp[i], cpu: add.cpu[i], mem: add.mem[i]});
      }
      row.c.spark = s;
    }
    ctx.clearRect(0, j * painter.rowH, width, painter.rowH);
    if (row) painter.row(ctx, row, j * painter.rowH, painter.rowH, m.opts);
  }
  const end = abs();
  requestAnimationFrame(() => self.postMessage({seq: m.seq, sent: m.sent, start, end, raf: abs()}));
};
