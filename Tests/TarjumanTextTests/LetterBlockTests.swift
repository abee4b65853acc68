import CTarjumanCPU
import Testing

@testable import TarjumanText

/// The letter loop's 64-byte blocks (`tj_copy_plain_text`, AVX-512) take at once
/// what the loop would copy code point by code point. Persian lines take them, and Latin
/// text its ASCII blocks; these tests hold them to the loop without blocks and to the
/// general path on lines that put every rule the blocks decide (the space after ی and the
/// verb prefix می, the space before ها, ZWNJ between joining and non-joining letters,
/// marks in and out of order, «; commas, spaces before quotes and Arabic letters, digits
/// converted or kept) at every offset of a block, its first and last bytes included, and
/// the line's end at every offset too.
@Suite(
  "clean: the letter loop's 64-byte blocks",
  .enabled(if: tj_has_vbmi(), "the processor has no AVX-512 with VBMI"))
struct LetterBlockTests {
  /// Words of Persian text, and a few that are not (Arabic letters, marks, Latin, digits).
  static let words: [String] = [
    "کتاب", "خانه", "دانشگاه", "هم", "همه", "ها", "های", "هایی", "می", "نمی", "اسلامی", "رسمی",
    "خواهم", "رفت", "گفت", "پدر", "چه", "ژاله", "آب", "ایران", "تهران", "جولانی", "هیئت", "تحریر",
    "شام", "دمشق", "سوریه", "و", "در", "به", "از", "که", "این", "را", "با", "است", "بود", "شد",
    "کتاب\u{200C}ها", "می\u{200C}خواهم", "دار\u{200C}ها", "خانه\u{200C}ای", "بی\u{200C}آنکه",
    "علي", "كتاب", "مدرسة", "على", "مُحَمَّد", "محمَّد", "قرآن", "شی\u{654}", "خانه\u{654}",
    // Shadda before the vowel (the loop puts the vowel first), and three marks.
    "محم\u{651}\u{64E}د", "الل\u{651}\u{647}", "ر\u{651}\u{64F}\u{64C}", "ب\u{650}\u{651}\u{670}",
    "«سلام»", "(ب)", "۱۲۳", "2024", "HTS", "ـها", "\u{200C}", "ی", "ه", "ا", "ن", "م",
  ]

