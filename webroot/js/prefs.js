// What the page remembers between visits (sort, range, theme, columns), in localStorage under "pulse.<name>".
// Storage can be off (private mode, a policy): then nothing is remembered and nothing fails.

export function makePrefs(storage = globalThis.localStorage) {
  return {
    get(name, fallback) {
      try {
        return JSON.parse(storage.getItem('pulse.' + name)) ?? fallback;
      } catch {
        return fallback;
      }
    },
    set(name, value) {
      try {
        storage.setItem('pulse.' + name, JSON.stringify(value));
      } catch { /* not remembered */ }
    },
  };
}

export const prefs = makePrefs();
