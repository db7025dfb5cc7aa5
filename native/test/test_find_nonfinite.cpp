// en_find_nonfinite: -1 on finite data (the extremes included), the index of the first NaN or
// infinity wherever it lies relative to the 1024-float blocks it tests at once, and the argument
// checks.
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "check.h"

int main() {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  const float extremes[] = {0.0f, -0.0f, FLT_MAX, -FLT_MAX, FLT_MIN, FLT_TRUE_MIN, -FLT_TRUE_MIN, 1.0f};
  for (int64_t n : {0, 1, 7, 1023, 1024, 1025, 3000, 150528}) {
    std::vector<float> data(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) data[i] = extremes[i % 8];
    CHECK(en_find_nonfinite(data.data(), n) == -1, "n=%lld finite: not -1", (long long)n);
    for (int64_t at : {int64_t{0}, int64_t{1}, int64_t{1023}, int64_t{1024}, int64_t{2047}, n / 2, n - 1}) {
      if (at < 0 || at >= n) continue;
      for (float bad : {nan, inf, -inf, -nan}) {
        const float kept = data[at];
        data[at] = bad;
        const int64_t got = en_find_nonfinite(data.data(), n);
        CHECK(got == at, "n=%lld: %f at %lld found at %lld", (long long)n, bad, (long long)at, (long long)got);
        // A second one later in the same block or the next does not change the answer.
        if (at + 5 < n) {
          data[at + 5] = nan;
          CHECK(en_find_nonfinite(data.data(), n) == at, "n=%lld: first of two at %lld", (long long)n, (long long)at);
          data[at + 5] = extremes[(at + 5) % 8];
        }
        data[at] = kept;
      }
    }
  }
  // Exponent bits all set but one: finite (a large number); all set with any payload: a NaN.
  std::vector<float> data(2048, 1.0f);
  auto from_bits = [](uint32_t bits) {
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
  };
  data[100] = from_bits(0x7f7fffffu);
  data[200] = from_bits(0xff000001u);
  CHECK(en_find_nonfinite(data.data(), 2048) == -1, "largest exponents below all-ones are finite");
  data[1500] = from_bits(0x7f800001u);
  CHECK(en_find_nonfinite(data.data(), 2048) == 1500, "a NaN with a one-bit payload");
  CHECK(en_find_nonfinite(nullptr, 5) == EN_ERR_ARG, "null data");
  CHECK(en_find_nonfinite(data.data(), -1) == EN_ERR_ARG, "negative count");
  CHECK(en_find_nonfinite(nullptr, 0) == EN_ERR_ARG, "null data, no values");
  return test::finish("test_find_nonfinite");
}
