/** Rows per chunk of the A^T B products (gemm-tn.ts, gemm32.ts): 128 rows of two 200-wide operands are 400 KB. */
export const TN_CHUNK = 128;
