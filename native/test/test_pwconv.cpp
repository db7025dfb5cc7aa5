// en_pwconv and en_pwconv_packed: a 1x1 convolution written from its definition (channel-major
// data, PyTorch's [cout][cin] weight, double accumulation) checks the scalar reference; every other
// variant and the OpenBLAS engine are checked against both, on awkward shapes, strides with
// poisoned gaps, all activations, with/without bias and residual (also in place), 1/2/3 (and 8)
// threads bit-identical. The weights are packed once, before the ISA is forced, as a network does;
// the packed and unpacked entry points must agree bit for bit. The argument checks cover the
// packing entry points and a packed buffer of the wrong shape or with a damaged header.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "check.h"
#include "isa.h"

namespace {

struct Case {
  int64_t m;
  int cin, cout;
  int in_gap, out_gap, res_gap;
  int act;
  bool bias, residual;
};

struct Data {
  std::vector<float> x_cm;   // [cin][m], channel-major as PyTorch's NCHW with h*w = m
  std::vector<float> w_pt;   // [cout][cin] (PyTorch's [cout][cin][1][1])
  std::vector<float> b;      // [cout]
  std::vector<float> r_cm;   // [cout][m]
  std::vector<double> want;  // [m][cout]
  std::vector<double> mag;   // sum of |terms| per output
};

Data make_data(const Case& c, uint64_t seed) {
  test::Rng rng(seed);
  Data d;
  d.x_cm = rng.vec(c.cin * c.m);
  d.w_pt = rng.vec(static_cast<int64_t>(c.cout) * c.cin);
  d.b = rng.vec(c.cout);
  d.r_cm = rng.vec(c.cout * c.m);
  d.want.resize(static_cast<size_t>(c.m * c.cout));
  d.mag.resize(d.want.size());
  for (int64_t q = 0; q < c.m; ++q) {
    for (int co = 0; co < c.cout; ++co) {
      double acc = 0, mag = 0;
      for (int ci = 0; ci < c.cin; ++ci) {
        const double t = static_cast<double>(d.x_cm[ci * c.m + q]) * d.w_pt[co * c.cin + ci];
        acc += t;
        mag += std::fabs(t);
      }
      if (c.bias) {
        acc += d.b[co];
        mag += std::fabs(d.b[co]);
      }
      // The residual is added before the activation.
      if (c.residual) {
        acc += d.r_cm[co * c.m + q];
        mag += std::fabs(d.r_cm[co * c.m + q]);
      }
      d.want[q * c.cout + co] = test::act_d(acc, c.act);
      d.mag[q * c.cout + co] = test::act_mag(mag, c.act);
    }
  }
  return d;
}

std::string describe(const Case& c) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "m=%lld cin=%d cout=%d gaps=%d/%d/%d act=%s bias=%d res=%d", (long long)c.m, c.cin,
                c.cout, c.in_gap, c.out_gap, c.res_gap, test::act_name(c.act), c.bias, c.residual);
  return buf;
}

