// Input validation helpers: a NaN in an input must be an error, never a silent wrong answer.
#include <cmath>

#include "edgenet/edgenet.h"

extern "C" int64_t en_find_nonfinite(const float* data, int64_t n) {
  if (data == nullptr || n < 0) return EN_ERR_ARG;
  for (int64_t i = 0; i < n; ++i) {
    if (!std::isfinite(data[i])) return i;
  }
  return -1;
}
