// Internal, AVX-512 translation units only: small vector helpers, the 16-lane forms of those in
// avx2_util.h (same operations in the same order, so results match the AVX2 and scalar kernels).
// Everything has internal linkage, for the reason avx2_util.h gives.
//
// Built with EDGENET_EMULATE_AVX512 (the test-only library edgenet_avx512emu), SIMDe provides the
// _mm512 intrinsics on AVX2, so these kernels run their tests on CPUs without AVX-512. SIMDe 0.7
// lacks the masked loads and stores, which are written out below for that build.
#pragma once

#if defined(EDGENET_EMULATE_AVX512)
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx512.h>
#else
#include <immintrin.h>
#endif

#include <cstdint>

#include "edgenet/edgenet.h"

namespace edgenet {
namespace {

// Mask with the first `lanes` (0..16) lanes set.
inline __mmask16 lane_mask16(int lanes) { return static_cast<__mmask16>((1u << lanes) - 1u); }

// Loads/stores 16 floats, or only the lanes of `mask` when `masked` (the others read as 0 and are
// never written). Callers pass a compile-time `masked`, so the branch folds away.
__attribute__((always_inline)) inline __m512 load16(const float* p, bool masked, __mmask16 mask) {
  if (!masked) return _mm512_loadu_ps(p);
#if defined(EDGENET_EMULATE_AVX512)
  alignas(64) float tmp[16] = {};
  for (int i = 0; i < 16; ++i)
    if (mask >> i & 1) tmp[i] = p[i];
  return _mm512_load_ps(tmp);
#else
  return _mm512_maskz_loadu_ps(mask, p);
#endif
}

__attribute__((always_inline)) inline void store16(float* p, __m512 v, bool masked, __mmask16 mask) {
  if (!masked) {
    _mm512_storeu_ps(p, v);
    return;
  }
#if defined(EDGENET_EMULATE_AVX512)
  alignas(64) float tmp[16];
  _mm512_store_ps(tmp, v);
  for (int i = 0; i < 16; ++i)
    if (mask >> i & 1) p[i] = tmp[i];
#else
  _mm512_mask_storeu_ps(p, mask, v);
#endif
}

// exp(x) for 16 lanes: exp8's range reduction and polynomial (avx2_util.h), with 2^n applied by
// scalef, which also gives +inf above the clamp's top.
inline __m512 exp16(__m512 x) {
  const __mmask16 overflow = _mm512_cmp_ps_mask(x, _mm512_set1_ps(88.0f), _CMP_GT_OQ);
  x = _mm512_max_ps(_mm512_set1_ps(-87.0f), _mm512_min_ps(_mm512_set1_ps(88.0f), x));
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693145751953125f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(1.4286068202862268e-6f), r);
  __m512 p = _mm512_set1_ps(1.0f / 5040.0f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 720.0f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120.0f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24.0f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6.0f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
  return _mm512_mask_blend_ps(overflow, _mm512_scalef_ps(p, n), _mm512_set1_ps(__builtin_inff()));
}

// 1 + exp(-x) for sigmoid and SiLU: one_plus_exp_neg8's clamp and polynomial (avx2_util.h), with
// round-to-nearest by roundscale and 2^n applied by scalef (+inf for n = 128, as there).
inline __m512 one_plus_exp_neg16(__m512 x) {
  const __m512 xc = _mm512_min_ps(_mm512_set1_ps(87.0f), _mm512_max_ps(_mm512_set1_ps(-89.0f), x));
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(xc, _mm512_set1_ps(-1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fmadd_ps(n, _mm512_set1_ps(0.693145751953125f), xc);  // minus the remainder
  r = _mm512_fmadd_ps(n, _mm512_set1_ps(1.4286068202862268e-6f), r);
  __m512 p = _mm512_fmadd_ps(_mm512_set1_ps(-0.00829765519827f), r, _mm512_set1_ps(0.0419153819779f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(-0.166675747267f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.499988948515f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(-0.999999691992f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.00000007165f));
  return _mm512_add_ps(_mm512_set1_ps(1.0f), _mm512_scalef_ps(p, n));
}

// min(max(v, 0), 6) with a NaN passing through, as relu6_8.
inline __m512 relu6_16(__m512 v) {
  return _mm512_min_ps(_mm512_set1_ps(6.0f), _mm512_max_ps(_mm512_setzero_ps(), v));
}

// The 16-lane activate8().
inline __m512 activate16(__m512 x, int act) {
  switch (act) {
    case EN_ACT_RELU:
      return _mm512_max_ps(_mm512_setzero_ps(), x);
    case EN_ACT_RELU6:
      return relu6_16(x);
    case EN_ACT_HSWISH:
      return _mm512_div_ps(_mm512_mul_ps(x, relu6_16(_mm512_add_ps(x, _mm512_set1_ps(3.0f)))), _mm512_set1_ps(6.0f));
    case EN_ACT_HSIGMOID:
      return _mm512_div_ps(relu6_16(_mm512_add_ps(x, _mm512_set1_ps(3.0f))), _mm512_set1_ps(6.0f));
    case EN_ACT_SILU:
      return _mm512_div_ps(x, one_plus_exp_neg16(x));
    case EN_ACT_SIGMOID:
      return _mm512_div_ps(_mm512_set1_ps(1.0f), one_plus_exp_neg16(x));
    default:
      return x;
  }
}

}  // namespace
}  // namespace edgenet
