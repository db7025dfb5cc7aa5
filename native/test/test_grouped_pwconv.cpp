// en_pwconv_grouped: a grouped 1x1 convolution from its definition (channel-major data, PyTorch's
// grouped [cout][cin/groups] weight, double accumulation) placed into buffers by the header's
// addressing formulas, for plain groups, Megvii's interleaved input (in_gs = 1, in_cs = groups),
// ShuffleNetV2's odd-channel writes (out_gs = 0, out_cs = 2, out + 1), interleaved outputs and
// residuals; every location that is not an input holds NaN poison, every location that is not an
// output must keep its sentinel; scalar vs AVX2, 1/2/3/8 threads bit-identical; the argument checks,
// including the distinct-output rule against a brute-force search.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "check.h"

namespace {

struct Case {
  int64_t m;
  int groups, cin_g, cout_g;
  int in_ps, in_gs, in_cs, in_off;     // in_off: where the caller's pointer starts in the buffer
  int out_ps, out_gs, out_cs, out_off;
  int act;
  bool bias, residual;
  int res_gap;
};

std::string describe(const Case& c) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "m=%lld g=%d cin_g=%d cout_g=%d in=%d/%d/%d+%d out=%d/%d/%d+%d act=%s bias=%d res=%d",
                (long long)c.m, c.groups, c.cin_g, c.cout_g, c.in_ps, c.in_gs, c.in_cs, c.in_off, c.out_ps, c.out_gs,
                c.out_cs, c.out_off, test::act_name(c.act), c.bias, c.residual);
  return buf;
}

// Buffer index (from the caller's pointer) of channel j of group gi of pixel q.
int64_t index(int64_t q, int ps, int gi, int gs, int j, int cs) {
  return q * ps + static_cast<int64_t>(gi) * (gs) + static_cast<int64_t>(j) * cs;
}

