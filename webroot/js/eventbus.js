// Vert.x event-bus bridge framing over SockJS: send, request/reply, register/unregister, ping.
// Pulse's own small replacement for vertx3-eventbus-client, with reconnection built in:
// after a lost connection it retries with exponential backoff (1 s doubling to a 30 s cap)
// and registers every address that still has handlers again.

const PING_MS = 5000;
const MIN_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30000;
const DEFAULT_TIMEOUT_MS = 15000;
// The server refuses frames past a per-socket token bucket (100 at once, 50 a second) and closes sockets that keep
// trying; a page registering for hundreds of containers paces itself a little under that instead.
const BURST = 80;
const PER_SECOND = 40;

/** A failed request: a reply `err` frame (code 400/404/503...), a timeout or a lost connection. */
export class BusError extends Error {
  constructor(message, failureCode = -1, failureType = 'CLIENT') {
    super(message);
    this.name = 'BusError';
    this.failureCode = failureCode;
    this.failureType = failureType;
  }
}

/** Backoff before reconnect attempt n (0-based): 1 s, 2 s, 4 s, ... capped at 30 s. */
export function backoffDelay(attempt, min = MIN_BACKOFF_MS, max = MAX_BACKOFF_MS) {
  return Math.min(max, min * 2 ** Math.min(attempt, 30));
}

export class EventBus {
  /**
   * @param {string} url SockJS endpoint, e.g. `${location.origin}/eventbus`
   * @param {object} [opts] `SockJS` (constructor, default the global), `pingMs`, `minBackoffMs`,
   *   `maxBackoffMs`, `timeoutMs` (default request timeout); the rest is for tests.
   */
  constructor(url, opts = {}) {
    this.url = url;
    this.SockJS = opts.SockJS || globalThis.SockJS;
    this.pingMs = opts.pingMs ?? PING_MS;
    this.minBackoffMs = opts.minBackoffMs ?? MIN_BACKOFF_MS;
    this.maxBackoffMs = opts.maxBackoffMs ?? MAX_BACKOFF_MS;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.state = 'closed'; // connecting | open | reconnecting | closed
    this.retryAt = 0; // epoch ms of the next attempt while reconnecting
    this.attempt = 0;
    this.handlers = new Map(); // address -> Set of handler(body, frame)
    this.pending = new Map(); // replyAddress -> {resolve, reject, timer}
    this.listeners = {state: new Set(), open: new Set(), error: new Set()};
    this.sock = null;
    this.pingTimer = null;
    this.retryTimer = null;
    this.everOpened = false;
    this.closedByUser = false;
    // Reply addresses only need to be unique within this page; crypto.randomUUID needs a secure context.
    this.replyPrefix = 'pulse.reply.' + Math.random().toString(36).slice(2, 10) + '.';
    this.replySeq = 0;
    this.burst = opts.burst ?? BURST;
    this.perSecond = opts.perSecond ?? PER_SECOND;
    this.outbox = []; // frames waiting for a token
    this.tokens = this.burst;
    this.tokensAt = Date.now();
    this.flushTimer = null;
  }

  /** `state` (state, retryAt), `open` ({reconnected}), `error` (frame of a refused send/register). */
  on(event, fn) {
    this.listeners[event].add(fn);
    return () => this.listeners[event].delete(fn);
  }

