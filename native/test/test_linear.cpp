// en_linear: a fully connected layer written from its definition (PyTorch's [cout][cin] weight,
// double accumulation) checks the scalar reference, then every other variant and the OpenBLAS
// engine: batch sizes 1..5, cin/cout around the vector width and block sizes, every activation,
// with and without bias, 1/2/3 threads bit-identical, and the argument checks.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "check.h"

namespace {

struct Case {
  int n, cin, cout, act;
  bool bias;
};

void run_case(const Case& c, uint64_t seed, const std::vector<en_pool*>& pools) {
  test::Rng rng(seed);
  const std::vector<float> x = rng.vec(static_cast<int64_t>(c.n) * c.cin);
  const std::vector<float> weight = rng.vec(static_cast<int64_t>(c.cout) * c.cin);  // [cout][cin]
  const std::vector<float> b = rng.vec(c.cout);
  std::vector<double> want(static_cast<size_t>(c.n) * c.cout), mag(want.size());
  for (int i = 0; i < c.n; ++i)
    for (int j = 0; j < c.cout; ++j) {
      double acc = 0, m = 0;
      for (int k = 0; k < c.cin; ++k) {
        const double t = static_cast<double>(x[i * c.cin + k]) * weight[static_cast<size_t>(j) * c.cin + k];
        acc += t;
        m += std::fabs(t);
      }
      if (c.bias) {
        acc += b[j];
        m += std::fabs(b[j]);
      }
      want[i * c.cout + j] = test::act_d(acc, c.act);
      mag[i * c.cout + j] = test::act_mag(m, c.act);
    }

  char desc[96];
  std::snprintf(desc, sizeof desc, "n=%d cin=%d cout=%d act=%s bias=%d", c.n, c.cin, c.cout, test::act_name(c.act),
                c.bias);
  test::RunChecker runs(want, mag);
  for (const test::Variant& v : test::variants(true)) {
    test::select(v);
    runs.start_variant();
    for (en_pool* pool : pools) {
      const std::string what = std::string(desc) + " [" + v.name + ", threads " + std::to_string(en_pool_threads(pool)) + "]";
      std::vector<float> out(want.size(), test::sentinel());
      const int rc = en_linear(pool, x.data(), static_cast<int64_t>(x.size()), c.n, c.cin, weight.data(),
                               c.bias ? b.data() : nullptr, c.cout, c.act, out.data(), static_cast<int64_t>(out.size()));
      CHECK(rc == EN_OK, "%s: rc %d", what.c_str(), rc);
      runs.check(out, v.isa == EN_ISA_SCALAR && v.engine == EN_GEMM_OWN, what);
    }
  }
  test::reset_selection();
}

void run_argument_checks() {
  const int n = 2, cin = 9, cout = 7;
  std::vector<float> in(n * cin, 0.5f), wt(cout * cin, 0.1f), b(cout, 0.2f);
  std::vector<float> out(n * cout, test::sentinel());
  const int64_t in_cap = static_cast<int64_t>(in.size()), out_cap = static_cast<int64_t>(out.size());
  auto call = [&](const float* i, int64_t ic, int nn, int ci, const float* w, int co, int act, float* o, int64_t oc) {
    return en_linear(nullptr, i, ic, nn, ci, w, b.data(), co, act, o, oc);
  };
  for (int engine : {EN_GEMM_OWN, EN_GEMM_OPENBLAS}) {
    en_gemm_force(engine);
    test::expect_rejected(call(nullptr, in_cap, n, cin, wt.data(), cout, 0, out.data(), out_cap), out, "in null");
    test::expect_rejected(call(in.data(), in_cap, n, cin, nullptr, cout, 0, out.data(), out_cap), out, "weight null");
    test::expect_rejected(call(in.data(), in_cap, n, cin, wt.data(), cout, 0, nullptr, out_cap), out, "out null");
    test::expect_rejected(call(in.data(), in_cap, 0, cin, wt.data(), cout, 0, out.data(), out_cap), out, "n = 0");
    test::expect_rejected(call(in.data(), in_cap, n, -1, wt.data(), cout, 0, out.data(), out_cap), out, "cin < 0");
    test::expect_rejected(call(in.data(), in_cap, n, cin, wt.data(), 0, 0, out.data(), out_cap), out, "cout = 0");
    test::expect_rejected(call(in.data(), in_cap - 1, n, cin, wt.data(), cout, 0, out.data(), out_cap), out, "in_cap one short");
    test::expect_rejected(call(in.data(), in_cap, n, cin, wt.data(), cout, 0, out.data(), out_cap - 1), out, "out_cap one short");
    test::expect_rejected(call(in.data(), in_cap, n, cin, wt.data(), cout, test::kBadAct, out.data(), out_cap), out, "act out of range");
    // Products of two int dimensions cannot overflow int64; huge ones must still meet the capacity.
    test::expect_rejected(call(in.data(), in_cap, INT_MAX, INT_MAX, wt.data(), cout, 0, out.data(), out_cap), out, "huge n, cin");
    test::expect_rejected(call(in.data(), in_cap, n, cin, wt.data(), INT_MAX, 0, out.data(), out_cap), out, "huge cout");
    CHECK(call(in.data(), in_cap, n, cin, wt.data(), cout, EN_ACT_RELU, out.data(), out_cap) == EN_OK, "valid call");
    std::fill(out.begin(), out.end(), test::sentinel());
  }
  test::reset_selection();
}

}  // namespace

int main() {
  const test::Pools pools;
  const std::vector<Case> cases = {
      {1, 1, 1, EN_ACT_NONE, false},   {1, 7, 3, EN_ACT_RELU, true},    {1, 8, 4, EN_ACT_RELU6, true},
      {1, 9, 5, EN_ACT_NONE, true},    {2, 15, 9, EN_ACT_RELU, false},  {3, 16, 17, EN_ACT_RELU6, true},
      {1, 17, 16, EN_ACT_NONE, true},  {2, 31, 33, EN_ACT_RELU, true},  {5, 33, 31, EN_ACT_NONE, false},
      {1, 100, 63, EN_ACT_RELU6, true}, {3, 100, 64, EN_ACT_NONE, true}, {1, 1280, 65, EN_ACT_NONE, true},
      {2, 576, 130, EN_ACT_RELU, true}, {1, 1024, 1000, EN_ACT_NONE, true},
      {2, 9, 13, EN_ACT_HSWISH, true},  {1, 17, 9, EN_ACT_HSIGMOID, true}, {3, 33, 20, EN_ACT_SILU, true},
      {2, 40, 70, EN_ACT_SIGMOID, false},
      // cin % 4 = 2 (the 4-lane tail), small outputs, every activation without bias.
      {1, 2, 6, EN_ACT_RELU, false},    {2, 6, 11, EN_ACT_SILU, false},  {3, 10, 25, EN_ACT_HSWISH, false},
      {1, 18, 40, EN_ACT_SIGMOID, true}, {4, 14, 7, EN_ACT_HSIGMOID, false}, {2, 22, 3, EN_ACT_RELU6, false},
  };
  for (size_t index = 0; index < cases.size(); ++index)
    run_case(cases[index], 500 + index, pools.for_case(index, cases[index].cout >= 63));
  run_argument_checks();
  return test::finish("test_linear");
}
