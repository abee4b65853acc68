// The UTF-8 check of CTarjumanUTF8.h. Each byte is classified from three nibbles: the
// high and low nibbles of the byte before it and its own high nibble, each looked up in a
// 16-entry table of the errors that nibble allows; a byte is wrong where all three tables
// name the same error. This is the lookup method Keiser and Lemire describe ("Validating
// UTF-8 in less than one instruction per byte", 2021). The third and fourth bytes of a
// sequence are checked apart: a continuation byte there must follow a lead two or three
// bytes back.

#include "CTarjumanFeatures.h"
#include "CTarjumanUTF8.h"
#include "blocks.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define TJ_HAS_UTF8_BLOCKS 1
#define TJ_UTF8_TARGET __attribute__((target("avx512f,avx512bw,avx512vbmi")))

// What can be wrong with a pair of bytes, one bit each.
enum {
  TOO_SHORT = 1 << 0,      // a lead or ASCII after a lead that needs a continuation
  TOO_LONG = 1 << 1,       // a continuation after ASCII
  OVERLONG_3 = 1 << 2,     // E0 80–9F
  TOO_LARGE = 1 << 3,      // F4 90–BF, F5–FF
  SURROGATE = 1 << 4,      // ED A0–BF
  OVERLONG_2 = 1 << 5,     // C0, C1
  TOO_LARGE_1000 = 1 << 6, // F5–FF followed by 80–8F
  OVERLONG_4 = 1 << 6,     // F0 80–8F (same bit: both need 80–8F after an F lead)
  TWO_CONTS = 1 << 7,      // a continuation after a continuation (allowed only where
                           // a three- or four-byte sequence is under way)
};
enum { CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS };

TJ_UTF8_TARGET
static inline __m512i table16(const int8_t entries[16]) {
  return _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)entries));
}

// The input moved some bytes later (as `index` says), with the last bytes of `previous`
// in front.
TJ_UTF8_TARGET
static inline __m512i shifted(__m512i previous, __m512i current, __m512i index) {
  return _mm512_permutex2var_epi8(previous, index, current);
}

// permutex2var indexes, filled at load: byte i of the result is byte 64 + i - k of
// previous:current, for k of 1, 2 and 3.
static uint8_t indexBytes[3][64];

TJ_UTF8_TARGET
static bool utf8_is_valid_blocks(const uint8_t *bytes, size_t count) {
  static const int8_t firstHigh[16] = {
      TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
      TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
      TOO_SHORT | OVERLONG_2,
      TOO_SHORT,
      TOO_SHORT | OVERLONG_3 | SURROGATE,
      TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4,
  };
  static const int8_t firstLow[16] = {
      CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,
      CARRY | OVERLONG_2,
      CARRY,
      CARRY,
      CARRY | TOO_LARGE,
      CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
      CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000,
  };
  static const int8_t secondHigh[16] = {
      TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
      (int8_t)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4),
      (int8_t)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),
      (int8_t)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
      (int8_t)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
      TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
  };
  const __m512i tableFirstHigh = table16(firstHigh);
  const __m512i tableFirstLow = table16(firstLow);
  const __m512i tableSecondHigh = table16(secondHigh);
  const __m512i lowNibble = _mm512_set1_epi8(0x0F);
  const __m512i back1 = _mm512_loadu_si512(indexBytes[0]);
  const __m512i back2 = _mm512_loadu_si512(indexBytes[1]);
  const __m512i back3 = _mm512_loadu_si512(indexBytes[2]);

  __m512i previous = _mm512_setzero_si512();
  __m512i errors = _mm512_setzero_si512();
  size_t at = 0;
  // One block past the end when the last one is full, so that a sequence cut short by
  // the end meets the zeros after it (which are not continuations).
  size_t end = count + (count % 64 == 0 ? 1 : 0);
  while (at < end) {
    size_t left = at < count ? count - at : 0;
    __mmask64 valid = tj_first_bytes(left);
    __m512i current = _mm512_maskz_loadu_epi8(valid, bytes + at);
    if (left >= 64 && _mm512_movepi8_mask(current) == 0 &&
        _mm512_movepi8_mask(previous) == 0) {
      // ASCII after ASCII: nothing to check.
      previous = current;
      at += 64;
      continue;
    }
    __m512i before1 = shifted(previous, current, back1);
    __m512i before2 = shifted(previous, current, back2);
    __m512i before3 = shifted(previous, current, back3);
    __m512i errorsOfPairs = _mm512_and_si512(
        _mm512_and_si512(
            _mm512_shuffle_epi8(
                tableFirstHigh, _mm512_and_si512(_mm512_srli_epi16(before1, 4), lowNibble)),
            _mm512_shuffle_epi8(tableFirstLow, _mm512_and_si512(before1, lowNibble))),
        _mm512_shuffle_epi8(
            tableSecondHigh, _mm512_and_si512(_mm512_srli_epi16(current, 4), lowNibble)));
    // Where a three- or four-byte sequence is under way, the byte must be a continuation
    // (TWO_CONTS, 0x80, set above) and is then right.
    __mmask64 third = _mm512_cmpge_epu8_mask(before2, _mm512_set1_epi8((char)0xE0));
    __mmask64 fourth = _mm512_cmpge_epu8_mask(before3, _mm512_set1_epi8((char)0xF0));
    __m512i expected = _mm512_maskz_mov_epi8(third | fourth, _mm512_set1_epi8((char)0x80));
    errors = _mm512_or_si512(errors, _mm512_xor_si512(errorsOfPairs, expected));
    previous = current;
    at += 64;
  }
  return _mm512_test_epi8_mask(errors, errors) == 0;
}

// Filled at load: see indexBytes.
__attribute__((constructor)) static void fill_indexes(void) {
  for (int k = 1; k <= 3; k++) {
    for (int i = 0; i < 64; i++) indexBytes[k - 1][i] = (uint8_t)(64 + i - k);
  }
}
#endif

int tj_utf8_check(const uint8_t *bytes, size_t count) {
#if defined(TJ_HAS_UTF8_BLOCKS)
  if (tj_cpu_has_vbmi) return utf8_is_valid_blocks(bytes, count) ? 1 : 0;
#endif
  (void)bytes;
  (void)count;
  return -1;
}
