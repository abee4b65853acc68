import Foundation
import Testing

@testable import TarjumanText

/// One case of a table: input, language, expected output, and why.
struct NormalizationCase: CustomTestStringConvertible, Sendable {
  var input: String
  var language: LanguageSetting
  var digits: DigitStyle = .keep
  var expected: String
  var why: String

  var testDescription: String { why }
}

@Suite("clean profile")
struct CleanProfileTests {
  static let cases: [NormalizationCase] = [
    // Presentation forms (text copied from PDFs).
    .init(
      input: "\u{FEFB}", language: .fixed(.ar), expected: "لا",
      why: "lam-alef ligature to two letters"),
    .init(
      input: "\u{FE8D}\u{FBFE}\u{FEAE}\u{FE8D}\u{FEE5}", language: .fixed(.fa), expected: "ایران",
      why: "isolated and final forms to base letters, Persian yeh"),
    // Bidi controls and tatweel.
    .init(
      input: "سلام\u{200F} دنیا", language: .fixed(.fa), expected: "سلام دنیا", why: "RLM removed"),
    .init(
      input: "\u{061C}حزب الله", language: .fixed(.ar), expected: "حزب الله", why: "ALM removed"),
    .init(
      input: "\u{2067}HTS\u{2069} گفت", language: .fixed(.fa), expected: "HTS گفت",
      why: "isolates removed"),
    .init(input: "مـــحمد", language: .fixed(.fa), expected: "محمد", why: "tatweel removed"),
    .init(
      input: "\u{628}\u{651}\u{640}\u{64E}", language: .fixed(.ar),
      expected: "\u{628}\u{64E}\u{651}",
      why: "harakat around a removed tatweel come out in canonical order"),
    // Yeh and kaf.
    .init(
      input: "كتاب علي", language: .fixed(.fa), expected: "کتاب علی",
      why: "Arabic kaf and yeh to Persian"),
    .init(
      input: "حتى", language: .fixed(.fa), expected: "حتی",
      why: "alef maksura to Persian yeh in Persian"),
    .init(
      input: "کتاب علی", language: .fixed(.ar), expected: "كتاب علي",
      why: "Persian kaf and yeh to Arabic"),
    .init(
      input: "مستشفى", language: .fixed(.ar), expected: "مستشفى",
      why: "Arabic alef maksura stays in Arabic"),
    .init(
      input: "ي\u{654}", language: .fixed(.fa), expected: "ئ",
      why: "yeh + hamza above composes before mapping"),
    .init(
      input: "Jolani كان", language: .fixed(.en), expected: "Jolani كان",
      why: "English lines keep Arabic letters"),
    // Invisible characters.
    .init(
      input: "می\u{200B}خواهم", language: .fixed(.fa), expected: "می\u{200C}خواهم",
      why: "ZWSP as ZWNJ in Persian"),
    .init(
      input: "Jo\u{AD}la\u{2060}ni", language: .fixed(.en), expected: "Jolani",
      why: "soft hyphen and word joiner removed"),
    .init(
      input: "\u{FEFF}Damascus", language: .fixed(.en), expected: "Damascus",
      why: "byte-order mark removed"),
    // ZWNJ.
    .init(
      input: "کتاب\u{200C}\u{200C}ها", language: .fixed(.fa), expected: "کتاب\u{200C}ها",
      why: "ZWNJ run collapsed"),
    .init(
      input: "کتاب\u{200C} ها", language: .fixed(.fa), expected: "کتاب\u{200C}ها",
      why: "ZWNJ before a space"),
    .init(
      input: "دار\u{200C}ها", language: .fixed(.fa), expected: "دارها",
      why: "ZWNJ after a non-joining letter removed"),
    .init(
      input: "\u{200C}سلام\u{200C}", language: .fixed(.fa), expected: "سلام",
      why: "ZWNJ at line ends removed"),
    .init(
      input: "خانه\u{200C}ها", language: .fixed(.fa), expected: "خانه\u{200C}ها",
      why: "ZWNJ after heh kept"),
    .init(
      input: "می خواهم", language: .fixed(.fa), expected: "می\u{200C}خواهم",
      why: "prefix mi joined with ZWNJ"),
    .init(
      input: "نمی دانم", language: .fixed(.fa), expected: "نمی\u{200C}دانم",
      why: "prefix nemi joined with ZWNJ"),
    .init(
      input: "کتاب ها", language: .fixed(.fa), expected: "کتاب\u{200C}ها",
      why: "plural ha joined with ZWNJ"),
    .init(
      input: "کتاب های تازه", language: .fixed(.fa), expected: "کتاب\u{200C}های تازه",
      why: "plural hay joined"),
    .init(
      input: "دیوار ها", language: .fixed(.fa), expected: "دیوارها",
      why: "plural after a non-joining letter joined directly"),
    .init(
      input: "ها را دید", language: .fixed(.fa), expected: "ها را دید",
      why: "ha at the start of a line is a word"),
    .init(
      input: "می خواهم", language: .fixed(.ar), expected: "مي خواهم",
      why: "Persian ZWNJ rules only in Persian"),
    .init(
      input: "مهاجم ها", language: .fixed(.fa), expected: "مهاجم\u{200C}ها",
      why: "plural after meem"),
    .init(
      input: "هامون", language: .fixed(.fa), expected: "هامون",
      why: "a word starting with ha is not a suffix"),
    // Digits.
    .init(
      input: "سال ۲۰۲۴ و ٢٠٢٥", language: .fixed(.fa), digits: .ascii, expected: "سال 2024 و 2025",
      why: "digits to ASCII"),
    .init(
      input: "سال 2024 و ٢٠٢٥", language: .fixed(.fa), digits: .persian,
      expected: "سال ۲۰۲۴ و ۲۰۲۵", why: "digits to Persian"),
    .init(
      input: "عام 2024 و ۲۰۲۵", language: .fixed(.ar), digits: .arabic, expected: "عام ٢٠٢٤ و ٢٠٢٥",
      why: "digits to Arabic-Indic"),
    .init(
      input: "جنگنده F-16 و G7", language: .fixed(.fa), digits: .persian,
      expected: "جنگنده F-16 و G7", why: "digits in Latin tokens stay"),
    .init(
      input: "In 2024", language: .fixed(.en), digits: .persian, expected: "In 2024",
      why: "English lines keep ASCII digits"),
    .init(
      input: "سال ۲۰۲۴", language: .fixed(.fa), digits: .keep, expected: "سال ۲۰۲۴",
      why: "keep leaves digits alone"),
    // Punctuation and spacing.
    .init(
      input: "سوریه ، ایران", language: .fixed(.fa), expected: "سوریه، ایران",
      why: "no space before the Arabic comma"),
    .init(
      input: "سوریه,ایران", language: .fixed(.fa), expected: "سوریه، ایران",
      why: "ASCII comma to Arabic comma, space after"),
    .init(
      input: "چرا?", language: .fixed(.fa), expected: "چرا؟", why: "ASCII question mark to Arabic"),
    .init(
      input: "لماذا ?", language: .fixed(.ar), expected: "لماذا؟",
      why: "space before question mark removed"),
    .init(
      input: "۱,۰۰۰ نفر", language: .fixed(.fa), expected: "۱,۰۰۰ نفر",
      why: "thousands separator between digits stays"),
    .init(
      input: "Why، now؟", language: .fixed(.en), expected: "Why, now?",
      why: "Arabic punctuation to ASCII in English"),
    .init(
      input: "Damascus , Aleppo .", language: .fixed(.en), expected: "Damascus, Aleppo.",
      why: "no space before closing punctuation"),
    .init(
      input: "( HTS )", language: .fixed(.en), expected: "(HTS)", why: "no space inside brackets"),
    .init(
      input: "Idlib,Aleppo", language: .fixed(.en), expected: "Idlib, Aleppo",
      why: "space after a comma between words"),
    .init(
      input: "version .NET and 0 .5", language: .fixed(.en), expected: "version .NET and 0 .5",
      why: "a dot that starts a word is left alone"),
    .init(
      input: "at 10:30, 3.5 km", language: .fixed(.en), expected: "at 10:30, 3.5 km",
      why: "times and decimals untouched"),
    .init(
      input: "a  b   c   ", language: .fixed(.en), expected: "a b c",
      why: "space runs collapsed, trailing spaces removed"),
    .init(
      input: "  indented", language: .fixed(.en), expected: "  indented",
      why: "leading indentation kept"),
    .init(
      input: "en \tfa\t ar", language: .fixed(.en), expected: "en\tfa\tar",
      why: "tabs kept, spaces around them removed"),
    // Latin marks, dashes and spaces.
    .init(
      input: "Hay’at Taḥrīr al\u{2011}Shām", language: .fixed(.en),
      expected: "Hay'at Taḥrīr al-Shām", why: "curly apostrophe and non-breaking hyphen"),
    .init(
      input: "Hayʼat ʿAli ‘Umar′s", language: .fixed(.en), expected: "Hay'at 'Ali 'Umar's",
      why: "every apostrophe-like mark to one apostrophe"),
    .init(
      input: "2011―2024 – war — peace", language: .fixed(.en), expected: "2011—2024 – war — peace",
      why: "horizontal bar to em dash; en and em dashes kept"),
    .init(
      input: "Abu\u{A0}Muhammad\u{2009}al-Jolani", language: .fixed(.en),
      expected: "Abu Muhammad al-Jolani", why: "no-break and thin spaces"),
    .init(input: "e\u{301}", language: .fixed(.en), expected: "é", why: "NFC"),
    // auto
    .init(
      input: "كتاب", language: .auto, expected: "كتاب",
      why: "auto: Arabic kaf alone reads as Arabic"),
    .init(
      input: "پیشنهاد كرد", language: .auto, expected: "پیشنهاد کرد",
      why: "auto: pe and Persian yeh outweigh Arabic kaf"),
    .init(
      input: "قالت الحكومة السورية", language: .auto, expected: "قالت الحكومة السورية",
      why: "auto: teh marbuta reads as Arabic"),
    .init(
      input: "Did HTS (هیئت) win?", language: .auto, expected: "Did HTS (هیئت) win?",
      why: "auto: mostly Latin reads as English, so ? stays ASCII"),
    .init(
      input: "2024, 12,000?", language: .auto, digits: .persian, expected: "2024, 12,000?",
      why: "auto: a line without letters keeps ASCII digits and punctuation"),
    .init(
      input: "دمشق, 2024?", language: .auto, digits: .persian, expected: "دمشق، ۲۰۲۴؟",
      why:
        "auto: Arabic-script letters that do not tell the language still get the script's punctuation and digits"
    ),
  ]

