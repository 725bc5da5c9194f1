// Inkwell's fused LSTM kernels, compiled to WebAssembly (SIMD128) by scripts/build-kernels.sh.
//
// Why our own kernels: tf.layers.lstm dispatches dozens of tiny ops per time step and reaches
// ~0.4 GFLOP/s. Here one call runs a whole sequence: the input projection for all steps is one
// large GEMM, and each recurrent step is one small register-blocked GEMM plus fused gate maths.
//
// Conventions (identical to Keras / tfjs-layers, so weights are interchangeable):
//   gates z = x W + h U + b, column blocks in order [i | f | c | o], each H wide;
//   i, f, o = sigmoid; g = tanh; c' = f c + i g; h' = o tanh(c').
// All matrices are row-major float32. Tensors are time-major: [T, B, D].
// No libc: the module imports its memory and exports plain functions over byte offsets.

#include <wasm_simd128.h>

typedef float f32;

// Multiply-add for the GEMM and matrix-vector loops: one fused instruction where the engine
// has relaxed SIMD (built with -mrelaxed-simd; each engine picks the build it validates),
// a multiply then an add otherwise. The gate maths keep separate multiply and add everywhere.
#ifdef __wasm_relaxed_simd__
#define MADD(a, b, acc) ((v128_t)__builtin_wasm_relaxed_madd_f32x4((__f32x4)(a), (__f32x4)(b), (__f32x4)(acc)))
#else
#define MADD(a, b, acc) wasm_f32x4_add((acc), wasm_f32x4_mul((a), (b)))
#endif

#define EXPORT(name) __attribute__((export_name(#name)))

// ---------------------------------------------------------------------------------------------
// exp / sigmoid / tanh, accurate to a few ulp (polynomial after range reduction) so the fused
// kernels match tfjs's results to ~1e-6.
static inline v128_t v_exp(v128_t x) {
  const v128_t hi = wasm_f32x4_splat(88.0f), lo = wasm_f32x4_splat(-87.0f);
  x = wasm_f32x4_pmin(wasm_f32x4_pmax(x, lo), hi);
  const v128_t log2e = wasm_f32x4_splat(1.44269504088896341f);
  v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(x, log2e));
  // x - n ln2 in two parts (Cody-Waite) to keep the reduction exact.
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693145751953125f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, wasm_f32x4_splat(1.428606765330187045e-06f)));
  v128_t p = wasm_f32x4_splat(1.9875691500e-4f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.3981999507e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(8.3334519073e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(4.1665795894e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.6666665459e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(5.0000001201e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, r), r), wasm_f32x4_add(r, wasm_f32x4_splat(1.0f)));
  // scale by 2^n through the exponent bits
  v128_t e = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, e);
}
static inline v128_t v_sigmoid(v128_t x) {
  const v128_t one = wasm_f32x4_splat(1.0f);
  return wasm_f32x4_div(one, wasm_f32x4_add(one, v_exp(wasm_f32x4_neg(x))));
}
static inline v128_t v_tanh(v128_t x) {
  // tanh(x) = sign(x) (1 - e) / (1 + e), e = exp(-2|x|): no overflow, no cancellation for large |x|.
  const v128_t one = wasm_f32x4_splat(1.0f);
  v128_t ax = wasm_f32x4_abs(x);
  v128_t e = v_exp(wasm_f32x4_mul(ax, wasm_f32x4_splat(-2.0f)));
  v128_t t = wasm_f32x4_div(wasm_f32x4_sub(one, e), wasm_f32x4_add(one, e));
  // small |x|: 1 - e loses digits; use the odd series x - x^3/3 + 2x^5/15 there
  v128_t x2 = wasm_f32x4_mul(x, x);
  v128_t s = wasm_f32x4_mul(x, wasm_f32x4_add(one, wasm_f32x4_mul(x2, wasm_f32x4_add(wasm_f32x4_splat(-0.333333333f), wasm_f32x4_mul(x2, wasm_f32x4_splat(0.133333333f))))));
  v128_t signed_t = wasm_v128_or(t, wasm_v128_and(x, wasm_i32x4_splat(0x80000000)));
  v128_t small = wasm_f32x4_lt(ax, wasm_f32x4_splat(0.004f));
  return wasm_v128_bitselect(s, signed_t, small);
}

