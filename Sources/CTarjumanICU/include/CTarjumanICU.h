// A thin C layer over the system ICU (libicu-dev).
//
// This header is the firewall between Swift and ICU: it uses only <stdint.h> and
// <stddef.h> types and opaque handles, so that a Swift module importing it never sees
// ICU's own types (which clash with the copy of ICU inside Foundation on Linux) and
// never needs ICU's versioned function names (`utrans_openU_72`), which Swift cannot
// reach through ICU's renaming macros.
//
// Conventions: every name starts with `tj_`; status is an `int32_t *` that carries
// ICU's `UErrorCode` numbers (0 is success, negative values are warnings, positive
// values are errors); text is UTF-16 as `uint16_t *` plus an `int32_t` length; each
// function calls one ICU function, named in its comment, and holds no policy.

#ifndef CTARJUMAN_ICU_H
#define CTARJUMAN_ICU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma clang assume_nonnull begin

// MARK: - Status and version

/// `U_BUFFER_OVERFLOW_ERROR`: an output buffer was too small; the length needed is returned.
#define TJ_BUFFER_OVERFLOW_ERROR 15
/// `U_STRING_NOT_TERMINATED_WARNING`: the output filled the buffer exactly, without a NUL.
#define TJ_STRING_NOT_TERMINATED_WARNING (-124)

/// The symbolic name of an ICU status code, such as "U_ILLEGAL_ARGUMENT_ERROR".
/// The corresponding ICU function is `u_errorName`.
const char *tj_error_name(int32_t status);

/// The version of the ICU library this shim was compiled against, such as "72.1".
const char *tj_icu_version(void);

// MARK: - Normalizer2

/// An ICU `UNormalizer2` singleton. Owned by ICU: never closed, safe to share between threads.
typedef struct tj_normalizer tj_normalizer;

/// The Unicode normalization forms ICU provides as singletons.
enum {
  TJ_NORMALIZER_NFC = 0,
  TJ_NORMALIZER_NFD = 1,
  TJ_NORMALIZER_NFKC = 2,
  TJ_NORMALIZER_NFKD = 3,
  TJ_NORMALIZER_NFKC_CASEFOLD = 4,
};

/// The shared instance of one of the `TJ_NORMALIZER_*` forms.
/// The corresponding ICU functions are `unorm2_getNFCInstance` and its siblings.
const tj_normalizer *_Nullable tj_normalizer_instance(int32_t form, int32_t *status);

/// Normalizes `source` into `destination`; returns the length of the result, which may
/// exceed `capacity` (then `*status` is `TJ_BUFFER_OVERFLOW_ERROR`).
/// The corresponding ICU function is `unorm2_normalize`.
int32_t tj_normalizer_normalize(const tj_normalizer *normalizer, const uint16_t *source,
                                int32_t length, uint16_t *_Nullable destination,
                                int32_t capacity, int32_t *status);

/// The length of the initial part of `source` that is certainly normalized.
/// The corresponding ICU function is `unorm2_spanQuickCheckYes`.
int32_t tj_normalizer_span_quick_check_yes(const tj_normalizer *normalizer,
                                           const uint16_t *source, int32_t length,
                                           int32_t *status);

/// Whether `source` is normalized (1) or not (0).
/// The corresponding ICU function is `unorm2_isNormalized`.
int8_t tj_normalizer_is_normalized(const tj_normalizer *normalizer, const uint16_t *source,
                                   int32_t length, int32_t *status);

/// Whether the normalization of any text containing `c` leaves `c` and its neighbours alone.
/// The corresponding ICU function is `unorm2_isInert`.
int8_t tj_normalizer_is_inert(const tj_normalizer *normalizer, uint32_t c);

/// The composite of `a` followed by `b`, or -1 when they do not compose.
/// The corresponding ICU function is `unorm2_composePair`.
int32_t tj_normalizer_compose_pair(const tj_normalizer *normalizer, uint32_t a, uint32_t b);

/// The canonical combining class of `c`.
/// The corresponding ICU function is `unorm2_getCombiningClass`.
uint8_t tj_normalizer_combining_class(const tj_normalizer *normalizer, uint32_t c);

// MARK: - Character properties

/// The value of an enumerated or integer property (`UProperty` number) for `c`.
/// The corresponding ICU function is `u_getIntPropertyValue`.
int32_t tj_int_property_value(uint32_t c, int32_t property);

/// Whether `c` has a binary property (`UProperty` number).
/// The corresponding ICU function is `u_hasBinaryProperty`.
int8_t tj_has_binary_property(uint32_t c, int32_t property);

/// The general category of `c` as a `UCharCategory` number.
/// The corresponding ICU function is `u_charType`.
int8_t tj_char_type(uint32_t c);

