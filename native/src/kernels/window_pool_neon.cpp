// NEON KxK max / average pooling: up to 16 channels (four vectors) per step over each output
// pixel's real taps, in the same (ky, kx) order as the reference, so avg sums match it bit for bit.
// Max needs no NaN bookkeeping: AArch64 FMAX returns a NaN operand, and once the running maximum
// is NaN it stays NaN (the first NaN met, as in the reference).
#include "edgenet/edgenet.h"
#include "kernels/kernels.h"
#include "kernels/neon_util.h"

namespace edgenet {
namespace {

// One output pixel, NV vectors of channels (the last one holding `lanes_last` channels when
// PARTIAL); `src` is the window's first real tap.
template <int NV, bool PARTIAL>
void pool_pixel(const WindowPoolParams& p, const float* src, int64_t row_stride, int rows, int cols, float* dst,
                int lanes_last) {
  const bool is_max = p.kind == EN_POOL_MAX;
  float32x4_t acc[NV];
  #pragma GCC unroll 4
  for (int v = 0; v < NV; ++v) acc[v] = vdupq_n_f32(is_max ? -__builtin_inff() : 0.0f);
  for (int ky = 0; ky < rows; ++ky)
    for (int kx = 0; kx < cols; ++kx) {
      const float* tap = src + ky * row_stride + kx * static_cast<int64_t>(p.in_ps);
      #pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) {
        const float32x4_t x = load4(tap + 4 * v, PARTIAL && v == NV - 1, lanes_last);
        acc[v] = is_max ? vmaxq_f32(acc[v], x) : vaddq_f32(acc[v], x);
      }
    }
  const float32x4_t area = vdupq_n_f32(static_cast<float>(p.k * p.k));
  #pragma GCC unroll 4
  for (int v = 0; v < NV; ++v)
    store4(dst + 4 * v, is_max ? acc[v] : vdivq_f32(acc[v], area), PARTIAL && v == NV - 1, lanes_last);
}

}  // namespace

void window_pool_neon(const WindowPoolParams& p, int64_t row_begin, int64_t row_end) {
  const int64_t row_stride = static_cast<int64_t>(p.w) * p.in_ps;
  for (int64_t row = row_begin; row < row_end; ++row) {
    const int64_t image = row / p.oh;
    const int oy = static_cast<int>(row % p.oh);
    const int y0 = oy * p.stride - p.pad;
    const int ky0 = y0 < 0 ? -y0 : 0, ky1 = y0 + p.k > p.h ? p.h - y0 : p.k;
    for (int ox = 0; ox < p.ow; ++ox) {
      const int x0 = ox * p.stride - p.pad;
      const int kx0 = x0 < 0 ? -x0 : 0, kx1 = x0 + p.k > p.w ? p.w - x0 : p.k;
      // The window's first real tap (a pointer into the padding would be out of bounds).
      const float* src = p.in + ((image * p.h + y0 + ky0) * p.w + x0 + kx0) * p.in_ps;
      float* dst = p.out + (row * p.ow + ox) * p.out_ps;
      for_each_channel_tile4<4>(p.c, [&](auto nv, auto partial, int c0, int lanes_last) {
        pool_pixel<decltype(nv)::value, decltype(partial)::value>(p, src + c0, row_stride, ky1 - ky0, kx1 - kx0,
                                                                  dst + c0, lanes_last);
      });
    }
  }
}

}  // namespace edgenet
