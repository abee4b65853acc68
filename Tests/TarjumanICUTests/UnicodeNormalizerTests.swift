import TarjumanICU
import Testing

/// One normalization case: the input, the form and the exact expected scalars.
struct NormalizationCase: Sendable, CustomTestStringConvertible {
  var input: String
  var form: NormalizationForm
  var expected: String
  var note: String

  var testDescription: String { "\(note): \(form) [\(codePoints(input))]" }
}

@Suite("UnicodeNormalizer")
struct UnicodeNormalizerTests {
  static let cases: [NormalizationCase] = [
    // NFC
    .init(input: "e\u{301}", form: .nfc, expected: "\u{E9}", note: "e + acute composes"),
    .init(
      input: "\u{64A}\u{654}", form: .nfc, expected: "\u{626}",
      note: "yeh + hamza above composes to ئ"),
    .init(
      input: "\u{627}\u{653}", form: .nfc, expected: "\u{622}", note: "alef + madda composes to آ"),
    .init(
      input: "\u{648}\u{654}", form: .nfc, expected: "\u{624}",
      note: "waw + hamza above composes to ؤ"),
    .init(
      input: "\u{628}\u{651}\u{64E}", form: .nfc, expected: "\u{628}\u{64E}\u{651}",
      note: "shadda (ccc 33) reorders after fatha (ccc 30)"),
    .init(
      input: "\u{FEFB}", form: .nfc, expected: "\u{FEFB}", note: "presentation form is kept by NFC"),
    .init(input: "\u{FB01}", form: .nfc, expected: "\u{FB01}", note: "ligature fi is kept by NFC"),
    .init(input: "\u{6CC}\u{200C}", form: .nfc, expected: "\u{6CC}\u{200C}", note: "ZWNJ is kept"),
    .init(input: "\u{212B}", form: .nfc, expected: "\u{C5}", note: "angstrom sign is a singleton"),
    // NFD
    .init(input: "\u{E9}", form: .nfd, expected: "e\u{301}", note: "é decomposes"),
    .init(input: "\u{626}", form: .nfd, expected: "\u{64A}\u{654}", note: "ئ decomposes"),
    .init(input: "\u{622}", form: .nfd, expected: "\u{627}\u{653}", note: "آ decomposes"),
    .init(
      input: "\u{628}\u{651}\u{64E}", form: .nfd, expected: "\u{628}\u{64E}\u{651}",
      note: "NFD reorders harakat too"),
    .init(
      input: "\u{1E0A}\u{323}", form: .nfd, expected: "D\u{323}\u{307}",
      note: "D-dot-above + dot below"),
    .init(input: "\u{AC00}", form: .nfd, expected: "\u{1100}\u{1161}", note: "Hangul syllable"),
    // NFKC
    .init(input: "\u{FEFB}", form: .nfkc, expected: "\u{644}\u{627}", note: "lam-alef ligature ﻻ"),
    .init(input: "\u{FE8D}", form: .nfkc, expected: "\u{627}", note: "isolated alef ﺍ"),
    .init(input: "\u{FB01}", form: .nfkc, expected: "fi", note: "ligature ﬁ"),
    .init(
      input: "\u{FEF3}\u{FEE4}", form: .nfkc, expected: "\u{64A}\u{645}",
      note: "initial yeh, medial meem"),
    .init(
      input: "\u{FDF2}", form: .nfkc, expected: "\u{627}\u{644}\u{644}\u{647}",
      note: "Allah ligature"),
    .init(
      input: "\u{FF21}\u{2460}", form: .nfkc, expected: "A1", note: "fullwidth A and circled 1"),
    .init(
      input: "\u{FE8B}", form: .nfkc, expected: "\u{626}",
      note: "initial yeh with hamza stays composed"),
    // NFKD
    .init(
      input: "\u{FE8B}", form: .nfkd, expected: "\u{64A}\u{654}",
      note: "initial yeh with hamza decomposes"),
    .init(input: "\u{FB01}", form: .nfkd, expected: "fi", note: "ligature ﬁ"),
    .init(
      input: "\u{1E9B}\u{323}", form: .nfkd, expected: "s\u{323}\u{307}", note: "long s with dot"),
    .init(input: "x\u{2075}", form: .nfkd, expected: "x5", note: "superscript five"),
    // NFKC_Casefold
    .init(input: "Stra\u{DF}e", form: .nfkcCasefold, expected: "strasse", note: "ß folds to ss"),
    .init(input: "\u{FB01}LE", form: .nfkcCasefold, expected: "file", note: "ligature and case"),
    .init(input: "A\u{AD}B", form: .nfkcCasefold, expected: "ab", note: "soft hyphen is removed"),
    .init(
      input: "\u{645}\u{200C}\u{6CC}", form: .nfkcCasefold, expected: "\u{645}\u{6CC}",
      note: "ZWNJ is default-ignorable and removed"),
    .init(
      input: "\u{FEFB}", form: .nfkcCasefold, expected: "\u{644}\u{627}", note: "lam-alef ligature"),
  ]

