import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {bandAt, bandNear, meanIn, stackColumns, topN} from '../../../webroot/js/hostview.js';
import {point} from './fakes.js';

const pts = (values, t0 = 0) => values.map((v, i) => point(i, t0 + i * 1000, {cpu: v}));

describe('host view', () => {
  test('mean over the window only', () => {
    const p = pts([1, 2, 3, 100]);
    assert.equal(meanIn(p, 'cpu', 0, 2000), 2);
    assert.equal(meanIn(p, 'cpu', 5000, 9000), 0);
  });

  test('top N by mean, largest first, the rest as others; idle containers not at all', () => {
    const series = Array.from({length: 13}, (_, i) => ({key: 'c' + String(i).padStart(2, '0'), points: pts([i, i])}));
    const {top, others} = topN(series, 'cpu', 0, 10_000, 10);
    assert.deepEqual(top, ['c12', 'c11', 'c10', 'c09', 'c08', 'c07', 'c06', 'c05', 'c04', 'c03']);
    assert.deepEqual(others, ['c02', 'c01'], 'c00 never used any CPU');
    const tie = topN([{key: 'b', points: pts([1])}, {key: 'a', points: pts([1])}], 'cpu', 0, 1000, 1);
    assert.deepEqual(tie, {top: ['a'], others: ['b']});
  });

  test('stacked: the first column is the total, each band adds to the ones below', () => {
    const a = pts([10, 20, 30]);
    const b = pts([1, 2, 3]);
    const c = pts([100, 200]);
    const {data, parts} = stackColumns([a, b, c], [[0], [1, 2]], 'cpu', 1000);
    assert.deepEqual(data[0], [0, 1, 2]);
    assert.deepEqual(parts, [[10, 20, 30], [101, 202, 3]]);
    assert.deepEqual(data[2], [10, 20, 30], 'the first band');
    assert.deepEqual(data[1], [111, 222, 33], 'the total');
    for (let r = 0; r < 3; r++) assert.equal(data[1][r], parts[0][r] + parts[1][r]);
  });

  test('a bucket without any sample stays a hole', () => {
    const {data} = stackColumns([[point(0, 0, {cpu: 1}), point(1, 3000, {cpu: 2})]], [[0]], 'cpu', 1000);
    assert.deepEqual(data, [[0, 1.5, 3], [1, null, 2]]);
  });

  test('the band under a point', () => {
    const {data} = stackColumns([pts([10]), pts([5])], [[0], [1]], 'cpu', 1000);
    assert.equal(bandAt(data, 0, 4), 0);
    assert.equal(bandAt(data, 0, 12), 1);
    assert.equal(bandAt(data, 0, 16), -1);
  });

  // Failed before the fix (the click looked at the one nearest row only): samples a pixel apart, the newest row
  // without the busy container's sample yet, a click a pixel right of its last full row opened nothing.
  test('the band near the pointer: the nearest row within a few pixels where the pointer is in a band', () => {
    const busy = pts([80, 80, 80]);
    const idle = pts([1, 1, 1, 1]); // the newest bucket has only this one's sample so far
    const {data} = stackColumns([busy, idle], [[0], [1]], 'cpu', 1000);
    assert.deepEqual(data[2], [80, 80, 80, 0], 'the busy band is 0 high in the newest row');
    const toPx = (x) => x * 1.1; // a long window: rows 1.1 px apart
    const px = toPx(2) + 0.9; // aimed at row 2, nearer to row 3
    assert.equal(bandAt(data, 3, 40), -1, 'the nearest row alone misses');
    assert.equal(bandNear(data, toPx, px, 40), 0);
    assert.equal(bandNear(data, toPx, px, 0.5), 1, 'the nearest row first: the idle band there');
    assert.equal(bandNear(data, toPx, px, 90), -1, 'above every band');
    assert.equal(bandNear(data, toPx, toPx(2) + 20, 40), -1, 'no row within reach');
  });

  test('the band near the pointer skips holes', () => {
    const {data} = stackColumns([[point(0, 0, {cpu: 10}), point(1, 3000, {cpu: 10})]], [[0]], 'cpu', 1000);
    assert.equal(bandNear(data, (x) => x, 1.6, 5, 2), 0, 'the hole under the pointer skipped, a drawn row within reach');
    assert.equal(bandNear(data, (x) => x * 10, 15, 5, 2), -1, 'only the hole within reach');
  });
});
