// Tiny shared test support: failure counting, deterministic data, NaN poison and sentinels,
// tolerance comparison, and the list of variants (ISA x GEMM engine) to run.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "edgenet/edgenet.h"

namespace test {

inline int& failures() {
  static int count = 0;
  return count;
}

#define CHECK(cond, ...)                                            \
  do {                                                              \
    if (!(cond)) {                                                  \
      ++::test::failures();                                         \
      std::fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                            \
      std::fprintf(stderr, "\n");                                   \
    }                                                               \
  } while (0)

inline int finish(const char* name) {
  if (failures() == 0) {
    std::printf("%s: all checks passed\n", name);
    return 0;
  }
  std::printf("%s: %d check(s) FAILED\n", name, failures());
  return 1;
}

// Deterministic uniform floats in [-1, 1).
struct Rng {
  uint64_t state;
  explicit Rng(uint64_t seed) : state(seed * 0x9E3779B97F4A7C15ull + 1) {}
  float next() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<float>((state >> 40) & 0xFFFFFF) / 8388608.0f - 1.0f;
  }
  std::vector<float> vec(int64_t n) {
    std::vector<float> v(static_cast<size_t>(n));
    for (auto& x : v) x = next();
    return v;
  }
};

inline float from_bits(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}
inline uint32_t bits_of(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}
// Input gaps hold NaN: a kernel that reads one puts NaN into an output (activations keep NaN).
inline float poison() { return from_bits(0x7fc0dead); }
// Output gaps hold this quiet NaN; they must come back bit for bit.
inline float sentinel() { return from_bits(0x7fc0beef); }

// A strided NHWC-style tensor: `pixels` pixels of `c` values, `ps` floats apart, in a buffer of
// exactly the minimal capacity (pixels-1)*ps + c, so AddressSanitizer sees any access past it.
struct Strided {
  int64_t pixels = 0;
  int c = 0, ps = 0;
  std::vector<float> data;
  int64_t cap() const { return static_cast<int64_t>(data.size()); }
  float& at(int64_t q, int ch) { return data[static_cast<size_t>(q * ps + ch)]; }
  float at(int64_t q, int ch) const { return data[static_cast<size_t>(q * ps + ch)]; }
};

// The channels of every pixel, gaps dropped: [pixels][c].
inline std::vector<float> dense(const Strided& t) {
  std::vector<float> out(static_cast<size_t>(t.pixels * t.c));
  for (int64_t q = 0; q < t.pixels; ++q)
    for (int ch = 0; ch < t.c; ++ch) out[static_cast<size_t>(q * t.c + ch)] = t.at(q, ch);
  return out;
}

inline Strided make_strided(int64_t pixels, int c, int ps, float fill) {
  Strided t;
  t.pixels = pixels;
  t.c = c;
  t.ps = ps;
  t.data.assign(static_cast<size_t>((pixels - 1) * ps + c), fill);
  return t;
}

// Gaps (channels c..ps-1 of every pixel but the last) still hold `expected` bit for bit.
inline bool gaps_intact(const Strided& t, float expected, const std::string& what) {
  for (int64_t q = 0; q + 1 < t.pixels; ++q)
    for (int ch = t.c; ch < t.ps; ++ch)
      if (bits_of(t.at(q, ch)) != bits_of(expected)) {
        std::fprintf(stderr, "%s: gap written at pixel %lld channel %d\n", what.c_str(), (long long)q, ch);
        return false;
      }
  return true;
}

// Error bound for a float result of a sum of terms (products, bias, residual) in any order and
// with or without FMA: each rounding contributes at most 2^-24 of a partial sum, itself at most
// the magnitude sum(|term|); the worst case grows like N * 2^-24 but rounding errors of random
// data grow like sqrt(N) * 2^-24, so 1e-5 * magnitude covers the largest sums tested here
// (a few thousand terms) with a wide margin while still catching any wrong or missing term
// (which is on the order of 1e-2 of the magnitude with data uniform in [-1, 1]).
constexpr double kRelTol = 1e-5;

// got[i] within kRelTol * magnitude[i] of want[i]; NaN never passes. Reports the first few misses.
inline bool close(const std::vector<float>& got, const std::vector<double>& want, const std::vector<double>& mag,
                  const std::string& what) {
  int bad = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    const double diff = std::fabs(static_cast<double>(got[i]) - want[i]);
    if (!(diff <= kRelTol * mag[i] + 1e-30)) {
      if (bad < 5)
        std::fprintf(stderr, "%s: element %zu got %.9g want %.9g (magnitude %.3g)\n", what.c_str(), i, got[i], want[i],
                     mag[i]);
      ++bad;
    }
  }
  if (bad > 0) std::fprintf(stderr, "%s: %d of %zu elements out of tolerance\n", what.c_str(), bad, want.size());
  return bad == 0;
}

inline bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// The runs of one test case: for each variant, its first run is checked against the definition
// and (for the non-scalar ones) against the scalar reference's result; its runs on the other pools
// must match that first run bit for bit.
class RunChecker {
 public:
  RunChecker(const std::vector<double>& want, const std::vector<double>& mag) : want_(want), mag_(mag) {}

  void start_variant() {
    first_.clear();
    first_run_ = true;
  }

