// Pulse page: container list + inspector over the Vert.x event-bus bridge. Everything live is pushed:
// the page registers for each running container's metrics address and for pulse.containers.

import {EventBus} from './eventbus.js';
import {Series, applyReply, rows as historyRows} from './store.js';
import {StatsCharts} from './charts.js';
import {ContainerList, defaultDir, isRunning} from './list.js';
import {bytes, clock, dateTime, duration, pct} from './format.js';

const $ = (sel) => document.querySelector(sel);
const COMMAND = 'pulse.command';
const metricsAddress = (host, id) => `pulse.metrics.${host}.${id}`;
const keyOf = (host, id) => `${host}/${id}`;
const TABS = ['stats', 'info'];
const RANGES = {'300': 300, '1800': 1800, all: Infinity};

const store = {
  get(k, d) {
    try {
      return JSON.parse(localStorage.getItem('pulse.' + k)) ?? d;
    } catch {
      return d;
    }
  },
  set(k, v) {
    try {
      localStorage.setItem('pulse.' + k, JSON.stringify(v));
    } catch { /* private mode: not remembered */ }
  },
};

const state = {
  status: null, // server's status reply: PollIntervalMs and BufferSize drive sampling assumptions
  hosts: new Map(), // name -> {Name, Available, Error, Node, Containers}
  containers: new Map(), // key -> {key, Host, Id, Name, Image, State, Status, last, unsub}
  sort: store.get('sort', {key: 'cpu', dir: -1}),
  filter: '',
  selected: null,
  range: store.get('range', '300'),
  skewMs: null, // local clock minus server clock, from pushed samples
};

/** The open inspector, or null. A new object per opened container, so late replies for an old one are ignored. */
let insp = null;

const bus = new EventBus(`${location.origin}/eventbus`);
const list = new ContainerList($('#container-list'), {
  onOpen: (key) => {
    state.selected = key;
    openByKey(key);
  },
  onSort: (key) => {
    state.sort = state.sort.key === key ? {key, dir: -state.sort.dir} : {key, dir: defaultDir(key)};
    store.set('sort', state.sort);
    renderList();
  },
});

const charts = new StatsCharts($('#charts'), {
  xRange: (data) => xRange(data),
  onHover: (idx) => showReadouts(idx),
});

function command(action, args = {}) {
  return bus.request(COMMAND, {Action: action, Args: args});
}

// ---------------------------------------------------------------- connection

bus.on('state', () => {
  renderConn();
  // pushes after a reconnect must wait for the backfill, or a hole would be papered over
  if (bus.state !== 'open' && insp) insp.syncing = true;
});
bus.on('open', () => onConnected());
bus.on('error', (frame) => console.warn('event bus refused', frame));
setInterval(renderConn, 1000);

function renderConn() {
  const el = $('#conn-state');
  let st = bus.state;
  let text;
  if (st === 'open') {
    st = 'connected';
    text = 'connected';
  } else if (st === 'reconnecting' && bus.retryAt > Date.now()) {
    text = `reconnecting in ${Math.ceil((bus.retryAt - Date.now()) / 1000)} s`;
  } else if (st === 'closed') {
    text = 'disconnected';
  } else {
    text = st === 'reconnecting' ? 'reconnecting…' : 'connecting…';
  }
  el.dataset.state = st;
  el.querySelector('.text').textContent = text;
  document.body.dataset.conn = st;
}

async function onConnected() {
  try {
    const status = await command('status');
    const restarted = state.status && state.status.Node !== status.Node;
    state.status = status;
    state.skewMs = null;
    renderSummary();
    if (insp) {
      if (restarted && insp.series) insp.series.clear(); // another server: its seqs mean nothing to us
      syncInspector(insp);
    }
    await refreshInventory();
  } catch (e) {
    if (e.failureCode === 401) showLogin('Your session has ended: sign in again.');
    else console.warn('initial sync failed', e);
  }
}

