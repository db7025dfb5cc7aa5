// Scalar epilogue after an external GEMM: out = act(src + bias + residual).
#include "kernels/activation.h"
#include "kernels/kernels.h"

namespace edgenet {

void epilogue_ref(const EpilogueParams& p) {
  for (int64_t r = 0; r < p.rows; ++r) {
    const float* src = p.src + r * p.src_stride;
    const float* res = p.residual != nullptr ? p.residual + r * p.res_stride : nullptr;
    float* dst = p.out + r * p.out_stride;
    for (int j = 0; j < p.cols; ++j) {
      float v = src[j];
      if (p.bias != nullptr) v += p.bias[j];
      if (res != nullptr) v += res[j];
      dst[j] = activate(v, p.act);
    }
  }
}

}  // namespace edgenet
