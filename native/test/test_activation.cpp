// Activations: the AVX2 / NEON exp against std::exp over a dense sweep (and on aarch64 the NEON
// helpers of neon_util.h directly); sigmoid / SiLU within the header's
// 1e-6 * max(1, |y|) of the exact function on every ISA, finite for large |x|; h-swish / h-sigmoid
// exact (their -3 / 3 breakpoints included); NaN through every activation; and every activation
// in every kernel epilogue (conv2d, dwconv, pwconv with both GEMM engines and a residual,
// pwconv_grouped, linear, add, se's act and gate): each run with act A must equal A applied to the
// same call's act-NONE result, bit for bit for the exact activations.
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "check.h"

#if defined(__x86_64__)
// The vector exp itself, compiled for AVX2+FMA here as in the library's _avx2.cpp files.
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#include "kernels/avx2_util.h"

namespace {
const char* const kVectorExpName = "exp8";
bool vector_exp_supported() { return en_isa_supported(EN_ISA_AVX2) != 0; }
void vector_exp_many(const float* x, float* y, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, edgenet::exp8(_mm256_loadu_ps(x + i)));
  for (; i < n; ++i) y[i] = _mm256_cvtss_f32(edgenet::exp8(_mm256_set1_ps(x[i])));
}
}  // namespace
#pragma GCC pop_options
#elif defined(__aarch64__)
// The NEON helpers themselves (NEON is baseline on aarch64: no target pragma needed).
#include <sys/mman.h>
#include <unistd.h>

#include "kernels/activation.h"
#include "kernels/lanes_neon.h"

namespace {
const char* const kVectorExpName = "exp4";
bool vector_exp_supported() { return en_isa_supported(EN_ISA_NEON) != 0; }
void vector_exp_many(const float* x, float* y, size_t n) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) vst1q_f32(y + i, edgenet::exp4(vld1q_f32(x + i)));
  for (; i < n; ++i) y[i] = vgetq_lane_f32(edgenet::exp4(vdupq_n_f32(x[i])), 0);
}
}  // namespace
#endif

namespace {

double exact(double x, int act) { return test::act_d(x, act); }

// The scalar formula in float, PyTorch's order: what every ISA must reproduce exactly.
float hard(float x, int act) {
  const float r = std::fmin(std::fmax(x + 3.0f, 0.0f), 6.0f);
  return act == EN_ACT_HSWISH ? x * r / 6.0f : r / 6.0f;
}

void run_exp_sweep() {
#if defined(__x86_64__) || defined(__aarch64__)
  if (!vector_exp_supported()) return;
  std::vector<float> x;
  for (double v = -87.0; v <= 88.0; v += 1.0 / 4096) x.push_back(static_cast<float>(v));
  test::Rng rng(77);
  for (int i = 0; i < 200000; ++i) x.push_back(rng.next() * 87.0f);
  for (int i = 0; i < 200000; ++i) x.push_back(rng.next() * 1e-3f);
  x.push_back(0.0f), x.push_back(-0.0f), x.push_back(1e-30f), x.push_back(-1e-30f);
  std::vector<float> y(x.size());
  vector_exp_many(x.data(), y.data(), x.size());
  double worst = 0;
  int bad = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double want = std::exp(static_cast<double>(x[i]));
    const double rel = std::fabs(y[i] - want) / want;
    if (!(rel <= 1e-6) && bad++ < 5) std::fprintf(stderr, "%s(%.9g) = %.9g, want %.9g\n", kVectorExpName, x[i], y[i], want);
    if (rel > worst) worst = rel;
  }
  CHECK(bad == 0, "%s: %d of %zu values beyond 1e-6 relative error", kVectorExpName, bad, x.size());
  std::printf("%s: %zu values in [-87, 88], worst relative error %.3g\n", kVectorExpName, x.size(), worst);
  // Beyond [-87, 88]: a tiny positive number below, +inf above (what 1 / (1 + e) needs); NaN stays NaN.
  const float far[] = {-FLT_MAX, -1000.0f, -100.0f, -88.5f, 88.5f, 100.0f, 1000.0f, FLT_MAX};
  std::vector<float> yf(8);
  vector_exp_many(far, yf.data(), 8);
  for (int i = 0; i < 4; ++i) CHECK(yf[i] > 0 && yf[i] < 2e-38f, "%s(%g) = %g", kVectorExpName, far[i], yf[i]);
  for (int i = 4; i < 8; ++i) CHECK(std::isinf(yf[i]) && yf[i] > 0, "%s(%g) = %g", kVectorExpName, far[i], yf[i]);
  float nan_in = NAN, nan_out = 0;
  vector_exp_many(&nan_in, &nan_out, 1);
  CHECK(std::isnan(nan_out), "%s(NaN) = %g", kVectorExpName, nan_out);
#endif
}