  @Test("clean", arguments: cases)
  func clean(_ testCase: NormalizationCase) throws {
    let normalizer = try TextNormalizer(
      profile: .clean, language: testCase.language, digits: testCase.digits)
    expectSameText(normalizer.normalize(testCase.input), testCase.expected, testCase.why)
  }

  @Test("line endings are kept: LF, CRLF and none at the end")
  func lineEndings() throws {
    let normalizer = try TextNormalizer(profile: .clean, language: .fixed(.fa))
    expectSameText(normalizer.normalize("كتاب\r\nعلي\nحتى"), "کتاب\r\nعلی\nحتی")
  }
}

/// `clean` has a fast path (rules applied to the UTF-8 input in one pass) and a general
/// one (table pass, then rules); they must agree on every line.
@Suite("clean: fast and general paths agree")
struct CleanPathEquivalenceTests {
  static let settings: [(LanguageSetting, DigitStyle)] = [
    (.auto, .keep), (.fixed(.fa), .persian), (.fixed(.ar), .arabic), (.fixed(.en), .ascii),
    (.auto, .persian),
  ]

  @Test("sample corpora and the table cases", arguments: settings)
  func agree(_ setting: (LanguageSetting, DigitStyle)) throws {
    let options = NormalizationOptions(profile: .clean, language: setting.0, digits: setting.1)
    let fast = try TextNormalizer(options: options, allowsFastPath: true)
    let general = try TextNormalizer(options: options, allowsFastPath: false)
    var lines = CleanProfileTests.cases.map(\.input)
    for file in sampleCorpusFiles() {
      lines += try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
    }
    // Lines in alternating languages exercise the fast path's language guess.
    lines += [
      "كتاب هاي", "Jolani, HTS", "می خواهم", "قال 2024, في", "سال 2024, در", "Hello world",
      "گل ها", "Hello", "چه ها", "2024", "12,000", "دمشق, 2024", "HTS?", "دمشق?",
    ]
    // Madda and hamza marks after letters: composed (ا + ٔ → أ), not composed (ه + ٔ in
    // Persian), after a yeh the language changes, with harakat before or after them.
    lines += [
      "سا\u{654}ل", "ا\u{653}ب", "ا\u{655}سلام", "مو\u{654}منون", "ري\u{654}يس", "خانه\u{654} ما",
      "مسا\u{654}له", "شی\u{654}", "شی\u{654}\u{652} ما", "بري\u{654}\u{64F} و", "ا\u{64E}\u{654}",
      "ا\u{654}\u{64E}", "ۀ و ۀ", "\u{654}", "ب \u{654}", "Jola\u{654}ni",
    ]
    #expect(lines.count > 1000)
    // One call for all lines, so that the fast path's guess carries from line to line
    // (a Persian line after an English one, and so on).
    let fastLines = fast.normalize(lines.joined(separator: "\n")).split(
      separator: "\n", omittingEmptySubsequences: false)
    #expect(fastLines.count == lines.count)
    for (line, fastLine) in zip(lines, fastLines) {
      expectSameText(String(fastLine), general.normalize(line), "line: \(line)")
    }
  }
}

