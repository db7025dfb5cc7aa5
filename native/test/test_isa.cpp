// en_cpu_features: only known bits, only this architecture's, consistent with the ISA variants it
// enables, with the kernel's own account in /proc/cpuinfo where there is one, and equal to
// EDGENET_EXPECT_CPU_FEATURES where the test is told what to expect (ctest sets it when qemu
// emulates a known core, e.g. Cortex-A53 without and Cortex-A76 with dotprod and fp16).
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "check.h"

namespace {

const int kAllFeatures[] = {EN_CPU_AVX2, EN_CPU_AVX512, EN_CPU_NEON, EN_CPU_DOTPROD, EN_CPU_FP16};

std::set<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::set<std::string> out;
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

std::set<std::string> names_of(int features) {
  std::set<std::string> out;
  for (int f : kAllFeatures) {
    if (features & f) out.insert(en_cpu_feature_name(f));
  }
  return out;
}

std::string joined(const std::set<std::string>& s) {
  std::string out;
  for (const std::string& w : s) out += (out.empty() ? "" : " ") + w;
  return out.empty() ? "(none)" : out;
}

// The flag words of the first CPU in /proc/cpuinfo ("flags" on x86, "Features" on arm64); false
// where there is no such line for this architecture (qemu-user shows the host's file).
bool kernel_flags(std::set<std::string>* flags) {
#if defined(__x86_64__)
  const std::string key = "flags";
#elif defined(__aarch64__)
  const std::string key = "Features";
#else
  return false;
#endif
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.compare(0, key.size(), key) == 0 && line.find(':') != std::string::npos) {
      *flags = words(line.substr(line.find(':') + 1));
      return true;
    }
  }
  return false;
}

}  // namespace

int main() {
  const int features = en_cpu_features();
  std::printf("CPU features: %s (0x%x)\n", joined(names_of(features)).c_str(), features);
  CHECK(en_cpu_features() == features, "not stable: 0x%x then 0x%x", features, en_cpu_features());

  int known = 0;
  for (int f : kAllFeatures) {
    known |= f;
    CHECK(std::string(en_cpu_feature_name(f)) != "unknown", "bit 0x%x has no name", f);
  }
  CHECK((features & ~known) == 0, "unknown bits 0x%x", features & ~known);
  CHECK(std::string(en_cpu_feature_name(0)) == "unknown", "name of 0");
  CHECK(std::string(en_cpu_feature_name(EN_CPU_NEON | EN_CPU_FP16)) == "unknown", "name of two bits");
  CHECK(std::string(en_cpu_feature_name(1 << 30)) == "unknown", "name of an unknown bit");

#if defined(__x86_64__)
  CHECK((features & (EN_CPU_NEON | EN_CPU_DOTPROD | EN_CPU_FP16)) == 0, "arm64 bits on x86: 0x%x", features);
  CHECK(en_isa_supported(EN_ISA_AVX2) == ((features & EN_CPU_AVX2) ? 1 : 0), "AVX2 variant against the AVX2 bit");
  if ((features & EN_CPU_AVX512) && (features & EN_CPU_AVX2)) {
    CHECK(en_isa_supported(EN_ISA_AVX512) == 1, "AVX-512 bit set, but no AVX-512 variant");
  }
  CHECK(en_isa_supported(EN_ISA_NEON) == 0, "NEON variant on x86");
#elif defined(__aarch64__)
  CHECK((features & (EN_CPU_AVX2 | EN_CPU_AVX512)) == 0, "x86 bits on arm64: 0x%x", features);
  CHECK(features & EN_CPU_NEON, "an AArch64 CPU without Advanced SIMD");
  CHECK(en_isa_supported(EN_ISA_NEON) == 1, "NEON bit set, but no NEON variant");
  CHECK(en_isa_supported(EN_ISA_AVX2) == 0 && en_isa_supported(EN_ISA_AVX512) == 0, "x86 variants on arm64");
#endif

  std::set<std::string> flags;
  if (kernel_flags(&flags)) {
    auto has = [&](const char* w) { return flags.count(w) > 0; };
    std::set<std::string> expected;
#if defined(__x86_64__)
    if (has("avx2") && has("fma")) expected.insert("avx2");
    if (has("avx512f") && has("avx512bw") && has("avx512dq") && has("avx512vl")) expected.insert("avx512");
#elif defined(__aarch64__)
    if (has("asimd")) expected.insert("neon");
    if (has("asimddp")) expected.insert("dotprod");
    if (has("fphp") && has("asimdhp")) expected.insert("fp16");
#endif
    CHECK(names_of(features) == expected, "/proc/cpuinfo says %s, detected %s", joined(expected).c_str(),
          joined(names_of(features)).c_str());
  } else {
    std::printf("/proc/cpuinfo has no flags for this architecture (emulated?): not compared\n");
  }

  if (const char* expect = std::getenv("EDGENET_EXPECT_CPU_FEATURES")) {
    CHECK(names_of(features) == words(expect), "expected %s, detected %s", joined(words(expect)).c_str(),
          joined(names_of(features)).c_str());
    std::printf("expected features: %s\n", joined(words(expect)).c_str());
  }
  return test::finish("test_isa");
}