#if defined(__aarch64__)
// The NEON helpers directly: activate4 against the scalar activate() (bit for bit, NaN payloads
// and -0 included, for all but sigmoid / SiLU, which stay within 1e-6 of the exact function);
// partial loads and stores next to an inaccessible page (a lane too many faults); the channel
// tiling covers every channel once.
void run_neon_helpers() {
  if (!en_isa_supported(EN_ISA_NEON)) return;
  std::vector<float> x;
  for (double v = -100.0; v <= 100.0; v += 1.0 / 256) x.push_back(static_cast<float>(v));
  const float special[] = {-3.0f, 3.0f, std::nextafter(-3.0f, 0.0f), std::nextafter(3.0f, 4.0f), 0.0f, -0.0f,
                           6.0f, std::nextafter(6.0f, 7.0f), -1e-45f, -FLT_MAX, FLT_MAX, test::poison(), NAN, -NAN};
  for (float f : special) x.push_back(f);
  while (x.size() % 4 != 0) x.push_back(0.5f);
  for (int act = 0; act < test::kActCount; ++act) {
    int bad = 0;
    for (size_t i = 0; i < x.size(); i += 4) {
      float y[4];
      vst1q_f32(y, edgenet::activate4(vld1q_f32(&x[i]), act));
      for (int l = 0; l < 4; ++l) {
        const float xi = x[i + l];
        bool ok;
        if (act == EN_ACT_SILU || act == EN_ACT_SIGMOID) {
          const double want = exact(xi, act);
          ok = xi != xi ? y[l] != y[l] : std::fabs(y[l] - want) <= 1e-6 * std::fmax(1.0, std::fabs(want));
        } else {
          ok = test::bits_of(y[l]) == test::bits_of(edgenet::activate(xi, act));
        }
        if (!ok && bad++ < 5)
          std::fprintf(stderr, "activate4 %s(%.9g) = %.9g (bits %08x), scalar %.9g\n", test::act_name(act), xi, y[l],
                       test::bits_of(y[l]), edgenet::activate(xi, act));
      }
    }
    CHECK(bad == 0, "activate4 %s: %d of %zu values differ", test::act_name(act), bad, x.size());
  }

  // Partial loads and stores: the last float of an accessible page is followed by a PROT_NONE one.
  const long page = sysconf(_SC_PAGESIZE);
  void* map = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(map != MAP_FAILED, "mmap");
  if (map == MAP_FAILED) return;
  CHECK(mprotect(static_cast<char*>(map) + page, page, PROT_NONE) == 0, "mprotect");
  float* end = reinterpret_cast<float*>(static_cast<char*>(map) + page);
  for (int lanes = 1; lanes <= 4; ++lanes) {
    float* p = end - lanes;
    for (int l = 0; l < 4; ++l) end[l - 4] = 10.0f + l;  // whatever precedes p: must not be read
    for (int l = 0; l < lanes; ++l) p[l] = 1.0f + l;
    float got[4];
    vst1q_f32(got, edgenet::Lanes4::load(p, true, edgenet::Lanes4::mask(lanes)));
    for (int l = 0; l < 4; ++l)
      CHECK(got[l] == (l < lanes ? 1.0f + l : 0.0f), "load4(%d lanes) lane %d = %g", lanes, l, got[l]);
    for (int l = 0; l < 4; ++l) end[l - 4] = test::sentinel();
    edgenet::Lanes4::store(p, vaddq_f32(vld1q_f32(got), vdupq_n_f32(100.0f)), true, edgenet::Lanes4::mask(lanes));
    for (int l = 0; l < lanes; ++l) CHECK(p[l] == 101.0f + l, "store4(%d lanes) lane %d = %g", lanes, l, p[l]);
    for (int l = 0; l < 4 - lanes; ++l)
      CHECK(test::bits_of(end[l - 4]) == test::bits_of(test::sentinel()), "store4(%d lanes) wrote before p", lanes);
  }
  munmap(map, 2 * page);

  // for_each_channel_tile4: tiles in order, whole but the last vector of the last tile.
  for (int count = 1; count <= 40; ++count) {
    int next = 0;
    bool ok = true;
    edgenet::for_each_channel_tile4<4>(count, [&](auto nv, auto partial, int c0, int lanes) {
      constexpr int kVectors = decltype(nv)::value;
      const int channels = 4 * (kVectors - 1) + lanes;
      ok = ok && c0 == next && lanes >= 1 && lanes <= 4 && (lanes < 4) == decltype(partial)::value;
      ok = ok && (kVectors == 4 || c0 + channels == count);
      next = c0 + channels;
    });
    CHECK(ok && next == count, "for_each_channel_tile4<4>(%d) covers up to %d", count, next);
  }
}
#endif

