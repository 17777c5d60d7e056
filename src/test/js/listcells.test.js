import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {PAINTED, cellLayout, cellTexts, fit, level, pair} from '../../../webroot/js/listcells.js';
import {COLUMNS} from '../../../webroot/js/list.js';
import {rate} from '../../../webroot/js/format.js';

describe('the list canvas: what a cell says', () => {
  test('a live point: every painted column but the trend, as the cells had it', () => {
    const t = cellTexts({cpu: 12.345, mem: 50, memUsage: 1536 * 1024 * 1024, memLimit: 2 * 1024 ** 3, netRx: 1200,
      netTx: 300, blkRead: 0, blkWrite: 4.5e6, pids: 7});
    assert.deepEqual(t, {cpu: '12.3%', mem: '50.0%', memusage: '1.50 GiB / 2.00 GiB', net: '1.20 kB/s / 300 B/s',
      blk: '0 B/s / 4.50 MB/s', pids: '7'});
    assert.deepEqual(Object.keys(t), PAINTED.filter((id) => id !== 'trend'));
  });

  test('no live point (stopped, no sample yet): a dash in every cell', () => {
    assert.deepEqual(Object.values(cellTexts(null)), ['—', '—', '—', '—', '—', '—']);
  });

  test('the painted columns stand side by side in the list, in its order', () => {
    const ids = COLUMNS.map((c) => c.id);
    const at = ids.indexOf(PAINTED[0]);
    assert.deepEqual(ids.slice(at, at + PAINTED.length), PAINTED);
  });

  test('levels: the meter colour and the alarm text', () => {
    assert.deepEqual([null, 0, 49.9, 50, 89.9, 90, 250].map(level), ['', 'low', 'low', 'mid', 'mid', 'high', 'high']);
  });

  test('pair: the two-rate cells', () => {
    assert.equal(pair(1000, 0, rate), '1.00 kB/s / 0 B/s');
  });

  test('fit: text longer than its cell is cut with an ellipsis, as the cells did', () => {
    assert.equal(fit('725 kB/s / 50.0 kB/s', 130, 7), '725 kB/s / 50.0 k…', '18 characters of 20');
    assert.equal(fit('12', 130, 7), '12');
    assert.equal(fit('12345', 35, 7), '12345', 'exactly as wide as the room');
    assert.equal(fit('123456', 35, 7), '1234…');
    assert.equal(fit('123', 7, 7), '', 'room for one character: nothing');
  });
});

describe('the list canvas: where a cell goes', () => {
  test('a wide CPU cell: value right-aligned left of a full meter, both inside the padding', () => {
    const l = cellLayout('cpu', 100, 136);
    assert.equal(l.barX + l.barW, 100 + 136 - 10, 'meter at the right padding');
    assert.equal(l.barW, 56);
    assert.equal(l.textRight, l.barX - 8);
    assert.ok(l.room >= 52, 'room for the value');
  });

  test('next to the inspector a narrower meter, on a phone none', () => {
    assert.equal(cellLayout('mem', 0, 104).barW, 30);
    const phone = cellLayout('mem', 0, 72);
    assert.equal(phone.barW, undefined);
    assert.equal(phone.textRight, 62);
  });

  test('text cells right-aligned at the padding; the sparkline at the left one, never wider than the cell', () => {
    assert.deepEqual(cellLayout('pids', 500, 64), {textRight: 554, room: 44});
    assert.deepEqual(cellLayout('trend', 300, 100), {sparkX: 310, sparkW: 80, sparkH: 20});
    assert.equal(cellLayout('trend', 0, 60).sparkW, 40);
  });
});