/// The script of `c` as a `UScriptCode` number.
/// The corresponding ICU function is `uscript_getScript`.
int32_t tj_script(uint32_t c, int32_t *status);

/// The short name of a `UScriptCode`, such as "Arab" or "Latn".
/// The corresponding ICU function is `uscript_getShortName`.
const char *_Nullable tj_script_short_name(int32_t script);

/// The numeric value of a decimal digit `c` (0-9), or -1 if `c` is not one.
/// The corresponding ICU function is `u_charDigitValue`.
int32_t tj_digit_value(uint32_t c);

/// Full case folding of `source`; returns the length of the result.
/// The corresponding ICU function is `u_strFoldCase`.
int32_t tj_fold_case(const uint16_t *source, int32_t length, uint16_t *_Nullable destination,
                     int32_t capacity, int32_t *status);

// MARK: - Transliterator

/// An ICU `UTransliterator`. Not thread-safe: clone one per thread.
typedef struct tj_transliterator tj_transliterator;

/// Opens a transliterator by ID, or compiles `rules` (ICU transform rule syntax) when
/// `rules` is not NULL. On a rule syntax error, `*error_line` and `*error_offset` tell where.
/// The corresponding ICU function is `utrans_openU`.
tj_transliterator *_Nullable tj_transliterator_open(const uint16_t *identifier,
                                                    int32_t identifier_length,
                                                    const uint16_t *_Nullable rules,
                                                    int32_t rules_length, int8_t reverse,
                                                    int32_t *error_line,
                                                    int32_t *error_offset, int32_t *status);

/// A new transliterator equal to `transliterator`.
/// The corresponding ICU function is `utrans_clone`.
tj_transliterator *_Nullable tj_transliterator_clone(const tj_transliterator *transliterator,
                                                     int32_t *status);

/// Closes a transliterator. The corresponding ICU function is `utrans_close`.
void tj_transliterator_close(tj_transliterator *transliterator);

/// Transliterates `text[0..<*length]` in place; `*length` receives the new length, which
/// may exceed `capacity` (then `*status` is `TJ_BUFFER_OVERFLOW_ERROR` and the buffer holds
/// partly transliterated text: retry from a copy of the input).
/// The corresponding ICU function is `utrans_transUChars`.
void tj_transliterator_transliterate(const tj_transliterator *transliterator, uint16_t *text,
                                     int32_t *length, int32_t capacity, int32_t *status);

// MARK: - Break iterator

/// An ICU `UBreakIterator`. Not thread-safe: clone one per thread.
typedef struct tj_break_iterator tj_break_iterator;

/// The kinds of boundaries a break iterator finds.
enum {
  TJ_BREAK_CHARACTER = 0,
  TJ_BREAK_WORD = 1,
  TJ_BREAK_LINE = 2,
  TJ_BREAK_SENTENCE = 3,
};

/// `UBRK_DONE`: no more boundaries.
#define TJ_BREAK_DONE (-1)

/// Opens a break iterator of `kind` for `locale` (such as "fa" or "en@ss=standard").
/// The corresponding ICU function is `ubrk_open`.
tj_break_iterator *_Nullable tj_break_iterator_open(int32_t kind, const char *locale,
                                                    int32_t *status);

/// A new break iterator equal to `iterator`. The corresponding ICU function is `ubrk_clone`.
tj_break_iterator *_Nullable tj_break_iterator_clone(const tj_break_iterator *iterator,
                                                     int32_t *status);

/// Closes a break iterator. The corresponding ICU function is `ubrk_close`.
void tj_break_iterator_close(tj_break_iterator *iterator);

/// Points the iterator at `text`, which must outlive its use.
/// The corresponding ICU function is `ubrk_setText`.
void tj_break_iterator_set_text(tj_break_iterator *iterator, const uint16_t *text,
                                int32_t length, int32_t *status);

/// Points the iterator at UTF-8 `text` (valid UTF-8, `length` bytes), which must outlive
/// its use; boundaries are then byte offsets. No UTF-16 copy is made. The corresponding
/// ICU functions are `utext_openUTF8` and `ubrk_setUText`.
void tj_break_iterator_set_utf8(tj_break_iterator *iterator, const char *text,
                                int64_t length, int32_t *status);

/// The first boundary (always 0). The corresponding ICU function is `ubrk_first`.
int32_t tj_break_iterator_first(tj_break_iterator *iterator);

/// The next boundary, or `TJ_BREAK_DONE`. The corresponding ICU function is `ubrk_next`.
int32_t tj_break_iterator_next(tj_break_iterator *iterator);

/// The status of the rule that produced the current boundary (for words: none, number,
/// letter, kana, ideo ranges). The corresponding ICU function is `ubrk_getRuleStatus`.
int32_t tj_break_iterator_rule_status(tj_break_iterator *iterator);

// MARK: - Spoof checker