// Applies `act` through en_add(x, 0) on every ISA.
std::vector<float> via_add(const std::vector<float>& x, int act) {
  const std::vector<float> zero(x.size(), 0.0f);
  std::vector<float> out(x.size(), test::sentinel());
  const int64_t n = static_cast<int64_t>(x.size());
  const int rc = en_add(nullptr, x.data(), n, 1, zero.data(), n, 1, n, 1, act, out.data(), n, 1);
  CHECK(rc == EN_OK, "en_add rc %d", rc);
  return out;
}

// Applies `act` through en_dwconv: one 1x1 image of x.size() channels, 3x3 taps of which only the
// centre (1) is inside the image, so the pre-activation is x + 0 as in via_add. en_add has no
// AVX-512 variant; this runs the 16-lane activations over the same sweep.
std::vector<float> via_dwconv(const std::vector<float>& x, int act) {
  const int c = static_cast<int>(x.size());
  std::vector<float> w(9 * x.size(), 0.0f);
  for (int ch = 0; ch < c; ++ch) w[4 * x.size() + ch] = 1.0f;
  std::vector<float> out(x.size(), test::sentinel());
  const int rc = en_dwconv(nullptr, x.data(), c, 1, 1, 1, c, c, w.data(), nullptr, 3, 1, 1, act, out.data(), c, c);
  CHECK(rc == EN_OK, "en_dwconv rc %d", rc);
  return out;
}

void run_activation_sweeps() {
  std::vector<float> x;
  for (double v = -100.0; v <= 100.0; v += 1.0 / 512) x.push_back(static_cast<float>(v));
  const float special[] = {-3.0f, 3.0f, std::nextafter(-3.0f, 0.0f), std::nextafter(-3.0f, -4.0f),
                           std::nextafter(3.0f, 0.0f), std::nextafter(3.0f, 4.0f), 0.0f, -0.0f, 6.0f, -6.0f,
                           1e-30f, -1e-30f, 1e-45f, -1e-45f, -FLT_MAX, FLT_MAX, -1000.0f, 1000.0f, -87.5f, 88.5f};
  for (float s : special) x.push_back(s);
  for (const test::Variant& v : test::variants(false)) {
    test::select(v);
    for (auto* via : {via_add, via_dwconv}) {
      const char* through = via == via_add ? "add" : "dwconv";
      for (int act = 0; act < test::kActCount; ++act) {
        const std::vector<float> y = via(x, act);
        int bad = 0;
        for (size_t i = 0; i < x.size(); ++i) {
          bool ok;
          if (act == EN_ACT_SILU || act == EN_ACT_SIGMOID) {
            const double want = exact(x[i], act);
            ok = std::isfinite(y[i]) && std::fabs(y[i] - want) <= 1e-6 * std::fmax(1.0, std::fabs(want));
          } else if (act == EN_ACT_HSWISH || act == EN_ACT_HSIGMOID) {
            // x + 0.0f: what en_add hands the activation (-0 + 0 is +0).
            ok = test::bits_of(y[i]) == test::bits_of(hard(x[i] + 0.0f, act));
          } else {
            ok = y[i] == static_cast<float>(exact(x[i], act));
          }
          if (!ok && bad++ < 5)
            std::fprintf(stderr, "[%s, %s] %s(%.9g) = %.9g, want %.9g\n", v.name.c_str(), through,
                         test::act_name(act), x[i], y[i], exact(x[i], act));
        }
        CHECK(bad == 0, "[%s, %s] %s: %d of %zu values wrong", v.name.c_str(), through, test::act_name(act), bad,
              x.size());
      }
      // The breakpoints, exactly: h-swish(-3) = 0 (x * 0 / 6: -0, as PyTorch), h-swish(3) = 3, h-sigmoid(-3) = 0,
      // h-sigmoid(3) = 1; saturation of sigmoid / SiLU far out.
      const std::vector<float> edges = {-3.0f, 3.0f, -100.0f, 100.0f};
      const std::vector<float> hs = via(edges, EN_ACT_HSWISH), hg = via(edges, EN_ACT_HSIGMOID);
      const std::vector<float> sg = via(edges, EN_ACT_SIGMOID), sl = via(edges, EN_ACT_SILU);
      CHECK(hs[0] == 0.0f && std::signbit(hs[0]) && hs[1] == 3.0f, "[%s, %s] hswish(-3) = %g, hswish(3) = %g",
            v.name.c_str(), through, hs[0], hs[1]);
      CHECK(hg[0] == 0.0f && hg[1] == 1.0f, "[%s, %s] hsigmoid(-3) = %g, hsigmoid(3) = %g", v.name.c_str(), through,
            hg[0], hg[1]);
      CHECK(sg[2] >= 0.0f && sg[2] < 1e-30f && sg[3] == 1.0f, "[%s, %s] sigmoid(-100) = %g, sigmoid(100) = %g",
            v.name.c_str(), through, sg[2], sg[3]);
      CHECK(sl[2] <= 0.0f && sl[2] > -1e-30f && sl[3] == 100.0f, "[%s, %s] silu(-100) = %g, silu(100) = %g",
            v.name.c_str(), through, sl[2], sl[3]);
    }
    // NaN passes through every activation.
    for (auto* via : {via_add, via_dwconv})
      for (int act = 0; act < test::kActCount; ++act) {
        const std::vector<float> y = via(std::vector<float>(19, NAN), act);
        bool all_nan = true;
        for (float f : y) all_nan = all_nan && std::isnan(f);
        CHECK(all_nan, "[%s, %s] %s does not pass NaN through", v.name.c_str(), via == via_add ? "add" : "dwconv",
              test::act_name(act));
      }
  }
  test::reset_selection();
}

