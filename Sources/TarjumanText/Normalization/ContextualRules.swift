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

  /// Writes UTF-8 through a raw pointer and reads back what it wrote: the rules that look
  /// behind (the word before a space, the letter before a ZWNJ) decode the last few code
  /// points of the output when they need them, so the loop over ordinary letters keeps no
  /// state but the write position.
  struct Writer {
    /// Where the line's output starts; the rules never look back past it.
    let start: UnsafeMutablePointer<UInt8>
    var position: UnsafeMutablePointer<UInt8>
    let info: UnsafePointer<UInt32>

    @inline(__always)
    mutating func emit(_ value: UInt32) {
      if value < 0x80 {
        position[0] = UInt8(truncatingIfNeeded: value)
        position += 1
      } else if value < 0x800 {
        position[0] = UInt8(truncatingIfNeeded: 0xC0 | value >> 6)
        position[1] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
        position += 2
      } else if value < 0x10000 {
        position[0] = UInt8(truncatingIfNeeded: 0xE0 | value >> 12)
        position[1] = UInt8(truncatingIfNeeded: 0x80 | (value >> 6) & 0x3F)
        position[2] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
        position += 3
      } else {
        position[0] = UInt8(truncatingIfNeeded: 0xF0 | value >> 18)
        position[1] = UInt8(truncatingIfNeeded: 0x80 | (value >> 12) & 0x3F)
        position[2] = UInt8(truncatingIfNeeded: 0x80 | (value >> 6) & 0x3F)
        position[3] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
        position += 4
      }
    }

    /// The code point that ends just before `end` and where it starts, or nil at the start.
    func scalar(before end: UnsafeMutablePointer<UInt8>) -> (UInt32, UnsafeMutablePointer<UInt8>)? {
      guard end > start else { return nil }
      var first = end - 1
      while first > start && first[0] & 0xC0 == 0x80 { first -= 1 }
      let lead = UInt32(first[0])
      var value: UInt32
      switch end - first {
      case 1: value = lead
      case 2: value = (lead & 0x1F) << 6
      case 3: value = (lead & 0x0F) << 12
      default: value = (lead & 0x07) << 18
      }
      var shift = UInt32(6 * (end - first - 1))
      var byte = first + 1
      while byte < end {
        shift -= 6
        value |= (UInt32(byte[0]) & 0x3F) << shift
        byte += 1
      }
      return (value, first)
    }

    /// The last two code points written, most recent first (0 where there are fewer).
    var lastTwo: (UInt32, UInt32) {
      guard let (first, firstStart) = scalar(before: position) else { return (0, 0) }
      return (first, scalar(before: firstStart)?.0 ?? 0)
    }

    /// The last code point written.
    var previous: UInt32 {
      // Most lookbacks end in ASCII or a two-byte letter: decode those without a loop.
      guard position > start else { return 0 }
      let last = position[-1]
      if last < 0x80 { return UInt32(last) }
      if position - start >= 2 && position[-2] & 0xE0 == 0xC0 {
        return (UInt32(position[-2]) & 0x1F) << 6 | UInt32(last) & 0x3F
      }
      return scalar(before: position)?.0 ?? 0
    }

    /// The last code point written that is not a nonspacing mark (marks do not join).
    var lastBase: UInt32 {
      var end = position
      while let (value, first) = scalar(before: end) {
        if !ScalarInfo.of(value, table: info).isNonspacingMark { return value }
        end = first
      }
      return 0
    }

    /// Whether the output ends with the standalone word می or نمی.
    func endsWithVerbPrefix() -> Bool {
      // ی is DB 8C in UTF-8: reject every other word ending without decoding.
      guard position - start >= 4, position[-1] == 0x8C, position[-2] == 0xDB,
        let (yeh, yehStart) = scalar(before: position), yeh == 0x06CC,
        let (meem, meemStart) = scalar(before: yehStart), meem == 0x0645
      else { return false }
      guard var (before, beforeStart) = scalar(before: meemStart) else { return true }
      if before == 0x0646 {
        guard let (letter, _) = scalar(before: beforeStart) else { return true }
        before = letter
      }
      return !ScalarInfo.of(before, table: info).isLetterOrMark
    }
  }

  /// Applies the rules to the code points of one line and appends its UTF-8 to `bytes`.
  func apply(_ input: UnsafeBufferPointer<UInt32>, into bytes: inout RawBuffer<UInt8>) {
    // Every input code point writes at most two (itself and a space), of at most 4 bytes.
    bytes.reserve(additional: input.count * 8 + 8)
    let start = bytes.base + bytes.count
    let writer = run(input, writer: Writer(start: start, position: start, info: info))
    bytes.count += writer.position - start
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

  /// Whether no rule looks at this (localized) code point: letters and marks other than
  /// the few that rules handle, ASCII letters, and ASCII digits unless they are converted.
  @inline(__always)
  private func isOrdinary(_ value: UInt32, convertsASCIIDigits: Bool) -> Bool {
    if value >= 0x80 {
      // ZWNJ, Arabic punctuation (U+060C–U+061F) and hamza above have rules.
      return value != Self.zwnj && value &- 0x060C >= 0x14 && value != Self.hamzaAbove
    }
    if (value | 0x20) &- 0x61 < 26 { return true }
    return value &- 0x30 < 10 && !convertsASCIIDigits
  }

  @inline(__always)
  private func run(_ input: UnsafeBufferPointer<UInt32>, writer: Writer) -> Writer {
    var out = writer
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
      if isOrdinary(value, convertsASCIIDigits: convertsASCIIDigits) {
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
          let before = out.lastBase
          if before != 0, let after = nextBase(input, from: end),
            info(before).joiningType.joinsFollowing, info(after).joiningType.joinsPreceding
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
        let previous = out.previous
        if previous == Self.tab || Self.isOpeningBracket(previous) { continue }
        if Self.isClosingPunctuation(next) && endsWord(input, at: end) { continue }
        if persianRules {
          if info(next).isArabicLetter && out.endsWithVerbPrefix() {
            out.emit(Self.zwnj)
            continue
          }
          if hasPluralSuffix(input, at: end) {
            let before = out.lastBase
            if before != 0 && info(before).isArabicLetter {
              if info(before).joiningType.joinsFollowing { out.emit(Self.zwnj) }
              continue
            }
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
        let tail = out.lastTwo
        let after: UInt32 = end < count ? input[end] : 0
        let afterHyphen: UInt32 = end + 1 < count ? input[end + 1] : 0
        let touchesLatin =
          isLatin(tail.0) || (tail.0 == 0x2D && isLatin(tail.1))
          || isLatin(after) || (after == 0x2D && isLatin(afterHyphen))
        let zero = digits == .persian ? ScalarRules.persianZero : ScalarRules.arabicIndicZero
        for digitIndex in index..<end {
          out.emit(touchesLatin ? input[digitIndex] : zero + input[digitIndex] - 0x30)
        }
        index = end
        continue
      }
      if value == Self.hamzaAbove {
        // In an Arabic line ی became ي, which composes with a hamza above as NFC does.
        if let (previous, first) = out.scalar(before: out.position), previous == 0x064A {
          out.position = first
          out.emit(0x0626)
        } else {
          out.emit(value)
        }
        index += 1
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
      let before = out.previous
      out.emit(punctuation)
      index += 1
      if Self.isSeparator(punctuation), index < count, info(input[index]).isLetter,
        before != 0, info(before).isLetterOrMark
      {
        out.emit(Self.space)
      }
    }
    return out
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
