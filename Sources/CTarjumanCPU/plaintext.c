// The normalizer's innermost loop, its 64-byte blocks, and its search for bidi controls;
// see CTarjumanPlainText.h. The loop copies only what the general path
// (ContextualRules.swift) would leave as it is, and stops at anything else; the tests
// compare the fast path with the general one on every line of the sample corpora and on
// generated lines, compare blocks with the loop without them on lines that put every rule
// a block decides at every offset of a block, and find a control at every position of a
// line full of other characters that start with E2.

#include "CTarjumanFeatures.h"
#include "CTarjumanPlainText.h"
#include "blocks.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define TJ_HAS_BLOCKS 1
#define TJ_BLOCK_TARGET __attribute__((target("avx512f,avx512bw,avx512vbmi,popcnt,lzcnt,bmi")))
#endif

static inline uint16_t load_pair(const uint8_t *bytes) {
  uint16_t pair;
  memcpy(&pair, bytes, sizeof pair);
  return pair;
}

static inline void store_pair(uint8_t *bytes, uint16_t pair) { memcpy(bytes, &pair, sizeof pair); }

static inline uint32_t entry_order(uint64_t entry) {
  return (uint32_t)(entry >> TJ_PLAIN_CLASS_SHIFT);
}

static inline uint32_t entry_next_class(uint64_t entry) {
  return (uint32_t)(entry >> TJ_PLAIN_NEXT_CLASS_SHIFT) & 0xFF;
}

// A block table: four tables of 256 bytes, indexed by the two bytes of an Arabic-script
// code point (lead D8–DB, continuation 80–BF) as `(lead & 3) << 6 | (continuation & 0x3F)`:
// facts (below), counters, features, and the combining class.
enum {
  // A code point the loop copies as it is: a starter (order 256, next class 1), or a mark
  // (order and next class its combining class).
  TJ_BLOCK_PLAIN = 1,
  TJ_BLOCK_WORD_START = 2,
  TJ_BLOCK_SPACE_MAY_FOLLOW = 4,
  TJ_BLOCK_HEH = 8,
  TJ_BLOCK_YEH = 16,
  TJ_BLOCK_JOINS_FOLLOWING = 32,
  TJ_BLOCK_JOINS_PRECEDING = 64,
  TJ_BLOCK_STARTER = 128,
};

// The counters table: the entry's Persian-minus-Arabic weight plus this bias in the low
// four bits, then its Arabic-script and Latin counters.
#define TJ_BLOCK_WEIGHT_BIAS 8
#define TJ_BLOCK_ARABIC 16
#define TJ_BLOCK_LATIN 32

void tj_build_block_table(const uint64_t *table, uint8_t *blocks) {
  memset(blocks, 0, TJ_BLOCK_TABLE_BYTES);
  for (int lead = 0xD8; lead <= 0xDB; lead++) {
    for (int second = 0x80; second <= 0xBF; second++) {
      uint64_t entry = table[lead | second << 8];
      int at = (lead & 3) << 6 | (second & 0x3F);
      uint32_t order = entry_order(entry);
      uint32_t nextClass = entry_next_class(entry);
      bool starter = order == 256 && nextClass == 1;
      bool mark = order >= 1 && order <= 240 && nextClass == order;
      if (!starter && !mark) continue;
      int32_t weight = (int32_t)((entry >> 18) & 0xFFF);
      if (weight & 0x800) weight -= 0x1000;
      // What the bits below cannot hold is left to the loop.
      if (weight < -TJ_BLOCK_WEIGHT_BIAS || weight > 15 - TJ_BLOCK_WEIGHT_BIAS) continue;
      if ((entry & 0x1FF) > 1 || ((entry >> 9) & 0x1FF) > 1) continue;
      uint8_t facts = TJ_BLOCK_PLAIN;
      if (starter) facts |= TJ_BLOCK_STARTER;
      if (entry & TJ_PLAIN_WORD_START) facts |= TJ_BLOCK_WORD_START;
      if (entry & TJ_PLAIN_SPACE_MAY_FOLLOW) facts |= TJ_BLOCK_SPACE_MAY_FOLLOW;
      if (entry & TJ_PLAIN_HEH) facts |= TJ_BLOCK_HEH;
      if (entry & TJ_PLAIN_YEH) facts |= TJ_BLOCK_YEH;
      if (entry & TJ_PLAIN_JOINS_FOLLOWING) facts |= TJ_BLOCK_JOINS_FOLLOWING;
      if (entry & TJ_PLAIN_JOINS_PRECEDING) facts |= TJ_BLOCK_JOINS_PRECEDING;
      uint8_t counters = (uint8_t)(weight + TJ_BLOCK_WEIGHT_BIAS);
      if ((entry >> 9) & 1) counters |= TJ_BLOCK_ARABIC;
      if (entry & 1) counters |= TJ_BLOCK_LATIN;
      blocks[at] = facts;
      blocks[256 + at] = counters;
      blocks[512 + at] = (uint8_t)((entry >> TJ_PLAIN_FEATURE_SHIFT) & 0xFF);
      blocks[768 + at] = starter ? 0 : (uint8_t)order;
    }
  }
}

