// en_pwconv_grouped: argument checks (strided channel addressing, distinct outputs), variant
// choice, thread split over (pixel block, group, channel block). Always our own micro-kernels:
// strided channels cannot be handed to sgemm, and the groups' GEMMs are small.
#include <algorithm>
#include <numeric>

#include "api/dispatch.h"
#include "api/validate.h"
#include "kernels/kernels.h"
#include "pool.h"

namespace {

// Whether the indices gi*gs + o*cs (gi < groups, o < count) are pairwise distinct, for cs >= 1 and
// gs >= 0. Two of them coincide iff a*gs == b*cs for some 0 < |a| < groups, |b| < count. With
// d = gcd(gs, cs), gs/d and cs/d are coprime, so the smallest such a is cs/d (with b = gs/d):
// a collision exists iff cs/d < groups and gs/d < count. (gs == 0 collides as soon as groups > 1.)
bool distinct_indices(int64_t groups, int64_t count, int64_t gs, int64_t cs) {
  if (groups == 1) return true;
  if (gs == 0) return false;
  const int64_t d = std::gcd(gs, cs);
  return !(cs / d < groups && gs / d < count);
}

// Largest index gi*gs + k*cs over the group/channel ranges, into *last; false on overflow.
bool last_index(int64_t groups, int64_t count, int64_t gs, int64_t cs, int64_t* last) {
  int64_t a, b;
  if (!edgenet::checked_mul(groups - 1, gs, &a) || !edgenet::checked_mul(count - 1, cs, &b)) return false;
  if (a > INT64_MAX - b) return false;
  *last = a + b;
  return true;
}

}  // namespace

extern "C" int en_pwconv_grouped(en_pool* pool, const float* in, int64_t in_cap, int64_t m, int groups, int cin_g,
                                 int in_ps, int in_gs, int in_cs, const float* weight, const float* bias, int cout_g,
                                 int act, const float* residual, int64_t res_cap, int res_ps, float* out,
                                 int64_t out_cap, int out_ps, int out_gs, int out_cs) {
  using namespace edgenet;
  if (in == nullptr || weight == nullptr || out == nullptr) return EN_ERR_ARG;
  if (m < 1 || groups < 1 || cin_g < 1 || cout_g < 1 || !valid_act(act)) return EN_ERR_ARG;
  if (in_cs < 1 || out_cs < 1) return EN_ERR_ARG;
  // With one group the group strides are never used: any value >= 0 is accepted and ignored.
  if (groups == 1) {
    if (in_gs < 0 || out_gs < 0) return EN_ERR_ARG;
    in_gs = 0;
    out_gs = 0;
  } else if (in_gs < 1 || out_gs < 1) {
    return EN_ERR_ARG;
  }
  int64_t weight_count, cout_total;
  if (!checked_mul3(groups, cin_g, cout_g, &weight_count) || !checked_mul(groups, cout_g, &cout_total))
    return EN_ERR_ARG;
  int64_t in_last, out_last;
  if (!last_index(groups, cin_g, in_gs, in_cs, &in_last) || !last_index(groups, cout_g, out_gs, out_cs, &out_last))
    return EN_ERR_ARG;
  if (in_last >= in_ps || out_last >= out_ps) return EN_ERR_ARG;
  if (!distinct_indices(groups, cout_g, out_gs, out_cs)) return EN_ERR_ARG;
  // The pixel's extent ends at its last index + 1 (channels past it are never touched).
  if (!strided_fits(m, in_ps, in_last + 1, in_cap) || !strided_fits(m, out_ps, out_last + 1, out_cap))
    return EN_ERR_ARG;
  if (residual != nullptr && !strided_fits(m, res_ps, cout_total, res_cap)) return EN_ERR_ARG;
  // The header forbids residual aliasing out; the one form cheap to see is the same pointer.
  if (residual != nullptr && residual == out) return EN_ERR_ARG;

  PwconvParams base{in, weight, bias, residual, out, m, cin_g, in_ps, cout_g, act, residual ? res_ps : 0, out_ps};
  base.in_cs = in_cs;
  base.out_cs = out_cs;
  auto group_params = [&](int gi) {
    PwconvParams p = base;
    p.in = in + static_cast<int64_t>(gi) * in_gs;
    p.weight = weight + static_cast<int64_t>(gi) * cin_g * cout_g;
    p.bias = bias != nullptr ? bias + static_cast<int64_t>(gi) * cout_g : nullptr;
    p.residual = residual != nullptr ? residual + static_cast<int64_t>(gi) * cout_g : nullptr;
    p.out = out + static_cast<int64_t>(gi) * out_gs;
    return p;
  };

  // As en_pwconv: units of 24 pixels, per group; output channels are split into blocks of whole
  // 24-wide tiles only when there are too few units for the threads. Each output is one FMA chain
  // whatever the split, so results do not depend on it.
  constexpr int64_t kPixelsPerUnit = 24;
  const int64_t pixel_units = (m + kPixelsPerUnit - 1) / kPixelsPerUnit;
  const int64_t base_units = pixel_units * groups;
  const int64_t column_tiles = (cout_g + kPwconvColumnAlign - 1) / kPwconvColumnAlign;
  const int64_t wanted_units = 4 * static_cast<int64_t>(en_pool_threads(pool));
  int64_t column_groups = 1;
  if (pool != nullptr && base_units < wanted_units)
    column_groups = std::min(column_tiles, (wanted_units + base_units - 1) / base_units);
  const int64_t tiles_per_group = (column_tiles + column_groups - 1) / column_groups;
  const int64_t group_width = tiles_per_group * kPwconvColumnAlign;
  column_groups = (column_tiles + tiles_per_group - 1) / tiles_per_group;

  const auto variant = EDGENET_PICK_VARIANT(pwconv_ref, pwconv_avx2);
  parallel_for(pool, base_units * column_groups, [&](int64_t begin, int64_t end) {
    for (int64_t unit = begin; unit < end; ++unit) {
      const int64_t column_group = unit % column_groups;
      const int gi = static_cast<int>(unit / column_groups % groups);
      const int64_t pixel_unit = unit / column_groups / groups;
      const int64_t col_begin = column_group * group_width;
      variant(group_params(gi), pixel_unit * kPixelsPerUnit, std::min((pixel_unit + 1) * kPixelsPerUnit, m),
              static_cast<int>(col_begin), static_cast<int>(std::min<int64_t>(col_begin + group_width, cout_g)));
    }
  });
  return EN_OK;
}
