// NEON depthwise convolution (aarch64, ARMv8-A baseline: Cortex-A72 / Raspberry Pi 4 and up), the
// body in dwconv_tile.h over 4-lane vectors. Tile sizes for the 32 vector registers:
//  3x3: tiles of 16 channels (four vectors, so a pixel's 64-byte cache line is used whole: the
//       layout AVX2 measured 1.6x faster than half-line tiles on 512/1024-channel layers, and the
//       Cortex-A72's L1 is only 2-way) x blocks of 4 pixels: 16 accumulators + 12 weights + the
//       input vector = 29 registers.
//  5x5: tiles of 8 channels (two vectors) x blocks of 8 pixels (7 where 7 divides the row and 8
//       does not): 16 accumulators + 10 weights + the input = 27 registers.
// Chosen by instruction counts under qemu (not timed: no arm64 hardware here). 3x3 at 56x56x144
// stride 1 and 112x112x96 stride 2: 3.36M and 2.47M instructions per layer, vs 3.37M / 2.62M for
// 8 channels x 8 pixels (which loads 10-15% less) and 3.73M / 3.11M for 4 x 14. 5x5 at
// 14x14x672 stride 1 and 56x56x240 stride 2: 2.04M / 3.32M, vs 2.57M / 3.98M for 4 x 8.
// Channel tails are moved lane by lane (neon_util.h).
#include "kernels/lanes_neon.h"
#include "kernels/dwconv_tile.h"

namespace edgenet {

void dwconv_neon(const DwconvParams& p, int64_t row_begin, int64_t row_end) {
  dw_dispatch<Lanes4, Lanes4, 4, 4, 8, 2>(p, row_begin, row_end);
}

}  // namespace edgenet
