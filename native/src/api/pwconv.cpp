// en_pwconv: argument checks, engine and variant choice, thread split over pixel blocks.
#include <algorithm>
#include <atomic>

#include "api/dispatch.h"
#include "api/validate.h"
#include "kernels/kernels.h"
#include "pool.h"

extern "C" int en_pwconv(en_pool* pool, const float* in, int64_t in_cap, int64_t m, int cin, int in_ps,
                         const float* weight, const float* bias, int cout, int act, const float* residual,
                         int64_t res_cap, int res_ps, float* out, int64_t out_cap, int out_ps) {
  using namespace edgenet;
  if (in == nullptr || weight == nullptr || out == nullptr) return EN_ERR_ARG;
  if (m < 1 || cin < 1 || cout < 1 || !valid_act(act)) return EN_ERR_ARG;
  int64_t weight_count;
  if (!checked_mul(cin, cout, &weight_count)) return EN_ERR_ARG;
  if (!strided_fits(m, in_ps, cin, in_cap) || !strided_fits(m, out_ps, cout, out_cap)) return EN_ERR_ARG;
  if (residual != nullptr && !strided_fits(m, res_ps, cout, res_cap)) return EN_ERR_ARG;
  // An in-place residual add (residual == out) is element-wise only with the same stride.
  if (residual != nullptr && residual == out && res_ps != out_ps) return EN_ERR_ARG;

  const PwconvParams p{in, weight, bias, residual, out, m, cin, in_ps, cout, act, residual ? res_ps : 0, out_ps};
  if (gemm_engine() == EN_GEMM_OPENBLAS) {
    // Fixed chunks, whatever the thread count: each row always goes through the same sgemm shape.
    const bool avx2 = use_avx2();
    std::atomic<bool> out_of_memory{false};
    parallel_for(pool, (m + kOpenblasRowChunk - 1) / kOpenblasRowChunk, [&](int64_t begin, int64_t end) {
      if (!pwconv_openblas(p, begin * kOpenblasRowChunk, std::min(end * kOpenblasRowChunk, m), avx2))
        out_of_memory.store(true);
    });
    return out_of_memory.load() ? EN_ERR_NOMEM : EN_OK;
  }
  // Units of 24 pixels (a multiple of every micro-kernel height) x groups of output channels.
  // Channels are split only when there are too few pixel units to keep every thread busy (the
  // 7x7 layers); each output is one FMA chain either way, so the split never changes a result.
  constexpr int64_t kPixelsPerUnit = 24;
  const int64_t pixel_units = (m + kPixelsPerUnit - 1) / kPixelsPerUnit;
  const int64_t column_tiles = (cout + kPwconvColumnAlign - 1) / kPwconvColumnAlign;
  const int64_t wanted_units = 4 * static_cast<int64_t>(en_pool_threads(pool));
  int64_t column_groups = 1;
  if (pool != nullptr && pixel_units < wanted_units)
    column_groups = std::min(column_tiles, (wanted_units + pixel_units - 1) / pixel_units);
  const int64_t tiles_per_group = (column_tiles + column_groups - 1) / column_groups;
  const int64_t group_width = tiles_per_group * kPwconvColumnAlign;
  column_groups = (column_tiles + tiles_per_group - 1) / tiles_per_group;

  const auto variant = EDGENET_PICK_VARIANT(pwconv_ref, pwconv_avx2);
  if (column_groups == 1) {
    parallel_for(pool, pixel_units, [&](int64_t begin, int64_t end) {
      variant(p, begin * kPixelsPerUnit, std::min(end * kPixelsPerUnit, m), 0, cout);
    });
    return EN_OK;
  }
  parallel_for(pool, pixel_units * column_groups, [&](int64_t begin, int64_t end) {
    for (int64_t unit = begin; unit < end; ++unit) {
      const int64_t pixel_unit = unit / column_groups;
      const int64_t col_begin = unit % column_groups * group_width;
      variant(p, pixel_unit * kPixelsPerUnit, std::min((pixel_unit + 1) * kPixelsPerUnit, m),
              static_cast<int>(col_begin), static_cast<int>(std::min<int64_t>(col_begin + group_width, cout)));
    }
  });
  return EN_OK;
}
