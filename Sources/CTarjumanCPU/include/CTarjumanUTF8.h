// Whether bytes are well-formed UTF-8, 64 bytes at a time where the processor has AVX-512
// with VBMI. Plain C types only. The offset of the first ill-formed sequence, which only
// bad input needs, is `UTF8Decoding.firstInvalidOffset`'s to find.

#ifndef C_TARJUMAN_UTF8_H
#define C_TARJUMAN_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Whether the `count` bytes at `bytes` are well-formed UTF-8 (the Unicode Standard's
/// table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF, no sequence cut
/// short at the end): 1 when they are, 0 when they are not, -1 when this processor has no
/// AVX-512 with VBMI and the bytes were not read.
int tj_utf8_check(const uint8_t *bytes, size_t count);

#endif
