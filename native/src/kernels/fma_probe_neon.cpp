// FMA peak probe, NEON: independent 4-lane FMLA chains. Each chain depends on its own previous
// result through the multiplicand, so it issues once per full FMA latency; the rate is then bound
// by the FMA pipes only with at least latency x pipes chains in flight: 7 x 2 = 14 on the
// Cortex-A72, 4 x 2 = 8 on the A76/A78, 4 x 4 = 16 on Neoverse V1 and Cortex-X. 24 chains cover
// all of them and, with the two constants, fit the 32 vector registers.
#include <arm_neon.h>

#include "kernels/kernels.h"

namespace edgenet {

int64_t fma_probe_neon(int64_t rounds, float* sink) {
  constexpr int kChains = 24;
  float32x4_t acc[kChains];
  #pragma GCC unroll 32
  for (int i = 0; i < kChains; ++i) acc[i] = vdupq_n_f32(static_cast<float>(i));
  const float32x4_t m = vdupq_n_f32(0.9999f), a = vdupq_n_f32(0.5f);
  for (int64_t r = 0; r < rounds; ++r) {
    #pragma GCC unroll 32
    for (int i = 0; i < kChains; ++i) acc[i] = vfmaq_f32(a, acc[i], m);  // a + acc * m
  }
  float32x4_t sum = acc[0];
  for (int i = 1; i < kChains; ++i) sum = vaddq_f32(sum, acc[i]);
  *sink = vgetq_lane_f32(sum, 0);
  return rounds * kChains * 4 * 2;
}

}  // namespace edgenet
