// Internal, AVX2 translation units only: small vector helpers.
// Everything here has internal linkage (anonymous namespace): a shared inline function compiled
// with -mavx2 in one file could otherwise be the copy the linker keeps for baseline callers too.
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <type_traits>

#include "edgenet/edgenet.h"
#include "kernels/conv_window.h"

namespace edgenet {
namespace {

// Micro-kernels keep their accumulators in arrays indexed by compile-time loop counters, and mark
// those loops `#pragma GCC unroll`: unless every such loop is fully unrolled, GCC keeps the array
// addressable and stores every accumulator to the stack on each iteration (measured: pwconv went
// from 33 to 85 GFLOP/s on one Zen 3 core once they were).

// Mask with the first `lanes` (0..8) lanes enabled, for _mm256_maskload_ps/_mm256_maskstore_ps.
inline __m256i lane_mask(int lanes) {
  alignas(32) static const int32_t kTable[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kTable + 8 - lanes));
}

// Loads/stores 8 floats, or only the lanes of `mask` when `masked` (the others read as 0 and are
// never written): the way tails stay inside a pixel's channels. Callers pass a compile-time
// `masked` (a template flag, or a fully unrolled index test), so the branch folds away.
__attribute__((always_inline)) inline __m256 load8(const float* p, bool masked, __m256i mask) {
  return masked ? _mm256_maskload_ps(p, mask) : _mm256_loadu_ps(p);
}

__attribute__((always_inline)) inline void store8(float* p, __m256 v, bool masked, __m256i mask) {
  if (masked) {
    _mm256_maskstore_ps(p, mask, v);
  } else {
    _mm256_storeu_ps(p, v);
  }
}

// exp(x) for 8 lanes, relative error about 2e-7 (test_activation sweeps it against std::exp).
// Range reduction x = n*ln2 + r, |r| <= ln2/2, with ln2 split in two so that n*ln2 is exact enough;
// exp(r) by its degree-7 Taylor polynomial (truncation < 6e-9 on that interval) in Horner form;
// 2^n built in the exponent field. Accurate on [-87, 88], where exp neither overflows nor goes
// subnormal; below, the result stays exp(-87) (~1.6e-38), above it is +inf. It only feeds
// 1 / (1 + e) and x / (1 + e), where both ends stay within the header's 1e-6 * max(1, |y|):
// sigmoid(-100) ~ 0, silu(-FLT_MAX) = -0, sigmoid(100) = 1, never inf or NaN for finite input.
// A NaN input stays NaN (min/max return their second operand, x, when it is NaN).
inline __m256 exp8(__m256 x) {
  const __m256 overflow = _mm256_cmp_ps(x, _mm256_set1_ps(88.0f), _CMP_GT_OQ);
  x = _mm256_max_ps(_mm256_set1_ps(-87.0f), _mm256_min_ps(_mm256_set1_ps(88.0f), x));
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693145751953125f), x);  // ln2 high part: 16 bits
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(1.4286068202862268e-6f), r);  // ln2 - high part
  __m256 p = _mm256_set1_ps(1.0f / 5040.0f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  // n is in [-126, 127] after the clamp (NaN lanes give garbage here, and p is NaN there anyway).
  const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_blendv_ps(_mm256_mul_ps(p, _mm256_castsi256_ps(bits)), _mm256_set1_ps(__builtin_inff()), overflow);
}

// 1 + exp(-x), the denominator of sigmoid and SiLU, in fewer operations than 1 + exp8(-x) (SiLU
// is the epilogue of most EfficientNet layers): x is clamped to [-89, 87]. Above, sigmoid's float
// value no longer changes (1); at -89 (and from about -88.4), 2^n is 2^128, which the exponent
// field holds as +inf, so sigmoid is 0 and SiLU -0 however large |x| (their true values are below
// 1e-36). round(-x * log2(e)) comes from adding 1.5 * 2^23 + 127, whose low mantissa bits then
// hold n + 127, the biased exponent of 2^n; exp of the remainder is a degree-5
// minimax polynomial on [-ln2/2, ln2/2] (relative error 7.5e-8; odd coefficients negated, as it is
// evaluated at -remainder). Sigmoid and SiLU stay within 2e-7 of the exact function; a NaN stays NaN.
inline __m256 one_plus_exp_neg8(__m256 x) {
  const __m256 xc = _mm256_min_ps(_mm256_set1_ps(87.0f), _mm256_max_ps(_mm256_set1_ps(-89.0f), x));
  const __m256 magic = _mm256_set1_ps(12582912.0f + 127.0f);
  const __m256 z = _mm256_fnmadd_ps(xc, _mm256_set1_ps(1.44269504088896341f), magic);
  const __m256 n = _mm256_sub_ps(z, magic);
  __m256 r = _mm256_fmadd_ps(n, _mm256_set1_ps(0.693145751953125f), xc);  // minus the remainder
  r = _mm256_fmadd_ps(n, _mm256_set1_ps(1.4286068202862268e-6f), r);
  __m256 p = _mm256_fmadd_ps(_mm256_set1_ps(-0.00829765519827f), r, _mm256_set1_ps(0.0419153819779f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(-0.166675747267f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.499988948515f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(-0.999999691992f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.00000007165f));
  const __m256 two_n = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_castps_si256(z), 23));
  return _mm256_fmadd_ps(p, two_n, _mm256_set1_ps(1.0f));
}

