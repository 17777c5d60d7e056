// Pulse page: wires the modules together. Everything live is pushed over the Vert.x event-bus bridge: the
// inventory follows pulse.containers and each running container's points, the inspector one container's history.
//   contract   names on the wire          connection  bus, commands, status, server clock
//   inventory  hosts and containers       list        the container table
//   inspector  charts and info of one     history     one container's points in step with the server
//   router     the address bar            keys        the keyboard
//   theme      dark and light             header      connection badge and summary
//   login      sign-in                    prefs       what is remembered

import {Connection} from './connection.js';
import {Inventory} from './inventory.js';
import {ContainerList, defaultDir} from './list.js';
import {Inspector, RANGE_KEYS, TABS} from './inspector.js';
import {Router} from './router.js';
import {installKeys} from './keys.js';
import {Theme} from './theme.js';
import {Login} from './login.js';
import {prefs} from './prefs.js';
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
};

const list = new ContainerList($('#container-list'), {
  onOpen: (key) => {
    ui.selected = key;
    openByKey(key);
  },
  onSort: (key) => {
    ui.sort = ui.sort.key === key ? {key, dir: -ui.sort.dir} : {key, dir: defaultDir(key)};
    prefs.set('sort', ui.sort);
    renderList();
  },
});

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
const theme = new Theme(prefs, () => inspector.recolor());

// ---------------------------------------------------------------- connection

bus.on('state', () => {
  renderConnection(bus);
  if (bus.state !== 'open') inspector.suspend();
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
  renderList();
});
inventory.onEvent((ev) => inspector.containerEvent(ev));

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
  if (ui.selected && !inventory.containers.has(ui.selected)) ui.selected = null;
  list.render({
    hosts: inventory.hosts,
    containers: inventory.containers,
    sort: ui.sort,
    filter: ui.filter,
    selected: ui.selected,
    open: inspector.key,
  });
  const empty = $('#list-empty');
  const none = inventory.containers.size === 0;
  const filteredOut = !none && list.order.length === 0;
  empty.hidden = !(none || filteredOut) || !conn.status;
  empty.textContent = none ? 'No containers on any host.' : `No container matches “${ui.filter}”.`;
  renderHeader();
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

// ---------------------------------------------------------------- routes

function applyRoute(route) {
  if (!route) return inspector.close();
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
    else if (field && field.id === 'filter' && field.value) {
      field.value = '';
      setFilter('');
    } else if (field) field.blur();
    else if (inspector.open) inspector.close();
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
};
