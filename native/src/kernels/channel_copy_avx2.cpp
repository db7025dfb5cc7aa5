// AVX2 channel gather: vector loads/stores where channels are adjacent, a hardware gather for
// strided input into adjacent output (the shuffle's common case), element by element otherwise.
// A copy is exact, so every path gives the same bits as the reference.
#include "kernels/avx2_util.h"
#include "kernels/kernels.h"

namespace edgenet {

void channel_copy_avx2(const ChannelCopyParams& p, int64_t pixel_begin, int64_t pixel_end) {
  const int full = p.c / 8 * 8;
  const __m256i tail = lane_mask(p.c - full);
  // Gather offsets j*in_cs for 8 consecutive j fit in int32 when 7*in_cs does (in_cs < in_ps is
  // an int, but 7 times it may not be).
  const bool gather = p.out_cs == 1 && p.in_cs > 1 && p.in_cs <= INT32_MAX / 8;
  const __m256i offsets = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
                                             _mm256_set1_epi32(gather ? static_cast<int32_t>(p.in_cs) : 0));
  for (int64_t q = pixel_begin; q < pixel_end; ++q) {
    const float* in = p.in + q * p.in_ps;
    float* out = p.out + q * p.out_ps;
    if (p.in_cs == 1 && p.out_cs == 1) {
      for (int j = 0; j < full; j += 8) _mm256_storeu_ps(out + j, _mm256_loadu_ps(in + j));
      if (full < p.c) _mm256_maskstore_ps(out + full, tail, _mm256_maskload_ps(in + full, tail));
    } else if (gather) {
      for (int j = 0; j < full; j += 8) _mm256_storeu_ps(out + j, _mm256_i32gather_ps(in + j * p.in_cs, offsets, 4));
      if (full < p.c) {
        // Masked-off lanes are not read (their mask bit is clear).
        const __m256 v = _mm256_mask_i32gather_ps(_mm256_setzero_ps(), in + full * p.in_cs, offsets,
                                                  _mm256_castsi256_ps(tail), 4);
        _mm256_maskstore_ps(out + full, tail, v);
      }
    } else {
      for (int j = 0; j < p.c; ++j) out[j * p.out_cs] = in[j * p.in_cs];
    }
  }
}

}  // namespace edgenet
