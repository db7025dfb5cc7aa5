// FMA peak probe, AVX-512: kFmaProbeChains independent 16-lane vfmadd chains. Cores with two full
// 512-bit FMA pipes (Zen 5, Intel's server cores) reach twice their AVX2 rate here; cores that
// split a 512-bit FMA into two 256-bit halves (Zen 4) reach the same rate as with AVX2.
#if defined(EDGENET_EMULATE_AVX512)
// SIMDe's 64-byte vector types passed by value: an ABI note that does not concern internal code.
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

#include "kernels/avx512_util.h"
#include "kernels/kernels.h"

namespace edgenet {

int64_t fma_probe_avx512(int64_t rounds, float* sink) {
  __m512 acc[kFmaProbeChains];
  for (int i = 0; i < kFmaProbeChains; ++i) acc[i] = _mm512_set1_ps(static_cast<float>(i));
  const __m512 m = _mm512_set1_ps(0.9999f), a = _mm512_set1_ps(0.5f);
  for (int64_t r = 0; r < rounds; ++r) {
#pragma GCC unroll 16
    for (int i = 0; i < kFmaProbeChains; ++i) acc[i] = _mm512_fmadd_ps(acc[i], m, a);
  }
  __m512 sum = acc[0];
  for (int i = 1; i < kFmaProbeChains; ++i) sum = _mm512_add_ps(sum, acc[i]);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, sum);
  *sink = lanes[0];
  return rounds * kFmaProbeChains * 16 * 2;
}

}  // namespace edgenet
