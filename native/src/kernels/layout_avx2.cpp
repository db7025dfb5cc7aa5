// AVX2 NCHW -> NHWC: 8 channels x 8 pixels at a time through an in-register 8x8 transpose;
// channel and pixel remainders are copied one value at a time.
#include "kernels/avx2_util.h"
#include "kernels/kernels.h"

namespace edgenet {
namespace {

// rows[i] holds channel i of 8 consecutive pixels; afterwards rows[j] holds pixel j's 8 channels.
inline void transpose8x8(__m256 (&rows)[8]) {
  __m256 t[8], u[8];
  #pragma GCC unroll 8
  for (int i = 0; i < 4; ++i) {
    t[2 * i] = _mm256_unpacklo_ps(rows[2 * i], rows[2 * i + 1]);
    t[2 * i + 1] = _mm256_unpackhi_ps(rows[2 * i], rows[2 * i + 1]);
  }
  #pragma GCC unroll 8
  for (int half = 0; half < 2; ++half) {  // channels 0-3, then 4-7
    const __m256* th = t + 4 * half;
    u[4 * half + 0] = _mm256_shuffle_ps(th[0], th[2], 0x44);  // pixels 0 | 4
    u[4 * half + 1] = _mm256_shuffle_ps(th[0], th[2], 0xEE);  // pixels 1 | 5
    u[4 * half + 2] = _mm256_shuffle_ps(th[1], th[3], 0x44);  // pixels 2 | 6
    u[4 * half + 3] = _mm256_shuffle_ps(th[1], th[3], 0xEE);  // pixels 3 | 7
  }
  #pragma GCC unroll 8
  for (int j = 0; j < 4; ++j) {
    rows[j] = _mm256_permute2f128_ps(u[j], u[4 + j], 0x20);
    rows[j + 4] = _mm256_permute2f128_ps(u[j], u[4 + j], 0x31);
  }
}

// Output vector of the RGB interleave: lane l takes pixel idx[l] of R, G or B; FromG / FromB
// mark the lanes that hold G and B (blend immediates must be compile-time constants).
template <int FromG, int FromB>
inline __m256 rgb_vector(__m256 r, __m256 g, __m256 b, __m256i idx) {
  __m256 y = _mm256_permutevar8x32_ps(r, idx);
  y = _mm256_blend_ps(y, _mm256_permutevar8x32_ps(g, idx), FromG);
  return _mm256_blend_ps(y, _mm256_permutevar8x32_ps(b, idx), FromB);
}

// Three channels (an RGB image, every network's input): 8 pixels of R, G and B become 24
// interleaved floats, flat element 8v + l of them being pixel (8v + l) / 3, channel (8v + l) % 3.
void rgb_span(const float* in, float* out, int64_t hw, int64_t q0, int64_t q1) {
  const __m256i idx0 = _mm256_setr_epi32(0, 0, 0, 1, 1, 1, 2, 2);
  const __m256i idx1 = _mm256_setr_epi32(2, 3, 3, 3, 4, 4, 4, 5);
  const __m256i idx2 = _mm256_setr_epi32(5, 5, 6, 6, 6, 7, 7, 7);
  int64_t q = q0;
  for (; q + 8 <= q1; q += 8) {
    const __m256 r = _mm256_loadu_ps(in + q), g = _mm256_loadu_ps(in + hw + q), b = _mm256_loadu_ps(in + 2 * hw + q);
    _mm256_storeu_ps(out + q * 3, rgb_vector<0x92, 0x24>(r, g, b, idx0));
    _mm256_storeu_ps(out + q * 3 + 8, rgb_vector<0x24, 0x49>(r, g, b, idx1));
    _mm256_storeu_ps(out + q * 3 + 16, rgb_vector<0x49, 0x92>(r, g, b, idx2));
  }
  for (; q < q1; ++q)
    for (int ch = 0; ch < 3; ++ch) out[q * 3 + ch] = in[ch * hw + q];
}

// Pixels [q0, q1) of one image.
void image_span(const LayoutParams& p, const float* in, float* out, int64_t q0, int64_t q1) {
  const int64_t hw = p.pixels_per_image;
  const int c = p.c, c_full = c / 8 * 8;
  if (c == 3) {
    rgb_span(in, out, hw, q0, q1);
    return;
  }
  int64_t q = q0;
  for (; q + 8 <= q1; q += 8) {
    for (int ch = 0; ch < c_full; ch += 8) {
      __m256 rows[8];
      #pragma GCC unroll 8
      for (int i = 0; i < 8; ++i) rows[i] = _mm256_loadu_ps(in + (ch + i) * hw + q);
      transpose8x8(rows);
      #pragma GCC unroll 8
      for (int j = 0; j < 8; ++j) _mm256_storeu_ps(out + (q + j) * c + ch, rows[j]);
    }
    for (int ch = c_full; ch < c; ++ch)
      #pragma GCC unroll 8
      for (int j = 0; j < 8; ++j) out[(q + j) * c + ch] = in[ch * hw + q + j];
  }
  for (; q < q1; ++q)
    for (int ch = 0; ch < c; ++ch) out[q * c + ch] = in[ch * hw + q];
}

}  // namespace

void nchw_to_nhwc_avx2(const LayoutParams& p, int64_t pixel_begin, int64_t pixel_end) {
  const int64_t hw = p.pixels_per_image;
  for (int64_t q = pixel_begin; q < pixel_end;) {
    const int64_t image = q / hw;
    const int64_t span_end = (image + 1) * hw < pixel_end ? (image + 1) * hw : pixel_end;
    image_span(p, p.in + image * p.c * hw, p.out + image * hw * p.c, q - image * hw, span_end - image * hw);
    q = span_end;
  }
}

}  // namespace edgenet
