// Internal: how the vector kernels (dwconv_tile.h, conv2d_tile.h) cut an output row into blocks
// of pixels that each keep their accumulators in registers. Header-only, ISA-neutral.
#pragma once

#include <type_traits>

namespace edgenet {
namespace {

// Calls block(ox, std::integral_constant<int, P>) for consecutive blocks covering [0, width):
// blocks of PMAX pixels, except where 7s cover the row exactly and PMAX does not (7 divides every
// output width of the zoo at 224: 112, 56, 28, 14, 7); then blocks of 7, 4, 2, 1, none above PMAX.
// The cut depends on the width only, so every output is computed the same way whatever rows a
// thread is given.
template <int PMAX, class F>
inline void for_each_block(int width, F&& block) {
  int ox = 0;
  if constexpr (PMAX > 7) {
    if (PMAX % 7 == 0 || width % PMAX == 0 || width % 7 != 0)
      for (; ox + PMAX <= width; ox += PMAX) block(ox, std::integral_constant<int, PMAX>{});
  }
  if constexpr (PMAX >= 7)
    for (; ox + 7 <= width; ox += 7) block(ox, std::integral_constant<int, 7>{});
  if constexpr (PMAX == 5 || PMAX == 6)
    for (; ox + PMAX <= width; ox += PMAX) block(ox, std::integral_constant<int, PMAX>{});
  if constexpr (PMAX >= 4)
    for (; ox + 4 <= width; ox += 4) block(ox, std::integral_constant<int, 4>{});
  if (width - ox >= 2) block(ox, std::integral_constant<int, 2>{}), ox += 2;
  if (ox < width) block(ox, std::integral_constant<int, 1>{});
}

}  // namespace
}  // namespace edgenet