void run_case(const Case& c, uint64_t seed, const std::vector<en_pool*>& pools) {
  const Data d = make_data(c, seed);
  test::Strided in = test::make_strided(c.m, c.cin, c.cin + c.in_gap, test::poison());
  for (int64_t q = 0; q < c.m; ++q)
    for (int ci = 0; ci < c.cin; ++ci) in.at(q, ci) = d.x_cm[ci * c.m + q];
  std::vector<float> weight(static_cast<size_t>(c.cin) * c.cout);  // [cin][cout]
  for (int ci = 0; ci < c.cin; ++ci)
    for (int co = 0; co < c.cout; ++co) weight[ci * c.cout + co] = d.w_pt[co * c.cin + ci];
  test::Strided res = test::make_strided(c.m, c.cout, c.cout + c.res_gap, test::poison());
  for (int64_t q = 0; q < c.m; ++q)
    for (int co = 0; co < c.cout; ++co) res.at(q, co) = d.r_cm[co * c.m + q];
  const std::vector<float> bias(d.b.begin(), d.b.end());

  // Packed once, with whatever ISA is active: every variant must read the same buffer.
  const int64_t packed_size = en_pwconv_pack_size(1, c.cin, c.cout);
  CHECK(packed_size == 16 + (c.cin + 1) * int64_t{(c.cout + 15) / 16 * 16}, "%s: pack size %lld", describe(c).c_str(),
        (long long)packed_size);
  std::vector<float> packed(static_cast<size_t>(packed_size), test::sentinel());
  CHECK(en_pwconv_pack(1, c.cin, c.cout, weight.data(), c.bias ? bias.data() : nullptr, packed.data(), packed_size) ==
            EN_OK,
        "%s: pack", describe(c).c_str());

  test::RunChecker runs(d.want, d.mag);
  for (const test::Variant& v : test::variants(true)) {
    test::select(v);
    runs.start_variant();
    // AVX-512 runs its channel tails of at most 8 both ways (as 8-lane AVX2 vectors, and as
    // half-empty 16-lane ones on CPUs with full-width 512-bit FMAs): bit for bit the same.
    const std::vector<int> widths = v.isa == EN_ISA_AVX512 ? std::vector<int>{0, 1} : std::vector<int>{-1};
    for (en_pool* pool : pools) {
      for (int wide : widths) {
        edgenet::force_avx512_full_width(wide);
        // The OpenBLAS engine only serves the unpacked entry point (en_pwconv_packed always runs our
        // kernels, and is checked under the own-engine variants).
        for (bool use_packed : {false, true}) {
          if (use_packed && v.engine != EN_GEMM_OWN) continue;
          const std::string what = describe(c) + " [" + v.name + (use_packed ? ", packed" : "") +
                                   (wide < 0 ? "" : wide ? ", full-width tails" : ", AVX2 tails") + ", threads " +
                                   std::to_string(en_pool_threads(pool)) + "]";
          test::Strided out = test::make_strided(c.m, c.cout, c.cout + c.out_gap, test::sentinel());
          const float* r = c.residual ? res.data.data() : nullptr;
          const int64_t r_cap = c.residual ? res.cap() : 0;
          const int r_ps = c.residual ? res.ps : 0;
          const int rc = use_packed
                             ? en_pwconv_packed(pool, in.data.data(), in.cap(), c.m, c.cin, in.ps, packed.data(),
                                                packed_size, c.cout, c.act, r, r_cap, r_ps, out.data.data(), out.cap(),
                                                out.ps)
                             : en_pwconv(pool, in.data.data(), in.cap(), c.m, c.cin, in.ps, weight.data(),
                                         c.bias ? bias.data() : nullptr, c.cout, c.act, r, r_cap, r_ps, out.data.data(),
                                         out.cap(), out.ps);
          CHECK(rc == EN_OK, "%s: rc %d", what.c_str(), rc);
          CHECK(test::gaps_intact(out, test::sentinel(), what), "%s: output gaps", what.c_str());
          const std::vector<float> got = test::dense(out);
          runs.check(got, v.isa == EN_ISA_SCALAR && v.engine == EN_GEMM_OWN, what);
        }
      }
    }
  }
  edgenet::force_avx512_full_width(-1);
  test::reset_selection();
}

// The residual buffer is the output buffer itself (an in-place residual add).
void run_in_place_residual(const test::Pools& pools) {
  const Case c{53, 19, 27, 2, 5, 5, EN_ACT_RELU6, true, true};
  const Data d = make_data(c, 77);
  test::Strided in = test::make_strided(c.m, c.cin, c.cin + c.in_gap, test::poison());
  for (int64_t q = 0; q < c.m; ++q)
    for (int ci = 0; ci < c.cin; ++ci) in.at(q, ci) = d.x_cm[ci * c.m + q];
  std::vector<float> weight(static_cast<size_t>(c.cin) * c.cout);
  for (int ci = 0; ci < c.cin; ++ci)
    for (int co = 0; co < c.cout; ++co) weight[ci * c.cout + co] = d.w_pt[co * c.cin + ci];
  const int64_t packed_size = en_pwconv_pack_size(1, c.cin, c.cout);
  std::vector<float> packed(static_cast<size_t>(packed_size));
  CHECK(en_pwconv_pack(1, c.cin, c.cout, weight.data(), d.b.data(), packed.data(), packed_size) == EN_OK, "pack");
  for (const test::Variant& v : test::variants(true)) {
    test::select(v);
    for (en_pool* pool : pools.all()) {
      const std::string what = "in-place residual [" + v.name + "]";
      test::Strided out = test::make_strided(c.m, c.cout, c.cout + c.out_gap, test::sentinel());
      for (int64_t q = 0; q < c.m; ++q)
        for (int co = 0; co < c.cout; ++co) out.at(q, co) = d.r_cm[co * c.m + q];
      const int rc = en_pwconv(pool, in.data.data(), in.cap(), c.m, c.cin, in.ps, weight.data(), d.b.data(), c.cout,
                               c.act, out.data.data(), out.cap(), out.ps, out.data.data(), out.cap(), out.ps);
      CHECK(rc == EN_OK, "%s: rc %d", what.c_str(), rc);
      CHECK(test::gaps_intact(out, test::sentinel(), what), "%s", what.c_str());
      CHECK(test::close(test::dense(out), d.want, d.mag, what), "%s", what.c_str());
      if (v.engine != EN_GEMM_OWN) continue;
      // The same through the packed entry point, which must give the unpacked result bit for bit.
      test::Strided again = test::make_strided(c.m, c.cout, c.cout + c.out_gap, test::sentinel());
      for (int64_t q = 0; q < c.m; ++q)
        for (int co = 0; co < c.cout; ++co) again.at(q, co) = d.r_cm[co * c.m + q];
      CHECK(en_pwconv_packed(pool, in.data.data(), in.cap(), c.m, c.cin, in.ps, packed.data(), packed_size, c.cout,
                             c.act, again.data.data(), again.cap(), again.ps, again.data.data(), again.cap(),
                             again.ps) == EN_OK,
            "%s: packed rc", what.c_str());
      CHECK(test::same_bits(again.data, out.data), "%s: packed differs from unpacked", what.c_str());
    }
  }
  test::reset_selection();
}