  // is_reference: this variant is the scalar reference (its result becomes the reference).
  void check(const std::vector<float>& got, bool is_reference, const std::string& what) {
    if (!first_run_) {
      CHECK(same_bits(got, first_), "%s: differs from the 1-thread result", what.c_str());
      return;
    }
    first_run_ = false;
    first_ = got;
    CHECK(close(got, want_, mag_, what + " vs definition"), "%s", what.c_str());
    if (is_reference) {
      reference_.assign(got.begin(), got.end());
    } else if (!reference_.empty()) {
      CHECK(close(got, reference_, mag_, what + " vs scalar reference"), "%s", what.c_str());
    }
  }

 private:
  const std::vector<double>& want_;
  const std::vector<double>& mag_;
  std::vector<double> reference_;
  std::vector<float> first_;
  bool first_run_ = true;
};

// The activations from their PyTorch definitions, in double.
inline double act_d(double x, int act) {
  auto relu6 = [](double v) { return v < 0 ? 0.0 : v > 6 ? 6.0 : v; };
  switch (act) {
    case EN_ACT_RELU: return x < 0 ? 0.0 : x;
    case EN_ACT_RELU6: return relu6(x);
    case EN_ACT_HSWISH: return x * relu6(x + 3) / 6;
    case EN_ACT_HSIGMOID: return relu6(x + 3) / 6;
    case EN_ACT_SILU: return x / (1 + std::exp(-x));
    case EN_ACT_SIGMOID: return 1 / (1 + std::exp(-x));
    default: return x;
  }
}
inline float act_f(double x, int act) { return static_cast<float>(act_d(x, act)); }

// Every activation code, and one past the last valid one (for the argument checks).
constexpr int kActCount = 7;
constexpr int kBadAct = 7;

// Tolerance magnitude of an activated output whose input had magnitude `mag`. The four smooth-ish
// activations carry an absolute error besides the relative one: sigmoid and SiLU are promised to
// 1e-6 * max(1, |y|), and h-swish / h-sigmoid round x + 3 to float (an ulp of 3..9, up to 5e-7),
// which a tiny `mag` (one short dot product) would not cover; 0.1 * kRelTol is 1e-6. All of them
// have slopes of at most 1.5, so `mag` still covers the error carried in from x.
inline double act_mag(double mag, int act) {
  return act >= EN_ACT_HSWISH && act <= EN_ACT_SIGMOID ? mag + 0.1 : mag;
}

// One way of running a kernel: an ISA this CPU supports, with one of the GEMM engines.
struct Variant {
  int isa;
  int engine;
  std::string name;
};

// Every supported ISA with our own GEMM; with_openblas adds the OpenBLAS engine (under each ISA,
// whose epilogue it uses).
inline std::vector<Variant> variants(bool with_openblas) {
  std::vector<Variant> out;
  for (int isa : {EN_ISA_SCALAR, EN_ISA_AVX2, EN_ISA_AVX512, EN_ISA_NEON}) {
    if (!en_isa_supported(isa)) continue;
    out.push_back({isa, EN_GEMM_OWN, en_isa_name(isa)});
    if (with_openblas) out.push_back({isa, EN_GEMM_OPENBLAS, std::string(en_isa_name(isa)) + "+openblas"});
  }
  return out;
}

inline void select(const Variant& v) {
  en_isa_force(v.isa);
  en_gemm_force(v.engine);
}

inline void reset_selection() {
  en_isa_force(EN_ISA_AUTO);
  en_gemm_force(EN_GEMM_OWN);
}

// Thread pools shared by a test program: nullptr (caller only), 2 and 3 threads.
struct Pools {
  en_pool* two = en_pool_create(2);
  en_pool* three = en_pool_create(3);
  Pools() = default;
  Pools(const Pools&) = delete;
  Pools& operator=(const Pools&) = delete;
  ~Pools() {
    en_pool_destroy(two);
    en_pool_destroy(three);
  }
  std::vector<en_pool*> all() const { return {nullptr, two, three}; }
  // A 3-thread pool oversubscribes a 2-core machine, and every pooled call then waits for the
  // scheduler; so the thread-count comparison runs on a subset of cases to keep tests fast.
  std::vector<en_pool*> for_case(size_t index, bool large) const {
    if (large || index % 4 == 0) return all();
    return {nullptr};
  }
};

inline const char* act_name(int act) {
  static const char* const kNames[] = {"none", "relu", "relu6", "hswish", "hsigmoid", "silu", "sigmoid"};
  return act >= 0 && act < kActCount ? kNames[act] : "invalid";
}

}  // namespace test

namespace test {

// A rejected call returns EN_ERR_ARG and leaves the output buffer (filled with sentinel()) alone.
inline void expect_rejected(int rc, const std::vector<float>& out, const char* what) {
  CHECK(rc == EN_ERR_ARG, "%s: returned %d, want EN_ERR_ARG", what, rc);
  bool untouched = true;
  for (float v : out) untouched = untouched && bits_of(v) == bits_of(sentinel());
  CHECK(untouched, "%s: output modified by a rejected call", what);
}

// Returns reject(mutate, what) for the argument-check tests, which list their bad arguments through
// it: `call` on a copy of `good` changed by mutate must be rejected and leave out (filled with
// sentinel()) alone.
template <class Args, class Call>
auto rejecter(const Args& good, Call call, const std::vector<float>& out) {
  return [good, call, &out](void (*mutate)(Args&), const char* what) {
    Args a = good;
    mutate(a);
    expect_rejected(call(a), out, what);
  };
}

}  // namespace test
