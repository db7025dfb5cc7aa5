// en_nchw_to_nhwc: every element must land where the definition puts it (exact copy), for odd
// sizes, channel counts around the 8x8 transpose blocks, several images, every variant and
// 1/2/3 threads; plus the argument checks.
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "check.h"

namespace {

struct Case {
  int n, c, h, w;
};

void run_case(const Case& c, uint64_t seed, const std::vector<en_pool*>& pools) {
  test::Rng rng(seed);
  const std::vector<float> in = rng.vec(static_cast<int64_t>(c.n) * c.c * c.h * c.w);
  std::vector<float> want(in.size());
  for (int img = 0; img < c.n; ++img)
    for (int ch = 0; ch < c.c; ++ch)
      for (int y = 0; y < c.h; ++y)
        for (int x = 0; x < c.w; ++x)
          want[((img * c.h + y) * c.w + x) * c.c + ch] = in[((img * c.c + ch) * c.h + y) * c.w + x];
  for (const test::Variant& v : test::variants(false)) {
    test::select(v);
    for (en_pool* pool : pools) {
      std::vector<float> out(in.size(), test::sentinel());
      const int rc = en_nchw_to_nhwc(pool, in.data(), static_cast<int64_t>(in.size()), c.n, c.c, c.h, c.w, out.data(),
                                     static_cast<int64_t>(out.size()));
      CHECK(rc == EN_OK && test::same_bits(out, want), "n=%d c=%d %dx%d [%s, threads %d]: rc %d or wrong placement",
            c.n, c.c, c.h, c.w, v.name.c_str(), en_pool_threads(pool), rc);
    }
  }
  test::reset_selection();
}

void run_argument_checks() {
  const int n = 2, c = 3, h = 5, w = 7;
  std::vector<float> in(n * c * h * w, 1.0f), out(in.size(), test::sentinel());
  const int64_t cap = static_cast<int64_t>(in.size());
  test::expect_rejected(en_nchw_to_nhwc(nullptr, nullptr, cap, n, c, h, w, out.data(), cap), out, "in null");
  test::expect_rejected(en_nchw_to_nhwc(nullptr, in.data(), cap, n, c, h, w, nullptr, cap), out, "out null");
  test::expect_rejected(en_nchw_to_nhwc(nullptr, in.data(), cap, 0, c, h, w, out.data(), cap), out, "n = 0");
  test::expect_rejected(en_nchw_to_nhwc(nullptr, in.data(), cap, n, -3, h, w, out.data(), cap), out, "c < 0");
  test::expect_rejected(en_nchw_to_nhwc(nullptr, in.data(), cap, n, c, 0, w, out.data(), cap), out, "h = 0");
  test::expect_rejected(en_nchw_to_nhwc(nullptr, in.data(), cap, n, c, h, -1, out.data(), cap), out, "w < 0");
  test::expect_rejected(en_nchw_to_nhwc(nullptr, in.data(), cap - 1, n, c, h, w, out.data(), cap), out, "in_cap one short");
  test::expect_rejected(en_nchw_to_nhwc(nullptr, in.data(), cap, n, c, h, w, out.data(), cap - 1), out, "out_cap one short");
  test::expect_rejected(en_nchw_to_nhwc(nullptr, in.data(), INT64_MAX, INT_MAX, INT_MAX, INT_MAX, 2, out.data(), INT64_MAX), out, "count overflows");
  CHECK(en_nchw_to_nhwc(nullptr, in.data(), cap, n, c, h, w, out.data(), cap) == EN_OK, "valid call");
}

}  // namespace

int main() {
  const test::Pools pools;
  const std::vector<Case> cases = {
      {1, 1, 1, 1},  {1, 3, 1, 2},   {2, 3, 7, 13},  {1, 5, 3, 3},   {1, 8, 2, 4},    {3, 8, 4, 4},
      {1, 9, 17, 3}, {2, 15, 3, 7},  {1, 16, 8, 9},  {1, 17, 13, 1}, {2, 31, 5, 5},   {1, 33, 7, 7},
      {1, 100, 3, 11}, {1, 3, 67, 45}, {2, 24, 19, 21},
  };
  for (size_t index = 0; index < cases.size(); ++index)
    run_case(cases[index], 900 + index, pools.for_case(index, index + 2 >= cases.size()));
  run_argument_checks();
  return test::finish("test_layout");
}