#if defined(TJ_HAS_BLOCKS)
// One of the four tables of a block table, looked up for each byte: `index` holds
// `(lead & 3) << 6 | (next & 0x3F)`.
TJ_BLOCK_TARGET
static inline __m512i block_lookup(const uint8_t *table, __m512i index) {
  return tj_lookup_bytes(
      _mm512_loadu_si512(table), _mm512_loadu_si512(table + 64), _mm512_loadu_si512(table + 128),
      _mm512_loadu_si512(table + 192), index);
}

TJ_BLOCK_TARGET
static inline __mmask64 block_has(__m512i facts, __mmask64 where, int fact) {
  return where & _mm512_test_epi8_mask(facts, _mm512_set1_epi8((char)fact));
}

// What a block took: its length in bytes (0 when the first code point is not taken), the
// counters and features of its entries, and the offset of its last code point of two
// bytes.
typedef struct {
  intptr_t taken;
  uint64_t sum;
  uint64_t features;
  intptr_t last;
} block_result;

// How many of the 64 bytes at `source` (65 readable) the letter loop would copy as they
// are, code point by code point from the first: Arabic-script letters and marks in
// canonical order (D8–DB), single spaces between words that the loop's space rules copy,
// and ZWNJs the loop keeps (between two letters that join). The bytes taken are written
// to `out`. (The results come back by value: pointers to the loop's sum and features would
// keep those in memory through the loop.)
TJ_BLOCK_TARGET
static block_result block_prefix(const uint8_t *source, const uint8_t *blocks, uint8_t *out) {
  block_result result = {0, 0, 0, 0};
  __m512i bytes = _mm512_loadu_si512(source);
  __m512i next = _mm512_loadu_si512(source + 1);
  __mmask64 lead = tj_arabic_leads(bytes);
  __mmask64 continuation =
      _mm512_cmplt_epu8_mask(_mm512_sub_epi8(bytes, _mm512_set1_epi8((char)0x80)),
                             _mm512_set1_epi8(0x40));
  __mmask64 space = tj_equal_bytes(bytes, 0x20);
  __m512i index = tj_arabic_index(bytes, next);
  __m512i facts = block_lookup(blocks, index);
  __mmask64 plain = block_has(facts, lead, TJ_BLOCK_PLAIN);
  __mmask64 starter = block_has(facts, lead, TJ_BLOCK_STARTER);
  __mmask64 mark = plain & ~starter;
  __mmask64 wordStart = block_has(facts, lead, TJ_BLOCK_WORD_START);
  __mmask64 d9 = tj_equal_bytes(bytes, 0xD9);
  __mmask64 meem = d9 & tj_equal_bytes(next, 0x85);
  __mmask64 noon = d9 & tj_equal_bytes(next, 0x86);
  __mmask64 alef = tj_equal_bytes(bytes, 0xD8) & tj_equal_bytes(next, 0xA7);

  // A mark follows a letter, or a mark of a class no higher (the class of the code point
  // two bytes before, moved into place).
  __m512i classes = block_lookup(blocks + 768, index);
  __m512i twoBack = _mm512_set_epi8(
      61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40,
      39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18,
      17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0);
  __mmask64 inOrder =
      _mm512_cmple_epu8_mask(_mm512_permutexvar_epi8(twoBack, classes), classes);
  __mmask64 markTaken = mark & ((starter << 2) | ((mark << 2) & inOrder));

  // A ZWNJ between two letters that join each other stays: at offsets 2–59, so that the
  // letters on both sides lie in the block.
  __mmask64 zwnj = tj_equal_bytes(bytes, 0xE2) & (tj_equal_bytes(bytes, 0x80) >> 1) &
                   (tj_equal_bytes(bytes, 0x8C) >> 2);
  __mmask64 zwnjTaken = zwnj & (block_has(facts, starter, TJ_BLOCK_JOINS_FOLLOWING) << 2) &
                        (block_has(facts, starter, TJ_BLOCK_JOINS_PRECEDING) >> 3) &
                        (__mmask64)0x0FFFFFFFFFFFFFFCull;

  // A space is taken between a code point after which one may follow (after ی: unless
  // the word is the verb prefix می or نمی, as the loop decides it) and a letter that
  // starts a word, not ه before ا (the plural ها): at offsets 1–59, so that all it looks
  // at, back to the letter before a final م and on to the ا after ه, lies in the block.
  __mmask64 yeh = block_has(facts, lead, TJ_BLOCK_YEH);
  __mmask64 afterYeh = (yeh << 2) & ~(meem << 4);
  afterYeh |= (yeh << 2) & (meem << 4) & ((wordStart & ~noon) << 6);
  __mmask64 before =
      (block_has(facts, plain, TJ_BLOCK_SPACE_MAY_FOLLOW) << 2) | (afterYeh & ~(__mmask64)0x3F);
  __mmask64 heh = block_has(facts, lead, TJ_BLOCK_HEH);
  __mmask64 after = (wordStart >> 1) & ~((heh & (alef >> 2)) >> 1);
  __mmask64 spaceTaken = space & before & after & (__mmask64)0x0FFFFFFFFFFFFFFEull;

  __mmask64 taken2 = starter | markTaken;
  // Each code point taken has its continuation bytes in the block, and nothing else is.
  __mmask64 continued = (taken2 << 1) | (zwnjTaken << 1) | (zwnjTaken << 2);
  __mmask64 bad = (lead & ~taken2) | (taken2 & ~(continuation >> 1));
  bad |= continuation & ~continued;
  bad |= ~(lead | continuation | spaceTaken | zwnjTaken);

  intptr_t taken = bad ? (intptr_t)__builtin_ctzll(bad) : 64;
  if (taken == 0) return result;
  __mmask64 prefix = taken == 64 ? ~(__mmask64)0 : (((__mmask64)1 << taken) - 1);
  __mmask64 letters = lead & prefix;
  _mm512_mask_storeu_epi8(out, prefix, bytes);

  __m512i counters = _mm512_maskz_mov_epi8(letters, block_lookup(blocks + 256, index));
  uint64_t arabic = (uint64_t)__builtin_popcountll(
      _mm512_test_epi8_mask(counters, _mm512_set1_epi8(TJ_BLOCK_ARABIC)));
  uint64_t latin = (uint64_t)__builtin_popcountll(
      _mm512_test_epi8_mask(counters, _mm512_set1_epi8(TJ_BLOCK_LATIN)));
  uint64_t biased = (uint64_t)_mm512_reduce_add_epi64(_mm512_sad_epu8(
      _mm512_and_si512(counters, _mm512_set1_epi8(0x0F)), _mm512_setzero_si512()));
  uint64_t weight =
      (biased - (uint64_t)TJ_BLOCK_WEIGHT_BIAS * (uint64_t)__builtin_popcountll(letters)) &
      0xFFF;
  result.sum = latin + (arabic << 9) + (weight << 18);
  uint64_t featureBits = (uint64_t)_mm512_reduce_or_epi64(
      _mm512_maskz_mov_epi8(letters, block_lookup(blocks + 512, index)));
  featureBits |= featureBits >> 32;
  featureBits |= featureBits >> 16;
  featureBits |= featureBits >> 8;
  result.features = (featureBits & 0xFF) << TJ_PLAIN_FEATURE_SHIFT;
  result.last = 63 - (intptr_t)__builtin_clzll(letters);
  result.taken = taken;
  return result;
}

