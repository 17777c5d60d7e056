import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {KEYMAP, commandFor} from '../../../webroot/js/keys.js';

describe('keys', () => {
  test('keys map to commands; modified keys and unknown keys to none', () => {
    assert.equal(commandFor({key: 'ArrowDown'}), 'down');
    assert.equal(commandFor({key: 'j'}), 'down');
    assert.equal(commandFor({key: '['}), 'prevTab');
    assert.equal(commandFor({key: '3'}), 'range3');
    assert.equal(commandFor({key: 'T'}), 'theme');
    assert.equal(commandFor({key: 't', ctrlKey: true}), null, 'Ctrl+T belongs to the browser');
    assert.equal(commandFor({key: 'q'}), null);
    assert.equal(commandFor({key: 'constructor'}), null, 'only the table’s own keys');
  });

  test('every command the help lists has a key', () => {
    const commands = new Set(Object.values(KEYMAP));
    for (const c of ['down', 'up', 'open', 'prevTab', 'nextTab', 'filter', 'pause', 'range1', 'range2', 'range3',
      'theme', 'help']) {
      assert.ok(commands.has(c), c);
    }
  });
});
