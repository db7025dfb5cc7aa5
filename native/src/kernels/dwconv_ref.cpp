// Scalar reference: depthwise KxK convolution, NHWC with pixel strides, zero padding.
#include "kernels/activation.h"
#include "kernels/kernels.h"

namespace edgenet {

void dwconv_ref(const DwconvParams& p, int64_t row_begin, int64_t row_end) {
  for (int64_t row = row_begin; row < row_end; ++row) {
    const int64_t image = row / p.oh;
    const int oy = static_cast<int>(row % p.oh);
    for (int ox = 0; ox < p.ow; ++ox) {
      float* dst = p.out + (row * p.ow + ox) * p.out_ps;
      for (int ch = 0; ch < p.c; ++ch) {
        float acc = 0.0f;
        for (int ky = 0; ky < p.k; ++ky) {
          const int iy = oy * p.stride - p.pad + ky;
          if (iy < 0 || iy >= p.h) continue;
          for (int kx = 0; kx < p.k; ++kx) {
            const int ix = ox * p.stride - p.pad + kx;
            if (ix < 0 || ix >= p.w) continue;
            const int64_t pixel = (image * p.h + iy) * p.w + ix;
            acc += p.in[pixel * p.in_ps + ch] * p.weight[static_cast<int64_t>(ky * p.k + kx) * p.c + ch];
          }
        }
        if (p.bias != nullptr) acc += p.bias[ch];
        dst[ch] = activate(acc, p.act);
      }
    }
  }
}

}  // namespace edgenet
