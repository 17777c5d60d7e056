import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {bandAt, meanIn, stackColumns, topN} from '../../../webroot/js/hostview.js';
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
});
