// en_fma_peak_gflops: a positive finite rate on every variant, and the argument check.
#include <cmath>

#include "check.h"

int main() {
  for (const test::Variant& v : test::variants(false)) {
    test::select(v);
    const double gflops = en_fma_peak_gflops(20);
    CHECK(std::isfinite(gflops) && gflops > 0, "[%s] %g GFLOP/s", v.name.c_str(), gflops);
    std::printf("[%s] single-thread multiply-add peak %.1f GFLOP/s\n", v.name.c_str(), gflops);
  }
  test::reset_selection();
  CHECK(en_fma_peak_gflops(0) == EN_ERR_ARG, "0 ms");
  CHECK(en_fma_peak_gflops(-5) == EN_ERR_ARG, "negative ms");
  CHECK(en_fma_peak_gflops(60001) == EN_ERR_ARG, "over a minute");
  return test::finish("test_fma_probe");
}