// ---------------------------------------------------------------------------------------------
// GEMM: C (+)= A[M,K] * B[K,N]. N must be a multiple of 4 (callers pad). Register-blocked
// 4 rows x 8 columns; leftover rows run 1 x 8, leftover column quads 4 x 4 / 1 x 4.
static inline void gemm_block(int M, int N, int K, const f32* A, int lda, const f32* B, int ldb, f32* C, int ldc, int accumulate) {
  int m = 0;
  for (; m + 4 <= M; m += 4) {
    const f32 *a0 = A + (m + 0) * lda, *a1 = A + (m + 1) * lda, *a2 = A + (m + 2) * lda, *a3 = A + (m + 3) * lda;
    f32 *c0 = C + (m + 0) * ldc, *c1 = C + (m + 1) * ldc, *c2 = C + (m + 2) * ldc, *c3 = C + (m + 3) * ldc;
    int n = 0;
    for (; n + 8 <= N; n += 8) {
      v128_t s00 = wasm_f32x4_splat(0), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
      const f32* b = B + n;
      for (int k = 0; k < K; k++, b += ldb) {
        v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
        v128_t x = wasm_f32x4_splat(a0[k]);
        s00 = MADD(x, b0, s00); s01 = MADD(x, b1, s01);
        x = wasm_f32x4_splat(a1[k]);
        s10 = MADD(x, b0, s10); s11 = MADD(x, b1, s11);
        x = wasm_f32x4_splat(a2[k]);
        s20 = MADD(x, b0, s20); s21 = MADD(x, b1, s21);
        x = wasm_f32x4_splat(a3[k]);
        s30 = MADD(x, b0, s30); s31 = MADD(x, b1, s31);
      }
      if (accumulate) {
        s00 = wasm_f32x4_add(s00, wasm_v128_load(c0 + n)); s01 = wasm_f32x4_add(s01, wasm_v128_load(c0 + n + 4));
        s10 = wasm_f32x4_add(s10, wasm_v128_load(c1 + n)); s11 = wasm_f32x4_add(s11, wasm_v128_load(c1 + n + 4));
        s20 = wasm_f32x4_add(s20, wasm_v128_load(c2 + n)); s21 = wasm_f32x4_add(s21, wasm_v128_load(c2 + n + 4));
        s30 = wasm_f32x4_add(s30, wasm_v128_load(c3 + n)); s31 = wasm_f32x4_add(s31, wasm_v128_load(c3 + n + 4));
      }
      wasm_v128_store(c0 + n, s00); wasm_v128_store(c0 + n + 4, s01);
      wasm_v128_store(c1 + n, s10); wasm_v128_store(c1 + n + 4, s11);
      wasm_v128_store(c2 + n, s20); wasm_v128_store(c2 + n + 4, s21);
      wasm_v128_store(c3 + n, s30); wasm_v128_store(c3 + n + 4, s31);
    }
    for (; n + 4 <= N; n += 4) {
      v128_t s0 = wasm_f32x4_splat(0), s1 = s0, s2 = s0, s3 = s0;
      const f32* b = B + n;
      for (int k = 0; k < K; k++, b += ldb) {
        v128_t b0 = wasm_v128_load(b);
        s0 = MADD(wasm_f32x4_splat(a0[k]), b0, s0);
        s1 = MADD(wasm_f32x4_splat(a1[k]), b0, s1);
        s2 = MADD(wasm_f32x4_splat(a2[k]), b0, s2);
        s3 = MADD(wasm_f32x4_splat(a3[k]), b0, s3);
      }
      if (accumulate) {
        s0 = wasm_f32x4_add(s0, wasm_v128_load(c0 + n)); s1 = wasm_f32x4_add(s1, wasm_v128_load(c1 + n));
        s2 = wasm_f32x4_add(s2, wasm_v128_load(c2 + n)); s3 = wasm_f32x4_add(s3, wasm_v128_load(c3 + n));
      }
      wasm_v128_store(c0 + n, s0); wasm_v128_store(c1 + n, s1); wasm_v128_store(c2 + n, s2); wasm_v128_store(c3 + n, s3);
    }
  }
  for (; m < M; m++) {
    const f32* a0 = A + m * lda;
    f32* c0 = C + m * ldc;
    int n = 0;
    for (; n + 8 <= N; n += 8) {
      v128_t s0 = wasm_f32x4_splat(0), s1 = s0;
      const f32* b = B + n;
      for (int k = 0; k < K; k++, b += ldb) {
        v128_t x = wasm_f32x4_splat(a0[k]);
        s0 = MADD(x, wasm_v128_load(b), s0);
        s1 = MADD(x, wasm_v128_load(b + 4), s1);
      }
      if (accumulate) { s0 = wasm_f32x4_add(s0, wasm_v128_load(c0 + n)); s1 = wasm_f32x4_add(s1, wasm_v128_load(c0 + n + 4)); }
      wasm_v128_store(c0 + n, s0); wasm_v128_store(c0 + n + 4, s1);
    }
    for (; n + 4 <= N; n += 4) {
      v128_t s0 = wasm_f32x4_splat(0);
      const f32* b = B + n;
      for (int k = 0; k < K; k++, b += ldb) s0 = MADD(wasm_f32x4_splat(a0[k]), wasm_v128_load(b), s0);
      if (accumulate) s0 = wasm_f32x4_add(s0, wasm_v128_load(c0 + n));
      wasm_v128_store(c0 + n, s0);
    }
  }
}

#ifndef GEMM_MB
#define GEMM_MB 64
#endif
#ifndef GEMM_NB
#define GEMM_NB 16
#endif
// Cache blocking around the register-blocked kernel: a slab of GEMM_MB rows of A stays in L2
// while GEMM_NB-column strips of B (K x GEMM_NB, in L1) sweep across it. Without it every
// 4-row block streamed all of B from L3 (1.2 MB for a 384 x 768 projection).
EXPORT(gemm)
void gemm(int M, int N, int K, const f32* A, int lda, const f32* B, int ldb, f32* C, int ldc, int accumulate) {
  for (int m0 = 0; m0 < M; m0 += GEMM_MB) {
    const int mb = M - m0 < GEMM_MB ? M - m0 : GEMM_MB;
    for (int n0 = 0; n0 < N; n0 += GEMM_NB) {
      const int nb = N - n0 < GEMM_NB ? N - n0 : GEMM_NB;
      gemm_block(mb, nb, K, A + m0 * lda, lda, B + n0, ldb, C + m0 * ldc + n0, ldc, accumulate);
    }
  }
}

