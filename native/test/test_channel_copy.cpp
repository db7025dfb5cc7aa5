// en_channel_copy: a gather between channel views (concat halves, channel shuffles) must copy
// every value bit for bit to its place and touch nothing else; input gaps are NaN poison, output
// gaps sentinels; scalar vs AVX2 (contiguous, gather, strided-output paths) or NEON (contiguous,
// de-interleaving loads, strided), 1/2/3 threads, and the argument checks.
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "check.h"

namespace {

struct Case {
  int64_t m;
  int c, in_ps, in_cs, in_off, out_ps, out_cs, out_off;
};

void run_case(const Case& c, uint64_t seed, const std::vector<en_pool*>& pools) {
  test::Rng rng(seed);
  const int64_t in_cap = (c.m - 1) * c.in_ps + static_cast<int64_t>(c.c - 1) * c.in_cs + 1;
  const int64_t out_cap = (c.m - 1) * c.out_ps + static_cast<int64_t>(c.c - 1) * c.out_cs + 1;
  std::vector<float> in(static_cast<size_t>(c.in_off + in_cap), test::poison());
  std::vector<float> want(static_cast<size_t>(c.out_off + out_cap), test::sentinel());
  for (int64_t q = 0; q < c.m; ++q)
    for (int j = 0; j < c.c; ++j) {
      const float v = rng.next();
      in[c.in_off + q * c.in_ps + static_cast<int64_t>(j) * c.in_cs] = v;
      want[c.out_off + q * c.out_ps + static_cast<int64_t>(j) * c.out_cs] = v;
    }
  char desc[128];
  std::snprintf(desc, sizeof desc, "m=%lld c=%d in=%d/%d+%d out=%d/%d+%d", (long long)c.m, c.c, c.in_ps, c.in_cs,
                c.in_off, c.out_ps, c.out_cs, c.out_off);
  for (const test::Variant& v : test::variants(false)) {
    test::select(v);
    for (en_pool* pool : pools) {
      const std::string what = std::string(desc) + " [" + v.name + ", threads " + std::to_string(en_pool_threads(pool)) + "]";
      std::vector<float> out(want.size(), test::sentinel());
      const int rc = en_channel_copy(pool, in.data() + c.in_off, in_cap, c.m, c.c, c.in_ps, c.in_cs,
                                     out.data() + c.out_off, out_cap, c.out_ps, c.out_cs);
      CHECK(rc == EN_OK, "%s: rc %d", what.c_str(), rc);
      CHECK(test::same_bits(out, want), "%s: not an exact copy into exactly its places", what.c_str());
    }
  }
  test::reset_selection();
}

void run_argument_checks() {
  const int64_t m = 4;
  const int c = 5, in_ps = 12, in_cs = 2, out_ps = 6, out_cs = 1;
  std::vector<float> in((m - 1) * in_ps + (c - 1) * in_cs + 1, 1.0f);
  const int64_t in_cap = static_cast<int64_t>(in.size()), out_cap = (m - 1) * out_ps + c;
  std::vector<float> out(static_cast<size_t>(out_cap), test::sentinel());
  auto call = [&](const float* i, int64_t ic, int64_t mm, int cc, int ips, int ics, float* o, int64_t oc, int ops,
                  int ocs) { return en_channel_copy(nullptr, i, ic, mm, cc, ips, ics, o, oc, ops, ocs); };
  const float* I = in.data();
  float* O = out.data();
  test::expect_rejected(call(nullptr, in_cap, m, c, in_ps, in_cs, O, out_cap, out_ps, out_cs), out, "in null");
  test::expect_rejected(call(I, in_cap, m, c, in_ps, in_cs, nullptr, out_cap, out_ps, out_cs), out, "out null");
  test::expect_rejected(call(I, in_cap, 0, c, in_ps, in_cs, O, out_cap, out_ps, out_cs), out, "m = 0");
  test::expect_rejected(call(I, in_cap, m, 0, in_ps, in_cs, O, out_cap, out_ps, out_cs), out, "c = 0");
  test::expect_rejected(call(I, in_cap, m, c, in_ps, 0, O, out_cap, out_ps, out_cs), out, "in_cs = 0");
  test::expect_rejected(call(I, in_cap, m, c, in_ps, in_cs, O, out_cap, out_ps, 0), out, "out_cs = 0");
  test::expect_rejected(call(I, in_cap, m, c, in_ps, -1, O, out_cap, out_ps, out_cs), out, "in_cs < 0");
  test::expect_rejected(call(I, in_cap, m, c, 8, in_cs, O, out_cap, out_ps, out_cs), out, "(c-1)*in_cs = in_ps");
  test::expect_rejected(call(I, in_cap, m, c, in_ps, in_cs, O, out_cap, 4, out_cs), out, "(c-1)*out_cs > out_ps");
  test::expect_rejected(call(I, in_cap - 1, m, c, in_ps, in_cs, O, out_cap, out_ps, out_cs), out, "in_cap one short");
  test::expect_rejected(call(I, in_cap, m, c, in_ps, in_cs, O, out_cap - 1, out_ps, out_cs), out, "out_cap one short");
  test::expect_rejected(call(I, INT64_MAX, m, 3, INT_MAX, INT_MAX, O, out_cap, out_ps, out_cs), out, "(c-1)*in_cs past in_ps");
  test::expect_rejected(call(I, INT64_MAX, INT64_MAX / 4, c, in_ps, in_cs, O, INT64_MAX, out_ps, out_cs), out, "m * ps overflows");
  CHECK(call(I, in_cap, m, c, in_ps, in_cs, O, out_cap, out_ps, out_cs) == EN_OK, "the unmodified call works");
}

}  // namespace

int main() {
  const test::Pools pools;
  const std::vector<Case> cases = {
      {1, 1, 1, 1, 0, 1, 1, 0},        {3, 5, 5, 1, 0, 7, 1, 2},         {7, 8, 16, 1, 8, 8, 1, 0},
      {13, 17, 40, 2, 1, 17, 1, 0},    {9, 24, 48, 2, 0, 30, 1, 3},      {31, 58, 116, 2, 1, 58, 1, 0},
      {5, 9, 9, 1, 0, 18, 2, 1},       {21, 33, 33, 1, 0, 66, 2, 0},     {11, 20, 60, 3, 2, 60, 3, 1},
      {6, 7, 50, 7, 0, 7, 1, 0},       {50, 100, 240, 2, 0, 100, 1, 0},  {4, 15, 15, 1, 0, 45, 3, 2},
      {17, 12, 12, 1, 0, 12, 1, 0},    {40, 19, 57, 3, 0, 57, 3, 0},
      // NEON's de-interleaving loads (input channels 2, 3, 4 apart) with 0, 1 or 2 vectors and a
      // scalar rest, input pixels packed tight; a 2-lane tail of the contiguous copy.
      {3, 5, 9, 2, 0, 5, 1, 0},        {4, 4, 7, 2, 1, 4, 1, 0},         {5, 9, 33, 4, 0, 9, 1, 1},
      {6, 5, 13, 3, 0, 5, 1, 0},       {3, 8, 22, 3, 0, 8, 1, 0},        {2, 13, 25, 2, 0, 13, 1, 0},
      {5, 6, 6, 1, 0, 6, 1, 0},
  };
  for (size_t index = 0; index < cases.size(); ++index)
    run_case(cases[index], 400 + index, pools.for_case(index, cases[index].m >= 40));
  run_argument_checks();
  return test::finish("test_channel_copy");
}
