// The processor features of CTarjumanFeatures.h.

#include "CTarjumanFeatures.h"

bool tj_cpu_has_vbmi = false;
bool tj_cpu_has_vbmi2 = false;

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((constructor)) static void read_features(void) {
  __builtin_cpu_init();
  tj_cpu_has_vbmi = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                    __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("bmi2");
  tj_cpu_has_vbmi2 = tj_cpu_has_vbmi && __builtin_cpu_supports("avx512vbmi2");
}
#endif
