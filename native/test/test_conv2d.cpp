// en_conv2d: a dense convolution written from its definition (NCHW data, PyTorch's OIHW weight,
// double accumulation) checks the scalar reference, then every other variant (AVX2, AVX-512, and
// AVX-512 under SIMDe in the _avx512emu build, NEON under qemu): the stem shapes (cin 3, 3x3
// stride 2) at every width 1..9 and around the vector kernels' pixel blocks, every padding,
// output channels 1..100 around the vector tiles (of 8/16-channel AVX tiles and 4-lane NEON
// vectors), and odd kernels, strides 1..4, every padding, output channel tails; 1/2/3 threads
// bit-identical, and the argument checks.
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "check.h"

namespace {

struct Case {
  int n, h, w, cin, cout, k, stride, pad, act;
  bool bias;
  int oh() const { return (h + 2 * pad - k) / stride + 1; }
  int ow() const { return (w + 2 * pad - k) / stride + 1; }
};

std::string describe(const Case& c) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "n=%d %dx%dx%d->%d k=%d s=%d pad=%d act=%s bias=%d", c.n, c.h, c.w, c.cin, c.cout, c.k,
                c.stride, c.pad, test::act_name(c.act), c.bias);
  return buf;
}

void run_case(const Case& c, uint64_t seed, const std::vector<en_pool*>& pools) {
  test::Rng rng(seed);
  const int oh = c.oh(), ow = c.ow();
  const std::vector<float> x = rng.vec(static_cast<int64_t>(c.n) * c.cin * c.h * c.w);       // [n][cin][h][w]
  const std::vector<float> w_pt = rng.vec(static_cast<int64_t>(c.cout) * c.cin * c.k * c.k);  // [cout][cin][k][k]
  const std::vector<float> b = rng.vec(c.cout);

  const size_t out_count = static_cast<size_t>(c.n) * oh * ow * c.cout;  // compared as [n][oh][ow][cout]
  std::vector<double> want(out_count), mag(out_count);
  for (int img = 0; img < c.n; ++img)
    for (int co = 0; co < c.cout; ++co)
      for (int oy = 0; oy < oh; ++oy)
        for (int ox = 0; ox < ow; ++ox) {
          double acc = 0, m = 0;
          for (int ci = 0; ci < c.cin; ++ci)
            for (int ky = 0; ky < c.k; ++ky)
              for (int kx = 0; kx < c.k; ++kx) {
                const int iy = oy * c.stride - c.pad + ky, ix = ox * c.stride - c.pad + kx;
                if (iy < 0 || iy >= c.h || ix < 0 || ix >= c.w) continue;  // zero padding
                const double t = static_cast<double>(x[((img * c.cin + ci) * c.h + iy) * c.w + ix]) *
                                 w_pt[((co * c.cin + ci) * c.k + ky) * c.k + kx];
                acc += t;
                m += std::fabs(t);
              }
          if (c.bias) {
            acc += b[co];
            m += std::fabs(b[co]);
          }
          const size_t at = static_cast<size_t>(((img * oh + oy) * ow + ox) * c.cout + co);
          want[at] = test::act_d(acc, c.act);
          mag[at] = test::act_mag(m, c.act);
        }

  std::vector<float> in(x.size());  // NHWC
  for (int img = 0; img < c.n; ++img)
    for (int ci = 0; ci < c.cin; ++ci)
      for (int y = 0; y < c.h; ++y)
        for (int xx = 0; xx < c.w; ++xx)
          in[((img * c.h + y) * c.w + xx) * c.cin + ci] = x[((img * c.cin + ci) * c.h + y) * c.w + xx];
  std::vector<float> weight(w_pt.size());  // HWIO
  for (int co = 0; co < c.cout; ++co)
    for (int ci = 0; ci < c.cin; ++ci)
      for (int ky = 0; ky < c.k; ++ky)
        for (int kx = 0; kx < c.k; ++kx)
          weight[((ky * c.k + kx) * c.cin + ci) * c.cout + co] = w_pt[((co * c.cin + ci) * c.k + ky) * c.k + kx];

  test::RunChecker runs(want, mag);
  for (const test::Variant& v : test::variants(false)) {
    test::select(v);
    runs.start_variant();
    for (en_pool* pool : pools) {
      const std::string what = describe(c) + " [" + v.name + ", threads " + std::to_string(en_pool_threads(pool)) + "]";
      std::vector<float> out(out_count, test::sentinel());
      const int rc = en_conv2d(pool, in.data(), static_cast<int64_t>(in.size()), c.n, c.h, c.w, c.cin, weight.data(),
                               c.bias ? b.data() : nullptr, c.cout, c.k, c.stride, c.pad, c.act, out.data(),
                               static_cast<int64_t>(out.size()));
      CHECK(rc == EN_OK, "%s: rc %d", what.c_str(), rc);
      runs.check(out, v.isa == EN_ISA_SCALAR, what);
    }
  }
  test::reset_selection();
}