/// The fast path's shortcuts (the table of two-byte letters, spaces copied inside runs,
/// bidi controls removed before the fast path) against the general path, on inputs
/// built to hit their edges.
@Suite("clean: fast path shortcuts")
struct CleanFastPathShortcutTests {
  /// Pieces that the generated lines are made of: bidi controls, tatweel, ZWNJ and ZWSP,
  /// spaces, punctuation, letters the languages write differently, words the Persian
  /// rules look at, harakat in and out of order, hamza and madda marks, presentation
  /// forms, Latin with accents (composed and not), digits, odd characters.
  static let pieces: [String] = [
    "\u{200F}", "\u{200E}", "\u{061C}", "\u{202B}", "\u{202C}", "\u{2067}", "\u{2069}",
    "\u{0640}", "\u{200C}", "\u{200B}", " ", "  ", "\t", "،", ",", "?", "؟", ":", ".", "(", ")",
    "«", "»", "ب", "ا", "ی", "ي", "ك", "ک", "ه", "ها", "های", "می", "نمی", "ر", "و", "د", "ء",
    "ة", "ى", "ۀ", "آ", "أ", "إ", "ؤ", "ئ", "ث", "\u{064E}", "\u{0651}", "\u{0650}", "\u{064F}",
    "\u{0652}", "\u{0654}", "\u{0653}", "\u{0655}", "\u{0670}", "ﻻ", "ﺍ", "ﯾ", "ﷲ", "\u{FC5E}",
    "\u{FE71}",
    "\u{FEEB}", "a", "Z", "F-16",
    "G7", "é", "e\u{0301}", "2024", "۱۲", "٣٤", "12,000", "\u{00A0}", "\u{2019}", "`",
    "\u{2014}", "\u{00AD}", "سلام", "کتاب", "خانه", "مُحَمَّد", "Jolani", "Ω", "\u{1F600}",
  ]