// How many bytes from `source` the loop would copy as they are, when they are all ASCII:
// letters, digits that stay ASCII, punctuation no rule changes, and single spaces
// between a letter, digit or closing mark and a letter or opening bracket. `limit` is how
// many bytes the loop may handle (it stops before the line's last byte, and after
// `TJ_PLAIN_MAXIMUM_RUN`), `left` how many the line has; nothing past the line is read
// (masked loads). The block starts on a letter. The bytes taken are written to `out`.
typedef struct {
  intptr_t taken;
  // The letters taken, for the sum's Latin counter.
  uint64_t letters;
  // Whether a digit was taken (the line's ASCII-digits feature).
  bool digits;
  // Whether a space may follow the last byte taken (`TJ_PLAIN_SPACE_MAY_FOLLOW`).
  bool spaceMayFollow;
} ascii_result;

// The ASCII letters of a block.
TJ_BLOCK_TARGET
static inline __mmask64 ascii_letters(__m512i bytes) {
  return _mm512_cmplt_epu8_mask(
      _mm512_sub_epi8(_mm512_or_si512(bytes, _mm512_set1_epi8(0x20)), _mm512_set1_epi8(0x61)),
      _mm512_set1_epi8(26));
}

// The opening brackets ( [ { of a block.
TJ_BLOCK_TARGET
static inline __mmask64 opening_brackets(__m512i bytes) {
  return tj_equal_bytes(bytes, 0x28) | tj_equal_bytes(bytes, 0x5B) | tj_equal_bytes(bytes, 0x7B);
}

