// Which rows of a long list are in view: the list updates and places only those (and a margin); the rest are brought
// up to date when they scroll in. Rows have one fixed height (pulse.css --row-h), so the math needs no layout reads
// per row.

/**
 * Indexes [first, last) of the rows in view, `overscan` rows beyond each edge, of `count` rows of `rowH` px that
 * start `top` px below the viewport's top edge (negative once scrolled past) in a viewport `height` px tall.
 */
export function visibleRange({top, height, rowH, count, overscan = 8}) {
  if (count <= 0 || rowH <= 0) return [0, 0];
  const first = Math.floor(-top / rowH) - overscan;
  const last = Math.ceil((height - top) / rowH) + overscan;
  return [Math.max(0, Math.min(count, first)), Math.max(0, Math.min(count, last))];
}

/**
 * Whether a row that belongs at `y` px and stands at `was` (undefined: not placed yet) must be placed now: when it
 * has no place yet or either place is in view, [lo, hi). A row out of view both before and after waits until it
 * scrolls in, so a live update places only the rows one can see.
 */
export function placeNow(y, was, lo, hi) {
  if (y === was) return false;
  return was === undefined || (y >= lo && y < hi) || (was >= lo && was < hi);
}
