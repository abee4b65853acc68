import TarjumanICU

/// The steps that look at a character's neighbours: Persian ZWNJ, punctuation and its
/// spacing, ASCII digits in Persian and Arabic lines, and whitespace. They run as one
/// pass over the code points the table pass produced, and write UTF-8.
///
/// The rules (each is a row in `Documentation/Normalization.md`):
/// - Spaces: a run of spaces becomes one; spaces at the end of the line are removed
///   (indentation at the start is kept in `clean` and removed in `key`); tabs are kept,
///   since they separate columns.
/// - No space before closing punctuation (`. , ; : ! ? ) ] } » ، ؛ ؟`) when it ends a word
///   (so `.NET` and ` .5` are left alone), none after an opening bracket (`( [ { «`).
/// - One space after `, ; ، ؛ ؟` when a letter follows directly and a letter precedes.
/// - Persian and Arabic lines: `,` `;` `?` after an Arabic-script letter become `،` `؛`
///   `؟` (a comma between digits is a thousands separator and stays); English lines:
///   `،` `؛` `؟` become `,` `;` `?`.
/// - ZWNJ: a run becomes one; a ZWNJ is kept only where it changes the shaping, that is
///   after a letter that joins forward (ب, ی, ...) and before a letter that joins backward
///   (not after ا د ذ ر ز ژ و, not next to a space, a digit, Latin text or the line's end).
/// - Persian lines: the space after a separate `می` or `نمی` before a verb becomes ZWNJ
///   (`می خواهم` → `می‌خواهم`), and the space before the plural suffixes `ها های هایی`
///   (and `هایم هایت هایش هایمان هایتان هایشان`) becomes ZWNJ (`کتاب ها` → `کتاب‌ها`), or
///   nothing after a letter that does not join forward (`دیوار ها` → `دیوارها`).
/// - With `--digits persian|arabic`, ASCII digits in Persian and Arabic lines become
///   Persian or Arabic-Indic digits, except when they touch a Latin letter (`F-16`, `G7`).
struct ContextualRules {
  let language: TextLanguage?
  let digits: DigitStyle
  let isKey: Bool
  let info: UnsafePointer<UInt32>
  /// The language's replacements for U+0600–U+06FF (yeh, kaf, digits), 0 for unchanged.
  let languageBlock: UnsafePointer<UInt32>?

  static let space: UInt32 = 0x20
  static let tab: UInt32 = 0x09
  static let zwnj: UInt32 = 0x200C
  static let hamzaAbove: UInt32 = 0x0654

  @inline(__always)
  static func isClosingPunctuation(_ value: UInt32) -> Bool {
    switch value {
    case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x29, 0x5D, 0x7D, 0xBB, 0x060C, 0x061B, 0x061F:
      true
    default: false
    }
  }

  @inline(__always)
  static func isOpeningBracket(_ value: UInt32) -> Bool {
    value == 0x28 || value == 0x5B || value == 0x7B || value == 0xAB
  }

  /// Separators after which a space belongs when a word follows directly.
  @inline(__always)
  static func isSeparator(_ value: UInt32) -> Bool {
    value == 0x2C || value == 0x3B || value == 0x060C || value == 0x061B || value == 0x061F
  }

  static let persianPluralSuffixes: [[UInt32]] = [
    "هایشان", "هایتان", "هایمان", "هایی", "هایم", "هایت", "هایش", "های", "ها",
  ].map { $0.unicodeScalars.map(\.value) }

  @inline(__always)
  func info(_ value: UInt32) -> ScalarInfo { ScalarInfo.of(value, table: info) }

  /// A code point with the language's letters and digits applied.
  @inline(__always)
  func localized(_ value: UInt32) -> UInt32 {
    guard let languageBlock, value &- 0x0600 < 0x100 else { return value }
    let replacement = languageBlock[Int(value &- 0x0600)]
    return replacement == 0 ? value : replacement
  }

