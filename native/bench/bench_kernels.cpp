// Per-layer timing of the depthwise, stem and SE kernels on the zoo's shapes, for each ISA this
// CPU runs: median and minimum microseconds over repeated calls, GFLOP/s (2 per MAC) and GB/s
// (activation bytes read + written once, weights ignored). Not a test; built with
// -DEDGENET_BENCH=ON. Usage: bench_kernels [dw|stem|se|all] [reps] [isa,...] [filter]
// (isa names: scalar, avx2, avx512; filter: a substring of the layer description).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "edgenet/edgenet.h"

namespace {

struct Timing {
  double median_us, min_us;
};

template <typename Fn>
Timing time_it(int reps, Fn&& fn) {
  fn();  // warm caches and the pool
  std::vector<double> us;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us.front()};
}

std::vector<float> filled(int64_t n, float scale) {
  std::vector<float> v(static_cast<size_t>(n));
  uint32_t s = 12345;
  for (auto& x : v) {
    s = s * 1664525u + 1013904223u;
    x = (static_cast<float>(s >> 8) / 16777216.0f - 0.5f) * scale;
  }
  return v;
}

struct Dw {
  int h, w, c, k, s, in_ps, out_ps, act, pad = -1;  // pad -1: k/2
};
struct Stem {
  int h, w, cout, act;
};
struct Se {
  int h, w, c, mid, act, gate;
};

const char* act_name(int a) {
  static const char* n[] = {"none", "relu", "relu6", "hswish", "hsigmoid", "silu", "sigmoid"};
  return n[a];
}