// ---------------------------------------------------------------- sign-in, when the server asks for one

/** {AuthRequired, Authenticated}; a server without the endpoint needs no login; null when unreachable. */
async function authState() {
  try {
    const r = await fetch('/api/auth', {cache: 'no-store'});
    return r.ok ? await r.json() : {AuthRequired: false, Authenticated: true};
  } catch {
    return null;
  }
}

function showLogin(message = '') {
  bus.close(); // the bridge refuses every frame without the session cookie: no point retrying
  $('#login').hidden = false;
  $('#login-error').textContent = message;
  $('#login-password').value = '';
  $('#login-password').focus();
}

async function start() {
  const auth = await authState();
  $('#logout').hidden = !(auth && auth.AuthRequired);
  if (auth && auth.AuthRequired && !auth.Authenticated) showLogin();
  else bus.connect(); // unreachable too: the bus retries with backoff and shows it
}

$('#login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const button = $('#login-submit');
  const error = $('#login-error');
  button.disabled = true;
  error.textContent = '';
  try {
    const r = await fetch('/api/login', {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({Password: $('#login-password').value}),
    });
    if (r.ok) {
      $('#login').hidden = true;
      $('#logout').hidden = false;
      bus.connect();
    } else {
      const body = await r.json().catch(() => ({}));
      error.textContent = r.status === 401 ? 'Wrong password.' : body.Error || `Sign-in failed (${r.status}).`;
      $('#login-password').select();
    }
  } catch {
    error.textContent = 'Pulse is not reachable.';
  } finally {
    button.disabled = false;
  }
});

$('#logout').addEventListener('click', async () => {
  await fetch('/api/logout', {method: 'POST', headers: {'Content-Type': 'application/json'}}).catch(() => {});
  showLogin();
});

// ---------------------------------------------------------------- hosts and containers

async function refreshInventory() {
  const [h, c] = await Promise.all([command('hosts.list'), command('containers.list')]);
  state.hosts = new Map((h.Hosts || []).map((x) => [x.Name, x]));
  const fresh = new Map();
  for (const x of c.Containers || []) {
    const key = keyOf(x.Host, x.Id);
    const old = state.containers.get(key);
    fresh.set(key, Object.assign(old || {key, last: null, unsub: null}, x));
  }
  for (const [key, old] of state.containers) if (!fresh.has(key)) watchList(old, false);
  state.containers = fresh;
  for (const x of fresh.values()) watchList(x, isRunning(x));
  if (insp) resolveInspector();
  renderList();
}

/** (Un)registers the list's live metrics for one container; the server samples it while someone listens. */
function watchList(c, on) {
  if (on && !c.unsub) {
    c.unsub = bus.register(metricsAddress(c.Host, c.Id), (p) => {
      c.last = p;
      noteSkew(p);
      scheduleList();
    });
  } else if (!on && c.unsub) {
    c.unsub();
    c.unsub = null;
    c.last = null;
  }
}

bus.register('pulse.containers', (ev) => {
  if (!ev || !ev.Host) return;
  if (ev.Action === 'host') {
    const h = state.hosts.get(ev.Host) || {Name: ev.Host};
    h.Available = ev.Available;
    h.Error = ev.Error ?? null;
    state.hosts.set(ev.Host, h);
    if (ev.Available) refreshInventory().catch(() => {}); // what changed while it was away
    renderList();
    return;
  }
  const key = keyOf(ev.Host, ev.Id);
  let c = state.containers.get(key);
  if (ev.Action === 'destroy') {
    if (c) {
      watchList(c, false);
      state.containers.delete(key);
    }
  } else {
    if (!c) {
      c = {key, Host: ev.Host, Id: ev.Id, last: null, unsub: null};
      state.containers.set(key, c);
    }
    for (const f of ['Name', 'Image', 'State', 'Status']) if (ev[f] != null) c[f] = ev[f];
    watchList(c, isRunning(c));
  }
  if (insp && insp.host === ev.Host) {
    if (insp.id === ev.Id) {
      insp.removed = ev.Action === 'destroy'; // keep the charts: what it did before removal is still worth seeing
      renderInspectorHead();
    }
    // a link to a container that did not exist yet: try again once one by that name appears
    if (insp.error && insp.error.failureCode === 404 && ev.Action !== 'destroy' &&
        (ev.Name === insp.ref || ev.Id.startsWith(insp.ref))) {
      insp.error = null;
      syncInspector(insp);
    }
  }
  scheduleList();
});

