// Internal, NEON translation units only (aarch64): small vector helpers, the 4-lane forms of those
// in avx2_util.h (same operations in the same order, so results match the AVX2 and scalar kernels
// within the same bounds). Everything has internal linkage (anonymous namespace), as avx2_util.h
// explains: one inline copy per translation unit, none for the linker to pick between.
//
// NEON has no masked loads or stores: a partial vector (a tail of 1-3 channels) is moved lane by
// lane, so that nothing past the last channel is read or written. Its "mask" is the number of
// lanes in use (1..4).
#pragma once

#include <arm_neon.h>

#include <cstdint>
#include <type_traits>

#include "edgenet/edgenet.h"

namespace edgenet {
namespace {

// Lanes 0..lanes-1 of p (lanes = 1..4), zero in the others; reads nothing past p[lanes - 1].
__attribute__((always_inline)) inline float32x4_t load_lanes4(const float* p, int lanes) {
  const float32x2_t zero2 = vdup_n_f32(0.0f);
  switch (lanes) {
    case 1:
      return vcombine_f32(vld1_lane_f32(p, zero2, 0), zero2);
    case 2:
      return vcombine_f32(vld1_f32(p), zero2);
    case 3:
      return vcombine_f32(vld1_f32(p), vld1_lane_f32(p + 2, zero2, 0));
    default:
      return vld1q_f32(p);
  }
}

// Writes lanes 0..lanes-1 of v to p (lanes = 1..4); nothing past p[lanes - 1].
__attribute__((always_inline)) inline void store_lanes4(float* p, float32x4_t v, int lanes) {
  switch (lanes) {
    case 1:
      vst1q_lane_f32(p, v, 0);
      break;
    case 2:
      vst1_f32(p, vget_low_f32(v));
      break;
    case 3:
      vst1_f32(p, vget_low_f32(v));
      vst1q_lane_f32(p + 2, v, 2);
      break;
    default:
      vst1q_f32(p, v);
  }
}

// Loads/stores 4 floats, or only the first `lanes` when `masked` (load8/store8's contract).
// Callers pass a compile-time `masked`, so the branch folds away.
__attribute__((always_inline)) inline float32x4_t load4(const float* p, bool masked, int lanes) {
  return masked ? load_lanes4(p, lanes) : vld1q_f32(p);
}

__attribute__((always_inline)) inline void store4(float* p, float32x4_t v, bool masked, int lanes) {
  if (masked) {
    store_lanes4(p, v, lanes);
  } else {
    vst1q_f32(p, v);
  }
}

// exp(x) for 4 lanes: exp8's clamp, range reduction, polynomial and +inf above 88 (avx2_util.h),
// operation for operation. AArch64 FMIN/FMAX return a NaN operand (quieted), so a NaN input stays
// NaN as there.
inline float32x4_t exp4(float32x4_t x) {
  const uint32x4_t overflow = vcgtq_f32(x, vdupq_n_f32(88.0f));
  x = vmaxq_f32(vdupq_n_f32(-87.0f), vminq_f32(vdupq_n_f32(88.0f), x));
  const float32x4_t n = vrndnq_f32(vmulq_f32(x, vdupq_n_f32(1.44269504088896341f)));  // to nearest, even
  float32x4_t r = vfmsq_f32(x, n, vdupq_n_f32(0.693145751953125f));  // x - n * (ln2 high part)
  r = vfmsq_f32(r, n, vdupq_n_f32(1.4286068202862268e-6f));          // - n * (ln2 - high part)
  float32x4_t p = vdupq_n_f32(1.0f / 5040.0f);
  p = vfmaq_f32(vdupq_n_f32(1.0f / 720.0f), p, r);
  p = vfmaq_f32(vdupq_n_f32(1.0f / 120.0f), p, r);
  p = vfmaq_f32(vdupq_n_f32(1.0f / 24.0f), p, r);
  p = vfmaq_f32(vdupq_n_f32(1.0f / 6.0f), p, r);
  p = vfmaq_f32(vdupq_n_f32(0.5f), p, r);
  p = vfmaq_f32(vdupq_n_f32(1.0f), p, r);
  p = vfmaq_f32(vdupq_n_f32(1.0f), p, r);
  // n is in [-126, 127] after the clamp (a NaN lane converts to 0 here, and p is NaN there anyway).
  const int32x4_t bits = vshlq_n_s32(vaddq_s32(vcvtq_s32_f32(n), vdupq_n_s32(127)), 23);
  return vbslq_f32(overflow, vdupq_n_f32(__builtin_inff()), vmulq_f32(p, vreinterpretq_f32_s32(bits)));
}

// 1 + exp(-x), the denominator of sigmoid and SiLU: one_plus_exp_neg8 (avx2_util.h) operation for
// operation, its clamp to [-89, 87], the rounding by the 1.5 * 2^23 + 127 constant whose low
// mantissa bits then hold the biased exponent of 2^n, and the degree-5 minimax polynomial.
inline float32x4_t one_plus_exp_neg4(float32x4_t x) {
  const float32x4_t xc = vminq_f32(vdupq_n_f32(87.0f), vmaxq_f32(vdupq_n_f32(-89.0f), x));
  const float32x4_t magic = vdupq_n_f32(12582912.0f + 127.0f);
  const float32x4_t z = vfmsq_f32(magic, xc, vdupq_n_f32(1.44269504088896341f));  // magic - xc * log2(e)
  const float32x4_t n = vsubq_f32(z, magic);
  float32x4_t r = vfmaq_f32(xc, n, vdupq_n_f32(0.693145751953125f));  // minus the remainder
  r = vfmaq_f32(r, n, vdupq_n_f32(1.4286068202862268e-6f));
  float32x4_t p = vfmaq_f32(vdupq_n_f32(0.0419153819779f), vdupq_n_f32(-0.00829765519827f), r);
  p = vfmaq_f32(vdupq_n_f32(-0.166675747267f), p, r);
  p = vfmaq_f32(vdupq_n_f32(0.499988948515f), p, r);
  p = vfmaq_f32(vdupq_n_f32(-0.999999691992f), p, r);
  p = vfmaq_f32(vdupq_n_f32(1.00000007165f), p, r);
  const float32x4_t two_n = vreinterpretq_f32_s32(vshlq_n_s32(vreinterpretq_s32_f32(z), 23));
  return vfmaq_f32(vdupq_n_f32(1.0f), p, two_n);
}

// x < 0 ? 0 : x, the scalar relu's exact result: a NaN and -0 pass through unchanged (FMAX would
// turn -0 into +0).
inline float32x4_t relu4(float32x4_t x) {
  return vreinterpretq_f32_u32(vbicq_u32(vreinterpretq_u32_f32(x), vcltzq_f32(x)));
}

// min(max(v, 0), 6). AArch64 FMAX/FMIN order -0 below +0 and return a NaN operand, so this is the
// scalar relu6() bit for bit: -0 gives +0 and a NaN passes through.
inline float32x4_t relu6_4(float32x4_t v) {
  return vminq_f32(vdupq_n_f32(6.0f), vmaxq_f32(vdupq_n_f32(0.0f), v));
}

// The vector form of activate() (activation.h), as activate8: h-swish / h-sigmoid in the scalar
// order with a true division by 6 (bit for bit), sigmoid / SiLU through one_plus_exp_neg4.
inline float32x4_t activate4(float32x4_t x, int act) {
  switch (act) {
    case EN_ACT_RELU:
      return relu4(x);
    case EN_ACT_RELU6:
      return relu6_4(x);
    case EN_ACT_HSWISH:
      return vdivq_f32(vmulq_f32(x, relu6_4(vaddq_f32(x, vdupq_n_f32(3.0f)))), vdupq_n_f32(6.0f));
    case EN_ACT_HSIGMOID:
      return vdivq_f32(relu6_4(vaddq_f32(x, vdupq_n_f32(3.0f))), vdupq_n_f32(6.0f));
    case EN_ACT_SILU:
      return vdivq_f32(x, one_plus_exp_neg4(x));
    case EN_ACT_SIGMOID:
      return vdivq_f32(vdupq_n_f32(1.0f), one_plus_exp_neg4(x));
    default:
      return x;
  }
}

// Sum of the 4 lanes, always in the same order: (l0 + l2) + (l1 + l3), halves first as
// horizontal_sum does for 8 lanes.
inline float horizontal_sum4(float32x4_t v) {
  const float32x2_t s = vadd_f32(vget_low_f32(v), vget_high_f32(v));
  return vget_lane_f32(s, 0) + vget_lane_f32(s, 1);
}

template <int N>
using Int = std::integral_constant<int, N>;

// Calls fn(Int<N>, masked, c0, lanes) for the tail tile of `vectors` (1..N) vectors.
template <int N, typename Fn>
__attribute__((always_inline)) inline void channel_tail4(int vectors, int lanes_last, int c0, Fn& fn) {
  if constexpr (N >= 1) {
    if (vectors != N) return channel_tail4<N - 1>(vectors, lanes_last, c0, fn);
    if (lanes_last == 4) {
      fn(Int<N>{}, std::false_type{}, c0, 4);
    } else {
      fn(Int<N>{}, std::true_type{}, c0, lanes_last);
    }
  }
}

// Walks `count` channels in tiles of NV vectors (4 * NV channels), then one tail tile of
// ceil(rest / 4) vectors whose last one is partial when rest is not a multiple of 4. Calls
// fn(Int<vectors>, std::bool_constant<last_partial>, first_channel, lanes_of_last_vector).
template <int NV, typename Fn>
inline void for_each_channel_tile4(int count, Fn&& fn) {
  int c0 = 0;
  for (; c0 + 4 * NV <= count; c0 += 4 * NV) fn(Int<NV>{}, std::false_type{}, c0, 4);
  const int rest = count - c0;
  if (rest == 0) return;
  const int vectors = (rest + 3) / 4;
  channel_tail4<NV>(vectors, rest - 4 * (vectors - 1), c0, fn);
}

}  // namespace
}  // namespace edgenet
