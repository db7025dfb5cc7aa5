// Scalar reference: fully connected, weight in PyTorch's [cout][cin] layout.
#include "kernels/activation.h"
#include "kernels/kernels.h"

namespace edgenet {

void linear_ref(const LinearParams& p, int64_t out_begin, int64_t out_end) {
  for (int i = 0; i < p.n; ++i) {
    const float* src = p.in + static_cast<int64_t>(i) * p.cin;
    for (int64_t j = out_begin; j < out_end; ++j) {
      const float* wt = p.weight + j * p.cin;
      float acc = 0.0f;
      for (int k = 0; k < p.cin; ++k) acc += src[k] * wt[k];
      if (p.bias != nullptr) acc += p.bias[j];
      p.out[static_cast<int64_t>(i) * p.cout + j] = activate(acc, p.act);
    }
  }
}

}  // namespace edgenet
