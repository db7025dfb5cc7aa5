// en_dwconv: a depthwise convolution written from its definition (NCHW data, PyTorch's
// [c][1][k][k] weight, double accumulation) checks the scalar reference, then every other
// variant (AVX2, AVX-512, and AVX-512 under SIMDe in the _avx512emu build, NEON on aarch64); odd
// sizes, every width 1..9 and widths around the vector kernels' pixel blocks, both strides, every
// padding, channel counts around the 8/16/32-lane tiles and NEON's 4-lane vectors in 8/16-channel
// tiles, pixel strides with poisoned input gaps and sentinel output gaps, 1/2/3 threads
// bit-identical.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "check.h"

namespace {

struct Case {
  int n, h, w, c, k, stride, pad, in_gap, out_gap, act;
  bool bias;
  int oh() const { return (h + 2 * pad - k) / stride + 1; }
  int ow() const { return (w + 2 * pad - k) / stride + 1; }
};

std::string describe(const Case& c) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "n=%d %dx%dx%d k=%d s=%d pad=%d gaps=%d/%d act=%s bias=%d", c.n, c.h, c.w, c.c, c.k,
                c.stride, c.pad, c.in_gap, c.out_gap, test::act_name(c.act), c.bias);
  return buf;
}

void run_case(const Case& c, uint64_t seed, const std::vector<en_pool*>& pools) {
  test::Rng rng(seed);
  const int oh = c.oh(), ow = c.ow();
  const std::vector<float> x = rng.vec(static_cast<int64_t>(c.n) * c.c * c.h * c.w);  // [n][c][h][w]
  const std::vector<float> w_pt = rng.vec(static_cast<int64_t>(c.c) * c.k * c.k);      // [c][1][k][k]
  const std::vector<float> b = rng.vec(c.c);

  // Definition, output as [n][oh][ow][c] for comparison.
  const int64_t out_pixels = static_cast<int64_t>(c.n) * oh * ow;
  std::vector<double> want(static_cast<size_t>(out_pixels * c.c)), mag(want.size());
  for (int img = 0; img < c.n; ++img)
    for (int ch = 0; ch < c.c; ++ch)
      for (int oy = 0; oy < oh; ++oy)
        for (int ox = 0; ox < ow; ++ox) {
          double acc = 0, m = 0;
          for (int ky = 0; ky < c.k; ++ky)
            for (int kx = 0; kx < c.k; ++kx) {
              const int iy = oy * c.stride - c.pad + ky, ix = ox * c.stride - c.pad + kx;
              if (iy < 0 || iy >= c.h || ix < 0 || ix >= c.w) continue;  // zero padding
              const double t = static_cast<double>(x[((img * c.c + ch) * c.h + iy) * c.w + ix]) *
                               w_pt[(ch * c.k + ky) * c.k + kx];
              acc += t;
              m += std::fabs(t);
            }
          if (c.bias) {
            acc += b[ch];
            m += std::fabs(b[ch]);
          }
          const size_t at = static_cast<size_t>(((img * oh + oy) * ow + ox) * c.c + ch);
          want[at] = test::act_d(acc, c.act);
          mag[at] = test::act_mag(m, c.act);
        }

  test::Strided in = test::make_strided(static_cast<int64_t>(c.n) * c.h * c.w, c.c, c.c + c.in_gap, test::poison());
  for (int img = 0; img < c.n; ++img)
    for (int ch = 0; ch < c.c; ++ch)
      for (int y = 0; y < c.h; ++y)
        for (int xx = 0; xx < c.w; ++xx)
          in.at((static_cast<int64_t>(img) * c.h + y) * c.w + xx, ch) = x[((img * c.c + ch) * c.h + y) * c.w + xx];
  std::vector<float> weight(static_cast<size_t>(c.k) * c.k * c.c);  // [k][k][c]
  for (int ky = 0; ky < c.k; ++ky)
    for (int kx = 0; kx < c.k; ++kx)
      for (int ch = 0; ch < c.c; ++ch) weight[(ky * c.k + kx) * c.c + ch] = w_pt[(ch * c.k + ky) * c.k + kx];

  test::RunChecker runs(want, mag);
  for (const test::Variant& v : test::variants(false)) {
    test::select(v);
    runs.start_variant();
    for (en_pool* pool : pools) {
      const std::string what = describe(c) + " [" + v.name + ", threads " + std::to_string(en_pool_threads(pool)) + "]";
      test::Strided out = test::make_strided(out_pixels, c.c, c.c + c.out_gap, test::sentinel());
      const int rc = en_dwconv(pool, in.data.data(), in.cap(), c.n, c.h, c.w, c.c, in.ps, weight.data(),
                               c.bias ? b.data() : nullptr, c.k, c.stride, c.pad, c.act, out.data.data(), out.cap(),
                               out.ps);
      CHECK(rc == EN_OK, "%s: rc %d", what.c_str(), rc);
      CHECK(test::gaps_intact(out, test::sentinel(), what), "%s: output gaps", what.c_str());
      const std::vector<float> got = test::dense(out);
      runs.check(got, v.isa == EN_ISA_SCALAR, what);
    }
  }
  test::reset_selection();
}

