// en_global_avgpool: argument checks, then the channel means (api/channel_means.h).
#include "api/channel_means.h"
#include "api/validate.h"

extern "C" int en_global_avgpool(en_pool* pool, const float* in, int64_t in_cap, int n, int h, int w, int c,
                                 int in_ps, float* out, int64_t out_cap) {
  using namespace edgenet;
  if (in == nullptr || out == nullptr || n < 1 || h < 1 || w < 1 || c < 1) return EN_ERR_ARG;
  int64_t pixels, in_pixels, out_count;
  if (!checked_mul(h, w, &pixels) || !checked_mul(pixels, n, &in_pixels)) return EN_ERR_ARG;
  if (!checked_mul(n, c, &out_count) || out_count > out_cap) return EN_ERR_ARG;
  if (!strided_fits(in_pixels, in_ps, c, in_cap)) return EN_ERR_ARG;

  return channel_means(pool, in, n, pixels, c, in_ps, out) ? EN_OK : EN_ERR_NOMEM;
}
