// en_linear: argument checks, engine and variant choice, thread split over output features.
#include <algorithm>

#include "api/dispatch.h"
#include "api/validate.h"
#include "kernels/kernels.h"
#include "pool.h"

extern "C" int en_linear(en_pool* pool, const float* in, int64_t in_cap, int n, int cin, const float* weight,
                         const float* bias, int cout, int act, float* out, int64_t out_cap) {
  using namespace edgenet;
  if (in == nullptr || weight == nullptr || out == nullptr) return EN_ERR_ARG;
  if (n < 1 || cin < 1 || cout < 1 || !valid_act(act)) return EN_ERR_ARG;
  int64_t in_count, out_count, weight_count;
  if (!checked_mul(n, cin, &in_count) || !checked_mul(n, cout, &out_count) ||
      !checked_mul(cout, cin, &weight_count))
    return EN_ERR_ARG;
  if (in_count > in_cap || out_count > out_cap) return EN_ERR_ARG;

  const LinearParams p{in, weight, bias, out, n, cin, cout, act};
  if (gemm_engine() == EN_GEMM_OPENBLAS) {
    const EpilogueFn epilogue = EDGENET_PICK_VARIANT(epilogue_ref, epilogue_avx2, epilogue_neon);
    parallel_for(pool, (cout + kOpenblasColumnChunk - 1) / kOpenblasColumnChunk, [&](int64_t begin, int64_t end) {
      linear_openblas(p, begin * kOpenblasColumnChunk, std::min<int64_t>(end * kOpenblasColumnChunk, cout), epilogue);
    });
    return EN_OK;
  }
  // Blocks of 16 outputs keep the AVX2 kernel on its 4-output path except at the very end.
  constexpr int64_t kOutputsPerUnit = 16;
  const auto variant = EDGENET_PICK_VARIANT(linear_ref, linear_avx2, linear_neon);
  parallel_for(pool, (cout + kOutputsPerUnit - 1) / kOutputsPerUnit, [&](int64_t begin, int64_t end) {
    variant(p, begin * kOutputsPerUnit, std::min<int64_t>(end * kOutputsPerUnit, cout));
  });
  return EN_OK;
}