void run_argument_checks() {
  const int n = 2, h = 6, w = 5, c = 11, ps = 13, k = 3, stride = 2, pad = 1;
  const int oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
  const int64_t in_cap = (static_cast<int64_t>(n) * h * w - 1) * ps + c;
  const int64_t out_cap = (static_cast<int64_t>(n) * oh * ow - 1) * ps + c;
  std::vector<float> in(static_cast<size_t>(in_cap), 0.5f), wt(k * k * c, 0.1f), b(c, 0.2f);
  std::vector<float> out(static_cast<size_t>(out_cap), test::sentinel());
  struct Args {
    const float* in;
    int64_t in_cap;
    int n, h, w, c, in_ps;
    const float* weight;
    int k, stride, pad, act;
    float* out;
    int64_t out_cap;
    int out_ps;
  };
  const Args good{in.data(), in_cap, n, h, w, c, ps, wt.data(), k, stride, pad, EN_ACT_RELU6, out.data(), out_cap, ps};
  auto call = [&](const Args& a) {
    return en_dwconv(nullptr, a.in, a.in_cap, a.n, a.h, a.w, a.c, a.in_ps, a.weight, b.data(), a.k, a.stride, a.pad,
                     a.act, a.out, a.out_cap, a.out_ps);
  };
  const auto reject = test::rejecter(good, call, out);
  reject([](Args& a) { a.in = nullptr; }, "in null");
  reject([](Args& a) { a.weight = nullptr; }, "weight null");
  reject([](Args& a) { a.out = nullptr; }, "out null");
  reject([](Args& a) { a.n = 0; }, "n = 0");
  reject([](Args& a) { a.h = -1; }, "h < 0");
  reject([](Args& a) { a.w = 0; }, "w = 0");
  reject([](Args& a) { a.c = 0; }, "c = 0");
  reject([](Args& a) { a.k = 4; }, "k = 4");
  reject([](Args& a) { a.k = 1; a.pad = 0; }, "k = 1");
  reject([](Args& a) { a.k = 7; }, "k = 7");
  reject([](Args& a) { a.stride = 3; }, "stride 3");
  reject([](Args& a) { a.stride = 0; }, "stride 0");
  reject([](Args& a) { a.pad = 3; }, "pad = k");
  reject([](Args& a) { a.pad = -1; }, "pad < 0");
  reject([](Args& a) { a.in_ps = a.c - 1; }, "in_ps < c");
  reject([](Args& a) { a.out_ps = a.c - 1; }, "out_ps < c");
  reject([](Args& a) { a.in_cap -= 1; }, "in_cap one short");
  reject([](Args& a) { a.out_cap -= 1; }, "out_cap one short");
  reject([](Args& a) { a.act = test::kBadAct; }, "act out of range");
  reject([](Args& a) { a.act = -1; }, "act -1");
  // Padded input smaller than the kernel: no output (h + 2*pad - k < 0, even where C's
  // truncating division would give an output size of 1).
  reject([](Args& a) { a.h = 1; a.k = 5; a.pad = 1; }, "h + 2*pad < k");
  reject([](Args& a) { a.w = 2; a.k = 5; a.pad = 1; a.stride = 2; }, "w + 2*pad < k, stride 2");
  // Element counts overflow int64: rejected, not wrapped to something small.
  reject([](Args& a) { a.n = INT_MAX; a.h = INT_MAX; a.w = INT_MAX; a.in_cap = INT64_MAX; a.out_cap = INT64_MAX; }, "n*h*w overflows");
  reject([](Args& a) { a.n = 1 << 20; a.h = 1 << 20; a.w = 1 << 10; a.in_ps = 1 << 20; a.in_cap = INT64_MAX; a.out_cap = INT64_MAX; }, "pixels*ps overflows");
  CHECK(call(good) == EN_OK, "the unmodified call works");
}

}  // namespace