TJ_BLOCK_TARGET
static ascii_result ascii_prefix(
    const uint8_t *source, intptr_t limit, intptr_t left, uint64_t asciiLow, uint64_t asciiHigh,
    bool convertsASCIIDigits, uint8_t *out) {
  __m512i bytes = _mm512_maskz_loadu_epi8(tj_first_bytes((size_t)left), source);
  __m512i next = _mm512_maskz_loadu_epi8(tj_first_bytes((size_t)(left - 1)), source + 1);
  __mmask64 ascii = _mm512_movepi8_mask(bytes) ^ ~(__mmask64)0;
  __mmask64 letter = ascii_letters(bytes);
  __mmask64 digit = _mm512_cmplt_epu8_mask(
      _mm512_sub_epi8(bytes, _mm512_set1_epi8(0x30)), _mm512_set1_epi8(10));
  if (convertsASCIIDigits) digit = 0;
  // The punctuation bits, one byte per bit (a permute on the low 7 bits of each byte).
  __m512i punctuationTable = _mm512_permutex2var_epi8(
      _mm512_movm_epi8(asciiLow), bytes, _mm512_movm_epi8(asciiHigh));
  __mmask64 punctuation = ascii & _mm512_movepi8_mask(punctuationTable);
  __mmask64 spaceMayFollow = letter | digit | (punctuation & ~opening_brackets(bytes));
  // A space is copied after a byte a space may follow, before a letter or an opening
  // bracket, and two bytes or more before the line's end.
  __mmask64 space = tj_equal_bytes(bytes, 0x20) & (spaceMayFollow << 1) &
                    (ascii_letters(next) | opening_brackets(next)) &
                    tj_first_bytes((size_t)(left - 2));
  __mmask64 bad = ~((letter | digit | punctuation | space) & tj_first_bytes((size_t)limit));
  intptr_t taken = bad ? (intptr_t)__builtin_ctzll(bad) : 64;
  __mmask64 prefix = tj_first_bytes((size_t)taken);
  _mm512_mask_storeu_epi8(out, prefix, bytes);
  ascii_result result;
  result.taken = taken;
  result.letters = (uint64_t)__builtin_popcountll(letter & prefix);
  result.digits = (digit & prefix) != 0;
  result.spaceMayFollow = taken > 0 && ((spaceMayFollow >> (taken - 1)) & 1);
  return result;
}
#endif

