// AVX-512 depthwise convolution: channel tiles of 16 lanes, a masked 16-lane tail above 8
// channels and an 8-lane one at or below; blocks of up to 14 output pixels (14 accumulators of
// the 32 registers: twice AVX2's, measured 10-15% faster than 7); the body is dwconv_tile.h.
#include "kernels/lanes_avx512.h"
#include "kernels/dwconv_tile.h"

namespace edgenet {

void dwconv_avx512(const DwconvParams& p, int64_t row_begin, int64_t row_end) {
  dw_dispatch<Lanes16, Lanes8, 14>(p, row_begin, row_end);
}

}  // namespace edgenet