  /// Lines that put each word, and each pair of words with one space between them, after
  /// a run of plain letters of every length from 0 to 61 bytes, so that the word lands on
  /// every offset of the first block (the last ones included); then lines of 70 to 400
  /// bytes of words from a fixed pseudo-random sequence, joined by one space, or now and
  /// then two or none.
  static func lines(count: Int, seed: UInt64) -> [String] {
    let filler = String(repeating: "ب", count: 40)
    func run(_ bytes: Int) -> String {
      String(repeating: "ب", count: bytes / 2) + (bytes % 2 == 1 ? " " : "")
    }
    var lines: [String] = []
    for bytes in 0..<62 {
      for word in words { lines.append(run(bytes) + word + " " + filler) }
    }
    let pairs = [
      "می", "نمی", "اسلامی", "کتاب", "ها", "های", "خانه", "«سلام»", "محم\u{651}\u{64E}د",
    ]
    for bytes in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 40, 41, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59] {
      for first in pairs {
        for second in pairs { lines.append(run(bytes) + first + " " + second + " " + filler) }
      }
    }
    var state = seed
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33)
    }
    for index in 0..<count {
      var line = String(repeating: "ب", count: index % 32) + (index % 64 >= 32 ? " " : "")
      while line.utf8.count < 70 + next() % 330 {
        let gap = next() % 16
        line += gap == 0 ? "  " : gap == 1 ? "" : " "
        line += words[next() % words.count]
      }
      lines.append(line)
    }
    return lines
  }

  static func normalizers(_ options: NormalizationOptions) throws -> [TextNormalizer] {
    [
      try TextNormalizer(options: options, allowsFastPath: true, allowsBlocks: true),
      try TextNormalizer(options: options, allowsFastPath: true, allowsBlocks: false),
      try TextNormalizer(options: options, allowsFastPath: false),
    ]
  }

  @Test(
    "blocks, the loop without them and the general path agree",
    arguments: [LanguageSetting.fixed(.fa), .auto])
  func agree(_ language: LanguageSetting) throws {
    try Self.expectAgreement(
      NormalizationOptions(profile: .clean, language: language, digits: .keep),
      on: Self.lines(count: 4000, seed: 0x626C_6F63_6B73))
  }

  /// Each line normalized with blocks, without them, and by the general path, the same.
  static func expectAgreement(_ options: NormalizationOptions, on lines: [String]) throws {
    let normalizers = try Self.normalizers(options)
    #expect(normalizers[0].usesBlocks && !normalizers[1].usesBlocks)
    for line in lines {
      let outputs = normalizers.map { $0.normalize(line) }
      expectSameText(outputs[0], outputs[1], "blocks against the loop, line: \(line)")
      expectSameText(outputs[0], outputs[2], "blocks against the general path, line: \(line)")
    }
  }

  /// With `--lang auto` the counts the blocks add up decide a line's language: lines of
  /// Persian and Arabic words in every proportion, whose Persian-minus-Arabic weight runs
  /// from -13 to 16, each after a Persian line so that its first pass guesses Persian and
  /// takes blocks; their yeh and kaf come out Persian or Arabic by the sign of the weight.
  @Test("the letters blocks count decide a line's language as the loop's do")
  func countsDecideLanguage() throws {
    let options = NormalizationOptions(profile: .clean, language: .auto, digits: .keep)
    let normalizers = try Self.normalizers(options)
    // Weights: پ 4, ک 1, ی 1; ة -3, ي -1, ك -1.
    let persian = ["پدر", "کو", "می", "ببک"]
    let arabic = ["مدرسة", "علي", "كان", "ببي"]
    var lines: [String] = []
    for persianWords in 0...4 {
      for arabicWords in 0...4 {
        for filler in 0..<8 {
          var words = [String(repeating: "ب", count: filler)]
          words += persian.prefix(persianWords) + arabic.prefix(arabicWords)
          lines.append("پدر گفت")
          lines.append(
            words.joined(separator: " ") + " و ببببببببببببببببببببببببببببببببببببببببببببببببب")
        }
      }
    }
    let text = lines.joined(separator: "\n")
    let outputs = normalizers.map { $0.normalize(text).split(separator: "\n").map(String.init) }
    #expect(outputs[0].count == lines.count)
    for (index, line) in lines.enumerated() {
      expectSameText(outputs[0][index], outputs[1][index], "line: \(line)")
      expectSameText(outputs[0][index], outputs[2][index], "line: \(line)")
    }
  }

  /// What an ASCII block decides: each of these after a run of Latin letters and single
  /// spaces of every length from 0 to 70 bytes (so that it lands on every offset of the
  /// first block, and past it), with or without more text after it (so that the line's
  /// end falls on every offset too).
  static let asciiPieces: [String] = [
    ",", ", x", ";", "?", "`", "  x", " \"x\"", " (x)", " [x]", " {x}", " <x>", "x.", "x. Y",
    " 2024", "x2", " 3.5%", " - ", "-x", " e-mail", " U.S.", " a'b", " 'x'", " @x", " #1",
    " ~", "\tx", " x ", " ", "  ", " \u{A0}x", " é", "é", " کتاب", "کتاب", " بن", " ۱۲۳",
    " \u{200C}x", " \u{200E}x", " Ω", " x!", "!!", " (", "( x", "x)", " )", "_x", " |x|",
  ]

  static func asciiLines(count: Int, seed: UInt64) -> [String] {
    let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    func run(_ bytes: Int) -> String {
      // Words of five letters and a space, cut at `bytes`.
      String((0..<bytes).map { $0 % 6 == 5 ? " " : letters[$0 % letters.count] })
    }
    var lines: [String] = []
    for bytes in 0...70 {
      for piece in asciiPieces {
        lines.append(run(bytes) + piece)
        lines.append(run(bytes) + piece + " and then some more words after it")
      }
    }
    var state = seed
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33)
    }
    let words = [
      "the", "Jolani", "HTS", "al-Julani", "said", "on", "Monday", "(AFP)", "U.S.", "2024",
      "Hay'at", "Tahrir", "al-Sham", "in", "Idlib,", "Syria.", "\"We", "are\"", "x;", "why?",
      "e.g.", "[1]", "50%", "--", "/", "a", "I", "Mr.", "`code`", "Golani's", "کتاب", "الجولاني",
    ]
    for _ in 0..<count {
      var line = ""
      // Up to 700 bytes: past the loop's longest run (500 bytes).
      let length = 1 + next() % 700
      while line.utf8.count < length {
        let gap = next() % 16
        if !line.isEmpty { line += gap == 0 ? "  " : gap == 1 ? "" : " " }
        line += words[next() % words.count]
      }
      lines.append(line)
    }
    return lines
  }

  @Test(
    "ASCII blocks, the loop without them and the general path agree",
    arguments: [LanguageSetting.fixed(.en), .fixed(.fa), .fixed(.ar), .auto],
    [DigitStyle.keep, .persian])
  func asciiAgree(_ language: LanguageSetting, _ digits: DigitStyle) throws {
    try Self.expectAgreement(
      NormalizationOptions(profile: .clean, language: language, digits: digits),
      on: Self.asciiLines(count: 3000, seed: 0x6173_6369_69))
  }
}
