// en_channel_copy: argument checks, variant choice, thread split over pixel blocks.
#include <algorithm>

#include "api/dispatch.h"
#include "api/validate.h"
#include "kernels/kernels.h"
#include "pool.h"

extern "C" int en_channel_copy(en_pool* pool, const float* in, int64_t in_cap, int64_t m, int c, int in_ps, int in_cs,
                               float* out, int64_t out_cap, int out_ps, int out_cs) {
  using namespace edgenet;
  if (in == nullptr || out == nullptr || m < 1 || c < 1 || in_cs < 1 || out_cs < 1) return EN_ERR_ARG;
  // A pixel's extent is its last channel index + 1; that index must stay inside the pixel.
  int64_t in_last, out_last;
  if (!checked_mul(c - 1, in_cs, &in_last) || !checked_mul(c - 1, out_cs, &out_last)) return EN_ERR_ARG;
  if (in_last >= in_ps || out_last >= out_ps) return EN_ERR_ARG;
  if (!strided_fits(m, in_ps, in_last + 1, in_cap) || !strided_fits(m, out_ps, out_last + 1, out_cap))
    return EN_ERR_ARG;

  const ChannelCopyParams p{in, out, in_ps, out_ps, in_cs, out_cs, c};
  const auto variant = EDGENET_PICK_VARIANT(channel_copy_ref, channel_copy_avx2, channel_copy_neon);
  constexpr int64_t kPixelsPerUnit = 16;
  parallel_for(pool, (m + kPixelsPerUnit - 1) / kPixelsPerUnit, [&](int64_t begin, int64_t end) {
    variant(p, begin * kPixelsPerUnit, std::min(end * kPixelsPerUnit, m));
  });
  return EN_OK;
}
