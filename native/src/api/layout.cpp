// en_nchw_to_nhwc: argument checks, variant choice, thread split.
#include <algorithm>

#include "api/dispatch.h"
#include "api/validate.h"
#include "kernels/kernels.h"
#include "pool.h"

extern "C" int en_nchw_to_nhwc(en_pool* pool, const float* in, int64_t in_cap, int n, int c, int h, int w,
                               float* out, int64_t out_cap) {
  using namespace edgenet;
  if (in == nullptr || out == nullptr || n < 1 || c < 1 || h < 1 || w < 1) return EN_ERR_ARG;
  int64_t hw, total;
  if (!checked_mul(h, w, &hw) || !checked_mul3(n, c, hw, &total)) return EN_ERR_ARG;
  if (total > in_cap || total > out_cap) return EN_ERR_ARG;

  const LayoutParams p{in, out, hw, c};
  const auto variant = EDGENET_PICK_VARIANT(nchw_to_nhwc_ref, nchw_to_nhwc_avx2, nchw_to_nhwc_neon);
  const int64_t pixels = total / c;
  constexpr int64_t kPixelsPerUnit = 256;
  parallel_for(pool, (pixels + kPixelsPerUnit - 1) / kPixelsPerUnit, [&](int64_t begin, int64_t end) {
    variant(p, begin * kPixelsPerUnit, std::min(end * kPixelsPerUnit, pixels));
  });
  return EN_OK;
}
