/**
 * Ten digit shapes as strokes in the unit square (x to the right, y down), drawn by this project for the row-wise
 * image task (no font or data set is shipped or downloaded). Each glyph is a list of polylines; arcs are polylines
 * through points on an ellipse.
 */
export type Point = readonly [number, number];
export type Glyph = readonly (readonly Point[])[];

/** Points on the ellipse centred at (cx, cy) with radii (rx, ry), from angle a0 to a1 (radians, y down). */
function arc(cx: number, cy: number, rx: number, ry: number, a0: number, a1: number, segments: number): Point[] {
  return Array.from({ length: segments + 1 }, (_, k) => {
    const a = a0 + ((a1 - a0) * k) / segments;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)] as const;
  });
}

const TURN = 2 * Math.PI;

export const DIGIT_GLYPHS: readonly Glyph[] = [
  // 0
  [arc(0.5, 0.5, 0.28, 0.4, 0, TURN, 16)],
  // 1
  [[[0.33, 0.27], [0.52, 0.1], [0.52, 0.9]]],
  // 2
  [[...arc(0.5, 0.32, 0.27, 0.22, Math.PI, TURN + 0.35, 8), [0.2, 0.9], [0.82, 0.9]]],
  // 3
  [arc(0.48, 0.3, 0.27, 0.2, -2.6, Math.PI / 2, 8), arc(0.48, 0.7, 0.3, 0.2, -Math.PI / 2, 2.6, 8)],
  // 4
  [[[0.66, 0.9], [0.66, 0.1], [0.16, 0.64], [0.86, 0.64]]],
  // 5
  [[[0.78, 0.1], [0.28, 0.1], [0.24, 0.46]], arc(0.48, 0.66, 0.3, 0.23, -2.3, 2.5, 9)],
  // 6
  [[[0.72, 0.1], [0.4, 0.32], [0.24, 0.64]], arc(0.5, 0.68, 0.26, 0.22, 0, TURN, 12)],
  // 7
  [[[0.18, 0.1], [0.82, 0.1], [0.42, 0.9]]],
  // 8
  [arc(0.5, 0.3, 0.22, 0.19, 0, TURN, 12), arc(0.5, 0.7, 0.27, 0.21, 0, TURN, 12)],
  // 9
  [arc(0.5, 0.32, 0.25, 0.22, 0, TURN, 12), [[0.75, 0.34], [0.6, 0.9]]],
];
