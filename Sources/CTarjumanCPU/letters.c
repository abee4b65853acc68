// The letter counts of CTarjumanLetters.h.

#include "CTarjumanFeatures.h"
#include "CTarjumanLetters.h"
#include "blocks.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define TJ_LETTERS_TARGET __attribute__((target("avx512f,avx512bw,avx512vbmi,popcnt,bmi")))

// The sum of the 3-bit field at `shift` of the bytes of `entries` chosen by `where`.
TJ_LETTERS_TARGET
static inline __m512i field_sums(__m512i entries, __mmask64 where, int shift) {
  __m512i field = _mm512_and_si512(
      _mm512_srli_epi16(entries, (unsigned)shift), _mm512_set1_epi8(7));
  return _mm512_sad_epu8(_mm512_maskz_mov_epi8(where, field), _mm512_setzero_si512());
}

TJ_LETTERS_TARGET
static size_t count_letters_blocks(
    const uint8_t *bytes, size_t count, const uint8_t *table, tj_letter_counts *counts) {
  const __m512i table0 = _mm512_loadu_si512(table);
  const __m512i table1 = _mm512_loadu_si512(table + 64);
  const __m512i table2 = _mm512_loadu_si512(table + 128);
  const __m512i table3 = _mm512_loadu_si512(table + 192);
  __m512i persian = _mm512_setzero_si512();
  __m512i arabic = _mm512_setzero_si512();
  int64_t latin = 0;
  int64_t arabicScript = 0;
  size_t at = 0;
  while (at < count) {
    size_t left = count - at;
    __mmask64 valid = tj_first_bytes(left);
    __m512i current = _mm512_maskz_loadu_epi8(valid, bytes + at);
    // The one and two bytes after each byte, read again from memory (no byte past the
    // input): a sequence that begins in the block may end in the next one.
    __m512i next = _mm512_maskz_loadu_epi8(tj_first_bytes(left - 1), bytes + at + 1);
    __m512i afterNext =
        _mm512_maskz_loadu_epi8(left >= 2 ? tj_first_bytes(left - 2) : 0, bytes + at + 2);
    const __m512i top = _mm512_set1_epi8((char)0xC0);
    const __m512i continuation = _mm512_set1_epi8((char)0x80);
    __mmask64 nextContinues =
        _mm512_cmpeq_epi8_mask(_mm512_and_si512(next, top), continuation);
    __mmask64 afterNextContinues =
        _mm512_cmpeq_epi8_mask(_mm512_and_si512(afterNext, top), continuation);
    __mmask64 ascii = valid & ~_mm512_movepi8_mask(current);
    __mmask64 arabicLeads = tj_arabic_leads(current) & nextContinues;
    __mmask64 punctuation = tj_equal_bytes(current, 0xE2) & tj_equal_bytes(next, 0x80) & afterNextContinues;
    __mmask64 covered = ascii | arabicLeads | (arabicLeads << 1) | punctuation |
                        (punctuation << 1) | (punctuation << 2);
    __mmask64 bad = valid & ~covered;
    size_t stop = bad != 0 ? (size_t)_tzcnt_u64(bad) : (left >= 64 ? 64 : left);
    // Code points that begin before `stop`: whole, as the first byte not covered is there.
    __mmask64 counted = tj_first_bytes(stop);
    // ASCII letters: A–Z and a–z, case folded.
    __m512i folded = _mm512_sub_epi8(
        _mm512_or_si512(current, _mm512_set1_epi8(0x20)), _mm512_set1_epi8(0x61));
    __mmask64 letters = ascii & _mm512_cmplt_epu8_mask(folded, _mm512_set1_epi8(26));
    latin += (int64_t)_mm_popcnt_u64(letters & counted);
    // Arabic-script code points: their entries, by lead and continuation.
    __mmask64 leads = arabicLeads & counted;
    if (leads != 0) {
      __m512i entries =
          tj_lookup_bytes(table0, table1, table2, table3, tj_arabic_index(current, next));
      arabicScript += (int64_t)_mm_popcnt_u64(
          leads & _mm512_test_epi8_mask(entries, _mm512_set1_epi8(TJ_LETTER_ARABIC)));
      persian = _mm512_add_epi64(persian, field_sums(entries, leads, TJ_LETTER_PERSIAN_SHIFT));
      arabic = _mm512_add_epi64(arabic, field_sums(entries, leads, TJ_LETTER_ARABIC_WEIGHT_SHIFT));
    }
    if (bad != 0) {
      at += stop;
      break;
    }
    // A code point that began in the block's last bytes ends in the next one.
    size_t crossing = 0;
    if (left > 64) {
      if ((arabicLeads >> 63) & 1) crossing = 1;
      if ((punctuation >> 63) & 1) crossing = 2;
      if ((punctuation >> 62) & 1) crossing = 1;
    }
    at += stop + crossing;
  }
  counts->latin += latin;
  counts->arabic_script += arabicScript;
  counts->persian_weight += _mm512_reduce_add_epi64(persian);
  counts->arabic_weight += _mm512_reduce_add_epi64(arabic);
  return at;
}
#define TJ_HAS_LETTER_BLOCKS 1
#endif

size_t tj_count_letters(
    const uint8_t *bytes, size_t count, const uint8_t *table, tj_letter_counts *counts) {
#if defined(TJ_HAS_LETTER_BLOCKS)
  if (tj_cpu_has_vbmi) return count_letters_blocks(bytes, count, table, counts);
#endif
  (void)bytes;
  (void)count;
  (void)table;
  (void)counts;
  return 0;
}
