// Scalar reference: dense KxK convolution, NHWC, zero padding.
#include "kernels/activation.h"
#include "kernels/kernels.h"

namespace edgenet {

void conv2d_ref(const Conv2dParams& p, int64_t row_begin, int64_t row_end) {
  for (int64_t row = row_begin; row < row_end; ++row) {
    const int64_t image = row / p.oh;
    const int oy = static_cast<int>(row % p.oh);
    for (int ox = 0; ox < p.ow; ++ox) {
      float* dst = p.out + (row * p.ow + ox) * p.cout;
      for (int co = 0; co < p.cout; ++co) {
        float acc = 0.0f;
        for (int ky = 0; ky < p.k; ++ky) {
          const int iy = oy * p.stride - p.pad + ky;
          if (iy < 0 || iy >= p.h) continue;
          for (int kx = 0; kx < p.k; ++kx) {
            const int ix = ox * p.stride - p.pad + kx;
            if (ix < 0 || ix >= p.w) continue;
            const float* src = p.in + ((image * p.h + iy) * p.w + ix) * p.cin;
            const float* wt = p.weight + ((static_cast<int64_t>(ky) * p.k + kx) * p.cin) * p.cout + co;
            for (int ci = 0; ci < p.cin; ++ci) acc += src[ci] * wt[static_cast<int64_t>(ci) * p.cout];
          }
        }
        if (p.bias != nullptr) acc += p.bias[co];
        dst[co] = activate(acc, p.act);
      }
    }
  }
}

}  // namespace edgenet
