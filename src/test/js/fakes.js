// Test doubles shared by the page's unit tests: a scripted SockJS socket and a connection whose commands answer
// from a table. Not a test file itself.

/** A SockJS stand-in: records what the bus sends; the test opens, pushes frames and closes. */
export class FakeSockJS {
  static all = [];

  static get last() {
    return FakeSockJS.all[FakeSockJS.all.length - 1];
  }

  static reset() {
    FakeSockJS.all = [];
  }

  constructor(url) {
    this.url = url;
    this.sent = [];
    this.closed = false;
    FakeSockJS.all.push(this);
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  /** Frames sent so far of one type. */
  frames(type) {
    return this.sent.filter((f) => f.type === type);
  }

  open() {
    this.onopen();
  }

  receive(frame) {
    this.onmessage({data: typeof frame === 'string' ? frame : JSON.stringify(frame)});
  }

  /** The server (or the network) drops the socket. */
  drop() {
    this.onclose();
  }

  close() {
    this.closed = true;
    this.onclose();
  }
}

/** The part of an EventBus the page's models use: register handlers, push to them, state 'open'. */
export class FakeBus {
  constructor() {
    this.state = 'open';
    this.handlers = new Map();
    this.listeners = new Map();
  }

  register(address, fn) {
    if (!this.handlers.has(address)) this.handlers.set(address, new Set());
    this.handlers.get(address).add(fn);
    return () => {
      const set = this.handlers.get(address);
      set.delete(fn);
      if (!set.size) this.handlers.delete(address);
    };
  }

  push(address, body) {
    for (const fn of [...(this.handlers.get(address) || [])]) fn(body);
  }

  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event).add(fn);
  }
}

/**
 * A Connection stand-in: `answer(action, args)` returns the reply (or a promise, or throws); every command is
 * recorded in `calls`.
 */
export function fakeConnection(answer, status = {BufferSize: 100, PollIntervalMs: 1000, Node: 'n1'}) {
  const calls = [];
  return {
    bus: new FakeBus(),
    status,
    calls,
    clock: {note() {}, nowMs: () => Date.now()},
    async command(action, args = {}) {
      calls.push({action, args});
      return answer(action, args);
    },
  };
}

/** A MetricPoint with every contract field; `over` replaces some. */
export function point(seq, timestamp, over = {}) {
  return {seq, timestamp, cpu: 1, mem: 2, memUsage: 100, memLimit: 1000, netRx: 0, netTx: 0, blkRead: 0,
    blkWrite: 0, pids: 1, ...over};
}

/** Points as a History (one array per field), the shape of a metrics reply's Metrics. */
export function columns(points) {
  const names = Object.keys(point(0, 0));
  return Object.fromEntries(names.map((n) => [n, points.map((p) => p[n])]));
}
