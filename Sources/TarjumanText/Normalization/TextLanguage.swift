/// A language whose conventions normalization follows.
public enum TextLanguage: String, CaseIterable, Sendable {
  /// Persian: ی ک, ZWNJ in compounds, Persian digits.
  case fa
  /// Arabic: ي ك, Arabic-Indic digits.
  case ar
  /// English and other Latin-script text.
  case en
}

/// The language setting of a normalizer: one language for all lines, or a decision per line.
public enum LanguageSetting: Hashable, Sendable {
  /// Every line is in this language.
  case fixed(TextLanguage)
  /// Each line's language is decided from its letters (see ``LanguageDetector``).
  case auto

  /// Parses "fa", "ar", "en" or "auto" (case-insensitive).
  public init?(_ text: String) {
    let lowered = text.lowercased()
    if lowered == "auto" {
      self = .auto
    } else if let language = TextLanguage(rawValue: lowered) {
      self = .fixed(language)
    } else {
      return nil
    }
  }
}

/// Decides the language of a line from its letters.
///
/// The rule, in order:
/// 1. Count Latin letters and Arabic-script letters. A line with neither is undecided
///    (nil); more Latin letters than Arabic-script letters makes it English.
/// 2. Otherwise weigh the letters only one of the two languages uses. Persian-only:
///    پ چ ژ گ (weight 2, they never occur in Arabic words) and ی ک (weight 1).
///    Arabic-only: ة (weight 2) and ي ك ى (weight 1; they leak into Persian text typed on
///    Arabic keyboards, so they count less).
/// 3. The heavier side wins. A tie (for example a line of letters both languages share,
///    such as `دمشق`) leaves the language undecided: such a line has no yeh or kaf to
///    change, and only the language-neutral rules apply to it.
public enum LanguageDetector {
  /// The language of a line, or nil when its letters do not tell (no letters, or as many
  /// Persian-only as Arabic-only ones).
  public static func detect<S: Sequence>(scalars: S) -> TextLanguage?
  where S.Element == Unicode.Scalar {
    var counts = LetterCounts()
    for scalar in scalars { counts.add(scalar.value) }
    return counts.language
  }

  /// The language of a line given as UTF-8, or nil when its letters do not tell.
  /// Invalid bytes are skipped.
  public static func detect(utf8 line: UnsafeBufferPointer<UInt8>) -> TextLanguage? {
    var counts = LetterCounts()
    var index = 0
    let count = line.count
    while index < count {
      let byte = line[index]
      if byte < 0x80 {
        counts.addASCII(byte)
        index += 1
        continue
      }
      let (scalar, length) = UTF8Decoding.decode(line, at: index)
      counts.add(scalar)
      index += max(length, 1)
    }
    return counts.language
  }

  /// How much a code point says "Persian": 2 for پ چ ژ گ, 1 for ی ک, else 0.
  static func persianWeight(of value: UInt32) -> Int {
    switch value {
    case 0x067E, 0x0686, 0x0698, 0x06AF: 2
    case 0x06CC, 0x06A9: 1
    default: 0
    }
  }

  /// How much a code point says "Arabic": 2 for ة, 1 for ي ك ى, else 0.
  static func arabicWeight(of value: UInt32) -> Int {
    switch value {
    case 0x0629: 2
    case 0x064A, 0x0643, 0x0649: 1
    default: 0
    }
  }

  struct LetterCounts {
    var latin = 0
    var arabicScript = 0
    var persianWeight = 0
    var arabicWeight = 0

    @inline(__always)
    mutating func addASCII(_ byte: UInt8) {
      if (byte | 0x20) &- 0x61 < 26 { latin += 1 }
    }

    /// Adds a code point from its precomputed facts.
    @inline(__always)
    mutating func add(_ scalarInfo: ScalarInfo) {
      // Branch-free: this runs for every non-ASCII character of `--lang auto` input.
      let bits = scalarInfo.bits
      arabicScript &+= Int((bits >> 14) & 1)
      latin &+= Int((bits >> 13) & 1)
      persianWeight &+= scalarInfo.persianWeight
      arabicWeight &+= scalarInfo.arabicWeight
    }

    @inline(__always)
    mutating func add(_ value: UInt32) {
      if value < 0x80 {
        addASCII(UInt8(value))
      } else {
        add(ScalarInfo.of(value, table: ScalarInfo.basicMultilingualPlane))
      }
    }

    var language: TextLanguage? {
      if latin == 0 && arabicScript == 0 { return nil }
      if latin > arabicScript { return .en }
      if persianWeight > arabicWeight { return .fa }
      if arabicWeight > persianWeight { return .ar }
      return nil
    }
  }
}
