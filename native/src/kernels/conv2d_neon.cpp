// NEON dense convolution (the stem: cin = 3, cout 16..48), direct, vectorised over output channels
// as conv2d_avx2.cpp: each input value is broadcast and multiplied into 16 output channels (four
// vectors) at once, for 4 output pixels that share the weight loads: 16 accumulators + 4 weights +
// the input of the 32 registers. Border pixels clip their tap ranges instead of testing every tap.
// The block is written over the Lanes4 traits and tile_epilogue.h, nothing NEON-specific.
#include "kernels/conv_window.h"
#include "kernels/kernels.h"
#include "kernels/lanes_neon.h"
#include "kernels/tile_epilogue.h"

namespace edgenet {
namespace {

using T = Lanes4;
constexpr int kBlockPixels = 4;
constexpr int kTileVectors = 4;

// P output pixels x NV vectors of output channels from c0 (the last vector holding `lanes_last`
// channels when PARTIAL), over taps [ky_begin, ky_end) x [kx_begin, kx_end); `src` is the input at
// tap (ky_begin, kx_begin) of the first pixel. Each output sums its taps in the reference's
// (ky, kx, ci) order.
template <int P, int NV, bool PARTIAL>
void conv_block(const Conv2dParams& p, const float* src, int ky_begin, int ky_end, int kx_begin, int kx_end,
                float* out, int c0, int lanes_last) {
  T::V acc[NV][P];
  #pragma GCC unroll 8
  for (int v = 0; v < NV; ++v)
    #pragma GCC unroll 8
    for (int i = 0; i < P; ++i) acc[v][i] = T::zero();
  const int64_t cin = p.cin, cout = p.cout;
  const int64_t row_stride = static_cast<int64_t>(p.w) * cin, pixel_step = p.stride * cin;
  for (int ky = ky_begin; ky < ky_end; ++ky, src += row_stride) {
    const float* s = src;
    for (int kx = kx_begin; kx < kx_end; ++kx, s += cin) {
      const float* wt = p.weight + ((static_cast<int64_t>(ky) * p.k + kx) * cin) * cout + c0;
      for (int64_t ci = 0; ci < cin; ++ci, wt += cout) {
        T::V wv[NV];
        #pragma GCC unroll 8
        for (int v = 0; v < NV; ++v) wv[v] = T::load(wt + T::kLanes * v, PARTIAL && v == NV - 1, lanes_last);
        #pragma GCC unroll 8
        for (int i = 0; i < P; ++i) {
          const T::V x = T::broadcast(s + i * pixel_step + ci);
          #pragma GCC unroll 8
          for (int v = 0; v < NV; ++v) acc[v][i] = T::fmadd(x, wv[v], acc[v][i]);
        }
      }
    }
  }
  #pragma GCC unroll 8
  for (int v = 0; v < NV; ++v) {
    const float* bias = p.bias != nullptr ? p.bias + c0 + T::kLanes * v : nullptr;
    finish_pixels<T, P, P >= 4 && !PARTIAL>(acc[v], bias, p.act, out + T::kLanes * v, cout, PARTIAL && v == NV - 1, lanes_last);
  }
}

}  // namespace

void conv2d_neon(const Conv2dParams& p, int64_t row_begin, int64_t row_end) {
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
      for_each_channel_tile4<kTileVectors>(p.cout, [&](auto nv, auto partial, int c0, int lanes_last) {
        conv_block<decltype(pixels)::value, decltype(nv)::value, decltype(partial)::value>(
            p, src, ky_begin, ky_end, kx_begin, kx_end, out + c0, c0, lanes_last);
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
