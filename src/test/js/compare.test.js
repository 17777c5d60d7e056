import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {compareColumns, validCompare} from '../../../webroot/js/compare.js';
import {point} from './fakes.js';

describe('compare', () => {
  test('series sampled at different moments share buckets of one interval', () => {
    const a = [point(0, 10_000, {cpu: 1}), point(1, 11_000, {cpu: 2}), point(2, 12_000, {cpu: 3})];
    const b = [point(0, 10_400, {cpu: 10}), point(1, 11_300, {cpu: 20})];
    assert.deepEqual(compareColumns([a, b], 'cpu', 1000), [[10, 11, 12], [1, 2, 3], [10, 20, null]]);
  });

  test('a bucket nobody has between two that somebody has is a hole, not a line across', () => {
    const a = [point(0, 10_000, {memUsage: 5}), point(1, 14_000, {memUsage: 6})];
    const b = [point(0, 10_000, {memUsage: 7})];
    assert.deepEqual(compareColumns([a, b], 'memUsage', 1000), [[10, 12, 14], [5, null, 6], [7, null, null]]);
  });

  test('nothing yet: empty columns, one per series', () => {
    assert.deepEqual(compareColumns([[], []], 'cpu', 1000), [[], [], []]);
  });

  test('two to five distinct containers', () => {
    const item = (ref) => ({host: 'local', ref});
    assert.ok(validCompare([item('a'), item('b')]));
    assert.ok(validCompare(['a', 'b', 'c', 'd', 'e'].map(item)));
    assert.ok(!validCompare([item('a')]));
    assert.ok(!validCompare(['a', 'b', 'c', 'd', 'e', 'f'].map(item)));
    assert.ok(!validCompare([item('a'), item('a')]));
    assert.ok(validCompare([item('a'), {host: 'other', ref: 'a'}]));
    assert.ok(!validCompare(null));
  });
});
