// The points the page holds for one container: ordered by seq, bounded, and turned into uPlot
// columns with explicit null rows wherever samples were missed, so gaps are drawn as gaps.

import {VALUE_FIELDS} from './contract.js';

/** The MetricPoint values, in column order after the x (time) column. */
export const FIELDS = VALUE_FIELDS;

/** Gap threshold: consecutive samples further apart than this many poll intervals are not joined. */
export const GAP_FACTOR = 1.5;

export class Series {
  /** @param {number} capacity most points kept (the server's BufferSize): a tab open for a week stays small */
  constructor(capacity) {
    this.capacity = Math.max(1, capacity | 0);
    this.points = [];
    this.lastSeq = -1;
  }

  get size() {
    return this.points.length;
  }

  get last() {
    return this.points.length ? this.points[this.points.length - 1] : null;
  }

  /** Appends points in seq order, dropping any already held (seq <= lastSeq). Returns how many were kept. */
  append(points) {
    let added = 0;
    for (const p of points) {
      if (p == null || !(p.seq > this.lastSeq)) continue;
      this.points.push(p);
      this.lastSeq = p.seq;
      added++;
    }
    const over = this.points.length - this.capacity;
    if (over > 0) this.points.splice(0, over);
    return added;
  }

  clear() {
    this.points = [];
    this.lastSeq = -1;
  }

  /**
   * uPlot data: [x (epoch seconds), ...FIELDS]. A null row is inserted between two points whose timestamps
   * differ by more than GAP_FACTOR x intervalMs; with spanGaps false uPlot leaves a hole there.
   */
  columns(intervalMs) {
    const limit = GAP_FACTOR * intervalMs;
    const cols = [[], ...FIELDS.map(() => [])];
    let prev = null;
    for (const p of this.points) {
      if (prev && p.timestamp - prev.timestamp > limit) {
        cols[0].push((prev.timestamp + p.timestamp) / 2000);
        for (let f = 1; f < cols.length; f++) cols[f].push(null);
      }
      cols[0].push(p.timestamp / 1000);
      for (let f = 0; f < FIELDS.length; f++) cols[f + 1].push(p[FIELDS[f]] ?? null);
      prev = p;
    }
    return cols;
  }
}

/**
 * A history's columns (`{seq: [...], timestamp: [...], cpu: [...], ...}`, one array per MetricPoint field) as
 * MetricPoints, the shape live pushes have; anything else as no points.
 */
export function rows(columns) {
  const seq = columns?.seq;
  if (!Array.isArray(seq)) return [];
  const names = Object.keys(columns).filter(k => Array.isArray(columns[k]));
  return seq.map((_, i) => {
    const p = {};
    for (const k of names) p[k] = columns[k][i];
    return p;
  });
}

/**
 * Applies a `container.metrics` reply to a series that asked with `from`. A reply whose From is smaller than
 * what was asked for means the server's history was reset (restart): the copy is discarded and rebuilt from the
 * reply. Returns 'reset' or 'ok'; after 'reset' with no points the caller asks again from 0.
 */
export function applyReply(series, from, reply) {
  const metrics = rows(reply?.Metrics);
  if (typeof reply?.From === 'number' && reply.From < from) {
    series.clear();
    series.append(metrics);
    return 'reset';
  }
  series.append(metrics);
  return 'ok';
}
