/**
 * A scale factor s for sample a (e.g. a simulation in arbitrary units) so that s*a can be compared with b:
 *  - 'median': s = median(b) / median(a);
 *  - 'wasserstein-log': s minimises W1(log(s a), log b) = integral over u in (0,1) of |Q_la(u) + log s - Q_lb(u)|,
 *    where Q are the empirical quantile functions of the logs. That is an L1 location problem, solved exactly by
 *    log s = the median of the step function Q_lb(u) - Q_la(u) under the uniform measure on u (a weighted median of
 *    its m + n - 1 constant pieces).
 */

export type ScaleMethod = 'median' | 'wasserstein-log';

function positiveSorted(x: Float64Array, what: string): Float64Array {
  let bad = 0;
  for (let i = 0; i < x.length; i++) if (!(x[i] > 0)) bad++;
  if (bad > 0) throw new Error(`${what} has ${bad} zero or negative value(s); a scale factor needs positive values`);
  return Float64Array.from(x).sort();
}

/** argmin over c of integral |Q_x(u) + c - Q_y(u)| du, for ascending x and y (quantile Q(u) = x[ceil(u m) - 1]). */
export function l1QuantileShift(x: Float64Array, y: Float64Array): number {
  const m = x.length;
  const n = y.length;
  const diffs: number[] = [];
  const weights: number[] = [];
  let i = 0;
  let j = 0;
  let u = 0;
  // Sweep the breakpoints k/m and l/n in increasing order; on each piece both quantiles are constant.
  while (i < m && j < n) {
    const nextX = (i + 1) / m;
    const nextY = (j + 1) / n;
    const next = Math.min(nextX, nextY);
    if (next > u) {
      diffs.push(y[j] - x[i]);
      weights.push(next - u);
    }
    u = next;
    if (nextX <= next) i++;
    if (nextY <= next) j++;
  }
  const order = diffs.map((_, k) => k).sort((a, b) => diffs[a] - diffs[b]);
  const total = weights.reduce((s, w) => s + w, 0);
  let acc = 0;
  for (let k = 0; k < order.length; k++) {
    acc += weights[order[k]];
    // At exactly half the minimiser is an interval; take its midpoint for a symmetric answer.
    if (Math.abs(acc - total / 2) <= 1e-12 * total && k + 1 < order.length) return (diffs[order[k]] + diffs[order[k + 1]]) / 2;
    if (acc > total / 2) return diffs[order[k]];
  }
  return diffs[order[order.length - 1]];
}

export function fitScale(a: Float64Array, b: Float64Array, method: ScaleMethod): number {
  const sa = positiveSorted(a, 'first sample');
  const sb = positiveSorted(b, 'second sample');
  return Math.exp(logScaleSorted(sa.map(Math.log), sb.map(Math.log), method));
}

/** log of numpy's median of the values whose ascending logs are `l`. */
function logMedianSorted(l: Float64Array): number {
  const n = l.length;
  const h = n >> 1;
  if (n % 2 === 1) return l[h];
  // log((e^x + e^y) / 2) for the two middle values, without leaving the log scale.
  const [x, y] = [l[h - 1], l[h]];
  return y + Math.log1p(Math.exp(x - y)) - Math.LN2;
}

/**
 * log s from the ascending logs of both samples (what the calibration bootstrap refits on every replicate): for
 * 'median' log median(b) - log median(a) (numpy's median of the values), for 'wasserstein-log' l1QuantileShift.
 */
export function logScaleSorted(la: Float64Array, lb: Float64Array, method: ScaleMethod): number {
  return method === 'median' ? logMedianSorted(lb) - logMedianSorted(la) : l1QuantileShift(la, lb);
}
