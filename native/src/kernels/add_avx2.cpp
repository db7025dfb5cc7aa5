// AVX2 element-wise add with activation, 8 channels per vector, the tail masked.
#include "kernels/avx2_util.h"
#include "kernels/kernels.h"

namespace edgenet {

void add_avx2(const AddParams& p, int64_t pixel_begin, int64_t pixel_end) {
  const int full = p.c / 8 * 8;
  const __m256i tail = lane_mask(p.c - full);
  for (int64_t q = pixel_begin; q < pixel_end; ++q) {
    const float* a = p.a + q * p.a_ps;
    const float* b = p.b + q * p.b_ps;
    float* out = p.out + q * p.out_ps;
    for (int ch = 0; ch < full; ch += 8)
      _mm256_storeu_ps(out + ch, activate8(_mm256_add_ps(_mm256_loadu_ps(a + ch), _mm256_loadu_ps(b + ch)), p.act));
    if (full < p.c) {
      const __m256 y = _mm256_add_ps(_mm256_maskload_ps(a + full, tail), _mm256_maskload_ps(b + full, tail));
      _mm256_maskstore_ps(out + full, tail, activate8(y, p.act));
    }
  }
}

}  // namespace edgenet
