// AVX2+FMA dense convolution. The stem shape (3x3, stride 2, 3 input channels) takes the unrolled
// kernel of conv2d_tile.h: tiles of 16 output channels x blocks of 6 pixels (12 accumulators, 2
// weights, 1 broadcast of the 16 registers). Any other shape: the generic kernel below, vectorised
// over output channels: each input value is broadcast and multiplied into 16 output channels at
// once, for 4 output pixels that share the weight loads. Border pixels clip their tap ranges
// instead of testing every tap.
#include "kernels/avx2_util.h"
#include "kernels/kernels.h"
#include "kernels/lanes_avx2.h"
#include "kernels/conv2d_tile.h"

namespace edgenet {
namespace {

constexpr int kBlockPixels = 4;

// P output pixels x NV vectors of output channels from c0, over taps [ky_begin, ky_end) x
// [kx_begin, kx_end); `src` is the input at tap (ky_begin, kx_begin) of the first pixel.
template <int P, int NV, bool MASKED>
void conv_block(const Conv2dParams& p, const float* src, int ky_begin, int ky_end, int kx_begin, int kx_end,
                float* out, int c0, __m256i mask) {
  __m256 acc[P][NV];
  #pragma GCC unroll 8
  for (int i = 0; i < P; ++i)
    #pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm256_setzero_ps();
  const int64_t cin = p.cin, cout = p.cout;
  const int64_t row_stride = static_cast<int64_t>(p.w) * cin, pixel_step = p.stride * cin;
  for (int ky = ky_begin; ky < ky_end; ++ky, src += row_stride) {
    const float* s = src;
    for (int kx = kx_begin; kx < kx_end; ++kx, s += cin) {
      const float* wt = p.weight + ((static_cast<int64_t>(ky) * p.k + kx) * cin) * cout + c0;
      for (int64_t ci = 0; ci < cin; ++ci, wt += cout) {
        __m256 wv[NV];
        #pragma GCC unroll 8
        for (int v = 0; v < NV; ++v) wv[v] = load8(wt + 8 * v, MASKED && v == NV - 1, mask);
        #pragma GCC unroll 8
        for (int i = 0; i < P; ++i) {
          const __m256 x = _mm256_broadcast_ss(s + i * pixel_step + ci);
          #pragma GCC unroll 8
          for (int v = 0; v < NV; ++v) acc[i][v] = _mm256_fmadd_ps(x, wv[v], acc[i][v]);
        }
      }
    }
  }
  store_tile<P, NV>(acc, p.bias != nullptr ? p.bias + c0 : nullptr, p.act, out, p.cout, MASKED, mask);
}

}  // namespace

void conv2d_avx2(const Conv2dParams& p, int64_t row_begin, int64_t row_end) {
  if (is_stem(p)) return conv2d_stem_rows<Lanes8, Lanes8, 6, 2>(p, row_begin, row_end);
  int ox_lo, ox_hi;
  interior_columns(p.w, p.ow, p.k, p.stride, p.pad, &ox_lo, &ox_hi);
  const int64_t cin = p.cin;
  for (int64_t row = row_begin; row < row_end; ++row) {
    const int64_t image = row / p.oh;
    const int iy0 = static_cast<int>(row % p.oh) * p.stride - p.pad;
    const int ky_begin = iy0 < 0 ? -iy0 : 0;
    const int ky_end = p.h - iy0 < p.k ? p.h - iy0 : p.k;
    const float* in_row = p.in + ((image * p.h + iy0 + ky_begin) * p.w) * cin;  // row iy0+ky_begin, column 0
    float* out_row = p.out + row * p.ow * p.cout;

    auto block = [&](int ox, auto pixels, int kx_begin, int kx_end) {
      const float* src = in_row + (ox * p.stride - p.pad + kx_begin) * cin;
      float* out = out_row + static_cast<int64_t>(ox) * p.cout;
      for_each_channel_tile(p.cout, [&](auto nv, auto masked, int c0, __m256i mask) {
        conv_block<decltype(pixels)::value, decltype(nv)::value, decltype(masked)::value>(
            p, src, ky_begin, ky_end, kx_begin, kx_end, out + c0, c0, mask);
      });
    };
    auto border = [&](int ox) {
      const int ix0 = ox * p.stride - p.pad;
      block(ox, Int<1>{}, ix0 < 0 ? -ix0 : 0, p.w - ix0 < p.k ? p.w - ix0 : p.k);
    };

    int ox = 0;
    for (; ox < ox_lo; ++ox) border(ox);
    for (; ox + kBlockPixels <= ox_hi; ox += kBlockPixels) block(ox, Int<kBlockPixels>{}, 0, p.k);
    for (; ox < ox_hi; ++ox) block(ox, Int<1>{}, 0, p.k);
    for (; ox < p.ow; ++ox) border(ox);
  }
}

}  // namespace edgenet
