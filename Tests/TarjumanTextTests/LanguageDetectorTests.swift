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

  @Test("LanguageSetting parses --lang values")
  func parse() {
    #expect(LanguageSetting("FA") == .fixed(.fa))
    #expect(LanguageSetting("auto") == .auto)
    #expect(LanguageSetting("de") == nil)
  }
}
