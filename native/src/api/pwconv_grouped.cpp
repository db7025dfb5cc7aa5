// en_pwconv_grouped and en_pwconv_grouped_packed: argument checks (strided channel addressing,
// distinct outputs); the packing and the threaded run are pwconv.cpp's.
#include <cstdint>
#include <memory>
#include <new>
#include <numeric>

#include "api/pwconv_run.h"
#include "api/validate.h"

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

// The header's checks of a grouped call (everything but the weights), with the group strides of a
// single group normalised to 0 in *in_gs / *out_gs.
bool grouped_args_valid(const float* in, int64_t in_cap, int64_t m, int groups, int cin_g, int in_ps, int* in_gs,
                        int in_cs, int cout_g, int act, const float* residual, int64_t res_cap, int res_ps,
                        const float* out, int64_t out_cap, int out_ps, int* out_gs, int out_cs) {
  using namespace edgenet;
  if (in == nullptr || out == nullptr) return false;
  if (m < 1 || groups < 1 || cin_g < 1 || cout_g < 1 || !valid_act(act)) return false;
  if (in_cs < 1 || out_cs < 1) return false;
  // With one group the group strides are never used: any value >= 0 is accepted and ignored.
  if (groups == 1) {
    if (*in_gs < 0 || *out_gs < 0) return false;
    *in_gs = 0;
    *out_gs = 0;
  } else if (*in_gs < 1 || *out_gs < 1) {
    return false;
  }
  int64_t weight_count, cout_total, packed_size;
  if (!checked_mul3(groups, cin_g, cout_g, &weight_count) || !checked_mul(groups, cout_g, &cout_total) ||
      !pwconv_packed_size(groups, cin_g, cout_g, &packed_size))
    return false;
  int64_t in_last, out_last;
  if (!last_index(groups, cin_g, *in_gs, in_cs, &in_last) || !last_index(groups, cout_g, *out_gs, out_cs, &out_last))
    return false;
  if (in_last >= in_ps || out_last >= out_ps) return false;
  if (!distinct_indices(groups, cout_g, *out_gs, out_cs)) return false;
  // The pixel's extent ends at its last index + 1 (channels past it are never touched).
  if (!strided_fits(m, in_ps, in_last + 1, in_cap) || !strided_fits(m, out_ps, out_last + 1, out_cap)) return false;
  if (residual != nullptr && !strided_fits(m, res_ps, cout_total, res_cap)) return false;
  // The header forbids residual aliasing out; the one form cheap to see is the same pointer.
  if (residual != nullptr && residual == out) return false;
  return true;
}

edgenet::PwconvRun grouped_run(const float* in, int64_t m, int groups, int cin_g, int in_ps, int in_gs, int in_cs,
                               int cout_g, int act, const float* residual, int res_ps, float* out, int out_ps,
                               int out_gs, int out_cs, const float* packed, bool has_bias) {
  edgenet::PwconvParams p{in, nullptr, nullptr, residual, out, m, cin_g, in_ps, cout_g, act, residual ? res_ps : 0,
                          out_ps};
  p.in_cs = in_cs;
  p.out_cs = out_cs;
  return edgenet::PwconvRun{p, groups, in_gs, out_gs, packed, has_bias};
}

}  // namespace

extern "C" int en_pwconv_grouped(en_pool* pool, const float* in, int64_t in_cap, int64_t m, int groups, int cin_g,
                                 int in_ps, int in_gs, int in_cs, const float* weight, const float* bias, int cout_g,
                                 int act, const float* residual, int64_t res_cap, int res_ps, float* out,
                                 int64_t out_cap, int out_ps, int out_gs, int out_cs) {
  using namespace edgenet;
  if (weight == nullptr) return EN_ERR_ARG;
  if (!grouped_args_valid(in, in_cap, m, groups, cin_g, in_ps, &in_gs, in_cs, cout_g, act, residual, res_cap, res_ps,
                          out, out_cap, out_ps, &out_gs, out_cs))
    return EN_ERR_ARG;
  // Always our own kernels (strided channels cannot be handed to sgemm, and the groups' GEMMs are
  // small), which read packed weights: pack into a scratch block for this call.
  int64_t packed_size;
  pwconv_packed_size(groups, cin_g, cout_g, &packed_size);
  if (packed_size > PTRDIFF_MAX / static_cast<int64_t>(sizeof(float))) return EN_ERR_NOMEM;
  std::unique_ptr<float[]> packed(new (std::nothrow) float[static_cast<size_t>(packed_size)]);
  if (!packed) return EN_ERR_NOMEM;
  pwconv_pack_into(groups, cin_g, cout_g, weight, bias, packed.get());
  pwconv_run(pool, grouped_run(in, m, groups, cin_g, in_ps, in_gs, in_cs, cout_g, act, residual, res_ps, out, out_ps,
                               out_gs, out_cs, packed.get(), bias != nullptr));
  return EN_OK;
}

extern "C" int en_pwconv_grouped_packed(en_pool* pool, const float* in, int64_t in_cap, int64_t m, int groups,
                                        int cin_g, int in_ps, int in_gs, int in_cs, const float* packed,
                                        int64_t packed_cap, int cout_g, int act, const float* residual,
                                        int64_t res_cap, int res_ps, float* out, int64_t out_cap, int out_ps,
                                        int out_gs, int out_cs) {
  using namespace edgenet;
  bool has_bias;
  if (!pwconv_packed_matches(packed, packed_cap, groups, cin_g, cout_g, &has_bias)) return EN_ERR_ARG;
  if (!grouped_args_valid(in, in_cap, m, groups, cin_g, in_ps, &in_gs, in_cs, cout_g, act, residual, res_cap, res_ps,
                          out, out_cap, out_ps, &out_gs, out_cs))
    return EN_ERR_ARG;
  pwconv_run(pool, grouped_run(in, m, groups, cin_g, in_ps, in_gs, in_cs, cout_g, act, residual, res_ps, out, out_ps,
                               out_gs, out_cs, packed, has_bias));
  return EN_OK;
}
