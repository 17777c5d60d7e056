import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {timeLabels, timeSplits} from '../../../webroot/js/charts.js';

describe('chart time axis', () => {
  test('the same window gets the same ticks whatever the chart width: on round steps, at most six (both ends on a step)', () => {
    const end = 1_764_270_000; // a multiple of 600 s
    assert.deepEqual(timeSplits(end - 300, end), [end - 300, end - 240, end - 180, end - 120, end - 60, end]);
    assert.deepEqual(timeSplits(end - 290, end), [end - 240, end - 180, end - 120, end - 60, end]);
    assert.deepEqual(timeSplits(end - 1790, end), [end - 1200, end - 600, end]);
    assert.deepEqual(timeSplits(end - 59, end), [end - 45, end - 30, end - 15, end]);
    assert.deepEqual(timeSplits(end - 9001, end).map((t) => t - end), [-7200, -3600, 0]);
    assert.deepEqual(timeSplits(end, end), []);
  });

  test('labels show seconds only when ticks are less than a minute apart', () => {
    const t0 = new Date(2026, 0, 2, 3, 4, 0).getTime() / 1000;
    assert.deepEqual(timeLabels([t0, t0 + 60]), ['03:04', '03:05']);
    assert.deepEqual(timeLabels([t0, t0 + 15]), ['03:04:00', '03:04:15']);
    assert.deepEqual(timeLabels([t0]), ['03:04']);
  });
});