void run_argument_checks() {
  const int64_t m = 10;
  const int cin = 6, cout = 5, in_ps = 7, out_ps = 6, res_ps = 5;
  std::vector<float> in((m - 1) * in_ps + cin, 0.5f), w(cin * cout, 0.25f), b(cout, 0.1f);
  std::vector<float> res((m - 1) * res_ps + cout, 1.0f);
  const int64_t in_cap = static_cast<int64_t>(in.size()), res_cap = static_cast<int64_t>(res.size());
  const int64_t out_cap = (m - 1) * out_ps + cout;
  std::vector<float> out(static_cast<size_t>(out_cap), test::sentinel());

  const int64_t packed_size = en_pwconv_pack_size(1, cin, cout);
  std::vector<float> packed(static_cast<size_t>(packed_size));
  CHECK(en_pwconv_pack(1, cin, cout, w.data(), b.data(), packed.data(), packed_size) == EN_OK, "pack");
  // Mode 0: en_pwconv, own kernels; 1: en_pwconv, OpenBLAS; 2: en_pwconv_packed (a null weight is a null packed buffer).
  int mode = 0;
  auto call = [&](const float* in_p, int64_t in_c, int64_t mm, int ci, int ips, const float* w_p, int co, int act,
                  const float* r_p, int64_t r_c, int rps, float* o_p, int64_t o_c, int ops) {
    if (mode == 2)
      return en_pwconv_packed(nullptr, in_p, in_c, mm, ci, ips, w_p != nullptr ? packed.data() : nullptr, packed_size,
                              co, act, r_p, r_c, rps, o_p, o_c, ops);
    return en_pwconv(nullptr, in_p, in_c, mm, ci, ips, w_p, b.data(), co, act, r_p, r_c, rps, o_p, o_c, ops);
  };
  auto reject = [&](int rc, const char* what) { test::expect_rejected(rc, out, what); };
  for (mode = 0; mode < 3; ++mode) {
    en_gemm_force(mode == 1 ? EN_GEMM_OPENBLAS : EN_GEMM_OWN);
    reject(call(nullptr, in_cap, m, cin, in_ps, w.data(), cout, 0, res.data(), res_cap, res_ps, out.data(), out_cap, out_ps), "in null");
    reject(call(in.data(), in_cap, m, cin, in_ps, nullptr, cout, 0, res.data(), res_cap, res_ps, out.data(), out_cap, out_ps), "weight null");
    reject(call(in.data(), in_cap, m, cin, in_ps, w.data(), cout, 0, res.data(), res_cap, res_ps, nullptr, out_cap, out_ps), "out null");
    reject(call(in.data(), in_cap, 0, cin, in_ps, w.data(), cout, 0, res.data(), res_cap, res_ps, out.data(), out_cap, out_ps), "m = 0");
    reject(call(in.data(), in_cap, -3, cin, in_ps, w.data(), cout, 0, res.data(), res_cap, res_ps, out.data(), out_cap, out_ps), "m < 0");
    reject(call(in.data(), in_cap, m, 0, in_ps, w.data(), cout, 0, res.data(), res_cap, res_ps, out.data(), out_cap, out_ps), "cin = 0");
    reject(call(in.data(), in_cap, m, -1, in_ps, w.data(), cout, 0, res.data(), res_cap, res_ps, out.data(), out_cap, out_ps), "cin < 0");
    reject(call(in.data(), in_cap, m, cin, in_ps, w.data(), 0, 0, res.data(), res_cap, res_ps, out.data(), out_cap, out_ps), "cout = 0");
    reject(call(in.data(), in_cap, m, cin, cin - 1, w.data(), cout, 0, res.data(), res_cap, res_ps, out.data(), out_cap, out_ps), "in_ps < cin");
    reject(call(in.data(), in_cap, m, cin, in_ps, w.data(), cout, 0, res.data(), res_cap, cout - 1, out.data(), out_cap, out_ps), "res_ps < cout");
    reject(call(in.data(), in_cap, m, cin, in_ps, w.data(), cout, 0, res.data(), res_cap, res_ps, out.data(), out_cap, cout - 1), "out_ps < cout");
    reject(call(in.data(), in_cap - 1, m, cin, in_ps, w.data(), cout, 0, res.data(), res_cap, res_ps, out.data(), out_cap, out_ps), "in_cap short");
    reject(call(in.data(), in_cap, m, cin, in_ps, w.data(), cout, 0, res.data(), res_cap - 1, res_ps, out.data(), out_cap, out_ps), "res_cap short");
    reject(call(in.data(), in_cap, m, cin, in_ps, w.data(), cout, 0, res.data(), res_cap, res_ps, out.data(), out_cap - 1, out_ps), "out_cap short");
    reject(call(in.data(), in_cap, m, cin, in_ps, w.data(), cout, test::kBadAct, res.data(), res_cap, res_ps, out.data(), out_cap, out_ps), "act out of range");
    reject(call(in.data(), in_cap, m, cin, in_ps, w.data(), cout, -1, res.data(), res_cap, res_ps, out.data(), out_cap, out_ps), "act -1");
    reject(call(in.data(), in_cap, m, cin, in_ps, w.data(), cout, 0, out.data(), out_cap, cout, out.data(), out_cap, out_ps), "residual is out, other stride");
    // (m - 1) * ps overflows int64: must be rejected, not wrap around to a small extent.
    reject(call(in.data(), INT64_MAX, INT64_MAX / 2, cin, 4 * cin, w.data(), cout, 0, nullptr, 0, 0, out.data(), INT64_MAX, INT_MAX), "m * ps overflows");
    reject(call(in.data(), INT64_MAX, (int64_t{1} << 62) + 1, cin, in_ps, w.data(), cout, 0, nullptr, 0, 0, out.data(), out_cap, out_ps), "huge m");
    // The same call with valid arguments works (and a NULL residual ignores res_cap/res_ps).
    CHECK(call(in.data(), in_cap, m, cin, in_ps, w.data(), cout, 0, nullptr, -5, -5, out.data(), out_cap, out_ps) == EN_OK, "valid call");
    std::fill(out.begin(), out.end(), test::sentinel());
  }
  test::reset_selection();

  // en_pwconv_packed: a buffer that is short, packed for another shape, or whose header is damaged.
  auto packed_call = [&](const std::vector<float>& buf, int64_t cap) {
    return en_pwconv_packed(nullptr, in.data(), in_cap, m, cin, in_ps, buf.data(), cap, cout, 0, res.data(), res_cap,
                            res_ps, out.data(), out_cap, out_ps);
  };
  reject(packed_call(packed, packed_size - 1), "packed_cap one short");
  reject(packed_call(packed, 0), "packed_cap 0");
  reject(packed_call(packed, -1), "packed_cap < 0");
  auto packed_for = [&](int groups, int cin_g, int cout_g) {
    const int64_t size = en_pwconv_pack_size(groups, cin_g, cout_g);
    std::vector<float> wide(static_cast<size_t>(groups) * cin_g * cout_g, 0.5f), buf(static_cast<size_t>(size));
    CHECK(en_pwconv_pack(groups, cin_g, cout_g, wide.data(), nullptr, buf.data(), size) == EN_OK, "pack %d/%d/%d",
          groups, cin_g, cout_g);
    return buf;
  };
  for (auto shape : {std::vector<int>{1, cin + 1, cout}, {1, cin - 1, cout}, {1, cin, cout + 1}, {1, cin, cout - 1},
                     {2, cin, cout}, {1, cin, cout + 16}}) {
    const std::vector<float> other = packed_for(shape[0], shape[1], shape[2]);
    char what[96];
    std::snprintf(what, sizeof what, "packed for %d groups of %d x %d", shape[0], shape[1], shape[2]);
    reject(packed_call(other, static_cast<int64_t>(other.size())), what);
  }
  for (int field = 0; field < 7; ++field) {  // magic, version, groups, cin, cout, bias flag, panel width
    std::vector<float> damaged = packed;
    uint32_t bits = test::bits_of(damaged[field]);
    bits = field == 5 ? 2u : bits + 1u;  // the bias flag is 0 or 1
    damaged[field] = test::from_bits(bits);
    char what[64];
    std::snprintf(what, sizeof what, "header field %d damaged", field);
    reject(packed_call(damaged, packed_size), what);
  }
  CHECK(packed_call(packed, packed_size) == EN_OK, "packed: valid call");

  // en_pwconv_pack_size / en_pwconv_pack: sizes < 1, overflow, null pointers, a short buffer.
  CHECK(en_pwconv_pack_size(1, 1, 1) == 16 + 2 * 16, "size of 1x1x1");
  CHECK(en_pwconv_pack_size(3, 5, 17) == 16 + 3 * 6 * 32, "size of 3x5x17");
  CHECK(en_pwconv_pack_size(1, INT_MAX, 1) == 16 + (int64_t{INT_MAX} + 1) * 16, "size of 1 x INT_MAX x 1");
  for (auto bad : {std::vector<int>{0, 1, 1}, {1, 0, 1}, {1, 1, 0}, {-1, 1, 1}, {1, -5, 1}, {1, 1, INT_MIN},
                   {INT_MAX, INT_MAX, INT_MAX}, {INT_MAX, INT_MAX, 16}, {2, INT_MAX, INT_MAX}}) {
    CHECK(en_pwconv_pack_size(bad[0], bad[1], bad[2]) == EN_ERR_ARG, "size of %d x %d x %d accepted", bad[0], bad[1],
          bad[2]);
    std::vector<float> buf(64, test::sentinel());
    test::expect_rejected(en_pwconv_pack(bad[0], bad[1], bad[2], w.data(), b.data(), buf.data(), INT64_MAX), buf,
                          "pack with a bad size");
  }
  std::vector<float> buf(static_cast<size_t>(packed_size), test::sentinel());
  test::expect_rejected(en_pwconv_pack(1, cin, cout, nullptr, b.data(), buf.data(), packed_size), buf, "pack: weight null");
  test::expect_rejected(en_pwconv_pack(1, cin, cout, w.data(), b.data(), buf.data(), packed_size - 1), buf,
                        "pack: cap one short");
  test::expect_rejected(en_pwconv_pack(1, cin, cout, w.data(), b.data(), buf.data(), -1), buf, "pack: cap < 0");
  CHECK(en_pwconv_pack(1, cin, cout, w.data(), b.data(), nullptr, packed_size) == EN_ERR_ARG, "pack: packed null");
  CHECK(en_pwconv_pack(1, cin, cout, w.data(), nullptr, buf.data(), packed_size) == EN_OK, "pack without bias");
}

}  // namespace

