// The address bar: what is open is in the hash, so links can be shared and Back works.
//   #/hosts/<host>/containers/<id, prefix or name>/<tab>   a container in the inspector
//   #/ (or anything else)                                   the list

const CONTAINER = /^#\/hosts\/([^/]+)\/containers\/([^/]+)(?:\/([a-z]+))?\/?$/;

/** The route of a hash, or null for the list. Unknown tabs fall back to the first of `tabs`. */
export function parseHash(hash, tabs) {
  const m = CONTAINER.exec(hash);
  if (!m) return null;
  try {
    const tab = tabs.includes(m[3]) ? m[3] : tabs[0];
    return {view: 'container', host: decodeURIComponent(m[1]), ref: decodeURIComponent(m[2]), tab};
  } catch {
    return null; // a malformed %-escape
  }
}

export function hashOf(route) {
  if (!route) return '#/';
  return `#/hosts/${encodeURIComponent(route.host)}/containers/${encodeURIComponent(route.ref)}/${route.tab}`;
}

export class Router {
  /** @param {string[]} tabs  @param {(route|null) => void} apply */
  constructor(tabs, apply) {
    this.tabs = tabs;
    this.apply = apply;
    window.addEventListener('hashchange', () => this.applyCurrent());
  }

  current() {
    return parseHash(location.hash, this.tabs);
  }

  applyCurrent() {
    this.apply(this.current());
  }

  /** Shows `route` (null: the list). A new hash goes through hashchange, so Back returns to what was before. */
  navigate(route) {
    if (!route && !this.current()) return; // already the list
    const hash = hashOf(route);
    if (location.hash !== hash) location.hash = hash;
    else this.applyCurrent();
  }
}
