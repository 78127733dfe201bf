// A six-row 8 x 8 transpose for packing row-major A into MR-tall slivers, shared by the AVX2 and AVX-512 units
// (AVX2 instructions only). Included inside `namespace tfn { namespace {` after <immintrin.h>.
//
// pack_six_rows(src, lda, kc, dst, stride) writes dst[p * stride + i] = src[i * lda + p] for i < 6, p < kc: eight
// depth steps at a time as an 8 x 8 transpose (rows 6 and 7 zero) whose first six lanes are stored. The scalar
// loop took about 1 cycle per element, 13% of a 256x784x128 product on one AVX2 thread.
static inline void pack_six_rows(const float* src, int64_t lda, int64_t kc, float* dst, int64_t stride) {
  int64_t p = 0;
  const __m256 zero = _mm256_setzero_ps();
  for (; p + 8 <= kc; p += 8) {
    __m256 r0 = _mm256_loadu_ps(src + p), r1 = _mm256_loadu_ps(src + lda + p);
    __m256 r2 = _mm256_loadu_ps(src + 2 * lda + p), r3 = _mm256_loadu_ps(src + 3 * lda + p);
    __m256 r4 = _mm256_loadu_ps(src + 4 * lda + p), r5 = _mm256_loadu_ps(src + 5 * lda + p);
    // Standard 8 x 8 transpose: interleave pairs, then quadruples, then 128-bit halves.
    __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 u4 = _mm256_shuffle_ps(t4, zero, 0x44), u5 = _mm256_shuffle_ps(t4, zero, 0xEE);
    __m256 u6 = _mm256_shuffle_ps(t5, zero, 0x44), u7 = _mm256_shuffle_ps(t5, zero, 0xEE);
    // Column q of the block: low 4 lanes from u(q%4) (rows 0-3), next 2 from u(4 + q%4) (rows 4-5).
    __m256 col[8] = {
        _mm256_permute2f128_ps(u0, u4, 0x20), _mm256_permute2f128_ps(u1, u5, 0x20),
        _mm256_permute2f128_ps(u2, u6, 0x20), _mm256_permute2f128_ps(u3, u7, 0x20),
        _mm256_permute2f128_ps(u0, u4, 0x31), _mm256_permute2f128_ps(u1, u5, 0x31),
        _mm256_permute2f128_ps(u2, u6, 0x31), _mm256_permute2f128_ps(u3, u7, 0x31),
    };
    float* d = dst + p * stride;
    // Each column is 6 floats: store 4 + 2 lanes (an 8-lane store would run past the sliver on the last block, or
    // over the other half of a 12-row sliver).
    for (int q = 0; q < 8; ++q) {
      __m128 lo = _mm256_castps256_ps128(col[q]);
      __m128 hi = _mm256_extractf128_ps(col[q], 1);
      _mm_storeu_ps(d + q * stride, lo);
      _mm_storel_pi(reinterpret_cast<__m64*>(d + q * stride + 4), hi);
    }
  }
  for (; p < kc; ++p)
    for (int64_t i = 0; i < 6; ++i) dst[p * stride + i] = src[i * lda + p];
}
