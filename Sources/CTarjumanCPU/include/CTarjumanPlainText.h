// The innermost loop of the normalizer's fast path, in C: words of letters copied from
// the input to the output with one table load per code point. Written in C because the
// Swift compiler, given the whole loop, reloads the table's address from the stack and
// copies its counters between registers on every letter: the same loop in C takes 3% less
// of `normalize`'s time on Persian text and 5% on Arabic. Plain C types only; the layout
// of a table entry is `PlainTable`'s (see PlainTable.swift), whose constants are these.
// Where the processor has AVX-512 with VBMI, Persian lines and Latin text go 64 bytes at a
// time (see `tj_copy_plain_text`'s `table`).

#ifndef C_TARJUMAN_PLAIN_TEXT_H
#define C_TARJUMAN_PLAIN_TEXT_H

#include <stdbool.h>
#include <stdint.h>

/// `PlainTable.wordStart`: an Arabic or Latin letter no rule looks at.
static const uint64_t TJ_PLAIN_WORD_START = (uint64_t)1 << 39;
/// `PlainTable.spaceMayFollow`.
static const uint64_t TJ_PLAIN_SPACE_MAY_FOLLOW = (uint64_t)1 << 40;
/// `PlainTable.twoByteStarter`.
static const uint64_t TJ_PLAIN_TWO_BYTE_STARTER = (uint64_t)1 << 41;
/// `PlainTable.joinsFollowing`.
static const uint64_t TJ_PLAIN_JOINS_FOLLOWING = (uint64_t)1 << 42;
/// `PlainTable.joinsPreceding`.
static const uint64_t TJ_PLAIN_JOINS_PRECEDING = (uint64_t)1 << 43;
/// `PlainTable.heh`.
static const uint64_t TJ_PLAIN_HEH = (uint64_t)1 << 44;
/// `PlainTable.yeh`.
static const uint64_t TJ_PLAIN_YEH = (uint64_t)1 << 45;
/// `PlainTable.nextClassShift`.
static const int TJ_PLAIN_NEXT_CLASS_SHIFT = 47;
/// `PlainTable.classShift`.
static const int TJ_PLAIN_CLASS_SHIFT = 55;
/// `PlainTable.featureShift`.
static const int TJ_PLAIN_FEATURE_SHIFT = 30;
/// `PlainTable.maximumRun`.
static const int TJ_PLAIN_MAXIMUM_RUN = 500;
/// `LanguageFeatures.asciiDigits`.
static const uint64_t TJ_PLAIN_FEATURE_ASCII_DIGITS = 8;
/// `LanguageFeatures.arabicPunctuation`.
static const uint64_t TJ_PLAIN_FEATURE_ARABIC_PUNCTUATION = 32;

/// What `tj_copy_plain_text` reads and leaves: positions in the input and output, the
/// combining class of the last code point written, and the OR of the entries copied.
typedef struct {
  /// In: where to start in `source`; out: the first byte not handled.
  intptr_t index;
  /// In: where to write; out: the end of what was written.
  uint8_t *position;
  /// In and out: the combining class of the last code point written (0 for a starter).
  uint32_t lastClass;
  /// Out: the OR of the entries copied (their language features), added to what it held.
  uint64_t entries;
} tj_plain_run;

