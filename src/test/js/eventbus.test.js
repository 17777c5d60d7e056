import {afterEach, beforeEach, describe, mock, test} from 'node:test';
import assert from 'node:assert/strict';
import {BusError, EventBus, backoffDelay} from '../../../webroot/js/eventbus.js';
import {FakeSockJS} from './fakes.js';

function bus(opts = {}) {
  return new EventBus('http://127.0.0.1/eventbus', {SockJS: FakeSockJS, ...opts});
}

function opened(opts) {
  const b = bus(opts);
  b.connect();
  FakeSockJS.last.open();
  return b;
}

describe('EventBus', () => {
  beforeEach(() => {
    FakeSockJS.reset();
    mock.timers.enable({apis: ['setTimeout', 'setInterval', 'Date'], now: 1_000_000});
  });
  afterEach(() => mock.timers.reset());

  test('registers every address that has handlers on open, then pings', () => {
    const b = bus();
    b.register('pulse.containers', () => {});
    assert.equal(b.state, 'closed');
    b.connect();
    assert.equal(b.state, 'connecting');
    const sock = FakeSockJS.last;
    assert.equal(sock.url, 'http://127.0.0.1/eventbus');
    assert.deepEqual(sock.sent, [], 'nothing is written before the socket opens');
    sock.open();
    assert.equal(b.state, 'open');
    assert.deepEqual(sock.sent, [
      {type: 'register', address: 'pulse.containers', headers: {}},
      {type: 'ping'},
    ]);
    mock.timers.tick(5000);
    assert.equal(sock.frames('ping').length, 2, 'a ping every 5 s keeps the bridge from timing the socket out');
  });

  test('frames send, request, register and unregister as the Vert.x bridge expects', () => {
    const b = opened();
    const sock = FakeSockJS.last;
    sock.sent = [];
    assert.equal(b.send('a.b', {x: 1}), true);
    b.request('pulse.command', {Action: 'status', Args: {}}).catch(() => {});
    const h1 = () => {};
    const h2 = () => {};
    const off1 = b.register('pulse.metrics.local.abc', h1);
    const off2 = b.register('pulse.metrics.local.abc', h2);
    off1();
    assert.equal(sock.frames('unregister').length, 0, 'another handler still listens');
    off2();
    const [send, req, reg, unreg] = sock.sent;
    assert.deepEqual(send, {type: 'send', address: 'a.b', body: {x: 1}, headers: {}});
    assert.equal(req.type, 'send');
    assert.equal(req.address, 'pulse.command');
    assert.deepEqual(req.body, {Action: 'status', Args: {}});
    assert.match(req.replyAddress, /^pulse\.reply\.[a-z0-9]+\.\d+$/);
    assert.ok(req.replyAddress.length <= 36, 'the bridge refuses reply addresses over 36 characters');
    assert.deepEqual(reg, {type: 'register', address: 'pulse.metrics.local.abc', headers: {}});
    assert.deepEqual(unreg, {type: 'unregister', address: 'pulse.metrics.local.abc', headers: {}});
    assert.equal(sock.sent.length, 4, 'one register for two handlers of one address');
  });

  test('a rec frame on the reply address resolves the request with its body', async () => {
    const b = opened();
    const sock = FakeSockJS.last;
    const reply = b.request('pulse.command', {Action: 'status'});
    const {replyAddress} = sock.frames('send')[0];
    sock.receive({type: 'rec', address: replyAddress, body: {Node: 'n1'}});
    assert.deepEqual(await reply, {Node: 'n1'});
    assert.equal(b.pending.size, 0);
  });

  test('an err frame rejects with its failure code, type and message', async () => {
    const b = opened();
    const sock = FakeSockJS.last;
    const reply = b.request('pulse.command', {Action: 'nope'});
    const {replyAddress} = sock.frames('send')[0];
    sock.receive({type: 'err', address: replyAddress, failureCode: 400, failureType: 'RECIPIENT_FAILURE',
      message: "unknown action 'nope'"});
    await assert.rejects(reply, (e) => e instanceof BusError && e.failureCode === 400
        && e.failureType === 'RECIPIENT_FAILURE' && e.message === "unknown action 'nope'");
  });

  test('a request without a reply times out, and a late reply is ignored', async () => {
    const b = opened({timeoutMs: 2000});
    const sock = FakeSockJS.last;
    const reply = b.request('pulse.command', {Action: 'status'});
    mock.timers.tick(1999);
    assert.equal(b.pending.size, 1);
    mock.timers.tick(1);
    await assert.rejects(reply, (e) => e.failureType === 'TIMEOUT' && /within 2000 ms/.test(e.message));
    const handled = [];
    b.on('error', (f) => handled.push(f));
    sock.receive({type: 'rec', address: sock.frames('send')[0].replyAddress, body: {}});
    assert.deepEqual(handled, []);
  });

  test('a request while not connected fails at once', async () => {
    const b = bus();
    await assert.rejects(b.request('pulse.command', {}), (e) => e instanceof BusError && e.message === 'not connected');
    assert.equal(b.send('x', {}), false);
  });

  test('pushes reach every handler of their address; one throwing does not stop the others', () => {
    const b = opened();
    const seen = [];
    const error = mock.method(console, 'error', () => {});
    b.register('pulse.containers', () => {
      throw new Error('boom');
    });
    b.register('pulse.containers', (body, frame) => seen.push([body, frame.address]));
    b.register('other', () => seen.push('wrong address'));
    FakeSockJS.last.receive({type: 'rec', address: 'pulse.containers', body: {Host: 'local'}});
    assert.deepEqual(seen, [[{Host: 'local'}, 'pulse.containers']]);
    assert.equal(error.mock.callCount(), 1);
    error.mock.restore();
  });

  test('malformed frames are dropped; an err frame of no request goes to error listeners', () => {
    const b = opened();
    const errors = [];
    b.on('error', (f) => errors.push(f));
    FakeSockJS.last.receive('not json{');
    FakeSockJS.last.receive({type: 'err', message: 'access_denied'});
    assert.deepEqual(errors, [{type: 'err', message: 'access_denied'}]);
    assert.equal(b.state, 'open');
  });

  test('a lost connection fails pending requests and reconnects with backoff 1 s, 2 s, 4 s ...', async () => {
    const b = opened();
    const states = [];
    b.on('state', (s, at) => states.push([s, at - Date.now()]));
    const reply = b.request('pulse.command', {});
    FakeSockJS.last.drop();
    await assert.rejects(reply, (e) => e.failureType === 'CONNECTION' && e.message === 'connection lost');
    assert.deepEqual(states, [['reconnecting', 1000]]);
    mock.timers.tick(999);
    assert.equal(FakeSockJS.all.length, 1, 'no attempt before the delay');
    mock.timers.tick(1);
    assert.equal(FakeSockJS.all.length, 2);
    FakeSockJS.last.drop(); // the attempt fails
    assert.equal(b.retryAt - Date.now(), 2000);
    mock.timers.tick(2000);
    FakeSockJS.last.drop();
    assert.equal(b.retryAt - Date.now(), 4000);
    assert.equal(b.state, 'reconnecting');
  });

  test('after a reconnect every address with handlers is registered again and open says reconnected', () => {
    const b = opened();
    b.register('pulse.containers', () => {});
    const off = b.register('pulse.metrics.local.gone', () => {});
    off();
    const opens = [];
    b.on('open', (info) => opens.push(info));
    FakeSockJS.last.drop();
    mock.timers.tick(1000);
    const sock = FakeSockJS.last;
    sock.open();
    assert.deepEqual(opens, [{reconnected: true}]);
    assert.deepEqual(sock.frames('register').map((f) => f.address), ['pulse.containers']);
    assert.equal(b.attempt, 0, 'the backoff starts over');
  });

  test('close() stops for good: no reconnect, state closed, pending requests failed', async () => {
    const b = opened();
    const sock = FakeSockJS.last;
    const reply = b.request('pulse.command', {});
    b.close();
    await assert.rejects(reply, (e) => e.message === 'bus closed');
    assert.equal(sock.closed, true);
    assert.equal(b.state, 'closed');
    mock.timers.tick(60_000);
    assert.equal(FakeSockJS.all.length, 1);
  });

  test('frames past the burst are paced under the server rate limit, none lost', () => {
    const b = opened({burst: 5, perSecond: 10});
    const sock = FakeSockJS.last;
    sock.sent = [];
    for (let i = 0; i < 12; i++) b.send('a', i);
    assert.equal(sock.sent.length, 4, 'the burst, less the ping sent on open');
    mock.timers.tick(100);
    assert.equal(sock.sent.length, 5, 'one more a tenth of a second later');
    for (let i = 0; i < 10; i++) mock.timers.tick(100);
    assert.deepEqual(sock.sent.map((f) => f.body), [...Array(12).keys()], 'in order, all of them');
  });

  test('backoff doubles from the minimum to the cap', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n)), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    assert.equal(backoffDelay(1000), 30000);
    assert.equal(backoffDelay(2, 10, 100), 40);
  });
});
