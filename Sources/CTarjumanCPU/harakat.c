// Harakat taken out of a word; see CTarjumanHarakat.h. Vowelled Arabic puts a mark after
// most letters, so a loop byte by byte mispredicts a branch at almost every letter: the
// scalar version copies a pair at a time and moves its output by 0 or 2 without a
// branch, and the block version decides 64 bytes with a few mask instructions.

#include "CTarjumanFeatures.h"
#include "CTarjumanHarakat.h"

#include <stdbool.h>
#include <string.h>

static size_t first_haraka_scalar(const uint8_t *line, size_t count) {
  for (size_t at = 0; at + 1 < count; at++) {
    if (line[at] == 0xD9 && (uint8_t)(line[at + 1] - 0x8B) < 8) return at;
  }
  return count;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define TJ_HAS_HARAKAT_BLOCKS 1
#define TJ_HARAKAT_TARGET __attribute__((target("avx512f,avx512bw,avx512vbmi2,popcnt,bmi2")))
#endif

size_t tj_copy_without_harakat_scalar(const uint8_t *word, size_t count, uint8_t *output) {
  size_t kept = 0;
  size_t at = 0;
  bool arabic = false;
  while (at < count) {
    uint8_t lead = word[at];
    if (lead >= 0xC2 && lead < 0xE0 && at + 1 < count) {
      // A two-byte code point: copied, and kept unless it is a haraka.
      uint8_t next = word[at + 1];
      bool haraka = lead == 0xD9 && (uint8_t)(next - 0x8B) < 8;
      output[kept] = lead;
      output[kept + 1] = next;
      kept += haraka ? 0 : 2;
      arabic |= !haraka && (uint8_t)(lead - 0xD8) < 4;
      at += 2;
    } else {
      output[kept++] = lead;
      at += 1;
    }
  }
  return kept < count && arabic ? kept : count;
}

#if defined(TJ_HAS_HARAKAT_BLOCKS)
TJ_HARAKAT_TARGET
static size_t copy_without_harakat_blocks(const uint8_t *word, size_t count, uint8_t *output) {
  const __m512i lead = _mm512_set1_epi8((char)0xD9);
  const __m512i first = _mm512_set1_epi8((char)0x8B);
  const __m512i span = _mm512_set1_epi8(8);
  const __m512i scriptMask = _mm512_set1_epi8((char)0xFC);
  const __m512i script = _mm512_set1_epi8((char)0xD8);
  size_t kept = 0;
  size_t at = 0;
  __mmask64 arabic = 0;
  while (at < count) {
    size_t left = count - at;
    __mmask64 valid = left >= 64 ? ~(__mmask64)0 : _bzhi_u64(~(uint64_t)0, (unsigned)left);
    // Bytes past the word are not read: a masked load does not fault.
    __m512i bytes = _mm512_maskz_loadu_epi8(valid, word + at);
    __mmask64 leads = _mm512_cmpeq_epi8_mask(bytes, lead);
    __mmask64 seconds = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(bytes, first), span);
    __mmask64 harakat = leads & (seconds >> 1);
    size_t step = 64;
    if (left > 64 && (leads >> 63) != 0) {
      // A D9 in the last byte: whether it begins a haraka is decided with the next block.
      step = 63;
      valid &= ~((__mmask64)1 << 63);
    }
    harakat |= harakat << 1;
    __mmask64 keep = valid & ~harakat;
    arabic |= keep & _mm512_cmpeq_epi8_mask(_mm512_and_si512(bytes, scriptMask), script);
    unsigned kept_here = (unsigned)_mm_popcnt_u64(keep);
    _mm512_mask_storeu_epi8(
        output + kept, _bzhi_u64(~(uint64_t)0, kept_here), _mm512_maskz_compress_epi8(keep, bytes));
    kept += kept_here;
    at += step;
  }
  return kept < count && arabic != 0 ? kept : count;
}

TJ_HARAKAT_TARGET
static size_t first_haraka_blocks(const uint8_t *line, size_t count) {
  const __m512i lead = _mm512_set1_epi8((char)0xD9);
  const __m512i first = _mm512_set1_epi8((char)0x8B);
  const __m512i span = _mm512_set1_epi8(8);
  for (size_t at = 0; at < count; at += 64) {
    size_t left = count - at;
    __mmask64 valid = left >= 64 ? ~(__mmask64)0 : _bzhi_u64(~(uint64_t)0, (unsigned)left);
    __mmask64 validNext =
        left - 1 >= 64 ? ~(__mmask64)0 : _bzhi_u64(~(uint64_t)0, (unsigned)(left - 1));
    __m512i bytes = _mm512_maskz_loadu_epi8(valid, line + at);
    // The byte after each byte, read again (not past the line).
    __m512i next = _mm512_maskz_loadu_epi8(validNext, line + at + 1);
    __mmask64 harakat = _mm512_cmpeq_epi8_mask(bytes, lead) &
                        _mm512_cmplt_epu8_mask(_mm512_sub_epi8(next, first), span);
    if (harakat != 0) return at + (size_t)_tzcnt_u64(harakat);
  }
  return count;
}
#endif

size_t tj_first_haraka(const uint8_t *line, size_t count) {
#if defined(TJ_HAS_HARAKAT_BLOCKS)
  if (tj_cpu_has_vbmi2) return first_haraka_blocks(line, count);
#endif
  return first_haraka_scalar(line, count);
}

bool tj_harakat_blocks_supported(void) {
#if defined(TJ_HAS_HARAKAT_BLOCKS)
  return tj_cpu_has_vbmi2;
#else
  return false;
#endif
}

size_t tj_copy_without_harakat(const uint8_t *word, size_t count, uint8_t *output) {
#if defined(TJ_HAS_HARAKAT_BLOCKS)
  if (tj_cpu_has_vbmi2) return copy_without_harakat_blocks(word, count, output);
#endif
  return tj_copy_without_harakat_scalar(word, count, output);
}
