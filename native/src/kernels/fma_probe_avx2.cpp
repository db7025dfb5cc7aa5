// FMA peak probe, AVX2+FMA: kFmaProbeChains independent 8-lane vfmadd chains, enough to cover the
// FMA latency times the number of FMA ports of current x86 cores (4 cycles x 2 ports = 8).
#include <immintrin.h>

#include "kernels/kernels.h"

namespace edgenet {

int64_t fma_probe_avx2(int64_t rounds, float* sink) {
  __m256 acc[kFmaProbeChains];
  for (int i = 0; i < kFmaProbeChains; ++i) acc[i] = _mm256_set1_ps(static_cast<float>(i));
  const __m256 m = _mm256_set1_ps(0.9999f), a = _mm256_set1_ps(0.5f);
  for (int64_t r = 0; r < rounds; ++r) {
#pragma GCC unroll 16
    for (int i = 0; i < kFmaProbeChains; ++i) acc[i] = _mm256_fmadd_ps(acc[i], m, a);
  }
  __m256 sum = acc[0];
  for (int i = 1; i < kFmaProbeChains; ++i) sum = _mm256_add_ps(sum, acc[i]);
  *sink = _mm256_cvtss_f32(sum);
  return rounds * kFmaProbeChains * 8 * 2;
}

}  // namespace edgenet