// AT[cols, rows] = A[rows, cols]^T, blocked for cache friendliness.
EXPORT(transpose)
void transpose(int rows, int cols, const f32* A, f32* AT) {
  for (int r0 = 0; r0 < rows; r0 += 16)
    for (int c0 = 0; c0 < cols; c0 += 16) {
      int r1 = r0 + 16 < rows ? r0 + 16 : rows, c1 = c0 + 16 < cols ? c0 + 16 : cols;
      for (int r = r0; r < r1; r++)
        for (int c = c0; c < c1; c++) AT[c * rows + r] = A[r * cols + c];
    }
}

// Adds bias[N] to every row of X[M, N] (N multiple of 4).
EXPORT(add_bias)
void add_bias(int M, int N, f32* X, const f32* bias) {
  for (int m = 0; m < M; m++) {
    f32* x = X + m * N;
    for (int n = 0; n < N; n += 4) wasm_v128_store(x + n, wasm_f32x4_add(wasm_v128_load(x + n), wasm_v128_load(bias + n)));
  }
}

// colsum[N] (+)= sum over rows of X[M, N] (bias gradients).
EXPORT(col_sum)
void col_sum(int M, int N, const f32* X, f32* out, int accumulate) {
  if (!accumulate) for (int n = 0; n < N; n++) out[n] = 0;
  for (int m = 0; m < M; m++) {
    const f32* x = X + m * N;
    for (int n = 0; n < N; n += 4) wasm_v128_store(out + n, wasm_f32x4_add(wasm_v128_load(out + n), wasm_v128_load(x + n)));
  }
}

// ---------------------------------------------------------------------------------------------
// One step of the gate maths for one sequence: z [4H] holds x W + h U + b; writes c [H] and
// h [H] from cprev (null at t = 0). With keep_gates the activated gates (i, f, g, o) replace z,
// for lstm_backward; inference skips those stores. Inlined with a constant keep_gates.
static inline void lstm_cell(int H, f32* z, const f32* cprev, f32* c, f32* h, int keep_gates) {
  for (int j = 0; j < H; j += 4) {
    v128_t i = v_sigmoid(wasm_v128_load(z + j));
    v128_t f = v_sigmoid(wasm_v128_load(z + H + j));
    v128_t g = v_tanh(wasm_v128_load(z + 2 * H + j));
    v128_t o = v_sigmoid(wasm_v128_load(z + 3 * H + j));
    v128_t cn = wasm_f32x4_mul(i, g);
    if (cprev) cn = wasm_f32x4_add(cn, wasm_f32x4_mul(f, wasm_v128_load(cprev + j)));
    if (keep_gates) {
      wasm_v128_store(z + j, i); wasm_v128_store(z + H + j, f);
      wasm_v128_store(z + 2 * H + j, g); wasm_v128_store(z + 3 * H + j, o);
    }
    wasm_v128_store(c + j, cn);
    wasm_v128_store(h + j, wasm_f32x4_mul(o, v_tanh(cn)));
  }
}

