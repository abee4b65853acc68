import CTarjumanCPU

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

/// What the normalization rules know of a line's language.
enum LineLanguage: Int, CaseIterable, Sendable {
  case fa, ar, en
  /// Arabic-script letters that do not tell Persian from Arabic.
  case arabicScript
  /// No letters at all (numbers, punctuation): no language's rule applies.
  case unknown

  init(_ language: TextLanguage) {
    switch language {
    case .fa: self = .fa
    case .ar: self = .ar
    case .en: self = .en
    }
  }

  /// The language, when there is one.
  var language: TextLanguage? {
    switch self {
    case .fa: .fa
    case .ar: .ar
    case .en: .en
    case .arabicScript, .unknown: nil
    }
  }

  /// Whether the line is written in the Arabic script (its punctuation and digits follow).
  @inline(__always)
  var isArabicScript: Bool { self == .fa || self == .ar || self == .arabicScript }
}

/// Decides the language of a line from its letters.
///
/// The rule, in order:
/// 1. Count Latin letters and Arabic-script letters. A line with neither is undecided
///    (nil); more Latin letters than Arabic-script letters makes it English.
/// 2. Otherwise weigh the letters only one of the two languages uses. Persian-only:
///    پ چ ژ گ (weight 4: they never occur in Arabic words), ۀ (2), ی ک (1).
///    Arabic-only: ة and ۃ (weight 3; ۃ is ة as Arabic set in Urdu type writes it), ي ك ى
///    (weight 1: they leak into Persian text typed on Arabic keyboards, so they count
///    least), ہ (heh goal, 1: Persian writes ه; Arabic set in Urdu type writes ہ, and ی
///    and ک, which would otherwise make it Persian) and the sukun ْ (1: vowelled Arabic
///    marks it on every closed syllable, Persian text almost never).
/// 3. The heavier side wins. A tie (for example a line of letters both languages share,
///    such as `دمشق`) leaves the language undecided: such a line has no yeh or kaf to
///    change, and only the script's rules (punctuation, digits) apply to it.
public enum LanguageDetector {
  /// The language of a line, or nil when its letters do not tell (no letters, or as many
  /// Persian-only as Arabic-only ones).
  public static func detect<S: Sequence>(scalars: S) -> TextLanguage?
  where S.Element == Unicode.Scalar {
    var counts = LetterCounts()
    for scalar in scalars { counts.add(scalar.value) }
    return counts.line.language
  }

  /// The language of a line given as UTF-8, or nil when its letters do not tell.
  /// Invalid bytes are skipped.
  public static func detect(utf8 line: UnsafeBufferPointer<UInt8>) -> TextLanguage? {
    letterCounts(utf8: line).line.language
  }

  /// The counts ``detect(utf8:)`` decides by; `blocks` false counts without the 64-byte
  /// blocks, as a processor without AVX-512 does (for the tests).
  static func letterCounts(
    utf8 line: UnsafeBufferPointer<UInt8>, blocks: Bool = tj_has_vbmi()
  ) -> LetterCounts {
    guard let base = line.baseAddress else { return LetterCounts() }
    // The table once for the line: reaching a lazy global costs a call per access.
    let table = ScalarInfo.basicMultilingualPlane
    var counts = LetterCounts()
    var index = 0
    let count = line.count
    while index < count {
      let byte = base[index]
      // ASCII and Arabic script 64 bytes at a time where the processor can, up to the
      // first code point of another kind, which the loop below takes (then back here).
      if blocks, count &- index >= 16, byte < 0x80 || byte &- 0xD8 < 4 {
        var block = tj_letter_counts()
        let read = tj_count_letters(base + index, count &- index, arabicScriptFacts, &block)
        if read > 0 {
          counts.latin &+= Int(block.latin)
          counts.arabicScript &+= Int(block.arabic_script)
          counts.persianWeight &+= Int(block.persian_weight)
          counts.arabicWeight &+= Int(block.arabic_weight)
          index &+= read
          continue
        }
      }
      if byte < 0x80 {
        counts.addASCII(byte)
        index &+= 1
        continue
      }
      // Two-byte sequences (all of Arabic script's letters and marks), without decoding:
      // the lead's five bits and the continuation's six are the code point.
      if byte &- 0xC2 < 0x1E, index &+ 1 < count {
        let next = base[index &+ 1]
        if next & 0xC0 == 0x80 {
          counts.add(ScalarInfo(bits: table[Int(UInt32(byte & 0x1F) << 6 | UInt32(next & 0x3F))]))
          index &+= 2
          continue
        }
      }
      let (scalar, length) = UTF8Decoding.decode(line, at: index)
      counts.add(scalar)
      index &+= max(length, 1)
    }
    return counts
  }

  /// The facts `tj_count_letters` reads of U+0600 to U+06FF, by
  /// `(lead & 3) << 6 | (continuation & 0x3F)`: whether the code point is an Arabic-script
  /// letter and its Persian and Arabic weights (see `CTarjumanLetters.h`).
  nonisolated(unsafe) static let arabicScriptFacts: UnsafePointer<UInt8> = {
    let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    for index in 0..<256 {
      let info = ScalarInfo.of(0x600 + UInt32(index), table: ScalarInfo.basicMultilingualPlane)
      table[index] =
        (info.isArabicLetter ? UInt8(TJ_LETTER_ARABIC) : 0)
        | UInt8(info.persianWeight) << UInt8(TJ_LETTER_PERSIAN_SHIFT)
        | UInt8(info.arabicWeight) << UInt8(TJ_LETTER_ARABIC_WEIGHT_SHIFT)
    }
    return UnsafePointer(table)
  }()

  /// How much a code point says "Persian": 4 for پ چ ژ گ, 2 for ۀ, 1 for ی ک, else 0.
  package static func persianWeight(of value: UInt32) -> Int {
    switch value {
    case 0x067E, 0x0686, 0x0698, 0x06AF: 4
    case 0x06C0: 2
    case 0x06CC, 0x06A9: 1
    default: 0
    }
  }

  /// How much a code point says "Arabic": 3 for ة ۃ, 1 for ي ك ى ہ and the sukun, else 0.
  package static func arabicWeight(of value: UInt32) -> Int {
    switch value {
    case 0x0629, 0x06C3: 3
    case 0x064A, 0x0643, 0x0649, 0x06C1, 0x0652: 1
    default: 0
    }
  }

  struct LetterCounts: Equatable {
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

    @inline(__always)
    var line: LineLanguage {
      if latin == 0 && arabicScript == 0 { return .unknown }
      if latin > arabicScript { return .en }
      if persianWeight > arabicWeight { return .fa }
      if arabicWeight > persianWeight { return .ar }
      return .arabicScript
    }
  }
}
