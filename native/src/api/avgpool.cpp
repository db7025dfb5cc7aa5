// en_global_avgpool: argument checks, variant choice, thread split over (image, channel block).
#include "api/dispatch.h"
#include "api/validate.h"
#include "kernels/kernels.h"
#include "pool.h"

extern "C" int en_global_avgpool(en_pool* pool, const float* in, int64_t in_cap, int n, int h, int w, int c,
                                 int in_ps, float* out, int64_t out_cap) {
  using namespace edgenet;
  if (in == nullptr || out == nullptr || n < 1 || h < 1 || w < 1 || c < 1) return EN_ERR_ARG;
  int64_t pixels, in_pixels, out_count;
  if (!checked_mul(h, w, &pixels) || !checked_mul(pixels, n, &in_pixels)) return EN_ERR_ARG;
  if (!checked_mul(n, c, &out_count) || out_count > out_cap) return EN_ERR_ARG;
  if (!strided_fits(in_pixels, in_ps, c, in_cap)) return EN_ERR_ARG;

  const AvgpoolParams p{in, out, pixels, c, in_ps};
  const auto variant = EDGENET_PICK_VARIANT(global_avgpool_ref, global_avgpool_avx2, global_avgpool_neon);
  const int64_t units = static_cast<int64_t>(n) * ((c + kAvgpoolChannelBlock - 1) / kAvgpoolChannelBlock);
  parallel_for(pool, units, [&](int64_t begin, int64_t end) { variant(p, begin, end); });
  return EN_OK;
}
