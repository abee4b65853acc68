// ICU is included here and only here: see the comment at the top of CTarjumanICU.h.

#include "CTarjumanICU.h"

#include <stdio.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/uenum.h>
#include <unicode/uloc.h>
#include <unicode/uchar.h>
#include <unicode/ucol.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utrans.h>
#include <unicode/uvernum.h>

// The shim's constants are ICU's, pinned so that an ICU upgrade that changed one fails
// the build instead of misreporting a status.
_Static_assert(TJ_BUFFER_OVERFLOW_ERROR == U_BUFFER_OVERFLOW_ERROR, "overflow status");
_Static_assert(TJ_STRING_NOT_TERMINATED_WARNING == U_STRING_NOT_TERMINATED_WARNING,
               "not-terminated warning");
_Static_assert(TJ_BREAK_CHARACTER == UBRK_CHARACTER, "character break kind");
_Static_assert(TJ_BREAK_WORD == UBRK_WORD, "word break kind");
_Static_assert(TJ_BREAK_LINE == UBRK_LINE, "line break kind");
_Static_assert(TJ_BREAK_SENTENCE == UBRK_SENTENCE, "sentence break kind");
_Static_assert(TJ_BREAK_DONE == UBRK_DONE, "break done");
_Static_assert(sizeof(UChar) == sizeof(uint16_t), "UTF-16 code unit size");

// MARK: - Status and version

const char *tj_error_name(int32_t status) { return u_errorName((UErrorCode)status); }

const char *tj_icu_version(void) { return U_ICU_VERSION; }

// MARK: - Normalizer2

const tj_normalizer *tj_normalizer_instance(int32_t form, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  const UNormalizer2 *instance = NULL;
  switch (form) {
    case TJ_NORMALIZER_NFC: instance = unorm2_getNFCInstance(&code); break;
    case TJ_NORMALIZER_NFD: instance = unorm2_getNFDInstance(&code); break;
    case TJ_NORMALIZER_NFKC: instance = unorm2_getNFKCInstance(&code); break;
    case TJ_NORMALIZER_NFKD: instance = unorm2_getNFKDInstance(&code); break;
    case TJ_NORMALIZER_NFKC_CASEFOLD: instance = unorm2_getNFKCCasefoldInstance(&code); break;
    default: code = U_ILLEGAL_ARGUMENT_ERROR; break;
  }
  *status = (int32_t)code;
  return U_SUCCESS(code) ? (const tj_normalizer *)instance : NULL;
}

int32_t tj_normalizer_normalize(const tj_normalizer *normalizer, const uint16_t *source,
                                int32_t length, uint16_t *destination, int32_t capacity,
                                int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  int32_t result = unorm2_normalize((const UNormalizer2 *)normalizer, (const UChar *)source,
                                    length, (UChar *)destination, capacity, &code);
  *status = (int32_t)code;
  return result;
}

int32_t tj_normalizer_span_quick_check_yes(const tj_normalizer *normalizer,
                                           const uint16_t *source, int32_t length,
                                           int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  int32_t result = unorm2_spanQuickCheckYes((const UNormalizer2 *)normalizer,
                                            (const UChar *)source, length, &code);
  *status = (int32_t)code;
  return result;
}

int8_t tj_normalizer_is_normalized(const tj_normalizer *normalizer, const uint16_t *source,
                                   int32_t length, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  UBool result = unorm2_isNormalized((const UNormalizer2 *)normalizer, (const UChar *)source,
                                     length, &code);
  *status = (int32_t)code;
  return result ? 1 : 0;
}

int8_t tj_normalizer_is_inert(const tj_normalizer *normalizer, uint32_t c) {
  return unorm2_isInert((const UNormalizer2 *)normalizer, (UChar32)c) ? 1 : 0;
}

int32_t tj_normalizer_compose_pair(const tj_normalizer *normalizer, uint32_t a, uint32_t b) {
  return unorm2_composePair((const UNormalizer2 *)normalizer, (UChar32)a, (UChar32)b);
}

uint8_t tj_normalizer_combining_class(const tj_normalizer *normalizer, uint32_t c) {
  return unorm2_getCombiningClass((const UNormalizer2 *)normalizer, (UChar32)c);
}

// MARK: - Character properties

int32_t tj_int_property_value(uint32_t c, int32_t property) {
  return u_getIntPropertyValue((UChar32)c, (UProperty)property);
}

int8_t tj_has_binary_property(uint32_t c, int32_t property) {
  return u_hasBinaryProperty((UChar32)c, (UProperty)property) ? 1 : 0;
}

