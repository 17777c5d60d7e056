// The page's one bridge connection: commands on pulse.command, the header's connection state, the server's status
// (refreshed while connected, so Pulse's own cost stays current) and the server clock estimated from pushed points.

import {EventBus} from './eventbus.js';
import {ACTIONS, COMMAND} from './contract.js';

/** How often the status (and with it Pulse's own cost) is asked again while connected. */
export const STATUS_REFRESH_MS = 10000;

/** The header's connection badge: {state, text} for a bus state and, while reconnecting, the next attempt. */
export function connectionLabel(busState, retryAt, now) {
  if (busState === 'open') return {state: 'connected', text: 'connected'};
  if (busState === 'reconnecting' && retryAt > now) {
    return {state: busState, text: `reconnecting in ${Math.ceil((retryAt - now) / 1000)} s`};
  }
  if (busState === 'closed') return {state: busState, text: 'disconnected'};
  return {state: busState, text: busState === 'reconnecting' ? 'reconnecting…' : 'connecting…'};
}

/** Server time from pushed points: the smallest (local - sample time) seen is the best bound on the clock skew. */
export class ServerClock {
  constructor(now = () => Date.now()) {
    this.now = now;
    this.skewMs = null;
  }

  note(point) {
    const skew = this.now() - point.timestamp;
    if (this.skewMs == null || skew < this.skewMs) this.skewMs = skew;
  }

  reset() {
    this.skewMs = null;
  }

  nowMs() {
    return this.now() - (this.skewMs ?? 0);
  }
}

export class Connection {
  /** @param {EventBus} bus */
  constructor(bus, {refreshMs = STATUS_REFRESH_MS} = {}) {
    this.bus = bus;
    this.status = null; // the server's status reply: PollIntervalMs and BufferSize drive the page's assumptions
    this.clock = new ServerClock();
    this.refreshMs = refreshMs;
    this.statusListeners = new Set();
    this.refreshTimer = null;
    bus.on('state', () => {
      if (bus.state !== 'open') this.stopRefresh();
    });
  }

  static open(url) {
    return new Connection(new EventBus(url));
  }

  command(action, args = {}) {
    return this.bus.request(COMMAND, {Action: action, Args: args});
  }

  /** Asks the status; resolves with {status, restarted} (restarted: another server node than the last reply's). */
  async refreshStatus() {
    const status = await this.command(ACTIONS.STATUS);
    const restarted = this.status != null && this.status.Node !== status.Node;
    this.status = status;
    for (const fn of [...this.statusListeners]) fn(status, restarted);
    return {status, restarted};
  }

  onStatus(fn) {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  /** Re-asks the status every refreshMs while the bus is open; a failed ask waits for the next turn. */
  startRefresh() {
    this.stopRefresh();
    this.refreshTimer = setInterval(() => {
      if (this.bus.state === 'open') this.refreshStatus().catch(() => {});
    }, this.refreshMs);
  }

  stopRefresh() {
    clearInterval(this.refreshTimer);
    this.refreshTimer = null;
  }
}