// min(max(v, 0), 6): max/min return their second operand when either is NaN, so with v second a
// NaN passes through, as in the scalar relu6().
inline __m256 relu6_8(__m256 v) {
  return _mm256_min_ps(_mm256_set1_ps(6.0f), _mm256_max_ps(_mm256_setzero_ps(), v));
}

// The vector form of activate() (activation.h). h-swish / h-sigmoid use the same float operations
// in the same order (a true division by 6), so they match the scalar reference bit for bit;
// sigmoid / SiLU divide by one_plus_exp_neg8(x) and stay within the header's 1e-6 relative error.
inline __m256 activate8(__m256 x, int act) {
  switch (act) {
    case EN_ACT_RELU:
      return _mm256_max_ps(_mm256_setzero_ps(), x);
    case EN_ACT_RELU6:
      return relu6_8(x);
    case EN_ACT_HSWISH:
      return _mm256_div_ps(_mm256_mul_ps(x, relu6_8(_mm256_add_ps(x, _mm256_set1_ps(3.0f)))), _mm256_set1_ps(6.0f));
    case EN_ACT_HSIGMOID:
      return _mm256_div_ps(relu6_8(_mm256_add_ps(x, _mm256_set1_ps(3.0f))), _mm256_set1_ps(6.0f));
    case EN_ACT_SILU:
      return _mm256_div_ps(x, one_plus_exp_neg8(x));
    case EN_ACT_SIGMOID:
      return _mm256_div_ps(_mm256_set1_ps(1.0f), one_plus_exp_neg8(x));
    default:
      return x;
  }
}

// Sum of the 8 lanes, always in the same order.
inline float horizontal_sum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

template <int N>
using Int = std::integral_constant<int, N>;

// Walks `count` channels in tiles of 16 (two vectors), then a tail tile of one or two vectors whose
// last vector is masked when the count is not a multiple of 8. Calls
// fn(Int<vectors>, std::bool_constant<last_masked>, first_channel, mask_of_last_vector).
template <typename Fn>
inline void for_each_channel_tile(int count, Fn&& fn) {
  const __m256i all = _mm256_set1_epi32(-1);
  int c0 = 0;
  for (; c0 + 16 <= count; c0 += 16) fn(Int<2>{}, std::false_type{}, c0, all);
  const int rest = count - c0;
  if (rest > 8) {
    fn(Int<2>{}, std::true_type{}, c0, lane_mask(rest - 8));
  } else if (rest == 8) {
    fn(Int<1>{}, std::false_type{}, c0, all);
  } else if (rest > 0) {
    fn(Int<1>{}, std::true_type{}, c0, lane_mask(rest));
  }
}

}  // namespace
}  // namespace edgenet

namespace edgenet {
namespace {

// Epilogue of a P-pixel x NV-vector accumulator tile: out = act(acc + bias), pixel stride out_ps.
template <int P, int NV>
__attribute__((always_inline)) inline void store_tile(__m256 (&acc)[P][NV], const float* bias, int act, float* out,
                                                      int64_t out_ps, bool masked_last, __m256i mask) {
  __m256 b[NV];
  #pragma GCC unroll 8
  for (int v = 0; v < NV; ++v)
    b[v] = bias != nullptr ? load8(bias + 8 * v, masked_last && v == NV - 1, mask) : _mm256_setzero_ps();
  #pragma GCC unroll 8
  for (int i = 0; i < P; ++i)
    #pragma GCC unroll 8
    for (int v = 0; v < NV; ++v)
      store8(out + i * out_ps + 8 * v, activate8(_mm256_add_ps(acc[i][v], b[v]), act), masked_last && v == NV - 1,
             mask);
}

}  // namespace
}  // namespace edgenet
