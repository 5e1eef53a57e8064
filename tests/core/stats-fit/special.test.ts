import { describe, expect, it } from 'vitest';
import * as S from '@core/stats/special';
import { reference, relErr } from './reference';

const sp = reference.special;

/** Relative error, or absolute error where the value is near a zero of the function (relative is meaningless). */
function err(a: number, b: number, absNear = 0): number {
  return Math.abs(b) < absNear ? Math.abs(a - b) : relErr(a, b);
}

describe('special functions against mpmath (40 digits)', () => {
  it('erf and erfc', () => {
    for (const [x, e, ec] of sp.erf) {
      expect(err(S.erf(x), e), `erf(${x})`).toBeLessThan(2e-15);
      expect(err(S.erfc(x), ec), `erfc(${x})`).toBeLessThan(2e-14);
    }
  });

  it('normal cdf and log-cdf, deep into both tails', () => {
    for (const [z, c, lc] of sp.normalCdf) {
      expect(err(S.normalCdf(z), c), `Phi(${z})`).toBeLessThan(1e-14);
      expect(err(S.normalLogCdf(z), lc), `log Phi(${z})`).toBeLessThan(1e-14);
      expect(err(S.normalSf(-z), c)).toBeLessThan(1e-14);
    }
  });

  it('normal quantile (AS 241)', () => {
    for (const [p, z] of sp.normalQuantile) expect(err(S.normalQuantile(p), z, 1e-30), `ndtri(${p})`).toBeLessThan(1e-15);
    for (const [p, z] of sp.normalQuantile.filter(([p]) => p < 0.5)) {
      expect(err(S.normalQuantileFromLog(Math.log(p)), z), `from log ${p}`).toBeLessThan(1e-13);
      expect(err(S.normalQuantileUpper(p), -z)).toBeLessThan(1e-15);
    }
  });

  it('log-gamma, digamma, trigamma', () => {
    for (const [x, lg, dg, tg] of sp.logGamma) {
      expect(err(S.logGamma(x), lg, 1), `lgamma(${x})`).toBeLessThan(1e-14);
      expect(err(S.digamma(x), dg, 1), `digamma(${x})`).toBeLessThan(1e-14);
      expect(err(S.trigamma(x), tg), `trigamma(${x})`).toBeLessThan(1e-14);
    }
  });

  it('regularised incomplete gamma P, Q and their logs', () => {
    for (const [a, x, P, Q, lP, lQ] of sp.incompleteGamma) {
      expect(err(S.gammaP(a, x), P), `P(${a}, ${x})`).toBeLessThan(1e-13);
      expect(err(S.gammaQ(a, x), Q), `Q(${a}, ${x})`).toBeLessThan(1e-13);
      expect(err(S.logGammaP(a, x), lP, 1e-3), `log P(${a}, ${x})`).toBeLessThan(1e-13);
      expect(err(S.logGammaQ(a, x), lQ, 1e-3), `log Q(${a}, ${x})`).toBeLessThan(1e-13);
    }
  });

  it('inverse incomplete gamma', () => {
    for (const [a, p, xp, xq] of sp.incompleteGammaInverse) {
      expect(err(S.gammaPInverse(a, p), xp), `Pinv(${a}, ${p})`).toBeLessThan(1e-13);
      expect(err(S.gammaQInverse(a, p), xq), `Qinv(${a}, ${p})`).toBeLessThan(1e-13);
    }
  });

  it('log1pmx and Stirling error agree with their definitions', () => {
    for (const d of [-0.4, -1e-3, 1e-6, 0.2, 0.49, 0.8, 3]) {
      const direct = Math.log1p(d) - d;
      expect(err(S.log1pmx(d), direct)).toBeLessThan(Math.abs(d) > 0.1 ? 1e-13 : 1e-6);
    }
    for (const x of [10, 30, 200]) {
      const def = S.logGamma(x) - ((x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI));
      expect(Math.abs(S.stirlingError(x) - def)).toBeLessThan(1e-13);
    }
  });

  it('edge arguments give limits, not NaN', () => {
    expect(S.normalCdf(-Infinity)).toBe(0);
    expect(S.normalCdf(Infinity)).toBe(1);
    expect(S.normalQuantile(0)).toBe(-Infinity);
    expect(S.normalQuantile(1)).toBe(Infinity);
    expect(S.gammaP(2, 0)).toBe(0);
    expect(S.gammaQ(2, Infinity)).toBe(0);
    expect(S.gammaPInverse(2, 0)).toBe(0);
    expect(S.gammaPInverse(2, 1)).toBe(Infinity);
    expect(() => S.gammaP(-1, 1)).toThrow(/a > 0/);
  });
});