  /// The output of one line: UTF-8 bytes and the last code points written, for the
  /// rules that look back.
  struct Writer {
    var bytes: RawBuffer<UInt8>
    let info: UnsafePointer<UInt32>
    var previous: UInt32 = 0
    var beforePrevious: UInt32 = 0
    var thirdLast: UInt32 = 0
    /// The last code point written that is not a nonspacing mark (marks do not join).
    var lastBase: UInt32 = 0

    @inline(__always)
    mutating func emit(_ value: UInt32) {
      bytes.appendUTF8Unchecked(value)
      thirdLast = beforePrevious
      beforePrevious = previous
      previous = value
      if value < 0x300 || !ScalarInfo.of(value, table: info).isNonspacingMark { lastBase = value }
    }

    /// Whether the output ends with the standalone word می or نمی.
    func endsWithVerbPrefix() -> Bool {
      guard previous == 0x06CC && beforePrevious == 0x0645 else { return false }
      // نمی: the letter before ن is not checked; no Persian word ends in ...نمی.
      if thirdLast == 0x0646 { return true }
      return thirdLast == 0 || !ScalarInfo.of(thirdLast, table: info).isLetterOrMark
    }
  }

  /// Applies the rules to the code points of one line and appends its UTF-8 to `bytes`.
  func apply(_ input: UnsafeBufferPointer<UInt32>, into bytes: inout RawBuffer<UInt8>) {
    // Every input code point writes at most two (itself and a space), of at most 4 bytes.
    bytes.reserve(additional: input.count * 8 + 8)
    var writer = Writer(bytes: bytes, info: info)
    run(input, writer: &writer)
    bytes = writer.bytes
  }

  /// The first code point at or after `start` that is not a nonspacing mark, localized.
  @inline(__always)
  private func nextBase(_ input: UnsafeBufferPointer<UInt32>, from start: Int) -> UInt32? {
    var index = start
    while index < input.count {
      if !info(input[index]).isNonspacingMark { return localized(input[index]) }
      index += 1
    }
    return nil
  }

  /// Whether a Persian plural suffix (ها, های, ...) stands as a word at `start`.
  private func hasPluralSuffix(_ input: UnsafeBufferPointer<UInt32>, at start: Int) -> Bool {
    let count = input.count
    guard start + 1 < count, input[start] == 0x0647, input[start + 1] == 0x0627 else {
      return false
    }
    suffixes: for suffix in Self.persianPluralSuffixes {
      guard start + suffix.count <= count else { continue }
      for offset in 2..<suffix.count where localized(input[start + offset]) != suffix[offset] {
        continue suffixes
      }
      let after = start + suffix.count
      if after == count || !info(input[after]).isLetterOrMark { return true }
    }
    return false
  }

  @inline(__always)
  private func isLatin(_ value: UInt32) -> Bool { value != 0 && info(value).isLatinLetter }

