// Scalar reference: KxK max / average pooling over NHWC with pixel strides, as PyTorch's
// MaxPool2d (padding never wins; NaN propagates) and AvgPool2d(count_include_pad=True).
#include "edgenet/edgenet.h"
#include "kernels/kernels.h"

namespace edgenet {

void window_pool_ref(const WindowPoolParams& p, int64_t row_begin, int64_t row_end) {
  const bool is_max = p.kind == EN_POOL_MAX;
  const float area = static_cast<float>(p.k * p.k);
  for (int64_t row = row_begin; row < row_end; ++row) {
    const int64_t image = row / p.oh;
    const int oy = static_cast<int>(row % p.oh);
    // Only the taps inside the image: a window always holds at least one (pad <= k/2).
    const int y0 = oy * p.stride - p.pad;
    const int ky0 = y0 < 0 ? -y0 : 0, ky1 = y0 + p.k > p.h ? p.h - y0 : p.k;
    for (int ox = 0; ox < p.ow; ++ox) {
      const int x0 = ox * p.stride - p.pad;
      const int kx0 = x0 < 0 ? -x0 : 0, kx1 = x0 + p.k > p.w ? p.w - x0 : p.k;
      float* dst = p.out + (row * p.ow + ox) * p.out_ps;
      for (int ch = 0; ch < p.c; ++ch) {
        float acc = 0.0f;
        bool first = true;
        for (int ky = ky0; ky < ky1; ++ky)
          for (int kx = kx0; kx < kx1; ++kx) {
            const float v = p.in[((image * p.h + y0 + ky) * p.w + x0 + kx) * p.in_ps + ch];
            if (!is_max) {
              acc += v;
            } else if (first || (acc == acc && (v > acc || v != v))) {
              acc = v;  // a NaN, once taken, stays: acc == acc is then false
            }
            first = false;
          }
        dst[ch] = is_max ? acc : acc / area;
      }
    }
  }
}

}  // namespace edgenet
