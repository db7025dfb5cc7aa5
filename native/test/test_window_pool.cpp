// en_window_pool: max and average pooling from PyTorch's definitions (MaxPool2d: padding never
// wins; AvgPool2d count_include_pad=True: divide by k*k) check the scalar reference, then AVX2 or
// NEON: every k 1..7, strides 1..4, paddings 0..k/2, odd sizes, channel counts around the vector
// widths, pixel strides with poisoned gaps; 1/2/3 threads bit-identical; NaN propagation in max;
// and the argument checks.
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "check.h"

namespace {

struct Case {
  int n, h, w, c, kind, k, stride, pad, in_gap, out_gap;
  int oh() const { return (h + 2 * pad - k) / stride + 1; }
  int ow() const { return (w + 2 * pad - k) / stride + 1; }
};

std::string describe(const Case& c) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s n=%d %dx%dx%d k=%d s=%d pad=%d gaps=%d/%d", c.kind == EN_POOL_MAX ? "max" : "avg",
                c.n, c.h, c.w, c.c, c.k, c.stride, c.pad, c.in_gap, c.out_gap);
  return buf;
}

void run_case(const Case& c, uint64_t seed, const std::vector<en_pool*>& pools) {
  test::Rng rng(seed);
  const int oh = c.oh(), ow = c.ow();
  // Negative values everywhere in some cases: a max that let the zero padding win would show.
  const bool negative = seed % 2 == 0;
  std::vector<float> x = rng.vec(static_cast<int64_t>(c.n) * c.c * c.h * c.w);  // [n][c][h][w]
  if (negative)
    for (float& v : x) v = -1.5f - std::fabs(v);
  const int64_t out_pixels = static_cast<int64_t>(c.n) * oh * ow;
  std::vector<double> want(static_cast<size_t>(out_pixels * c.c)), mag(want.size());
  for (int img = 0; img < c.n; ++img)
    for (int ch = 0; ch < c.c; ++ch)
      for (int oy = 0; oy < oh; ++oy)
        for (int ox = 0; ox < ow; ++ox) {
          double best = -INFINITY, sum = 0, m = 0;
          for (int ky = 0; ky < c.k; ++ky)
            for (int kx = 0; kx < c.k; ++kx) {
              const int iy = oy * c.stride - c.pad + ky, ix = ox * c.stride - c.pad + kx;
              if (iy < 0 || iy >= c.h || ix < 0 || ix >= c.w) continue;  // padding: no max candidate, adds 0
              const double v = x[((img * c.c + ch) * c.h + iy) * c.w + ix];
              best = std::max(best, v);
              sum += v;
              m += std::fabs(v);
            }
          const size_t at = static_cast<size_t>(((img * oh + oy) * ow + ox) * c.c + ch);
          want[at] = c.kind == EN_POOL_MAX ? best : sum / (c.k * c.k);
          mag[at] = c.kind == EN_POOL_MAX ? 0.0 : m / (c.k * c.k);  // max is exact
        }
  test::Strided in = test::make_strided(static_cast<int64_t>(c.n) * c.h * c.w, c.c, c.c + c.in_gap, test::poison());
  for (int img = 0; img < c.n; ++img)
    for (int ch = 0; ch < c.c; ++ch)
      for (int y = 0; y < c.h; ++y)
        for (int xx = 0; xx < c.w; ++xx)
          in.at((static_cast<int64_t>(img) * c.h + y) * c.w + xx, ch) = x[((img * c.c + ch) * c.h + y) * c.w + xx];

  test::RunChecker runs(want, mag);
  for (const test::Variant& v : test::variants(false)) {
    test::select(v);
    runs.start_variant();
    for (en_pool* pool : pools) {
      const std::string what = describe(c) + " [" + v.name + ", threads " + std::to_string(en_pool_threads(pool)) + "]";
      test::Strided out = test::make_strided(out_pixels, c.c, c.c + c.out_gap, test::sentinel());
      const int rc = en_window_pool(pool, in.data.data(), in.cap(), c.n, c.h, c.w, c.c, in.ps, c.kind, c.k, c.stride,
                                    c.pad, out.data.data(), out.cap(), out.ps);
      CHECK(rc == EN_OK, "%s: rc %d", what.c_str(), rc);
      CHECK(test::gaps_intact(out, test::sentinel(), what), "%s: output gaps", what.c_str());
      const std::vector<float> got = test::dense(out);
      runs.check(got, v.isa == EN_ISA_SCALAR, what);
    }
  }
  test::reset_selection();
}

// A NaN anywhere in a max window gives NaN (as PyTorch), whether it comes first, last or between.
void run_max_nan() {
  const int h = 3, w = 3, c = 11;
  for (const test::Variant& v : test::variants(false)) {
    test::select(v);
    for (int pos = 0; pos < h * w; ++pos) {
      std::vector<float> in(h * w * c, 0.5f);
      for (int ch = 0; ch < c; ++ch) in[pos * c + ch] = ch % 2 == 0 ? NAN : 0.25f;
      std::vector<float> out(c, test::sentinel());
      CHECK(en_window_pool(nullptr, in.data(), h * w * c, 1, h, w, c, c, EN_POOL_MAX, 3, 1, 0, out.data(), c, c) == EN_OK, "rc");
      for (int ch = 0; ch < c; ++ch)
        CHECK(ch % 2 == 0 ? std::isnan(out[ch]) : out[ch] == 0.5f, "[%s] NaN at tap %d, channel %d: got %g",
              v.name.c_str(), pos, ch, out[ch]);
    }
  }
  test::reset_selection();
}