// LSTM forward over a whole sequence, zero initial state.
//   Z  [T, B, 4H]: in: x W + b for every step; out: the activated gates (i, f, g, o), kept for backward.
//   U  [H, 4H]:    recurrent kernel.
//   Hs [T, B, H], Cs [T, B, H]: out: hidden and cell states.
// H must be a multiple of 4.
EXPORT(lstm_forward)
void lstm_forward(int T, int B, int H, f32* Z, const f32* U, f32* Hs, f32* Cs) {
  const int G = 4 * H;
  for (int t = 0; t < T; t++) {
    f32* z = Z + t * B * G;
    if (t > 0) gemm(B, G, H, Hs + (t - 1) * B * H, H, U, G, z, G, 1);
    for (int b = 0; b < B; b++)
      lstm_cell(H, z + b * G, t > 0 ? Cs + ((t - 1) * B + b) * H : 0, Cs + (t * B + b) * H, Hs + (t * B + b) * H, 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Single-sequence inference path. With one sequence each recurrent step is a matrix-vector
// product, and the 4x8-blocked GEMM above starves: it keeps only two accumulators in flight
// and walks U with a 3 KB stride. Here U is pre-packed into 32-column panels, P[n/32][k][32],
// so each step streams U contiguously with eight independent accumulators.

// P = U[K, N] repacked into 32-column panels (N multiple of 32).
EXPORT(pack_panels)
void pack_panels(int K, int N, const f32* U, f32* P) {
  for (int n = 0; n < N; n += 32)
    for (int k = 0; k < K; k++) {
      const f32* u = U + k * N + n;
      f32* p = P + n * K + k * 32;
      for (int j = 0; j < 32; j += 4) wasm_v128_store(p + j, wasm_v128_load(u + j));
    }
}

// y[N] += x[K] P, P packed by pack_panels.
static inline void matvec_panels(int K, int N, const f32* x, const f32* P, f32* y) {
  for (int n = 0; n < N; n += 32) {
    const f32* p = P + n * K;
    v128_t s0 = wasm_v128_load(y + n), s1 = wasm_v128_load(y + n + 4), s2 = wasm_v128_load(y + n + 8), s3 = wasm_v128_load(y + n + 12);
    v128_t s4 = wasm_v128_load(y + n + 16), s5 = wasm_v128_load(y + n + 20), s6 = wasm_v128_load(y + n + 24), s7 = wasm_v128_load(y + n + 28);
    for (int k = 0; k < K; k++, p += 32) {
      v128_t xv = wasm_f32x4_splat(x[k]);
      s0 = MADD(xv, wasm_v128_load(p), s0);
      s1 = MADD(xv, wasm_v128_load(p + 4), s1);
      s2 = MADD(xv, wasm_v128_load(p + 8), s2);
      s3 = MADD(xv, wasm_v128_load(p + 12), s3);
      s4 = MADD(xv, wasm_v128_load(p + 16), s4);
      s5 = MADD(xv, wasm_v128_load(p + 20), s5);
      s6 = MADD(xv, wasm_v128_load(p + 24), s6);
      s7 = MADD(xv, wasm_v128_load(p + 28), s7);
    }
    wasm_v128_store(y + n, s0); wasm_v128_store(y + n + 4, s1); wasm_v128_store(y + n + 8, s2); wasm_v128_store(y + n + 12, s3);
    wasm_v128_store(y + n + 16, s4); wasm_v128_store(y + n + 20, s5); wasm_v128_store(y + n + 24, s6); wasm_v128_store(y + n + 28, s7);
  }
}

// lstm_forward for one sequence (B = 1), with the recurrent kernel packed by pack_panels
// (4H must be a multiple of 32). Same outputs as lstm_forward(T, 1, H, ...).
EXPORT(lstm_forward_single)
void lstm_forward_single(int T, int H, f32* Z, const f32* Upacked, f32* Hs, f32* Cs) {
  const int G = 4 * H;
  for (int t = 0; t < T; t++) {
    f32* z = Z + t * G;
    if (t > 0) matvec_panels(H, G, Hs + (t - 1) * H, Upacked, z);
    lstm_cell(H, z, t > 0 ? Cs + (t - 1) * H : 0, Cs + t * H, Hs + t * H, 0);
  }
}

// LSTM backward through time.
//   Z  [T, B, 4H]: activated gates from lstm_forward.  Cs [T, B, H]: cell states.
//   UT [4H, H]:    transposed recurrent kernel.
//   dH [T, B, H]:  in: dLoss/dh_t from above; clobbered (recurrent terms are added in place).
//   dZ [T, B, 4H]: out: dLoss/d(pre-activation gates). dC [B, H]: scratch.
// Weight gradients are formed by the caller with large GEMMs over all steps at once.
EXPORT(lstm_backward)
void lstm_backward(int T, int B, int H, const f32* Z, const f32* Cs, const f32* UT, f32* dH, f32* dZ, f32* dC) {
  const int G = 4 * H;
  const v128_t one = wasm_f32x4_splat(1.0f);
  for (int n = 0; n < B * H; n++) dC[n] = 0;
  for (int t = T - 1; t >= 0; t--) {
    for (int b = 0; b < B; b++) {
      const f32* zb = Z + (t * B + b) * G;
      f32* dzb = dZ + (t * B + b) * G;
      const f32* c = Cs + (t * B + b) * H;
      const f32* cprev = t > 0 ? Cs + ((t - 1) * B + b) * H : 0;
      const f32* dh = dH + (t * B + b) * H;
      f32* dc = dC + b * H;
      for (int j = 0; j < H; j += 4) {
        v128_t i = wasm_v128_load(zb + j), f = wasm_v128_load(zb + H + j);
        v128_t g = wasm_v128_load(zb + 2 * H + j), o = wasm_v128_load(zb + 3 * H + j);
        v128_t tc = v_tanh(wasm_v128_load(c + j));
        v128_t dhv = wasm_v128_load(dh + j);
        v128_t dcv = wasm_f32x4_add(wasm_v128_load(dc + j), wasm_f32x4_mul(wasm_f32x4_mul(dhv, o), wasm_f32x4_sub(one, wasm_f32x4_mul(tc, tc))));
        v128_t cp = cprev ? wasm_v128_load(cprev + j) : wasm_f32x4_splat(0);
        v128_t dzi = wasm_f32x4_mul(wasm_f32x4_mul(dcv, g), wasm_f32x4_mul(i, wasm_f32x4_sub(one, i)));
        v128_t dzf = wasm_f32x4_mul(wasm_f32x4_mul(dcv, cp), wasm_f32x4_mul(f, wasm_f32x4_sub(one, f)));
        v128_t dzg = wasm_f32x4_mul(wasm_f32x4_mul(dcv, i), wasm_f32x4_sub(one, wasm_f32x4_mul(g, g)));
        v128_t dzo = wasm_f32x4_mul(wasm_f32x4_mul(dhv, tc), wasm_f32x4_mul(o, wasm_f32x4_sub(one, o)));
        wasm_v128_store(dzb + j, dzi); wasm_v128_store(dzb + H + j, dzf);
        wasm_v128_store(dzb + 2 * H + j, dzg); wasm_v128_store(dzb + 3 * H + j, dzo);
        wasm_v128_store(dc + j, wasm_f32x4_mul(dcv, f));
      }
    }
    // dh_{t-1} += dz_t U^T
    if (t > 0) gemm(B, H, G, dZ + t * B * G, G, UT, H, dH + (t - 1) * B * H, H, 1);
  }
}

// Copies rows of D floats between time-major buffers, optionally reversing each sequence
// within its own length (the backward half of a bidirectional layer reads its input this way).
//   dst[(t*B+b)*dstStride + ...] = src[(t'*B+b)*srcStride + ...], t' = reverse && t < len[b] ? len[b]-1-t : t.
// Steps at or past len[b] are zero-filled in dst, so padding never leaks into real frames.
EXPORT(copy_steps)
void copy_steps(int T, int B, int D, const int* lens, const f32* src, int srcStride, f32* dst, int dstStride, int reverse) {
  for (int t = 0; t < T; t++)
    for (int b = 0; b < B; b++) {
      f32* d = dst + (t * B + b) * dstStride;
      int len = lens[b];
      if (t >= len) { for (int k = 0; k < D; k++) d[k] = 0; continue; }
      int ts = reverse ? len - 1 - t : t;
      const f32* s = src + (ts * B + b) * srcStride;
      for (int k = 0; k < D; k++) d[k] = s[k];
    }
}

// Adds rows like copy_steps does, for gradients flowing back into a shared input.
EXPORT(add_steps)
void add_steps(int T, int B, int D, const int* lens, const f32* src, int srcStride, f32* dst, int dstStride, int reverse) {
  for (int t = 0; t < T; t++)
    for (int b = 0; b < B; b++) {
      int len = lens[b];
      if (t >= len) continue;
      int ts = reverse ? len - 1 - t : t;
      const f32* s = src + (ts * B + b) * srcStride;
      f32* d = dst + (t * B + b) * dstStride;
      for (int k = 0; k < D; k++) d[k] += s[k];
    }
}

// ---------------------------------------------------------------------------------------------
// int8 inference path (lib/model/quantize.ts documents the scheme):
//   weights: int8, symmetric per output column, |w| ≤ 127, packed by packPanelsInt8 into
//            32-column panels of 4-row groups: P[n/32][k/4][32 columns][4 rows];
//   activations: per row (a time step, or h of one step), symmetric 7-bit, |q| ≤ 63, stored
//            biased as q + 64 ∈ [1, 127] so the top bit is clear: that is the range in which
//            relaxed SIMD's i8×i7 dot product is exact on every engine (x86 reads that operand
//            unsigned). The bias is undone with corr[n] = 64 Σ_k W[k, n], precomputed.
// Both builds form the same exact int32 sums Σ_k W[k, n] q[k] (|sum| ≤ 127·63·K < 2^24, so the
// conversion to float is exact too): relaxed builds with i32x4.relaxed_dot_i8x16_i7x16_add_s on
// int8 panels; plain builds with i32x4.dot_i16x8_s on the same panels widened to int16 (element
// for element, by the loader: `wt` below), because widening int8 in the loop cost as many
// instructions as the float kernels and bought nothing. For the same reason the plain builds
// keep the biased activations as 16-bit codes (`xt`: the same values, twice the bytes;
// LstmKernels.activationBytes): a step's 4 codes then splat with one 64-bit load instead of a
// 32-bit load plus a widening, which took the plain gemm_i8 from 1.5× to 1.8× the float gemm's
// multiply-adds per second (an L1-resident 64×256×32, where both are at their multiply ports'
// limit: dot_i16x8 does 8 multiply-adds, f32x4.mul 4).
typedef signed char i8;
typedef unsigned char u8;
#ifdef __wasm_relaxed_simd__
typedef u8 xt;
#else
typedef unsigned short xt;
#endif
typedef int i32;
#define QX_BIAS 64

#ifdef __wasm_relaxed_simd__
typedef i8 wt;
typedef signed char i8x16_t __attribute__((vector_size(16)));
typedef int i32x4_t __attribute__((vector_size(16)));
#define DOT4(w, x, acc) ((v128_t)__builtin_wasm_relaxed_dot_i8x16_i7x16_add_s_i32x4((i8x16_t)(w), (i8x16_t)(x), (i32x4_t)(acc)))
#endif

// Quantises one row x[K] into q[Kp] (biased codes of `xt`; columns K..Kp-1 hold a zero, i.e. 64);
// returns the scale.
static inline f32 quantize_row(int K, int Kp, const f32* x, xt* q) {
  v128_t vmax = wasm_f32x4_splat(0);
  int k = 0;
  for (; k + 4 <= K; k += 4) vmax = wasm_f32x4_pmax(vmax, wasm_f32x4_abs(wasm_v128_load(x + k)));
  f32 amax = wasm_f32x4_extract_lane(vmax, 0);
  f32 l1 = wasm_f32x4_extract_lane(vmax, 1), l2 = wasm_f32x4_extract_lane(vmax, 2), l3 = wasm_f32x4_extract_lane(vmax, 3);
  if (l1 > amax) amax = l1;
  if (l2 > amax) amax = l2;
  if (l3 > amax) amax = l3;
  for (; k < K; k++) {
    f32 a = x[k] < 0 ? -x[k] : x[k];
    if (a > amax) amax = a;
  }
  if (!(amax > 0)) {
    for (k = 0; k < Kp; k++) q[k] = QX_BIAS;
    return 0;
  }
  const f32 inv = 63.0f / amax;
  const v128_t vinv = wasm_f32x4_splat(inv), bias = wasm_i32x4_splat(QX_BIAS);
#define QV(o) wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_nearest(wasm_f32x4_mul(wasm_v128_load(x + k + (o)), vinv))), bias)
  for (k = 0; k + 16 <= K; k += 16) {
    v128_t ab = wasm_i16x8_narrow_i32x4(QV(0), QV(4)), cd = wasm_i16x8_narrow_i32x4(QV(8), QV(12));
#ifdef __wasm_relaxed_simd__
    wasm_v128_store(q + k, wasm_u8x16_narrow_i16x8(ab, cd));
#else
    wasm_v128_store(q + k, ab); wasm_v128_store(q + k + 8, cd);
#endif
  }
#undef QV
  for (; k < K; k++) {
    int v = (int)wasm_f32x4_extract_lane(wasm_f32x4_nearest(wasm_f32x4_splat(x[k] * inv)), 0);
    q[k] = (xt)(v + QX_BIAS);
  }
  for (; k < Kp; k++) q[k] = QX_BIAS;
  return amax / 63.0f;
}

// Q[M, Kp] (biased 7-bit codes of `xt`) and scales[M] from X[M, K] (row stride ldx).
EXPORT(quantize_rows)
void quantize_rows(int M, int K, int Kp, const f32* X, int ldx, xt* Q, f32* scales) {
  for (int m = 0; m < M; m++) scales[m] = quantize_row(K, Kp, X + m * ldx, Q + m * Kp);
}

// Plain builds: the four column sums of one packed vector from its two dot_i16x8 halves
// (lo = [c0 k0k1, c0 k2k3, c1 k0k1, c1 k2k3], hi likewise for c2, c3).
#ifndef __wasm_relaxed_simd__
typedef short wt;
static inline v128_t reduce_halves(v128_t lo, v128_t hi) {
  return wasm_i32x4_add(wasm_i32x4_shuffle(lo, hi, 0, 2, 4, 6), wasm_i32x4_shuffle(lo, hi, 1, 3, 5, 7));
}
#define DOTW(p, x) wasm_i32x4_dot_i16x8(wasm_v128_load(p), (x))
// 4 biased 16-bit activations, splatted: [x0 x1 x2 x3 x0 x1 x2 x3].
#define XSPLAT16(p) wasm_v128_load64_splat(p)
#endif

// Epilogue for 4 columns: the exact sums s (biased), minus corr; either stored raw (int32) or
// dequantised: y = base + float(s - corr) · sx · ws (base = bias, or y itself, or 0).
static inline void emit4(v128_t s, const i32* corr, f32 sx, const f32* ws, const f32* base, f32* y, i32* raw) {
  v128_t v = wasm_i32x4_sub(s, wasm_v128_load(corr));
  if (raw) {
    wasm_v128_store(raw, v);
    return;
  }
  v128_t r = wasm_f32x4_mul(wasm_f32x4_convert_i32x4(v), wasm_f32x4_mul(wasm_f32x4_splat(sx), wasm_v128_load(ws)));
  if (base) r = wasm_f32x4_add(wasm_v128_load(base), r);
  wasm_v128_store(y, r);
}

// One row against all panels: y[N] = base + dequant(x P). x biased [Kp], Kp multiple of 4, N of 32.
#define E(v, s) emit4((s), corr + n0 + 4 * (v), sx, ws + n0 + 4 * (v), base ? base + n0 + 4 * (v) : 0, y + n0 + 4 * (v), raw ? raw + n0 + 4 * (v) : 0)
static inline void row_panels_i8(int N, int Kp, const xt* x, f32 sx, const wt* P, const i32* corr, const f32* ws, const f32* base, f32* y, i32* raw) {
  const int G4 = Kp >> 2;
  for (int n0 = 0; n0 < N; n0 += 32) {
    const wt* pp = P + n0 * Kp;
#ifdef __wasm_relaxed_simd__
    v128_t s0 = wasm_i32x4_splat(0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
    const wt* p = pp;
    for (int g = 0; g < G4; g++, p += 128) {
      v128_t xv = wasm_v128_load32_splat(x + 4 * g);
      s0 = DOT4(wasm_v128_load(p), xv, s0);
      s1 = DOT4(wasm_v128_load(p + 16), xv, s1);
      s2 = DOT4(wasm_v128_load(p + 32), xv, s2);
      s3 = DOT4(wasm_v128_load(p + 48), xv, s3);
      s4 = DOT4(wasm_v128_load(p + 64), xv, s4);
      s5 = DOT4(wasm_v128_load(p + 80), xv, s5);
      s6 = DOT4(wasm_v128_load(p + 96), xv, s6);
      s7 = DOT4(wasm_v128_load(p + 112), xv, s7);
    }
#define E(v, s) emit4((s), corr + n0 + 4 * (v), sx, ws + n0 + 4 * (v), base ? base + n0 + 4 * (v) : 0, y + n0 + 4 * (v), raw ? raw + n0 + 4 * (v) : 0)
    E(0, s0); E(1, s1); E(2, s2); E(3, s3); E(4, s4); E(5, s5); E(6, s6); E(7, s7);
#else
    for (int half = 0; half < 8; half += 4) {
      v128_t l0 = wasm_i32x4_splat(0), h0 = l0, l1 = l0, h1 = l0, l2 = l0, h2 = l0, l3 = l0, h3 = l0;
      const wt* p = pp + 16 * half;
      for (int g = 0; g < G4; g++, p += 128) {
        v128_t xv = XSPLAT16(x + 4 * g);
        l0 = wasm_i32x4_add(l0, DOTW(p, xv)); h0 = wasm_i32x4_add(h0, DOTW(p + 8, xv));
        l1 = wasm_i32x4_add(l1, DOTW(p + 16, xv)); h1 = wasm_i32x4_add(h1, DOTW(p + 24, xv));
        l2 = wasm_i32x4_add(l2, DOTW(p + 32, xv)); h2 = wasm_i32x4_add(h2, DOTW(p + 40, xv));
        l3 = wasm_i32x4_add(l3, DOTW(p + 48, xv)); h3 = wasm_i32x4_add(h3, DOTW(p + 56, xv));
      }
      E(half + 0, reduce_halves(l0, h0)); E(half + 1, reduce_halves(l1, h1));
      E(half + 2, reduce_halves(l2, h2)); E(half + 3, reduce_halves(l3, h3));
    }
#endif
  }
}

// The shared body of gemm_i8 and gemm_i8_raw. Cache-blocked like gemm: a slab of GEMM_MB rows of
// Q (≤ 24 KB) against one strip of a panel at a time (Kp × 8 columns relaxed, × 4 plain: ≤ 3 KB,
// in L1), the rows in blocks of 4 so that every weight load serves four rows. Rows left over in
// a slab run one at a time.
static inline void gemm_i8_body(int M, int N, int Kp, const xt* Q, const f32* xs, const wt* P, const i32* corr, const f32* ws, const f32* bias, f32* Z, int ldz, i32* raw) {
  const int G4 = Kp >> 2;
  for (int m0 = 0; m0 < M; m0 += GEMM_MB) {
    const int m1 = M - m0 < GEMM_MB ? M : m0 + GEMM_MB;
    const int m4 = m0 + ((m1 - m0) & ~3);
    for (int n0 = 0; n0 < N; n0 += 32) {
      const wt* pp = P + n0 * Kp;
#define E4(r, sxr, n, s) emit4(s, corr + (n), sxr, ws + (n), bias ? bias + (n) : 0, Z + (m + r) * ldz + (n), raw ? raw + (m + r) * N + (n) : 0)
#ifdef __wasm_relaxed_simd__
      for (int v = 0; v < 8; v += 2) {
        for (int m = m0; m < m4; m += 4) {
          const xt *x0 = Q + m * Kp, *x1 = x0 + Kp, *x2 = x1 + Kp, *x3 = x2 + Kp;
          v128_t a0 = wasm_i32x4_splat(0), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
          const wt* p = pp + 16 * v;
          for (int g = 0; g < G4; g++, p += 128) {
            v128_t w0 = wasm_v128_load(p), w1 = wasm_v128_load(p + 16);
            v128_t x = wasm_v128_load32_splat(x0 + 4 * g);
            a0 = DOT4(w0, x, a0); a1 = DOT4(w1, x, a1);
            x = wasm_v128_load32_splat(x1 + 4 * g);
            b0 = DOT4(w0, x, b0); b1 = DOT4(w1, x, b1);
            x = wasm_v128_load32_splat(x2 + 4 * g);
            c0 = DOT4(w0, x, c0); c1 = DOT4(w1, x, c1);
            x = wasm_v128_load32_splat(x3 + 4 * g);
            d0 = DOT4(w0, x, d0); d1 = DOT4(w1, x, d1);
          }
          const f32 sx0 = raw ? 0 : xs[m], sx1 = raw ? 0 : xs[m + 1], sx2 = raw ? 0 : xs[m + 2], sx3 = raw ? 0 : xs[m + 3];
          const int n = n0 + 4 * v;
          E4(0, sx0, n, a0); E4(0, sx0, n + 4, a1);
          E4(1, sx1, n, b0); E4(1, sx1, n + 4, b1);
          E4(2, sx2, n, c0); E4(2, sx2, n + 4, c1);
          E4(3, sx3, n, d0); E4(3, sx3, n + 4, d1);
        }
      }
#else
      for (int v = 0; v < 8; v++) {
        for (int m = m0; m < m4; m += 4) {
          const xt *x0 = Q + m * Kp, *x1 = x0 + Kp, *x2 = x1 + Kp, *x3 = x2 + Kp;
          v128_t la = wasm_i32x4_splat(0), ha = la, lb = la, hb = la, lc = la, hc = la, ld = la, hd = la;
          const wt* p = pp + 16 * v;
          for (int g = 0; g < G4; g++, p += 128) {
            v128_t wl = wasm_v128_load(p), wh = wasm_v128_load(p + 8);
            v128_t x = XSPLAT16(x0 + 4 * g);
            la = wasm_i32x4_add(la, wasm_i32x4_dot_i16x8(wl, x)); ha = wasm_i32x4_add(ha, wasm_i32x4_dot_i16x8(wh, x));
            x = XSPLAT16(x1 + 4 * g);
            lb = wasm_i32x4_add(lb, wasm_i32x4_dot_i16x8(wl, x)); hb = wasm_i32x4_add(hb, wasm_i32x4_dot_i16x8(wh, x));
            x = XSPLAT16(x2 + 4 * g);
            lc = wasm_i32x4_add(lc, wasm_i32x4_dot_i16x8(wl, x)); hc = wasm_i32x4_add(hc, wasm_i32x4_dot_i16x8(wh, x));
            x = XSPLAT16(x3 + 4 * g);
            ld = wasm_i32x4_add(ld, wasm_i32x4_dot_i16x8(wl, x)); hd = wasm_i32x4_add(hd, wasm_i32x4_dot_i16x8(wh, x));
          }
          const f32 sx0 = raw ? 0 : xs[m], sx1 = raw ? 0 : xs[m + 1], sx2 = raw ? 0 : xs[m + 2], sx3 = raw ? 0 : xs[m + 3];
          const int n = n0 + 4 * v;
          E4(0, sx0, n, reduce_halves(la, ha));
          E4(1, sx1, n, reduce_halves(lb, hb));
          E4(2, sx2, n, reduce_halves(lc, hc));
          E4(3, sx3, n, reduce_halves(ld, hd));
        }
      }
#endif
#undef E4
    }
    for (int m = m4; m < m1; m++)
      row_panels_i8(N, Kp, Q + m * Kp, raw ? 0 : xs[m], P, corr, ws, bias, Z + m * ldz, raw ? raw + m * N : 0);
  }
}
#undef E

// Z[M, N] (row stride ldz) = bias + dequant(Q P): the int8 input projection (bias may be 0).
EXPORT(gemm_i8)
void gemm_i8(int M, int N, int Kp, const xt* Q, const f32* xs, const wt* P, const i32* corr, const f32* ws, const f32* bias, f32* Z, int ldz) {
  gemm_i8_body(M, N, Kp, Q, xs, P, corr, ws, bias, Z, ldz, 0);
}

// raw[M, N] = the exact integer sums Σ_k W[k, n] q[m, k] (tests, and the int8 peak benchmark).
EXPORT(gemm_i8_raw)
void gemm_i8_raw(int M, int N, int Kp, const xt* Q, const wt* P, const i32* corr, i32* raw) {
  gemm_i8_body(M, N, Kp, Q, 0, P, corr, 0, 0, 0, 0, raw);
}

// The int8 recurrence's gate maths. The float kernels' cell (lstm_cell) is accurate to a few ulp
// to match tfjs; here h is about to be rounded to 7 bits (a step of max|h| / 63), so the gates
// only need to be far inside that, and they took over a quarter of the int8 recurrence's time:
//   - every gate from one e = exp(-a) (σ(a) = 1 / (1 + e), tanh(a) = 2σ(2a) - 1), exp by 2^n
//     times a degree-5 polynomial of r = a - n ln 2 (|r| ≤ ln 2 / 2, relative error < 3e-6, against
//     v_exp's degree 7 and two-part reduction);
//   - arguments clamped to ±20 (σ(±20) and tanh(±10) are within 2e-9 of their limits), so no
//     e exceeds 5e8 and a product of three stays far from overflow;
//   - the products share denominators, two divisions per 4 units instead of five:
//     c' = f c + i g = (c (1 + e_g)(1 + e_i) + (1 - e_g)(1 + e_f)) / ((1 + e_f)(1 + e_g)(1 + e_i)),
//     h' = o tanh(c') = (1 - e_c) / ((1 + e_c)(1 + e_o)).
// Separate multiply and add, as in lstm_cell, so relaxed and plain builds agree bit for bit.
static inline v128_t v_exp_gate(v128_t a) {
  const v128_t lim = wasm_f32x4_splat(20.0f);
  a = wasm_f32x4_pmin(wasm_f32x4_pmax(a, wasm_f32x4_neg(lim)), lim);
  v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(a, wasm_f32x4_splat(1.44269504088896341f)));
  v128_t r = wasm_f32x4_sub(a, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693147180559945f)));
  v128_t p = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_splat(1.0f / 120), r), wasm_f32x4_splat(1.0f / 24));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.0f / 6));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.5f));
  p = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, r), r), wasm_f32x4_add(r, wasm_f32x4_splat(1.0f)));
  v128_t e = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, e);
}
static inline void lstm_cell_i8(int H, const f32* z, const f32* cprev, f32* c, f32* h) {
  const v128_t one = wasm_f32x4_splat(1.0f), minus2 = wasm_f32x4_splat(-2.0f);
  for (int j = 0; j < H; j += 4) {
    v128_t ei1 = wasm_f32x4_add(one, v_exp_gate(wasm_f32x4_neg(wasm_v128_load(z + j))));
    v128_t eg = v_exp_gate(wasm_f32x4_mul(wasm_v128_load(z + 2 * H + j), minus2));
    v128_t eo1 = wasm_f32x4_add(one, v_exp_gate(wasm_f32x4_neg(wasm_v128_load(z + 3 * H + j))));
    v128_t eg1 = wasm_f32x4_add(one, eg), ig_num = wasm_f32x4_sub(one, eg);
    v128_t den = wasm_f32x4_mul(eg1, ei1);
    v128_t cn;
    if (cprev) {
      v128_t ef1 = wasm_f32x4_add(one, v_exp_gate(wasm_f32x4_neg(wasm_v128_load(z + H + j))));
      v128_t num = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(cprev + j), den), wasm_f32x4_mul(ig_num, ef1));
      cn = wasm_f32x4_div(num, wasm_f32x4_mul(den, ef1));
    } else {
      cn = wasm_f32x4_div(ig_num, den);
    }
    v128_t ec = v_exp_gate(wasm_f32x4_mul(cn, minus2));
    wasm_v128_store(c + j, cn);
    wasm_v128_store(h + j, wasm_f32x4_div(wasm_f32x4_sub(one, ec), wasm_f32x4_mul(wasm_f32x4_add(one, ec), eo1)));
  }
}

// lstm_forward_single with the recurrent product in int8: h_{t-1} is quantised per step into
// hq [H codes of `xt`] and multiplied by the packed int8 recurrent kernel. Z holds x W + b on entry.
EXPORT(lstm_forward_single_i8)
void lstm_forward_single_i8(int T, int H, f32* Z, const wt* P, const i32* corr, const f32* ws, f32* Hs, f32* Cs, xt* hq) {
  const int G = 4 * H;
  for (int t = 0; t < T; t++) {
    f32* z = Z + t * G;
    if (t > 0) {
      const f32 sh = quantize_row(H, H, Hs + (t - 1) * H, hq);
      if (sh > 0) row_panels_i8(G, H, hq, sh, P, corr, ws, z, z, 0);
    }
    lstm_cell_i8(H, z, t > 0 ? Cs + (t - 1) * H : 0, Cs + t * H, Hs + t * H);
  }
}