  connect() {
    this.closedByUser = false;
    clearTimeout(this.retryTimer);
    this.setState(this.everOpened ? 'reconnecting' : 'connecting', 0);
    let sock;
    try {
      sock = new this.SockJS(this.url);
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    this.sock = sock;
    sock.onopen = () => {
      if (this.sock !== sock) return;
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.setState('open', 0);
      for (const address of this.handlers.keys()) this.write({type: 'register', address, headers: {}});
      this.ping();
      this.pingTimer = setInterval(() => this.ping(), this.pingMs);
      this.emit('open', {reconnected});
    };
    sock.onmessage = (e) => {
      if (this.sock !== sock) return;
      let frame;
      try {
        frame = JSON.parse(e.data);
      } catch {
        return;
      }
      this.dispatch(frame);
    };
    sock.onclose = () => {
      if (this.sock !== sock) return;
      this.sock = null;
      clearInterval(this.pingTimer);
      this.outbox = []; // registrations are sent again on open; requests fail below
      this.failPending('connection lost');
      if (this.closedByUser) this.setState('closed', 0);
      else this.scheduleReconnect();
    };
  }

  close() {
    this.closedByUser = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    const sock = this.sock;
    this.sock = null;
    this.outbox = [];
    this.failPending('bus closed');
    this.setState('closed', 0);
    if (sock) sock.close();
  }

  /** Fire and forget. Dropped (returns false) while the connection is down. */
  send(address, body, headers = {}) {
    return this.write({type: 'send', address, body, headers});
  }

  /** Request/reply: resolves with the reply body, rejects with a BusError. */
  request(address, body, {timeoutMs = this.timeoutMs, headers = {}} = {}) {
    if (this.state !== 'open') return Promise.reject(new BusError('not connected'));
    const replyAddress = this.replyPrefix + ++this.replySeq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(replyAddress);
        reject(new BusError(`no reply from ${address} within ${timeoutMs} ms`, -1, 'TIMEOUT'));
      }, timeoutMs);
      this.pending.set(replyAddress, {resolve, reject, timer});
      this.write({type: 'send', address, body, headers, replyAddress});
    });
  }

  /** Adds a handler; the first handler of an address registers it with the server. Returns the undo. */
  register(address, handler) {
    let set = this.handlers.get(address);
    if (!set) {
      set = new Set();
      this.handlers.set(address, set);
      this.write({type: 'register', address, headers: {}});
    }
    set.add(handler);
    return () => this.unregister(address, handler);
  }

  /** Removes a handler; the last one gone unregisters the address with the server. */
  unregister(address, handler) {
    const set = this.handlers.get(address);
    if (!set || !set.delete(handler) || set.size) return;
    this.handlers.delete(address);
    this.write({type: 'unregister', address, headers: {}});
  }

  ping() {
    this.write({type: 'ping'});
  }

  // --- internals ---

  write(frame) {
    if (this.state !== 'open' || !this.sock) return false;
    this.outbox.push(frame);
    this.flush();
    return true;
  }

  flush() {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.tokensAt) / 1000) * this.perSecond);
    this.tokensAt = now;
    while (this.outbox.length && this.tokens >= 1 && this.sock) {
      this.tokens--;
      this.sock.send(JSON.stringify(this.outbox.shift()));
    }
    if (this.outbox.length && !this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = null;
        this.flush();
      }, Math.ceil(1000 / this.perSecond));
    }
  }

  dispatch(frame) {
    const p = frame.address != null && this.pending.get(frame.address);
    if (p) {
      this.pending.delete(frame.address);
      clearTimeout(p.timer);
      if (frame.type === 'err') {
        p.reject(new BusError(frame.message || String(frame.body || 'failed'), frame.failureCode ?? -1,
            frame.failureType || 'RECIPIENT_FAILURE'));
      } else {
        p.resolve(frame.body);
      }
      return;
    }
    if (frame.type === 'rec') {
      const set = this.handlers.get(frame.address);
      if (set) for (const h of [...set]) {
        try {
          h(frame.body, frame);
        } catch (e) {
          console.error('handler of', frame.address, 'failed', e);
        }
      }
    } else if (frame.type === 'err') {
      this.emit('error', frame);
    }
  }

  failPending(why) {
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new BusError(why, -1, 'CONNECTION'));
    }
    this.pending.clear();
  }

  scheduleReconnect() {
    const delay = backoffDelay(this.attempt++, this.minBackoffMs, this.maxBackoffMs);
    this.setState('reconnecting', Date.now() + delay);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  setState(state, retryAt) {
    this.state = state;
    this.retryAt = retryAt;
    this.emit('state', state, retryAt);
  }

  emit(event, ...args) {
    for (const fn of [...this.listeners[event]]) {
      try {
        fn(...args);
      } catch (e) {
        console.error(event, 'listener failed', e);
      }
    }
  }
}
