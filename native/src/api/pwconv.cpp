// en_pwconv, en_pwconv_packed and the packing entry points: argument checks, the packed buffer,
// engine and variant choice, and the thread split shared with the grouped entry points.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <numeric>

#include "api/dispatch.h"
#include "api/pwconv_run.h"
#include "api/validate.h"
#include "kernels/kernels.h"
#include "pool.h"

namespace edgenet {
namespace {

// Header fields (int32 each, stored in the first floats of the buffer).
constexpr int32_t kMagic = 0x57504e45;  // "ENPW"
constexpr int32_t kLayoutVersion = 1;
enum HeaderField { kFieldMagic, kFieldVersion, kFieldGroups, kFieldCin, kFieldCout, kFieldBias, kFieldPanel };

int32_t header_field(const float* packed, int field) {
  int32_t v;
  std::memcpy(&v, packed + field, sizeof v);
  return v;
}

void set_header_field(float* packed, int field, int32_t v) { std::memcpy(packed + field, &v, sizeof v); }

int64_t group_floats(int cin_g, int cout_g) { return (static_cast<int64_t>(cin_g) + 1) * pwconv_padded(cout_g); }

// Minimum multiply-adds per thread before a layer is split at all: below it, waking the pool
// costs more than the work (about a microsecond against 8192 MACs at ~50 per ns).
constexpr int64_t kMinMacsPerThread = 8192;

}  // namespace

bool pwconv_packed_size(int64_t groups, int64_t cin_g, int64_t cout_g, int64_t* size) {
  if (groups < 1 || cin_g < 1 || cout_g < 1 || groups > INT32_MAX || cin_g > INT32_MAX || cout_g > INT32_MAX)
    return false;
  int64_t per_group, all;
  if (!checked_mul(cin_g + 1, pwconv_padded(cout_g), &per_group) || !checked_mul(groups, per_group, &all)) return false;
  if (all > INT64_MAX - kPwconvHeaderFloats) return false;
  *size = all + kPwconvHeaderFloats;
  return true;
}

void pwconv_pack_into(int groups, int cin_g, int cout_g, const float* weight, const float* bias, float* packed) {
  std::fill(packed, packed + kPwconvHeaderFloats, 0.0f);
  set_header_field(packed, kFieldMagic, kMagic);
  set_header_field(packed, kFieldVersion, kLayoutVersion);
  set_header_field(packed, kFieldGroups, groups);
  set_header_field(packed, kFieldCin, cin_g);
  set_header_field(packed, kFieldCout, cout_g);
  set_header_field(packed, kFieldBias, bias != nullptr ? 1 : 0);
  set_header_field(packed, kFieldPanel, kPwconvPanel);
  const int64_t padded = pwconv_padded(cout_g);
  float* region = packed + kPwconvHeaderFloats;
  for (int gi = 0; gi < groups; ++gi, region += group_floats(cin_g, cout_g)) {
    std::fill(region, region + padded, 0.0f);
    if (bias != nullptr) std::memcpy(region, bias + static_cast<int64_t>(gi) * cout_g, sizeof(float) * cout_g);
    pwconv_pack_panels(weight + static_cast<int64_t>(gi) * cin_g * cout_g, cout_g, cin_g, cout_g, region + padded);
  }
}

bool pwconv_packed_matches(const float* packed, int64_t cap, int groups, int cin_g, int cout_g, bool* has_bias) {
  int64_t size;
  if (packed == nullptr || !pwconv_packed_size(groups, cin_g, cout_g, &size) || cap < size) return false;
  if (header_field(packed, kFieldMagic) != kMagic || header_field(packed, kFieldVersion) != kLayoutVersion ||
      header_field(packed, kFieldGroups) != groups || header_field(packed, kFieldCin) != cin_g ||
      header_field(packed, kFieldCout) != cout_g || header_field(packed, kFieldPanel) != kPwconvPanel)
    return false;
  const int32_t bias = header_field(packed, kFieldBias);
  if (bias != 0 && bias != 1) return false;
  *has_bias = bias == 1;
  return true;
}

PwconvParams pwconv_packed_params(const float* packed, bool has_bias, int cin_g, int cout_g, int gi) {
  const float* region = packed + kPwconvHeaderFloats + gi * group_floats(cin_g, cout_g);
  PwconvParams p{};
  p.bias = has_bias ? region : nullptr;
  p.weight = region + pwconv_padded(cout_g);
  p.cin = cin_g;
  p.cout = cout_g;
  return p;
}

void pwconv_run(en_pool* pool, const PwconvRun& run) {
  const PwconvParams& base = run.base;
  const int groups = run.groups;
  const int64_t m = base.m;
  const int cout = base.cout;
  auto group_params = [&](int gi) {
    const PwconvParams packed = pwconv_packed_params(run.packed, run.has_bias, base.cin, cout, gi);
    PwconvParams p = base;
    p.bias = packed.bias;
    p.weight = packed.weight;
    p.in = base.in + gi * run.in_gs;
    p.out = base.out + gi * run.out_gs;
    p.residual = base.residual != nullptr ? base.residual + static_cast<int64_t>(gi) * cout : nullptr;
    return p;
  };
  const auto variant = EDGENET_PICK_VARIANT_512(pwconv_ref, pwconv_avx2, pwconv_avx512, pwconv_neon);

  // Thread split: each group into `parts` parts so that groups * parts is a multiple of the
  // thread count (every thread gets as many parts; 3 groups on 2 threads are 6 parts, not 2 + 1).
  // A group splits by output channels when it has more of them than pixels, else by pixels:
  // a thread then reads a share of the larger operand (the weights of a 7x7 or 14x14 layer, the
  // input of an early one) and all of the smaller.
  const int threads = en_pool_threads(pool);
  int64_t macs_per_group, macs;  // saturated: only compared against small thresholds
  if (!checked_mul3(m, base.cin, cout, &macs_per_group)) macs_per_group = INT64_MAX;
  if (!checked_mul(macs_per_group, groups, &macs)) macs = INT64_MAX;
  int64_t parts = 1;
  if (threads > 1 && macs >= 2 * kMinMacsPerThread) {
    parts = threads / std::gcd(groups, threads);
    parts = std::max<int64_t>(1, std::min(parts, macs_per_group / kMinMacsPerThread));
  }
  const int64_t vectors = (cout + kPwconvColumnAlign - 1) / kPwconvColumnAlign;
  int64_t column_parts = 1, pixel_parts = parts;
  if (cout > m && vectors > 1) {
    column_parts = std::min(parts, vectors);
    pixel_parts = (parts + column_parts - 1) / column_parts;
  }
  pixel_parts = std::min(pixel_parts, m);
  const int64_t units_per_group = column_parts * pixel_parts;
  parallel_for(pool, groups * units_per_group, [&](int64_t begin, int64_t end) {
    for (int64_t unit = begin; unit < end; ++unit) {
      const int gi = static_cast<int>(unit / units_per_group);
      const int64_t local = unit % units_per_group;
      const int64_t pp = local / column_parts, cp = local % column_parts;
      const int64_t q0 = m * pp / pixel_parts, q1 = m * (pp + 1) / pixel_parts;
      const int c0 = static_cast<int>(vectors * cp / column_parts * kPwconvColumnAlign);
      const int c1 = static_cast<int>(std::min<int64_t>(vectors * (cp + 1) / column_parts * kPwconvColumnAlign, cout));
      if (q1 > q0 && c1 > c0) variant(group_params(gi), q0, q1, c0, c1);
    }
  });
}

}  // namespace edgenet