int8_t tj_char_type(uint32_t c) { return u_charType((UChar32)c); }

int32_t tj_script(uint32_t c, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript((UChar32)c, &code);
  *status = (int32_t)code;
  return (int32_t)script;
}

const char *tj_script_short_name(int32_t script) {
  return uscript_getShortName((UScriptCode)script);
}

int32_t tj_digit_value(uint32_t c) { return u_charDigitValue((UChar32)c); }

int32_t tj_fold_case(const uint16_t *source, int32_t length, uint16_t *destination,
                     int32_t capacity, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  int32_t result = u_strFoldCase((UChar *)destination, capacity, (const UChar *)source, length,
                                 U_FOLD_CASE_DEFAULT, &code);
  *status = (int32_t)code;
  return result;
}

// MARK: - Transliterator

tj_transliterator *tj_transliterator_open(const uint16_t *identifier, int32_t identifier_length,
                                          const uint16_t *rules, int32_t rules_length,
                                          int8_t reverse, int32_t *error_line,
                                          int32_t *error_offset, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  UParseError parse_error;
  parse_error.line = 0;
  parse_error.offset = 0;
  UTransliterator *result =
      utrans_openU((const UChar *)identifier, identifier_length,
                   reverse ? UTRANS_REVERSE : UTRANS_FORWARD, (const UChar *)rules,
                   rules == NULL ? 0 : rules_length, &parse_error, &code);
  *error_line = parse_error.line;
  *error_offset = parse_error.offset;
  *status = (int32_t)code;
  if (U_FAILURE(code) && result != NULL) {
    utrans_close(result);
    return NULL;
  }
  return (tj_transliterator *)result;
}

tj_transliterator *tj_transliterator_clone(const tj_transliterator *transliterator,
                                           int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  UTransliterator *result = utrans_clone((const UTransliterator *)transliterator, &code);
  *status = (int32_t)code;
  return (tj_transliterator *)result;
}

void tj_transliterator_close(tj_transliterator *transliterator) {
  utrans_close((UTransliterator *)transliterator);
}

void tj_transliterator_transliterate(const tj_transliterator *transliterator, uint16_t *text,
                                     int32_t *length, int32_t capacity, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  int32_t limit = *length;
  utrans_transUChars((const UTransliterator *)transliterator, (UChar *)text, length, capacity,
                     0, &limit, &code);
  *status = (int32_t)code;
}

// MARK: - Break iterator

tj_break_iterator *tj_break_iterator_open(int32_t kind, const char *locale, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  UBreakIterator *result = ubrk_open((UBreakIteratorType)kind, locale, NULL, 0, &code);
  *status = (int32_t)code;
  return (tj_break_iterator *)result;
}

tj_break_iterator *tj_break_iterator_clone(const tj_break_iterator *iterator, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  UBreakIterator *result = ubrk_clone((const UBreakIterator *)iterator, &code);
  *status = (int32_t)code;
  return (tj_break_iterator *)result;
}

void tj_break_iterator_close(tj_break_iterator *iterator) {
  ubrk_close((UBreakIterator *)iterator);
}

void tj_break_iterator_set_text(tj_break_iterator *iterator, const uint16_t *text,
                                int32_t length, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  ubrk_setText((UBreakIterator *)iterator, (const UChar *)text, length, &code);
  *status = (int32_t)code;
}

void tj_break_iterator_set_utf8(tj_break_iterator *iterator, const char *text,
                                int64_t length, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  // A UText on the caller's bytes: the iterator keeps a shallow clone of it (not of the
  // bytes), so the UText itself may live on the stack.
  UText ut = UTEXT_INITIALIZER;
  utext_openUTF8(&ut, text, length, &code);
  if (U_SUCCESS(code)) ubrk_setUText((UBreakIterator *)iterator, &ut, &code);
  utext_close(&ut);
  *status = (int32_t)code;
}

int32_t tj_break_iterator_first(tj_break_iterator *iterator) {
  return ubrk_first((UBreakIterator *)iterator);
}

int32_t tj_break_iterator_next(tj_break_iterator *iterator) {
  return ubrk_next((UBreakIterator *)iterator);
}

int32_t tj_break_iterator_rule_status(tj_break_iterator *iterator) {
  return ubrk_getRuleStatus((UBreakIterator *)iterator);
}

// MARK: - Spoof checker

tj_spoof_checker *tj_spoof_checker_open(int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  USpoofChecker *result = uspoof_open(&code);
  *status = (int32_t)code;
  return (tj_spoof_checker *)result;
}

