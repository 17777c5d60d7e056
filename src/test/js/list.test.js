import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {COLUMNS, OPTIONAL_COLUMNS, sparkWindow, collectorLabel, comparator, defaultDir, hiddenColumns, hostInfo, matcher, matches,
  sortRows, sortValue, stateLabel} from '../../../webroot/js/list.js';
import {rate} from '../../../webroot/js/format.js';
import {pair} from '../../../webroot/js/listcells.js';
import {readFileSync} from 'node:fs';
import {point} from './fakes.js';

function c(name, state, last = null, extra = {}) {
  return {Name: name, Id: name.padEnd(64, '0'), Host: 'local', Image: 'img/' + name, State: state,
    Status: state === 'running' ? 'Up 5 minutes' : 'Exited (0)', last, ...extra};
}

const rows = [
  c('web', 'running', point(0, 0, {cpu: 50, mem: 10, memUsage: 300, netRx: 10, netTx: 5, blkRead: 0, blkWrite: 0, pids: 3})),
  c('db', 'running', point(0, 0, {cpu: 150, mem: 40, memUsage: 900, netRx: 0, netTx: 1, blkRead: 9, blkWrite: 9, pids: 40})),
  c('cache', 'running', point(0, 0, {cpu: 5, mem: 70, memUsage: 100, netRx: 100, netTx: 0, blkRead: 1, blkWrite: 0, pids: 1})),
  c('new', 'running'), // no sample yet
  c('old', 'exited', point(0, 0, {cpu: 999})), // a stale point of a stopped container does not count
  c('idle', 'created'),
];

const names = (sort) => [...rows].sort(comparator(sort)).map((x) => x.Name);

describe('list sort', () => {
  test('numeric columns: by value, rows without one last in both directions', () => {
    assert.deepEqual(names({key: 'cpu', dir: -1}), ['db', 'web', 'cache', 'idle', 'new', 'old']);
    assert.deepEqual(names({key: 'cpu', dir: 1}), ['cache', 'web', 'db', 'idle', 'new', 'old']);
    assert.deepEqual(names({key: 'mem', dir: -1}).slice(0, 3), ['cache', 'db', 'web']);
    assert.deepEqual(names({key: 'memUsage', dir: -1}).slice(0, 3), ['db', 'web', 'cache']);
  });

  test('docker stats columns: network and block I/O by rx+tx and read+write, PIDs', () => {
    assert.deepEqual(names({key: 'net', dir: -1}), ['cache', 'web', 'db', 'idle', 'new', 'old']);
    assert.deepEqual(names({key: 'blk', dir: -1}), ['db', 'cache', 'web', 'idle', 'new', 'old']);
    assert.deepEqual(names({key: 'pids', dir: -1}), ['db', 'web', 'cache', 'idle', 'new', 'old']);
    assert.deepEqual(names({key: 'pids', dir: 1}), ['cache', 'web', 'db', 'idle', 'new', 'old']);
    assert.equal(sortValue(rows[4], 'pids'), null, 'a stopped container has no live value');
  });

  test('every column but the trend sorts, numeric ones by a number', () => {
    assert.deepEqual(COLUMNS.filter((col) => !col.sort).map((col) => col.id), ['trend']);
    for (const col of COLUMNS.filter((x) => x.sort)) {
      const v = sortValue(rows[0], col.sort);
      assert.ok(v != null, col.id);
      if (col.num) assert.equal(typeof v, 'number', col.id);
      assert.equal(defaultDir(col.sort), col.num ? -1 : 1, col.id);
    }
  });

  test('text columns ignore case; state sorts running first; ties by name', () => {
    assert.deepEqual(names({key: 'name', dir: 1}), ['cache', 'db', 'idle', 'new', 'old', 'web']);
    assert.deepEqual(names({key: 'name', dir: -1}), ['web', 'old', 'new', 'idle', 'db', 'cache']);
    assert.deepEqual(names({key: 'state', dir: 1}), ['cache', 'db', 'new', 'web', 'idle', 'old']);
    const mixed = [c('b', 'running', null, {Image: 'Zeta'}), c('a', 'running', null, {Image: 'alpha'})];
    assert.deepEqual(mixed.sort(comparator({key: 'image', dir: 1})).map((x) => x.Name), ['a', 'b']);
  });

  test('numbers sort descending first, text ascending', () => {
    assert.equal(defaultDir('cpu'), -1);
    assert.equal(defaultDir('memUsage'), -1);
    assert.equal(defaultDir('name'), 1);
  });
});

describe('list sort in a live update', () => {
  test('sortRows orders as the comparator does, for every column and direction, and leaves its input as it was', () => {
    const input = [...rows];
    for (const col of COLUMNS.filter((x) => x.sort)) {
      for (const dir of [1, -1]) {
        const sort = {key: col.sort, dir};
        assert.deepEqual(sortRows(input, sort).map((x) => x.Name), names(sort), `${col.sort} ${dir}`);
      }
    }
    assert.deepEqual(input, rows);
  });
});

