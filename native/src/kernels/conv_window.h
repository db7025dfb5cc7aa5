// Internal, ISA-neutral: which output columns of a convolution see no padding.
#pragma once

namespace edgenet {
namespace {

// Output columns [lo, hi) whose whole kernel window lies inside the input (no padding taps):
// ox * stride - pad >= 0 and ox * stride - pad + k <= size.
inline void interior_columns(int size, int out_size, int k, int stride, int pad, int* lo, int* hi) {
  int first = (pad + stride - 1) / stride;
  int last_plus_one = size - k + pad >= 0 ? (size - k + pad) / stride + 1 : 0;
  if (first > out_size) first = out_size;
  if (last_plus_one > out_size) last_plus_one = out_size;
  if (last_plus_one < first) last_plus_one = first;
  *lo = first;
  *hi = last_plus_one;
}

}  // namespace
}  // namespace edgenet
