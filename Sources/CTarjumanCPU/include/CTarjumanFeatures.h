// What the processor offers the module's 64-byte loops, read once when the library is
// loaded, so that choosing a loop costs a load and a predicted branch. Plain C types only.

#ifndef C_TARJUMAN_FEATURES_H
#define C_TARJUMAN_FEATURES_H

#include <stdbool.h>

/// AVX-512 F and BW with VBMI (byte permutes across a register), and BMI2.
extern bool tj_cpu_has_vbmi;
/// The same with VBMI2 (byte compress) as well.
extern bool tj_cpu_has_vbmi2;

/// `tj_cpu_has_vbmi` for Swift, which does not read a mutable C global without a
/// concurrency warning: written once, before `main`, and only read after. The normalizer
/// builds its block tables only where it is true, and the tests of the 64-byte loops run
/// only there.
static inline bool tj_has_vbmi(void) { return tj_cpu_has_vbmi; }

#endif