// The loop, with blocks or (given NULL and false, which remove that code) without:
// several functions, as the code for blocks costs the loop registers even where it takes
// no block.
static inline __attribute__((always_inline)) uint64_t copy_plain_text(
    const uint8_t *source, intptr_t count, tj_plain_run *run, const uint8_t *lineStart,
    const uint64_t *table, const uint32_t *info, uint64_t asciiLow, uint64_t asciiHigh,
    bool convertsASCIIDigits, bool keepsArabicPunctuation, const uint8_t *blocks,
    bool asciiBlocks) {
  intptr_t index = run->index;
  uint8_t *position = run->position;
  // What the next code point's order must reach: the last combining class, or 1 after
  // a starter.
  uint32_t lastClass = run->lastClass > 1 ? run->lastClass : 1;
  // The entry of the last code point written (0 for none yet, a space or an opening
  // bracket): the flags that decide the space and ZWNJ after it.
  uint64_t previous = 0;
  uint64_t sum = 0;
  uint64_t features = 0;
  intptr_t end = count - 1;
  if (index + TJ_PLAIN_MAXIMUM_RUN < end) end = index + TJ_PLAIN_MAXIMUM_RUN;
#if defined(TJ_HAS_BLOCKS)
  // 64 bytes at a time where they lie within the run and the line (with one more byte to
  // read).
  intptr_t blockEnd = end - 64;
#endif
  while (index < end) {
    uint16_t pair = load_pair(source + index);
    if (pair & 0x80) {
      uint64_t entry = table[pair];
      if (__builtin_expect(entry_order(entry) >= lastClass, 1)) {
#if defined(TJ_HAS_BLOCKS)
        if (blocks && index <= blockEnd) {
          block_result block = block_prefix(source + index, blocks, position);
          intptr_t taken = block.taken;
          // A block that stops after a letter or two would stop as early again: the rest
          // of the run goes letter by letter.
          if (taken < 8) blocks = NULL;
          if (taken > 0) {
            sum += block.sum;
            features |= block.features;
            previous = table[load_pair(source + index + block.last)];
            lastClass = entry_next_class(previous);
            index += taken;
            position += taken;
            continue;
          }
        }
#endif
        // A run of two-byte letters, and marks in canonical order.
        do {
          lastClass = entry_next_class(entry);
          sum += entry;
          features |= entry;
          previous = entry;
          store_pair(position, pair);
          position += 2;
          index += 2;
          if (index >= end) break;
          pair = load_pair(source + index);
          if (!(pair & 0x80)) break;
          entry = table[pair];
        } while (entry_order(entry) >= lastClass);
        continue;
      }
    }
    uint8_t lead = (uint8_t)pair;
    if (lead < 0x80) {
#if defined(TJ_HAS_BLOCKS)
      if (asciiBlocks && (uint8_t)((lead | 0x20) - 0x61) < 26) {
        // Latin text: 64 bytes at a time from a letter, to the first byte the loop would
        // not copy as it is (a comma, two spaces, a space before a quote, a letter of
        // another script, the end of the run).
        ascii_result block = ascii_prefix(
            source + index, end - index, count - index, asciiLow, asciiHigh,
            convertsASCIIDigits, position);
        // A block that stops soon would stop as soon again: the rest of the run goes byte
        // by byte.
        if (block.taken < 8) asciiBlocks = false;
        sum += block.letters;
        if (block.digits) features |= TJ_PLAIN_FEATURE_ASCII_DIGITS << TJ_PLAIN_FEATURE_SHIFT;
        previous = block.spaceMayFollow ? TJ_PLAIN_SPACE_MAY_FOLLOW : 0;
        index += block.taken;
        position += block.taken;
        lastClass = 1;
        continue;
      }
#endif
      if ((uint8_t)((lead | 0x20) - 0x61) < 26) {
        sum += 1;
        previous = TJ_PLAIN_SPACE_MAY_FOLLOW;
      } else if (lead == 0x20) {
        // One space between two words, where no rule applies: not after an opening
        // bracket or the word می (م D9 85, ی DB 8C), not before ها (ه D9 87, ا D8 A7),
        // not before anything but a letter.
        if (index + 2 >= count) break;
        if (!(previous & TJ_PLAIN_SPACE_MAY_FOLLOW)) {
          if (!(previous & TJ_PLAIN_YEH)) break;
          // A word ending in می is the verb prefix می or نمی unless a letter other than ن
          // stands before the م (اسلامی, رسمی): only then is the space copied.
          if (position - lineStart >= 4 && position[-3] == 0x85 && position[-4] == 0xD9) {
            if (position - lineStart < 6) break;
            uint16_t before = load_pair(position - 6);
            if (before == 0x86D9 || !(table[before] & TJ_PLAIN_WORD_START)) break;
          }
        }
        // Before an opening bracket, ( [ { or «, the space stays too: the rules about the
        // word before a space (می, ها) only apply when a letter follows.
        uint8_t second = (uint8_t)(pair >> 8);
        if (second < 0x80) {
          if ((uint8_t)((second | 0x20) - 0x61) >= 26 && second != 0x28 && second != 0x5B &&
              second != 0x7B)
            break;
        } else {
          uint16_t nextPair = load_pair(source + index + 1);
          uint64_t next = table[nextPair];
          if (!(next & TJ_PLAIN_WORD_START) && nextPair != 0xABC2) break;
          if ((next & TJ_PLAIN_HEH) && index + 4 < count && source[index + 3] == 0xD8 &&
              source[index + 4] == 0xA7)
            break;
        }
        previous = 0;
      } else if ((uint8_t)(lead - 0x30) < 10) {
        // Digits that stay ASCII in this language.
        if (convertsASCIIDigits) break;
        features |= TJ_PLAIN_FEATURE_ASCII_DIGITS << TJ_PLAIN_FEATURE_SHIFT;
        previous = TJ_PLAIN_SPACE_MAY_FOLLOW;
      } else if (((lead < 64 ? asciiLow : asciiHigh) >> (lead & 63)) & 1) {
        // Punctuation no rule changes by itself.
        previous = (lead == 0x28 || lead == 0x5B || lead == 0x7B) ? 0 : TJ_PLAIN_SPACE_MAY_FOLLOW;
      } else {
        break;
      }
      position[0] = lead;
      position += 1;
      index += 1;
      lastClass = 1;
      continue;
    }
    // A two-byte code point the loop above does not copy.
    uint64_t entry = table[pair];
    uint32_t order = entry_order(entry);
    uint8_t second = (uint8_t)(pair >> 8);
    if (order != 0) {
      // A mark after a mark of a higher class that this loop wrote (shadda before fatha):
      // written before it, as canonical ordering does, when the code point before that
      // one is a starter or a mark of a class no higher than this one.
      if (previous == 0) break;
      intptr_t written = position - lineStart;
      if (written >= 3) {
        uint8_t before = position[-3];
        if (before >= 0x80) {
          if (!(written >= 4 && (uint8_t)(position[-4] - 0xC2) < 0x1E && (before & 0xC0) == 0x80))
            break;
          intptr_t value = ((intptr_t)position[-4] & 0x1F) << 6 | ((intptr_t)before & 0x3F);
          if ((info[value] & 0xFF) > order) break;
        }
      }
      uint16_t moved = load_pair(position - 2);
      store_pair(position - 2, pair);
      store_pair(position, moved);
      sum += entry;
      position += 2;
      index += 2;
      // The last code point is still the mark moved, of class `lastClass`.
      continue;
    }
    if (lead == 0xE2) {
      // A single ZWNJ between two letters of two bytes: kept where it changes the
      // joining, dropped elsewhere.
      if (!(second == 0x80 && index + 4 < count && source[index + 2] == 0x8C &&
            (previous & TJ_PLAIN_TWO_BYTE_STARTER)))
        break;
      uint64_t next = table[load_pair(source + index + 3)];
      if (!(next & TJ_PLAIN_TWO_BYTE_STARTER)) break;
      if ((previous & TJ_PLAIN_JOINS_FOLLOWING) && (next & TJ_PLAIN_JOINS_PRECEDING)) {
        position[0] = 0xE2;
        position[1] = 0x80;
        position[2] = 0x8C;
        position += 3;
      }
      index += 3;
      lastClass = 1;
      continue;
    }
    if (lead == 0xD8 && (second == 0x8C || second == 0x9B || second == 0x9F)) {
      // ، ؛ ؟ followed by a space stay as they are in any line but an English one.
      if (!(keepsArabicPunctuation && index + 2 < count && source[index + 2] == 0x20)) break;
      features |= TJ_PLAIN_FEATURE_ARABIC_PUNCTUATION << TJ_PLAIN_FEATURE_SHIFT;
      previous = TJ_PLAIN_SPACE_MAY_FOLLOW;
      store_pair(position, pair);
      position += 2;
      index += 2;
      lastClass = 1;
      continue;
    }
    break;
  }
  run->index = index;
  run->position = position;
  run->lastClass = lastClass == 1 ? 0 : lastClass;
  run->entries |= features;
  return sum;
}

