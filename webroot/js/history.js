// One container's history held in step with the server: the whole history on open, only what is missing after a
// reconnect, pushed points appended live. Points pushed while a sync is under way are queued and appended after it,
// dropping any seq already held, so a reconnect leaves no duplicate and no hole but real ones.

import {ACTIONS, metricsAddress} from './contract.js';
import {Series, applyReply, rows} from './store.js';

export class HistorySync {
  /**
   * @param {import('./connection.js').Connection} conn
   * @param {string} host
   * @param {string} ref full id, unique id prefix or name (resolved to the full id by the first reply)
   * @param {object} cb `onPoint()` after a live point was appended, `onResolved(id)` when the full id is known
   */
  constructor(conn, host, ref, cb = {}) {
    this.conn = conn;
    this.host = host;
    this.ref = ref;
    this.cb = cb;
    this.id = null;
    this.series = null;
    this.running = null; // IsRunning of the last reply, then true with every live point
    this.error = null; // the BusError of a failed sync (404, 503...), null once one succeeds
    this.syncing = true;
    this.busy = false;
    this.again = false;
    this.queue = [];
    this.unsub = null;
    this.closed = false;
  }

  metrics(ref, from) {
    return this.conn.command(ACTIONS.CONTAINER_METRICS, {Host: this.host, Id: ref, From: from});
  }

  /**
   * Brings the series up to date. Resolves when done, or when closed meanwhile; a failure with a code is kept in
   * `error` and rethrown; a lost connection is rethrown too (the next 'open' syncs again).
   */
  async sync() {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.syncing = true;
    try {
      do {
        this.again = false;
        const cap = this.conn.status.BufferSize;
        if (!this.series) this.series = new Series(cap);
        this.series.capacity = cap;
        if (!this.id) {
          // a name or prefix: the reply names the full id, needed for the metrics address
          const r = await this.metrics(this.ref, 0);
          if (this.closed) return;
          this.id = r.Id;
          applyReply(this.series, 0, r);
          if (this.cb.onResolved) this.cb.onResolved(this.id);
        }
        this.subscribe();
        const from = this.series.lastSeq + 1;
        let r = await this.metrics(this.id, from);
        if (this.closed) return;
        const newest = this.series.last;
        const first = rows(r.Metrics)[0];
        const older = from > 0 && first && newest && first.timestamp < newest.timestamp;
        if (applyReply(this.series, from, r) === 'reset' || older) {
          // history was reset under us: what we hold is void, redraw from what the server has
          if (older) this.series.clear();
          if (!this.series.size && r.From > 0) {
            r = await this.metrics(this.id, 0);
            if (this.closed) return;
            this.series.clear();
            applyReply(this.series, 0, r);
          }
        }
        this.running = r.IsRunning;
      } while (this.again);
      this.series.append(this.queue);
      this.queue = [];
      this.syncing = false;
      this.error = null;
    } catch (e) {
      if (!this.closed && e.failureCode > 0) this.error = e;
      throw e;
    } finally {
      this.busy = false;
    }
  }

  subscribe() {
    if (this.unsub) return;
    this.unsub = this.conn.bus.register(metricsAddress(this.host, this.id), (p) => {
      if (this.closed) return;
      this.conn.clock.note(p);
      if (this.syncing) {
        this.queue.push(p);
        if (this.queue.length > this.series.capacity) this.queue.shift(); // bounded even if a sync never completes
        return;
      }
      const added = this.series.append([p]);
      this.running = true;
      if (this.cb.onPoint) this.cb.onPoint(added);
    });
  }

  /** The connection dropped: pushes after the reconnect must wait for the backfill, or a hole would be papered over. */
  suspend() {
    this.syncing = true;
  }

  /** Another server answers now: its seqs mean nothing to what is held. */
  forget() {
    if (this.series) this.series.clear();
  }

  close() {
    this.closed = true;
    if (this.unsub) this.unsub();
    this.unsub = null;
  }
}
