// NEON NCHW -> NHWC: 4 channels x 4 pixels at a time through an in-register 4x4 transpose; three
// channels (an RGB image, every network's input) by the interleaving store ST3. Channel and pixel
// remainders are copied one value at a time. A copy is exact: the same bits as the reference.
#include "kernels/kernels.h"
#include "kernels/neon_util.h"

namespace edgenet {
namespace {

// rows[i] holds channel i of 4 consecutive pixels; afterwards rows[j] holds pixel j's 4 channels.
inline void transpose4x4(float32x4_t (&rows)[4]) {
  // Pairs of rows interleaved lane by lane: t0 = (r0[0], r1[0], r0[2], r1[2]), t1 = (r0[1], r1[1], ...).
  const float32x4_t t0 = vtrn1q_f32(rows[0], rows[1]), t1 = vtrn2q_f32(rows[0], rows[1]);
  const float32x4_t t2 = vtrn1q_f32(rows[2], rows[3]), t3 = vtrn2q_f32(rows[2], rows[3]);
  // Then 64-bit halves: pixel 0 = low(t0) | low(t2), pixel 2 = high(t0) | high(t2), and so on.
  auto low_halves = [](float32x4_t a, float32x4_t b) {
    return vreinterpretq_f32_f64(vtrn1q_f64(vreinterpretq_f64_f32(a), vreinterpretq_f64_f32(b)));
  };
  auto high_halves = [](float32x4_t a, float32x4_t b) {
    return vreinterpretq_f32_f64(vtrn2q_f64(vreinterpretq_f64_f32(a), vreinterpretq_f64_f32(b)));
  };
  rows[0] = low_halves(t0, t2);
  rows[1] = low_halves(t1, t3);
  rows[2] = high_halves(t0, t2);
  rows[3] = high_halves(t1, t3);
}

// Three channels: 4 pixels of R, G and B become 12 interleaved floats.
void rgb_span(const float* in, float* out, int64_t hw, int64_t q0, int64_t q1) {
  int64_t q = q0;
  for (; q + 4 <= q1; q += 4) {
    float32x4x3_t rgb;
    rgb.val[0] = vld1q_f32(in + q);
    rgb.val[1] = vld1q_f32(in + hw + q);
    rgb.val[2] = vld1q_f32(in + 2 * hw + q);
    vst3q_f32(out + q * 3, rgb);
  }
  for (; q < q1; ++q)
    for (int ch = 0; ch < 3; ++ch) out[q * 3 + ch] = in[ch * hw + q];
}

// Pixels [q0, q1) of one image.
void image_span(const LayoutParams& p, const float* in, float* out, int64_t q0, int64_t q1) {
  const int64_t hw = p.pixels_per_image;
  const int c = p.c, c_full = c / 4 * 4;
  if (c == 3) {
    rgb_span(in, out, hw, q0, q1);
    return;
  }
  int64_t q = q0;
  for (; q + 4 <= q1; q += 4) {
    for (int ch = 0; ch < c_full; ch += 4) {
      float32x4_t rows[4];
      #pragma GCC unroll 4
      for (int i = 0; i < 4; ++i) rows[i] = vld1q_f32(in + (ch + i) * hw + q);
      transpose4x4(rows);
      #pragma GCC unroll 4
      for (int j = 0; j < 4; ++j) vst1q_f32(out + (q + j) * c + ch, rows[j]);
    }
    for (int ch = c_full; ch < c; ++ch)
      #pragma GCC unroll 4
      for (int j = 0; j < 4; ++j) out[(q + j) * c + ch] = in[ch * hw + q + j];
  }
  for (; q < q1; ++q)
    for (int ch = 0; ch < c; ++ch) out[q * c + ch] = in[ch * hw + q];
}

}  // namespace

void nchw_to_nhwc_neon(const LayoutParams& p, int64_t pixel_begin, int64_t pixel_end) {
  const int64_t hw = p.pixels_per_image;
  for (int64_t q = pixel_begin; q < pixel_end;) {
    const int64_t image = q / hw;
    const int64_t span_end = (image + 1) * hw < pixel_end ? (image + 1) * hw : pixel_end;
    image_span(p, p.in + image * p.c * hw, p.out + image * hw * p.c, q - image * hw, span_end - image * hw);
    q = span_end;
  }
}

}  // namespace edgenet
