// AVX2 channel scaling that ends squeeze-and-excitation: one multiply per element, exact as the
// reference.
#include "kernels/avx2_util.h"
#include "kernels/kernels.h"

namespace edgenet {

void se_scale_avx2(const SeScaleParams& p, int64_t pixel_begin, int64_t pixel_end) {
  const int full = p.c / 8 * 8;
  const __m256i tail = lane_mask(p.c - full);
  for (int64_t q = pixel_begin; q < pixel_end; ++q) {
    const float* gate = p.gate + q / p.pixels * p.c;
    const float* in = p.in + q * p.in_ps;
    float* out = p.out + q * p.out_ps;
    for (int ch = 0; ch < full; ch += 8)
      _mm256_storeu_ps(out + ch, _mm256_mul_ps(_mm256_loadu_ps(in + ch), _mm256_loadu_ps(gate + ch)));
    if (full < p.c)
      _mm256_maskstore_ps(out + full, tail,
                          _mm256_mul_ps(_mm256_maskload_ps(in + full, tail), _mm256_maskload_ps(gate + full, tail)));
  }
}

}  // namespace edgenet
