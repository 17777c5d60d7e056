// Dark and light: the stored choice, else the OS preference (theme-init.js applied it before first paint); T or the
// button switches and remembers; until the user picks one, the page follows the OS.

const $ = (sel) => document.querySelector(sel);

export class Theme {
  /** @param {object} prefs  @param {() => void} onChange redraws what paints with theme colors (canvas charts) */
  constructor(prefs, onChange) {
    this.prefs = prefs;
    this.onChange = onChange;
    $('#theme-toggle').addEventListener('click', () => this.toggle());
    matchMedia('(prefers-color-scheme: light)').addEventListener('change', (e) => {
      if (!prefs.get('theme', null)) this.set(e.matches ? 'light' : 'dark', false);
    });
  }

  get current() {
    return document.documentElement.dataset.theme;
  }

  set(t, remember = true) {
    document.documentElement.dataset.theme = t;
    if (remember) this.prefs.set('theme', t);
    $('#theme-toggle').setAttribute('aria-label', `Switch to ${t === 'dark' ? 'light' : 'dark'} theme`);
    this.onChange();
  }

  toggle() {
    this.set(this.current === 'dark' ? 'light' : 'dark');
  }
}