void run_case(const Case& c, uint64_t seed, const std::vector<en_pool*>& pools) {
  test::Rng rng(seed);
  const int cin = c.groups * c.cin_g, cout = c.groups * c.cout_g;
  const int in_gs = c.groups == 1 ? 0 : c.in_gs, out_gs = c.groups == 1 ? 0 : c.out_gs;
  const std::vector<float> x = rng.vec(cin * c.m);                              // [cin][m]
  const std::vector<float> w_pt = rng.vec(static_cast<int64_t>(cout) * c.cin_g);  // [cout][cin_g]
  const std::vector<float> b = rng.vec(cout);
  const std::vector<float> r = rng.vec(cout * c.m);  // [cout][m]

  std::vector<double> want(static_cast<size_t>(c.m * cout)), mag(want.size());
  for (int64_t q = 0; q < c.m; ++q)
    for (int co = 0; co < cout; ++co) {
      const int gi = co / c.cout_g;
      double acc = 0, m = 0;
      for (int k = 0; k < c.cin_g; ++k) {
        const double t = static_cast<double>(x[(gi * c.cin_g + k) * c.m + q]) * w_pt[co * c.cin_g + k];
        acc += t;
        m += std::fabs(t);
      }
      if (c.bias) acc += b[co], m += std::fabs(b[co]);
      if (c.residual) acc += r[co * c.m + q], m += std::fabs(r[co * c.m + q]);
      want[q * cout + co] = test::act_d(acc, c.act);
      mag[q * cout + co] = test::act_mag(m, c.act);
    }

  const int64_t in_last = static_cast<int64_t>(c.groups - 1) * in_gs + static_cast<int64_t>(c.cin_g - 1) * c.in_cs;
  const int64_t out_last = static_cast<int64_t>(c.groups - 1) * out_gs + static_cast<int64_t>(c.cout_g - 1) * c.out_cs;
  const int64_t in_cap = (c.m - 1) * c.in_ps + in_last + 1, out_cap = (c.m - 1) * c.out_ps + out_last + 1;
  std::vector<float> in(static_cast<size_t>(c.in_off + in_cap), test::poison());
  for (int64_t q = 0; q < c.m; ++q)
    for (int gi = 0; gi < c.groups; ++gi)
      for (int k = 0; k < c.cin_g; ++k)
        in[c.in_off + index(q, c.in_ps, gi, in_gs, k, c.in_cs)] = x[(gi * c.cin_g + k) * c.m + q];
  std::vector<float> weight(static_cast<size_t>(c.groups) * c.cin_g * c.cout_g);  // [groups][cin_g][cout_g]
  for (int gi = 0; gi < c.groups; ++gi)
    for (int k = 0; k < c.cin_g; ++k)
      for (int o = 0; o < c.cout_g; ++o)
        weight[(gi * c.cin_g + k) * c.cout_g + o] = w_pt[(gi * c.cout_g + o) * c.cin_g + k];
  test::Strided res = test::make_strided(c.m, cout, cout + c.res_gap, test::poison());
  for (int64_t q = 0; q < c.m; ++q)
    for (int co = 0; co < cout; ++co) res.at(q, co) = r[co * c.m + q];

  // Which buffer locations are outputs.
  std::vector<char> is_out(static_cast<size_t>(c.out_off + out_cap), 0);
  for (int64_t q = 0; q < c.m; ++q)
    for (int gi = 0; gi < c.groups; ++gi)
      for (int o = 0; o < c.cout_g; ++o) is_out[c.out_off + index(q, c.out_ps, gi, out_gs, o, c.out_cs)] = 1;

  // Packed once, before any ISA is forced, as a network does.
  const int64_t packed_size = en_pwconv_pack_size(c.groups, c.cin_g, c.cout_g);
  std::vector<float> packed(static_cast<size_t>(packed_size));
  CHECK(en_pwconv_pack(c.groups, c.cin_g, c.cout_g, weight.data(), c.bias ? b.data() : nullptr, packed.data(),
                       packed_size) == EN_OK,
        "%s: pack", describe(c).c_str());

  test::RunChecker runs(want, mag);
  for (const test::Variant& v : test::variants(false)) {
    test::select(v);
    runs.start_variant();
    for (en_pool* pool : pools) {
      for (bool use_packed : {false, true}) {
        const std::string what = describe(c) + " [" + v.name + (use_packed ? ", packed" : "") + ", threads " +
                                 std::to_string(en_pool_threads(pool)) + "]";
        std::vector<float> out(is_out.size(), test::sentinel());
        const float* r = c.residual ? res.data.data() : nullptr;
        const int64_t r_cap = c.residual ? res.cap() : 0;
        const int r_ps = c.residual ? res.ps : 0;
        const int rc =
            use_packed
                ? en_pwconv_grouped_packed(pool, in.data() + c.in_off, in_cap, c.m, c.groups, c.cin_g, c.in_ps, c.in_gs,
                                           c.in_cs, packed.data(), packed_size, c.cout_g, c.act, r, r_cap, r_ps,
                                           out.data() + c.out_off, out_cap, c.out_ps, c.out_gs, c.out_cs)
                : en_pwconv_grouped(pool, in.data() + c.in_off, in_cap, c.m, c.groups, c.cin_g, c.in_ps, c.in_gs,
                                    c.in_cs, weight.data(), c.bias ? b.data() : nullptr, c.cout_g, c.act, r, r_cap,
                                    r_ps, out.data() + c.out_off, out_cap, c.out_ps, c.out_gs, c.out_cs);
        CHECK(rc == EN_OK, "%s: rc %d", what.c_str(), rc);
        bool gaps_ok = true;
        for (size_t i = 0; i < out.size(); ++i)
          if (!is_out[i] && test::bits_of(out[i]) != test::bits_of(test::sentinel())) gaps_ok = false;
        CHECK(gaps_ok, "%s: wrote outside its outputs", what.c_str());
        std::vector<float> got(want.size());
        for (int64_t q = 0; q < c.m; ++q)
          for (int co = 0; co < cout; ++co)
            got[q * cout + co] = out[c.out_off + index(q, c.out_ps, co / c.cout_g, out_gs, co % c.cout_g, c.out_cs)];
        runs.check(got, v.isa == EN_ISA_SCALAR, what);
      }
    }
  }
  test::reset_selection();
}

// Brute force: are the indices gi*gs + o*cs pairwise distinct?
bool distinct(int groups, int count, int gs, int cs) {
  std::set<int64_t> seen;
  for (int gi = 0; gi < groups; ++gi)
    for (int o = 0; o < count; ++o)
      if (!seen.insert(static_cast<int64_t>(gi) * gs + static_cast<int64_t>(o) * cs).second) return false;
  return true;
}