  private func run(_ input: UnsafeBufferPointer<UInt32>, writer out: inout Writer) {
    let count = input.count
    let isArabicScriptLine = language != .en
    let convertsASCIIDigits =
      isArabicScriptLine && !isKey && (digits == .persian || digits == .arabic)
    let persianRules = language == .fa && !isKey

    var index = 0
    // Leading indentation is kept in `clean`; `key` trims it.
    while index < count && (input[index] == Self.space || input[index] == Self.zwnj) {
      if input[index] == Self.space && !isKey { out.emit(Self.space) }
      index += 1
    }
    while index < count {
      let value = localized(input[index])
      // The common case first: a letter or mark that no rule looks at.
      if value > 0x7F && value != Self.zwnj && (value &- 0x060C >= 0x14)
        && !(value == 0x064A && language == .ar)
      {
        out.emit(value)
        index += 1
        continue
      }
      if value == Self.space || value == Self.zwnj {
        var end = index
        while end < count && input[end] == Self.zwnj { end += 1 }
        if value == Self.zwnj && (end == count || input[end] != Self.space) {
          // A ZWNJ run inside a word: one ZWNJ, only where it changes the joining.
          index = end
          if out.lastBase != 0, let after = nextBase(input, from: end),
            info(out.lastBase).joiningType.joinsFollowing, info(after).joiningType.joinsPreceding
          {
            out.emit(Self.zwnj)
          }
          continue
        }
        // A run of spaces (ZWNJ next to a space cannot join anything).
        while end < count && (input[end] == Self.space || input[end] == Self.zwnj) { end += 1 }
        index = end
        guard end < count else { break }  // Trailing spaces are dropped.
        let next = localized(input[end])
        if next == Self.tab { continue }
        if out.previous == Self.tab || Self.isOpeningBracket(out.previous) { continue }
        if Self.isClosingPunctuation(next) && endsWord(input, at: end) { continue }
        if persianRules {
          if info(next).isArabicLetter && out.endsWithVerbPrefix() {
            out.emit(Self.zwnj)
            continue
          }
          if out.lastBase != 0 && info(out.lastBase).isArabicLetter
            && hasPluralSuffix(input, at: end)
          {
            if info(out.lastBase).joiningType.joinsFollowing { out.emit(Self.zwnj) }
            continue
          }
        }
        out.emit(Self.space)
        continue
      }
      if value == Self.tab {
        out.emit(Self.tab)
        index += 1
        while index < count && input[index] == Self.space { index += 1 }
        continue
      }
      if convertsASCIIDigits && value >= 0x30 && value <= 0x39 {
        var end = index
        while end < count && input[end] >= 0x30 && input[end] <= 0x39 { end += 1 }
        // A digit run is part of a Latin token when a Latin letter touches it directly or
        // through one hyphen (F-16, G7, MH-17, 5G).
        let after: UInt32 = end < count ? input[end] : 0
        let afterHyphen: UInt32 = end + 1 < count ? input[end + 1] : 0
        let touchesLatin =
          isLatin(out.previous) || (out.previous == 0x2D && isLatin(out.beforePrevious))
          || isLatin(after) || (after == 0x2D && isLatin(afterHyphen))
        let zero = digits == .persian ? ScalarRules.persianZero : ScalarRules.arabicIndicZero
        for digitIndex in index..<end {
          out.emit(touchesLatin ? input[digitIndex] : zero + input[digitIndex] - 0x30)
        }
        index = end
        continue
      }
      if value == 0x064A && index + 1 < count && input[index + 1] == Self.hamzaAbove {
        // ی turned into ي before a hamza above: compose them as NFC does.
        out.emit(0x0626)
        index += 2
        continue
      }
      var punctuation = value
      if !isKey {
        if isArabicScriptLine && (value == 0x2C || value == 0x3B || value == 0x3F) {
          // After a Persian or Arabic-Indic digit, a comma followed by a digit is a
          // thousands separator and stays; after an Arabic-script letter it is a comma.
          let last = out.lastBase
          let nextIsDigit = index + 1 < count && info(input[index + 1]).isDecimalDigit
          let afterEasternDigit = last >= 0x0660 && last <= 0x06F9 && info(last).isDecimalDigit
          if last != 0 && (info(last).isArabicLetter || (afterEasternDigit && !nextIsDigit)) {
            punctuation = value == 0x2C ? 0x060C : value == 0x3B ? 0x061B : 0x061F
          }
        } else if language == .en {
          if value == 0x060C { punctuation = 0x2C }
          if value == 0x061B { punctuation = 0x3B }
          if value == 0x061F { punctuation = 0x3F }
        }
      }
      out.emit(punctuation)
      index += 1
      if Self.isSeparator(punctuation), index < count, info(input[index]).isLetter,
        out.beforePrevious != 0, info(out.beforePrevious).isLetterOrMark
      {
        out.emit(Self.space)
      }
    }
  }

  /// Whether the punctuation at `index` ends a word: nothing, a space or more punctuation
  /// follows (so that `.NET`, `.5` and `:30` are not touched).
  @inline(__always)
  private func endsWord(_ input: UnsafeBufferPointer<UInt32>, at index: Int) -> Bool {
    let next = index + 1
    guard next < input.count else { return true }
    let value = input[next]
    if value == Self.space || value == Self.tab || Self.isClosingPunctuation(value) { return true }
    return value == 0x22 || value == 0x27 || value == 0x201D
  }
}