void report(const char* desc, const char* isa, Timing t, double macs, double bytes) {
  std::printf("%-52s %-7s %9.1f %9.1f %7.1f %7.1f\n", desc, isa, t.median_us, t.min_us, 2 * macs / t.min_us * 1e-3,
              bytes / t.min_us * 1e-3);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "all";
  const int reps = argc > 2 ? std::atoi(argv[2]) : 50;
  const std::string isa_list = argc > 3 ? argv[3] : "avx2,avx512";
  const std::string filter = argc > 4 ? argv[4] : "";
  std::vector<int> isas;
  for (int isa : {EN_ISA_SCALAR, EN_ISA_AVX2, EN_ISA_AVX512})
    if (isa_list.find(en_isa_name(isa)) != std::string::npos && en_isa_supported(isa)) isas.push_back(isa);

  std::printf("%-52s %-7s %9s %9s %7s %7s\n", "layer", "isa", "med us", "min us", "GFLOP/s", "GB/s");
  if (what == "dw" || what == "all") {
    // Distinct depthwise shapes of the nine zoo networks at 224 (pad k/2), with their activations.
    const Dw dws[] = {
        {112, 112, 32, 3, 1, 32, 32, EN_ACT_RELU6},    {112, 112, 32, 3, 1, 32, 32, EN_ACT_SILU},
        {112, 112, 64, 3, 2, 64, 64, EN_ACT_RELU},     {112, 112, 96, 3, 2, 96, 96, EN_ACT_RELU6},
        {56, 56, 144, 3, 1, 144, 144, EN_ACT_RELU6},   {56, 56, 144, 3, 2, 144, 144, EN_ACT_RELU6},
        {56, 56, 144, 5, 2, 144, 144, EN_ACT_SILU},    {56, 56, 128, 3, 1, 128, 128, EN_ACT_RELU},
        {28, 28, 192, 3, 1, 192, 192, EN_ACT_RELU6},   {28, 28, 240, 5, 1, 240, 240, EN_ACT_SILU},
        {28, 28, 240, 3, 2, 240, 240, EN_ACT_SILU},    {14, 14, 384, 3, 1, 384, 384, EN_ACT_RELU6},
        {14, 14, 480, 5, 1, 480, 480, EN_ACT_SILU},    {14, 14, 576, 3, 1, 576, 576, EN_ACT_RELU6},
        {14, 14, 672, 5, 1, 672, 672, EN_ACT_SILU},    {14, 14, 672, 5, 2, 672, 672, EN_ACT_SILU},
        {14, 14, 512, 3, 1, 512, 512, EN_ACT_RELU},    {7, 7, 960, 3, 1, 960, 960, EN_ACT_RELU6},
        {7, 7, 1152, 5, 1, 1152, 1152, EN_ACT_SILU},   {7, 7, 1024, 3, 1, 1024, 1024, EN_ACT_RELU},
        {112, 112, 8, 3, 1, 16, 16, EN_ACT_RELU},      {112, 112, 24, 3, 1, 48, 48, EN_ACT_RELU},
        {56, 56, 36, 3, 1, 72, 72, EN_ACT_RELU},       {56, 56, 72, 5, 2, 72, 72, EN_ACT_NONE},
        {28, 28, 58, 3, 1, 58, 58, EN_ACT_NONE},       {14, 14, 116, 3, 1, 116, 116, EN_ACT_NONE},
        {28, 28, 120, 5, 1, 120, 120, EN_ACT_RELU},    {14, 14, 240, 5, 1, 240, 240, EN_ACT_HSWISH},
        {112, 112, 16, 3, 2, 16, 16, EN_ACT_RELU},     {7, 7, 80, 3, 1, 160, 160, EN_ACT_NONE},
    };
    std::vector<Dw> list(std::begin(dws), std::end(dws));
    // EDGENET_BENCH_DW="h,w,c,k,s,act": only this shape.
    if (const char* e = std::getenv("EDGENET_BENCH_DW")) {
      Dw d{};
      d.pad = -1;
      if (std::sscanf(e, "%d,%d,%d,%d,%d,%d,%d", &d.h, &d.w, &d.c, &d.k, &d.s, &d.act, &d.pad) >= 6) {
        d.in_ps = d.out_ps = d.c;
        list.assign(1, d);
      }
    }
    for (const Dw& d : list) {
      const int pad = d.pad >= 0 ? d.pad : d.k / 2, oh = (d.h + 2 * pad - d.k) / d.s + 1, ow = (d.w + 2 * pad - d.k) / d.s + 1;
      const int64_t in_cap = (static_cast<int64_t>(d.h) * d.w - 1) * d.in_ps + d.c;
      const int64_t out_cap = (static_cast<int64_t>(oh) * ow - 1) * d.out_ps + d.c;
      const std::vector<float> in = filled(in_cap, 2.0f), wt = filled(d.k * d.k * d.c, 0.5f), b = filled(d.c, 0.1f);
      std::vector<float> out(static_cast<size_t>(out_cap));
      char desc[96];
      std::snprintf(desc, sizeof desc, "dw %dx%dx%d%s k%d s%d%s %s", d.h, d.w, d.c, d.in_ps != d.c ? "(ps)" : "", d.k,
                    d.s, pad != d.k / 2 ? " p0" : "", act_name(d.act));
      if (filter.size() && std::string(desc).find(filter) == std::string::npos) continue;
      const double macs = static_cast<double>(oh) * ow * d.c * d.k * d.k;
      const double bytes = 4.0 * d.c * (static_cast<double>(d.h) * d.w + static_cast<double>(oh) * ow);
      for (int isa : isas) {
        en_isa_force(isa);
        const Timing t = time_it(reps, [&] {
          en_dwconv(nullptr, in.data(), in_cap, 1, d.h, d.w, d.c, d.in_ps, wt.data(), b.data(), d.k, d.s, pad, d.act,
                    out.data(), out_cap, d.out_ps);
        });
        report(desc, en_isa_name(isa), t, macs, bytes);
      }
    }
  }
  if (what == "stem" || what == "all") {
    const Stem stems[] = {{224, 224, 32, EN_ACT_RELU6}, {224, 224, 32, EN_ACT_SILU}, {224, 224, 16, EN_ACT_HSWISH},
                          {224, 224, 16, EN_ACT_RELU},  {224, 224, 24, EN_ACT_RELU}};
    for (const Stem& s : stems) {
      const int oh = (s.h - 1) / 2 + 1, ow = (s.w - 1) / 2 + 1;
      const int64_t in_n = static_cast<int64_t>(s.h) * s.w * 3, out_n = static_cast<int64_t>(oh) * ow * s.cout;
      const std::vector<float> in = filled(in_n, 2.0f), wt = filled(27 * s.cout, 0.5f), b = filled(s.cout, 0.1f);
      std::vector<float> out(static_cast<size_t>(out_n));
      char desc[96];
      std::snprintf(desc, sizeof desc, "stem %dx%dx3->%d k3 s2 %s", s.h, s.w, s.cout, act_name(s.act));
      if (filter.size() && std::string(desc).find(filter) == std::string::npos) continue;
      for (int isa : isas) {
        en_isa_force(isa);
        const Timing t = time_it(reps, [&] {
          en_conv2d(nullptr, in.data(), in_n, 1, s.h, s.w, 3, wt.data(), b.data(), s.cout, 3, 2, 1, s.act, out.data(),
                    out_n);
        });
        report(desc, en_isa_name(isa), t, static_cast<double>(out_n) * 27, 4.0 * (in_n + out_n));
      }
    }
  }
  if (what == "se" || what == "all") {
    const Se ses[] = {{112, 112, 32, 8, EN_ACT_SILU, EN_ACT_SIGMOID},   {56, 56, 96, 4, EN_ACT_SILU, EN_ACT_SIGMOID},
                      {56, 56, 144, 6, EN_ACT_SILU, EN_ACT_SIGMOID},    {28, 28, 240, 10, EN_ACT_SILU, EN_ACT_SIGMOID},
                      {14, 14, 672, 28, EN_ACT_SILU, EN_ACT_SIGMOID},   {7, 7, 1152, 48, EN_ACT_SILU, EN_ACT_SIGMOID},
                      {28, 28, 72, 20, EN_ACT_RELU, EN_ACT_HSIGMOID},   {14, 14, 480, 120, EN_ACT_RELU, EN_ACT_HSIGMOID},
                      {14, 14, 672, 168, EN_ACT_RELU, EN_ACT_HSIGMOID}, {7, 7, 960, 240, EN_ACT_RELU, EN_ACT_HSIGMOID}};
    for (const Se& s : ses) {
      const int64_t n = static_cast<int64_t>(s.h) * s.w * s.c;
      const std::vector<float> in = filled(n, 2.0f), w1 = filled(s.c * s.mid, 0.2f), b1 = filled(s.mid, 0.1f),
                               w2 = filled(s.c * s.mid, 0.2f), b2 = filled(s.c, 0.1f);
      std::vector<float> out(static_cast<size_t>(n));
      char desc[96];
      std::snprintf(desc, sizeof desc, "se %dx%dx%d mid %d %s/%s", s.h, s.w, s.c, s.mid, act_name(s.act),
                    act_name(s.gate));
      if (filter.size() && std::string(desc).find(filter) == std::string::npos) continue;
      for (int isa : isas) {
        en_isa_force(isa);
        const Timing t = time_it(reps, [&] {
          en_se(nullptr, in.data(), n, 1, s.h, s.w, s.c, s.c, w1.data(), b1.data(), s.mid, s.act, w2.data(), b2.data(),
                s.gate, out.data(), n, s.c);
        });
        report(desc, en_isa_name(isa), t, 2.0 * n + 2.0 * s.c * s.mid, 4.0 * 3 * n);
        // Where SE's time goes: the mean pass alone (en_global_avgpool, the kernel SE uses) and
        // the two FCs (en_linear); the scale pass is the rest.
        std::vector<float> means(s.c), hidden(s.mid), gates(s.c);
        const Timing tm = time_it(reps, [&] {
          en_global_avgpool(nullptr, in.data(), n, 1, s.h, s.w, s.c, s.c, means.data(), s.c);
        });
        report((std::string(desc) + " [mean]").c_str(), en_isa_name(isa), tm, static_cast<double>(n) / 2, 4.0 * n);
        const Timing tf = time_it(reps, [&] {
          en_linear(nullptr, means.data(), s.c, 1, s.c, w1.data(), b1.data(), s.mid, s.act, hidden.data(), s.mid);
          en_linear(nullptr, hidden.data(), s.mid, 1, s.mid, w2.data(), b2.data(), s.c, s.gate, gates.data(), s.c);
        });
        report((std::string(desc) + " [2 fc]").c_str(), en_isa_name(isa), tf, 2.0 * s.c * s.mid,
               8.0 * s.c * s.mid);
      }
    }
  }
  en_isa_force(EN_ISA_AUTO);
  return 0;
}