void run_argument_checks() {
  const int64_t m = 5;
  const int groups = 3, cin_g = 2, cout_g = 4;
  const int in_ps = 7, out_ps = 13, res_ps = 12;
  std::vector<float> in((m - 1) * in_ps + groups * cin_g, 0.5f), w(groups * cin_g * cout_g, 0.25f), b(12, 0.1f);
  std::vector<float> res((m - 1) * res_ps + 12, 1.0f);
  const int64_t in_cap = static_cast<int64_t>(in.size()), res_cap = static_cast<int64_t>(res.size());
  const int64_t out_cap = (m - 1) * out_ps + 12;
  std::vector<float> out(static_cast<size_t>(out_cap), test::sentinel());
  struct Args {
    const float* in;
    int64_t in_cap, m;
    int groups, cin_g, in_ps, in_gs, in_cs;
    const float* w;
    int cout_g, act;
    const float* res;
    int64_t res_cap;
    int res_ps;
    float* out;
    int64_t out_cap;
    int out_ps, out_gs, out_cs;
  };
  const Args good{in.data(), in_cap, m, groups, cin_g, in_ps, cin_g, 1, w.data(), cout_g, EN_ACT_HSWISH,
                  res.data(), res_cap, res_ps, out.data(), out_cap, out_ps, cout_g, 1};
  // The reject list runs through en_pwconv_grouped and, with the weights packed for the unmodified
  // shape, en_pwconv_grouped_packed (a null weight is a null packed buffer; a changed shape no
  // longer matches the packing, which is rejected as well).
  const int64_t packed_size = en_pwconv_pack_size(groups, cin_g, cout_g);
  std::vector<float> packed(static_cast<size_t>(packed_size));
  CHECK(en_pwconv_pack(groups, cin_g, cout_g, w.data(), b.data(), packed.data(), packed_size) == EN_OK, "pack");
  bool use_packed = false;
  auto call = [&](const Args& a) {
    if (use_packed)
      return en_pwconv_grouped_packed(nullptr, a.in, a.in_cap, a.m, a.groups, a.cin_g, a.in_ps, a.in_gs, a.in_cs,
                                      a.w != nullptr ? packed.data() : nullptr, packed_size, a.cout_g, a.act, a.res,
                                      a.res_cap, a.res_ps, a.out, a.out_cap, a.out_ps, a.out_gs, a.out_cs);
    return en_pwconv_grouped(nullptr, a.in, a.in_cap, a.m, a.groups, a.cin_g, a.in_ps, a.in_gs, a.in_cs, a.w, b.data(),
                             a.cout_g, a.act, a.res, a.res_cap, a.res_ps, a.out, a.out_cap, a.out_ps, a.out_gs,
                             a.out_cs);
  };
  const auto reject = test::rejecter(good, call, out);
  for (int pass = 0; pass < 2; ++pass) {
    use_packed = pass == 1;
    std::fill(out.begin(), out.end(), test::sentinel());
    reject([](Args& a) { a.in = nullptr; }, "in null");
    reject([](Args& a) { a.w = nullptr; }, "weight null");
    reject([](Args& a) { a.out = nullptr; }, "out null");
    reject([](Args& a) { a.m = 0; }, "m = 0");
    reject([](Args& a) { a.m = -1; }, "m < 0");
    reject([](Args& a) { a.groups = 0; }, "groups = 0");
    reject([](Args& a) { a.groups = -3; }, "groups < 0");
    reject([](Args& a) { a.cin_g = 0; }, "cin_g = 0");
    reject([](Args& a) { a.cout_g = 0; }, "cout_g = 0");
    reject([](Args& a) { a.act = test::kBadAct; }, "act out of range");
    reject([](Args& a) { a.act = -1; }, "act -1");
    reject([](Args& a) { a.in_cs = 0; }, "in_cs = 0");
    reject([](Args& a) { a.out_cs = 0; }, "out_cs = 0");
    reject([](Args& a) { a.in_cs = -1; }, "in_cs < 0");
    reject([](Args& a) { a.in_gs = 0; }, "in_gs = 0 with groups > 1");
    reject([](Args& a) { a.out_gs = 0; }, "out_gs = 0 with groups > 1");
    reject([](Args& a) { a.groups = 1; a.in_gs = -1; }, "in_gs < 0 with one group");
    reject([](Args& a) { a.groups = 1; a.out_gs = -1; }, "out_gs < 0 with one group");
    reject([](Args& a) { a.in_ps = 5; }, "last input channel at in_ps");
    reject([](Args& a) { a.in_gs = 3; }, "last input channel past in_ps");
    reject([](Args& a) { a.out_ps = 11; a.out_cap = 4 * 11 + 12; }, "last output channel at out_ps");
    reject([](Args& a) { a.out_gs = 3; }, "groups' outputs overlap");
    reject([](Args& a) { a.out_gs = 1; a.out_cs = 2; }, "interleaved outputs collide");
    reject([](Args& a) { a.in_cap -= 1; }, "in_cap one short");
    reject([](Args& a) { a.out_cap -= 1; }, "out_cap one short");
    reject([](Args& a) { a.res_cap -= 1; }, "res_cap one short");
    reject([](Args& a) { a.res_ps = 11; }, "res_ps < groups*cout_g");
    reject([](Args& a) { a.res = a.out; a.res_cap = a.out_cap; a.res_ps = a.out_ps; }, "residual is out");
    reject([](Args& a) { a.in_cs = INT_MAX; a.in_ps = INT_MAX; }, "channel index overflows in_ps");
    reject([](Args& a) { a.m = INT64_MAX / 2; a.in_cap = INT64_MAX; a.out_cap = INT64_MAX; a.res = nullptr; }, "m * ps overflows");
    reject([](Args& a) { a.groups = INT_MAX; a.cin_g = INT_MAX; a.cout_g = INT_MAX; a.in_ps = INT_MAX; a.out_ps = INT_MAX; }, "huge groups");
    CHECK(call(good) == EN_OK, "the unmodified call works");
  }
  // A packed buffer that is short or packed for another grouping.
  use_packed = true;
  auto packed_call = [&](const std::vector<float>& buf, int64_t cap) {
    return en_pwconv_grouped_packed(nullptr, good.in, good.in_cap, good.m, groups, cin_g, good.in_ps, good.in_gs,
                                    good.in_cs, buf.data(), cap, cout_g, good.act, good.res, good.res_cap, good.res_ps,
                                    good.out, good.out_cap, good.out_ps, good.out_gs, good.out_cs);
  };
  std::fill(out.begin(), out.end(), test::sentinel());
  test::expect_rejected(packed_call(packed, packed_size - 1), out, "packed_cap one short");
  for (auto shape : {std::vector<int>{1, groups * cin_g, groups * cout_g}, {groups, cin_g + 1, cout_g},
                     {groups, cin_g, cout_g - 1}, {groups + 1, cin_g, cout_g}}) {
    const int64_t size = en_pwconv_pack_size(shape[0], shape[1], shape[2]);
    std::vector<float> wide(static_cast<size_t>(shape[0]) * shape[1] * shape[2], 0.5f), other(static_cast<size_t>(size));
    CHECK(en_pwconv_pack(shape[0], shape[1], shape[2], wide.data(), nullptr, other.data(), size) == EN_OK, "pack");
    test::expect_rejected(packed_call(other, size), out, "packed for another grouping");
  }
  // A NULL residual ignores res_cap and res_ps; one group ignores any group strides >= 0.
  use_packed = false;
  std::fill(out.begin(), out.end(), test::sentinel());
  Args a = good;
  a.res = nullptr, a.res_cap = -1, a.res_ps = -1;
  CHECK(call(a) == EN_OK, "NULL residual");
  a.groups = 1, a.in_gs = 1000, a.out_gs = 1000;
  CHECK(call(a) == EN_OK, "one group, group strides ignored");

  // The distinct-output rule against brute force, over small strides (m = 1, outputs wide enough).
  std::vector<float> one_in(64, 0.5f), one_w(64 * 8, 0.5f), one_out(256, test::sentinel());
  int compared = 0;
  for (int g = 1; g <= 4; ++g)
    for (int count = 1; count <= 4; ++count)
      for (int gs = 0; gs <= 7; ++gs)
        for (int cs = 1; cs <= 7; ++cs) {
          const int last = (g - 1) * (g == 1 ? 0 : gs) + (count - 1) * cs;
          const int rc = en_pwconv_grouped(nullptr, one_in.data(), 64, 1, g, 1, 64, 1, 1, one_w.data(), nullptr, count,
                                           EN_ACT_NONE, nullptr, 0, 0, one_out.data(), last + 1, last + 1, gs, cs);
          const bool ok = g == 1 || (gs >= 1 && distinct(g, count, gs, cs));
          CHECK(rc == (ok ? EN_OK : EN_ERR_ARG), "groups %d count %d gs %d cs %d: rc %d", g, count, gs, cs, rc);
          ++compared;
        }
  std::printf("distinct-output rule: %d stride combinations agree with brute force\n", compared);
}

}  // namespace

