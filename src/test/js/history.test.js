import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {HistorySync} from '../../../webroot/js/history.js';
import {BusError} from '../../../webroot/js/eventbus.js';
import {columns, fakeConnection, point} from './fakes.js';

const ID = 'c'.repeat(64);
const ADDRESS = `pulse.metrics.local.${ID}`;

/** A server holding `held` points; replies as container.metrics does (From = next seq). */
function server(held) {
  return fakeConnection((action, args) => {
    assert.equal(action, 'container.metrics');
    if (args.Id !== ID && args.Id !== 'web') throw new BusError('not found', 404);
    const pts = held.filter((p) => p.seq >= args.From);
    const next = held.length ? held[held.length - 1].seq + 1 : 0;
    return {Metrics: columns(args.From > next ? held : pts), From: next, IsRunning: true, Host: 'local', Id: ID};
  });
}

const seqs = (sync) => sync.series.points.map((p) => p.seq);

describe('HistorySync', () => {
  test('a name resolves to the full id; the whole history, then live points', async () => {
    const held = [point(0, 1000), point(1, 2000)];
    const conn = server(held);
    const resolved = [];
    let live = 0;
    const sync = new HistorySync(conn, 'local', 'web', {onResolved: (id) => resolved.push(id), onPoint: () => live++});
    await sync.sync();
    assert.deepEqual(resolved, [ID]);
    assert.deepEqual(seqs(sync), [0, 1]);
    assert.deepEqual(conn.calls.map((c) => [c.args.Id, c.args.From]), [['web', 0], [ID, 2]]);
    assert.equal(sync.running, true);
    conn.bus.push(ADDRESS, point(2, 3000));
    conn.bus.push(ADDRESS, point(2, 3000)); // a duplicate push
    assert.deepEqual(seqs(sync), [0, 1, 2]);
    assert.equal(live, 2);
  });

  test('points pushed during a backfill wait for it, and none is held twice', async () => {
    const held = [point(0, 1000), point(1, 2000), point(2, 3000)];
    let release = null;
    let slow = false;
    const conn = server(held);
    const answer = conn.command;
    conn.command = (action, args) => (slow ? new Promise((r) => (release = r)).then(() => answer(action, args))
      : answer(action, args));
    const sync = new HistorySync(conn, 'local', ID);
    await sync.sync();
    assert.deepEqual(seqs(sync), [0, 1, 2]);
    // the connection drops; the backfill after the reconnect is slow
    sync.suspend();
    held.push(point(3, 4000), point(4, 5000));
    slow = true;
    const backfill = sync.sync();
    conn.bus.push(ADDRESS, point(4, 5000));
    conn.bus.push(ADDRESS, point(5, 6000));
    assert.deepEqual(seqs(sync), [0, 1, 2], 'pushes queue while the backfill is under way');
    release();
    await backfill;
    assert.deepEqual(seqs(sync), [0, 1, 2, 3, 4, 5]);
  });

  test('a restarted server (From behind what is held) replaces the copy', async () => {
    const held = [point(0, 1000), point(1, 2000), point(2, 3000)];
    const conn = server(held);
    const sync = new HistorySync(conn, 'local', ID);
    await sync.sync();
    held.splice(0, 3, point(0, 9000)); // a new server, a new history
    await sync.sync();
    assert.deepEqual(sync.series.points.map((p) => [p.seq, p.timestamp]), [[0, 9000]]);
  });

  test('a failure with a code is kept and rethrown; closing stops listening', async () => {
    const conn = server([]);
    const sync = new HistorySync(conn, 'local', 'nope');
    await assert.rejects(sync.sync(), (e) => e.failureCode === 404);
    assert.equal(sync.error.failureCode, 404);
    const ok = new HistorySync(conn, 'local', ID);
    await ok.sync();
    assert.ok(conn.bus.handlers.has(ADDRESS));
    ok.close();
    assert.ok(!conn.bus.handlers.has(ADDRESS));
  });
});