tj_spoof_checker *tj_spoof_checker_clone(const tj_spoof_checker *checker, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  USpoofChecker *result = uspoof_clone((const USpoofChecker *)checker, &code);
  *status = (int32_t)code;
  return (tj_spoof_checker *)result;
}

void tj_spoof_checker_close(tj_spoof_checker *checker) {
  uspoof_close((USpoofChecker *)checker);
}

int32_t tj_spoof_checker_skeleton(const tj_spoof_checker *checker, const uint16_t *source,
                                  int32_t length, uint16_t *destination, int32_t capacity,
                                  int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  int32_t result = uspoof_getSkeleton((const USpoofChecker *)checker, 0, (const UChar *)source,
                                      length, (UChar *)destination, capacity, &code);
  *status = (int32_t)code;
  return result;
}

int32_t tj_spoof_checker_check(const tj_spoof_checker *checker, const uint16_t *source,
                               int32_t length, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  int32_t result =
      uspoof_check((const USpoofChecker *)checker, (const UChar *)source, length, NULL, &code);
  *status = (int32_t)code;
  return result;
}

// MARK: - Collator

tj_collator *tj_collator_open(const char *locale, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  UCollator *result = ucol_open(locale, &code);
  *status = (int32_t)code;
  return (tj_collator *)result;
}

tj_collator *tj_collator_clone(const tj_collator *collator, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  UCollator *result = ucol_clone((const UCollator *)collator, &code);
  *status = (int32_t)code;
  return (tj_collator *)result;
}

void tj_collator_close(tj_collator *collator) { ucol_close((UCollator *)collator); }

void tj_collator_set_strength(tj_collator *collator, int32_t strength) {
  ucol_setStrength((UCollator *)collator, (UCollationStrength)strength);
}

int32_t tj_collator_compare(const tj_collator *collator, const uint16_t *left,
                            int32_t left_length, const uint16_t *right, int32_t right_length) {
  return (int32_t)ucol_strcoll((const UCollator *)collator, (const UChar *)left, left_length,
                               (const UChar *)right, right_length);
}

int32_t tj_collator_sort_key(const tj_collator *collator, const uint16_t *source, int32_t length,
                             uint8_t *destination, int32_t capacity) {
  return ucol_getSortKey((const UCollator *)collator, (const UChar *)source, length,
                         destination, capacity);
}

// MARK: - Display names

const char *const *tj_region_codes(void) { return uloc_getISOCountries(); }

int32_t tj_region_display_name(const char *region, const char *display_locale,
                               uint16_t *destination, int32_t capacity, int32_t *status) {
  // uloc_getDisplayCountry takes a locale: "und_IR" names only the region.
  char locale[32];
  snprintf(locale, sizeof locale, "und_%s", region);
  UErrorCode code = U_ZERO_ERROR;
  int32_t length = uloc_getDisplayCountry(locale, display_locale, (UChar *)destination,
                                          capacity, &code);
  *status = (int32_t)code;
  return length;
}

int32_t tj_time_zone_ids(const char *region, char *destination, int32_t capacity,
                         int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  UEnumeration *zones =
      ucal_openTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION, region, NULL, &code);
  if (U_FAILURE(code)) {
    *status = (int32_t)code;
    return 0;
  }
  int32_t needed = 0;
  const char *zone;
  int32_t length;
  while ((zone = uenum_next(zones, &length, &code)) != NULL && U_SUCCESS(code)) {
    if (destination != NULL && needed + length + 1 <= capacity) {
      memcpy(destination + needed, zone, (size_t)length);
      destination[needed + length] = '\n';
    }
    needed += length + 1;
  }
  uenum_close(zones);
  if (U_SUCCESS(code) && needed > capacity) code = U_BUFFER_OVERFLOW_ERROR;
  *status = (int32_t)code;
  return needed;
}

int32_t tj_time_zone_exemplar_city(const uint16_t *zone, int32_t zone_length,
                                   const char *display_locale, uint16_t *destination,
                                   int32_t capacity, int32_t *status) {
  static const UChar pattern[] = {'V', 'V', 'V', 0};
  UErrorCode code = U_ZERO_ERROR;
  UDateFormat *format = udat_open(UDAT_PATTERN, UDAT_PATTERN, display_locale,
                                  (const UChar *)zone, zone_length, pattern, 3, &code);
  if (U_FAILURE(code)) {
    *status = (int32_t)code;
    return 0;
  }
  int32_t length = udat_format(format, 0.0, (UChar *)destination, capacity, NULL, &code);
  udat_close(format);
  *status = (int32_t)code;
  return length;
}
