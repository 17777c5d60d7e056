import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {Connection, ServerClock, connectionLabel} from '../../../webroot/js/connection.js';
import {FakeBus} from './fakes.js';

describe('connection', () => {
  test('the badge: connected, a countdown while waiting to reconnect, disconnected', () => {
    assert.deepEqual(connectionLabel('open', 0, 0), {state: 'connected', text: 'connected'});
    assert.deepEqual(connectionLabel('reconnecting', 12_100, 10_000), {state: 'reconnecting', text: 'reconnecting in 3 s'});
    assert.deepEqual(connectionLabel('reconnecting', 0, 10_000), {state: 'reconnecting', text: 'reconnecting…'});
    assert.deepEqual(connectionLabel('connecting', 0, 0), {state: 'connecting', text: 'connecting…'});
    assert.deepEqual(connectionLabel('closed', 0, 0), {state: 'closed', text: 'disconnected'});
  });

  test('the server clock takes the smallest skew seen', () => {
    let now = 10_000;
    const clock = new ServerClock(() => now);
    assert.equal(clock.nowMs(), 10_000, 'no point yet: the local clock');
    clock.note({timestamp: 7_000});
    clock.note({timestamp: 8_000}); // skew 2000: a fresher point
    clock.note({timestamp: 5_000});
    now = 11_000;
    assert.equal(clock.nowMs(), 9_000);
    clock.reset();
    assert.equal(clock.nowMs(), 11_000);
  });

  test('commands go to pulse.command as {Action, Args}; a new Node in the status means a restarted server', async () => {
    const bus = new FakeBus();
    const sent = [];
    let node = 'n1';
    bus.request = async (address, body) => {
      sent.push([address, body]);
      return {Node: node, PollIntervalMs: 1000};
    };
    const conn = new Connection(bus);
    const heard = [];
    conn.onStatus((s, restarted) => heard.push([s.Node, restarted]));
    assert.equal((await conn.refreshStatus()).restarted, false);
    assert.equal((await conn.refreshStatus()).restarted, false);
    node = 'n2';
    assert.equal((await conn.refreshStatus()).restarted, true);
    assert.deepEqual(sent[0], ['pulse.command', {Action: 'status', Args: {}}]);
    assert.deepEqual(heard, [['n1', false], ['n1', false], ['n2', true]]);
    assert.equal(conn.status.Node, 'n2');
  });
});
