// Which rows the list's canvas holds and when a live update draws them: the band of rows around the view, the bands a
// frame draws within its budget (the rows a re-sort gave another container first), and where moved rows' drawn
// pixels come from. Pure and tested; listpaint.js does the drawing.

/** Rows drawn beyond each edge of the view, so that a scroll the compositor moves shows drawn rows. */
export const MARGIN = 4;

/**
 * The first row the canvas holds: the one it held while the rows in view, [first, last), still fit in its
 * `capacity` rows, else `margin` rows above the view (a scroll moves the canvas only when it must).
 */
export function bandStart(prev, first, last, capacity, margin = MARGIN) {
  if (prev != null && prev <= Math.max(0, first) && last <= prev + capacity) return prev;
  return Math.max(0, first - margin);
}

/**
 * Rows one canvas holds: the rows in view are drawn on a stack of such bands, so that a frame commits only the bands
 * it drew, not one canvas the height of the view.
 */
export const BAND = 8;

/**
 * Drawing time a live update may take in one frame beyond the bands it must draw; the bands it leaves are drawn in
 * the frames after.
 */
export const BUDGET_MS = 0.5;

/**
 * The order bands with changed rows are drawn in: first those where a row now shows another container (drawn in the
 * update's frame, or a name would stand beside another container's numbers), then those in view, [lo, hi), then the
 * margins', each top down.
 */
export function bandOrder(dirty, moved, lo, hi) {
  const inView = (b) => b >= lo && b < hi;
  const rest = dirty.filter((b) => !moved.has(b));
  return [...dirty.filter((b) => moved.has(b)), ...rest.filter(inView), ...rest.filter((b) => !inView(b))];
}

/**
 * Draws the first `must` bands of `order`, then more while `budgetMs` of the clock `now()` lasts, one at least (so
 * updates in every frame never starve a band); returns the bands left for the next frame.
 */
export function drawWithin(order, draw, now, budgetMs, must = 0) {
  const t0 = now();
  let i = 0;
  while (i < order.length) {
    draw(order[i++]);
    if (i > must && now() - t0 >= budgetMs) break;
  }
  return order.slice(i);
}

/**
 * Where a re-sort moved the rows the canvas holds: for each canvas row that now shows another container, [from, to]
 * when that container was drawn in row `from` (its pixels can be copied there), from the keys each row showed
 * (`was`) and is to show (`want`), null for none.
 */
export function planMoves(was, want) {
  const at = new Map();
  was.forEach((key, j) => {
    if (key != null) at.set(key, j);
  });
  const copies = [];
  want.forEach((key, j) => {
    if (key == null || key === was[j]) return;
    const from = at.get(key);
    if (from !== undefined) copies.push([from, j]);
  });
  return copies;
}
