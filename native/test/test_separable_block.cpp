// en_separable_block: for every variant, the fused block gives exactly the bits of the three calls
// it replaces (en_pwconv_packed expand, en_dwconv, en_pwconv_packed project, each checked against
// its definition in its own test), on 1, 2 and 3 threads. Shapes: images from 1x1 up to a 56x56
// MobileNetV2 block (many bands, the expanded rows' overlap carried from band to band), both
// strides and kernels, every padding, batches (bands never cross images), channel counts around
// the vector tiles and a multiple of 256 (the gapped scratch stride), with and without expand and
// residual, pixel gaps (NaN-poisoned input, sentinel output). Then the argument checks.
#include <cstdint>
#include <thread>
#include <string>
#include <vector>

#include "check.h"

namespace {

struct Case {
  int n, h, w, cin, cmid, cout, k, stride, pad;
  bool expand, residual;
  int in_gap, out_gap;
  bool project = true;
  int oh() const { return (h + 2 * pad - k) / stride + 1; }
  int ow() const { return (w + 2 * pad - k) / stride + 1; }
};

std::string describe(const Case& c) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "n=%d %dx%dx%d->%d->%d k=%d s=%d pad=%d expand=%d project=%d res=%d gaps=%d/%d", c.n,
                c.h, c.w, c.cin, c.cmid, c.cout, c.k, c.stride, c.pad, c.expand, c.project, c.residual, c.in_gap,
                c.out_gap);
  return buf;
}

std::vector<float> pack(int cin, int cout, test::Rng& rng) {
  const std::vector<float> w = rng.vec(static_cast<int64_t>(cin) * cout), b = rng.vec(cout);
  std::vector<float> packed(static_cast<size_t>(en_pwconv_pack_size(1, cin, cout)));
  CHECK(en_pwconv_pack(1, cin, cout, w.data(), b.data(), packed.data(), static_cast<int64_t>(packed.size())) == EN_OK,
        "pack %dx%d", cin, cout);
  return packed;
}

