// Harakat taken out of a word of Arabic script, for the mention finder's lookups: a word
// reads the same with and without them (see `MentionFinder.withoutHarakat`), and most
// vowelled words fit the finder's front table only without them. Plain C types only.

#ifndef C_TARJUMAN_HARAKAT_H
#define C_TARJUMAN_HARAKAT_H

#include <stddef.h>
#include <stdint.h>

/// Copies the `count` bytes of `word` (valid UTF-8) to `output` without harakat (U+064B
/// to U+0652, `D9 8B` to `D9 92`), and returns how many bytes it copied; returns `count`,
/// the copy then meaning nothing, when the word has no harakat or no other code point of
/// U+0600 to U+06FF. `output` has room for `count` bytes.
///
/// Where the processor has AVX-512 with VBMI2 (checked once, at load), 64 bytes at a time
/// with a compress; else a pair of bytes at a time.
size_t tj_copy_without_harakat(const uint8_t *word, size_t count, uint8_t *output);

/// The offset of the first haraka (its `D9`) in the `count` bytes of `line`, or `count`
/// when there is none: words that end before it have none to take out, and Persian or
/// English lines, which seldom have any, skip the copy word by word. 64 bytes at a time
/// where the processor has AVX-512 with VBMI2, else a byte at a time.
size_t tj_first_haraka(const uint8_t *line, size_t count);

/// `tj_copy_without_harakat` a pair of bytes at a time, whatever the processor (for the
/// tests, which compare the two).
size_t tj_copy_without_harakat_scalar(const uint8_t *word, size_t count, uint8_t *output);

#endif
