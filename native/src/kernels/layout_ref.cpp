// Scalar reference: NCHW -> NHWC.
#include "kernels/kernels.h"

namespace edgenet {

void nchw_to_nhwc_ref(const LayoutParams& p, int64_t pixel_begin, int64_t pixel_end) {
  const int64_t hw = p.pixels_per_image;
  for (int64_t q = pixel_begin; q < pixel_end; ++q) {
    const int64_t image = q / hw, pixel = q % hw;
    const float* src = p.in + image * p.c * hw + pixel;
    float* dst = p.out + q * p.c;
    for (int ch = 0; ch < p.c; ++ch) dst[ch] = src[ch * hw];
  }
}

}  // namespace edgenet