/// An ICU `USpoofChecker`. Not thread-safe for checks: clone one per thread.
typedef struct tj_spoof_checker tj_spoof_checker;

/// Opens a spoof checker with ICU's default checks.
/// The corresponding ICU function is `uspoof_open`.
tj_spoof_checker *_Nullable tj_spoof_checker_open(int32_t *status);

/// A new spoof checker equal to `checker`. The corresponding ICU function is `uspoof_clone`.
tj_spoof_checker *_Nullable tj_spoof_checker_clone(const tj_spoof_checker *checker,
                                                   int32_t *status);

/// Closes a spoof checker. The corresponding ICU function is `uspoof_close`.
void tj_spoof_checker_close(tj_spoof_checker *checker);

/// The confusable skeleton of `source` (UTS #39); returns its length.
/// The corresponding ICU function is `uspoof_getSkeleton`.
int32_t tj_spoof_checker_skeleton(const tj_spoof_checker *checker, const uint16_t *source,
                                  int32_t length, uint16_t *_Nullable destination,
                                  int32_t capacity, int32_t *status);

/// The checks that fail for `source` as a bit set of `USpoofChecks` (0 when none fail).
/// The corresponding ICU function is `uspoof_check`.
int32_t tj_spoof_checker_check(const tj_spoof_checker *checker, const uint16_t *source,
                               int32_t length, int32_t *status);

// MARK: - Collator

/// An ICU `UCollator`. Comparison is thread-safe in ICU; setting attributes is not.
typedef struct tj_collator tj_collator;

/// Opens the collator for `locale` (such as "fa", "ar" or "en").
/// The corresponding ICU function is `ucol_open`.
tj_collator *_Nullable tj_collator_open(const char *locale, int32_t *status);

/// A new collator equal to `collator`. The corresponding ICU function is `ucol_clone`.
tj_collator *_Nullable tj_collator_clone(const tj_collator *collator, int32_t *status);

/// Closes a collator. The corresponding ICU function is `ucol_close`.
void tj_collator_close(tj_collator *collator);

/// Sets the comparison strength (0 primary, 1 secondary, 2 tertiary, 3 quaternary,
/// 15 identical). The corresponding ICU function is `ucol_setStrength`.
void tj_collator_set_strength(tj_collator *collator, int32_t strength);

/// Compares two strings: -1, 0 or 1. The corresponding ICU function is `ucol_strcoll`.
int32_t tj_collator_compare(const tj_collator *collator, const uint16_t *left,
                            int32_t left_length, const uint16_t *right, int32_t right_length);

/// The sort key of `source`, NUL-terminated; returns its length including the NUL, which
/// may exceed `capacity`. The corresponding ICU function is `ucol_getSortKey`.
int32_t tj_collator_sort_key(const tj_collator *collator, const uint16_t *source,
                             int32_t length, uint8_t *_Nullable destination, int32_t capacity);

// MARK: - Display names (CLDR data)

/// The ISO 3166 two-letter region codes ICU knows, as a NULL-terminated list of
/// NUL-terminated strings owned by ICU. The corresponding ICU function is
/// `uloc_getISOCountries`.
const char *_Nullable const *_Nonnull tj_region_codes(void);

/// The name of a region (`IR`, `SY`, `145`) in the language of `display_locale`; returns
/// its length, which may exceed `capacity` (then `*status` is a buffer overflow). A region
/// ICU has no name for comes back as its code. The corresponding ICU function is
/// `uloc_getDisplayCountry`.
int32_t tj_region_display_name(const char *region, const char *display_locale,
                               uint16_t *_Nullable destination, int32_t capacity,
                               int32_t *status);

/// The canonical time-zone identifiers tied to a location (`Asia/Tehran`), of one region
/// (`IR`) or of all when `region` is NULL, written into
/// `destination` separated by `\n`; returns the length needed, which may exceed
/// `capacity`. The corresponding ICU functions are `ucal_openTimeZoneIDEnumeration`
/// (UCAL_ZONE_TYPE_CANONICAL_LOCATION) and `uenum_next`.
int32_t tj_time_zone_ids(const char *_Nullable region, char *_Nullable destination,
                         int32_t capacity, int32_t *status);

/// The exemplar city of a time zone (`Tehran`, `تهران` for `Asia/Tehran`) in the language
/// of `display_locale`; returns its length, which may exceed `capacity`. ICU formats a
/// date with the pattern `VVV` (the zone's exemplar location) to get it. The corresponding
/// ICU functions are `udat_open` and `udat_format`.
int32_t tj_time_zone_exemplar_city(const uint16_t *zone, int32_t zone_length,
                                   const char *display_locale, uint16_t *_Nullable destination,
                                   int32_t capacity, int32_t *status);

#pragma clang assume_nonnull end

#ifdef __cplusplus
}
#endif

#endif  // CTARJUMAN_ICU_H
