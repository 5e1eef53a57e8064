/** Special functions used by the distribution families and tests; see each file for the algorithm and its source. */
export { erf, erfc, erfcx } from './erf';
export {
  LOG_SQRT_2PI,
  normalPdf,
  normalCdf,
  normalSf,
  normalLogCdf,
  normalLogSf,
  normalPitInto,
  normalQuantile,
  normalQuantileUpper,
  normalQuantileFromLog,
} from './normal';
export { logGamma, gammaFn, digamma, trigamma, stirlingError, log1pmx } from './gamma';
export {
  gammaP,
  gammaQ,
  logGammaP,
  logGammaQ,
  gammaPrefix,
  logGammaPrefix,
  gammaPInverse,
  gammaQInverse,
} from './incomplete-gamma';
