// The Columns menu: which optional list columns show, remembered ("pulse.hiddenColumns"). Narrow windows hide more
// on their own (CSS, in the order list.js documents); this is the user's own choice on top.

import {COLUMNS, OPTIONAL_COLUMNS, hiddenColumns} from './list.js';
import {esc} from './format.js';

const $ = (sel) => document.querySelector(sel);

export class ColumnMenu {
  /** @param {object} prefs  @param {(hidden: string[]) => void} apply */
  constructor(prefs, apply) {
    this.prefs = prefs;
    this.apply = apply;
    this.hidden = hiddenColumns(prefs.get('hiddenColumns', []));
    this.menu = $('#columns-menu');
    this.button = $('#columns-toggle');
    this.menu.innerHTML = COLUMNS.filter((c) => OPTIONAL_COLUMNS.includes(c.id)).map((c) =>
      `<label><input type="checkbox" data-col="${c.id}"> ${esc(c.label)}</label>`).join('') +
      '<p class="menu-note">Name, state, CPU and memory always show; narrow windows hide more.</p>';
    this.menu.addEventListener('change', (e) => {
      const id = e.target.dataset.col;
      if (!id) return;
      this.hidden = e.target.checked ? this.hidden.filter((x) => x !== id) : [...this.hidden, id];
      this.prefs.set('hiddenColumns', this.hidden);
      this.sync();
    });
    this.button.addEventListener('click', () => this.toggle());
    document.addEventListener('click', (e) => {
      if (this.open && !e.target.closest('.col-menu')) this.toggle(false);
    });
    this.sync();
  }

  get open() {
    return !this.menu.hidden;
  }

  toggle(show = !this.open) {
    this.menu.hidden = !show;
    this.button.setAttribute('aria-expanded', String(show));
    if (show) this.menu.querySelector('input').focus();
  }

  sync() {
    for (const box of this.menu.querySelectorAll('input[data-col]')) box.checked = !this.hidden.includes(box.dataset.col);
    this.apply(this.hidden);
  }
}