describe('list filter', () => {
  const web = c('web-1', 'running', null, {Image: 'nginx:latest', Host: 'edge'});

  test('every word must occur in name, image, state, status, host or id, in any case', () => {
    assert.ok(matches(web, ''));
    assert.ok(matches(web, '   '));
    assert.ok(matches(web, 'WEB'));
    assert.ok(matches(web, 'nginx running'));
    assert.ok(matches(web, 'edge'));
    assert.ok(matches(web, web.Id.slice(0, 12)));
    assert.ok(!matches(web, 'nginx exited'));
    assert.ok(!matches(web, 'db'));
  });

  test('a matcher made once answers as matches does', () => {
    for (const f of ['', 'web', 'nginx running', 'nginx exited', 'EDGE']) assert.equal(matcher(f)(web), matches(web, f), f);
  });
});

describe('host header and states', () => {
  test('the collector a host reports is shown with it; an error makes it a warning; absent, nothing', () => {
    assert.deepEqual(collectorLabel({Name: 'local', Collector: 'cgroup'}),
        {text: 'via cgroup files', title: 'Samples read from cgroup files', error: null});
    assert.deepEqual(collectorLabel({Collector: 'api', CollectorError: 'cgroup v2 not mounted'}),
        {text: 'via Docker API', title: 'Samples read from Docker API (cgroup v2 not mounted)',
          error: 'cgroup v2 not mounted'});
    assert.equal(collectorLabel({Collector: 'ebpf'}).text, 'via ebpf', 'a collector this page does not know yet');
    for (const h of [null, {}, {Collector: null}, {Collector: ''}, {Collector: 3}]) {
      assert.equal(collectorLabel(h), null, JSON.stringify(h));
    }
  });

  test('host counts', () => {
    const all = [c('a', 'running'), c('b', 'exited'), c('u', 'unknown')];
    assert.equal(hostInfo({Engine: '20.10.24'}, all, all), '1 running / 3 containers · Docker 20.10.24');
    assert.equal(hostInfo({}, all, all.slice(0, 1)), '1 running / 3 containers · 1 shown');
    assert.equal(hostInfo({}, all.slice(0, 1), all.slice(0, 1)), '1 running / 1 container');
  });

  test('a container of an unavailable host reads unknown, not running, and sorts after the live ones', () => {
    assert.equal(stateLabel('unknown'), 'unknown');
    assert.equal(stateLabel('exited'), 'stopped');
    assert.equal(stateLabel('running'), 'running');
    assert.equal(stateLabel(undefined), '');
    const list = [c('x', 'exited'), c('u', 'unknown', point(0, 0, {cpu: 80})), c('r', 'running', point(0, 0, {cpu: 1}))];
    assert.deepEqual(list.sort(comparator({key: 'state', dir: 1})).map((x) => x.Name), ['r', 'u', 'x']);
    assert.deepEqual(list.sort(comparator({key: 'cpu', dir: -1})).map((x) => x.Name), ['r', 'u', 'x'],
        'the last point of an unknown container is not shown as its CPU');
  });
});

describe('columns', () => {
  test('the phone keeps name, state, CPU and memory; the others hide in a documented order', () => {
    assert.deepEqual(COLUMNS.filter((x) => x.keep).map((x) => x.id), ['name', 'state', 'cpu', 'mem']);
    const order = COLUMNS.filter((x) => !x.keep).sort((a, b) => b.hideAt - a.hideAt).map((x) => x.id);
    assert.deepEqual(order, ['status', 'image', 'blk', 'net', 'trend', 'pids', 'memusage']);
  });

  test('the stylesheet hides them at the widths COLUMNS documents', () => {
    const css = readFileSync(new URL('../../../webroot/css/pulse.css', import.meta.url), 'utf8');
    const rules = [...css.matchAll(/@media \(max-width: (\d+)px\) \{ \.col-(\w+) \{ display: none; \} \}/g)];
    assert.deepEqual(Object.fromEntries(rules.map((m) => [m[2], +m[1]])),
        Object.fromEntries(COLUMNS.filter((x) => !x.keep).map((x) => [x.id, x.hideAt])));
  });

  test('the stored choice only hides optional columns', () => {
    assert.deepEqual(hiddenColumns(['net', 'cpu', 'bogus', 'status']), ['net', 'status']);
    assert.deepEqual(hiddenColumns('net'), []);
    assert.deepEqual(hiddenColumns(null), []);
    assert.deepEqual(OPTIONAL_COLUMNS, ['image', 'trend', 'memusage', 'net', 'blk', 'pids', 'status']);
  });

  test('a sparkline spans 5 minutes, or its 60 points at a longer interval', () => {
    assert.equal(sparkWindow(1000), 300_000);
    assert.equal(sparkWindow(3000), 300_000);
    assert.equal(sparkWindow(10_000), 600_000);
  });

  test('two-rate cells', () => {
    assert.equal(pair(12345, 0, rate), '12.3 kB/s / 0 B/s');
  });
});
