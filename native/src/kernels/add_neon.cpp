// NEON element-wise add with activation, 4 channels per vector, a tail of 1-3 moved lane by lane.
#include "kernels/kernels.h"
#include "kernels/neon_util.h"

namespace edgenet {

void add_neon(const AddParams& p, int64_t pixel_begin, int64_t pixel_end) {
  const int full = p.c / 4 * 4, rest = p.c - full;
  for (int64_t q = pixel_begin; q < pixel_end; ++q) {
    const float* a = p.a + q * p.a_ps;
    const float* b = p.b + q * p.b_ps;
    float* out = p.out + q * p.out_ps;
    for (int ch = 0; ch < full; ch += 4)
      vst1q_f32(out + ch, activate4(vaddq_f32(vld1q_f32(a + ch), vld1q_f32(b + ch)), p.act));
    if (rest > 0) {
      const float32x4_t y = vaddq_f32(load_lanes4(a + full, rest), load_lanes4(b + full, rest));
      store_lanes4(out + full, activate4(y, p.act), rest);
    }
  }
}

}  // namespace edgenet
