// What the list's canvas shows in a cell and where: the texts of a live point (also the cells' aria-labels), their
// fit, a percentage's level, and each part's place in its cell. Pure and tested; listpaint.js draws them.

import {bytes, int, pct, rate} from './format.js';

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

/** The two-rate cells ("1.2 kB/s / 300 B/s"). */
export function pair(a, b, fmt) {
  return `${fmt(a)} / ${fmt(b)}`;
}

const DASHES = cellTextsOf(null);
const textsByPoint = new WeakMap(); // the list's aria-labels and the canvas say the same: formatted once a point

/** What each painted column but the trend says for a live point (null: none, a dash everywhere). */
export function cellTexts(p) {
  if (!p) return DASHES;
  let t = textsByPoint.get(p);
  if (!t) textsByPoint.set(p, t = cellTextsOf(p));
  return t;
}

function cellTextsOf(p) {
  return Object.freeze({
    cpu: pct(p ? p.cpu : null),
    mem: pct(p ? p.mem : null),
    memusage: p ? pair(p.memUsage, p.memLimit, bytes) : '—',
    net: p ? pair(p.netRx, p.netTx, rate) : '—',
    blk: p ? pair(p.blkRead, p.blkWrite, rate) : '—',
    pids: p ? int(p.pids) : '—',
  });
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
