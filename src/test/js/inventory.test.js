import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {Inventory, findContainer, totals} from '../../../webroot/js/inventory.js';
import {fakeConnection, point} from './fakes.js';

const ID_A = 'a'.repeat(64);
const ID_B = 'b'.repeat(64);

function listing(containers, hosts = [{Name: 'local', Available: true}]) {
  return fakeConnection((action) => {
    if (action === 'hosts.list') return {Hosts: hosts};
    if (action === 'containers.list') return {Containers: containers()};
    throw new Error('unexpected ' + action);
  });
}

describe('Inventory', () => {
  test('a listing registers the live points of running containers only', async () => {
    let now = [{Host: 'local', Id: ID_A, Name: 'web', State: 'running'}, {Host: 'local', Id: ID_B, Name: 'db', State: 'exited'}];
    const conn = listing(() => now);
    const inv = new Inventory(conn);
    let changes = 0;
    inv.onChange(() => changes++);
    await inv.refresh();
    assert.deepEqual([...conn.bus.handlers.keys()].sort(), ['pulse.containers', `pulse.metrics.local.${ID_A}`]);
    conn.bus.push(`pulse.metrics.local.${ID_A}`, point(3, 1000, {cpu: 42}));
    assert.equal(inv.get('local', ID_A).last.cpu, 42);
    assert.equal(changes, 2);

    now = [{Host: 'local', Id: ID_B, Name: 'db', State: 'running'}]; // web removed meanwhile, db started
    await inv.refresh();
    assert.deepEqual([...conn.bus.handlers.keys()].sort(), ['pulse.containers', `pulse.metrics.local.${ID_B}`]);
    assert.equal(inv.containers.size, 1);
  });

  test('pulse.containers events update, add, stop and remove containers', async () => {
    const conn = listing(() => [{Host: 'local', Id: ID_A, Name: 'web', State: 'running', Image: 'nginx'}]);
    const inv = new Inventory(conn);
    const events = [];
    inv.onEvent((ev) => events.push(ev.Action));
    await inv.refresh();
    const push = (ev) => conn.bus.push('pulse.containers', ev);
    push({Host: 'local', Id: ID_A, Name: 'web', State: 'exited', Status: 'Exited (0)', Action: 'die'});
    assert.equal(inv.get('local', ID_A).State, 'exited');
    assert.equal(inv.get('local', ID_A).Image, 'nginx', 'fields absent from the event are kept');
    assert.ok(!conn.bus.handlers.has(`pulse.metrics.local.${ID_A}`), 'a stopped container is not watched');
    push({Host: 'local', Id: ID_B, Name: 'new', State: 'running', Action: 'start'});
    assert.ok(conn.bus.handlers.has(`pulse.metrics.local.${ID_B}`));
    push({Host: 'local', Id: ID_B, State: 'removed', Action: 'destroy'});
    assert.equal(inv.get('local', ID_B), undefined);
    assert.ok(!conn.bus.handlers.has(`pulse.metrics.local.${ID_B}`));
    push(null);
    push({Action: 'start'});
    assert.deepEqual(events, ['die', 'start', 'destroy'], 'events without a host are ignored');
  });

  test('a host event changes its availability and lists again when it is back', async () => {
    const conn = listing(() => [], [{Name: 'local', Available: true}]);
    const inv = new Inventory(conn);
    await inv.refresh();
    conn.calls.length = 0;
    conn.bus.push('pulse.containers', {Host: 'local', Action: 'host', Available: false, Error: 'engine down'});
    assert.equal(inv.hosts.get('local').Available, false);
    assert.equal(inv.hosts.get('local').Error, 'engine down');
    assert.equal(conn.calls.length, 0);
    conn.bus.push('pulse.containers', {Host: 'local', Action: 'host', Available: true});
    assert.deepEqual(conn.calls.map((c) => c.action), ['hosts.list', 'containers.list']);
  });
});

describe('inventory helpers', () => {
  const cs = new Map([
    ['local/' + ID_A, {Host: 'local', Id: ID_A, Name: 'web', State: 'running', last: point(0, 0, {cpu: 10, memUsage: 100})}],
    ['local/' + ID_B, {Host: 'local', Id: ID_B, Name: 'db', State: 'running', last: point(0, 0, {cpu: 20.5, memUsage: 50})}],
    ['other/' + ID_A, {Host: 'other', Id: ID_A, Name: 'web', State: 'exited', last: null}],
  ]);

  test('find by id, name or a prefix of 12 digits or more, on the right host', () => {
    assert.equal(findContainer(cs, 'local', 'web').Id, ID_A);
    assert.equal(findContainer(cs, 'local', ID_B).Name, 'db');
    assert.equal(findContainer(cs, 'local', ID_B.slice(0, 12)).Name, 'db');
    assert.equal(findContainer(cs, 'local', ID_B.slice(0, 11)), null, 'too short a prefix');
    assert.equal(findContainer(cs, 'other', 'web').State, 'exited');
    assert.equal(findContainer(cs, 'nowhere', 'web'), null);
  });

  test('totals sum what runs and count unavailable hosts', () => {
    const hosts = new Map([['local', {Available: true}], ['other', {Available: false}]]);
    assert.deepEqual(totals(cs, hosts), {running: 2, all: 3, cpu: 30.5, mem: 150, down: 1});
  });
});
