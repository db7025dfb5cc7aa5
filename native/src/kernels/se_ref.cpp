// Scalar reference: the channel scaling that ends squeeze-and-excitation, out = in * gate.
#include "kernels/kernels.h"

namespace edgenet {

void se_scale_ref(const SeScaleParams& p, int64_t pixel_begin, int64_t pixel_end) {
  for (int64_t q = pixel_begin; q < pixel_end; ++q) {
    const float* gate = p.gate + q / p.pixels * p.c;
    const float* in = p.in + q * p.in_ps;
    float* out = p.out + q * p.out_ps;
    for (int ch = 0; ch < p.c; ++ch) out[ch] = in[ch] * gate[ch];
  }
}

}  // namespace edgenet