  @Test("normalize gives exactly the expected scalars", arguments: cases)
  func normalizes(_ testCase: NormalizationCase) throws {
    let normalizer = try UnicodeNormalizer(testCase.form)
    #expect(normalizer.form == testCase.form)
    expectSameScalars(try normalizer.normalize(testCase.input), testCase.expected)
    // The result is in the form, and the static instance agrees with the initializer.
    #expect(try normalizer.isNormalized(testCase.expected))
    expectSameScalars(try Self.shared(testCase.form).normalize(testCase.input), testCase.expected)
  }

  static func shared(_ form: NormalizationForm) -> UnicodeNormalizer {
    switch form {
    case .nfc: .nfc
    case .nfd: .nfd
    case .nfkc: .nfkc
    case .nfkd: .nfkd
    case .nfkcCasefold: .nfkcCasefold
    }
  }

  @Test("The static instances have the right forms")
  func staticForms() {
    for form in NormalizationForm.allCases {
      #expect(Self.shared(form).form == form)
    }
  }

  @Test(
    "isNormalized tells normalized text from text that is not",
    arguments: [
      (NormalizationForm.nfc, "\u{E9}", true),
      (.nfc, "e\u{301}", false),
      (.nfc, "\u{628}\u{651}\u{64E}", false),
      (.nfc, "\u{628}\u{64E}\u{651}", true),
      (.nfd, "e\u{301}", true),
      (.nfd, "\u{E9}", false),
      (.nfkc, "\u{FEFB}", false),
      (.nfkc, "\u{644}\u{627}", true),
      (.nfkd, "\u{FB01}", false),
      (.nfkcCasefold, "Abc", false),
      (.nfkcCasefold, "abc", true),
      (.nfc, "", true),
    ])
  func isNormalized(form: NormalizationForm, text: String, expected: Bool) throws {
    #expect(try UnicodeNormalizer(form).isNormalized(text) == expected)
  }

  @Test(
    "combiningClass is the canonical combining class",
    arguments: [
      ("\u{64B}", 27),  // fathatan
      ("\u{64E}", 30),  // fatha
      ("\u{64F}", 31),  // damma
      ("\u{650}", 32),  // kasra
      ("\u{651}", 33),  // shadda
      ("\u{652}", 34),  // sukun
      ("\u{670}", 35),  // superscript alef
      ("\u{654}", 230),  // hamza above
      ("\u{301}", 230),  // combining acute
      ("\u{323}", 220),  // combining dot below
      ("\u{628}", 0),  // beh
      ("\u{61}", 0),
    ] as [(Unicode.Scalar, UInt8)])
  func combiningClass(scalar: Unicode.Scalar, ccc: UInt8) {
    #expect(UnicodeNormalizer.nfc.combiningClass(of: scalar) == ccc)
    #expect(UnicodeNormalizer.nfd.combiningClass(of: scalar) == ccc)
  }

