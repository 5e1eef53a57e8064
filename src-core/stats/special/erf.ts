/**
 * Error function family by W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations for
 * the error function", Math. Comp. 23 (1969) 631-637; the coefficient sets of SPECFUN CALERF). Relative accuracy is
 * close to double precision on the whole line, including erfc deep in the upper tail.
 */

// erf on |x| <= 0.46875
const A0 = 3.1611237438705656;
const A1 = 113.864154151050156;
const A2 = 377.485237685302021;
const A3 = 3209.37758913846947;
const A4 = 0.185777706184603153;
const B0 = 23.6012909523441209;
const B1 = 244.024637934444173;
const B2 = 1282.61652607737228;
const B3 = 2844.23683343917062;
// erfcx on 0.46875 < x <= 4
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
// erfcx on x > 4, rational in 1/x^2
const P = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766,
  6.58749161529837803e-4, 0.0163153871373020978,
];
const Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];
const ONE_OVER_SQRT_PI = 0.56418958354775628695;

/** erf(y) / y for small |y| (<= 0.46875), the first Cody interval. */
function erfSmallRatio(y: number): number {
  const z = y * y;
  const num = (((A4 * z + A0) * z + A1) * z + A2) * z + A3;
  const den = (((z + B0) * z + B1) * z + B2) * z + B3;
  return num / den;
}

/**
 * Scaled complementary error function erfcx(x) = exp(x^2) erfc(x) for x >= 0.46875 (the second and third Cody
 * intervals); smooth and free of overflow, the building block of every upper-tail probability here.
 */
function erfcxLarge(x: number): number {
  if (x <= 4) {
    let num = C[8] * x;
    let den = x;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * x;
      den = (den + D[i]) * x;
    }
    return (num + C[7]) / (den + D[7]);
  }
  const z = 1 / (x * x);
  let num = P[5] * z;
  let den = z;
  for (let i = 0; i < 4; i++) {
    num = (num + P[i]) * z;
    den = (den + Q[i]) * z;
  }
  const r = (z * (num + P[4])) / (den + Q[4]);
  return (ONE_OVER_SQRT_PI - r) / x;
}

/**
 * exp(-x^2) computed as exp(-h^2) exp(-(x-h)(x+h)) with h = x rounded down to a multiple of 1/16, so h^2 is exact
 * and the rounding error of x^2 (which is amplified by x^2 in the result) disappears (Cody's trick).
 */
export function expNegSquare(x: number): number {
  const h = Math.trunc(x * 16) / 16;
  return Math.exp(-h * h) * Math.exp(-(x - h) * (x + h));
}

/** Scaled complementary error function exp(x^2) erfc(x), for x >= 0. */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) throw new RangeError(`erfcx is implemented for x >= 0 only, got ${x}`);
  if (x <= 0.46875) return Math.exp(x * x) * (1 - x * erfSmallRatio(x));
  return erfcxLarge(x);
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.46875) return x * erfSmallRatio(x);
  if (y >= 6) return x > 0 ? 1 : -1;
  const r = 1 - expNegSquare(y) * erfcxLarge(y);
  return x > 0 ? r : -r;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.46875) return 1 - x * erfSmallRatio(x);
  if (x > 27.3) return 0; // underflows below the smallest subnormal
  const tail = y === Infinity ? 0 : expNegSquare(y) * erfcxLarge(y);
  return x > 0 ? tail : 2 - tail;
}
