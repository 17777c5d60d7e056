import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {Inventory, findContainer, totals} from '../../../webroot/js/inventory.js';
import {fakeConnection, point} from './fakes.js';

const ID_A = 'a'.repeat(64);
const ID_B = 'b'.repeat(64);

function listing(containers, hosts = [{Name: 'local', Available: true}], summary = () => ({Points: {}, Newest: {}})) {
  return fakeConnection((action, args) => {
    if (action === 'hosts.list') return {Hosts: hosts};
    if (action === 'containers.list') return {Containers: containers()};
    if (action === 'host.summary') return {Host: args.Host, ...summary(args.Host)};
    throw new Error('unexpected ' + action);
  });
}

const flush = () => new Promise((r) => setTimeout(r, 300)); // past scheduleBackfill's burst window

describe('Inventory', () => {
  test('one summary registration per host, not one per row; pushes feed running rows only', async () => {
    let now = [{Host: 'local', Id: ID_A, Name: 'web', State: 'running'}, {Host: 'local', Id: ID_B, Name: 'db', State: 'exited'},
      {Host: 'edge', Id: ID_B, Name: 'db', State: 'running'}];
    const conn = listing(() => now, [{Name: 'local', Available: true}, {Name: 'edge', Available: true}]);
    const inv = new Inventory(conn);
    let changes = 0;
    inv.onChange(() => changes++);
    await inv.refresh();
    assert.deepEqual([...conn.bus.handlers.keys()].sort(), ['pulse.containers', 'pulse.summary.edge', 'pulse.summary.local']);
    assert.deepEqual(conn.calls.filter((c) => c.action === 'host.summary').map((c) => c.args.Host).sort(), ['edge', 'local']);
    changes = 0;
    conn.bus.push('pulse.summary.local', {Host: 'local', Points: {[ID_A]: point(3, 1000, {cpu: 42}), [ID_B]: point(1, 1000)}});
    assert.equal(inv.get('local', ID_A).last.cpu, 42);
    assert.deepEqual(inv.get('local', ID_A).spark.cpu, [42]);
    assert.equal(inv.get('local', ID_B).last, null, 'a stopped row takes no point');
    assert.equal(inv.get('local', ID_B).spark, null, 'and has no sparkline');
    assert.equal(changes, 1, 'one change a push, however many rows');
    conn.bus.push('pulse.summary.local', {Host: 'edge', Points: {[ID_A]: point(4, 2000)}});
    assert.equal(inv.get('local', ID_A).last.seq, 3, 'a push names its own host');

    now = [{Host: 'local', Id: ID_B, Name: 'db', State: 'running'}]; // web removed meanwhile, db started
    await inv.refresh();
    assert.deepEqual([...conn.bus.handlers.keys()].sort(), ['pulse.containers', 'pulse.summary.edge', 'pulse.summary.local']);
    assert.equal(inv.containers.size, 1);
  });

  test('the backfill gives running rows their sparkline and newest point, merged with pushes', async () => {
    const conn = listing(() => [{Host: 'local', Id: ID_A, Name: 'web', State: 'running'}], undefined, () => ({
      Points: {[ID_A]: {seq: [5, 6], timestamp: [1000, 2000], cpu: [10, 20], mem: [1, 2]}, [ID_B]: {seq: [1]}},
      Newest: {[ID_A]: point(6, 2000, {cpu: 20}), [ID_B]: point(1, 1000), bogus: point(1, 1)},
    }));
    const inv = new Inventory(conn);
    await inv.refresh();
    const a = inv.get('local', ID_A);
    assert.deepEqual(a.spark, {seq: [5, 6], timestamp: [1000, 2000], cpu: [10, 20], mem: [1, 2]});
    assert.equal(a.last.seq, 6);
    conn.bus.push('pulse.summary.local', {Host: 'local', Points: {[ID_A]: point(7, 3000, {cpu: 30})}});
    await inv.backfill('local'); // a second backfill (another container started) keeps what pushes added
    assert.deepEqual(a.spark.cpu, [10, 20, 30]);
    assert.equal(a.last.seq, 7, 'an older Newest does not replace a newer pushed point');
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
    assert.equal(inv.get('local', ID_A).last, null, 'a stopped container shows no numbers');
    conn.calls.length = 0;
    push({Host: 'local', Id: ID_B, Name: 'new', State: 'running', Action: 'start'});
    push({Host: 'local', Id: ID_A, Name: 'web', State: 'running', Action: 'start'});
    await flush();
    assert.deepEqual(conn.calls.map((c) => [c.action, c.args]), [['host.summary', {Host: 'local', Ids: [ID_B, ID_A]}]],
      'started containers: one backfill for the burst, of those containers only');
    push({Host: 'local', Id: ID_B, State: 'removed', Action: 'destroy'});
    assert.equal(inv.get('local', ID_B), undefined);
    push(null);
    push({Action: 'start'});
    assert.deepEqual(events, ['die', 'start', 'start', 'destroy'], 'events without a host are ignored');
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
    assert.deepEqual(conn.calls.map((c) => c.action).slice(0, 2), ['hosts.list', 'containers.list']);
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
