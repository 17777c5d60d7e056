// Sparklines: a running row's last few minutes of CPU and memory, in its box on the list's canvas. The scale is pure
// and tested.

/**
 * Pixel coordinates of one series in a w×h box: x by time over [t0, t1], y by value over [0, max] (top is max).
 * A gap longer than `gapMs` between two points starts a new run (a missed sample is not drawn over).
 * @returns {number[][]} runs of [x, y, x, y, ...]
 */
export function sparkRuns(ts, vs, box) {
  const runs = [];
  let run = null;
  eachSparkPoint(ts, vs, box, (x, y, starts) => {
    if (starts) runs.push(run = []);
    run.push(x, y);
  });
  return runs;
}

/**
 * sparkRuns' points one by one, `fn(x, y, startsRun)`, without building arrays: drawing every row's sparkline in
 * every live update should not leave garbage behind.
 */
export function eachSparkPoint(ts, vs, {t0, t1, max, w, h, gapMs = Infinity}, fn) {
  let inRun = false;
  const span = Math.max(1, t1 - t0);
  const top = max > 0 ? max : 1;
  for (let i = 0; i < ts.length; i++) {
    const v = vs[i];
    if (v == null || !Number.isFinite(v) || ts[i] < t0) {
      inRun = false;
      continue;
    }
    const starts = !inRun || ts[i] - ts[i - 1] > gapMs;
    inRun = true;
    const x = ((ts[i] - t0) / span) * (w - 1) + 0.5;
    const y = h - 0.5 - (Math.max(0, Math.min(top, v)) / top) * (h - 1);
    fn(Math.round(x * 10) / 10, Math.round(y * 10) / 10, starts);
  }
}

/** CPU's scale: 100 % (one core) unless the series went higher, then the next whole core. */
export function cpuMax(cpus) {
  let m = 0;
  for (const v of cpus) if (v > m) m = v;
  return m <= 100 ? 100 : Math.ceil(m / 100) * 100;
}

/**
 * Draws a spark series (summary.js) into the w×h box at (x, y) of a context that holds other things too (the list's
 * canvas bands): memory % (0–100) then CPU % (cpuMax) over the window that ends at the newest point, nothing outside
 * the box; returns how many points were drawn.
 */
export function paintSpark(ctx, s, {x: ox, y: oy, w, h, windowMs, gapMs, colors}) {
  const n = s ? s.timestamp.length : 0;
  if (!n) return 0;
  const t1 = s.timestamp[n - 1];
  const t0 = t1 - windowMs;
  ctx.lineWidth = 1;
  ctx.lineJoin = 'round';
  // a run of one point is drawn as a 1 px dash: it is closed when the next run starts, or at the end
  let single = false;
  let lastX = 0;
  let lastY = 0;
  const dash = () => {
    if (single) ctx.lineTo(lastX + 1, lastY);
  };
  const point = (px, py, starts) => {
    const x = px + ox;
    const y = py + oy;
    if (starts) {
      dash();
      ctx.moveTo(x, y);
    } else {
      ctx.lineTo(x, y);
    }
    single = starts;
    lastX = x;
    lastY = y;
  };
  const line = (vs, max, color) => {
    ctx.strokeStyle = color;
    ctx.beginPath();
    single = false;
    eachSparkPoint(s.timestamp, vs, {t0, t1, max, w, h, gapMs}, point);
    dash();
    ctx.stroke();
  };
  line(s.mem, 100, colors.mem);
  line(s.cpu, cpuMax(s.cpu), colors.cpu);
  return n;
}
