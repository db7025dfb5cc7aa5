// en_se: squeeze-and-excitation from its definition (NCHW data, PyTorch's [mid][c] and [c][mid]
// 1x1 conv weights, double arithmetic) checks the scalar reference, then AVX2: the zoo's act/gate
// pairs and every other activation, odd sizes, pixel strides with poisoned gaps, in place,
// 1/2/3 threads bit-identical; the mean matches en_global_avgpool bit for bit; argument checks.
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "check.h"

namespace {

struct Case {
  int n, h, w, c, mid, in_gap, out_gap, act, gate;
  bool bias;
};

void run_case(const Case& c, uint64_t seed, const std::vector<en_pool*>& pools) {
  test::Rng rng(seed);
  const int64_t pixels = static_cast<int64_t>(c.h) * c.w;
  const std::vector<float> x = rng.vec(c.n * c.c * pixels);  // [n][c][h][w]
  // Scaled so that the hidden and gate pre-activations span the activations' breakpoints.
  std::vector<float> w1 = rng.vec(static_cast<int64_t>(c.mid) * c.c), w2 = rng.vec(static_cast<int64_t>(c.c) * c.mid);
  for (float& v : w1) v *= 4;
  for (float& v : w2) v *= 2;
  const std::vector<float> b1 = rng.vec(c.mid), b2 = rng.vec(c.c);

  std::vector<double> want(static_cast<size_t>(c.n * pixels * c.c)), mag(want.size());
  for (int img = 0; img < c.n; ++img) {
    std::vector<double> s(c.c), z(c.mid), g(c.c), gmag(c.c);
    for (int ch = 0; ch < c.c; ++ch) {
      for (int64_t q = 0; q < pixels; ++q) s[ch] += x[(img * c.c + ch) * pixels + q];
      s[ch] /= static_cast<double>(pixels);
    }
    std::vector<double> zmag(c.mid);
    for (int j = 0; j < c.mid; ++j) {
      double acc = c.bias ? b1[j] : 0, m = c.bias ? std::fabs(b1[j]) : 0;
      for (int ch = 0; ch < c.c; ++ch) acc += w1[j * c.c + ch] * s[ch], m += std::fabs(w1[j * c.c + ch] * s[ch]);
      z[j] = test::act_d(acc, c.act);
      zmag[j] = test::act_mag(m, c.act);
    }
    for (int ch = 0; ch < c.c; ++ch) {
      double acc = c.bias ? b2[ch] : 0, m = c.bias ? std::fabs(b2[ch]) : 0;
      for (int j = 0; j < c.mid; ++j) acc += w2[ch * c.mid + j] * z[j], m += std::fabs(w2[ch * c.mid + j]) * zmag[j];
      g[ch] = test::act_d(acc, c.gate);
      gmag[ch] = test::act_mag(m, c.gate);
    }
    for (int64_t q = 0; q < pixels; ++q)
      for (int ch = 0; ch < c.c; ++ch) {
        const double v = x[(img * c.c + ch) * pixels + q];
        want[(img * pixels + q) * c.c + ch] = v * g[ch];
        // The mean's float rounding (relative, about pixels * 2^-24) is covered by kRelTol for the
        // sizes tested; it enters the magnitude through gmag.
        mag[(img * pixels + q) * c.c + ch] = std::fabs(v) * (gmag[ch] + std::fabs(g[ch]));
      }
  }
  test::Strided in = test::make_strided(c.n * pixels, c.c, c.c + c.in_gap, test::poison());
  for (int img = 0; img < c.n; ++img)
    for (int ch = 0; ch < c.c; ++ch)
      for (int64_t q = 0; q < pixels; ++q) in.at(img * pixels + q, ch) = x[(img * c.c + ch) * pixels + q];

  char desc[128];
  std::snprintf(desc, sizeof desc, "n=%d %dx%dx%d mid=%d gaps=%d/%d act=%s gate=%s bias=%d", c.n, c.h, c.w, c.c, c.mid,
                c.in_gap, c.out_gap, test::act_name(c.act), test::act_name(c.gate), c.bias);
  test::RunChecker runs(want, mag);
  for (const test::Variant& v : test::variants(false)) {
    test::select(v);
    runs.start_variant();
    for (en_pool* pool : pools) {
      const std::string what = std::string(desc) + " [" + v.name + ", threads " + std::to_string(en_pool_threads(pool)) + "]";
      test::Strided out = test::make_strided(c.n * pixels, c.c, c.c + c.out_gap, test::sentinel());
      const int rc = en_se(pool, in.data.data(), in.cap(), c.n, c.h, c.w, c.c, in.ps, w1.data(),
                           c.bias ? b1.data() : nullptr, c.mid, c.act, w2.data(), c.bias ? b2.data() : nullptr, c.gate,
                           out.data.data(), out.cap(), out.ps);
      CHECK(rc == EN_OK, "%s: rc %d", what.c_str(), rc);
      CHECK(test::gaps_intact(out, test::sentinel(), what), "%s: output gaps", what.c_str());
      const std::vector<float> got = test::dense(out);
      runs.check(got, v.isa == EN_ISA_SCALAR, what);
      // In place (out = in, same stride) gives the same bits.
      test::Strided self = in;
      const int rc2 = en_se(pool, self.data.data(), self.cap(), c.n, c.h, c.w, c.c, self.ps, w1.data(),
                            c.bias ? b1.data() : nullptr, c.mid, c.act, w2.data(), c.bias ? b2.data() : nullptr,
                            c.gate, self.data.data(), self.cap(), self.ps);
      CHECK(rc2 == EN_OK, "%s in place: rc %d", what.c_str(), rc2);
      std::vector<float> got2(want.size());
      for (int64_t q = 0; q < c.n * pixels; ++q)
        for (int ch = 0; ch < c.c; ++ch) got2[q * c.c + ch] = self.at(q, ch);
      CHECK(test::same_bits(got2, got), "%s: in place differs", what.c_str());
    }
  }
  test::reset_selection();
}

// The mean is en_global_avgpool's to the bit: with identity FCs and no activations the gate is
// the mean itself (dot products with exact zeros add nothing), read back at a pixel set to 1.
void run_mean_matches_global_avgpool() {
  const int n = 2, h = 7, w = 9, c = 19, ps = 21;
  test::Rng rng(4242);
  test::Strided in = test::make_strided(static_cast<int64_t>(n) * h * w, c, ps, test::poison());
  for (int64_t q = 0; q < in.pixels; ++q)
    for (int ch = 0; ch < c; ++ch) in.at(q, ch) = rng.next();
  std::vector<float> eye(c * c, 0.0f);
  for (int ch = 0; ch < c; ++ch) eye[ch * c + ch] = 1.0f;
  // The last pixel of each image is 1, so its output channel is exactly the gate = the mean.
  for (int img = 0; img < n; ++img)
    for (int ch = 0; ch < c; ++ch) in.at((img + 1) * h * w - 1, ch) = 1.0f;
  for (const test::Variant& v : test::variants(false)) {
    test::select(v);
    std::vector<float> pooled(n * c);
    CHECK(en_global_avgpool(nullptr, in.data.data(), in.cap(), n, h, w, c, ps, pooled.data(), n * c) == EN_OK, "pool");
    test::Strided out = test::make_strided(in.pixels, c, c, test::sentinel());
    CHECK(en_se(nullptr, in.data.data(), in.cap(), n, h, w, c, ps, eye.data(), nullptr, c, EN_ACT_NONE, eye.data(),
                nullptr, EN_ACT_NONE, out.data.data(), out.cap(), out.ps) == EN_OK, "se");
    std::vector<float> gates(n * c);
    for (int img = 0; img < n; ++img)
      for (int ch = 0; ch < c; ++ch) gates[img * c + ch] = out.at((img + 1) * h * w - 1, ch);
    // Identity FCs: sums with exact zeros, so the gate is the mean unchanged (w . s = 1 * s + 0 * ...).
    CHECK(test::same_bits(gates, pooled), "[%s] the SE mean differs from en_global_avgpool", v.name.c_str());
  }
  test::reset_selection();
}

void run_argument_checks() {
  const int n = 2, h = 3, w = 4, c = 6, mid = 3, ps = 8;
  const int64_t cap = (static_cast<int64_t>(n) * h * w - 1) * ps + c;
  std::vector<float> in(static_cast<size_t>(cap), 1.0f), w1(mid * c, 0.1f), b1(mid, 0.0f), w2(c * mid, 0.1f),
      b2(c, 0.0f), out(static_cast<size_t>(cap), test::sentinel());
  struct Args {
    const float* in;
    int64_t in_cap;
    int n, h, w, c, in_ps;
    const float* w1;
    int mid, act;
    const float* w2;
    int gate;
    float* out;
    int64_t out_cap;
    int out_ps;
  };
  const Args good{in.data(), cap, n, h, w, c, ps, w1.data(), mid, EN_ACT_RELU, w2.data(), EN_ACT_HSIGMOID, out.data(),
                  cap, ps};
  auto call = [&](const Args& a) {
    return en_se(nullptr, a.in, a.in_cap, a.n, a.h, a.w, a.c, a.in_ps, a.w1, b1.data(), a.mid, a.act, a.w2, b2.data(),
                 a.gate, a.out, a.out_cap, a.out_ps);
  };
  const auto reject = test::rejecter(good, call, out);
  reject([](Args& a) { a.in = nullptr; }, "in null");
  reject([](Args& a) { a.w1 = nullptr; }, "w1 null");
  reject([](Args& a) { a.w2 = nullptr; }, "w2 null");
  reject([](Args& a) { a.out = nullptr; }, "out null");
  reject([](Args& a) { a.n = 0; }, "n = 0");
  reject([](Args& a) { a.h = -1; }, "h < 0");
  reject([](Args& a) { a.w = 0; }, "w = 0");
  reject([](Args& a) { a.c = 0; }, "c = 0");
  reject([](Args& a) { a.mid = 0; }, "mid = 0");
  reject([](Args& a) { a.act = test::kBadAct; }, "act out of range");
  reject([](Args& a) { a.gate = -1; }, "gate -1");
  reject([](Args& a) { a.in_ps = 5; }, "in_ps < c");
  reject([](Args& a) { a.out_ps = 5; }, "out_ps < c");
  reject([](Args& a) { a.in_cap -= 1; }, "in_cap one short");
  reject([](Args& a) { a.out_cap -= 1; }, "out_cap one short");
  reject([](Args& a) { a.n = INT_MAX; a.h = INT_MAX; a.w = INT_MAX; a.in_cap = a.out_cap = INT64_MAX; }, "n*h*w overflows");
  reject([](Args& a) { a.n = 1 << 20; a.h = 1 << 20; a.w = 1 << 10; a.in_ps = 1 << 20; a.in_cap = a.out_cap = INT64_MAX; }, "pixels*ps overflows");
  CHECK(call(good) == EN_OK, "the unmodified call works");
}

}  // namespace

