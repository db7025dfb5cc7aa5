// Scalar reference: element-wise add with activation, out = act(a + b).
#include "kernels/activation.h"
#include "kernels/kernels.h"

namespace edgenet {

void add_ref(const AddParams& p, int64_t pixel_begin, int64_t pixel_end) {
  for (int64_t q = pixel_begin; q < pixel_end; ++q) {
    const float* a = p.a + q * p.a_ps;
    const float* b = p.b + q * p.b_ps;
    float* out = p.out + q * p.out_ps;
    for (int ch = 0; ch < p.c; ++ch) out[ch] = activate(a[ch] + b[ch], p.act);
  }
}

}  // namespace edgenet