#if defined(TJ_HAS_BLOCKS)
// The loop with blocks of Arabic script, for a table whose entry after its own 65,536
// says so (and ASCII blocks when it says so too); the block table follows that entry.
__attribute__((noinline)) static uint64_t copy_in_blocks(
    const uint8_t *source, intptr_t count, tj_plain_run *run, const uint8_t *lineStart,
    const uint64_t *table, const uint32_t *info, uint64_t asciiLow, uint64_t asciiHigh,
    bool convertsASCIIDigits, bool keepsArabicPunctuation, bool asciiBlocks) {
  return copy_plain_text(
      source, count, run, lineStart, table, info, asciiLow, asciiHigh, convertsASCIIDigits,
      keepsArabicPunctuation, (const uint8_t *)(table + TJ_PLAIN_TABLE_ENTRIES + 1),
      asciiBlocks);
}

// The loop with ASCII blocks only.
__attribute__((noinline)) static uint64_t copy_in_ascii_blocks(
    const uint8_t *source, intptr_t count, tj_plain_run *run, const uint8_t *lineStart,
    const uint64_t *table, const uint32_t *info, uint64_t asciiLow, uint64_t asciiHigh,
    bool convertsASCIIDigits, bool keepsArabicPunctuation) {
  return copy_plain_text(
      source, count, run, lineStart, table, info, asciiLow, asciiHigh, convertsASCIIDigits,
      keepsArabicPunctuation, NULL, true);
}
#endif