  @Test("isInert: plain letters are inert, letters that compose or decompose are not")
  func isInert() {
    let nfc = UnicodeNormalizer.nfc
    let nfkc = UnicodeNormalizer.nfkc
    // ب neither decomposes nor combines with anything.
    #expect(nfc.isInert("\u{628}"))
    #expect(nfc.isInert("\u{6CC}"))
    // "e" and ا combine with a following mark (é, آ), ي with hamza (ئ).
    #expect(!nfc.isInert("e"))
    #expect(!nfc.isInert("\u{627}"))
    #expect(!nfc.isInert("\u{64A}"))
    // Combining marks and precomposed letters are not inert.
    #expect(!nfc.isInert("\u{64E}"))
    #expect(!nfc.isInert("\u{E9}"))
    // ﻻ is inert for NFC (kept as is) but not for NFKC (decomposed).
    #expect(nfc.isInert("\u{FEFB}"))
    #expect(!nfkc.isInert("\u{FEFB}"))
  }

  @Test("An empty string normalizes to an empty string in every form")
  func empty() throws {
    for form in NormalizationForm.allCases {
      let normalizer = try UnicodeNormalizer(form)
      #expect(try normalizer.normalize("").isEmpty)
      #expect(try normalizer.isNormalized(""))
      #expect(try normalizer.normalize(UnsafeBufferPointer(start: nil, count: 0)).isEmpty)
    }
  }

  @Test("The UTF-16 buffer API agrees with the String API")
  func bufferAPI() throws {
    let input = Array("\u{628}\u{651}\u{64E}\u{FEFB}e\u{301}".utf16)
    let result = try input.withUnsafeBufferPointer { try UnicodeNormalizer.nfkc.normalize($0) }
    #expect(result == Array("\u{628}\u{64E}\u{651}\u{644}\u{627}\u{E9}".utf16))
  }

  // 100,000 repetitions: the results are longer than the first buffer the normalizer
  // tries (1.5 × the input length + 8), so these go through the buffer-growth retry.
  @Test("A long string of letters and combining marks normalizes correctly")
  func longText() throws {
    let count = 100_000
    let decomposed = String(repeating: "e\u{301}", count: count)
    let composed = String(repeating: "\u{E9}", count: count)
    expectSameScalars(try UnicodeNormalizer.nfc.normalize(decomposed), composed)
    // NFD doubles the length (100,000 → 200,000 units), past the first buffer.
    expectSameScalars(try UnicodeNormalizer.nfd.normalize(composed), decomposed)

    let arabic = String(repeating: "\u{628}\u{651}\u{64E}", count: count)
    let reordered = String(repeating: "\u{628}\u{64E}\u{651}", count: count)
    expectSameScalars(try UnicodeNormalizer.nfc.normalize(arabic), reordered)
    expectSameScalars(try UnicodeNormalizer.nfd.normalize(arabic), reordered)

    // ﷺ (U+FDFA) expands to 18 scalars under NFKD: 18 × the input length.
    let salla = String(repeating: "\u{FDFA}", count: 10_000)
    let sallaExpansion = try UnicodeNormalizer.nfkd.normalize("\u{FDFA}")
    #expect(sallaExpansion.unicodeScalars.count == 18)
    expectSameScalars(
      try UnicodeNormalizer.nfkd.normalize(salla), String(repeating: sallaExpansion, count: 10_000))
  }

  @Test("A result that fits the first buffer exactly is not truncated")
  func exactFit() throws {
    // The first buffer holds count + count/2 + 8 units. For 16 × "é" (16 units) that
    // is 32 units, exactly the NFD length: ICU reports U_STRING_NOT_TERMINATED_WARNING.
    let composed = String(repeating: "\u{E9}", count: 16)
    expectSameScalars(
      try UnicodeNormalizer.nfd.normalize(composed), String(repeating: "e\u{301}", count: 16))
    // And one past it.
    let longer = String(repeating: "\u{E9}", count: 17)
    expectSameScalars(
      try UnicodeNormalizer.nfd.normalize(longer), String(repeating: "e\u{301}", count: 17))
  }
}
