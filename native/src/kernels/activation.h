// Internal: the scalar activation every kernel epilogue applies (the definition the Java side's
// org.edgenet.graph.Activation also follows, formula for formula).
#pragma once

#include <cmath>

#include "edgenet/edgenet.h"

namespace edgenet {
namespace {

// min(max(x, 0), 6) with comparisons that are false for NaN, so a NaN passes through.
inline float relu6(float x) { return x > 6.0f ? 6.0f : x > 0.0f ? x : x == x ? 0.0f : x; }

// Written with comparisons that are false for NaN, so a NaN passes through as in PyTorch
// (and the tests can use NaN poison to detect reads of memory a kernel must not use).
// h-swish / h-sigmoid are plain float operations in PyTorch's order (x * r / 6, not x * (r / 6)),
// so every ISA can reproduce them exactly; sigmoid / SiLU go through double as Activation.java does.
inline float activate(float x, int act) {
  switch (act) {
    case EN_ACT_RELU:
      return x < 0.0f ? 0.0f : x;
    case EN_ACT_RELU6:
      return relu6(x);
    case EN_ACT_HSWISH:
      return x * relu6(x + 3.0f) / 6.0f;
    case EN_ACT_HSIGMOID:
      return relu6(x + 3.0f) / 6.0f;
    case EN_ACT_SILU:
      return static_cast<float>(x / (1.0 + std::exp(-static_cast<double>(x))));
    case EN_ACT_SIGMOID:
      return static_cast<float>(1.0 / (1.0 + std::exp(-static_cast<double>(x))));
    default:
      return x;
  }
}

}  // namespace
}  // namespace edgenet
