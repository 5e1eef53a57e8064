/**
 * Sums a data set is reduced to before fitting, computed once and shared by every family fitted to the same data
 * (fitting nine families to 1e5 values should take one pass over log(x), not nine). Logs are only formed when a
 * positive-only family asks for them.
 */
export class SampleStats {
  readonly data: Float64Array;
  readonly n: number;
  readonly mean: number;
  /** Mean squared deviation from the mean (the MLE variance, ddof = 0), from a second pass for accuracy. */
  readonly variance: number;
  readonly min: number;
  readonly max: number;
  private logsCache: Float64Array | null = null;
  private sortedCache: Float64Array | null = null;
  private sortedLogsCache: Float64Array | null = null;
  private meanInverseCache = NaN;
  private logMeanCache = NaN;
  private logVarCache = NaN;

  constructor(data: Float64Array) {
    this.data = data;
    const n = data.length;
    this.n = n;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = data[i];
      sum += x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    const mean = sum / n;
    let ss = 0;
    let corr = 0;
    for (let i = 0; i < n; i++) {
      const d = data[i] - mean;
      ss += d * d;
      corr += d;
    }
    this.mean = mean + corr / n;
    this.variance = (ss - (corr * corr) / n) / n;
    this.min = min;
    this.max = max;
  }

  /** log(x) for every value (positive data only). */
  get logs(): Float64Array {
    if (this.logsCache === null) {
      const n = this.n;
      const out = new Float64Array(n);
      const d = this.data;
      for (let i = 0; i < n; i++) out[i] = Math.log(d[i]);
      this.logsCache = out;
    }
    return this.logsCache;
  }

  /** The values in ascending order (a copy; the input is never reordered). */
  get sorted(): Float64Array {
    if (this.sortedCache === null) this.sortedCache = Float64Array.from(this.data).sort();
    return this.sortedCache;
  }

  /** log of the sorted values (positive data only). */
  get sortedLogs(): Float64Array {
    if (this.sortedLogsCache === null) {
      const s = this.sorted;
      const out = new Float64Array(this.n);
      for (let i = 0; i < this.n; i++) out[i] = Math.log(s[i]);
      this.sortedLogsCache = out;
    }
    return this.sortedLogsCache;
  }

  /** Mean of 1/x (positive data only). */
  get meanInverse(): number {
    if (Number.isNaN(this.meanInverseCache)) {
      let s = 0;
      const d = this.data;
      for (let i = 0; i < this.n; i++) s += 1 / d[i];
      this.meanInverseCache = s / this.n;
    }
    return this.meanInverseCache;
  }

  /** Mean of log(x). */
  get logMean(): number {
    if (Number.isNaN(this.logMeanCache)) this.computeLogMoments();
    return this.logMeanCache;
  }

  /** Mean squared deviation of log(x) from its mean (ddof = 0). */
  get logVariance(): number {
    if (Number.isNaN(this.logVarCache)) this.computeLogMoments();
    return this.logVarCache;
  }

  /** Sum of log(x). */
  get sumLog(): number {
    return this.logMean * this.n;
  }

  private computeLogMoments(): void {
    const l = this.logs;
    const n = this.n;
    let s = 0;
    for (let i = 0; i < n; i++) s += l[i];
    const m = s / n;
    let ss = 0;
    let corr = 0;
    for (let i = 0; i < n; i++) {
      const d = l[i] - m;
      ss += d * d;
      corr += d;
    }
    this.logMeanCache = m + corr / n;
    this.logVarCache = (ss - (corr * corr) / n) / n;
  }
}