void run_argument_checks() {
  const int n = 1, h = 9, w = 8, cin = 3, cout = 10, k = 3, stride = 2, pad = 1;
  const int oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
  std::vector<float> in(n * h * w * cin, 0.5f), wt(k * k * cin * cout, 0.1f), b(cout, 0.2f);
  std::vector<float> out(static_cast<size_t>(n * oh * ow * cout), test::sentinel());
  struct Args {
    const float* in;
    int64_t in_cap;
    int n, h, w, cin;
    const float* weight;
    int cout, k, stride, pad, act;
    float* out;
    int64_t out_cap;
  };
  const Args good{in.data(), static_cast<int64_t>(in.size()), n, h, w, cin, wt.data(), cout, k, stride, pad,
                  EN_ACT_RELU, out.data(), static_cast<int64_t>(out.size())};
  auto call = [&](const Args& a) {
    return en_conv2d(nullptr, a.in, a.in_cap, a.n, a.h, a.w, a.cin, a.weight, b.data(), a.cout, a.k, a.stride, a.pad,
                     a.act, a.out, a.out_cap);
  };
  const auto reject = test::rejecter(good, call, out);
  reject([](Args& a) { a.in = nullptr; }, "in null");
  reject([](Args& a) { a.weight = nullptr; }, "weight null");
  reject([](Args& a) { a.out = nullptr; }, "out null");
  reject([](Args& a) { a.n = 0; }, "n = 0");
  reject([](Args& a) { a.h = 0; }, "h = 0");
  reject([](Args& a) { a.w = -2; }, "w < 0");
  reject([](Args& a) { a.cin = 0; }, "cin = 0");
  reject([](Args& a) { a.cout = -1; }, "cout < 0");
  reject([](Args& a) { a.k = 0; a.pad = 0; }, "k = 0");
  reject([](Args& a) { a.stride = 0; }, "stride 0");
  reject([](Args& a) { a.stride = 5; }, "stride 5");
  reject([](Args& a) { a.pad = 3; }, "pad = k");
  reject([](Args& a) { a.pad = -1; }, "pad < 0");
  reject([](Args& a) { a.act = 7; }, "act 7");
  reject([](Args& a) { a.in_cap -= 1; }, "in_cap one short");
  reject([](Args& a) { a.out_cap -= 1; }, "out_cap one short");
  reject([](Args& a) { a.h = 2; a.k = 7; a.pad = 2; a.stride = 2; }, "h + 2*pad < k");
  reject([](Args& a) { a.n = INT_MAX; a.h = INT_MAX; a.w = INT_MAX; a.in_cap = INT64_MAX; a.out_cap = INT64_MAX; }, "n*h*w*cin overflows");
  reject([](Args& a) { a.k = 1 << 20; a.pad = (1 << 20) - 1; a.cin = 1 << 20; a.cout = 1 << 20; a.in_cap = INT64_MAX; a.out_cap = INT64_MAX; }, "weight count overflows");
  CHECK(call(good) == EN_OK, "the unmodified call works");
}

}  // namespace

int main() {
  const test::Pools pools;
  std::vector<Case> cases = {
      // The stems: MobileNet-style 3x3 stride 2 pad 1 from RGB, odd and even sizes.
      {1, 17, 17, 3, 32, 3, 2, 1, EN_ACT_RELU6, true},
      {2, 16, 13, 3, 16, 3, 2, 1, EN_ACT_RELU, true},
      {1, 15, 20, 3, 24, 3, 2, 1, EN_ACT_NONE, false},
      {1, 33, 31, 3, 48, 3, 2, 1, EN_ACT_RELU6, true},
      {1, 13, 7, 3, 40, 3, 2, 1, EN_ACT_RELU6, true},
  };
  // The stem kernel (3 input channels, 3x3, stride 2) at every width 1..9 and around its pixel
  // blocks (6, 7, 8), every padding, output channels around its 8/16-lane tiles up to 100.
  const int stem_widths[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 28, 29, 31};
  const int stem_couts[] = {1, 3, 7, 8, 9, 12, 15, 16, 17, 23, 24, 25, 31, 32, 33, 40, 48, 64, 100};
  for (int i = 0; i < 54; ++i) {
    Case c{1 + i % 5 / 4, 1 + i % 7, stem_widths[i % 18], 3, stem_couts[i % 19], 3, 2, i % 3, i % test::kActCount,
           i % 6 != 5};
    if (c.h + 2 * c.pad < c.k || c.w + 2 * c.pad < c.k) continue;
    cases.push_back(c);
  }
  const size_t stem_cases = cases.size();
  // Odd kernels, strides, paddings, channel counts (output tails of every width).
  const int couts[] = {1, 3, 5, 7, 8, 9, 15, 17, 31, 33};
  const int cins[] = {1, 3, 5, 8, 2};
  const int sizes[][2] = {{1, 1}, {2, 3}, {7, 7}, {13, 17}, {3, 13}, {17, 2}};
  int i = 0;
  for (int k : {1, 2, 3, 4, 5, 7})
    for (int stride = 1; stride <= 4; ++stride)
      for (int pad = 0; pad < k; pad += (k > 3 ? 2 : 1)) {
        const auto& s = sizes[i % 6];
        Case c{1 + i % 2, s[0], s[1], cins[i % 5], couts[i % 10], k, stride, pad, i % test::kActCount, i % 4 != 1};
        ++i;
        if (c.h + 2 * c.pad < c.k || c.w + 2 * c.pad < c.k) continue;
        cases.push_back(c);
      }
  // Stem shapes with the output tails of NEON's 16-channel tiles of 4-lane vectors (1..4 vectors,
  // the last one partial or whole), each activation.
  const int neon_couts[] = {2, 6, 10, 11, 12, 13, 14, 29};
  for (int m = 0; m < 8; ++m)
    cases.push_back({1, 9 + m % 3, 11 - m % 2, 3, neon_couts[m], 3, 1 + m % 2, 1, m % test::kActCount, m != 5});
  for (size_t index = 0; index < cases.size(); ++index)
    run_case(cases[index], 300 + index, pools.for_case(index, index < 5 || index % 9 == 0 && index < stem_cases));
  run_argument_checks();
  std::printf("%zu shapes\n", cases.size());
  return test::finish("test_conv2d");
}