int main() {
  const test::Pools pools;
  std::vector<Case> cases = {
      // The zoo's pairs: MobileNetV3 (ReLU, h-sigmoid), EfficientNet/MnasNet-style (SiLU, sigmoid).
      {1, 7, 7, 16, 8, 0, 0, EN_ACT_RELU, EN_ACT_HSIGMOID, true},
      {2, 5, 3, 24, 6, 3, 1, EN_ACT_SILU, EN_ACT_SIGMOID, true},
      {1, 1, 1, 1, 1, 0, 0, EN_ACT_RELU, EN_ACT_SIGMOID, true},
      {1, 9, 11, 40, 10, 1, 2, EN_ACT_RELU, EN_ACT_HSIGMOID, false},
      {3, 4, 5, 17, 4, 0, 5, EN_ACT_SILU, EN_ACT_SIGMOID, true},
      {1, 14, 14, 72, 24, 0, 0, EN_ACT_RELU, EN_ACT_HSIGMOID, true},
      {1, 7, 7, 100, 25, 4, 0, EN_ACT_SILU, EN_ACT_SIGMOID, true},
      // Fewer channels than one 4-lane vector, and 4 + 2.
      {1, 2, 3, 2, 1, 1, 0, EN_ACT_RELU, EN_ACT_HSIGMOID, false},
      {2, 3, 3, 3, 2, 0, 1, EN_ACT_SILU, EN_ACT_SIGMOID, true},
      {1, 5, 1, 6, 5, 2, 2, EN_ACT_HSWISH, EN_ACT_SIGMOID, false},
  };
  // Every activation in both positions.
  for (int a = 0; a < test::kActCount; ++a) cases.push_back({1, 3, 5, 9 + a, 3 + a, a % 2, a % 3, a, (a + 3) % 7, true});
  for (size_t index = 0; index < cases.size(); ++index)
    run_case(cases[index], 600 + index, pools.for_case(index, cases[index].c >= 72));
  run_mean_matches_global_avgpool();
  run_argument_checks();
  return test::finish("test_se");
}