  /// Lines of up to 14 pieces from a fixed pseudo-random sequence.
  static func generatedLines(count: Int, seed: UInt64) -> [String] {
    var state = seed
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33)
    }
    return (0..<count).map { _ in
      (0..<(next() % 15)).map { _ in pieces[next() % pieces.count] }.joined()
    }
  }

  static let handWritten: [String] = [
    // Bidi controls before letters, spaces, punctuation, marks and the line's end.
    "قال:\u{200F}\u{200F}\u{200F}\u{200F} أنا", "حدثنا، \u{200F}\u{200F}عن", "\u{200F}عن النبي",
    "\u{200F}\u{200F} ها", "کتاب \u{200F}ها", "می \u{200F}خواهم", "بِ\u{200F}\u{064E}",
    "ب\u{200F}\u{0654}",
    "ا\u{200F}\u{0654}", "\u{200E}فیلم NTSC (IVTC)\u{200E}\u{202C}", "سلام\u{200F}",
    "\u{2067}2024\u{2069}",
    "سوریه \u{200F}, ایران", "علي\u{200F}\u{200C}ها", "\u{061C}\u{200F}ب",
    // Harakat out of order, with and without a control or tatweel in between.
    "بّـَ", "بَّ", "بّ\u{200F}َ", "مُحَمَّدٌ", "أ\u{0655}", "إ\u{0654}", "آ\u{0654}", "ی\u{0654}",
    // Spaces around words the rules look at, inside runs of letters.
    "کتاب ها", "کتاب های تازه", "می خواهم", "نمی دانم", "کمی خسته", "( HTS )", "« ثبت »",
    "ث ب", "ب\t ب", "کتاب  ها", "ب ﺍ", "ب \u{064E}", "ب ۱۲", "ب 12", "ب a", "a ب",
    // Presentation forms: ligatures, forms of harakat, next to marks, spaces and controls.
    "ﷲ", "قال ﷺ.", "ب\u{FC5E}", "ب\u{FE70}ب", "ب\u{FE71}", "ﻻَ", "\u{200F}ﺍﯾﺮﺍﻥ", "ﺍ\u{0654}",
    "ب\u{0651}ﹰ", "كتاب ﻫﺎ", "ﻣﯽ خواهم", "ﺁ\u{0655}",
  ]

  static let settings: [(LanguageSetting, DigitStyle)] =
    CleanPathEquivalenceTests.settings + [(.fixed(.fa), .keep), (.fixed(.ar), .keep)]

  @Test("fast and general paths agree on the edges of the letter loop", arguments: settings)
  func agreeOnLoopEdges(_ setting: (LanguageSetting, DigitStyle)) throws {
    let options = NormalizationOptions(profile: .clean, language: setting.0, digits: setting.1)
    let fast = try TextNormalizer(options: options, allowsFastPath: true)
    let general = try TextNormalizer(options: options, allowsFastPath: false)
    let lines = CleanShortcutLines.all
    let fastLines = fast.normalize(lines.joined(separator: "\n")).split(
      separator: "\n", omittingEmptySubsequences: false)
    #expect(fastLines.count == lines.count)
    for (line, fastLine) in zip(lines, fastLines) {
      expectSameText(String(fastLine), general.normalize(line), "line: \(codePoints(line))")
    }
  }

  @Test("fast and general paths agree on generated and hand-written lines", arguments: settings)
  func agree(_ setting: (LanguageSetting, DigitStyle)) throws {
    let options = NormalizationOptions(profile: .clean, language: setting.0, digits: setting.1)
    let fast = try TextNormalizer(options: options, allowsFastPath: true)
    let general = try TextNormalizer(options: options, allowsFastPath: false)
    let lines = Self.handWritten + Self.generatedLines(count: 4000, seed: 20_240_611)
    // One call for all lines: the guess of the language carries from line to line, and the
    // output must never depend on it.
    let fastLines = fast.normalize(lines.joined(separator: "\n")).split(
      separator: "\n", omittingEmptySubsequences: false)
    #expect(fastLines.count == lines.count)
    for (line, fastLine) in zip(lines, fastLines) {
      expectSameText(String(fastLine), general.normalize(line), "line: \(codePoints(line))")
    }
  }

  @Test("a line's output does not depend on the line before it")
  func independentOfPreviousLine() throws {
    let normalizer = try TextNormalizer(profile: .clean, language: .auto, digits: .persian)
    expectSameText(normalizer.normalize("Hello\nشروع فهرست 5"), "Hello\nشروع فهرست ۵")
    expectSameText(
      normalizer.normalize("\u{200E}فیلم NTSC\n\nشروع فهرست 5"), "فیلم NTSC\n\nشروع فهرست ۵")
  }

  @Test("a line normalized in the workspace's buffer equals the line appended to an array")
  func lineInWorkspace() throws {
    let normalizer = try TextNormalizer(profile: .clean, language: .auto)
    let workspace = NormalizerWorkspace()
    for line in CleanShortcutLines.all + ["", "abc"] {
      var appended: [UInt8] = []
      let bytes = Array(line.utf8)
      let done = bytes.withUnsafeBufferPointer {
        normalizer.normalizeLine($0, into: &appended, workspace: workspace)
      }
      let inPlace = bytes.withUnsafeBufferPointer {
        normalizer.normalizeLine($0, workspace: workspace).map(Array.init)
      }
      #expect(done && inPlace == appended, "line: \(codePoints(line))")
    }
    let invalid: [UInt8] = [0x61, 0xD8]
    #expect(
      invalid.withUnsafeBufferPointer { normalizer.normalizeLine($0, workspace: workspace) } == nil)
  }

  @Test("the bits of ASCII punctuation copied as is")
  func asciiBits() {
    #expect(ContextualRules.asciiCopiedAsIsLow == ContextualRules.asciiBits(0))
    #expect(ContextualRules.asciiCopiedAsIsHigh == ContextualRules.asciiBits(64))
    for byte in UInt8(0)..<128 {
      #expect(ContextualRules.asciiCopiedAsIs(byte) == ContextualRules.isASCIICopiedAsIs(byte))
    }
  }

  @Test("bidi controls are removed only before plain starters")
  func removingBidiControls() {
    func removed(_ text: String) -> String? {
      var buffer = RawBuffer<UInt8>(capacity: 16)
      defer { buffer.free() }
      let bytes = Array(text.utf8)
      let done = bytes.withUnsafeBufferPointer {
        TextNormalizer.removeBidiControls(
          from: $0, into: &buffer, info: ScalarInfo.basicMultilingualPlane)
      }
      return done ? String(decoding: buffer.elements, as: UTF8.self) : nil
    }
    #expect(removed("قال:\u{200F}\u{200F} أنا") == "قال: أنا")
    #expect(removed("\u{200E}a\u{202C}") == "a")
    #expect(removed("ب\u{200F}\u{064E}") == nil, "a mark would follow the letter")
    #expect(removed("سلام") == nil, "nothing to remove")
    #expect(removed("\u{061C}ب") == nil, "ALM is left to the general path")
    #expect(removed("\u{200F}\u{FE8D}") == nil, "a presentation form follows")
    // The search goes 32 bytes at a time past other characters whose UTF-8 starts with E2
    // (ZWNJ, dashes, quotes): a control is found wherever it stands.
    let plain = "می\u{200C}خواهم — کتاب\u{200C}ها «خوب» و ‘قال’ – ابو محمد الجولانی\u{200C}ها"
    #expect(removed(plain) == nil, "nothing to remove")
    let scalars = Array(plain.unicodeScalars)
    for control in ["\u{200F}", "\u{200E}", "\u{202B}", "\u{2067}", "\u{2069}"] {
      for position in scalars.indices {
        var text = String.UnicodeScalarView(scalars[..<position])
        text.append(contentsOf: control.unicodeScalars)
        text.append(contentsOf: scalars[position...])
        let line = String(text)
        #expect(
          removed(line) == plain,
          "\(codePoints(control)) before scalar \(position): \(codePoints(line))")
      }
    }
  }
}

