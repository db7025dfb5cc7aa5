// Input validation helpers: a NaN in an input must be an error, never a silent wrong answer.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "edgenet/edgenet.h"

namespace {
// Floats per block of the branch-free pass: small enough to stay in L1 for the rescan.
constexpr int64_t kBlock = 1024;
constexpr uint32_t kExponent = 0x7f800000u;  // all ones: an infinity or a NaN
}  // namespace

// Every run checks its whole input first, on the calling thread: a plain early-exit loop does not
// vectorise and took 48 us per 224x224 image (6 % of MobileNetV3-Small on two threads), so a
// block is first tested with an OR over its exponents that the compiler vectorises, and only a
// block that holds a non-finite value is scanned for its first one.
extern "C" int64_t en_find_nonfinite(const float* data, int64_t n) {
  if (data == nullptr || n < 0) return EN_ERR_ARG;
  for (int64_t begin = 0; begin < n; begin += kBlock) {
    const int64_t end = std::min(n, begin + kBlock);
    uint32_t any = 0;
    for (int64_t i = begin; i < end; ++i) {
      uint32_t bits;
      std::memcpy(&bits, data + i, sizeof bits);
      any |= static_cast<uint32_t>((bits & kExponent) == kExponent);
    }
    if (any == 0) continue;
    for (int64_t i = begin; i < end; ++i)
      if (!std::isfinite(data[i])) return i;
  }
  return -1;
}
