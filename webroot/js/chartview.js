// What the compare and host views share: a section with time charts over several containers' histories, each a
// HistorySync kept in step with the server, drawn at most once a frame and at least once a second (the window moves).

import {chartPanels, fitWidths} from './charts.js';
import {oncePerFrame} from './frame.js';

export class ChartView {
  /**
   * @param {object} deps `conn`, `inventory`, `xRange(xs)` -> [min, max] seconds, `onClose()`
   * @param {object} opts `section` and `charts` (elements), `specs` [{id, title}], `prefix` of the panel ids, `height`
   */
  constructor(deps, {section, charts, specs, prefix, height}) {
    this.deps = deps;
    this.section = section;
    this.height = height;
    this.syncs = new Map(); // key -> HistorySync, in the order shown
    this.plots = [];
    this.shown = 0; // counts show()s, so a late answer for what was shown before can tell
    this.drawSoon = oncePerFrame(() => this.render());
    this.panels = chartPanels(charts, specs, prefix);
    new ResizeObserver(() => fitWidths(this.plots, this.panels, this.height)).observe(charts);
    section.querySelector('.view-close').addEventListener('click', () => deps.onClose());
    setInterval(() => this.schedule(), 1000);
  }

  get open() {
    return !this.section.hidden;
  }

  get ready() {
    return this.deps.conn.bus.state === 'open' && this.deps.conn.status;
  }

  reveal() {
    this.shown++;
    document.body.classList.add('comparing');
    this.section.hidden = false;
  }

  close() {
    for (const s of this.syncs.values()) s.close();
    this.syncs.clear();
    this.destroyPlots();
    document.body.classList.remove('comparing');
    this.section.hidden = true;
  }

  destroyPlots() {
    for (const u of this.plots) u.destroy();
    this.plots = [];
  }

  schedule() {
    if (this.open) this.drawSoon();
  }

  /** Syncs every history; resolves when all have answered (failures are kept in each sync's `error`). */
  refresh() {
    return Promise.all([...this.syncs.values()].map((s) => s.sync().then(() => this.schedule(), () => {})));
  }

  suspend() {
    for (const s of this.syncs.values()) s.suspend();
  }

  reconnected(restarted) {
    if (!this.open) return;
    if (restarted) for (const s of this.syncs.values()) s.forget();
    this.refresh();
  }

  /** Subclasses draw here. */
  render() {}
}
