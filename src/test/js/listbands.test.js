import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {bandOrder, bandStart, drawWithin, planMoves} from '../../../webroot/js/listbands.js';

describe('the list canvas: which rows it holds', () => {
  test('the first time: a margin above the view', () => {
    assert.equal(bandStart(null, 10, 30, 40, 4), 6);
    assert.equal(bandStart(null, 0, 20, 30, 4), 0);
    assert.equal(bandStart(null, -5, 15, 30, 4), 0, 'the list starts below the view top');
  });

  test('a scroll within what it holds keeps it; past either edge moves it', () => {
    assert.equal(bandStart(6, 8, 32, 40, 4), 6, 'still inside');
    assert.equal(bandStart(6, 6, 46, 40, 4), 6, 'exactly the rows it holds');
    assert.equal(bandStart(6, 5, 25, 40, 4), 1, 'scrolled up past its top');
    assert.equal(bandStart(6, 20, 47, 40, 4), 16, 'scrolled down past its bottom');
  });
});

describe('the list canvas: a live update spread over frames', () => {
  test('bands where a row shows another container first, then those in view, top down, then the margins', () => {
    const none = new Set();
    assert.deepEqual(bandOrder([0, 1, 2, 3, 4], none, 1, 4), [1, 2, 3, 0, 4]);
    assert.deepEqual(bandOrder([0, 4], none, 1, 4), [0, 4], 'no band in view changed');
    assert.deepEqual(bandOrder([], none, 0, 3), []);
    assert.deepEqual(bandOrder([0, 1, 2, 3, 4], new Set([4, 2]), 1, 4), [2, 4, 1, 3, 0]);
  });

  test('bands are drawn while the budget lasts, one at least, and the rest are left for the next frame', () => {
    let t = 100;
    const drawn = [];
    const draw = (costMs) => (b) => {
      drawn.push(b);
      t += costMs;
    };
    assert.deepEqual(drawWithin([1, 2, 3, 0, 4], draw(1), () => t, 3), [0, 4], 'three bands of 1 ms in 3 ms');
    assert.deepEqual(drawn, [1, 2, 3]);
    drawn.length = 0;
    assert.deepEqual(drawWithin([0, 4], draw(10), () => t, 3), [4], 'one band over the budget is still drawn');
    assert.deepEqual(drawn, [0]);
    drawn.length = 0;
    assert.deepEqual(drawWithin([2, 3], draw(0.5), () => t, 3), [], 'a fast machine draws the push in its frame');
    assert.deepEqual(drawn, [2, 3]);
    assert.deepEqual(drawWithin([5], draw(1), () => t, Infinity), []);
    drawn.length = 0;
    assert.deepEqual(drawWithin([1, 2, 3, 0], draw(10), () => t, 3, 2), [0],
      'the bands it must draw, over budget, and one more: an update in every frame starves no band');
    assert.deepEqual(drawn, [1, 2, 3]);
    drawn.length = 0;
    assert.deepEqual(drawWithin([1, 2, 3, 0, 4], draw(0.1), () => t, 0.35, 2), [4], 'and more while the budget lasts');
    assert.deepEqual(drawn, [1, 2, 3, 0]);
  });
});

describe('the list canvas: rows a re-sort moved', () => {
  test('a row that now shows a container drawn elsewhere on the canvas is copied from there', () => {
    assert.deepEqual(planMoves(['a', 'b', 'c', 'd'], ['b', 'a', 'c', 'd']), [[1, 0], [0, 1]], 'neighbours swapped');
    assert.deepEqual(planMoves(['a', 'b', 'c'], ['a', 'b', 'c']), [], 'nothing moved');
    assert.deepEqual(planMoves(['a', null, 'c'], ['c', 'a', null]), [[2, 0], [0, 1]], 'a header row');
  });

  test('a container new to the canvas has nothing to copy: it is drawn', () => {
    assert.deepEqual(planMoves(['a', 'b'], ['x', 'a']), [[0, 1]]);
    assert.deepEqual(planMoves([], ['a', 'b']), [], 'nothing drawn yet');
  });
});
