// en_window_pool: argument checks, variant choice, thread split over output rows.
#include <climits>

#include "api/dispatch.h"
#include "api/validate.h"
#include "kernels/kernels.h"
#include "pool.h"

extern "C" int en_window_pool(en_pool* pool, const float* in, int64_t in_cap, int n, int h, int w, int c, int in_ps,
                              int kind, int k, int stride, int pad, float* out, int64_t out_cap, int out_ps) {
  using namespace edgenet;
  if (in == nullptr || out == nullptr || n < 1 || h < 1 || w < 1 || c < 1) return EN_ERR_ARG;
  if (kind != EN_POOL_MAX && kind != EN_POOL_AVG) return EN_ERR_ARG;
  // pad <= k/2 also guarantees every window holds at least one real pixel (max never sees only padding).
  if (k < 1 || k > 7 || stride < 1 || stride > 4 || pad < 0 || pad > k / 2) return EN_ERR_ARG;
  if (static_cast<int64_t>(h) + 2 * pad > INT_MAX || static_cast<int64_t>(w) + 2 * pad > INT_MAX) return EN_ERR_ARG;
  int oh, ow;
  if (!conv_output_size(h, k, stride, pad, &oh) || !conv_output_size(w, k, stride, pad, &ow)) return EN_ERR_ARG;
  int64_t in_pixels, out_pixels;
  if (!checked_mul3(n, h, w, &in_pixels) || !checked_mul3(n, oh, ow, &out_pixels)) return EN_ERR_ARG;
  if (!strided_fits(in_pixels, in_ps, c, in_cap) || !strided_fits(out_pixels, out_ps, c, out_cap))
    return EN_ERR_ARG;

  const WindowPoolParams p{in, out, h, w, c, in_ps, kind, k, stride, pad, oh, ow, out_ps};
  const auto variant = EDGENET_PICK_VARIANT(window_pool_ref, window_pool_avx2, window_pool_neon);
  parallel_for(pool, static_cast<int64_t>(n) * oh, [&](int64_t begin, int64_t end) { variant(p, begin, end); });
  return EN_OK;
}
