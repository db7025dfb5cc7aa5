// Internal: the stem convolution (3x3, stride 2, 3 input channels: every stem of the zoo) as a
// direct kernel shared by conv2d_avx2.cpp and conv2d_avx512.cpp over a vector traits type.
//
// Per output row: blocks of P output pixels x channel tiles of NV output-channel vectors. A block
// keeps P x NV accumulators; for each of the 27 taps (ky, kx, ci), fully unrolled within a kernel
// row, it loads the tap's NV weight vectors once and broadcasts each pixel's input value into
// them, so a tap costs NV + P loads for P x NV FMAs. The input of a kernel row under a block is
// one contiguous run of (2P + 1) * 3 floats, addressed by constant offsets. Each output sums its
// taps in (ky, kx, ci) order, as the scalar reference does.
// Padding: kernel rows outside the image are left out of the row range; a block whose columns
// cross the left or right edge broadcasts from a zero buffer in place of each missing column.
#pragma once

#include <cstdint>
#include <type_traits>
#include <utility>

#include "kernels/kernels.h"
#include "kernels/tile_blocks.h"
#include "kernels/tile_epilogue.h"

namespace edgenet {
namespace {

constexpr int kStemCin = 3, kStemK = 3, kStemStride = 2;

// True for the shapes conv2d_stem_rows handles; the others take the generic kernel.
inline bool is_stem(const Conv2dParams& p) {
  return p.cin == kStemCin && p.k == kStemK && p.stride == kStemStride;
}

alignas(64) const float kStemZeros[kStemCin] = {};

template <class F, int... I>
__attribute__((always_inline)) inline void stem_unroll_seq(F&& f, std::integer_sequence<int, I...>) {
  (f(std::integral_constant<int, I>{}), ...);
}
template <int N, class F>
__attribute__((always_inline)) inline void stem_unroll(F&& f) {
  stem_unroll_seq(f, std::make_integer_sequence<int, N>{});
}

// One block: P output pixels x NV vectors of output channels (the last masked if MASKED).
// src: the first kernel row of the block's rows at input column ix0 (BORDER: column 0, and bit j
// of `valid` says whether column ix0 + j is inside the image); rows are row_stride floats apart.
// w: weight [first kernel row][0][0][c0]; taps cout floats apart.
template <class T, int P, int NV, bool MASKED, bool BORDER>
__attribute__((always_inline)) inline void stem_block(const float* src, int64_t row_stride, int rows, int ix0,
                                                      unsigned valid, const float* w, int64_t cout,
                                                      const float* bias, int act, float* out,
                                                      typename T::M mask) {
  using V = typename T::V;
  constexpr int L = T::kLanes, kCols = (P - 1) * kStemStride + kStemK;
  const float* zeros = kStemZeros;
  if constexpr (BORDER) asm("" : "+r"(zeros));  // keeps the select below a select (see dwconv_tile.h)
  V acc[NV][P];
  stem_unroll<NV>([&](auto v) { stem_unroll<P>([&](auto i) { acc[v][i] = T::zero(); }); });
  for (int r = 0; r < rows; ++r, src += row_stride, w += kStemK * kStemCin * cout) {
    // Column addresses of this kernel row (pixel j of the block's input run).
    const float* col[kCols];
    stem_unroll<kCols>([&](auto j) {
      if constexpr (BORDER) {
        col[j] = (valid >> j & 1u) != 0 ? src + (ix0 + static_cast<int64_t>(j)) * kStemCin : zeros;
      } else {
        col[j] = src + j * kStemCin;
      }
    });
    stem_unroll<kStemK * kStemCin>([&](auto t) {
      constexpr int kx = decltype(t)::value / kStemCin, ci = decltype(t)::value % kStemCin;
      V wv[NV];
      stem_unroll<NV>([&](auto v) { wv[v] = T::load(w + t * cout + v * L, MASKED && v == NV - 1, mask); });
      stem_unroll<P>([&](auto i) {
        const V x = T::broadcast(col[i * kStemStride + kx] + ci);
        stem_unroll<NV>([&](auto v) { acc[v][i] = T::fmadd(x, wv[v], acc[v][i]); });
      });
    });
  }
  stem_unroll<NV>([&](auto v) {
    finish_pixels<T, P, P >= 6 && !MASKED>(acc[v], bias != nullptr ? bias + v * L : nullptr, act, out + v * L,
                                           cout, MASKED && v == NV - 1, mask);
  });
}

// Output rows [row_begin, row_end) over all images. Channel tiles of NV vectors of T; a tail takes
// NV vectors with the last masked, or one vector of H (narrower; T where there is none) when it
// fits in one.
template <class T, class H, int PMAX, int NV>
void conv2d_stem_rows(const Conv2dParams& p, int64_t row_begin, int64_t row_end) {
  constexpr int L = T::kLanes, kTile = NV * L;
  const int64_t cout = p.cout, row_stride = static_cast<int64_t>(p.w) * kStemCin;
  const int full = p.cout / kTile * kTile, rest = p.cout - full;
  const int rest_last = rest % L == 0 ? L : rest % L;
  const typename T::M tail_mask = T::mask(rest_last);
  const typename H::M half_mask = H::mask(rest > 0 && rest < H::kLanes ? rest : H::kLanes);
  for (int64_t row = row_begin; row < row_end; ++row) {
    const int64_t image = row / p.oh;
    const int iy0 = static_cast<int>(row % p.oh) * kStemStride - p.pad;
    const int ky_begin = iy0 < 0 ? -iy0 : 0;
    const int ky_end = p.h - iy0 < kStemK ? p.h - iy0 : kStemK;
    const int rows = ky_end - ky_begin;
    const float* in_row = p.in + (image * p.h + iy0 + ky_begin) * row_stride;
    const float* w = p.weight + ky_begin * kStemK * kStemCin * cout;
    float* out_row = p.out + row * p.ow * cout;
    for_each_block<PMAX>(p.ow, [&](int ox, auto pixels) {
      constexpr int P = decltype(pixels)::value;
      constexpr int kCols = (P - 1) * kStemStride + kStemK;
      const int ix0 = ox * kStemStride - p.pad;
      float* out = out_row + ox * cout;
      const bool inside = ix0 >= 0 && ix0 + kCols <= p.w;
      unsigned valid = 0;
      if (!inside)
        for (int j = 0; j < kCols; ++j)
          if (ix0 + j >= 0 && ix0 + j < p.w) valid |= 1u << j;
      auto tile = [&](auto u, auto n, auto masked, int c, typename decltype(u)::type::M mask) {
        using U = typename decltype(u)::type;
        constexpr int kN = decltype(n)::value;
        constexpr bool kMasked = decltype(masked)::value;
        const float* bias = p.bias != nullptr ? p.bias + c : nullptr;
        if (inside) {
          stem_block<U, P, kN, kMasked, false>(in_row + ix0 * kStemCin, row_stride, rows, 0, 0u, w + c, cout, bias,
                                               p.act, out + c, mask);
        } else {
          stem_block<U, P, kN, kMasked, true>(in_row, row_stride, rows, ix0, valid, w + c, cout, bias, p.act,
                                              out + c, mask);
        }
      };
      using One = std::integral_constant<int, 1>;
      for (int c = 0; c < full; c += kTile)
        tile(std::common_type<T>{}, std::integral_constant<int, NV>{}, std::false_type{}, c, T::all());
      if (rest == 0) return;
      if constexpr (NV == 2) {
        if (rest > L)
          return tile(std::common_type<T>{}, std::integral_constant<int, 2>{}, std::true_type{}, full, tail_mask);
      }
      if constexpr (H::kLanes < L) {
        if (rest == H::kLanes) return tile(std::common_type<H>{}, One{}, std::false_type{}, full, H::all());
        if (rest < H::kLanes) return tile(std::common_type<H>{}, One{}, std::true_type{}, full, half_mask);
      }
      if (rest == L) return tile(std::common_type<T>{}, One{}, std::false_type{}, full, T::all());
      tile(std::common_type<T>{}, One{}, std::true_type{}, full, tail_mask);
    });
  }
}

}  // namespace
}  // namespace edgenet
