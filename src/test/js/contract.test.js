import {test} from 'node:test';
import assert from 'node:assert/strict';
import {csvUrl} from '../../../webroot/js/contract.js';

test('csvUrl asks the whole retained history as CSV', () => {
  assert.equal(csvUrl('local', 'a'.repeat(64)), `/api/hosts/local/containers/${'a'.repeat(64)}/metrics?from=0&format=csv`);
});

test('csvUrl escapes what would change the path or the query', () => {
  assert.equal(csvUrl('a/b', 'x?y&z'), '/api/hosts/a%2Fb/containers/x%3Fy%26z/metrics?from=0&format=csv');
});
