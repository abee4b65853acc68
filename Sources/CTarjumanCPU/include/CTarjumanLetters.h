// The language detector's letter counts, 64 bytes at a time where the processor has
// AVX-512 with VBMI: ASCII, the two-byte code points U+0600 to U+06FF (Arabic script) and
// the punctuation U+2000 to U+203F, which is all most lines of the three languages hold.
// Plain C types only; the facts of each Arabic-script code point come from the caller.

#ifndef C_TARJUMAN_LETTERS_H
#define C_TARJUMAN_LETTERS_H

#include <stddef.h>
#include <stdint.h>

/// `LanguageDetector.LetterCounts`'s four counts.
typedef struct {
  int64_t latin;
  int64_t arabic_script;
  int64_t persian_weight;
  int64_t arabic_weight;
} tj_letter_counts;

/// Bits of an entry of the table `tj_count_letters` reads.
enum {
  /// An Arabic-script letter.
  TJ_LETTER_ARABIC = 1,
  /// Bits 1 to 3: the code point's Persian weight; bits 4 to 6: its Arabic weight.
  TJ_LETTER_PERSIAN_SHIFT = 1,
  TJ_LETTER_ARABIC_WEIGHT_SHIFT = 4,
};

/// Adds to `counts` the letters of the bytes from `bytes` on, up to the first byte that is
/// not ASCII, not part of a well-formed code point of U+0600 to U+06FF and not part of one
/// of U+2000 to U+203F; returns how many bytes it read (always whole code points). ASCII
/// letters count as Latin; an Arabic-script code point counts as its entry in `table` says
/// (256 entries, indexed by `(lead & 3) << 6 | (continuation & 0x3F)`); U+2000 to U+203F
/// count nothing. Returns 0 when the processor has no AVX-512 with VBMI.
size_t tj_count_letters(
    const uint8_t *bytes, size_t count, const uint8_t *table, tj_letter_counts *counts);

#endif
