// Internal, vector translation units only (include after lanes_avx2.h / lanes_avx512.h): the
// epilogue of a block of P output pixels of one channel vector each, out = act(acc + bias).
// The activation is chosen once per block, not per vector. ReLU and ReLU6 are inlined always;
// h-swish and SiLU only in the main blocks (INLINE_ALL: the widest pixel blocks, unmasked), so
// that their arithmetic interleaves with the next block's FMAs (an out-of-line SiLU cost
// EfficientNet's depthwise layers 20-30%). The rest go through one out-of-line loop, which keeps
// the many small block variants (row remainders, channel tails) small and quick to compile.
#pragma once

#include <cstdint>

#include "edgenet/edgenet.h"

namespace edgenet {
namespace {

template <class T>
__attribute__((noinline)) void activate_vectors(typename T::V* v, int n, int act) {
  for (int i = 0; i < n; ++i) v[i] = T::activate(v[i], act);
}

template <class T, int P, bool INLINE_ALL>
__attribute__((always_inline)) inline void finish_pixels(typename T::V (&acc)[P], const float* bias, int act,
                                                         float* out, int64_t out_ps, bool masked,
                                                         typename T::M mask) {
  if (bias != nullptr) {
    const typename T::V b = T::load(bias, masked, mask);
    #pragma GCC unroll 16
    for (int i = 0; i < P; ++i) acc[i] = T::add(acc[i], b);
  }
  switch (act) {
    case EN_ACT_NONE:
      break;
    case EN_ACT_RELU:
      #pragma GCC unroll 16
      for (int i = 0; i < P; ++i) acc[i] = T::relu(acc[i]);
      break;
    case EN_ACT_RELU6:
      #pragma GCC unroll 16
      for (int i = 0; i < P; ++i) acc[i] = T::relu6(acc[i]);
      break;
    case EN_ACT_HSWISH:
      if constexpr (INLINE_ALL) {
        #pragma GCC unroll 16
        for (int i = 0; i < P; ++i) acc[i] = T::activate(acc[i], EN_ACT_HSWISH);
        break;
      }
      [[fallthrough]];
    case EN_ACT_SILU:
      if constexpr (INLINE_ALL) {
        if (act == EN_ACT_SILU) {
          #pragma GCC unroll 16
          for (int i = 0; i < P; ++i) acc[i] = T::activate(acc[i], EN_ACT_SILU);
          break;
        }
      }
      [[fallthrough]];
    default: {
      // Through a copy: handing `acc` itself out would keep it in memory for the whole block.
      typename T::V tmp[P];
      #pragma GCC unroll 16
      for (int i = 0; i < P; ++i) tmp[i] = acc[i];
      activate_vectors<T>(tmp, P, act);
      #pragma GCC unroll 16
      for (int i = 0; i < P; ++i) acc[i] = tmp[i];
    }
  }
  #pragma GCC unroll 16
  for (int i = 0; i < P; ++i) T::store(out + i * out_ps, acc[i], masked, mask);
}

}  // namespace
}  // namespace edgenet
