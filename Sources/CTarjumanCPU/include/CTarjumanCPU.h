// Processor hints that Swift does not expose, as static inline functions: the Swift
// compiler imports them through Clang and inlines them, so each is one instruction in
// the caller, not a call. The module's loops in C (the normalizer's letter loop, the
// finder's copy of words without harakat, the UTF-8 check, the language detector's letter
// counts, spans of bytes by table), 64 bytes at a time where the processor has AVX-512
// (`CTarjumanFeatures.h`), have their own headers, included here.

#ifndef C_TARJUMAN_CPU_H
#define C_TARJUMAN_CPU_H

#include "CTarjumanFeatures.h"
#include "CTarjumanHarakat.h"
#include "CTarjumanLetters.h"
#include "CTarjumanPlainText.h"
#include "CTarjumanSpan.h"
#include "CTarjumanUTF8.h"

/// Starts loading the cache line at `address` into the nearest caches, without waiting
/// for it: a hash-table slot that a lookup a little later will read. Unlike a load, the
/// instruction retires at once, so that many misses can be in flight while the code
/// between goes on. A hint only: it never faults, whatever the address.
static inline void tj_prefetch(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(address, 0, 3);
#else
  (void)address;
#endif
}

#endif
