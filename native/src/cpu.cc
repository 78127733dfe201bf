// Runtime ISA selection from cpuid. The addon is built with kernels for AVX-512, AVX2+FMA and a portable
// baseline; the best one this CPU (and OS, via XGETBV) supports is used, so a build made on an AVX-512 machine
// runs on an AVX2-only one. TENSORFORGE_ISA=avx512|avx2|base forces a lower one (for tests and comparisons).
#include <cpuid.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

#include "common.h"

namespace tfn {
namespace {

uint64_t xgetbv0() {
  uint32_t eax, edx;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (static_cast<uint64_t>(edx) << 32) | eax;
}

enum Isa { kBase = 0, kAvx2 = 1, kAvx512 = 2 };

Isa detect() {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return kBase;
  bool osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1;
  if (!osxsave || !avx) return kBase;
  uint64_t xcr0 = xgetbv0();
  bool ymm_os = (xcr0 & 0x6) == 0x6;
  bool zmm_os = (xcr0 & 0xe6) == 0xe6;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return kBase;
  bool avx2 = (b >> 5) & 1;
  bool avx512f = (b >> 16) & 1, avx512dq = (b >> 17) & 1, avx512bw = (b >> 30) & 1, avx512vl = (b >> 31) & 1;
  if (avx512f && avx512dq && avx512bw && avx512vl && fma && zmm_os) return kAvx512;
  if (avx2 && fma && ymm_os) return kAvx2;
  return kBase;
}

Isa chosen() {
  Isa best = detect();
  const char* env = std::getenv("TENSORFORGE_ISA");
  if (env != nullptr) {
    Isa want = std::strcmp(env, "avx512") == 0 ? kAvx512 : std::strcmp(env, "avx2") == 0 ? kAvx2 : kBase;
    if (want < best) return want;
  }
  return best;
}

const Kernels* table_for(Isa isa) {
  switch (isa) {
    case kAvx512: return kernels_avx512();
    case kAvx2: return kernels_avx2();
    default: return kernels_base();
  }
}

std::atomic<const Kernels*>& current() {
  static std::atomic<const Kernels*> k{table_for(chosen())};
  return k;
}

}  // namespace

const Kernels& active_kernels() { return *current().load(std::memory_order_relaxed); }

bool select_isa(const char* name) {
  int want = std::strcmp(name, "avx512") == 0 ? kAvx512 : std::strcmp(name, "avx2") == 0 ? kAvx2
             : std::strcmp(name, "base") == 0 ? kBase : -1;
  if (want < kBase || want > detect()) return false;
  current().store(table_for(static_cast<Isa>(want)), std::memory_order_relaxed);
  return true;
}

bool cpu_has_avx512_bf16() {
  unsigned a, b, c, d;
  if (detect() != kAvx512) return false;
  // CPUID.(EAX=7, ECX=1):EAX bit 5 is AVX512_BF16 (Intel SDM vol. 2A, CPUID leaf 07H sub-leaf 1).
  if (!__get_cpuid_count(7, 1, &a, &b, &c, &d)) return false;
  return (a >> 5) & 1;
}

const char* cpu_isa_name() {
  switch (detect()) {
    case kAvx512: return "avx512";
    case kAvx2: return "avx2";
    default: return "base";
  }
}

}  // namespace tfn