extern "C" {

int64_t en_pwconv_pack_size(int groups, int cin_g, int cout_g) {
  int64_t size;
  return edgenet::pwconv_packed_size(groups, cin_g, cout_g, &size) ? size : EN_ERR_ARG;
}

int en_pwconv_pack(int groups, int cin_g, int cout_g, const float* weight, const float* bias, float* packed,
                   int64_t packed_cap) {
  using namespace edgenet;
  int64_t size;
  if (weight == nullptr || packed == nullptr) return EN_ERR_ARG;
  if (!pwconv_packed_size(groups, cin_g, cout_g, &size) || packed_cap < size) return EN_ERR_ARG;
  pwconv_pack_into(groups, cin_g, cout_g, weight, bias, packed);
  return EN_OK;
}

int en_pwconv_packed(en_pool* pool, const float* in, int64_t in_cap, int64_t m, int cin, int in_ps,
                     const float* packed, int64_t packed_cap, int cout, int act, const float* residual,
                     int64_t res_cap, int res_ps, float* out, int64_t out_cap, int out_ps) {
  using namespace edgenet;
  if (in == nullptr || packed == nullptr || out == nullptr) return EN_ERR_ARG;
  if (m < 1 || cin < 1 || cout < 1 || !valid_act(act)) return EN_ERR_ARG;
  bool has_bias;
  if (!pwconv_packed_matches(packed, packed_cap, 1, cin, cout, &has_bias)) return EN_ERR_ARG;
  if (!strided_fits(m, in_ps, cin, in_cap) || !strided_fits(m, out_ps, cout, out_cap)) return EN_ERR_ARG;
  if (residual != nullptr && !strided_fits(m, res_ps, cout, res_cap)) return EN_ERR_ARG;
  // An in-place residual add (residual == out) is element-wise only with the same stride.
  if (residual != nullptr && residual == out && res_ps != out_ps) return EN_ERR_ARG;
  const PwconvParams p{in, nullptr, nullptr, residual, out, m, cin, in_ps, cout, act, residual ? res_ps : 0, out_ps};
  pwconv_run(pool, PwconvRun{p, 1, 0, 0, packed, has_bias});
  return EN_OK;
}

int en_pwconv(en_pool* pool, const float* in, int64_t in_cap, int64_t m, int cin, int in_ps, const float* weight,
              const float* bias, int cout, int act, const float* residual, int64_t res_cap, int res_ps, float* out,
              int64_t out_cap, int out_ps) {
  using namespace edgenet;
  if (in == nullptr || weight == nullptr || out == nullptr) return EN_ERR_ARG;
  if (m < 1 || cin < 1 || cout < 1 || !valid_act(act)) return EN_ERR_ARG;
  int64_t packed_size;
  if (!pwconv_packed_size(1, cin, cout, &packed_size)) return EN_ERR_ARG;
  if (!strided_fits(m, in_ps, cin, in_cap) || !strided_fits(m, out_ps, cout, out_cap)) return EN_ERR_ARG;
  if (residual != nullptr && !strided_fits(m, res_ps, cout, res_cap)) return EN_ERR_ARG;
  if (residual != nullptr && residual == out && res_ps != out_ps) return EN_ERR_ARG;

  const PwconvParams p{in, nullptr, nullptr, residual, out, m, cin, in_ps, cout, act, residual ? res_ps : 0, out_ps};
  if (gemm_engine() == EN_GEMM_OPENBLAS) {
    // Fixed chunks, whatever the thread count: each row always goes through the same sgemm shape.
    const EpilogueFn epilogue = EDGENET_PICK_VARIANT(epilogue_ref, epilogue_avx2, epilogue_neon);
    std::atomic<bool> out_of_memory{false};
    parallel_for(pool, (m + kOpenblasRowChunk - 1) / kOpenblasRowChunk, [&](int64_t begin, int64_t end) {
      if (!pwconv_openblas(p, weight, bias, begin * kOpenblasRowChunk, std::min(end * kOpenblasRowChunk, m), epilogue))
        out_of_memory.store(true);
    });
    return out_of_memory.load() ? EN_ERR_NOMEM : EN_OK;
  }
  // Our kernels read packed weights only: pack into a scratch block for this call (a network
  // packs once, at build time, and calls en_pwconv_packed).
  if (packed_size > PTRDIFF_MAX / static_cast<int64_t>(sizeof(float))) return EN_ERR_NOMEM;
  std::unique_ptr<float[]> packed(new (std::nothrow) float[static_cast<size_t>(packed_size)]);
  if (!packed) return EN_ERR_NOMEM;
  pwconv_pack_into(1, cin, cout, weight, bias, packed.get());
  pwconv_run(pool, PwconvRun{p, 1, 0, 0, packed.get(), bias != nullptr});
  return EN_OK;
}

}  // extern "C"
