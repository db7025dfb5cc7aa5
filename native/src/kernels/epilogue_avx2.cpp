// AVX2 epilogue after an external GEMM: out = act(src + bias + residual).
#include "kernels/avx2_util.h"
#include "kernels/kernels.h"

namespace edgenet {
namespace {

template <bool MASKED>
void epilogue_vector(const EpilogueParams& p, const float* src, const float* res, float* out, int j, __m256i mask) {
  const __m256 bias = p.bias != nullptr ? load8(p.bias + j, MASKED, mask) : _mm256_setzero_ps();
  __m256 y = _mm256_add_ps(load8(src + j, MASKED, mask), bias);
  if (res != nullptr) y = _mm256_add_ps(y, load8(res + j, MASKED, mask));
  store8(out + j, activate8(y, p.act), MASKED, mask);
}

}  // namespace

void epilogue_avx2(const EpilogueParams& p) {
  const int full = p.cols / 8 * 8;
  const __m256i all = _mm256_set1_epi32(-1), tail = lane_mask(p.cols - full);
  for (int64_t r = 0; r < p.rows; ++r) {
    const float* src = p.src + r * p.src_stride;
    const float* res = p.residual != nullptr ? p.residual + r * p.res_stride : nullptr;
    float* out = p.out + r * p.out_stride;
    for (int j = 0; j < full; j += 8) epilogue_vector<false>(p, src, res, out, j, all);
    if (full < p.cols) epilogue_vector<true>(p, src, res, out, full, tail);
  }
}

}  // namespace edgenet