/// The fast path's letter loop (under `ContextualRules.copyPlainRun`): copies, from
/// `run->index`, words of two-byte letters and marks that the language's table lets
/// through, ASCII letters, digits and punctuation that no rule changes, the single space
/// between two words or before an opening bracket (not after the verb prefix می or نمی,
/// nor before ها), a ZWNJ between two letters of two bytes, an Arabic comma, semicolon
/// or question mark followed by a space, and puts a mark typed out of canonical order
/// (shadda before fatha) in its place. It stops at anything else, before the last byte of
/// the line (it reads two bytes at a time and never past the line), or after
/// `TJ_PLAIN_MAXIMUM_RUN` bytes, so that no counter of the sum overflows.
///
/// - Parameters:
///   - source, count: the line.
///   - lineStart: where the line's output starts (the loop looks back at what it wrote).
///   - table: the language's `PlainTable`, 65,536 entries, then one whose bits have the
///     loop go 64 bytes at a time where it can (AVX-512 with VBMI):
///     `TJ_PLAIN_ARABIC_BLOCKS`, with the block table (`tj_build_block_table`) after it,
///     and `TJ_PLAIN_ASCII_BLOCKS`. Each block takes at once its longest start that the
///     loop would copy as it is (Arabic-script letters, marks in canonical order, single
///     spaces between words, ZWNJs kept between two joining letters; or, from an ASCII
///     letter, ASCII letters, digits, punctuation and single spaces), so that word ends
///     cost no mispredicted branch; what stops a block goes through the loop, and after a
///     block that takes fewer than 8 bytes the rest of the run goes one code point at a
///     time. ASCII blocks read the line's last bytes with masked loads, so that a short
///     English line takes them too. Output, sum and entries are the same either way.
///   - info: the per-code-point facts of U+0000–U+07FF (`ScalarInfo`), whose low 8 bits
///     are the combining class.
///   - asciiLow, asciiHigh: which ASCII bytes below and from 64 are copied as is.
///   - convertsASCIIDigits: whether the line's digits change (then a digit stops the loop).
///   - keepsArabicPunctuation: whether `،` `؛` `؟` stay as they are (every line language
///     but English).
/// - Returns: the sum of the entries copied, ASCII letters counted in, for
///   `PlainTable.flush`.
uint64_t tj_copy_plain_text(
    const uint8_t *source, intptr_t count, tj_plain_run *run, const uint8_t *lineStart,
    const uint64_t *table, const uint32_t *info, uint64_t asciiLow, uint64_t asciiHigh,
    bool convertsASCIIDigits, bool keepsArabicPunctuation);

/// Entries of a `PlainTable` before the entry that turns blocks on.
#define TJ_PLAIN_TABLE_ENTRIES 0x10000

/// In the entry after a table's 65,536: blocks of Arabic script (a block table follows).
#define TJ_PLAIN_ARABIC_BLOCKS 1
/// In the entry after a table's 65,536: blocks of ASCII, from an ASCII letter.
#define TJ_PLAIN_ASCII_BLOCKS 2

/// The size of a block table: four tables of 256 bytes (facts, counters, features,
/// combining classes), indexed by the two bytes of an Arabic-script code point (lead
/// D8–DB, continuation 80–BF) as `(lead & 3) << 6 | (continuation & 0x3F)`.
#define TJ_BLOCK_TABLE_BYTES 1024

/// Fills a block table from a `PlainTable`: what `tj_copy_plain_text` needs to check 64
/// bytes at once. Only code points whose entries it can hold are in it.
void tj_build_block_table(const uint64_t *table, uint8_t *blocks);

/// Whether a bidi control of three bytes (LRM, RLM, U+202A–U+202E, U+2066–U+2069) starts
/// at `index` of `bytes[0..<count]`.
static inline bool tj_is_bidi_control(const uint8_t *bytes, intptr_t count, intptr_t index) {
  if (bytes[index] != 0xE2 || index + 2 >= count) return false;
  uint8_t second = bytes[index + 1];
  uint8_t third = bytes[index + 2];
  if (second == 0x80) return third == 0x8E || third == 0x8F || (third >= 0xAA && third <= 0xAE);
  return second == 0x81 && third >= 0xA6 && third <= 0xA9;
}

/// The offset of the first bidi control of three bytes (LRM, RLM, U+202A–U+202E,
/// U+2066–U+2069) at or after `from` in a line, or `count`: the normalizer's search
/// before its letter loop, 32 bytes at a time. (The C library's `memchr` for their lead
/// byte E2 stopped at every ZWNJ of a Persian line, E2 80 8C, and was called again.)
intptr_t tj_find_bidi_control(const uint8_t *bytes, intptr_t count, intptr_t from);

#endif
