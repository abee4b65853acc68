import Testing

@testable import TarjumanText

@Suite("language detection")
struct LanguageDetectorTests {
  static let cases: [(String, TextLanguage?, String)] = [
    ("ابومحمد جولانی رهبر هیئت تحریر الشام است", .fa, "Persian yeh"),
    ("پوتین در مسکو گفت", .fa, "pe"),
    ("قال أبو محمد الجولاني", .ar, "Arabic yeh"),
    ("هيئة تحرير الشام", .ar, "teh marbuta and Arabic yeh"),
    ("دمشق", nil, "letters both languages share"),
    ("Abu Muhammad al-Jolani", .en, "Latin"),
    ("HTS (هیئت تحریر الشام) said on Monday it would", .en, "mostly Latin"),
    ("گفت: HTS", .fa, "mostly Persian"),
    // Arabic set in Urdu type: Persian yeh and kaf, but heh goal, teh marbuta goal and
    // sukun, which Persian text does not write.
    ("حَدَّثَنَا مُحَمَّدُ بْنُ یَحْیَی قَالَ حَدَّثَنَا عَبْدُ الرَّزَّاقِ عَنْ مَعْمَرٍ", .ar, "sukun"),
    ("عَنْ یُونُسَ بْنِ یَزِیدَ", .fa, "more Persian yehs (3) than sukuns (2)"),
    ("وَکَانَ رَسُولُ اللّٰہِ یَصُومُہُ فِی الْجَاہِلِیَّۃِ", .ar, "heh goal, teh marbuta goal"),
    ("لَمَّا فُرِغَ مِنْ جِہَازِ رَسُولِ اللَّہِ", .ar, "heh goal and sukun against no yeh"),
    // Persian verse with a sukun: its Persian letters still decide.
    ("بِشْنو از نی چون حکایت می‌کند", .fa, "Persian with a sukun"),
    ("۱۲۳۴", nil, "digits, no letters"),
    ("", nil, "empty"),
  ]

  @Test("per-line decision", arguments: cases)
  func detect(_ testCase: (String, TextLanguage?, String)) {
    var line = testCase.0
    let detected = line.withUTF8 { LanguageDetector.detect(utf8: $0) }
    #expect(detected == testCase.1, "\(testCase.2)")
    #expect(LanguageDetector.detect(scalars: testCase.0.unicodeScalars) == testCase.1)
  }

  /// The detector decoding every code point, as it did before two-byte sequences were
  /// looked up directly: the reference for the fast path, invalid bytes included.
  static func decodingEach(_ line: UnsafeBufferPointer<UInt8>) -> TextLanguage? {
    countsDecodingEach(line).line.language
  }

  static func countsDecodingEach(_ line: UnsafeBufferPointer<UInt8>)
    -> LanguageDetector.LetterCounts
  {
    var counts = LanguageDetector.LetterCounts()
    var index = 0
    while index < line.count {
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
    return counts
  }

  @Test("two-byte sequences read directly count as decoded ones, invalid bytes included")
  func twoByteFastPath() {
    // Pieces that move the counts: Latin letters (ASCII and accented), Arabic-script
    // letters of each weight, marks, a Greek letter, ZWNJ, and bytes that are not UTF-8
    // (a lone continuation, a lead without its continuation, C0, F5).
    let pieces: [[UInt8]] =
      [
        "a", "Z", "é", "ß", "ی", "ک", "ي", "ك", "ة", "پ", "گ", "ۀ", "ہ", "ۃ", "ا", "د", "\u{652}",
        "\u{64E}", "λ", "\u{200C}", " ", "7", "۷", "€",
      ].map { Array($0.utf8) } + [[0x80], [0xD9], [0xC0, 0x80], [0xF5], [0xDB, 0x41]]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<6000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let length = Int(state >> 33) % 24
      var line: [UInt8] = []
      for _ in 0..<length {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        line += pieces[Int(state >> 33) % pieces.count]
      }
      line.withUnsafeBufferPointer { bytes in
        #expect(
          LanguageDetector.detect(utf8: bytes) == Self.decodingEach(bytes),
          "\(line.map { String($0, radix: 16) })")
      }
    }
  }

  @Test("long lines count the same letters 64 bytes at a time as decoded one by one")
  func blocks() {
    // Lines of hundreds of bytes, so that code points of every length meet the ends of
    // blocks: ASCII letters and not, Arabic-script letters of every weight and marks
    // (D8–DB), punctuation of U+2000–U+203F (E2 80 xx, which the blocks take), code points
    // they do not take (accented Latin, €, ﻻ, 😀) and bytes that are not UTF-8.
    let pieces: [[UInt8]] =
      [
        "a", "Q", " ", ".", "7", "ی", "ک", "ي", "ك", "ة", "ى", "پ", "چ", "ژ", "گ", "ۀ", "ہ", "ۃ",
        "ا", "ل", "\u{652}", "\u{64E}", "\u{651}", "٣", "۳", "،", "\u{200C}", "’", "“", "—",
        "é", "€", "ﻻ", "😀",
      ].map { Array($0.utf8) } + [[0x80], [0xD9], [0xE2, 0x80], [0xE2, 0x41], [0xD8, 0xD8]]
    var state: UInt64 = 0x0123_4567_89AB_CDEF
    for _ in 0..<4000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let length = Int(state >> 33) % 160
      // Mostly one kind of text, as lines are: a few pieces make most of each line.
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let favourite = Int(state >> 33) % pieces.count
      var line: [UInt8] = []
      for _ in 0..<length {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let pick = Int(state >> 33) % (pieces.count * 2)
        line += pieces[pick < pieces.count ? pick : (pick % 3 == 0 ? favourite : pick % 20)]
      }
      line.withUnsafeBufferPointer { bytes in
        let expected = Self.countsDecodingEach(bytes)
        #expect(
          LanguageDetector.letterCounts(utf8: bytes) == expected,
          "\(line.map { String($0, radix: 16) })")
        #expect(LanguageDetector.letterCounts(utf8: bytes, blocks: false) == expected)
      }
    }
  }

  @Test("LanguageSetting parses --lang values")
  func parse() {
    #expect(LanguageSetting("FA") == .fixed(.fa))
    #expect(LanguageSetting("auto") == .auto)
    #expect(LanguageSetting("de") == nil)
  }
}
