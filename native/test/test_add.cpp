// en_add: out = act(a + b) from its definition (double) checks the scalar reference, then AVX2 or
// NEON; channel counts around the vector widths (tails of 1..7 lanes), pixel strides with poisoned gaps, every activation,
// in place on either operand, 1/2/3 threads bit-identical, and the argument checks.
#include <cstdint>
#include <string>
#include <vector>

#include "check.h"

namespace {

struct Case {
  int64_t m;
  int c, a_gap, b_gap, out_gap, act;
};

void run_case(const Case& c, uint64_t seed, const std::vector<en_pool*>& pools) {
  test::Rng rng(seed);
  const std::vector<float> x = rng.vec(c.m * c.c), y = rng.vec(c.m * c.c);
  std::vector<double> want(x.size()), mag(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    // Scaled by 4 so that the sums cross every activation's breakpoints (-3, 0, 3, 6).
    want[i] = test::act_d(4.0 * x[i] + 4.0 * y[i], c.act);
    mag[i] = test::act_mag(4.0 * (std::fabs(x[i]) + std::fabs(y[i])), c.act);
  }
  test::Strided a = test::make_strided(c.m, c.c, c.c + c.a_gap, test::poison());
  test::Strided b = test::make_strided(c.m, c.c, c.c + c.b_gap, test::poison());
  for (int64_t q = 0; q < c.m; ++q)
    for (int ch = 0; ch < c.c; ++ch) a.at(q, ch) = 4 * x[q * c.c + ch], b.at(q, ch) = 4 * y[q * c.c + ch];
  char desc[96];
  std::snprintf(desc, sizeof desc, "m=%lld c=%d gaps=%d/%d/%d act=%s", (long long)c.m, c.c, c.a_gap, c.b_gap,
                c.out_gap, test::act_name(c.act));
  test::RunChecker runs(want, mag);
  for (const test::Variant& v : test::variants(false)) {
    test::select(v);
    runs.start_variant();
    for (en_pool* pool : pools) {
      const std::string what = std::string(desc) + " [" + v.name + ", threads " + std::to_string(en_pool_threads(pool)) + "]";
      test::Strided out = test::make_strided(c.m, c.c, c.c + c.out_gap, test::sentinel());
      const int rc = en_add(pool, a.data.data(), a.cap(), a.ps, b.data.data(), b.cap(), b.ps, c.m, c.c, c.act,
                            out.data.data(), out.cap(), out.ps);
      CHECK(rc == EN_OK, "%s: rc %d", what.c_str(), rc);
      CHECK(test::gaps_intact(out, test::sentinel(), what), "%s: output gaps", what.c_str());
      const std::vector<float> got = test::dense(out);
      runs.check(got, v.isa == EN_ISA_SCALAR, what);
      // In place: the output is a (then b), same pointer and stride.
      for (int operand = 0; operand < 2; ++operand) {
        test::Strided self = operand == 0 ? a : b;
        const test::Strided& other = operand == 0 ? b : a;
        const int rc2 = en_add(pool, self.data.data(), self.cap(), self.ps, other.data.data(), other.cap(), other.ps,
                               c.m, c.c, c.act, self.data.data(), self.cap(), self.ps);
        CHECK(rc2 == EN_OK, "%s in place: rc %d", what.c_str(), rc2);
        std::vector<float> got2(want.size());
        for (int64_t q = 0; q < c.m; ++q)
          for (int ch = 0; ch < c.c; ++ch) got2[q * c.c + ch] = self.at(q, ch);
        CHECK(test::same_bits(got2, got), "%s: in place on operand %d differs", what.c_str(), operand);
      }
    }
  }
  test::reset_selection();
}

void run_argument_checks() {
  const int64_t m = 6;
  const int c = 5, ps = 7;
  std::vector<float> a((m - 1) * ps + c, 1.0f), b(a.size(), 2.0f), out(a.size(), test::sentinel());
  const int64_t cap = static_cast<int64_t>(a.size());
  struct Args {
    const float* a;
    int64_t a_cap;
    int a_ps;
    const float* b;
    int64_t b_cap;
    int b_ps;
    int64_t m;
    int c, act;
    float* out;
    int64_t out_cap;
    int out_ps;
  };
  const Args good{a.data(), cap, ps, b.data(), cap, ps, m, c, EN_ACT_SILU, out.data(), cap, ps};
  auto call = [](const Args& x) {
    return en_add(nullptr, x.a, x.a_cap, x.a_ps, x.b, x.b_cap, x.b_ps, x.m, x.c, x.act, x.out, x.out_cap, x.out_ps);
  };
  const auto reject = test::rejecter(good, call, out);
  reject([](Args& x) { x.a = nullptr; }, "a null");
  reject([](Args& x) { x.b = nullptr; }, "b null");
  reject([](Args& x) { x.out = nullptr; }, "out null");
  reject([](Args& x) { x.m = 0; }, "m = 0");
  reject([](Args& x) { x.c = 0; }, "c = 0");
  reject([](Args& x) { x.c = -2; }, "c < 0");
  reject([](Args& x) { x.act = test::kBadAct; }, "act out of range");
  reject([](Args& x) { x.a_ps = 4; }, "a_ps < c");
  reject([](Args& x) { x.b_ps = 4; }, "b_ps < c");
  reject([](Args& x) { x.out_ps = 4; }, "out_ps < c");
  reject([](Args& x) { x.a_cap -= 1; }, "a_cap one short");
  reject([](Args& x) { x.b_cap -= 1; }, "b_cap one short");
  reject([](Args& x) { x.out_cap -= 1; }, "out_cap one short");
  reject([](Args& x) { x.m = INT64_MAX / 2; x.a_cap = x.b_cap = x.out_cap = INT64_MAX; }, "m * ps overflows");
  CHECK(call(good) == EN_OK, "the unmodified call works");
  // out == a with a different stride is not an element-wise in-place add.
  std::vector<float> s((m - 1) * 6 + c, 1.0f);
  const int rc = en_add(nullptr, s.data(), static_cast<int64_t>(s.size()), 6, b.data(), cap, ps, 3, c, 0, s.data(),
                        static_cast<int64_t>(s.size()), 5);
  CHECK(rc == EN_ERR_ARG, "out == a with another stride: rc %d", rc);
}

}  // namespace

int main() {
  const test::Pools pools;
  std::vector<Case> cases;
  const int channels[] = {1, 2, 3, 6, 7, 8, 9, 10, 15, 16, 17, 24, 33, 100};
  int i = 0;
  for (int c : channels)
    for (int64_t m : {1, 5, 37}) {
      cases.push_back({m, c, i % 3, (i + 1) % 4, (i + 2) % 3, i % test::kActCount});
      ++i;
    }
  cases.push_back({1000, 24, 0, 0, 0, EN_ACT_RELU});
  for (size_t index = 0; index < cases.size(); ++index)
    run_case(cases[index], 300 + index, pools.for_case(index, cases[index].m >= 1000));
  run_argument_checks();
  return test::finish("test_add");
}
