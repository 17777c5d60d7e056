// Sparklines: a running row's last few minutes of CPU and memory in a small canvas. The scale is pure and tested;
// drawing touches only the row's own canvas (no layout: the canvas has a fixed size).

/**
 * Pixel coordinates of one series in a w×h box: x by time over [t0, t1], y by value over [0, max] (top is max).
 * A gap longer than `gapMs` between two points starts a new run (a missed sample is not drawn over).
 * @returns {number[][]} runs of [x, y, x, y, ...]
 */
export function sparkRuns(ts, vs, {t0, t1, max, w, h, gapMs = Infinity}) {
  const runs = [];
  let run = null;
  const span = Math.max(1, t1 - t0);
  const top = max > 0 ? max : 1;
  for (let i = 0; i < ts.length; i++) {
    const v = vs[i];
    if (v == null || !Number.isFinite(v) || ts[i] < t0) {
      run = null;
      continue;
    }
    if (run && ts[i] - ts[i - 1] > gapMs) run = null;
    if (!run) runs.push(run = []);
    const x = ((ts[i] - t0) / span) * (w - 1) + 0.5;
    const y = h - 0.5 - (Math.max(0, Math.min(top, v)) / top) * (h - 1);
    run.push(Math.round(x * 10) / 10, Math.round(y * 10) / 10);
  }
  return runs;
}

/** CPU's scale: 100 % (one core) unless the series went higher, then the next whole core. */
export function cpuMax(cpus) {
  let m = 0;
  for (const v of cpus) if (v > m) m = v;
  return m <= 100 ? 100 : Math.ceil(m / 100) * 100;
}

/**
 * Draws a spark series (summary.js) into `canvas`: memory % (0–100) then CPU % (cpuMax) over the window that ends
 * at the newest point; returns how many points were drawn. Colours come from the canvas' CSS custom properties.
 */
export function drawSpark(canvas, s, {windowMs, gapMs, colors}) {
  const ctx = canvas.getContext('2d');
  const {width: w, height: h} = canvas;
  ctx.clearRect(0, 0, w, h);
  const n = s ? s.timestamp.length : 0;
  if (!n) return 0;
  const t1 = s.timestamp[n - 1];
  const t0 = t1 - windowMs;
  ctx.lineWidth = 1;
  ctx.lineJoin = 'round';
  const line = (vs, max, color) => {
    ctx.strokeStyle = color;
    ctx.beginPath();
    for (const run of sparkRuns(s.timestamp, vs, {t0, t1, max, w, h, gapMs})) {
      ctx.moveTo(run[0], run[1]);
      if (run.length === 2) ctx.lineTo(run[0] + 1, run[1]);
      for (let i = 2; i < run.length; i += 2) ctx.lineTo(run[i], run[i + 1]);
    }
    ctx.stroke();
  };
  line(s.mem, 100, colors.mem);
  line(s.cpu, cpuMax(s.cpu), colors.cpu);
  return n;
}
