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

  @Test("LanguageSetting parses --lang values")
  func parse() {
    #expect(LanguageSetting("FA") == .fixed(.fa))
    #expect(LanguageSetting("auto") == .auto)
    #expect(LanguageSetting("de") == nil)
  }
}