int main() {
  const test::Pools pools;
  const int sizes[][2] = {{1, 1}, {2, 3}, {3, 2}, {7, 7}, {13, 17}, {17, 13}, {1, 13}, {17, 1}, {2, 2}, {8, 9}, {6, 14}};
  const int channels[] = {1, 3, 5, 7, 8, 9, 15, 16, 17, 31, 33, 100, 24, 40};
  const int gaps[] = {0, 1, 3, 8, 0, 5};
  std::vector<Case> cases;
  int i = 0;
  for (int k : {3, 5})
    for (int stride : {1, 2})
      for (int pad = 0; pad < k; ++pad)
        for (const auto& s : sizes) {
          Case c{1 + i % 2, s[0], s[1], channels[i % 14], k, stride, pad, gaps[i % 6], gaps[(i + 2) % 6], i % test::kActCount, i % 4 != 3};
          ++i;
          if (c.h + 2 * c.pad < c.k || c.w + 2 * c.pad < c.k) continue;  // no output; see the argument checks
          cases.push_back(c);
        }
  // Every width 1..9 and widths around the blocks of the vector kernels (4, 7, 8, 14 pixels),
  // each kernel, stride and padding, with channel counts around the tiles (8, 16, 32 lanes) up to
  // 100, and pixel gaps (NaN-poisoned input, sentinel output).
  const int widths[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 14, 15, 16, 22, 28, 29, 30};
  const int more_channels[] = {1, 2, 4, 6, 8, 10, 12, 16, 20, 23, 24, 31, 32, 33, 40, 47, 48, 56, 63, 64, 65, 72, 96, 100};
  int j = 0;
  for (int w : widths)
    for (int k : {3, 5})
      for (int stride : {1, 2}) {
        const int pad = (j / 3) % k;
        Case c{1 + j % 3 / 2, 2 + j % 4, w, more_channels[j % 24], k, stride, pad, gaps[j % 6], gaps[(j + 3) % 6],
               j % test::kActCount, j % 5 != 2};
        ++j;
        if (c.h + 2 * c.pad < c.k || c.w + 2 * c.pad < c.k) continue;
        cases.push_back(c);
      }
  // NEON's tiles (4 lanes, 16 channels for 3x3, 8 for 5x5): tails of every vector count (1..4)
  // with every partial last vector (1..3 lanes), odd widths, both strides, every padding and
  // activation.
  const int neon_channels[] = {11, 13, 14, 29, 30, 18, 19, 45, 2, 3};
  for (int m = 0; m < 20; ++m) {
    const int k = m % 2 == 0 ? 3 : 5, stride = 1 + m / 2 % 2;
    Case c{1, 3 + m % 3, 5 + 2 * (m % 4), neon_channels[m % 10], k, stride, m / 4 % k, gaps[m % 6],
           gaps[(m + 1) % 6], m % test::kActCount, m % 3 != 1};
    if (c.h + 2 * c.pad < c.k || c.w + 2 * c.pad < c.k) continue;
    cases.push_back(c);
  }
  // Pixel strides of 512 and 1024 floats (MobileNetV1's channel counts, and a view into them).
  cases.push_back({1, 5, 9, 512, 3, 1, 1, 0, 0, EN_ACT_RELU, true});
  cases.push_back({1, 4, 6, 1000, 3, 2, 1, 24, 0, EN_ACT_RELU6, true});
  // Larger rows: several interior blocks per row, uneven row splits across threads.
  cases.push_back({1, 30, 29, 48, 3, 1, 1, 0, 0, EN_ACT_RELU6, true});
  cases.push_back({2, 23, 31, 37, 3, 2, 1, 3, 2, EN_ACT_RELU, true});
  cases.push_back({1, 19, 27, 40, 5, 2, 2, 0, 8, EN_ACT_NONE, false});
  cases.push_back({1, 21, 20, 66, 5, 1, 2, 2, 0, EN_ACT_RELU6, true});
  for (size_t index = 0; index < cases.size(); ++index)
    run_case(cases[index], 100 + index, pools.for_case(index, index + 4 >= cases.size()));
  run_argument_checks();
  std::printf("%zu shapes\n", cases.size());
  return test::finish("test_dwconv");
}