let listQueued = false;
function scheduleList() {
  if (listQueued) return;
  listQueued = true;
  requestAnimationFrame(() => {
    listQueued = false;
    renderList();
  });
}

function renderList() {
  if (state.selected && !state.containers.has(state.selected)) state.selected = null;
  list.render({
    hosts: state.hosts,
    containers: state.containers,
    sort: state.sort,
    filter: state.filter,
    selected: state.selected,
    open: insp && insp.id ? keyOf(insp.host, insp.id) : null,
  });
  const empty = $('#list-empty');
  const none = state.containers.size === 0;
  const filteredOut = !none && list.order.length === 0;
  empty.hidden = !(none || filteredOut) || !state.status;
  empty.textContent = none ? 'No containers on any host.' : `No container matches “${state.filter}”.`;
  renderSummary();
}

function renderSummary() {
  const all = [...state.containers.values()];
  const running = all.filter(isRunning);
  let cpu = 0;
  let mem = 0;
  for (const c of running) if (c.last) {
    cpu += c.last.cpu || 0;
    mem += c.last.memUsage || 0;
  }
  const down = [...state.hosts.values()].filter((h) => h.Available === false).length;
  const s = state.status;
  const parts = [
    `<b>${running.length}</b> running / ${all.length}`,
    `CPU <b>${pct(cpu)}</b>`,
    `Mem <b>${bytes(mem)}</b>`,
  ];
  if (down) parts.push(`<span class="warn">${down} host${down > 1 ? 's' : ''} unavailable</span>`);
  if (s) parts.push(`<span class="muted" title="Server node · sampling interval · points kept">${esc(s.Node)} · ${duration(s.PollIntervalMs)}</span>`);
  $('#summary').innerHTML = parts.join('<span class="sep"></span>');
}

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

// ---------------------------------------------------------------- routing: #/hosts/<host>/containers/<ref>/<tab>

function parseHash() {
  const m = /^#\/hosts\/([^/]+)\/containers\/([^/]+)(?:\/([a-z]+))?\/?$/.exec(location.hash);
  if (!m) return null;
  const tab = TABS.includes(m[3]) ? m[3] : 'stats';
  return {host: decodeURIComponent(m[1]), ref: decodeURIComponent(m[2]), tab};
}

function navigate(route) {
  const hash = route
    ? `#/hosts/${encodeURIComponent(route.host)}/containers/${encodeURIComponent(route.ref)}/${route.tab}`
    : '#/';
  if (location.hash !== hash) location.hash = hash; // hashchange applies it; Back works
  else applyRoute();
}

function applyRoute() {
  const r = parseHash();
  if (!r) return closeInspector();
  if (insp && insp.host === r.host && (insp.ref === r.ref || insp.id === r.ref)) {
    setTab(r.tab);
    return;
  }
  openInspector(r.host, r.ref, r.tab);
}
window.addEventListener('hashchange', applyRoute);

function openByKey(key, tab = 'stats') {
  const c = state.containers.get(key);
  if (c) navigate({host: c.Host, ref: c.Name || c.Id, tab});
}

// ---------------------------------------------------------------- inspector

function findContainer(host, ref) {
  let byPrefix = null;
  for (const c of state.containers.values()) {
    if (c.Host !== host) continue;
    if (c.Id === ref || c.Name === ref) return c;
    if (ref.length >= 12 && c.Id.startsWith(ref)) byPrefix = c;
  }
  return byPrefix;
}

