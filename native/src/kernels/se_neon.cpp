// NEON channel scaling that ends squeeze-and-excitation: one multiply per element, exact as the
// reference; a tail of 1-3 channels moves only its own lanes.
#include "kernels/kernels.h"
#include "kernels/neon_util.h"

namespace edgenet {

void se_scale_neon(const SeScaleParams& p, int64_t pixel_begin, int64_t pixel_end) {
  const int full = p.c / 4 * 4, tail = p.c - full;
  for (int64_t q = pixel_begin; q < pixel_end; ++q) {
    const float* gate = p.gate + q / p.pixels * p.c;
    const float* in = p.in + q * p.in_ps;
    float* out = p.out + q * p.out_ps;
    for (int ch = 0; ch < full; ch += 4) vst1q_f32(out + ch, vmulq_f32(vld1q_f32(in + ch), vld1q_f32(gate + ch)));
    if (tail > 0)
      store_lanes4(out + full, vmulq_f32(load_lanes4(in + full, tail), load_lanes4(gate + full, tail)), tail);
  }
}

}  // namespace edgenet
