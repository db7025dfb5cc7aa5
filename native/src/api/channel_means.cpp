// channel_means: the pixel runs' means on the pool's threads, then their weighted sum in run order.
#include "api/channel_means.h"

#include <algorithm>
#include <memory>
#include <new>

#include "api/dispatch.h"
#include "kernels/kernels.h"
#include "pool.h"

namespace edgenet {

bool channel_means(en_pool* pool, const float* in, int n, int64_t pixels, int c, int in_ps, float* out) {
  const int64_t groups = std::min(kChannelMeanGroups, pixels);
  const int64_t units = n * groups;
  std::unique_ptr<float[]> partial(new (std::nothrow) float[static_cast<size_t>(units * c)]);
  if (!partial) return false;
  auto run_begin = [&](int64_t g) { return pixels * g / groups; };
  const auto mean = EDGENET_PICK_VARIANT(global_avgpool_ref, global_avgpool_avx2, global_avgpool_neon);
  const int64_t blocks = (c + kAvgpoolChannelBlock - 1) / kAvgpoolChannelBlock;
  const Work work{0, 4.0 * static_cast<double>(n) * static_cast<double>(pixels) * c};
  parallel_for(pool, units, work, [&](int64_t begin, int64_t end) {
    for (int64_t unit = begin; unit < end; ++unit) {
      const int64_t image = unit / groups, g = unit % groups;
      const int64_t p0 = run_begin(g), p1 = run_begin(g + 1);
      const AvgpoolParams run{in + (image * pixels + p0) * in_ps, partial.get() + unit * c, p1 - p0, c, in_ps};
      mean(run, 0, blocks);
    }
  });
  float counts[kChannelMeanGroups];
  for (int64_t g = 0; g < groups; ++g) counts[g] = static_cast<float>(run_begin(g + 1) - run_begin(g));
  const float count = static_cast<float>(pixels);
  for (int64_t image = 0; image < n; ++image) {
    float* sum = out + image * c;
    std::fill(sum, sum + c, 0.0f);
    for (int64_t g = 0; g < groups; ++g) {
      const float* run = partial.get() + (image * groups + g) * c;
      for (int ch = 0; ch < c; ++ch) sum[ch] += run[ch] * counts[g];
    }
    for (int ch = 0; ch < c; ++ch) sum[ch] /= count;
  }
  return true;
}

}  // namespace edgenet
