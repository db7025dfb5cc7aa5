// Internal: the depthwise convolution body shared by dwconv_avx2.cpp, dwconv_avx512.cpp and
// dwconv_neon.cpp, written once over a vector traits type (lanes_avx2.h / lanes_avx512.h /
// lanes_neon.h); each ISA file compiles its own copy (internal linkage) with its own flags.
//
// Loop order: output row -> block of P output pixels along the row -> channel tile (one vector).
// A block keeps P accumulators; per kernel row it loads that row's K weight vectors, then streams
// the block's input columns left to right, each loaded once and multiplied into every accumulator
// whose window covers it (stride 1: K of them), so a kernel row costs K + (P-1)*S + K loads for
// K*P FMAs. Each accumulator sums its taps in (ky, kx) order, the scalar reference's.
// Walking all channels of a block before the next block reads each input pixel as one contiguous
// run (measured faster than tile-major orders, even where all weights do not fit in L1).
//
// Padding: kernel rows outside the image are left out of the row range; a block whose columns
// cross the left or right edge reads a zero vector in place of each missing column (a pointer
// select, no branch), so every block runs the same FMA sequence, and a zero tap adds exactly
// nothing. Channel tails use masked loads and stores (NEON: lane by lane): nothing past a pixel's
// channel count is read or written, whatever the pixel stride.
#pragma once

#include <cstdint>
#include <type_traits>
#include <utility>

#include "kernels/kernels.h"
#include "kernels/tile_blocks.h"
#include "kernels/tile_epilogue.h"

