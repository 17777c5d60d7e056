// Human units for readouts and chart axes: percentages, binary sizes (memory), decimal rates (I/O).

const DASH = '—';

function trim(v, digits) {
  // 3 significant figures without trailing noise: 1.25, 12.5, 125
  const d = v >= 100 ? 0 : v >= 10 ? Math.min(1, digits) : digits;
  return v.toFixed(d);
}

export function pct(v, digits = 1) {
  if (v == null || !Number.isFinite(v)) return DASH;
  if (v > 0 && v < 0.01) return '<0.01%'; // "0.00%" would read as nothing at all
  if (v !== 0 && Math.abs(v) < 0.1) return v.toFixed(2) + '%';
  return (Math.abs(v) >= 1000 ? v.toFixed(0) : v.toFixed(digits)) + '%';
}

const BIN = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const DEC = ['B/s', 'kB/s', 'MB/s', 'GB/s', 'TB/s'];

function scaled(v, base, units, digits) {
  if (v == null || !Number.isFinite(v)) return DASH;
  let i = 0;
  let x = Math.abs(v);
  while (x >= base && i < units.length - 1) {
    x /= base;
    i++;
  }
  if (i === 0) return Math.round(v) + ' ' + units[0];
  return (v < 0 ? '-' : '') + trim(x, digits) + ' ' + units[i];
}

/** Memory: 630 KiB, 1.25 GiB. */
export function bytes(v, digits = 2) {
  return scaled(v, 1024, BIN, digits);
}

/** Throughput: 0 B/s, 12.3 kB/s, 4.5 MB/s. */
export function rate(v, digits = 2) {
  return scaled(v, 1000, DEC, digits);
}

export function int(v) {
  return v == null || !Number.isFinite(v) ? DASH : String(Math.round(v));
}

const pad = (n) => String(n).padStart(2, '0');

export function clock(ms) {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function dateTime(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock(ms)}`;
}

/** 1000 -> "1 s", 90000 -> "1.5 min" */
export function duration(ms) {
  if (ms < 60000) return `${+(ms / 1000).toFixed(1)} s`;
  if (ms < 3600000) return `${+(ms / 60000).toFixed(1)} min`;
  if (ms < 86400000) return `${+(ms / 3600000).toFixed(1)} h`;
  return `${+(ms / 86400000).toFixed(1)} d`;
}

/** Axis tick text: the same units without trailing zeros ("50 kB/s", "1.5 MiB", "100%"). */
export function compact(text) {
  return text.replace(/(\.\d*?)0+(?!\d)/, '$1').replace(/\.(?!\d)/, '');
}

/** Text for innerHTML: &, <, >, " and ' as character references. */
export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
