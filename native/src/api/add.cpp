// en_add: argument checks, variant choice, thread split over pixel blocks.
#include <algorithm>

#include "api/dispatch.h"
#include "api/validate.h"
#include "kernels/kernels.h"
#include "pool.h"

extern "C" int en_add(en_pool* pool, const float* a, int64_t a_cap, int a_ps, const float* b, int64_t b_cap, int b_ps,
                      int64_t m, int c, int act, float* out, int64_t out_cap, int out_ps) {
  using namespace edgenet;
  if (a == nullptr || b == nullptr || out == nullptr || m < 1 || c < 1 || !valid_act(act)) return EN_ERR_ARG;
  if (!strided_fits(m, a_ps, c, a_cap) || !strided_fits(m, b_ps, c, b_cap) || !strided_fits(m, out_ps, c, out_cap))
    return EN_ERR_ARG;
  // In place only as the header allows it: the same pointer with the same stride (element-wise).
  if ((out == a && out_ps != a_ps) || (out == b && out_ps != b_ps)) return EN_ERR_ARG;

  const AddParams p{a, b, out, a_ps, b_ps, out_ps, c, act};
  const auto variant = EDGENET_PICK_VARIANT(add_ref, add_avx2, add_neon);
  constexpr int64_t kPixelsPerUnit = 16;  // enough work per unit to amortise the split
  parallel_for(pool, (m + kPixelsPerUnit - 1) / kPixelsPerUnit, [&](int64_t begin, int64_t end) {
    variant(p, begin * kPixelsPerUnit, std::min(end * kPixelsPerUnit, m));
  });
  return EN_OK;
}
