// AVX2 global average pool: each channel is summed pixel by pixel in the same order as the scalar
// reference (plain adds, no reassociation), 8 channels per vector, then divided by the count.
#include "kernels/avx2_util.h"
#include "kernels/kernels.h"

namespace edgenet {
namespace {

// NV vectors of channels from `src` (already offset to the first channel), over all pixels.
template <int NV>
void pool_vectors(const AvgpoolParams& p, const float* src, float* out, bool masked_last, __m256i mask) {
  __m256 sum[NV];
  #pragma GCC unroll 8
  for (int v = 0; v < NV; ++v) sum[v] = _mm256_setzero_ps();
  for (int64_t q = 0; q < p.pixels; ++q, src += p.in_ps)
    #pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) sum[v] = _mm256_add_ps(sum[v], load8(src + 8 * v, masked_last && v == NV - 1, mask));
  const __m256 count = _mm256_set1_ps(static_cast<float>(p.pixels));
  #pragma GCC unroll 8
  for (int v = 0; v < NV; ++v) store8(out + 8 * v, _mm256_div_ps(sum[v], count), masked_last && v == NV - 1, mask);
}

}  // namespace

void global_avgpool_avx2(const AvgpoolParams& p, int64_t unit_begin, int64_t unit_end) {
  static_assert(kAvgpoolChannelBlock == 64, "one block is 8 vectors");
  const int64_t blocks = (p.c + kAvgpoolChannelBlock - 1) / kAvgpoolChannelBlock;
  const __m256i all = _mm256_set1_epi32(-1);
  for (int64_t unit = unit_begin; unit < unit_end; ++unit) {
    const int64_t image = unit / blocks;
    const int c0 = static_cast<int>(unit % blocks) * kAvgpoolChannelBlock;
    const int count = p.c - c0 < kAvgpoolChannelBlock ? p.c - c0 : kAvgpoolChannelBlock;
    const float* src = p.in + image * p.pixels * p.in_ps + c0;
    float* out = p.out + image * p.c + c0;
    if (count == kAvgpoolChannelBlock) {
      pool_vectors<8>(p, src, out, false, all);
      continue;
    }
    int ch = 0;
    for (; ch + 8 <= count; ch += 8) pool_vectors<1>(p, src + ch, out + ch, false, all);
    if (ch < count) pool_vectors<1>(p, src + ch, out + ch, true, lane_mask(count - ch));
  }
}

}  // namespace edgenet
