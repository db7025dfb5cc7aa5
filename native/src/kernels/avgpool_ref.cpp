// Scalar reference: global average pool. Sums in float, pixel by pixel in order, then divides by
// the pixel count (one correctly rounded division, as PyTorch's mean does).
#include "kernels/kernels.h"

namespace edgenet {

void global_avgpool_ref(const AvgpoolParams& p, int64_t unit_begin, int64_t unit_end) {
  const int64_t blocks = (p.c + kAvgpoolChannelBlock - 1) / kAvgpoolChannelBlock;
  const float count = static_cast<float>(p.pixels);
  for (int64_t unit = unit_begin; unit < unit_end; ++unit) {
    const int64_t image = unit / blocks;
    const int c0 = static_cast<int>(unit % blocks) * kAvgpoolChannelBlock;
    const int c1 = c0 + kAvgpoolChannelBlock < p.c ? c0 + kAvgpoolChannelBlock : p.c;
    const float* src = p.in + image * p.pixels * p.in_ps;
    for (int ch = c0; ch < c1; ++ch) {
      float sum = 0.0f;
      for (int64_t q = 0; q < p.pixels; ++q) sum += src[q * p.in_ps + ch];
      p.out[image * p.c + ch] = sum / count;
    }
  }
}

}  // namespace edgenet
