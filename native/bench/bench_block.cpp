// Depthwise-separable blocks of the zoo at 224x224 timed two ways through the C ABI: the three
// calls (1x1 expand, depthwise, 1x1 project, their middle tensors in memory) and one
// en_separable_block (banded, the middle channels in per-thread scratch); median microseconds
// of each and their ratio, at 1 and 2 threads, on the active ISA. Between two timed calls the
// caches are flushed with a 64 MB sweep, as a network's run leaves them for the next block.
// Not a test; built on request (--target bench_block). Usage: bench_block [reps] [flush 1|0]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "edgenet/edgenet.h"

namespace {

struct Shape {
  const char* name;
  int h, w, cin, cmid, cout, k, stride;
  bool expand, residual;
};

const Shape kShapes[] = {
    {"v2 112x112 16->96 s2", 112, 112, 16, 96, 24, 3, 2, true, false},
    {"v2 56x56 24->144", 56, 56, 24, 144, 24, 3, 1, true, true},
    {"v2 28x28 32->192", 28, 28, 32, 192, 32, 3, 1, true, true},
    {"v2 14x14 64->384", 14, 14, 64, 384, 64, 3, 1, true, true},
    {"v2 7x7 160->960", 7, 7, 160, 960, 160, 3, 1, true, true},
    {"v1 112x112 32 dw->64", 112, 112, 32, 32, 64, 3, 1, false, false},
    {"v1 56x56 128 dw->128", 56, 56, 128, 128, 128, 3, 1, false, false},
    {"v1 14x14 512 dw->512", 14, 14, 512, 512, 512, 3, 1, false, false},
};

std::vector<float> filled(int64_t n) {
  std::vector<float> v(static_cast<size_t>(n));
  uint32_t s = 12345;
  for (auto& x : v) {
    s = s * 1664525u + 1013904223u;
    x = (static_cast<float>(s >> 8) / 16777216.0f - 0.5f) * 0.2f;
  }
  return v;
}

std::vector<float> packed(int cin, int cout) {
  const std::vector<float> w = filled(static_cast<int64_t>(cin) * cout), b = filled(cout);
  std::vector<float> p(static_cast<size_t>(en_pwconv_pack_size(1, cin, cout)));
  en_pwconv_pack(1, cin, cout, w.data(), b.data(), p.data(), static_cast<int64_t>(p.size()));
  return p;
}

template <typename Fn>
double median_us(int reps, std::vector<float>& sweep, Fn&& fn) {
  fn();
  std::vector<double> us;
  for (int r = 0; r < reps; ++r) {
    float sum = 0;
    for (size_t i = 0; i < sweep.size(); i += 16) sum += sweep[i];
    sweep[0] = sum;
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(us.begin(), us.end());
  return us[us.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::atoi(argv[1]) : 40;
  std::vector<float> sweep(argc > 2 && std::atoi(argv[2]) == 0 ? 16 : 16 << 20);
  std::printf("%-24s %3s %12s %10s %7s\n", "block", "thr", "separate_us", "fused_us", "ratio");
  for (const Shape& s : kShapes) {
    const int pad = s.k / 2, oh = (s.h + 2 * pad - s.k) / s.stride + 1, ow = (s.w + 2 * pad - s.k) / s.stride + 1;
    const int64_t in_px = static_cast<int64_t>(s.h) * s.w, out_px = static_cast<int64_t>(oh) * ow;
    const std::vector<float> in = filled(in_px * s.cin), res = filled(out_px * s.cout);
    const std::vector<float> dw_w = filled(s.k * s.k * s.cmid), dw_b = filled(s.cmid);
    const std::vector<float> ex = s.expand ? packed(s.cin, s.cmid) : std::vector<float>(), pr = packed(s.cmid, s.cout);
    std::vector<float> mid(static_cast<size_t>(in_px * s.cmid)), dwo(static_cast<size_t>(out_px * s.cmid));
    std::vector<float> out(static_cast<size_t>(out_px * s.cout));
    const float* r = s.residual ? res.data() : nullptr;
    for (int threads : {1, 2}) {
      en_pool* pool = en_pool_create(threads);
      const double separate = median_us(reps, sweep, [&] {
        const float* dw_in = in.data();
        if (s.expand) {
          en_pwconv_packed(pool, in.data(), in_px * s.cin, in_px, s.cin, s.cin, ex.data(), ex.size(), s.cmid,
                           EN_ACT_RELU6, nullptr, 0, 0, mid.data(), mid.size(), s.cmid);
          dw_in = mid.data();
        }
        en_dwconv(pool, dw_in, in_px * s.cmid, 1, s.h, s.w, s.cmid, s.cmid, dw_w.data(), dw_b.data(), s.k, s.stride,
                  pad, EN_ACT_RELU6, dwo.data(), dwo.size(), s.cmid);
        en_pwconv_packed(pool, dwo.data(), dwo.size(), out_px, s.cmid, s.cmid, pr.data(), pr.size(), s.cout,
                         EN_ACT_NONE, r, res.size(), s.cout, out.data(), out.size(), s.cout);
      });
      const double fused = median_us(reps, sweep, [&] {
        en_separable_block(pool, in.data(), in_px * s.cin, 1, s.h, s.w, s.cin, s.cin, s.expand ? ex.data() : nullptr,
                           ex.size(), s.cmid, EN_ACT_RELU6, dw_w.data(), dw_b.data(), s.k, s.stride, pad,
                           EN_ACT_RELU6, pr.data(), pr.size(), s.cout, EN_ACT_NONE, r, res.size(), s.cout,
                           out.data(), out.size(), s.cout);
      });
      std::printf("%-24s %3d %12.1f %10.1f %7.2f\n", s.name, threads, separate, fused, separate / fused);
      en_pool_destroy(pool);
    }
  }
  return 0;
}
