// NEON channel gather: vector loads/stores where channels are adjacent; for input channels 2, 3 or
// 4 floats apart into adjacent output (the ShuffleNet shuffles' gathers), the de-interleaving loads
// LD2/LD3/LD4, whose first register holds every in_cs-th float; element by element otherwise.
// A copy is exact, so every path gives the same bits as the reference.
#include "kernels/kernels.h"
#include "kernels/neon_util.h"

namespace edgenet {
namespace {

// Channels j = 0..c-1 of one pixel, in[j * S] -> out[j]. An LDn of 4 channels reads 4 * S floats
// from in[j * S], up to S - 1 past channel j + 3: only used while channel j + 4 exists, so the
// read stays inside the pixel; the last 1-4 channels go one at a time.
template <int S>
void gather_pixel(const float* in, float* out, int c) {
  int j = 0;
  for (; j + 4 < c; j += 4) {
    if constexpr (S == 2) vst1q_f32(out + j, vld2q_f32(in + j * S).val[0]);
    if constexpr (S == 3) vst1q_f32(out + j, vld3q_f32(in + j * S).val[0]);
    if constexpr (S == 4) vst1q_f32(out + j, vld4q_f32(in + j * S).val[0]);
  }
  for (; j < c; ++j) out[j] = in[j * S];
}

}  // namespace

void channel_copy_neon(const ChannelCopyParams& p, int64_t pixel_begin, int64_t pixel_end) {
  const int full = p.c / 4 * 4, rest = p.c - full;
  const bool dense_out = p.out_cs == 1;
  for (int64_t q = pixel_begin; q < pixel_end; ++q) {
    const float* in = p.in + q * p.in_ps;
    float* out = p.out + q * p.out_ps;
    if (p.in_cs == 1 && dense_out) {
      for (int j = 0; j < full; j += 4) vst1q_f32(out + j, vld1q_f32(in + j));
      if (rest > 0) store_lanes4(out + full, load_lanes4(in + full, rest), rest);
    } else if (p.in_cs == 2 && dense_out) {
      gather_pixel<2>(in, out, p.c);
    } else if (p.in_cs == 3 && dense_out) {
      gather_pixel<3>(in, out, p.c);
    } else if (p.in_cs == 4 && dense_out) {
      gather_pixel<4>(in, out, p.c);
    } else {
      for (int j = 0; j < p.c; ++j) out[j * p.out_cs] = in[j * p.in_cs];
    }
  }
}

}  // namespace edgenet
