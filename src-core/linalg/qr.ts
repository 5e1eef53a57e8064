/**
 * Thin QR factorisation of a tall matrix A (n x k, k <= n) and its reverse-mode adjoint, as needed by the
 * Benettin/QR method for Lyapunov exponents and by gradient flossing (Engelken 2023).
 *
 * Storage: the k columns of A and Q are stored as the k contiguous ROWS of a k x n array ("column-stored"), because
 * every operation here works column by column. R is k x k row-major, upper triangular with a positive diagonal.
 *
 * The factorisation is classical Gram-Schmidt applied twice (CGS2), which is as accurate as Householder for these
 * well-conditioned tangent bases and, unlike Householder, gives R_ii > 0 for every input: Q and R are then smooth
 * functions of A, which the adjoint and finite-difference checks rely on.
 */

/** QR of the column-stored A (k x n) into column-stored Q (k x n) and R (k x k). Throws on rank deficiency. */
export function qrColumns(a: Float64Array, n: number, k: number, q: Float64Array, r: Float64Array): void {
  if (k > n) throw new RangeError(`QR needs k <= n, got k=${k}, n=${n}`);
  r.fill(0, 0, k * k);
  for (let j = 0; j < k; j++) {
    const qj = j * n;
    for (let p = 0; p < n; p++) q[qj + p] = a[qj + p];
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        const qi = i * n;
        let s = 0;
        for (let p = 0; p < n; p++) s += q[qi + p] * q[qj + p];
        r[i * k + j] += s;
        for (let p = 0; p < n; p++) q[qj + p] -= s * q[qi + p];
      }
    }
    let norm2 = 0;
    for (let p = 0; p < n; p++) norm2 += q[qj + p] * q[qj + p];
    const norm = Math.sqrt(norm2);
    if (!(norm > 0) || !Number.isFinite(norm)) {
      throw new Error(`QR: column ${j} is linearly dependent on the previous ones (or not finite); the tangent basis collapsed`);
    }
    r[j * k + j] = norm;
    const inv = 1 / norm;
    for (let p = 0; p < n; p++) q[qj + p] *= inv;
  }
}

/**
 * Reverse-mode adjoint of A = QR (column-stored, k <= n): given the incoming gradients Qbar (k x n, column-stored)
 * and Rbar (k x k), writes Abar (k x n, column-stored). Standard formula (e.g. Walter & Lehmann 2018; used by
 * Engelken's flossing code through autograd):
 *   M = R Rbar^T - Qbar^T Q,   Abar = (Qbar + Q copyltu(M)) R^{-T},   copyltu(M) = tril(M) + tril(M, -1)^T.
 * `work` needs k*k + k*n entries.
 */
export function qrAdjoint(
  q: Float64Array, r: Float64Array, qbar: Float64Array, rbar: Float64Array, n: number, k: number,
  abar: Float64Array, work = new Float64Array(k * k + k * n),
): void {
  const m = work.subarray(0, k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      // (R Rbar^T)_ij = sum_l R_il Rbar_jl; R is upper triangular so l starts at i.
      for (let l = i; l < k; l++) s += r[i * k + l] * rbar[j * k + l];
      // (Qbar^T Q)_ij: dot of the i-th column of Qbar with the j-th column of Q.
      const qi = i * n, qj = j * n;
      let t = 0;
      for (let p = 0; p < n; p++) t += qbar[qi + p] * q[qj + p];
      m[i * k + j] = s - t;
    }
  }
  // Y = Qbar + Q C with C = copyltu(M) symmetric: column j of Y is qbar_j + sum_i C_ij q_i.
  const y = work.subarray(k * k, k * k + k * n);
  for (let j = 0; j < k; j++) {
    const yj = j * n;
    for (let p = 0; p < n; p++) y[yj + p] = qbar[yj + p];
    for (let i = 0; i < k; i++) {
      const c = i >= j ? m[i * k + j] : m[j * k + i];
      if (c === 0) continue;
      const qi = i * n;
      for (let p = 0; p < n; p++) y[yj + p] += c * q[qi + p];
    }
  }
  // Abar = Y R^{-T}  <=>  Abar R^T = Y  <=>  y_j = sum_{l >= j} R_jl abar_l: back substitution from the last column.
  for (let j = k - 1; j >= 0; j--) {
    const aj = j * n;
    for (let p = 0; p < n; p++) abar[aj + p] = y[aj + p];
    for (let l = j + 1; l < k; l++) {
      const rjl = r[j * k + l];
      if (rjl === 0) continue;
      const al = l * n;
      for (let p = 0; p < n; p++) abar[aj + p] -= rjl * abar[al + p];
    }
    const inv = 1 / r[j * k + j];
    for (let p = 0; p < n; p++) abar[aj + p] *= inv;
  }
}

/** A random orthonormal set of k vectors in R^n (column-stored), from the QR of a Gaussian matrix. */
export function randomOrthonormal(normal: () => number, n: number, k: number): Float64Array {
  const a = new Float64Array(k * n);
  for (let i = 0; i < a.length; i++) a[i] = normal();
  const q = new Float64Array(k * n);
  qrColumns(a, n, k, q, new Float64Array(k * k));
  return q;
}
