// The address bar: what is open is in the hash, so links can be shared and Back works.
//   #/hosts/<host>/containers/<id, prefix or name>/<tab>   a container in the inspector
//   #/hosts/<host>                                          the host view (stacked CPU and memory)
//   #/compare/<host>/<ref>,<host>/<ref>...                 two to five containers side by side
//   #/ (or anything else)                                   the list

const CONTAINER = /^#\/hosts\/([^/]+)\/containers\/([^/]+)(?:\/([a-z]+))?\/?$/;
const HOST = /^#\/hosts\/([^/]+)\/?$/;
const COMPARE = /^#\/compare\/([^/,]+\/[^/,]+(?:,[^/,]+\/[^/,]+)*)\/?$/;

/** The route of a hash, or null for the list. Unknown tabs fall back to the first of `tabs`. */
export function parseHash(hash, tabs) {
  const c = COMPARE.exec(hash);
  if (c) {
    try {
      const items = c[1].split(',').map((pair) => {
        const [host, ref] = pair.split('/');
        return {host: decodeURIComponent(host), ref: decodeURIComponent(ref)};
      });
      return {view: 'compare', items};
    } catch {
      return null;
    }
  }
  const h = HOST.exec(hash);
  if (h) {
    try {
      return {view: 'host', host: decodeURIComponent(h[1])};
    } catch {
      return null;
    }
  }
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
  if (route.view === 'host') return `#/hosts/${encodeURIComponent(route.host)}`;
  if (route.view === 'compare') {
    return '#/compare/' + route.items.map((x) => `${encodeURIComponent(x.host)}/${encodeURIComponent(x.ref)}`).join(',');
  }
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
