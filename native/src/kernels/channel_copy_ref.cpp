// Scalar reference: channel gather between strided channel views.
#include "kernels/kernels.h"

namespace edgenet {

void channel_copy_ref(const ChannelCopyParams& p, int64_t pixel_begin, int64_t pixel_end) {
  for (int64_t q = pixel_begin; q < pixel_end; ++q) {
    const float* in = p.in + q * p.in_ps;
    float* out = p.out + q * p.out_ps;
    for (int j = 0; j < p.c; ++j) out[j * p.out_cs] = in[j * p.in_cs];
  }
}

}  // namespace edgenet
