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
  // 24 pixels: a multiple of every micro-kernel height, so only the last block has a tail.
  constexpr int64_t kPixelsPerUnit = 24;
  const auto variant = EDGENET_PICK_VARIANT(pwconv_ref, pwconv_avx2);
  parallel_for(pool, (m + kPixelsPerUnit - 1) / kPixelsPerUnit, [&](int64_t begin, int64_t end) {
    variant(p, begin * kPixelsPerUnit, std::min(end * kPixelsPerUnit, m));
  });
  return EN_OK;
}
