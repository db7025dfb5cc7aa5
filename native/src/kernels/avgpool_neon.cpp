// NEON global average pool: each channel is summed pixel by pixel in the same order as the scalar
// reference (plain adds, no reassociation), 4 channels per vector, then divided by the count, so
// results match it bit for bit.
#include "kernels/kernels.h"
#include "kernels/neon_util.h"

namespace edgenet {
namespace {

// NV vectors of channels from `src` (already offset to the first channel), over all pixels; the
// last vector holds `lanes_last` channels when `partial_last`.
template <int NV>
void pool_vectors(const AvgpoolParams& p, const float* src, float* out, bool partial_last, int lanes_last) {
  float32x4_t sum[NV];
  #pragma GCC unroll 16
  for (int v = 0; v < NV; ++v) sum[v] = vdupq_n_f32(0.0f);
  for (int64_t q = 0; q < p.pixels; ++q, src += p.in_ps)
    #pragma GCC unroll 16
    for (int v = 0; v < NV; ++v)
      sum[v] = vaddq_f32(sum[v], load4(src + 4 * v, partial_last && v == NV - 1, lanes_last));
  const float32x4_t count = vdupq_n_f32(static_cast<float>(p.pixels));
  #pragma GCC unroll 16
  for (int v = 0; v < NV; ++v) store4(out + 4 * v, vdivq_f32(sum[v], count), partial_last && v == NV - 1, lanes_last);
}

}  // namespace

void global_avgpool_neon(const AvgpoolParams& p, int64_t unit_begin, int64_t unit_end) {
  static_assert(kAvgpoolChannelBlock == 64, "one block is 16 vectors");
  const int64_t blocks = (p.c + kAvgpoolChannelBlock - 1) / kAvgpoolChannelBlock;
  for (int64_t unit = unit_begin; unit < unit_end; ++unit) {
    const int64_t image = unit / blocks;
    const int c0 = static_cast<int>(unit % blocks) * kAvgpoolChannelBlock;
    const int count = p.c - c0 < kAvgpoolChannelBlock ? p.c - c0 : kAvgpoolChannelBlock;
    const float* src = p.in + image * p.pixels * p.in_ps + c0;
    float* out = p.out + image * p.c + c0;
    if (count == kAvgpoolChannelBlock) {
      pool_vectors<16>(p, src, out, false, 4);
      continue;
    }
    int ch = 0;
    for (; ch + 4 <= count; ch += 4) pool_vectors<1>(p, src + ch, out + ch, false, 4);
    if (ch < count) pool_vectors<1>(p, src + ch, out + ch, true, count - ch);
  }
}

}  // namespace edgenet
