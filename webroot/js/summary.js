// The list's live numbers and sparklines: one pulse.summary.<host> push a interval carries the newest point of every
// container of the host, and host.summary backfills the last few minutes. Pure functions, no DOM, no bus.

/** Points a sparkline keeps (host.summary sends at most as many: RingBufferVerticle.RECENT_POINTS). */
export const SPARK_POINTS = 60;

const FULL_ID = /^[0-9a-f]{64}$/;
const finite = (v) => typeof v === 'number' && Number.isFinite(v);

/** A MetricPoint worth showing: integer seq, numeric timestamp, cpu and mem. */
function usable(p) {
  return !!p && typeof p === 'object' && Number.isInteger(p.seq) && finite(p.timestamp) && finite(p.cpu) &&
    finite(p.mem);
}

/**
 * A summary push or host.summary's Newest as [[id, point]], only full ids and usable points (a push from a newer
 * server with fields the page does not know still decodes); [] for anything else.
 */
export function decodePoints(points) {
  if (!points || typeof points !== 'object' || Array.isArray(points)) return [];
  return Object.entries(points).filter(([id, p]) => FULL_ID.test(id) && usable(p));
}

/** A spark series: parallel arrays, oldest first, at most SPARK_POINTS. */
export function emptySpark() {
  return {seq: [], timestamp: [], cpu: [], mem: []};
}

/** host.summary's columns for one container as a spark series (bounded, arrays of equal length), or null. */
export function sparkFromColumns(cols) {
  if (!cols || !Array.isArray(cols.seq)) return null;
  const n = cols.seq.length;
  if (!['timestamp', 'cpu', 'mem'].every((f) => Array.isArray(cols[f]) && cols[f].length === n)) return null;
  const from = Math.max(0, n - SPARK_POINTS);
  return {seq: cols.seq.slice(from), timestamp: cols.timestamp.slice(from), cpu: cols.cpu.slice(from),
    mem: cols.mem.slice(from)};
}

/**
 * Appends a point newer than the series' newest; keeps SPARK_POINTS. An older or repeated seq is dropped, unless
 * it is later in time: the server's history started anew (in memory only, restarted), and so does the series.
 */
export function appendSpark(s, p) {
  const n = s.seq.length;
  if (n && p.seq <= s.seq[n - 1]) {
    if (p.timestamp <= s.timestamp[n - 1]) return false;
    for (const f of ['seq', 'timestamp', 'cpu', 'mem']) s[f].length = 0;
  }
  s.seq.push(p.seq);
  s.timestamp.push(p.timestamp);
  s.cpu.push(p.cpu);
  s.mem.push(p.mem);
  if (s.seq.length > SPARK_POINTS) for (const f of ['seq', 'timestamp', 'cpu', 'mem']) s[f].shift();
  return true;
}

/**
 * The backfill `fresh` merged with what pushes brought meanwhile (`held`): fresh, then held points newer than it.
 * A fresh series that ends before held began (a restarted server with less history) simply replaces it.
 */
export function mergeSpark(held, fresh) {
  const out = {seq: [...fresh.seq], timestamp: [...fresh.timestamp], cpu: [...fresh.cpu], mem: [...fresh.mem]};
  if (held) {
    for (let i = 0; i < held.seq.length; i++) {
      appendSpark(out, {seq: held.seq[i], timestamp: held.timestamp[i], cpu: held.cpu[i], mem: held.mem[i]});
    }
  }
  return out;
}