int main() {
  const test::Pools pools;
  std::vector<Case> cases;
  // Plain grouped convolutions, groups 1, 2, 3, 4, 8; pixel gaps.
  const int acts[] = {EN_ACT_NONE, EN_ACT_RELU, EN_ACT_RELU6, EN_ACT_HSWISH, EN_ACT_HSIGMOID, EN_ACT_SILU, EN_ACT_SIGMOID};
  int i = 0;
  for (int g : {1, 2, 3, 4, 8})
    for (int shape = 0; shape < 3; ++shape) {
      const int cin_g = (shape == 0 ? 3 : shape == 1 ? 17 : 30) + g % 2, cout_g = shape == 0 ? 5 : shape == 1 ? 24 : 33;
      const int64_t m = shape == 0 ? 7 : shape == 1 ? 25 : 53;
      const int gap = i % 3;
      cases.push_back({m, g, cin_g, cout_g, g * cin_g + gap, cin_g, 1, gap, g * cout_g + 2 * gap, cout_g, 1, gap,
                       acts[i % 7], i % 2 == 0, i % 3 != 1, gap});
      ++i;
    }
  // Megvii ShuffleNetV1: the shuffle folded into the input addressing (in_gs = 1, in_cs = groups).
  for (int g : {2, 3, 4, 8}) {
    cases.push_back({29, g, 60 / g * 2 / 2 + 1, 240 / g / 4, g * (60 / g + 1) + 1, 1, g, 0, 240 / 4 + 3, 240 / g / 4, 1,
                     0, EN_ACT_RELU, true, true, 0});
    cases.push_back({11, g, 7, 9, g * 7, 1, g, 2, g * 9, 9, 1, 0, EN_ACT_NONE, true, false, 0});
  }
  // ShuffleNetV2: a branch writes the odd channels of the shuffled concat (out_gs = 0, out_cs = 2, out + 1).
  cases.push_back({49, 1, 58, 58, 58, 0, 1, 0, 116, 0, 2, 1, EN_ACT_RELU, true, false, 0});
  cases.push_back({25, 1, 24, 17, 30, 7, 1, 3, 34, 0, 2, 1, EN_ACT_SIGMOID, true, true, 1});
  cases.push_back({3, 1, 9, 1, 9, 0, 1, 0, 2, 0, 2, 1, EN_ACT_HSWISH, false, true, 0});
  // One pixel (the row path) with a strided input channel and odd output channels.
  cases.push_back({1, 1, 40, 150, 80, 0, 2, 1, 300, 0, 2, 1, EN_ACT_SILU, true, true, 0});
  // Outputs interleaved across groups (out_gs = 1, out_cs = groups), and one group with arbitrary group strides.
  cases.push_back({31, 3, 8, 11, 24, 8, 1, 0, 33, 1, 3, 0, EN_ACT_RELU6, true, true, 2});
  cases.push_back({17, 1, 13, 19, 14, 99, 1, 1, 20, 77, 1, 0, EN_ACT_SILU, true, true, 0});
  // Interleaved input and output with 6 channels a group (a 4-lane vector and 2).
  cases.push_back({13, 2, 6, 6, 12, 1, 2, 0, 13, 1, 2, 0, EN_ACT_HSWISH, false, true, 1});
  for (size_t index = 0; index < cases.size(); ++index)
    run_case(cases[index], 900 + index, pools.for_case(index, cases[index].m >= 49));
  // Few pixels, many threads: the channel split inside each group.
  en_pool* eight = en_pool_create(8);
  run_case({7, 2, 40, 100, 80, 40, 1, 0, 200, 100, 1, 0, EN_ACT_HSIGMOID, true, true, 0}, 990, {nullptr, eight});
  run_case({30, 3, 16, 50, 48, 1, 3, 0, 150, 1, 3, 0, EN_ACT_RELU, true, false, 0}, 991, {nullptr, eight});
  en_pool_destroy(eight);
  run_argument_checks();
  std::printf("%zu shapes\n", cases.size() + 2);
  return test::finish("test_grouped_pwconv");
}
