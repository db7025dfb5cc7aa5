// Internal, shared by the pointwise variants: how a variant walks its range of pixels.
// ISA-neutral (no intrinsics); everything has internal linkage.
#pragma once

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "kernels/kernels.h"

namespace edgenet {
namespace {

// Pixels per cache block: the block's input rows stay in L2 while every column tile sweeps them,
// and each panel is read from farther away once per block. 256 KB leaves room for the panels in
// Zen 3's 512 KB L2; the 7x7 and 14x14 layers (49 x 4 KB, 196 x 2 KB rows) fit in one block, so
// their large weights are streamed once.
constexpr int64_t kPwconvBlockBytes = 256 * 1024;

inline int64_t pwconv_block_pixels(const PwconvParams& p) {
  // Bytes of one pixel's input the kernel touches (a strided input spreads them).
  int64_t span = (static_cast<int64_t>(p.cin) - 1) * p.in_cs + 1;
  if (span > p.in_ps) span = p.in_ps;
  const int64_t rows = kPwconvBlockBytes / (4 * span);
  return rows > 1 ? rows : 1;
}

// A range of at most this many pixels (a fully connected layer, batch 1) runs one pixel at a time
// over many panels side by side: its time goes into streaming the weights, which are used once.
constexpr int64_t kRowPixels = 1;

// Calls fn(first, count) for parts of [begin, end) of at most `most` each, as few parts as that
// allows and their sizes differing by at most one: 49 rows in tiles of at most 12 are
// 10+10+10+10+9, not 12+12+12+12+1 (a 1-row tile streams the whole panel for one row).
template <typename Fn>
inline void for_each_even_part(int64_t begin, int64_t end, int64_t most, Fn&& fn) {
  const int64_t count = end - begin;
  if (count <= 0) return;
  const int64_t parts = (count + most - 1) / most;
  const int64_t base = count / parts, extra = count % parts;
  int64_t at = begin;
  for (int64_t i = 0; i < parts; ++i) {
    const int64_t size = base + (i < extra ? 1 : 0);
    fn(at, size);
    at += size;
  }
}

// Splits `vectors` column vectors into tiles of at most `widest` (3) vectors, calling
// fn(first_vector, width). A remainder of one vector is avoided where possible (3+1 becomes
// 2+2): a one-vector tile does one multiply-add per load.
template <typename Fn>
inline void for_each_column_tile(int vectors, Fn&& fn) {
  int v0 = 0;
  while (v0 < vectors) {
    const int left = vectors - v0;
    const int width = left == 4 || left == 2 ? 2 : left == 1 ? 1 : 3;
    fn(v0, width);
    v0 += width;
  }
}

// Calls fn(std::integral_constant<int, n>{}) for a run-time n in 1..N: picks the instance of a
// tile template for a width known only at run time.
template <int N, typename Fn>
inline void with_width(int n, Fn&& fn) {
  if constexpr (N > 1) {
    if (n < N) return with_width<N - 1>(n, fn);
  }
  fn(std::integral_constant<int, N>{});
}

// The walk of the one-pixel path (kRowPixels): pixels [pixel_begin, pixel_end) one at a time,
// channels [col_begin, col_end) in row tiles of whole panels (but for the last) of at most
// kMaxVectors L-lane vectors, as even as that allows. Calls
// tile(pixel, first channel, std::integral_constant<int, vectors>{}, valid lanes of the last vector).
template <int L, int kMaxVectors, typename Tile>
inline void for_each_row_tile(int64_t pixel_begin, int64_t pixel_end, int col_begin, int col_end, Tile&& tile) {
  static_assert(kPwconvPanel % L == 0 && kMaxVectors % (kPwconvPanel / L) == 0, "row tiles of whole panels");
  const int panels = (col_end - col_begin + kPwconvPanel - 1) / kPwconvPanel;
  for (int64_t q = pixel_begin; q < pixel_end; ++q) {
    for_each_even_part(0, panels, kMaxVectors / (kPwconvPanel / L), [&](int64_t first, int64_t count) {
      const int c0 = col_begin + kPwconvPanel * static_cast<int>(first);
      const int c1 = std::min(col_end, c0 + kPwconvPanel * static_cast<int>(count));
      const int vectors = (c1 - c0 + L - 1) / L;
      const int lanes = c1 - (c0 + L * (vectors - 1));
      with_width<kMaxVectors>(vectors, [&](auto nv) { tile(q, c0, nv, lanes); });
    });
  }
}

// Software prefetch of the next column tile's panels. Within a pixel block every column tile
// sweeps all the block's pixel tiles over its panels, which stay in L2 after the first pixel tile;
// that first one, though, waits on panels coming from L3 or memory (a 7x7 layer's 2-4 MB of
// weights are read once per run and are cold). So while a column tile runs, its pixel tile i pulls
// panel `first + i` of the next column tile toward L2, one 64-byte line per k: pixel tile i gets
// the window returned here (cin lines), or `own` (lines already cached, a harmless repeat) once
// the next tile's `panels` panels are covered. Measured in MobileNetV1 (profile, 1 thread): the
// 7x7 layers from 90-95 to 93-101 GFLOP/s, the 14x14 ones from 102-108 to 106-111.
inline const float* pwconv_prefetch_window(const PwconvParams& p, int64_t first, int64_t panels, int64_t index,
                                           const float* own) {
  if (index >= panels) return own;
  return p.weight + (first + index) * static_cast<int64_t>(kPwconvPanel) * p.cin;
}

}  // namespace
}  // namespace edgenet
