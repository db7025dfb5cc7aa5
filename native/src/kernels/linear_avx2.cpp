// AVX2+FMA fully connected layer: dot products vectorised over cin, several outputs (and samples)
// per pass so that each loaded input vector feeds several independent FMA chains.
#include "kernels/activation.h"
#include "kernels/avx2_util.h"
#include "kernels/kernels.h"

namespace edgenet {
namespace {

// NS samples from i0 x NO outputs from j0. Every dot product is 8 lane-wise FMA chains over cin
// (the tail masked) and one horizontal_sum, so its value does not depend on NS or NO.
template <int NS, int NO>
void dot_block(const LinearParams& p, int i0, int64_t j0) {
  __m256 acc[NS][NO];
  #pragma GCC unroll 8
  for (int s = 0; s < NS; ++s)
    #pragma GCC unroll 8
    for (int o = 0; o < NO; ++o) acc[s][o] = _mm256_setzero_ps();
  const int64_t cin = p.cin;
  const float* x = p.in + i0 * cin;
  const float* wt = p.weight + j0 * cin;
  const int full = p.cin / 8 * 8;
  auto step = [&](int k, bool masked, __m256i mask) {
    __m256 xv[NS];
    #pragma GCC unroll 8
    for (int s = 0; s < NS; ++s) xv[s] = load8(x + s * cin + k, masked, mask);
    #pragma GCC unroll 8
    for (int o = 0; o < NO; ++o) {
      const __m256 w = load8(wt + o * cin + k, masked, mask);
      #pragma GCC unroll 8
      for (int s = 0; s < NS; ++s) acc[s][o] = _mm256_fmadd_ps(xv[s], w, acc[s][o]);
    }
  };
  const __m256i all = _mm256_set1_epi32(-1);
  for (int k = 0; k < full; k += 8) step(k, false, all);
  if (full < p.cin) step(full, true, lane_mask(p.cin - full));


  #pragma GCC unroll 8
  for (int s = 0; s < NS; ++s) {
    #pragma GCC unroll 8
    for (int o = 0; o < NO; ++o) {
      float y = horizontal_sum(acc[s][o]);
      if (p.bias != nullptr) y += p.bias[j0 + o];
      p.out[(i0 + s) * static_cast<int64_t>(p.cout) + j0 + o] = activate(y, p.act);
    }
  }
}

// Outputs [j_begin, j_end) for NS samples from i0: wide blocks, then one at a time.
template <int NS, int NO>
void outputs(const LinearParams& p, int i0, int64_t j_begin, int64_t j_end) {
  int64_t j = j_begin;
  for (; j + NO <= j_end; j += NO) dot_block<NS, NO>(p, i0, j);
  for (; j < j_end; ++j) dot_block<NS, 1>(p, i0, j);
}

}  // namespace

void linear_avx2(const LinearParams& p, int64_t out_begin, int64_t out_end) {
  int i = 0;
  for (; i + 2 <= p.n; i += 2) outputs<2, 4>(p, i, out_begin, out_end);
  if (i < p.n) outputs<1, 8>(p, i, out_begin, out_end);
}

}  // namespace edgenet
