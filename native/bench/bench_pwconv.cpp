// Pointwise convolution timings on the zoo's 1x1 shapes, straight through the C ABI (no JVM):
// median microseconds and GFLOP/s per shape for each ISA, engine (packed weights, per-call
// packing, OpenBLAS) and thread count. A development tool, not a test: built on demand with
//   cmake --build <dir> --target bench_pwconv
// and run as
//   bench_pwconv [--isa scalar|avx2|avx512|all] [--mode packed|unpacked|openblas|all]
//                [--threads N] [--ms MILLISECONDS] [--cpu] [--cold] [--shape MxCINxCOUT[+res][/act]]...
// --cold evicts the caches before each timed call (a network's run reads each layer's weights once,
// cold); --cpu times the calling thread's CPU time instead of wall time (one-thread runs only).
// With no --shape, the default list below (MobileNetV1/V2, EfficientNet-B0 at 224x224).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <ctime>
#include <vector>

#include "edgenet/edgenet.h"

namespace {

struct Shape {
  int64_t m;
  int cin, cout;
  bool residual;
  int act;
  std::string name;
};

Shape parse_shape(const std::string& s) {
  Shape sh{};
  long long m = 0;
  int cin = 0, cout = 0;
  if (std::sscanf(s.c_str(), "%lldx%dx%d", &m, &cin, &cout) != 3) {
    std::fprintf(stderr, "bad shape %s\n", s.c_str());
    std::exit(2);
  }
  sh.m = m;
  sh.cin = cin;
  sh.cout = cout;
  sh.residual = s.find("+res") != std::string::npos;
  sh.act = EN_ACT_RELU6;
  const size_t slash = s.find('/');
  if (slash != std::string::npos) {
    const std::string a = s.substr(slash + 1);
    sh.act = a == "none" ? EN_ACT_NONE : a == "relu" ? EN_ACT_RELU : a == "silu" ? EN_ACT_SILU
           : a == "hswish" ? EN_ACT_HSWISH : a == "sigmoid" ? EN_ACT_SIGMOID : EN_ACT_RELU6;
  }
  sh.name = s;
  return sh;
}

const char* const kDefaultShapes[] = {
    // MobileNetV1 (ReLU6... as ReLU; the activation barely matters for these)
    "12544x32x64", "3136x64x128", "3136x128x128", "784x128x256", "784x256x256", "196x256x512", "196x512x512",
    "49x512x1024", "49x1024x1024",
    // MobileNetV2
    "12544x16x96", "3136x24x144", "3136x144x24+res/none", "784x32x192", "784x192x32+res/none", "196x64x384",
    "196x384x64+res/none", "196x96x576", "196x576x96+res/none", "49x160x960", "49x960x160+res/none", "49x960x320/none",
    "49x320x1280",
    // EfficientNet-B0 (SiLU expansions, linear projections)
    "12544x32x16/none", "3136x96x24/none", "3136x24x144/silu", "784x144x40/none", "784x40x240/silu",
    "196x240x80/none", "196x80x480/silu", "196x480x112/none", "196x112x672/silu", "49x672x192/none",
    "49x192x1152/silu", "49x1152x320/none", "49x320x1280/silu",
};

// Wall-clock seconds, or with --cpu the calling thread's CPU time: on a shared machine that leaves
// out the time other processes hold this core (one-thread runs only; with a pool the workers'
// time is not counted).
bool g_cpu_time = false;
volatile float sink;
double now_s() {
  if (g_cpu_time) {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> isas = {"best"}, modes = {"packed"};
  std::vector<Shape> shapes;
  int threads = 1;
  bool cold = false;  // evict the caches before each timed call, as a network's run leaves a layer's weights
  std::vector<float> evict;
  double budget_ms = 300;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : "";
    if (a == "--isa") {
      isas = std::string(v) == "all" ? std::vector<std::string>{"avx512", "avx2", "scalar"}
                                     : std::vector<std::string>{v};
      ++i;
    } else if (a == "--mode") {
      modes = std::string(v) == "all" ? std::vector<std::string>{"packed", "unpacked", "openblas"}
                                      : std::vector<std::string>{v};
      ++i;
    } else if (a == "--threads") {
      threads = std::atoi(v);
      ++i;
    } else if (a == "--ms") {
      budget_ms = std::atof(v);
      ++i;
    } else if (a == "--cold") {
      cold = true;
    } else if (a == "--cpu") {
      g_cpu_time = true;
    } else if (a == "--shape") {
      shapes.push_back(parse_shape(v));
      ++i;
    } else {
      std::fprintf(stderr, "unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  if (shapes.empty())
    for (const char* s : kDefaultShapes) shapes.push_back(parse_shape(s));
  en_pool* pool = threads > 1 ? en_pool_create(threads) : nullptr;

  // p10: the GFLOP/s of the 10th-percentile time, which on a shared machine estimates the speed
  // without interference better than the median does.
  std::printf("%-24s %-8s %-9s %3s %10s %8s %8s\n", "shape", "isa", "mode", "thr", "median_us", "GFLOP/s", "p10");
  for (const Shape& sh : shapes) {
    const int64_t in_n = sh.m * sh.cin, out_n = sh.m * sh.cout;
    std::vector<float> in(in_n), w(static_cast<size_t>(sh.cin) * sh.cout), b(sh.cout), res(out_n), out(out_n);
    uint64_t state = 12345;
    auto rnd = [&] {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      return static_cast<float>((state >> 40) & 0xFFFFFF) / 8388608.0f - 1.0f;
    };
    for (auto* v : {&in, &w, &b, &res})
      for (float& x : *v) x = rnd() * 0.5f;
    const int64_t packed_n = en_pwconv_pack_size(1, sh.cin, sh.cout);
    float* packed = en_alloc_floats(packed_n);
    en_pwconv_pack(1, sh.cin, sh.cout, w.data(), b.data(), packed, packed_n);
    const float* r = sh.residual ? res.data() : nullptr;
    for (const std::string& isa_name : isas) {
      const int isa = isa_name == "best" ? EN_ISA_AUTO : isa_name == "avx512" ? EN_ISA_AVX512
                    : isa_name == "avx2" ? EN_ISA_AVX2 : EN_ISA_SCALAR;
      if (en_isa_force(isa) != EN_OK) continue;
      for (const std::string& mode : modes) {
        en_gemm_force(mode == "openblas" ? EN_GEMM_OPENBLAS : EN_GEMM_OWN);
        auto call = [&] {
          const int rc = mode == "packed"
                             ? en_pwconv_packed(pool, in.data(), in_n, sh.m, sh.cin, sh.cin, packed, packed_n, sh.cout,
                                                sh.act, r, out_n, sh.cout, out.data(), out_n, sh.cout)
                             : en_pwconv(pool, in.data(), in_n, sh.m, sh.cin, sh.cin, w.data(), b.data(), sh.cout,
                                         sh.act, r, out_n, sh.cout, out.data(), out_n, sh.cout);
          if (rc != EN_OK) {
            std::fprintf(stderr, "%s: rc %d\n", sh.name.c_str(), rc);
            std::exit(1);
          }
        };
        for (int i = 0; i < 3; ++i) call();
        if (cold && evict.empty()) evict.assign(size_t{16} << 20, 1.0f);  // 64 MB, beyond any L3 here
        std::vector<double> times;
        const double start = now_s();
        while ((now_s() - start) * 1e3 < budget_ms || times.size() < 5) {
          if (cold) {  // reads only: dirty lines would be written back during the timed call
            float sum = 0.0f;
            for (size_t i = 0; i < evict.size(); i += 16) sum += evict[i];
            sink += sum;
          }
          const double t0 = now_s();
          call();
          times.push_back(now_s() - t0);
        }
        std::sort(times.begin(), times.end());
        const double med = times[times.size() / 2];
        const double flop = 2.0 * sh.m * sh.cin * sh.cout;
        std::printf("%-24s %-8s %-9s %3d %10.1f %8.1f %8.1f\n", sh.name.c_str(), en_isa_name(en_isa_active()),
                    mode.c_str(), threads, med * 1e6, flop / med / 1e9, flop / times[times.size() / 10] / 1e9);
        std::fflush(stdout);
      }
    }
    en_free(packed);
  }
  en_isa_force(EN_ISA_AUTO);
  en_gemm_force(EN_GEMM_OWN);
  en_pool_destroy(pool);
  return 0;
}
