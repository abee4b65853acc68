// Harakat taken out of a word, and the first haraka of a line; see CTarjumanHarakat.h.
// Vowelled Arabic puts a mark after most letters, so a loop byte by byte mispredicts a
// branch at almost every letter: the scalar copy takes a pair at a time and moves its
// output by 0 or 2 without a branch, and the block version decides 64 bytes with a few
// mask instructions and one compress.

#include "CTarjumanFeatures.h"
#include "CTarjumanHarakat.h"
#include "blocks.h"

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
#define TJ_HARAKAT_TARGET \
  __attribute__((target("avx512f,avx512bw,avx512vbmi,avx512vbmi2,popcnt,bmi")))
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
// Where a haraka begins in a block: a D9 whose next byte (in `next`) is 8B to 92.
TJ_HARAKAT_TARGET
static inline __mmask64 haraka_starts(__m512i bytes, __m512i next) {
  return tj_equal_bytes(bytes, 0xD9) &
         _mm512_cmplt_epu8_mask(
             _mm512_sub_epi8(next, _mm512_set1_epi8((char)0x8B)), _mm512_set1_epi8(8));
}

// The block at `at` of the `count` bytes at `bytes`, and the byte after each of its
// bytes, with nothing read past the end.
typedef struct {
  __m512i bytes;
  __m512i next;
  __mmask64 valid;
} block_and_next;

TJ_HARAKAT_TARGET
static inline block_and_next load_block(const uint8_t *bytes, size_t count, size_t at) {
  size_t left = count - at;
  block_and_next block;
  block.valid = tj_first_bytes(left);
  block.bytes = _mm512_maskz_loadu_epi8(block.valid, bytes + at);
  block.next = _mm512_maskz_loadu_epi8(tj_first_bytes(left - 1), bytes + at + 1);
  return block;
}

TJ_HARAKAT_TARGET
static size_t copy_without_harakat_blocks(const uint8_t *word, size_t count, uint8_t *output) {
  size_t kept = 0;
  __mmask64 arabic = 0;
  // The second byte of a haraka that began at the end of the block before.
  __mmask64 carried = 0;
  for (size_t at = 0; at < count; at += 64) {
    block_and_next block = load_block(word, count, at);
    __mmask64 starts = haraka_starts(block.bytes, block.next);
    __mmask64 keep = block.valid & ~(starts | (starts << 1) | carried);
    carried = starts >> 63;
    arabic |= keep & tj_arabic_leads(block.bytes);
    unsigned keptHere = (unsigned)_mm_popcnt_u64(keep);
    _mm512_mask_storeu_epi8(
        output + kept, tj_first_bytes(keptHere), _mm512_maskz_compress_epi8(keep, block.bytes));
    kept += keptHere;
  }
  return kept < count && arabic != 0 ? kept : count;
}

TJ_HARAKAT_TARGET
static size_t first_haraka_blocks(const uint8_t *line, size_t count) {
  for (size_t at = 0; at < count; at += 64) {
    block_and_next block = load_block(line, count, at);
    __mmask64 starts = haraka_starts(block.bytes, block.next);
    if (starts != 0) return at + (size_t)_tzcnt_u64(starts);
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

size_t tj_copy_without_harakat(const uint8_t *word, size_t count, uint8_t *output) {
#if defined(TJ_HAS_HARAKAT_BLOCKS)
  if (tj_cpu_has_vbmi2) return copy_without_harakat_blocks(word, count, output);
#endif
  return tj_copy_without_harakat_scalar(word, count, output);
}
