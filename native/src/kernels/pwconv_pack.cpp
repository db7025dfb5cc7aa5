// Weight packing for the pointwise kernels: [cin][cout] rows into the panel layout of kernels.h.
// Runs once per layer when a network is built, and on every call of the unpacked entry points.
#include <cstring>

#include "kernels/kernels.h"

namespace edgenet {

void pwconv_pack_panels(const float* weight, int64_t w_stride, int cin, int cout, float* panels) {
  // Row by row: each weight row is read once, in order, and scattered as 64-byte pieces, one per
  // panel. (Panel by panel would read 64 bytes from every row in turn, rows a page apart for a
  // wide layer: several times slower.)
  const int64_t panel_stride = static_cast<int64_t>(kPwconvPanel) * cin;
  const int full = cout / kPwconvPanel, tail = cout % kPwconvPanel;
  for (int k = 0; k < cin; ++k) {
    const float* src = weight + k * w_stride;
    float* dst = panels + static_cast<int64_t>(k) * kPwconvPanel;
    for (int j = 0; j < full; ++j, src += kPwconvPanel, dst += panel_stride)
      std::memcpy(dst, src, sizeof(float) * kPwconvPanel);
    if (tail > 0) {
      std::memcpy(dst, src, sizeof(float) * static_cast<size_t>(tail));
      std::memset(dst + tail, 0, sizeof(float) * static_cast<size_t>(kPwconvPanel - tail));
    }
  }
}

}  // namespace edgenet
