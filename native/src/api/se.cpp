// en_se: argument checks, scratch, and the four steps of squeeze-and-excitation: channel means
// (channel_means, so the mean is en_global_avgpool's to the bit), the two small FC layers (the
// en_linear kernels, our own engine always; on one thread when small), the scaling.
#include <algorithm>
#include <memory>
#include <new>

#include "api/channel_means.h"
#include "api/dispatch.h"
#include "api/validate.h"
#include "kernels/kernels.h"
#include "pool.h"

namespace {

// Below this many multiply-adds an FC runs on the calling thread: a few microseconds of work,
// less than handing half of it to another core and collecting the result (EfficientNet-B0's
// FCs are all below it, MobileNetV3's largest above).
constexpr int64_t kMinSplitMacs = 64 * 1024;

// out[n][cout] = act(in[n][cin] . weight^T + bias) in blocks of 16 outputs, as en_linear does.
void run_linear(en_pool* pool, const edgenet::LinearParams& p) {
  const auto variant = EDGENET_PICK_VARIANT(edgenet::linear_ref, edgenet::linear_avx2, edgenet::linear_neon);
  constexpr int64_t kOutputsPerUnit = 16;
  const int parts = static_cast<int64_t>(p.n) * p.cin * p.cout < kMinSplitMacs ? 1 : en_pool_threads(pool);
  edgenet::parallel_for(pool, (p.cout + kOutputsPerUnit - 1) / kOutputsPerUnit, parts, [&](int64_t begin, int64_t end) {
    variant(p, begin * kOutputsPerUnit, std::min<int64_t>(end * kOutputsPerUnit, p.cout));
  });
}

}  // namespace

extern "C" int en_se(en_pool* pool, const float* in, int64_t in_cap, int n, int h, int w, int c, int in_ps,
                     const float* w1, const float* b1, int cmid, int act, const float* w2, const float* b2, int gate,
                     float* out, int64_t out_cap, int out_ps) {
  using namespace edgenet;
  if (in == nullptr || w1 == nullptr || w2 == nullptr || out == nullptr) return EN_ERR_ARG;
  if (n < 1 || h < 1 || w < 1 || c < 1 || cmid < 1 || !valid_act(act) || !valid_act(gate)) return EN_ERR_ARG;
  int64_t pixels, total_pixels, weight_count, scratch_count;
  if (!checked_mul(h, w, &pixels) || !checked_mul(pixels, n, &total_pixels)) return EN_ERR_ARG;
  if (!checked_mul(c, cmid, &weight_count)) return EN_ERR_ARG;
  if (!strided_fits(total_pixels, in_ps, c, in_cap) || !strided_fits(total_pixels, out_ps, c, out_cap))
    return EN_ERR_ARG;
  // In place only as the header allows it: the same pointer with the same stride.
  if (out == in && out_ps != in_ps) return EN_ERR_ARG;
  // Scratch: means [n][c], hidden [n][cmid], gates [n][c].
  if (!checked_mul(n, 2 * static_cast<int64_t>(c) + cmid, &scratch_count)) return EN_ERR_ARG;
  if (static_cast<uint64_t>(scratch_count) > SIZE_MAX / sizeof(float)) return EN_ERR_NOMEM;
  std::unique_ptr<float[]> scratch(new (std::nothrow) float[static_cast<size_t>(scratch_count)]);
  if (!scratch) return EN_ERR_NOMEM;
  float* means = scratch.get();
  float* hidden = means + static_cast<int64_t>(n) * c;
  float* gates = hidden + static_cast<int64_t>(n) * cmid;

  if (!channel_means(pool, in, n, pixels, c, in_ps, means)) return EN_ERR_NOMEM;

  run_linear(pool, LinearParams{means, w1, b1, hidden, n, c, cmid, act});
  run_linear(pool, LinearParams{hidden, w2, b2, gates, n, cmid, c, gate});

  const SeScaleParams scale_params{in, gates, out, pixels, in_ps, out_ps, c};
  const auto scale = EDGENET_PICK_VARIANT(se_scale_ref, se_scale_avx2, se_scale_neon);
  constexpr int64_t kPixelsPerUnit = 16;
  parallel_for(pool, (total_pixels + kPixelsPerUnit - 1) / kPixelsPerUnit, [&](int64_t begin, int64_t end) {
    scale(scale_params, begin * kPixelsPerUnit, std::min(end * kPixelsPerUnit, total_pixels));
  });
  return EN_OK;
}