/// Lines built to hit the edges of the fast path's letter loop
/// (`tj_copy_plain_text` in CTarjumanCPU): marks out of canonical order (two, three, after
/// ASCII, at the line's start, after a mark of three bytes), a ZWNJ between letters that
/// join or not, `،` `؛` `؟` before a space or not, spaces after `ی` (the verb prefix می)
/// and before `ها`, brackets, ASCII inside Persian words, runs longer than the loop's
/// longest run, the last two bytes of a line.
enum CleanShortcutLines {
  static let marks: [String] = [
    "بَّ", "بّ", "بَّن", "بُّ", "بِّ", "بٌّ", "بّْ", "بّٰ", "بٌَّ", "بِّّ", "بَُِّ", "ّ", "َّ", "aَّ", "aّ",
    "ّبَ", " بّ َ", "ب\u{0952}َّ", "ب\u{0610}ّ", "بّ\u{0610}", "مُحَمَّدٌ رَسُولُ",
    "قَالَ: حَدَّثَنَا عَلِيُّ بْنُ عَبْدِ اللَّهِ", "e\u{0301}\u{0327}", "e\u{0327}\u{0301}",
  ]
  static let zwnj: [String] = [
    "می\u{200C}خواهم", "کتاب\u{200C}ها", "دیوار\u{200C}ها", "خانه\u{200C}ی", "ب\u{200C}ي",
    "ب\u{200C}\u{200C}ب", "ب\u{200C} ب", "a\u{200C}ب", "ب\u{200C}a", "ب\u{200C}", "\u{200C}ب",
    "ب\u{200C}َ", "بَ\u{200C}ب", "ا\u{200C}ب", "ب\u{200C}ا",
  ]
  static let punctuation: [String] = [
    "سلام، دنیا", "سلام،دنیا", "سلام ، دنیا", "سلام؛ دنیا", "چرا؟ چون", "چرا؟", "چرا؟؟ آری",
    "Hello، world", "x، y", "سلام،", "سلام، ", "«سلام» و «خدا»", "( سلام )", "[ب] {ب}",
    "ب. ب", "ب: ب", "ب - ب", "ب 12 ب", "12، 13", "۱۲، ۱۳", "ب a ب", "ب (a) ب",
    // A space before an opening bracket after a word, a colon, ی, می, another bracket.
    "گفت: «سلام»", "گفت: (سلام)", "می (ب)", "می «ب»", "ی (ب)", "ی «ب»", "« (ب", "( «ب",
    "ب  (ب", "ب ([ب", "ب {ب}", "ب [ب]", "Jolani (HTS)", "علي (ب)", "ب (", "ب «", "ب ( ب",
  ]
  static let spaces: [String] = [
    "می خواهم", "نمی دانم", "کمی خسته", "سمی است", "می", "می ", "علی ها", "کتاب ها", "کتاب هاي",
    "کتاب هم", "کتاب ه", "کتاب ه ا", "ب  ب", "ب \tب", "ب\t ب", "ب ﻻ", "ب «ب»", "ب »", "ث ب", "ث",
    "ي ب", "ك ب", "ى ب", "ی ب", "ۀ ب", "ة ب", "ب ي", "ب ك",
    // Words ending in می that are not the verb prefix, and ones that may be.
    "اسلامی است", "رسمی کرد", "علمی ها", "بنمی خواهم", "آنمی ب", "ـمی ب", "aمی ب", "۱می ب",
    "بَمی ب", "ب می ب", "(می ب", "«نمی ب",
  ]
  static let long: [String] = [
    String(repeating: "کتاب ", count: 400), String(repeating: "بَّ", count: 300),
    String(repeating: "ب", count: 260) + " ها", String(repeating: "a", count: 600) + "ّ",
    String(repeating: "کتاب‌", count: 300), String(repeating: "ی، ", count: 300),
  ]
  /// Lines whose language the fast path guesses wrongly (it guesses from the lines
  /// before): Persian and Arabic lines in turn, long enough and often enough that it
  /// counts the letters of their first bytes, with yeh, kaf, hamza after yeh, digits and
  /// punctuation that the two languages write differently; runs of each language, with
  /// undecided lines (one ي against one ک) between them, and lines whose first 256 bytes
  /// (what the guess counts) say one language and the whole line the other.
  static let alternating: [String] = {
    let persian = "کتاب های من را گرفت که پیش از این گم شده بود و ژاله آن را یافت"
    let arabic = "قال علي إن الكتاب في المدرسة كبير وهذه الحقيقة معروفة لدى الجميع"
    let tricky = [
      "علي\u{654} و", "شی\u{654} ما", "بي\u{654}", "ی\u{654}", "ي\u{654}ی", "مسئول ي ی",
      "12, 13 ي", "Hello ي, 12", "علي, 12؟", "ى ی ي", "كتاب ها", "می خواهم ي", "۱۲, ۱۳ ی",
      "ک ك", "ڪ", String(repeating: "ي", count: 140) + " ی",
      String(repeating: "ی", count: 140) + " ي",
      "ة ی ی", "Hello world", "سلام، دنیا ي",
    ]
    var lines: [String] = []
    for (round, line) in tricky.enumerated() {
      lines += [persian, arabic, persian + " 12", arabic + "، 12", line]
      lines += round % 2 == 0 ? [arabic, line] : [persian, line]
    }
    let undecided = "علي کرد، دمشق"
    // Persian for 300 bytes, then Arabic enough to outweigh it; and the other way round.
    let persianFirst =
      String(repeating: "کتاب من ", count: 20) + String(repeating: "الحكومة في ", count: 30)
    let arabicFirst =
      String(repeating: "الحكومة في ", count: 20) + String(repeating: "پیشنهاد کرد ", count: 30)
    for run in 1...6 {
      lines += Array(repeating: persian, count: run) + [undecided]
      lines += Array(repeating: arabic + " ي", count: run) + [undecided, persianFirst]
      lines += [arabicFirst, persian, persianFirst, arabic, arabicFirst]
    }
    return lines
  }()
  static let all =
    marks + zwnj + punctuation + spaces + long + alternating
    + CleanFastPathShortcutTests.handWritten
}
