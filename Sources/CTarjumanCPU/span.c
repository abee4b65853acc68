// The spans of CTarjumanSpan.h.

#include "CTarjumanFeatures.h"
#include "CTarjumanSpan.h"
#include "blocks.h"

size_t tj_span_scalar(const uint8_t *bytes, size_t count, const uint8_t *table) {
  size_t at = 0;
  while (at < count && table[bytes[at]] != 0) at++;
  return at;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

__attribute__((target("avx512f,avx512bw,avx512vbmi,bmi")))
static size_t span_blocks(const uint8_t *bytes, size_t count, const uint8_t *table) {
  const __m512i low0 = _mm512_loadu_si512(table);
  const __m512i low1 = _mm512_loadu_si512(table + 64);
  const __m512i high0 = _mm512_loadu_si512(table + 128);
  const __m512i high1 = _mm512_loadu_si512(table + 192);
  size_t at = 0;
  while (at < count) {
    size_t left = count - at;
    __mmask64 valid = tj_first_bytes(left);
    __m512i index = _mm512_maskz_loadu_epi8(valid, bytes + at);
    __m512i entries = tj_lookup_bytes(low0, low1, high0, high1, index);
    __mmask64 stops = _mm512_testn_epi8_mask(entries, entries) & valid;
    if (stops != 0) return at + (size_t)_tzcnt_u64(stops);
    at += 64;
  }
  return count;
}
#define TJ_HAS_SPAN_BLOCKS 1
#endif

size_t tj_span(const uint8_t *bytes, size_t count, const uint8_t *table) {
#if defined(TJ_HAS_SPAN_BLOCKS)
  // Below 16 bytes the loop is quicker than loading the table.
  if (tj_cpu_has_vbmi && count >= 16) return span_blocks(bytes, count, table);
#endif
  return tj_span_scalar(bytes, count, table);
}
