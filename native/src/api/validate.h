// Internal: overflow-safe argument checks shared by the extern "C" entry points.
#pragma once

#include <cstdint>

#include "edgenet/edgenet.h"

namespace edgenet {
namespace {

// a * b into *r; false if it does not fit in int64.
inline bool checked_mul(int64_t a, int64_t b, int64_t* r) { return !__builtin_mul_overflow(a, b, r); }

inline bool checked_mul3(int64_t a, int64_t b, int64_t c, int64_t* r) {
  int64_t ab;
  return checked_mul(a, b, &ab) && checked_mul(ab, c, r);
}

inline bool valid_act(int act) { return act >= EN_ACT_NONE && act <= EN_ACT_SIGMOID; }

// A strided tensor of `pixels` pixels of `channels` values, `stride` floats apart, fits in `cap`
// floats: its highest element is (pixels - 1) * stride + channels - 1. Also rejects empty
// tensors and strides narrower than the channel count.
inline bool strided_fits(int64_t pixels, int64_t stride, int64_t channels, int64_t cap) {
  if (pixels < 1 || channels < 1 || stride < channels) return false;
  int64_t last_start;
  if (!checked_mul(pixels - 1, stride, &last_start)) return false;
  if (last_start > INT64_MAX - channels) return false;
  return last_start + channels <= cap;
}

// Output extent of a convolution along one axis, PyTorch's floor((size + 2*pad - k) / stride) + 1;
// false when the padded input is smaller than the kernel (no output).
inline bool conv_output_size(int size, int k, int stride, int pad, int* out) {
  const int64_t span = static_cast<int64_t>(size) + 2 * static_cast<int64_t>(pad) - k;
  if (span < 0) return false;
  *out = static_cast<int>(span / stride + 1);
  return true;
}

}  // namespace
}  // namespace edgenet
