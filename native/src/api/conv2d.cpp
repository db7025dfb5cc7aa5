// en_conv2d: argument checks, variant choice, thread split over output rows.
#include <climits>

#include "api/dispatch.h"
#include "api/validate.h"
#include "kernels/kernels.h"
#include "pool.h"

extern "C" int en_conv2d(en_pool* pool, const float* in, int64_t in_cap, int n, int h, int w, int cin,
                         const float* weight, const float* bias, int cout, int k, int stride, int pad, int act,
                         float* out, int64_t out_cap) {
  using namespace edgenet;
  if (in == nullptr || weight == nullptr || out == nullptr) return EN_ERR_ARG;
  if (n < 1 || h < 1 || w < 1 || cin < 1 || cout < 1 || k < 1) return EN_ERR_ARG;
  if (stride < 1 || stride > 4 || pad < 0 || pad >= k || !valid_act(act)) return EN_ERR_ARG;
  // Kernels compute padded coordinates in int.
  if (static_cast<int64_t>(h) + 2 * static_cast<int64_t>(pad) > INT_MAX ||
      static_cast<int64_t>(w) + 2 * static_cast<int64_t>(pad) > INT_MAX)
    return EN_ERR_ARG;
  int oh, ow;
  if (!conv_output_size(h, k, stride, pad, &oh) || !conv_output_size(w, k, stride, pad, &ow)) return EN_ERR_ARG;
  int64_t in_count, out_count, weight_count;
  if (!checked_mul3(n, h, w, &in_count) || !checked_mul(in_count, cin, &in_count)) return EN_ERR_ARG;
  if (!checked_mul3(n, oh, ow, &out_count) || !checked_mul(out_count, cout, &out_count)) return EN_ERR_ARG;
  if (!checked_mul3(k, k, cin, &weight_count) || !checked_mul(weight_count, cout, &weight_count)) return EN_ERR_ARG;
  if (in_count > in_cap || out_count > out_cap) return EN_ERR_ARG;

  const Conv2dParams p{in, weight, bias, out, h, w, cin, cout, k, stride, pad, act, oh, ow};
  const auto variant = EDGENET_PICK_VARIANT_512(conv2d_ref, conv2d_avx2, conv2d_avx512, conv2d_neon);
  parallel_for(pool, static_cast<int64_t>(n) * oh, [&](int64_t begin, int64_t end) { variant(p, begin, end); });
  return EN_OK;
}
