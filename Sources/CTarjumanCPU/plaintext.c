// The normalizer's innermost loop, and its search for bidi controls; see
// CTarjumanPlainText.h. The loop copies only what the general path (ContextualRules.swift)
// would leave as it is, and stops at anything else; the tests compare the fast path with
// the general one on every line of the sample corpora and on generated lines, and find a
// control at every position of a line full of other characters that start with E2.

#include "CTarjumanPlainText.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
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


uint64_t tj_copy_plain_text(
    const uint8_t *source, intptr_t count, tj_plain_run *run, const uint8_t *lineStart,
    const uint64_t *table, const uint32_t *info, uint64_t asciiLow, uint64_t asciiHigh,
    bool convertsASCIIDigits, bool keepsArabicPunctuation) {
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
  while (index < end) {
    uint16_t pair = load_pair(source + index);
    if (pair & 0x80) {
      uint64_t entry = table[pair];
      if (__builtin_expect(entry_order(entry) >= lastClass, 1)) {
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
