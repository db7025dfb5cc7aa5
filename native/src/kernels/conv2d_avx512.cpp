// AVX-512 dense convolution. The stem shape (3x3, stride 2, 3 input channels) takes the unrolled
// kernel of conv2d_tile.h: tiles of 16 output channels (an 8-lane vector for tails of at most 8)
// x blocks of 8 pixels. Tiles of 32 channels, which would share each broadcast input between two
// FMAs, ran at half the speed: GCC then keeps a whole tap's broadcasts live and spills the
// accumulators. Other shapes run the AVX2 kernel.
#include "kernels/lanes_avx512.h"
#include "kernels/conv2d_tile.h"

namespace edgenet {

void conv2d_avx512(const Conv2dParams& p, int64_t row_begin, int64_t row_end) {
  if (!is_stem(p)) return conv2d_avx2(p, row_begin, row_end);
  conv2d_stem_rows<Lanes16, Lanes8, 8, 1>(p, row_begin, row_end);
}

}  // namespace edgenet
