import Testing

@testable import TarjumanText

@Suite("key profile")
struct KeyProfileTests {
  static let keyNormalizer = Result { try TextNormalizer(profile: .key) }

  func key(_ text: String) throws -> String {
    try Self.keyNormalizer.get().normalize(text)
  }

  /// Spellings of one word that must get one key.
  static let sameKey: [(String, String, String)] = [
    ("هيئة تحرير الشام", "هیئه تحریر الشام", "yeh, hamza seat and teh marbuta"),
    ("أحمد الشرع", "احمد الشرع", "alef with hamza"),
    ("إسرائيل", "اسراييل", "alef with hamza below, hamza on yeh"),
    ("آذربايجان", "اذربایجان", "alef madda, Arabic yeh"),
    ("ٱلله", "الله", "alef wasla"),
    ("مُحَمَّد", "محمد", "harakat"),
    ("سُلَيْمانِي", "سلیمانی", "harakat and Arabic yeh"),
    ("الجولاني", "الجولانی", "Arabic and Persian final yeh"),
    ("الكويت", "الکویت", "Arabic and Persian kaf"),
    ("مستشفى", "مستشفی", "alef maksura"),
    ("مدرسة", "مدرسه", "teh marbuta and heh"),
    ("خانهٔ", "خانه", "heh with hamza above (two code points)"),
    ("خانۀ", "خانه", "heh with yeh above (one code point)"),
    ("مسؤول", "مسوول", "waw with hamza"),
    ("مسئله", "مسیله", "yeh with hamza"),
    ("کتاب‌ها", "کتابها", "ZWNJ removed"),
    ("مـحـمد", "محمد", "tatweel"),
    ("۱۴۰۳", "1403", "Persian digits"),
    ("٢٠٢٤", "2024", "Arabic-Indic digits"),
    ("Hay’at Tahrir al-Sham", "Hayat Tahrir al-Sham", "curly apostrophe removed"),
    ("Hayʼat Taḥrīr al-Shām", "hayat tahrir al-sham", "modifier apostrophe, accents, case"),
    ("ʿAli", "Ali", "ayn sign"),
    ("ERDOĞAN", "erdogan", "case and breve"),
    ("Straße", "strasse", "sharp s folds to ss"),
    ("Şara", "sara", "cedilla"),
    ("Jolani\u{200F}", "jolani", "bidi control"),
    ("Abu  Muhammad ", "abu muhammad", "whitespace collapsed and trimmed"),
    ("\u{FEFB}", "لا", "presentation form"),
    ("ﷲ", "الله", "Allah ligature"),
    ("سوریه ، ایران", "سوریه, ایران", "Arabic comma as ASCII, no space before it"),
  ]

  @Test("equal words get equal keys", arguments: sameKey)
  func equalKeys(_ pair: (String, String, String)) throws {
    expectSameText(try key(pair.0), try key(pair.1), pair.2)
  }

  /// Different words that a careless key would merge.
  static let differentKeys: [(String, String)] = [
    ("جولانی", "جیلانی"),
    ("سوریه", "سویه"),
    ("Jolani", "Julani"),  // Romanization variants are the name key's job, not this one's.
    ("مسکو", "مسک"),
    ("بر", "پر"),
    ("کرد", "گرد"),
    ("حزب", "حرب"),
  ]

  @Test("different words keep different keys", arguments: differentKeys)
  func differentWords(_ pair: (String, String)) throws {
    #expect(try key(pair.0) != key(pair.1), "\(pair.0) and \(pair.1) must differ")
  }

  @Test("key ignores --lang")
  func languageIndependent() throws {
    let text = "كتاب های علي, HTS"
    let keys = try [LanguageSetting.fixed(.fa), .fixed(.ar), .fixed(.en), .auto].map {
      try TextNormalizer(profile: .key, language: $0).normalize(text)
    }
    #expect(Set(keys).count == 1, "\(keys)")
  }

  @Test("the key of every BMP code point is a fixed point")
  func tableIsIdempotent() throws {
    let normalizer = try Self.keyNormalizer.get()
    var failures: [String] = []
    for value in UInt32(0x20)..<0x10000 {
      guard let scalar = Unicode.Scalar(value), value != 0x0A, value != 0x0D else { continue }
      let once = normalizer.normalize("a" + String(scalar) + "a")
      let twice = normalizer.normalize(once)
      if once != twice {
        failures.append("U+\(String(value, radix: 16)): \(codePoints(once)) → \(codePoints(twice))")
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(20))")
  }
}

/// `key` has a fast path (its table pass from UTF-8 to UTF-8 through a table of short keys,
/// then the rules copying plain runs) and a general one; they must agree on every line.
@Suite("key: fast and general paths agree")
struct KeyPathEquivalenceTests {
  @Test("sample corpora, generated lines and the clean cases")
  func agree() throws {
    let options = NormalizationOptions(profile: .key, language: .auto, digits: .keep)
    let fast = try TextNormalizer(options: options, allowsFastPath: true)
    let general = try TextNormalizer(options: options, allowsFastPath: false)
    var lines = CleanShortcutLines.all
    for file in sampleCorpusFiles() {
      lines += try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
    }
    lines += KeyProfileTests.sameKey.flatMap { [$0.0, $0.1] }
    lines += [
      "ǆungla ǅ", "æther œuvre", "ŉ", "ﷺ قال", "( HTS ) « ثبت »", "Ab\tcd  ef ", "  indented",
      "a , b ; c ? d", "ß ẞ", "İstanbul", "\u{1D400}\u{1D401} x", "ﬁnal ﬂow",
    ]
    let fastLines = fast.normalize(lines.joined(separator: "\n")).split(
      separator: "\n", omittingEmptySubsequences: false)
    #expect(fastLines.count == lines.count)
    for (line, fastLine) in zip(lines, fastLines) {
      expectSameText(String(fastLine), general.normalize(line), "line: \(codePoints(line))")
    }
  }

  @Test("every code point of the BMP between letters and spaces")
  func everyCodePoint() throws {
    let options = NormalizationOptions(profile: .key, language: .auto, digits: .keep)
    let fast = try TextNormalizer(options: options, allowsFastPath: true)
    let general = try TextNormalizer(options: options, allowsFastPath: false)
    var failures: [String] = []
    for value in UInt32(0x01)..<0x10000 {
      guard let scalar = Unicode.Scalar(value), value != 0x0A, value != 0x0D else { continue }
      for line in ["ب" + String(scalar) + " a", "x " + String(scalar) + String(scalar) + "ب"] {
        let expected = general.normalize(line)
        let actual = fast.normalize(line)
        if actual != expected {
          failures.append("\(codePoints(line)): \(codePoints(actual)) ≠ \(codePoints(expected))")
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(20))")
  }
}
