// Pulse page: wires the modules together. Everything live is pushed over the Vert.x event-bus bridge: the
// inventory follows pulse.containers and each running container's points, the inspector one container's history.
//   contract   names on the wire          connection  bus, commands, status, server clock
//   inventory  hosts and containers       list        the container table
//   inspector  charts and info of one     history     one container's points in step with the server
//   router     the address bar            keys        the keyboard
//   theme      dark and light             header      connection badge and summary
//   login      sign-in                    prefs       what is remembered
//   columns    the list's column menu    compare     2 to 5 containers on the same charts
//   hostview   one host's containers stacked

import {Connection} from './connection.js';
import {Inventory} from './inventory.js';
import {ContainerList, defaultDir} from './list.js';
import {Inspector, RANGE_KEYS, TABS} from './inspector.js';
import {Router} from './router.js';
import {installKeys} from './keys.js';
import {Theme} from './theme.js';
import {Login} from './login.js';
import {prefs} from './prefs.js';
import {oncePerFrame} from './frame.js';
import {ColumnMenu} from './columns.js';
import {HostView} from './hostview.js';
import {CompareView, MAX_COMPARE, MIN_COMPARE, validCompare} from './compare.js';
import {renderConnection, renderSummary} from './header.js';

const $ = (sel) => document.querySelector(sel);

const conn = Connection.open(`${location.origin}/eventbus`);
const bus = conn.bus;
const inventory = new Inventory(conn);
const login = new Login(bus);

const ui = {
  sort: prefs.get('sort', {key: 'cpu', dir: -1}),
  filter: '',
  selected: null,
  marked: new Set(), // keys picked for comparison, in the order picked
};

const list = new ContainerList($('#container-list'), {
  onOpen: (key) => {
    ui.selected = key;
    openByKey(key);
  },
  onPick: (key) => toggleMark(key),
  onHost: (name) => router.navigate({view: 'host', host: name}),
  onLayout: () => scheduleList(),
  onSort: (key) => {
    ui.sort = ui.sort.key === key ? {key, dir: -ui.sort.dir} : {key, dir: defaultDir(key)};
    prefs.set('sort', ui.sort);
    renderList();
  },
});

const columns = new ColumnMenu(prefs, (hidden) => list.setHidden(hidden));
const router = new Router(TABS, applyRoute);
const inspector = new Inspector({
  conn, inventory, prefs,
  navigate: (route) => router.navigate(route),
  onChange: () => renderList(),
  onResolved: (key) => {
    ui.selected = key;
    list.reveal(key);
    renderList();
  },
});
const compare = new CompareView({
  conn, inventory,
  xRange: (xs) => inspector.xRange([xs]),
  onClose: () => router.navigate(null),
});
const hostView = new HostView({
  conn, inventory,
  xRange: (xs) => inspector.xRange([xs]),
  openContainer: (host, ref) => router.navigate({view: 'container', host, ref, tab: 'stats'}),
  onClose: () => router.navigate(null),
});
const theme = new Theme(prefs, () => {
  list.recolor();
  scheduleList();
  inspector.recolor();
  compare.build();
  hostView.build();
});

// ---------------------------------------------------------------- connection

bus.on('state', () => {
  renderConnection(bus);
  if (bus.state !== 'open') {
    inspector.suspend();
    compare.suspend();
    hostView.suspend();
  }
});
bus.on('open', () => onConnected());
bus.on('error', (frame) => console.warn('event bus refused', frame));
setInterval(() => renderConnection(bus), 1000);
conn.onStatus(() => renderHeader());

async function onConnected() {
  try {
    const {restarted} = await conn.refreshStatus();
    conn.clock.reset();
    conn.startRefresh();
    inspector.reconnected(restarted);
    compare.reconnected(restarted);
    hostView.reconnected(restarted);
    await inventory.refresh();
  } catch (e) {
    if (e.failureCode === 401) login.show('Your session has ended: sign in again.');
    else console.warn('initial sync failed', e);
  }
}

// ---------------------------------------------------------------- the list

inventory.onChange((now) => {
  if (!now) return scheduleList();
  inspector.resolve(); // a link by name or prefix: the listing names the full id
  hostView.follow();
  renderList();
});
inventory.onEvent((ev) => {
  inspector.containerEvent(ev);
  hostView.follow();
});

const scheduleList = oncePerFrame(() => renderList());
// only the rows in view are kept up to date: the ones scrolled in are drawn in the next frame
$('#list-pane').addEventListener('scroll', () => scheduleList(), {passive: true});
addEventListener('scroll', () => scheduleList(), {passive: true});
addEventListener('resize', () => scheduleList());

function renderList() {
  if (ui.selected && !inventory.containers.has(ui.selected)) ui.selected = null;
  for (const key of ui.marked) if (!inventory.containers.has(key)) ui.marked.delete(key);
  // a live update runs this in every frame: only what changed is written; the compare bar before the list, which
  // reads its rows' places once they are written
  setIf($('#compare-bar'), 'hidden', ui.marked.size === 0);
  setIf($('#compare-picked'), 'textContent', `${ui.marked.size} selected` +
    (ui.marked.size < MIN_COMPARE ? ` · pick ${MIN_COMPARE - ui.marked.size} more` : ''));
  setIf($('#compare-go'), 'disabled', ui.marked.size < MIN_COMPARE);
  list.render({
    hosts: inventory.hosts,
    containers: inventory.containers,
    sort: ui.sort,
    filter: ui.filter,
    selected: ui.selected,
    open: inspector.key,
    marked: ui.marked,
    intervalMs: conn.status ? conn.status.PollIntervalMs : undefined,
  });
  const empty = $('#list-empty');
  const none = inventory.containers.size === 0;
  const filteredOut = !none && list.order.length === 0;
  setIf(empty, 'hidden', !(none || filteredOut) || !conn.status);
  setIf(empty, 'textContent', none ? 'No containers on any host.' : `No container matches “${ui.filter}”.`);
  renderHeader();
}

