import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {hashOf, parseHash} from '../../../webroot/js/router.js';

const TABS = ['stats', 'info'];

describe('routes', () => {
  test('a container link names host, ref and tab; a missing or unknown tab is the first', () => {
    assert.deepEqual(parseHash('#/hosts/local/containers/web/info', TABS),
        {view: 'container', host: 'local', ref: 'web', tab: 'info'});
    assert.equal(parseHash('#/hosts/local/containers/web', TABS).tab, 'stats');
    assert.equal(parseHash('#/hosts/local/containers/web/', TABS).tab, 'stats');
    assert.equal(parseHash('#/hosts/local/containers/web/nope', TABS).tab, 'stats');
  });

  test('a host link opens the host view', () => {
    assert.deepEqual(parseHash('#/hosts/edge-1', TABS), {view: 'host', host: 'edge-1'});
    assert.deepEqual(parseHash(hashOf({view: 'host', host: 'a b'}), TABS), {view: 'host', host: 'a b'});
  });

  test('a compare link lists host/ref pairs, escaped', () => {
    const route = {view: 'compare', items: [{host: 'local', ref: 'web,1'}, {host: 'b', ref: 'x/y'}]};
    assert.equal(hashOf(route), '#/compare/local/web%2C1,b/x%2Fy');
    assert.deepEqual(parseHash(hashOf(route), TABS), route);
    assert.deepEqual(parseHash('#/compare/local/a,local/b', TABS).items.map((x) => x.ref), ['a', 'b']);
    for (const h of ['#/compare/', '#/compare/local', '#/compare/local/a,', '#/compare/local/a,b']) {
      assert.equal(parseHash(h, TABS), null, h);
    }
  });

  test('anything else is the list, a malformed escape too', () => {
    for (const h of ['', '#', '#/', '#/hosts', '#/hosts/local/containers', '#/hosts//containers/x', '#/hosts/a/containers/%E0%A4%A/stats']) {
      assert.equal(parseHash(h, TABS), null, h);
    }
  });

  test('hashOf and parseHash round-trip names that need escaping', () => {
    const route = {view: 'container', host: 'h-1', ref: 'we b/1?#', tab: 'info'};
    assert.equal(hashOf(route), '#/hosts/h-1/containers/we%20b%2F1%3F%23/info');
    assert.deepEqual(parseHash(hashOf(route), TABS), route);
    assert.equal(hashOf(null), '#/');
  });
});
