// AVX-512 depthwise convolution, the body in dwconv_tile.h: channel tiles of 16 lanes (a masked
// 16-lane tail above 8 channels, an 8-lane one at or below: a half-empty 512-bit vector costs
// twice the work where the CPU splits it in two) x blocks of 14 output pixels (14 accumulators of
// the 32 registers; measured 10-15% faster than 7).
#include "kernels/lanes_avx512.h"
#include "kernels/dwconv_tile.h"

namespace edgenet {

void dwconv_avx512(const DwconvParams& p, int64_t row_begin, int64_t row_end) {
  dw_dispatch<Lanes16, Lanes8, 14, 1, 14, 1>(p, row_begin, row_end);
}

}  // namespace edgenet