void run_case(const Case& c, uint64_t seed, const std::vector<en_pool*>& pools) {
  test::Rng rng(seed);
  const int oh = c.oh(), ow = c.ow();
  const int64_t in_pixels = static_cast<int64_t>(c.n) * c.h * c.w, out_pixels = static_cast<int64_t>(c.n) * oh * ow;
  const int cmid = c.expand ? c.cmid : c.cin, cout = c.project ? c.cout : cmid;
  test::Strided x = test::make_strided(in_pixels, c.cin, c.cin + c.in_gap, test::poison());
  for (int64_t q = 0; q < in_pixels; ++q)
    for (int ch = 0; ch < c.cin; ++ch) x.at(q, ch) = rng.next();
  test::Strided res = test::make_strided(out_pixels, cout, cout + c.in_gap, test::poison());
  for (int64_t q = 0; q < out_pixels; ++q)
    for (int ch = 0; ch < cout; ++ch) res.at(q, ch) = rng.next();
  const std::vector<float> expand = c.expand ? pack(c.cin, cmid, rng) : std::vector<float>();
  const std::vector<float> dw_w = rng.vec(static_cast<int64_t>(c.k) * c.k * cmid), dw_b = rng.vec(cmid);
  const std::vector<float> project = c.project ? pack(cmid, cout, rng) : std::vector<float>();
  const bool residual = c.residual && c.project;
  const float* r = residual ? res.data.data() : nullptr;
  const int64_t r_cap = residual ? res.cap() : 0;
  const int r_ps = residual ? res.ps : 0;
  const int acts[] = {EN_ACT_RELU6, EN_ACT_HSWISH, EN_ACT_NONE};
  const std::string what = describe(c);

  for (const test::Variant& v : test::variants(false)) {
    test::select(v);
    // The three calls, one thread.
    std::vector<float> mid(static_cast<size_t>(in_pixels * cmid)), dwo(static_cast<size_t>(out_pixels * cmid));
    const float* dw_in = x.data.data();
    int64_t dw_in_cap = x.cap();
    int dw_in_ps = x.ps;
    if (c.expand) {
      CHECK(en_pwconv_packed(nullptr, x.data.data(), x.cap(), in_pixels, c.cin, x.ps, expand.data(),
                             static_cast<int64_t>(expand.size()), cmid, acts[0], nullptr, 0, 0, mid.data(),
                             static_cast<int64_t>(mid.size()), cmid) == EN_OK,
            "%s: expand", what.c_str());
      dw_in = mid.data();
      dw_in_cap = static_cast<int64_t>(mid.size());
      dw_in_ps = cmid;
    }
    test::Strided want = test::make_strided(out_pixels, cout, cout + c.out_gap, test::sentinel());
    float* dw_out = c.project ? dwo.data() : want.data.data();
    const int64_t dw_out_cap = c.project ? static_cast<int64_t>(dwo.size()) : want.cap();
    CHECK(en_dwconv(nullptr, dw_in, dw_in_cap, c.n, c.h, c.w, cmid, dw_in_ps, dw_w.data(), dw_b.data(), c.k, c.stride,
                    c.pad, acts[1], dw_out, dw_out_cap, c.project ? cmid : want.ps) == EN_OK,
          "%s: depthwise", what.c_str());
    if (c.project)
      CHECK(en_pwconv_packed(nullptr, dwo.data(), static_cast<int64_t>(dwo.size()), out_pixels, cmid, cmid,
                             project.data(), static_cast<int64_t>(project.size()), cout, acts[2], r, r_cap, r_ps,
                             want.data.data(), want.cap(), want.ps) == EN_OK,
            "%s: project", what.c_str());

    for (en_pool* pool : pools) {
      test::Strided got = test::make_strided(out_pixels, cout, cout + c.out_gap, test::sentinel());
      const int rc = en_separable_block(pool, x.data.data(), x.cap(), c.n, c.h, c.w, c.cin, x.ps,
                                        c.expand ? expand.data() : nullptr, static_cast<int64_t>(expand.size()), cmid,
                                        acts[0], dw_w.data(), dw_b.data(), c.k, c.stride, c.pad, acts[1],
                                        c.project ? project.data() : nullptr,
                                        static_cast<int64_t>(project.size()), cout, acts[2], r,
                                        r_cap, r_ps, got.data.data(), got.cap(), got.ps);
      const std::string run = what + " " + v.name + " threads=" + std::to_string(en_pool_threads(pool));
      CHECK(rc == EN_OK, "%s: returned %d", run.c_str(), rc);
      CHECK(test::same_bits(got.data, want.data), "%s: differs from the three separate calls", run.c_str());
      CHECK(test::gaps_intact(got, test::sentinel(), run), "%s: output gaps", run.c_str());
    }
  }
  test::reset_selection();
}

