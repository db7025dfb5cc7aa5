// AVX2+FMA depthwise convolution, vectorised over channels. Per output row: the interior columns
// (whole window inside the input) go through blocks of 4 pixels x 16 channels with every tap
// unrolled and no bounds checks; padded border pixels take a path with clipped tap ranges.
// Channel tails use masked loads/stores, so nothing past a pixel's last channel is touched.
#include "kernels/avx2_util.h"
#include "kernels/kernels.h"

namespace edgenet {
namespace {

constexpr int kBlockPixels = 4;  // 4 pixels x 2 vectors = 8 accumulators, plus weights and input

// P output pixels in interior columns x NV vectors of channels from c0. `src` is the input at tap
// (ky_begin, 0) of the first pixel, channel c0; input rows are row_stride floats apart.
template <int K, int S, int P, int NV, bool MASKED>
void interior_block(const DwconvParams& p, const float* src, int ky_begin, int ky_end, int64_t row_stride,
                    float* out, int c0, __m256i mask) {
  __m256 acc[P][NV];
  #pragma GCC unroll 8
  for (int i = 0; i < P; ++i)
    #pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm256_setzero_ps();
  const int64_t ps = p.in_ps, c = p.c;
  for (int ky = ky_begin; ky < ky_end; ++ky, src += row_stride) {
    const float* wrow = p.weight + ky * K * c + c0;
    #pragma GCC unroll 5
    for (int kx = 0; kx < K; ++kx) {
      __m256 wv[NV];
      #pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) wv[v] = load8(wrow + kx * c + 8 * v, MASKED && v == NV - 1, mask);
      #pragma GCC unroll 8
      for (int i = 0; i < P; ++i) {
        const float* s = src + (i * S + kx) * ps;
        #pragma GCC unroll 8
        for (int v = 0; v < NV; ++v)
          acc[i][v] = _mm256_fmadd_ps(load8(s + 8 * v, MASKED && v == NV - 1, mask), wv[v], acc[i][v]);
      }
    }
  }
  store_tile<P, NV>(acc, p.bias != nullptr ? p.bias + c0 : nullptr, p.act, out, p.out_ps, MASKED, mask);
}

// One output pixel whose window is clipped by the padding to taps [ky_begin, ky_end) x
// [kx_begin, kx_end); `src` is the input at tap (ky_begin, kx_begin), channel c0.
template <int NV, bool MASKED>
void border_pixel(const DwconvParams& p, const float* src, int ky_begin, int ky_end, int kx_begin, int kx_end,
                  int64_t row_stride, float* out, int c0, __m256i mask) {
  __m256 acc[1][NV];
  #pragma GCC unroll 8
  for (int v = 0; v < NV; ++v) acc[0][v] = _mm256_setzero_ps();
  for (int ky = ky_begin; ky < ky_end; ++ky, src += row_stride) {
    const float* s = src;
    for (int kx = kx_begin; kx < kx_end; ++kx, s += p.in_ps) {
      const float* wt = p.weight + static_cast<int64_t>(ky * p.k + kx) * p.c + c0;
      #pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) {
        const bool masked = MASKED && v == NV - 1;
        acc[0][v] = _mm256_fmadd_ps(load8(s + 8 * v, masked, mask), load8(wt + 8 * v, masked, mask), acc[0][v]);
      }
    }
  }
  store_tile<1, NV>(acc, p.bias != nullptr ? p.bias + c0 : nullptr, p.act, out, p.out_ps, MASKED, mask);
}

template <int K, int S>
void rows(const DwconvParams& p, int64_t row_begin, int64_t row_end) {
  int ox_lo, ox_hi;
  interior_columns(p.w, p.ow, K, S, p.pad, &ox_lo, &ox_hi);
  const int64_t ps = p.in_ps, row_stride = static_cast<int64_t>(p.w) * ps;
  for (int64_t row = row_begin; row < row_end; ++row) {
    const int64_t image = row / p.oh;
    const int iy0 = static_cast<int>(row % p.oh) * S - p.pad;
    const int ky_begin = iy0 < 0 ? -iy0 : 0;
    const int ky_end = p.h - iy0 < K ? p.h - iy0 : K;
    // Input row iy0 + ky_begin, column 0.
    const float* in_row = p.in + ((image * p.h + iy0 + ky_begin) * p.w) * ps;
    float* out_row = p.out + row * p.ow * p.out_ps;

    auto border = [&](int ox) {
      const int ix0 = ox * S - p.pad;
      const int kx_begin = ix0 < 0 ? -ix0 : 0;
      const int kx_end = p.w - ix0 < K ? p.w - ix0 : K;
      const float* src = in_row + (ix0 + kx_begin) * ps;
      float* out = out_row + ox * static_cast<int64_t>(p.out_ps);
      for_each_channel_tile(p.c, [&](auto nv, auto masked, int c0, __m256i mask) {
        border_pixel<decltype(nv)::value, decltype(masked)::value>(p, src + c0, ky_begin, ky_end, kx_begin, kx_end,
                                                                   row_stride, out + c0, c0, mask);
      });
    };
    auto interior = [&](int ox, auto pixels) {
      const float* src = in_row + (ox * S - p.pad) * ps;
      float* out = out_row + ox * static_cast<int64_t>(p.out_ps);
      for_each_channel_tile(p.c, [&](auto nv, auto masked, int c0, __m256i mask) {
        interior_block<K, S, decltype(pixels)::value, decltype(nv)::value, decltype(masked)::value>(
            p, src + c0, ky_begin, ky_end, row_stride, out + c0, c0, mask);
      });
    };

    int ox = 0;
    for (; ox < ox_lo; ++ox) border(ox);
    for (; ox + kBlockPixels <= ox_hi; ox += kBlockPixels) interior(ox, Int<kBlockPixels>{});
    for (; ox < ox_hi; ++ox) interior(ox, Int<1>{});
    for (; ox < p.ow; ++ox) border(ox);
  }
}

}  // namespace

void dwconv_avx2(const DwconvParams& p, int64_t row_begin, int64_t row_end) {
  if (p.k == 3) {
    if (p.stride == 1) rows<3, 1>(p, row_begin, row_end); else rows<3, 2>(p, row_begin, row_end);
  } else {
    if (p.stride == 1) rows<5, 1>(p, row_begin, row_end); else rows<5, 2>(p, row_begin, row_end);
  }
}

}  // namespace edgenet