// One kernel call as a function of the activation: returns the outputs.
using Kernel = std::function<std::vector<float>(int act)>;

// Compares act(A) with A applied to act(NONE)'s outputs, for every activation A.
void check_epilogue(const std::string& what, const Kernel& run) {
  const std::vector<float> z = run(EN_ACT_NONE);
  double lo = 1e30, hi = -1e30;
  // Plain comparisons: aarch64 g++ 12 crashes vectorising an fmin/fmax reduction here (ICE in
  // vect_transform_reduction). z holds no NaN.
  for (float f : z) {
    if (f < lo) lo = f;
    if (f > hi) hi = f;
  }
  // The data must cross the breakpoints to test anything.
  CHECK(lo < -3.5 && hi > 6.5, "%s: pre-activations only span [%g, %g]", what.c_str(), lo, hi);
  for (int act = 1; act < test::kActCount; ++act) {
    const std::vector<float> y = run(act);
    int bad = 0;
    for (size_t i = 0; i < z.size(); ++i) {
      bool ok;
      if (act == EN_ACT_SILU || act == EN_ACT_SIGMOID) {
        const double want = exact(z[i], act);
        ok = std::fabs(y[i] - want) <= 1e-6 * std::fmax(1.0, std::fabs(want));
      } else if (act == EN_ACT_HSWISH || act == EN_ACT_HSIGMOID) {
        // By value: SE's act passes through an FC, which turns h-swish's -0 into +0.
        ok = y[i] == hard(z[i], act);
      } else {
        ok = y[i] == static_cast<float>(exact(z[i], act));
      }
      if (!ok && bad++ < 3)
        std::fprintf(stderr, "%s %s: element %zu: pre %.9g got %.9g\n", what.c_str(), test::act_name(act), i, z[i], y[i]);
    }
    CHECK(bad == 0, "%s %s: %d of %zu outputs are not act(pre-activation)", what.c_str(), test::act_name(act), bad,
          z.size());
  }
}

std::vector<float> scaled(test::Rng& rng, int64_t n, float scale) {
  std::vector<float> v = rng.vec(n);
  for (float& f : v) f *= scale;
  return v;
}