void run_argument_checks() {
  const int n = 1, h = 5, w = 6, cin = 8, cmid = 24, cout = 8, k = 3;
  test::Rng rng(7);
  const std::vector<float> in = rng.vec(static_cast<int64_t>(n) * h * w * cin);
  const std::vector<float> expand = pack(cin, cmid, rng), project = pack(cmid, cout, rng);
  const std::vector<float> other = pack(cmid, cout + 1, rng);
  const std::vector<float> dw_w = rng.vec(k * k * cmid);
  std::vector<float> out(static_cast<size_t>(n * h * w * cout), test::sentinel());
  struct Args {
    const float* in;
    int64_t in_cap;
    int h, w, cin;
    const float* expand;
    int64_t expand_cap;
    int cmid, k, stride, pad, act;
    const float* project;
    int64_t project_cap;
    const float* residual;
    int64_t res_cap;
    float* out;
    int64_t out_cap;
    int out_ps;
  };
  const Args good{in.data(), static_cast<int64_t>(in.size()), h, w, cin, expand.data(),
                  static_cast<int64_t>(expand.size()), cmid, k, 1, 1, EN_ACT_RELU6, project.data(),
                  static_cast<int64_t>(project.size()), nullptr, 0, out.data(), static_cast<int64_t>(out.size()), cout};
  auto call = [&](const Args& a) {
    return en_separable_block(nullptr, a.in, a.in_cap, n, a.h, a.w, a.cin, a.cin, a.expand, a.expand_cap, a.cmid,
                              a.act, dw_w.data(), nullptr, a.k, a.stride, a.pad, a.act, a.project, a.project_cap,
                              cout, a.act, a.residual, a.res_cap, cout, a.out, a.out_cap, a.out_ps);
  };
  const auto reject = test::rejecter(good, call, out);
  reject([](Args& a) { a.in = nullptr; }, "in null");
  reject([](Args& a) { a.out = nullptr; }, "out null");
  reject([](Args& a) { a.h = 0; }, "h = 0");
  reject([](Args& a) { a.cmid = 0; }, "cmid = 0");
  reject([](Args& a) { a.k = 4; }, "k = 4");
  reject([](Args& a) { a.stride = 3; }, "stride 3");
  reject([](Args& a) { a.pad = 3; }, "pad = k");
  reject([](Args& a) { a.act = test::kBadAct; }, "act out of range");
  reject([](Args& a) { a.in_cap -= 1; }, "in_cap one short");
  reject([](Args& a) { a.out_cap -= 1; }, "out_cap one short");
  reject([](Args& a) { a.out_ps = cout - 1; }, "out_ps < cout");
  reject([](Args& a) { a.expand_cap -= 1; }, "expand_cap one short");
  reject([](Args& a) { a.cmid = 16; }, "cmid not the packed expand's");
  reject([](Args& a) { a.expand = nullptr; }, "no expand with cmid != cin");
  reject([](Args& a) { a.project = nullptr; }, "no project with cout != cmid");
  reject([](Args& a) { a.expand = nullptr; a.project = nullptr; a.cmid = a.cin; }, "neither expand nor project");
  reject([](Args& a) { a.h = 1; a.k = 5; a.pad = 1; }, "h + 2*pad < k");
  // Output over the input or the residual: later bands would read what earlier ones wrote.
  reject([](Args& a) { a.out = const_cast<float*>(a.in); a.in_cap = a.out_cap; }, "out is in");
  reject([](Args& a) { a.residual = a.out; a.res_cap = a.out_cap; }, "residual is out");
  CHECK(call(good) == EN_OK, "the unmodified call works");
  CHECK(en_separable_block(nullptr, in.data(), static_cast<int64_t>(in.size()), n, h, w, cin, cin, expand.data(),
                           static_cast<int64_t>(expand.size()), cmid, EN_ACT_NONE, dw_w.data(), nullptr, k, 1, 1,
                           EN_ACT_NONE, other.data(), static_cast<int64_t>(other.size()), cout, EN_ACT_NONE, nullptr, 0,
                           0, out.data(), static_cast<int64_t>(out.size()), cout) == EN_ERR_ARG,
        "project packed for another shape");
}

