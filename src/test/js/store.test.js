import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {FIELDS, GAP_FACTOR, Series, applyReply, rows} from '../../../webroot/js/store.js';
import {columns, point} from './fakes.js';

describe('Series', () => {
  test('appends in seq order, drops seqs already held, keeps at most capacity', () => {
    const s = new Series(3);
    assert.equal(s.append([point(0, 0), point(1, 1000)]), 2);
    assert.equal(s.append([point(1, 1000), point(0, 0), null, point(2, 2000)]), 1, 'duplicates and nulls dropped');
    assert.equal(s.append([point(3, 3000), point(4, 4000)]), 2);
    assert.deepEqual(s.points.map((p) => p.seq), [2, 3, 4], 'oldest dropped first');
    assert.equal(s.lastSeq, 4);
    assert.equal(s.last.seq, 4);
    s.clear();
    assert.equal(s.size, 0);
    assert.equal(s.last, null);
    assert.equal(s.append([point(0, 9000)]), 1, 'after clear a new history starts at any seq');
  });

  test('columns: x in seconds, one row per point, a null row where samples were missed', () => {
    const s = new Series(10);
    s.append([point(0, 1000, {cpu: 5}), point(1, 2000, {cpu: 6}), point(2, 2000 + GAP_FACTOR * 1000 + 1, {cpu: 7})]);
    const c = s.columns(1000);
    assert.equal(c.length, 1 + FIELDS.length);
    assert.deepEqual(c[0], [1, 2, (2000 + 3501) / 2000, 3.501]);
    assert.deepEqual(c[1], [5, 6, null, 7], 'cpu column with the gap as null');
    assert.deepEqual(c[FIELDS.indexOf('pids') + 1], [1, 1, null, 1]);
  });

  test('points exactly 1.5 intervals apart are joined', () => {
    const s = new Series(10);
    s.append([point(0, 0), point(1, 1500)]);
    assert.deepEqual(s.columns(1000)[1], [1, 1]);
  });
});

describe('history replies', () => {
  test('rows turns a History into MetricPoints; anything else into none', () => {
    const pts = [point(4, 100), point(5, 200, {cpu: 9})];
    assert.deepEqual(rows(columns(pts)), pts);
    assert.deepEqual(rows(null), []);
    assert.deepEqual(rows({seq: 'x'}), []);
  });

  test('applyReply appends; a From behind what was asked means the server history was reset', () => {
    const s = new Series(10);
    assert.equal(applyReply(s, 0, {Metrics: columns([point(0, 0), point(1, 1000)]), From: 2}), 'ok');
    assert.equal(applyReply(s, 2, {Metrics: columns([point(2, 2000)]), From: 3}), 'ok');
    assert.deepEqual(s.points.map((p) => p.seq), [0, 1, 2]);
    assert.equal(applyReply(s, 3, {Metrics: columns([point(0, 9000)]), From: 1}), 'reset');
    assert.deepEqual(s.points.map((p) => [p.seq, p.timestamp]), [[0, 9000]], 'the old copy is gone');
  });
});
