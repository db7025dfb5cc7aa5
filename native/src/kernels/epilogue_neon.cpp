// NEON epilogue after an external GEMM (OpenBLAS): out = act(src + bias + residual), in the
// reference's order.
#include "kernels/kernels.h"
#include "kernels/neon_util.h"

namespace edgenet {
namespace {

template <bool PARTIAL>
void epilogue_vector(const EpilogueParams& p, const float* src, const float* res, float* out, int j, int lanes) {
  float32x4_t y = load4(src + j, PARTIAL, lanes);
  if (p.bias != nullptr) y = vaddq_f32(y, load4(p.bias + j, PARTIAL, lanes));
  if (res != nullptr) y = vaddq_f32(y, load4(res + j, PARTIAL, lanes));
  store4(out + j, activate4(y, p.act), PARTIAL, lanes);
}

}  // namespace

void epilogue_neon(const EpilogueParams& p) {
  const int full = p.cols / 4 * 4;
  for (int64_t r = 0; r < p.rows; ++r) {
    const float* src = p.src + r * p.src_stride;
    const float* res = p.residual != nullptr ? p.residual + r * p.res_stride : nullptr;
    float* out = p.out + r * p.out_stride;
    for (int j = 0; j < full; j += 4) epilogue_vector<false>(p, src, res, out, j, 4);
    if (full < p.cols) epilogue_vector<true>(p, src, res, out, full, p.cols - full);
  }
}

}  // namespace edgenet
