// How far a run of bytes of some classes goes, 64 bytes at a time where the processor has
// AVX-512 with VBMI: a 256-entry table looked up for every byte at once. Plain C types only.

#ifndef C_TARJUMAN_SPAN_H
#define C_TARJUMAN_SPAN_H

#include <stddef.h>
#include <stdint.h>

/// The offset of the first of the `count` bytes at `bytes` whose entry in `table` (256
/// bytes, one per byte value) is 0, or `count` when there is none.
size_t tj_span(const uint8_t *bytes, size_t count, const uint8_t *table);

/// `tj_span` a byte at a time, whatever the processor (for the tests).
size_t tj_span_scalar(const uint8_t *bytes, size_t count, const uint8_t *table);

#endif
