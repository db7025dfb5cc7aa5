// en_global_avgpool: the mean over each image's pixels from its definition (double) checks the
// scalar reference, then every other variant: odd sizes, channel counts around the block sizes,
// pixel strides with poisoned gaps, 1/2/3 threads bit-identical, and the argument checks.
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "check.h"

namespace {

struct Case {
  int n, h, w, c, gap;
};

void run_case(const Case& c, uint64_t seed, const std::vector<en_pool*>& pools) {
  test::Rng rng(seed);
  const int64_t pixels = static_cast<int64_t>(c.h) * c.w;
  const std::vector<float> x = rng.vec(c.n * c.c * pixels);  // [n][c][h][w]
  std::vector<double> want(static_cast<size_t>(c.n) * c.c), mag(want.size());
  for (int img = 0; img < c.n; ++img)
    for (int ch = 0; ch < c.c; ++ch) {
      double sum = 0, m = 0;
      for (int64_t q = 0; q < pixels; ++q) {
        sum += x[(img * c.c + ch) * pixels + q];
        m += std::fabs(x[(img * c.c + ch) * pixels + q]);
      }
      want[img * c.c + ch] = sum / static_cast<double>(pixels);
      mag[img * c.c + ch] = m / static_cast<double>(pixels);
    }
  test::Strided in = test::make_strided(c.n * pixels, c.c, c.c + c.gap, test::poison());
  for (int img = 0; img < c.n; ++img)
    for (int ch = 0; ch < c.c; ++ch)
      for (int64_t q = 0; q < pixels; ++q) in.at(img * pixels + q, ch) = x[(img * c.c + ch) * pixels + q];

  char desc[96];
  std::snprintf(desc, sizeof desc, "n=%d %dx%dx%d gap=%d", c.n, c.h, c.w, c.c, c.gap);
  test::RunChecker runs(want, mag);
  for (const test::Variant& v : test::variants(false)) {
    test::select(v);
    runs.start_variant();
    for (en_pool* pool : pools) {
      const std::string what = std::string(desc) + " [" + v.name + ", threads " + std::to_string(en_pool_threads(pool)) + "]";
      std::vector<float> out(want.size(), test::sentinel());
      const int rc = en_global_avgpool(pool, in.data.data(), in.cap(), c.n, c.h, c.w, c.c, in.ps, out.data(),
                                       static_cast<int64_t>(out.size()));
      CHECK(rc == EN_OK, "%s: rc %d", what.c_str(), rc);
      runs.check(out, v.isa == EN_ISA_SCALAR, what);
    }
  }
  test::reset_selection();
}

void run_argument_checks() {
  const int n = 2, h = 3, w = 5, c = 7, ps = 9;
  const int64_t in_cap = (static_cast<int64_t>(n) * h * w - 1) * ps + c;
  std::vector<float> in(static_cast<size_t>(in_cap), 1.0f), out(n * c, test::sentinel());
  const int64_t out_cap = static_cast<int64_t>(out.size());
  auto call = [&](const float* i, int64_t ic, int nn, int hh, int ww, int cc, int ips, float* o, int64_t oc) {
    return en_global_avgpool(nullptr, i, ic, nn, hh, ww, cc, ips, o, oc);
  };
  test::expect_rejected(call(nullptr, in_cap, n, h, w, c, ps, out.data(), out_cap), out, "in null");
  test::expect_rejected(call(in.data(), in_cap, n, h, w, c, ps, nullptr, out_cap), out, "out null");
  test::expect_rejected(call(in.data(), in_cap, 0, h, w, c, ps, out.data(), out_cap), out, "n = 0");
  test::expect_rejected(call(in.data(), in_cap, n, -1, w, c, ps, out.data(), out_cap), out, "h < 0");
  test::expect_rejected(call(in.data(), in_cap, n, h, 0, c, ps, out.data(), out_cap), out, "w = 0");
  test::expect_rejected(call(in.data(), in_cap, n, h, w, 0, ps, out.data(), out_cap), out, "c = 0");
  test::expect_rejected(call(in.data(), in_cap, n, h, w, c, c - 1, out.data(), out_cap), out, "in_ps < c");
  test::expect_rejected(call(in.data(), in_cap - 1, n, h, w, c, ps, out.data(), out_cap), out, "in_cap one short");
  test::expect_rejected(call(in.data(), in_cap, n, h, w, c, ps, out.data(), out_cap - 1), out, "out_cap one short");
  test::expect_rejected(call(in.data(), INT64_MAX, INT_MAX, INT_MAX, INT_MAX, c, ps, out.data(), INT64_MAX), out, "n*h*w overflows");
  test::expect_rejected(call(in.data(), INT64_MAX, 1 << 30, 1 << 30, 4, c, 1 << 30, out.data(), INT64_MAX), out, "pixels*ps overflows");
  CHECK(call(in.data(), in_cap, n, h, w, c, ps, out.data(), out_cap) == EN_OK, "valid call");
}

}  // namespace

int main() {
  const test::Pools pools;
  const std::vector<Case> cases = {
      {1, 1, 1, 1, 0},   {1, 1, 2, 3, 2},    {2, 3, 3, 5, 0},   {1, 7, 7, 7, 1},    {3, 2, 13, 8, 8},
      {1, 13, 1, 9, 0},  {2, 17, 3, 15, 3},  {1, 7, 7, 17, 0},  {1, 3, 7, 31, 5},   {2, 7, 7, 33, 0},
      {1, 5, 5, 64, 0},  {1, 7, 7, 65, 2},   {2, 7, 7, 100, 4}, {1, 7, 7, 1280, 0}, {3, 4, 4, 130, 1},
  };
  for (size_t index = 0; index < cases.size(); ++index)
    run_case(cases[index], 700 + index, pools.for_case(index, cases[index].c >= 64));
  run_argument_checks();
  return test::finish("test_avgpool");
}
