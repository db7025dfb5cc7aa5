// Internal, shared by en_pwconv* and en_pwconv_grouped*: the packed weight buffer (header and
// group regions) and the threaded run over it.
#pragma once

#include <cstdint>

#include "edgenet/edgenet.h"
#include "kernels/kernels.h"

namespace edgenet {

// A packed buffer: kPwconvHeaderFloats floats of header (int32 fields, below), then per group
// [pwconv_padded(cout_g) bias floats, zero when there is none][panels: padded * cin_g floats].
// The header lets the run entry points refuse a buffer packed for another shape; its size keeps
// every group region 64-byte aligned when the buffer is.
constexpr int64_t kPwconvHeaderFloats = 16;

// Floats of the packed form into *size; false when a size is < 1 or the total overflows.
bool pwconv_packed_size(int64_t groups, int64_t cin_g, int64_t cout_g, int64_t* size);
// Packs weight [groups][cin_g][cout_g] and bias [groups * cout_g] (or null) into packed, which
// holds pwconv_packed_size floats (arguments already checked).
void pwconv_pack_into(int groups, int cin_g, int cout_g, const float* weight, const float* bias, float* packed);
// Whether `packed` (cap floats) holds a packing of exactly this shape; *has_bias says if it has a bias.
bool pwconv_packed_matches(const float* packed, int64_t cap, int groups, int cin_g, int cout_g, bool* has_bias);

// The kernel parameters for group gi of a packed buffer: its weight panels and its bias (or null),
// cin and cout; the other fields are left for the caller.
PwconvParams pwconv_packed_params(const float* packed, bool has_bias, int cin_g, int cout_g, int gi = 0);

// One (grouped) pointwise convolution over packed weights. `base` addresses group 0 (its weight
// and bias fields are ignored, taken from `packed`); group gi reads its input at
// base.in + gi * in_gs, writes at base.out + gi * out_gs, and adds residual channels from
// base.residual + gi * base.cout.
struct PwconvRun {
  PwconvParams base;
  int groups;
  int64_t in_gs, out_gs;
  const float* packed;
  bool has_bias;
};
// Splits the work between the pool's threads and runs the active ISA's variant. Each output is
// computed by one thread in one tile whatever the split, so results are bit-identical for any
// thread count.
void pwconv_run(en_pool* pool, const PwconvRun& run);

}  // namespace edgenet
