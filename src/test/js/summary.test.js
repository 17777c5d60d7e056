import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {SPARK_POINTS, appendSpark, decodePoints, emptySpark, mergeSpark, sparkFromColumns}
  from '../../../webroot/js/summary.js';
import {point} from './fakes.js';

const ID = 'a'.repeat(64);

describe('summary decode', () => {
  test('only full ids with usable points; anything else decodes to nothing', () => {
    const good = point(3, 1000);
    assert.deepEqual(decodePoints({[ID]: good}), [[ID, good]]);
    assert.deepEqual(decodePoints({short: good, [ID.toUpperCase()]: good}), []);
    assert.deepEqual(decodePoints({[ID]: {...good, cpu: 'x'}}), []);
    assert.deepEqual(decodePoints({[ID]: {...good, seq: 1.5}}), []);
    assert.deepEqual(decodePoints({[ID]: null}), []);
    for (const bad of [null, undefined, 'x', 3, [good]]) assert.deepEqual(decodePoints(bad), []);
  });

  test('backfill columns become a bounded series; columns of unequal length are refused', () => {
    const n = SPARK_POINTS + 5;
    const cols = {seq: [], timestamp: [], cpu: [], mem: []};
    for (let i = 0; i < n; i++) {
      cols.seq.push(i);
      cols.timestamp.push(i * 1000);
      cols.cpu.push(i);
      cols.mem.push(i / 2);
    }
    const s = sparkFromColumns(cols);
    assert.equal(s.seq.length, SPARK_POINTS);
    assert.equal(s.seq[0], 5, 'the newest kept');
    assert.equal(sparkFromColumns({...cols, cpu: [1]}), null);
    assert.equal(sparkFromColumns(null), null);
    assert.equal(sparkFromColumns({seq: 'x'}), null);
  });
});

describe('spark series', () => {
  test('appends newer points only, keeps the newest SPARK_POINTS', () => {
    const s = emptySpark();
    for (let i = 0; i < SPARK_POINTS + 3; i++) assert.ok(appendSpark(s, point(i, i * 1000, {cpu: i})));
    assert.equal(s.seq.length, SPARK_POINTS);
    assert.equal(s.cpu[0], 3);
    assert.ok(!appendSpark(s, point(10, 10_000)), 'an old point again');
    assert.equal(s.seq.length, SPARK_POINTS);
  });

  test('a smaller seq later in time starts the series anew (the server history was reset)', () => {
    const s = emptySpark();
    appendSpark(s, point(40, 1000));
    appendSpark(s, point(41, 2000));
    assert.ok(appendSpark(s, point(0, 9000)));
    assert.deepEqual(s.seq, [0]);
  });

  test('a backfill merged with pushed points: backfill first, then what is newer', () => {
    const held = emptySpark();
    appendSpark(held, point(9, 9000, {cpu: 9}));
    appendSpark(held, point(10, 10_000, {cpu: 10}));
    const fresh = {seq: [8, 9], timestamp: [8000, 9000], cpu: [8, 9], mem: [2, 2]};
    assert.deepEqual(mergeSpark(held, fresh).seq, [8, 9, 10]);
    assert.deepEqual(mergeSpark(null, fresh).seq, [8, 9]);
    assert.deepEqual(fresh.seq, [8, 9], 'the backfill is not changed');
  });
});
