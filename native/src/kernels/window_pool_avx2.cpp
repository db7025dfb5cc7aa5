// AVX2 KxK max / average pooling: 8 (or 16) channels per vector over each output pixel's real
// taps, in the same (ky, kx) order as the reference, so avg sums match it bit for bit.
#include "kernels/avx2_util.h"
#include "kernels/kernels.h"

namespace edgenet {
namespace {

// One output pixel, NV vectors of channels from c0. Max keeps a NaN flag per lane besides the
// running max_ps (which would drop a NaN met after the first tap).
template <int NV, bool MASKED>
void pool_pixel(const WindowPoolParams& p, const float* src, int64_t row_stride, int rows, int cols, float* dst,
                __m256i mask) {
  const bool is_max = p.kind == EN_POOL_MAX;
  __m256 acc[NV], nan[NV];
  #pragma GCC unroll 2
  for (int v = 0; v < NV; ++v) {
    acc[v] = is_max ? _mm256_set1_ps(-__builtin_inff()) : _mm256_setzero_ps();
    nan[v] = _mm256_setzero_ps();
  }
  for (int ky = 0; ky < rows; ++ky)
    for (int kx = 0; kx < cols; ++kx) {
      const float* tap = src + ky * row_stride + kx * static_cast<int64_t>(p.in_ps);
      #pragma GCC unroll 2
      for (int v = 0; v < NV; ++v) {
        const __m256 x = load8(tap + 8 * v, MASKED && v == NV - 1, mask);
        if (is_max) {
          acc[v] = _mm256_max_ps(acc[v], x);
          nan[v] = _mm256_or_ps(nan[v], _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
        } else {
          acc[v] = _mm256_add_ps(acc[v], x);
        }
      }
    }
  const __m256 area = _mm256_set1_ps(static_cast<float>(p.k * p.k));
  #pragma GCC unroll 2
  for (int v = 0; v < NV; ++v) {
    const __m256 y = is_max ? _mm256_blendv_ps(acc[v], _mm256_set1_ps(__builtin_nanf("")), nan[v])
                            : _mm256_div_ps(acc[v], area);
    store8(dst + 8 * v, y, MASKED && v == NV - 1, mask);
  }
}

}  // namespace

void window_pool_avx2(const WindowPoolParams& p, int64_t row_begin, int64_t row_end) {
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
      for_each_channel_tile(p.c, [&](auto nv, auto masked, int c0, __m256i mask) {
        pool_pixel<decltype(nv)::value, decltype(masked)::value>(p, src + c0, row_stride, ky1 - ky0, kx1 - kx0,
                                                                 dst + c0, mask);
      });
    }
  }
}

}  // namespace edgenet