function openInspector(host, ref, tab) {
  closeInspector(false);
  insp = {
    host, ref, tab, id: null, series: null, syncing: true, busy: false, again: false, queue: [],
    unsub: null, paused: false, newWhilePaused: 0, viewEnd: null, hoverIdx: null, running: null, error: null,
  };
  document.body.classList.add('inspecting');
  $('#inspector').hidden = false;
  $('#insp-error').hidden = true;
  delete $('#inspector').dataset.error;
  charts.setData(new Series(1).columns(1000)); // blank, not the previous container's lines
  charts.readouts(null);
  setPaused(false);
  resolveInspector();
  renderInspectorHead();
  setTab(tab);
  updatePointCount();
  renderList();
  if (bus.state === 'open' && state.status) syncInspector(insp);
}

function closeInspector(updateHash = true) {
  if (insp) {
    if (insp.unsub) insp.unsub();
    insp = null;
  }
  document.body.classList.remove('inspecting');
  $('#inspector').hidden = true;
  if (updateHash && parseHash()) navigate(null);
  renderList();
}

/** Full id from the list when the link named the container by name or prefix. */
function resolveInspector() {
  if (insp.id) return;
  const c = findContainer(insp.host, insp.ref);
  if (c) {
    insp.id = c.Id;
    state.selected = c.key;
    list.reveal(c.key);
  }
}

function metrics(i, ref, from) {
  return command('container.metrics', {Host: i.host, Id: ref, From: from});
}

/**
 * Brings the open chart up to date: the whole history on open, only what is missing after a reconnect.
 * Pushed points that arrive meanwhile are queued and appended after, dropping any seq already held.
 */
async function syncInspector(i) {
  if (i.busy) {
    i.again = true;
    return;
  }
  i.busy = true;
  i.syncing = true;
  try {
    do {
      i.again = false;
      const cap = state.status.BufferSize;
      if (!i.series) i.series = new Series(cap);
      i.series.capacity = cap;
      if (!i.id) {
        // a name or prefix: the reply names the full id, needed for the metrics address
        const r = await metrics(i, i.ref, 0);
        if (i !== insp) return;
        i.id = r.Id;
        applyReply(i.series, 0, r);
        renderList();
      }
      subscribe(i);
      const from = i.series.lastSeq + 1;
      let r = await metrics(i, i.id, from);
      if (i !== insp) return;
      const newest = i.series.last;
      const first = historyRows(r.Metrics)[0];
      const older = from > 0 && first && newest && first.timestamp < newest.timestamp;
      if (applyReply(i.series, from, r) === 'reset' || older) {
        // history was reset under us: what we hold is void, redraw from what the server has
        if (older) i.series.clear();
        if (!i.series.size && r.From > 0) {
          r = await metrics(i, i.id, 0);
          if (i !== insp) return;
          i.series.clear();
          applyReply(i.series, 0, r);
        }
      }
      i.running = r.IsRunning;
    } while (i.again);
    i.series.append(i.queue);
    i.queue = [];
    i.syncing = false;
    i.error = null;
    $('#insp-error').hidden = true;
    delete $('#inspector').dataset.error;
  } catch (e) {
    if (i !== insp) return;
    if (e.failureCode > 0) {
      i.error = e;
      $('#inspector').dataset.error = String(e.failureCode);
      const el = $('#insp-error');
      el.hidden = false;
      el.dataset.code = e.failureCode;
      el.textContent = e.failureCode === 404
        ? `No container “${i.ref}” on host “${i.host}”.` : `Could not load metrics: ${e.message}`;
    }
    // connection errors: the next 'open' syncs again
  } finally {
    i.busy = false;
  }
  if (i !== insp) return;
  renderInspectorHead();
  updatePointCount();
  scheduleStats(true);
}