void run_argument_checks() {
  const int n = 2, h = 6, w = 5, c = 11, ps = 13, k = 3, stride = 2, pad = 1;
  const int oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
  const int64_t in_cap = (static_cast<int64_t>(n) * h * w - 1) * ps + c;
  const int64_t out_cap = (static_cast<int64_t>(n) * oh * ow - 1) * ps + c;
  std::vector<float> in(static_cast<size_t>(in_cap), 0.5f), out(static_cast<size_t>(out_cap), test::sentinel());
  struct Args {
    const float* in;
    int64_t in_cap;
    int n, h, w, c, in_ps, kind, k, stride, pad;
    float* out;
    int64_t out_cap;
    int out_ps;
  };
  const Args good{in.data(), in_cap, n, h, w, c, ps, EN_POOL_AVG, k, stride, pad, out.data(), out_cap, ps};
  auto call = [](const Args& a) {
    return en_window_pool(nullptr, a.in, a.in_cap, a.n, a.h, a.w, a.c, a.in_ps, a.kind, a.k, a.stride, a.pad, a.out,
                          a.out_cap, a.out_ps);
  };
  const auto reject = test::rejecter(good, call, out);
  reject([](Args& a) { a.in = nullptr; }, "in null");
  reject([](Args& a) { a.out = nullptr; }, "out null");
  reject([](Args& a) { a.n = 0; }, "n = 0");
  reject([](Args& a) { a.h = -1; }, "h < 0");
  reject([](Args& a) { a.w = 0; }, "w = 0");
  reject([](Args& a) { a.c = 0; }, "c = 0");
  reject([](Args& a) { a.kind = 2; }, "kind 2");
  reject([](Args& a) { a.kind = -1; }, "kind -1");
  reject([](Args& a) { a.k = 0; a.pad = 0; }, "k = 0");
  reject([](Args& a) { a.k = 8; }, "k = 8");
  reject([](Args& a) { a.stride = 0; }, "stride 0");
  reject([](Args& a) { a.stride = 5; }, "stride 5");
  reject([](Args& a) { a.pad = -1; }, "pad < 0");
  reject([](Args& a) { a.pad = 2; }, "pad > k/2");
  reject([](Args& a) { a.in_ps = a.c - 1; }, "in_ps < c");
  reject([](Args& a) { a.out_ps = a.c - 1; }, "out_ps < c");
  reject([](Args& a) { a.in_cap -= 1; }, "in_cap one short");
  reject([](Args& a) { a.out_cap -= 1; }, "out_cap one short");
  reject([](Args& a) { a.h = 1; a.k = 5; a.pad = 1; }, "h + 2*pad < k");
  reject([](Args& a) { a.n = INT_MAX; a.h = INT_MAX; a.w = INT_MAX; a.in_cap = a.out_cap = INT64_MAX; }, "n*h*w overflows");
  reject([](Args& a) { a.n = 1 << 20; a.h = 1 << 20; a.w = 1 << 10; a.in_ps = 1 << 20; a.in_cap = a.out_cap = INT64_MAX; }, "pixels*ps overflows");
  CHECK(call(good) == EN_OK, "the unmodified call works");
}

}  // namespace

int main() {
  const test::Pools pools;
  const int sizes[][2] = {{1, 1}, {2, 3}, {7, 7}, {13, 17}, {17, 13}, {1, 13}, {9, 8}, {6, 14}};
  const int channels[] = {1, 3, 7, 8, 9, 16, 17, 24, 33, 100};
  std::vector<Case> cases;
  int i = 0;
  for (int k = 1; k <= 7; ++k)
    for (int stride = 1; stride <= 4; ++stride)
      for (int pad = 0; pad <= k / 2; ++pad)
        for (int kind : {EN_POOL_MAX, EN_POOL_AVG}) {
          const auto& s = sizes[i % 8];
          Case c{1 + i % 2, s[0], s[1], channels[i % 10], kind, k, stride, pad, i % 3, (i + 1) % 4};
          ++i;
          if (c.h + 2 * c.pad < c.k || c.w + 2 * c.pad < c.k) continue;
          cases.push_back(c);
        }
  // Channel tails of NEON's 16-channel steps (1..4 vectors of 4 lanes, the last partial or whole).
  const int neon_channels[] = {2, 6, 11, 12, 13, 14};
  for (int m = 0; m < 12; ++m)
    cases.push_back({1, 7 + m % 3, 6 + m % 4, neon_channels[m % 6], m % 2 == 0 ? EN_POOL_MAX : EN_POOL_AVG, 2 + m % 2,
                     1 + m / 6, m % 2, m % 3, (m + 1) % 4});
  // The zoo's: ShuffleNet's 3x3/2 max pool with padding 1, GhostNet-style 2x2/2 avg.
  cases.push_back({1, 56, 56, 24, EN_POOL_MAX, 3, 2, 1, 0, 0});
  cases.push_back({2, 15, 15, 40, EN_POOL_AVG, 3, 2, 1, 0, 0});
  for (size_t index = 0; index < cases.size(); ++index)
    run_case(cases[index], 1000 + index, pools.for_case(index, index + 2 >= cases.size()));
  run_max_nan();
  run_argument_checks();
  std::printf("%zu shapes\n", cases.size());
  return test::finish("test_window_pool");
}
