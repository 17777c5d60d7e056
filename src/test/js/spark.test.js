import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {cpuMax, eachSparkPoint, paintSpark, sparkRuns} from '../../../webroot/js/spark.js';
import {placeNow, visibleRange} from '../../../webroot/js/windowing.js';

describe('sparkline scale', () => {
  const box = {t0: 0, t1: 100, max: 100, w: 81, h: 21};

  test('time runs left to right, values bottom to top, inside the box', () => {
    const [run] = sparkRuns([0, 50, 100], [0, 50, 100], box);
    assert.deepEqual(run, [0.5, 20.5, 40.5, 10.5, 80.5, 0.5]);
  });

  test('values beyond the scale are clamped; points before the window and missing values are left out', () => {
    const runs = sparkRuns([-10, 0, 50, 100], [5, 500, null, -3], box);
    assert.deepEqual(runs, [[0.5, 0.5], [80.5, 20.5]], 'a missing value breaks the line');
  });

  test('a gap longer than gapMs starts a new run', () => {
    const runs = sparkRuns([0, 10, 60, 70], [1, 1, 1, 1], {...box, gapMs: 20});
    assert.equal(runs.length, 2);
  });

  test('point by point, the same runs without building them', () => {
    const ts = [-10, 0, 10, 60, 70, 80];
    const vs = [5, 1, null, 50, 60, 70];
    const seen = [];
    eachSparkPoint(ts, vs, {...box, gapMs: 20}, (x, y, starts) => {
      if (starts) seen.push([]);
      seen[seen.length - 1].push(x, y);
    });
    assert.deepEqual(seen, sparkRuns(ts, vs, {...box, gapMs: 20}));
  });

  test('CPU scales to one core, or to the next whole core above the highest value', () => {
    assert.equal(cpuMax([]), 100);
    assert.equal(cpuMax([3, 99.9]), 100);
    assert.equal(cpuMax([100.1]), 200);
    assert.equal(cpuMax([250]), 300);
  });

  test('drawing counts the points drawn, draws nothing without a series, and only in its box', () => {
    const calls = [];
    const ctx = new Proxy({}, {get: (t, k) => (k in t ? t[k] : (...a) => calls.push([k, ...a])),
      set: (t, k, v) => ((t[k] = v), true)});
    const box = {x: 0, y: 0, w: 80, h: 20, windowMs: 1000, gapMs: 100, colors: {cpu: 'red', mem: 'blue'}};
    assert.equal(paintSpark(ctx, null, box), 0);
    assert.deepEqual(calls, [], 'the rest of the canvas is left alone');
    const n = paintSpark(ctx, {seq: [1, 2], timestamp: [0, 50], cpu: [10, 20], mem: [5, 5]}, box);
    assert.equal(n, 2);
    assert.equal(calls.filter((c) => c[0] === 'stroke').length, 2, 'memory and CPU');
    assert.ok(!calls.some((c) => c[0] === 'clearRect'), 'never clears: the canvas holds other rows');
    // a point alone (a gap on both sides) is a 1 px dash, in its own subpath
    calls.length = 0;
    paintSpark(ctx, {seq: [1, 2, 3], timestamp: [0, 500, 510], cpu: [null, 20, 20], mem: [0, null, null]}, box);
    const mem = calls.slice(calls.findIndex((c) => c[0] === 'beginPath'), calls.findIndex((c) => c[0] === 'stroke') + 1);
    assert.deepEqual(mem.map((c) => c[0]), ['beginPath', 'moveTo', 'lineTo', 'stroke']);
    assert.equal(mem[2][1], mem[1][1] + 1);
    assert.equal(mem[2][2], mem[1][2]);
    // the same series in a box further on: every point moved by the box's corner, inside it
    const at = (b) => {
      calls.length = 0;
      paintSpark(ctx, {seq: [1, 2], timestamp: [0, 50], cpu: [10, 100], mem: [0, 50]}, {...box, ...b});
      return calls.filter((c) => c[0] === 'moveTo' || c[0] === 'lineTo').map((c) => [c[1], c[2]]);
    };
    const moved = at({x: 300, y: 66});
    at({}).forEach(([x, y], i) => assert.deepEqual(moved[i], [x + 300, y + 66]));
    for (const [x, y] of moved) assert.ok(x >= 300 && x <= 380 && y >= 66 && y <= 86, `${x},${y} in the box`);
  });
});

describe('windowing', () => {
  test('rows in view plus the overscan, clamped to the list', () => {
    // 200 rows of 30 px starting 100 px below the view's top, a view 600 px tall
    assert.deepEqual(visibleRange({top: 100, height: 600, rowH: 30, count: 200, overscan: 0}), [0, 17]);
    assert.deepEqual(visibleRange({top: 100, height: 600, rowH: 30, count: 200, overscan: 5}), [0, 22]);
    // scrolled 3000 px: rows 96.67.. to 116.67..
    assert.deepEqual(visibleRange({top: -2900, height: 600, rowH: 30, count: 200, overscan: 0}), [96, 117]);
    assert.deepEqual(visibleRange({top: -10_000, height: 600, rowH: 30, count: 200, overscan: 2}), [200, 200],
      'scrolled past the end: none');
    assert.deepEqual(visibleRange({top: 5000, height: 600, rowH: 30, count: 200}), [0, 0], 'below the view: none');
    assert.deepEqual(visibleRange({top: 0, height: 600, rowH: 30, count: 0}), [0, 0]);
  });
});

describe('placing rows', () => {
  // rows of 30 px, rows 100 px to 400 px in view
  const [lo, hi] = [100, 400];

  test('a row in view, before or after the update, is placed now', () => {
    assert.equal(placeNow(120, 600, lo, hi), true, 'comes into view');
    assert.equal(placeNow(600, 120, lo, hi), true, 'leaves the view: its old place is free for another row');
    assert.equal(placeNow(150, 120, lo, hi), true, 'moves within the view');
  });

  test('a row out of view before and after waits; a row where it belongs, or never placed, as it must', () => {
    assert.equal(placeNow(900, 600, lo, hi), false);
    assert.equal(placeNow(30, 600, lo, hi), false, 'above the view');
    assert.equal(placeNow(120, 120, lo, hi), false, 'already there');
    assert.equal(placeNow(900, undefined, lo, hi), true, 'a new row gets a place at once');
  });
});