function subscribe(i) {
  if (i.unsub) return;
  i.unsub = bus.register(metricsAddress(i.host, i.id), (p) => {
    if (i !== insp) return;
    noteSkew(p);
    if (i.syncing) {
      i.queue.push(p);
      if (i.queue.length > i.series.capacity) i.queue.shift(); // bounded even if the sync never completes
      return;
    }
    if (i.series.append([p]) && i.paused) i.newWhilePaused++;
    i.running = true;
    updatePointCount();
    scheduleStats();
  });
}

function noteSkew(p) {
  const skew = Date.now() - p.timestamp;
  if (state.skewMs == null || skew < state.skewMs) state.skewMs = skew;
}

function serverNowSec() {
  return (Date.now() - (state.skewMs ?? 0)) / 1000;
}

function updatePointCount() {
  const n = insp && insp.series ? insp.series.size : 0;
  $('#stats-panel').dataset.points = String(n);
  const s = state.status;
  const meta = $('#stats-meta');
  meta.textContent = s ? `${n} / ${s.BufferSize} points · every ${duration(s.PollIntervalMs)}` : '';
  if (insp && insp.tab === 'info') renderInfo();
  if (insp && insp.paused) {
    $('#pause-toggle span').textContent = insp.newWhilePaused ? `Paused · +${insp.newWhilePaused}` : 'Paused';
  }
}

/** Visible x window in epoch seconds: the chosen range ending now (or where the view was paused). */
function xRange(data) {
  const xs = data[0];
  const end = insp && insp.viewEnd != null ? insp.viewEnd : serverNowSec();
  const span = RANGES[state.range] ?? 300;
  if (span === Infinity) {
    const start = xs.length ? xs[0] : end - 60;
    return [Math.min(start, end - 60), end];
  }
  return [end - span, end];
}

let statsQueued = false;
function scheduleStats(force = false) {
  if (statsQueued) return;
  if (!force && insp && insp.paused) return;
  statsQueued = true;
  requestAnimationFrame(() => {
    statsQueued = false;
    renderStats();
  });
}

function renderStats() {
  if (!insp || !insp.series || insp.tab !== 'stats' || insp.paused || !state.status) return;
  insp.viewEnd = Math.max(serverNowSec(), insp.series.last ? insp.series.last.timestamp / 1000 : 0);
  charts.setData(insp.series.columns(state.status.PollIntervalMs));
  showReadouts(insp.hoverIdx);
}
// the window moves with time even when no point arrives (stopped container, lost connection)
setInterval(() => scheduleStats(), 1000);

const FIELD_ROW = ['cpu', 'mem', 'memUsage', 'memLimit', 'netRx', 'netTx', 'blkRead', 'blkWrite', 'pids'];

function showReadouts(idx) {
  if (!insp) return;
  insp.hoverIdx = idx;
  const data = charts.data;
  const time = $('#readout-time');
  if (idx != null && data[0].length > idx) {
    const row = {};
    FIELD_ROW.forEach((f, j) => (row[f] = data[j + 1][idx]));
    charts.readouts(row.cpu == null && row.pids == null ? null : row);
    time.textContent = row.cpu == null && row.pids == null ? 'no sample' : dateTime(data[0][idx] * 1000);
    time.dataset.mode = 'hover';
    return;
  }
  const last = insp.series && insp.series.last;
  charts.readouts(last);
  if (insp.paused) {
    time.textContent = 'paused';
    time.dataset.mode = 'paused';
  } else if (last && (Date.now() - (state.skewMs ?? 0)) - last.timestamp > 3 * state.status.PollIntervalMs) {
    time.textContent = `last sample ${clock(last.timestamp)}`;
    time.dataset.mode = 'stale';
  } else {
    time.textContent = last ? 'live' : 'waiting for samples';
    time.dataset.mode = last ? 'live' : 'empty';
  }
}

function setPaused(on) {
  if (!insp) return;
  insp.paused = on;
  insp.newWhilePaused = 0;
  const btn = $('#pause-toggle');
  btn.setAttribute('aria-pressed', String(on));
  btn.querySelector('span').textContent = on ? 'Paused' : 'Pause';
  $('#stats-panel').dataset.paused = String(on);
  if (!on) {
    insp.viewEnd = null;
    scheduleStats(true);
  } else {
    showReadouts(insp.hoverIdx);
  }
}

