// AVX2+FMA depthwise convolution: channel tiles of 8 lanes (masked tail), blocks of up to 8
// output pixels (8 accumulators + 5 weights + 1 input of the 16 registers); the body is
// dwconv_tile.h.
#include "kernels/lanes_avx2.h"
#include "kernels/dwconv_tile.h"

namespace edgenet {

void dwconv_avx2(const DwconvParams& p, int64_t row_begin, int64_t row_end) {
  dw_dispatch<Lanes8, Lanes8, 8>(p, row_begin, row_end);
}

}  // namespace edgenet