void run_epilogues() {
  test::Rng rng(31337);
  en_pool* two = en_pool_create(2);
  // conv2d: 9x7 image, 3 -> 13 channels, k 3, stride 2, pad 1.
  const std::vector<float> img = scaled(rng, 9 * 7 * 3, 1.0f), cw = scaled(rng, 3 * 3 * 3 * 13, 3.0f),
                           cb = scaled(rng, 13, 1.0f);
  // dwconv: 11x10x19, k 5.
  const std::vector<float> dx = scaled(rng, 11 * 10 * 19, 1.0f), dw = scaled(rng, 25 * 19, 1.5f), db = scaled(rng, 19, 1.0f);
  // pwconv / grouped: 37 pixels, 30 -> 27 (grouped: 3 groups of 10 -> 9), residual.
  const std::vector<float> px = scaled(rng, 37 * 30, 1.0f), pw = scaled(rng, 30 * 27, 3.0f), pb = scaled(rng, 27, 1.0f),
                           pr = scaled(rng, 37 * 27, 2.0f);
  // linear: 3 x 40 -> 21.
  const std::vector<float> lx = scaled(rng, 3 * 40, 1.0f), lw = scaled(rng, 21 * 40, 2.5f), lb = scaled(rng, 21, 1.0f);
  // add: 29 pixels of 13.
  const std::vector<float> aa = scaled(rng, 29 * 13, 5.0f), ab = scaled(rng, 29 * 13, 5.0f);
  // se: identity FCs over 15 channels, biases spreading the pre-activations; pixel 0 of each image is 1.
  const int sc = 15;
  std::vector<float> sx = scaled(rng, 2 * 4 * 4 * sc, 0.1f), eye(sc * sc, 0.0f), sb1 = scaled(rng, sc, 8.0f),
                     sb0(sc, 0.0f);
  for (int i = 0; i < sc; ++i) eye[i * sc + i] = 1.0f;
  for (int i = 0; i < sc; ++i) sx[i] = 1.0f, sx[16 * sc + i] = 1.0f;
  sb1[0] = -7.0f, sb1[1] = 7.0f;

  for (const test::Variant& v : test::variants(true)) {
    test::select(v);
    for (en_pool* pool : {static_cast<en_pool*>(nullptr), two}) {
      const std::string tag = " [" + v.name + ", threads " + std::to_string(en_pool_threads(pool)) + "]";
      if (v.engine == EN_GEMM_OWN) {
        check_epilogue("conv2d" + tag, [&](int act) {
          std::vector<float> out(5 * 4 * 13);
          CHECK(en_conv2d(pool, img.data(), 189, 1, 9, 7, 3, cw.data(), cb.data(), 13, 3, 2, 1, act, out.data(), 260) == EN_OK, "conv2d");
          return out;
        });
        check_epilogue("dwconv" + tag, [&](int act) {
          std::vector<float> out(11 * 10 * 19);
          CHECK(en_dwconv(pool, dx.data(), 2090, 1, 11, 10, 19, 19, dw.data(), db.data(), 5, 1, 2, act, out.data(), 2090, 19) == EN_OK, "dwconv");
          return out;
        });
        check_epilogue("pwconv_grouped" + tag, [&](int act) {
          std::vector<float> out(37 * 27);
          CHECK(en_pwconv_grouped(pool, px.data(), 37 * 30, 37, 3, 10, 30, 1, 3, pw.data(), pb.data(), 9, act, pr.data(),
                                  37 * 27, 27, out.data(), 37 * 27, 27, 9, 1) == EN_OK, "pwconv_grouped");
          return out;
        });
        check_epilogue("add" + tag, [&](int act) {
          std::vector<float> out(29 * 13);
          CHECK(en_add(pool, aa.data(), 377, 13, ab.data(), 377, 13, 29, 13, act, out.data(), 377, 13) == EN_OK, "add");
          return out;
        });
        // SE: the gate pixel (value 1) of each image reads back act(mean + b1) or gate(mean + b1).
        auto se_gates = [&](int act, int gate) {
          std::vector<float> out(sx.size());
          CHECK(en_se(pool, sx.data(), static_cast<int64_t>(sx.size()), 2, 4, 4, sc, sc, eye.data(), sb1.data(), sc, act,
                      eye.data(), sb0.data(), gate, out.data(), static_cast<int64_t>(out.size()), sc) == EN_OK, "se");
          std::vector<float> g(out.begin(), out.begin() + sc);
          g.insert(g.end(), out.begin() + 16 * sc, out.begin() + 17 * sc);
          return g;
        };
        check_epilogue("se act" + tag, [&](int act) { return se_gates(act, EN_ACT_NONE); });
        check_epilogue("se gate" + tag, [&](int act) { return se_gates(EN_ACT_NONE, act); });
      }
      check_epilogue("pwconv+residual" + tag, [&](int act) {
        std::vector<float> out(37 * 27);
        CHECK(en_pwconv(pool, px.data(), 37 * 30, 37, 30, 30, pw.data(), pb.data(), 27, act, pr.data(), 37 * 27, 27,
                        out.data(), 37 * 27, 27) == EN_OK, "pwconv");
        return out;
      });
      check_epilogue("linear" + tag, [&](int act) {
        std::vector<float> out(3 * 21);
        CHECK(en_linear(pool, lx.data(), 120, 3, 40, lw.data(), lb.data(), 21, act, out.data(), 63) == EN_OK, "linear");
        return out;
      });
    }
  }
  en_pool_destroy(two);
  test::reset_selection();
}

}  // namespace

int main() {
  run_exp_sweep();
#if defined(__aarch64__)
  run_neon_helpers();
#endif
  run_activation_sweeps();
  run_epilogues();
  return test::finish("test_activation");
}
