import {test} from 'node:test';
import assert from 'node:assert/strict';
import {oncePerFrame} from '../../../webroot/js/frame.js';

test('many calls before a frame draw once; a call after it draws again', () => {
  const frames = [];
  let draws = 0;
  const soon = oncePerFrame(() => draws++, (cb) => frames.push(cb));
  soon();
  soon();
  soon();
  assert.equal(frames.length, 1);
  frames.shift()();
  assert.equal(draws, 1);
  soon();
  assert.equal(frames.length, 1);
  frames.shift()();
  assert.equal(draws, 2);
});