// Two threads calling through one pool at once (its scratch is shared): each gets its own result.
void run_shared_pool(en_pool* pool) {
  const int h = 30, w = 30, cin = 8, cmid = 48, cout = 8, k = 3;
  test::Rng rng(11);
  const std::vector<float> in = rng.vec(static_cast<int64_t>(h) * w * cin), in2 = rng.vec(static_cast<int64_t>(h) * w * cin);
  const std::vector<float> expand = pack(cin, cmid, rng), project = pack(cmid, cout, rng);
  const std::vector<float> dw_w = rng.vec(k * k * cmid);
  auto call = [&](en_pool* p, const std::vector<float>& x, std::vector<float>& out) {
    return en_separable_block(p, x.data(), static_cast<int64_t>(x.size()), 1, h, w, cin, cin, expand.data(),
                              static_cast<int64_t>(expand.size()), cmid, EN_ACT_RELU6, dw_w.data(), nullptr, k, 1, 1,
                              EN_ACT_RELU6, project.data(), static_cast<int64_t>(project.size()), cout, EN_ACT_NONE,
                              nullptr, 0, 0, out.data(), static_cast<int64_t>(out.size()), cout);
  };
  std::vector<float> want(static_cast<size_t>(h * w * cout)), want2(want.size());
  CHECK(call(nullptr, in, want) == EN_OK && call(nullptr, in2, want2) == EN_OK, "shared pool: reference runs");
  bool ok = true, ok2 = true;
  std::thread other([&] {
    std::vector<float> got(want2.size());
    for (int r = 0; r < 200; ++r) ok2 = ok2 && call(pool, in2, got) == EN_OK && test::same_bits(got, want2);
  });
  std::vector<float> got(want.size());
  for (int r = 0; r < 200; ++r) ok = ok && call(pool, in, got) == EN_OK && test::same_bits(got, want);
  other.join();
  CHECK(ok && ok2, "shared pool: concurrent callers got each other's bands");
}

}  // namespace

int main() {
  const test::Pools pools;
  std::vector<Case> cases = {
      // MobileNetV2's 56x56 block (bands of a few rows, the overlap carried), its stride-2 one,
      // and a 14x14 one with a residual.
      {1, 56, 56, 24, 144, 24, 3, 1, 1, true, true, 0, 0},
      {1, 56, 56, 24, 144, 32, 3, 2, 1, true, false, 0, 0},
      {1, 14, 14, 64, 384, 64, 3, 1, 1, true, true, 0, 0},
      // 256 middle channels: the scratch's gapped pixel stride; 5x5, stride 2.
      {1, 23, 19, 16, 256, 24, 5, 2, 2, true, true, 3, 5},
      {2, 9, 11, 40, 512, 40, 3, 1, 1, true, true, 1, 0},
      // Depthwise-separable pairs (no expand), MobileNetV1-like.
      {1, 28, 28, 128, 128, 256, 3, 2, 1, false, false, 0, 2},
      {2, 15, 13, 33, 33, 17, 5, 1, 2, false, true, 4, 3},
      // Expand and depthwise only (before a squeeze-and-excitation): the depthwise writes out.
      {1, 28, 28, 40, 240, 240, 5, 1, 2, true, false, 0, 3, false},
      {2, 57, 31, 16, 96, 96, 3, 2, 1, true, false, 2, 0, false},
  };
  // Small images: every padding, both kernels and strides, widths and heights from 1, channel
  // counts around the tiles.
  const int sizes[][2] = {{1, 1}, {2, 3}, {3, 2}, {7, 7}, {5, 9}, {9, 4}};
  const int mids[] = {1, 7, 16, 17, 33, 72};
  int i = 0;
  for (int k : {3, 5})
    for (int stride : {1, 2})
      for (int pad = 0; pad < k; ++pad)
        for (const auto& s : sizes) {
          const bool expand = i % 3 != 0;
          const int cin = 1 + i % 9, cmid = expand ? mids[i % 6] : cin, cout = 1 + (i * 7) % 20;
          Case c{1 + i % 2, s[0], s[1], cin, cmid, cout, k, stride, pad, expand, i % 2 == 0, i % 4, (i + 1) % 3,
                 !expand || i % 5 != 1};
          ++i;
          if (c.h + 2 * c.pad < c.k || c.w + 2 * c.pad < c.k) continue;  // no output
          cases.push_back(c);
        }
  for (size_t index = 0; index < cases.size(); ++index)
    run_case(cases[index], 300 + index, pools.for_case(index, index < 9));
  run_shared_pool(pools.two);
  run_argument_checks();
  return test::finish("test_separable_block");
}