function setIf(el, prop, value) {
  if (el[prop] !== value) el[prop] = value;
}

function renderHeader() {
  renderSummary(inventory.totals(), conn.status);
}

function moveSelection(delta) {
  const next = list.step(ui.selected, delta);
  if (!next) return;
  ui.selected = next;
  renderList();
  list.reveal(next);
}

function setFilter(text) {
  ui.filter = text;
  renderList();
}

$('#filter').addEventListener('input', (e) => setFilter(e.target.value));

/** Picks or unpicks a row for comparison; at most MAX_COMPARE, the oldest pick gives way. */
function toggleMark(key) {
  if (!key) return;
  if (ui.marked.has(key)) ui.marked.delete(key);
  else {
    ui.marked.add(key);
    if (ui.marked.size > MAX_COMPARE) ui.marked.delete(ui.marked.values().next().value);
  }
  renderList();
}

function compareMarked() {
  const items = [...ui.marked].map((key) => inventory.containers.get(key)).filter(Boolean)
    .map((c) => ({host: c.Host, ref: c.Name || c.Id}));
  if (validCompare(items)) router.navigate({view: 'compare', items});
}

$('#compare-go').addEventListener('click', () => compareMarked());
$('#compare-clear').addEventListener('click', () => {
  ui.marked.clear();
  renderList();
});

// ---------------------------------------------------------------- routes

function applyRoute(route) {
  if (!route || route.view !== 'compare') compare.close();
  if (!route || route.view !== 'host') hostView.close();
  if (!route) return inspector.close();
  if (route.view === 'host') {
    if (inspector.open) inspector.close(false);
    hostView.show(route.host);
    return renderList();
  }
  if (route.view === 'compare') {
    if (inspector.open) inspector.close(false);
    if (validCompare(route.items)) compare.show(route.items);
    return renderList();
  }
  if (inspector.shows(route.host, route.ref)) inspector.setTab(route.tab);
  else inspector.show(route.host, route.ref, route.tab);
}

function openByKey(key, tab = 'stats') {
  const c = inventory.containers.get(key);
  if (c) router.navigate({view: 'container', host: c.Host, ref: c.Name || c.Id, tab});
}

// ---------------------------------------------------------------- keyboard and dialogs

function toggleHelp(show = $('#help').hidden) {
  $('#help').hidden = !show;
  if (show) $('#help-close').focus();
}

installKeys({
  blocked: () => login.shown, // the sign-in form owns the keyboard
  helpOpen: () => !$('#help').hidden,
  escape: (field) => {
    if (!$('#help').hidden) toggleHelp(false);
    else if (columns.open) {
      columns.toggle(false);
      $('#columns-toggle').focus();
    }
    else if (field && field.id === 'filter' && field.value) {
      field.value = '';
      setFilter('');
    } else if (field) field.blur();
    else if (inspector.open) inspector.close();
    else if (compare.open || hostView.open) router.navigate(null);
    else return false;
    return true;
  },
  filterEnter: (field) => {
    // from the filter straight to the list: first match selected, Enter again opens it
    field.blur();
    ui.selected = list.step(null, 1);
    renderList();
  },
  down: () => moveSelection(1),
  up: () => moveSelection(-1),
  first: () => moveSelection(-Infinity),
  last: () => moveSelection(Infinity),
  open: (onButton) => {
    if (onButton || !ui.selected) return false;
    openByKey(ui.selected);
  },
  prevTab: () => inspector.switchTab(-1),
  nextTab: () => inspector.switchTab(1),
  filter: () => {
    $('#filter').focus();
    $('#filter').select();
  },
  theme: () => theme.toggle(),
  columns: () => columns.toggle(),
  mark: () => toggleMark(ui.selected),
  host: () => {
    const c = ui.selected && inventory.containers.get(ui.selected);
    if (c) router.navigate({view: 'host', host: c.Host});
  },
  compare: () => compareMarked(),
  help: () => toggleHelp(),
  pause: () => inspector.togglePause(),
  range1: () => inspector.setRange(RANGE_KEYS[0]),
  range2: () => inspector.setRange(RANGE_KEYS[1]),
  range3: () => inspector.setRange(RANGE_KEYS[2]),
});

$('#help-toggle').addEventListener('click', () => toggleHelp());
$('#help-close').addEventListener('click', () => toggleHelp(false));
$('#help').addEventListener('click', (e) => {
  if (e.target.id === 'help') toggleHelp(false);
});

// leave the server promptly (it counts sessions); come back if the page is restored from the back/forward cache
window.addEventListener('pagehide', () => bus.close());
window.addEventListener('pageshow', (e) => {
  if (e.persisted) login.start();
});

// ---------------------------------------------------------------- start

theme.set(theme.current, false);
inspector.setRange(inspector.range);
renderConnection(bus);
renderList();
router.applyCurrent();
login.start();

// for debugging and the end-to-end test
globalThis.pulse = {
  bus, conn, inventory, ui, router,
  get charts() { return inspector.charts; },
  get inspector() { return inspector.sync; },
  compare,
  hostView,
  renderList,
  list,
};
