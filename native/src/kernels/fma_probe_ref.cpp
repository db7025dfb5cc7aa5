// FMA peak probe, scalar reference: independent multiply-add chains in plain float.
#include "kernels/kernels.h"

namespace edgenet {

int64_t fma_probe_ref(int64_t rounds, float* sink) {
  // Each chain converges to 0.5 / (1 - 0.9999) and stays finite; the chains are independent so
  // that their number, not the add latency, bounds the rate.
  float acc[kFmaProbeChains];
  for (int i = 0; i < kFmaProbeChains; ++i) acc[i] = static_cast<float>(i);
  const float m = 0.9999f, a = 0.5f;
  for (int64_t r = 0; r < rounds; ++r) {
    for (int i = 0; i < kFmaProbeChains; ++i) acc[i] = acc[i] * m + a;
  }
  float sum = 0;
  for (int i = 0; i < kFmaProbeChains; ++i) sum += acc[i];
  *sink = sum;
  return rounds * kFmaProbeChains * 2;
}

}  // namespace edgenet