function setRange(r) {
  if (!(r in RANGES)) return;
  state.range = r;
  store.set('range', r);
  for (const b of document.querySelectorAll('[data-range]')) b.setAttribute('aria-pressed', String(b.dataset.range === r));
  if (insp && insp.paused) {
    // a frozen view can still be re-windowed over the data it shows
    for (const u of charts.plots) u.setScale('x', {min: xRange(charts.data)[0], max: xRange(charts.data)[1]});
  } else {
    scheduleStats(true);
  }
}

function setTab(tab) {
  if (!insp) return;
  insp.tab = tab;
  for (const b of document.querySelectorAll('[data-tab]')) {
    b.setAttribute('aria-selected', String(b.dataset.tab === tab));
    b.tabIndex = b.dataset.tab === tab ? 0 : -1;
  }
  $('#stats-panel').hidden = tab !== 'stats';
  $('#info-panel').hidden = tab !== 'info';
  if (tab === 'stats') {
    charts.resize();
    scheduleStats(true);
  } else {
    renderInfo();
  }
}

function switchTab(delta) {
  if (!insp) return;
  const i = (TABS.indexOf(insp.tab) + delta + TABS.length) % TABS.length;
  navigate({host: insp.host, ref: insp.ref, tab: TABS[i]});
}

function currentContainer() {
  return insp && insp.id ? state.containers.get(keyOf(insp.host, insp.id)) : null;
}

function renderInspectorHead() {
  if (!insp) return;
  const c = currentContainer();
  $('#insp-name').textContent = c ? c.Name : insp.ref;
  $('#insp-name').title = insp.id || '';
  $('#insp-image').textContent = c ? c.Image : '';
  const badge = $('#insp-state');
  const st = insp.removed ? 'removed' : c ? c.State : insp.running == null ? '' : insp.running ? 'running' : 'exited';
  badge.dataset.state = st;
  badge.textContent = st === 'exited' ? 'stopped' : st;
  badge.hidden = !st;
  $('#inspector').dataset.id = insp.id || '';
  $('#inspector').dataset.host = insp.host;
  if (insp.tab === 'info') renderInfo();
}

function renderInfo() {
  if (!insp) return;
  const c = currentContainer() || {};
  const s = insp.series;
  const last = s && s.last;
  const first = s && s.points[0];
  const rows = [
    ['Host', insp.host],
    ['Name', c.Name ?? insp.ref],
    ['Id', insp.id ?? '—'],
    ['Image', c.Image ?? '—'],
    ['State', c.State ?? (insp.running ? 'running' : '—')],
    ['Status', c.Status ?? '—'],
    ['Memory limit', last ? bytes(last.memLimit) : '—'],
    ['Processes', last ? String(last.pids) : '—'],
    ['Points held', s ? `${s.size} (at most ${s.capacity})` : '0'],
    ['History', first ? `${dateTime(first.timestamp)} → ${dateTime(last.timestamp)}` : '—'],
    ['Sampling', state.status ? `every ${duration(state.status.PollIntervalMs)}` : '—'],
    ['Server node', state.status ? state.status.Node : '—'],
  ];
  $('#info-list').innerHTML = rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
}

// ---------------------------------------------------------------- theme

function setTheme(t, remember = true) {
  document.documentElement.dataset.theme = t;
  if (remember) store.set('theme', t);
  $('#theme-toggle').setAttribute('aria-label', `Switch to ${t === 'dark' ? 'light' : 'dark'} theme`);
  charts.build(); // canvas colors come from CSS variables: rebuild with the new ones
  if (insp && insp.series && !insp.paused) renderStats();
  else charts.setData(charts.data);
}

