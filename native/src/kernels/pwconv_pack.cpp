// Weight packing for the pointwise kernels: [cin][cout] rows into the panel layout of kernels.h.
// Runs once per layer when a network is built (and per call on the unpacked entry points), so a
// plain copy loop is enough.
#include <cstring>

#include "kernels/kernels.h"

namespace edgenet {

void pwconv_pack_panels(const float* weight, int64_t w_stride, int cin, int cout, float* panels) {
  for (int c0 = 0; c0 < cout; c0 += kPwconvPanel) {
    const int width = cout - c0 < kPwconvPanel ? cout - c0 : kPwconvPanel;
    for (int k = 0; k < cin; ++k) {
      float* dst = panels + k * static_cast<int64_t>(kPwconvPanel);
      std::memcpy(dst, weight + k * w_stride + c0, sizeof(float) * static_cast<size_t>(width));
      for (int j = width; j < kPwconvPanel; ++j) dst[j] = 0.0f;
    }
    panels += static_cast<int64_t>(kPwconvPanel) * cin;
  }
}

}  // namespace edgenet
