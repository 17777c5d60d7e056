// The keyboard: one table from keys to commands, so the help dialog and the handler cannot drift apart.
// Keys typed into a field belong to the field, except Escape (clear, then leave it) and Enter in the filter.

/** Key -> command name, for keys pressed outside a text field without Ctrl, Meta or Alt. */
export const KEYMAP = {
  ArrowDown: 'down', j: 'down', ArrowUp: 'up', k: 'up', Home: 'first', End: 'last', Enter: 'open',
  '[': 'prevTab', ']': 'nextTab', '/': 'filter', t: 'theme', T: 'theme', '?': 'help', p: 'pause', P: 'pause',
  c: 'columns', C: 'columns', x: 'mark', X: 'mark', h: 'host', H: 'host', v: 'compare', V: 'compare',
  1: 'range1', 2: 'range2', 3: 'range3',
};

/** The command for a key event outside a text field, or null when the page does not use it. */
export function commandFor(e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  return Object.hasOwn(KEYMAP, e.key) ? KEYMAP[e.key] : null;
}

/**
 * @param {object} h `blocked()` (a dialog owns the keyboard), `helpOpen()`, `escape(typingTarget|null)` -> handled,
 *   `filterEnter(target)`, and one function per KEYMAP command; `open(onButton)` returns false when not handled
 */
export function installKeys(h, target = document) {
  target.addEventListener('keydown', (e) => {
    if (h.blocked()) return;
    const typing = e.target.closest && e.target.closest('input, textarea, select, [contenteditable]');
    if (e.key === 'Escape') {
      if (h.escape(typing ? e.target : null)) e.preventDefault();
      return;
    }
    if (typing && e.key === 'Enter' && e.target.id === 'filter') {
      h.filterEnter(e.target);
      e.preventDefault();
      return;
    }
    if (typing) return;
    const cmd = commandFor(e);
    if (!cmd || (h.helpOpen() && cmd !== 'help')) return;
    const onButton = !!(e.target.closest && e.target.closest('button, a'));
    if (h[cmd](onButton) === false) return;
    e.preventDefault();
  });
}