int main() {
  const test::Pools pools;
  const std::vector<Case> cases = {
      // m: 1, below/at/above the micro-tile heights (4, 6, 8) and the 24/48-pixel blocks, OpenBLAS chunks of 64.
      {1, 1, 1, 0, 0, 0, EN_ACT_NONE, false, false},
      {1, 3, 8, 2, 1, 0, EN_ACT_RELU, true, false},
      {2, 5, 9, 0, 3, 1, EN_ACT_RELU6, true, true},
      {3, 7, 15, 1, 0, 2, EN_ACT_NONE, false, true},
      {5, 8, 16, 0, 0, 0, EN_ACT_RELU, true, false},
      {7, 9, 17, 3, 7, 0, EN_ACT_RELU6, false, true},
      {13, 15, 24, 0, 1, 3, EN_ACT_NONE, true, true},
      {17, 17, 31, 1, 1, 1, EN_ACT_RELU, false, false},
      {23, 31, 33, 2, 0, 0, EN_ACT_RELU6, true, false},
      {24, 33, 5, 0, 2, 4, EN_ACT_NONE, true, true},
      {25, 100, 7, 5, 0, 0, EN_ACT_RELU, true, true},
      {49, 24, 40, 0, 8, 0, EN_ACT_RELU6, true, true},
      {50, 40, 48, 3, 0, 1, EN_ACT_RELU6, false, false},
      {65, 16, 3, 0, 0, 0, EN_ACT_RELU, true, true},
      {97, 144, 24, 0, 0, 0, EN_ACT_NONE, true, true},
      {130, 24, 144, 1, 3, 0, EN_ACT_RELU6, true, false},
      {197, 33, 100, 0, 0, 7, EN_ACT_RELU, true, true},
      {313, 57, 57, 2, 1, 2, EN_ACT_RELU6, true, true},
      // The other activations, with the residual (added before them) and without.
      {9, 13, 17, 1, 2, 0, EN_ACT_HSWISH, true, true},
      {31, 24, 40, 0, 0, 3, EN_ACT_HSIGMOID, true, true},
      {26, 40, 9, 2, 1, 1, EN_ACT_SILU, true, true},
      {70, 17, 33, 0, 3, 0, EN_ACT_SIGMOID, false, true},
      {11, 33, 25, 0, 0, 0, EN_ACT_SILU, true, false},
      {50, 8, 48, 0, 0, 0, EN_ACT_HSWISH, false, false},
      // Packed-panel edges: cout just past a panel (17, 33), a half panel or less left over (24,
      // 40, 56: the AVX-512 kernel hands the last 16 + 8 channels to the AVX2 one), every tile
      // height from 1 to 16 (m = 1..16 above and here), cout > m (split by channels on a pool),
      // and inputs of more than one L2 block (m * cin * 4 > 256 KB) with long k loops.
      {14, 21, 56, 1, 0, 2, EN_ACT_RELU6, true, true},
      {15, 12, 40, 0, 1, 0, EN_ACT_SILU, true, false},
      {16, 16, 24, 2, 0, 1, EN_ACT_HSIGMOID, false, true},
      {10, 7, 72, 0, 0, 0, EN_ACT_RELU, true, true},
      {49, 700, 200, 0, 3, 0, EN_ACT_RELU6, true, true},
      {600, 150, 40, 1, 0, 0, EN_ACT_NONE, true, true},
      {1100, 64, 17, 0, 0, 0, EN_ACT_SIGMOID, true, false},
      // 4-lane vectors (NEON) in tiles of 5, 6 or 8 pixels: channel counts 2, 4, 6, 13 on both
      // sides (cin % 4 = 2 too: the steps after the last whole 4 input channels), a 16 + 4 and a
      // 12-channel layer (one- and three-vector tiles), pixel counts between the tile heights, and
      // SiLU without bias.
      {4, 2, 2, 0, 1, 0, EN_ACT_RELU, true, true},
      {6, 4, 4, 1, 0, 1, EN_ACT_HSWISH, false, true},
      {11, 6, 6, 0, 0, 0, EN_ACT_SIGMOID, true, false},
      {21, 10, 13, 2, 3, 0, EN_ACT_SILU, false, true},
      {12, 13, 3, 0, 2, 1, EN_ACT_HSIGMOID, false, false},
      {8, 9, 20, 1, 1, 1, EN_ACT_NONE, false, true},
      {19, 18, 12, 0, 0, 2, EN_ACT_RELU6, false, true},
      {27, 14, 6, 3, 0, 0, EN_ACT_SILU, false, false},
      // One pixel (a fully connected layer): the row path, one pixel x up to 8 panels side by
      // side; 19 and 17 vectors (uneven row tiles, a partial last vector), a long k loop.
      {1, 70, 300, 1, 2, 0, EN_ACT_SILU, true, true},
      {1, 33, 136, 0, 1, 1, EN_ACT_HSWISH, false, true},
      {1, 1100, 1000, 0, 0, 0, EN_ACT_NONE, true, false},
  };
  for (size_t index = 0; index < cases.size(); ++index)
    run_case(cases[index], 1 + index, pools.for_case(index, cases[index].m >= 97));
  // Few pixels, many threads: the output channels are split into groups as well.
  en_pool* eight = en_pool_create(8);
  const std::vector<Case> narrow = {
      {49, 64, 160, 0, 0, 0, EN_ACT_RELU6, true, true},
      {1, 20, 100, 1, 2, 3, EN_ACT_NONE, true, false},
      {30, 33, 250, 0, 3, 0, EN_ACT_RELU, false, true},
      {49, 300, 328, 1, 0, 0, EN_ACT_HSWISH, true, true},
  };
  for (size_t index = 0; index < narrow.size(); ++index) run_case(narrow[index], 50 + index, {nullptr, eight});
  en_pool_destroy(eight);
  run_in_place_residual(pools);
  run_argument_checks();
  return test::finish("test_pwconv");
}
