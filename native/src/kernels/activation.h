// Internal: the scalar activation every kernel epilogue applies.
#pragma once

#include "edgenet/edgenet.h"

namespace edgenet {
namespace {

// Written with comparisons that are false for NaN, so a NaN passes through as in PyTorch
// (and the tests can use NaN poison to detect reads of memory a kernel must not use).
inline float activate(float x, int act) {
  if (act == EN_ACT_NONE) return x;
  if (x < 0.0f) return 0.0f;
  if (act == EN_ACT_RELU6 && x > 6.0f) return 6.0f;
  return x;
}

}  // namespace
}  // namespace edgenet
