// Scalar reference: pointwise convolution, out = act(in * weight + bias + residual), reading the
// packed weight panels (kernels.h) and the strided channel addressing en_pwconv_grouped needs
// (in_cs, out_cs; 1 for en_pwconv).
#include "kernels/activation.h"
#include "kernels/kernels.h"

namespace edgenet {

void pwconv_ref(const PwconvParams& p, int64_t pixel_begin, int64_t pixel_end, int col_begin, int col_end) {
  const int64_t panel_stride = static_cast<int64_t>(kPwconvPanel) * p.cin;
  for (int64_t q = pixel_begin; q < pixel_end; ++q) {
    const float* src = p.in + q * p.in_ps;
    float* dst = p.out + q * p.out_ps;
    for (int co = col_begin; co < col_end; ++co) {
      const float* w = p.weight + co / kPwconvPanel * panel_stride + co % kPwconvPanel;
      float acc = 0.0f;
      for (int ci = 0; ci < p.cin; ++ci)
        acc += src[static_cast<int64_t>(ci) * p.in_cs] * w[static_cast<int64_t>(ci) * kPwconvPanel];
      if (p.bias != nullptr) acc += p.bias[co];
      if (p.residual != nullptr) acc += p.residual[q * p.res_ps + co];
      dst[static_cast<int64_t>(co) * p.out_cs] = activate(acc, p.act);
    }
  }
}

}  // namespace edgenet