namespace edgenet {
namespace {

// Read in place of input columns that lie in the padding: zero in every lane.
alignas(64) const float kDwZeros[16] = {};

// Calls f(std::integral_constant<int, i>) for i = 0 .. N-1, unrolled at compile time (so that the
// accumulator arrays are indexed by constants and stay in registers).
template <class F, int... I>
__attribute__((always_inline)) inline void unroll_seq(F&& f, std::integer_sequence<int, I...>) {
  (f(std::integral_constant<int, I>{}), ...);
}
template <int N, class F>
__attribute__((always_inline)) inline void unroll(F&& f) {
  unroll_seq(f, std::make_integer_sequence<int, N>{});
}

// One block: P output pixels x NV channel vectors (the last masked if MASKED) over `rows` kernel
// rows. src: input at the first of those rows and at column ix0 (BORDER: at column 0; bit j of
// `valid` says whether column ix0 + j lies inside the image); rows are row_stride floats apart,
// pixels ps. w: weight tap (first row, kx = 0), taps wc floats apart.
template <class T, int K, int S, int P, int NV, bool MASKED, bool BORDER>
__attribute__((noinline)) void dw_block(const float* src, int64_t ps, int64_t row_stride, int rows,
                                                    int ix0, unsigned valid, const float* w, int64_t wc,
                                                    const float* bias, int act, float* out, int64_t out_ps,
                                                    typename T::M mask) {
  using V = typename T::V;
  constexpr int L = T::kLanes;
  constexpr int kCols = (P - 1) * S + K;
  // Hidden from the optimiser, which would otherwise turn the select below back into a branch
  // around the load (it knows what the load would give).
  const float* zeros = kDwZeros;
  if constexpr (BORDER) asm("" : "+r"(zeros));
  V acc[NV][P];
  unroll<NV>([&](auto v) { unroll<P>([&](auto i) { acc[v][i] = T::zero(); }); });
  for (int r = 0; r < rows; ++r, src += row_stride, w += K * wc) {
    V wv[NV][K];
    unroll<NV>([&](auto v) {
      unroll<K>([&](auto kx) { wv[v][kx] = T::load(w + kx * wc + v * L, MASKED && v == NV - 1, mask); });
    });
    const float* col = BORDER ? src + ix0 * ps : src;
    unroll<kCols>([&](auto j) {
      constexpr int kUses = [] {
        int n = 0;
        for (int kx = 0; kx < K; ++kx) {
          const int d = decltype(j)::value - kx;
          n += d >= 0 && d % S == 0 && d / S < P;
        }
        return n;
      }();
      // The column's address by one add per column: x86 addressing cannot scale by j*ps, and
      // keeping kCols offsets in registers spills them.
      const float* s = col;
      col += ps;
      if constexpr (BORDER) s = (valid >> j & 1u) != 0 ? s : zeros;
      unroll<NV>([&](auto v) {
        // kDwZeros holds 16 floats: enough for NV * L lanes wherever BORDER is used with NV > 1.
        V x = T::load(s + v * L, MASKED && v == NV - 1, mask);
        // A column feeding several FMAs stays in a register; one feeding a single FMA may be
        // folded into it as a memory operand.
        if constexpr (kUses > 1) T::pin(x);
        unroll<K>([&](auto kx) {
          constexpr int d = decltype(j)::value - decltype(kx)::value;
          if constexpr (d >= 0 && d % S == 0 && d / S < P)
            acc[v][d / S] = T::fmadd(x, wv[v][kx], acc[v][d / S]);
        });
      });
    });
  }
  unroll<NV>([&](auto v) {
    finish_pixels<T, P, (P >= 7 || NV > 1) && !MASKED>(acc[v], bias != nullptr ? bias + v * L : nullptr, act,
                                                      out + v * L, out_ps, MASKED && v == NV - 1, mask);
  });
}

// One output row. in_row: input row (oy*S - pad + first kernel row), column 0, channel 0;
// w: weight tap (first kernel row, 0); out_row: output pixel 0 of the row. Channel tiles of NV
// vectors of T; the tail takes as many vectors of T as it needs, or one of H (a narrower type, T
// itself where there is none) when it fits in one.
template <class T, class H, int K, int S, int PMAX, int NV>
void dw_row(const DwconvParams& p, const float* in_row, int rows, const float* w, float* out_row) {
  constexpr int L = T::kLanes, kTile = NV * L;
  static_assert(NV * L <= 16, "kDwZeros covers 16 lanes");
  const int64_t ps = p.in_ps, out_ps = p.out_ps, row_stride = static_cast<int64_t>(p.w) * ps;
  const int full = p.c / kTile * kTile, rest = p.c - full;
  const int rest_last = rest % L == 0 ? L : rest % L;  // lanes of the tail's last vector
  const typename T::M tail_mask = T::mask(rest_last);
  const typename H::M half_mask = H::mask(rest > 0 && rest < H::kLanes ? rest : H::kLanes);
  auto block = [&](int ox, auto pixels) {
    constexpr int P = decltype(pixels)::value;
    constexpr int kCols = (P - 1) * S + K;
    const int ix0 = ox * S - p.pad;
    float* out = out_row + ox * out_ps;
    const bool inside = ix0 >= 0 && ix0 + kCols <= p.w;
    unsigned valid = 0;
    if (!inside)
      for (int j = 0; j < kCols; ++j)
        if (ix0 + j >= 0 && ix0 + j < p.w) valid |= 1u << j;
    // One channel tile of n vectors of type U (passed as std::common_type<U>), its last masked
    // or not.
    auto tile = [&](auto u, auto n, auto masked, int c, typename decltype(u)::type::M mask) {
      using U = typename decltype(u)::type;
      constexpr int kN = decltype(n)::value;
      constexpr bool kMasked = decltype(masked)::value;
      const float* bias = p.bias != nullptr ? p.bias + c : nullptr;
      if (inside) {
        dw_block<U, K, S, P, kN, kMasked, false>(in_row + ix0 * ps + c, ps, row_stride, rows, 0, 0u, w + c, p.c, bias,
                                                 p.act, out + c, out_ps, mask);
      } else {
        dw_block<U, K, S, P, kN, kMasked, true>(in_row + c, ps, row_stride, rows, ix0, valid, w + c, p.c, bias, p.act,
                                                out + c, out_ps, mask);
      }
    };
    using One = std::integral_constant<int, 1>;
    for (int c = 0; c < full; c += kTile)
      tile(std::common_type<T>{}, std::integral_constant<int, NV>{}, std::false_type{}, c, T::all());
    if (rest == 0) return;
    if constexpr (H::kLanes < L) {
      if (rest == H::kLanes) return tile(std::common_type<H>{}, One{}, std::false_type{}, full, H::all());
      if (rest < H::kLanes) return tile(std::common_type<H>{}, One{}, std::true_type{}, full, half_mask);
    }
    // The tail: ceil(rest / L) vectors (1..NV), the last masked unless rest is a multiple of L.
    const int tail_vectors = (rest + L - 1) / L;
    unroll<NV>([&](auto i) {
      constexpr int kN = decltype(i)::value + 1;
      if (tail_vectors != kN) return;
      if (rest % L == 0) {
        tile(std::common_type<T>{}, std::integral_constant<int, kN>{}, std::false_type{}, full, T::all());
      } else {
        tile(std::common_type<T>{}, std::integral_constant<int, kN>{}, std::true_type{}, full, tail_mask);
      }
    });
  };
  for_each_block<PMAX>(p.ow, block);
}

// Output rows [row_begin, row_end) over all images.
template <class T, class H, int K, int S, int PMAX, int NV>
void dw_rows(const DwconvParams& p, int64_t row_begin, int64_t row_end) {
  const int64_t ps = p.in_ps, c = p.c;
  for (int64_t row = row_begin; row < row_end; ++row) {
    const int64_t image = row / p.oh;
    const int iy0 = static_cast<int>(row % p.oh) * S - p.pad;
    const int ky_begin = iy0 < 0 ? -iy0 : 0;
    const int ky_end = p.h - iy0 < K ? p.h - iy0 : K;
    dw_row<T, H, K, S, PMAX, NV>(p, p.in + (image * p.h + iy0 + ky_begin) * p.w * ps, ky_end - ky_begin,
                             p.weight + ky_begin * K * c, p.out + row * p.ow * p.out_ps);
  }
}

// P3 / P5: output pixels per block where the row allows, for 3x3 / 5x5; NV3 / NV5: vectors per
// channel tile. P * NV accumulators stay in registers beside K * NV weights and an input vector.
template <class T, class H, int P3, int NV3, int P5, int NV5>
void dw_dispatch(const DwconvParams& p, int64_t row_begin, int64_t row_end) {
  if (p.k == 3) {
    if (p.stride == 1) dw_rows<T, H, 3, 1, P3, NV3>(p, row_begin, row_end);
    else dw_rows<T, H, 3, 2, P3, NV3>(p, row_begin, row_end);
  } else {
    if (p.stride == 1) dw_rows<T, H, 5, 1, P5, NV5>(p, row_begin, row_end);
    else dw_rows<T, H, 5, 2, P5, NV5>(p, row_begin, row_end);
  }
}

}  // namespace
}  // namespace edgenet