uint64_t tj_copy_plain_text(
    const uint8_t *source, intptr_t count, tj_plain_run *run, const uint8_t *lineStart,
    const uint64_t *table, const uint32_t *info, uint64_t asciiLow, uint64_t asciiHigh,
    bool convertsASCIIDigits, bool keepsArabicPunctuation) {
#if defined(TJ_HAS_BLOCKS)
  uint64_t blocks = table[TJ_PLAIN_TABLE_ENTRIES];
  if (blocks & TJ_PLAIN_ARABIC_BLOCKS) {
    return copy_in_blocks(
        source, count, run, lineStart, table, info, asciiLow, asciiHigh, convertsASCIIDigits,
        keepsArabicPunctuation, (blocks & TJ_PLAIN_ASCII_BLOCKS) != 0);
  }
  if (blocks & TJ_PLAIN_ASCII_BLOCKS) {
    return copy_in_ascii_blocks(
        source, count, run, lineStart, table, info, asciiLow, asciiHigh, convertsASCIIDigits,
        keepsArabicPunctuation);
  }
#endif
  return copy_plain_text(
      source, count, run, lineStart, table, info, asciiLow, asciiHigh, convertsASCIIDigits,
      keepsArabicPunctuation, NULL, false);
}

intptr_t tj_find_bidi_control(const uint8_t *bytes, intptr_t count, intptr_t from) {
  intptr_t index = from;
#if defined(__SSE2__)
  // 32 bytes an iteration: two compares and one test, as long Arabic lines hold no E2
  // for hundreds of bytes.
  const __m128i lead = _mm_set1_epi8((char)0xE2);
  for (; index + 32 <= count; index += 32) {
    __m128i low = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(bytes + index)), lead);
    __m128i high = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(bytes + index + 16)), lead);
    if (!_mm_movemask_epi8(_mm_or_si128(low, high))) continue;
    uint32_t found = (uint32_t)_mm_movemask_epi8(low) | (uint32_t)_mm_movemask_epi8(high) << 16;
    for (; found != 0; found &= found - 1) {
      intptr_t at = index + __builtin_ctz(found);
      if (tj_is_bidi_control(bytes, count, at)) return at;
    }
  }
#endif
  for (; index < count; index++) {
    if (tj_is_bidi_control(bytes, count, index)) return index;
  }
  return count;
}
