// AVX2+FMA depthwise convolution, the body in dwconv_tile.h. 3x3: tiles of 16 channels (two
// vectors, so each 64-byte line of a pixel is used whole at once) x blocks of 4 pixels; with 8-lane
// tiles, MobileNetV1's 512- and 1024-channel layers, whose pixel strides map a whole row into two
// L1 sets, ran 1.6x slower. 5x5: tiles of 8 channels x blocks of 8 pixels (8 accumulators + 5
// weights + 1 input of the 16 registers). Channel tails are masked.
#include "kernels/lanes_avx2.h"
#include "kernels/dwconv_tile.h"

namespace edgenet {

void dwconv_avx2(const DwconvParams& p, int64_t row_begin, int64_t row_end) {
  dw_dispatch<Lanes8, Lanes8, 4, 2, 8, 1>(p, row_begin, row_end);
}

}  // namespace edgenet