function toggleTheme() {
  setTheme(document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark');
}

// follow the OS until the user picks one
matchMedia('(prefers-color-scheme: light)').addEventListener('change', (e) => {
  if (!store.get('theme', null)) setTheme(e.matches ? 'light' : 'dark', false);
});

// ---------------------------------------------------------------- keyboard and mouse

function toggleHelp(show = $('#help').hidden) {
  $('#help').hidden = !show;
  if (show) $('#help-close').focus();
}

function moveSelection(delta) {
  const next = list.step(state.selected, delta);
  if (!next) return;
  state.selected = next;
  renderList();
  list.reveal(next);
}

document.addEventListener('keydown', (e) => {
  if (!$('#login').hidden) return; // the sign-in form owns the keyboard
  const typing = e.target.closest && e.target.closest('input, textarea, select, [contenteditable]');
  if (e.key === 'Escape') {
    if (!$('#help').hidden) toggleHelp(false);
    else if (typing && e.target.id === 'filter' && e.target.value) {
      e.target.value = '';
      state.filter = '';
      renderList();
    } else if (typing) e.target.blur();
    else if (insp) closeInspector();
    else return;
    e.preventDefault();
    return;
  }
  if (typing && e.key === 'Enter' && e.target.id === 'filter') {
    // from the filter straight to the list: first match selected, Enter again opens it
    e.target.blur();
    state.selected = list.step(null, 1);
    renderList();
    e.preventDefault();
    return;
  }
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
  if (!$('#help').hidden && e.key !== '?') return;
  const onButton = e.target.closest && e.target.closest('button, a');
  switch (e.key) {
    case 'ArrowDown':
    case 'j':
      moveSelection(1);
      break;
    case 'ArrowUp':
    case 'k':
      moveSelection(-1);
      break;
    case 'Home':
      moveSelection(-Infinity);
      break;
    case 'End':
      moveSelection(Infinity);
      break;
    case 'Enter':
      if (onButton || !state.selected) return;
      openByKey(state.selected);
      break;
    case '[':
      switchTab(-1);
      break;
    case ']':
      switchTab(1);
      break;
    case '/':
      $('#filter').focus();
      $('#filter').select();
      break;
    case 't':
    case 'T':
      toggleTheme();
      break;
    case '?':
      toggleHelp();
      break;
    case 'p':
    case 'P':
      if (insp) setPaused(!insp.paused);
      break;
    case '1':
    case '2':
    case '3':
      setRange(['300', '1800', 'all'][+e.key - 1]);
      break;
    default:
      return;
  }
  e.preventDefault();
});

$('#filter').addEventListener('input', (e) => {
  state.filter = e.target.value;
  renderList();
});
$('#theme-toggle').addEventListener('click', toggleTheme);
$('#help-toggle').addEventListener('click', () => toggleHelp());
$('#help-close').addEventListener('click', () => toggleHelp(false));
$('#help').addEventListener('click', (e) => {
  if (e.target.id === 'help') toggleHelp(false);
});
$('#insp-close').addEventListener('click', () => closeInspector());
$('#pause-toggle').addEventListener('click', () => insp && setPaused(!insp.paused));
for (const b of document.querySelectorAll('[data-range]')) b.addEventListener('click', () => setRange(b.dataset.range));
for (const b of document.querySelectorAll('[data-tab]')) {
  b.addEventListener('click', () => insp && navigate({host: insp.host, ref: insp.ref, tab: b.dataset.tab}));
}

// leave the server promptly (it counts sessions); come back if the page is restored from the back/forward cache
window.addEventListener('pagehide', () => bus.close());
window.addEventListener('pageshow', (e) => {
  if (e.persisted) start();
});

// ---------------------------------------------------------------- start

setTheme(document.documentElement.dataset.theme, false);
setRange(state.range in RANGES ? state.range : '300');
renderConn();
renderList();
applyRoute();
start();

// for debugging and the end-to-end test
globalThis.pulse = {bus, state, charts, get inspector() { return insp; }};
