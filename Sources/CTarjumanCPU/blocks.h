// What the module's 64-byte loops share: the mask of a block's first bytes, and, with
// AVX-512, byte comparisons, the index of Arabic-script code points in a block table and
// a lookup in a table of 256 bytes. Private to the C files (not in `include`).

#ifndef C_TARJUMAN_BLOCKS_H
#define C_TARJUMAN_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

/// The first `left` bits set (all 64 when `left` is 64 or more): which bytes of a block of
/// 64 lie before the end of the input.
static inline uint64_t tj_first_bytes(size_t left) {
  return left >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << left) - 1);
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/// The features the helpers below use: a part of every 64-byte loop's.
#define TJ_BLOCK_HELPER __attribute__((target("avx512f,avx512bw,avx512vbmi")))

/// The bytes of a block equal to `value`.
TJ_BLOCK_HELPER
static inline __mmask64 tj_equal_bytes(__m512i bytes, uint8_t value) {
  return _mm512_cmpeq_epi8_mask(bytes, _mm512_set1_epi8((char)value));
}

/// The lead bytes of U+0600 to U+06FF (D8 to DB).
TJ_BLOCK_HELPER
static inline __mmask64 tj_arabic_leads(__m512i bytes) {
  return _mm512_cmplt_epu8_mask(
      _mm512_sub_epi8(bytes, _mm512_set1_epi8((char)0xD8)), _mm512_set1_epi8(4));
}

/// Each byte's index in a 256-entry table of U+0600 to U+06FF, read as a lead:
/// `(lead & 3) << 6 | (next & 0x3F)`, where `next` holds the byte after each (a 16-bit
/// shift of a value below 4 by 6 stays in its byte).
TJ_BLOCK_HELPER
static inline __m512i tj_arabic_index(__m512i bytes, __m512i next) {
  return _mm512_or_si512(
      _mm512_slli_epi16(_mm512_and_si512(bytes, _mm512_set1_epi8(3)), 6),
      _mm512_and_si512(next, _mm512_set1_epi8(0x3F)));
}

/// A table of 256 bytes (in four registers of 64) looked up for each byte of `index`:
/// one permute for each half, the index's top bit choosing between them.
TJ_BLOCK_HELPER
static inline __m512i tj_lookup_bytes(
    __m512i table0, __m512i table1, __m512i table2, __m512i table3, __m512i index) {
  return _mm512_mask_blend_epi8(
      _mm512_movepi8_mask(index), _mm512_permutex2var_epi8(table0, index, table1),
      _mm512_permutex2var_epi8(table2, index, table3));
}
#endif

#endif
