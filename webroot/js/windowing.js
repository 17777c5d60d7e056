// Which rows of a long list are in view: the list updates only those (and a margin); the rest are brought up to date
// when they scroll in. Rows have one fixed height (pulse.css --row-h), so the math needs no layout reads per row.

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
