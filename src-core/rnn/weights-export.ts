/**
 * The weights of a trained network as named arrays for export (`rnn train --save-weights`): the trained W, U, b, V,
 * c, x0 and the same before training (suffix `_initial`, before any flossing), each with its matrix shape. Names
 * follow the science note: W is N x N (row i = postsynaptic unit), U is N x nIn, V is nOut x N.
 */
import type { NamedArray } from '../io/npy-writer';
import type { RnnParams, RnnShape } from './params';

function named(params: RnnParams, shape: RnnShape, suffix: string): NamedArray[] {
  const { n, nIn, nOut } = shape;
  return [
    { name: `W${suffix}`, data: params.w, shape: [n, n] },
    { name: `U${suffix}`, data: params.u, shape: [n, nIn] },
    { name: `b${suffix}`, data: params.b, shape: [n] },
    { name: `V${suffix}`, data: params.v, shape: [nOut, n] },
    { name: `c${suffix}`, data: params.c, shape: [nOut] },
    { name: `x0${suffix}`, data: params.x0, shape: [n] },
  ];
}

export function exportedWeights(params: RnnParams, initial: RnnParams): NamedArray[] {
  const n = params.b.length;
  const shape = { n, nIn: n === 0 ? 0 : params.u.length / n, nOut: params.c.length };
  return [...named(params, shape, ''), ...named(initial, shape, '_initial')];
}
