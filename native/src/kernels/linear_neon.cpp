// NEON fully connected layer: dot products vectorised over cin, several outputs (and samples) per
// pass so that each loaded input vector feeds several independent FMA chains (linear_avx2.cpp's
// scheme with 4-lane vectors and 32 registers: 2 samples x 8 outputs are 16 accumulators).
#include "kernels/activation.h"
#include "kernels/kernels.h"
#include "kernels/neon_util.h"

namespace edgenet {
namespace {

// NS samples from i0 x NO outputs from j0. Every dot product is 4 lane-wise FMA chains over cin
// (a tail of 1-3 inputs loaded with zeros in the other lanes) and one horizontal_sum4, so its
// value does not depend on NS or NO.
template <int NS, int NO>
void dot_block(const LinearParams& p, int i0, int64_t j0) {
  float32x4_t acc[NS][NO];
  #pragma GCC unroll 8
  for (int s = 0; s < NS; ++s)
    #pragma GCC unroll 8
    for (int o = 0; o < NO; ++o) acc[s][o] = vdupq_n_f32(0.0f);
  const int64_t cin = p.cin;
  const float* x = p.in + i0 * cin;
  const float* wt = p.weight + j0 * cin;
  const int full = p.cin / 4 * 4;
  auto step = [&](int k, bool partial, int lanes) {
    float32x4_t xv[NS];
    #pragma GCC unroll 8
    for (int s = 0; s < NS; ++s) xv[s] = load4(x + s * cin + k, partial, lanes);
    #pragma GCC unroll 8
    for (int o = 0; o < NO; ++o) {
      const float32x4_t w = load4(wt + o * cin + k, partial, lanes);
      #pragma GCC unroll 8
      for (int s = 0; s < NS; ++s) acc[s][o] = vfmaq_f32(acc[s][o], xv[s], w);
    }
  };
  for (int k = 0; k < full; k += 4) step(k, false, 4);
  if (full < p.cin) step(full, true, p.cin - full);

  #pragma GCC unroll 8
  for (int s = 0; s < NS; ++s) {
    #pragma GCC unroll 8
    for (int o = 0; o < NO; ++o) {
      float y = horizontal_sum4(acc[s][o]);
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

void linear_neon(const LinearParams& p, int64_t out_begin, int64_t out_end) {
  int i = 0;
  for (; i + 2 <= p.n; i += 2) outputs<2, 8>(p, i, out_begin, out_end);
  if (i < p.n) outputs<1, 8>(p, i, out_begin, out_end);
}

}  // namespace edgenet
