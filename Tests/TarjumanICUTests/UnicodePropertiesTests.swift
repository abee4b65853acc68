import TarjumanICU
import Testing

@Suite("UnicodeProperties")
struct UnicodePropertiesTests {
  @Test(
    "joiningType follows Unicode's Joining_Type",
    arguments: [
      ("\u{628}" as Unicode.Scalar, UnicodeProperties.JoiningType.dualJoining),  // ب
      ("\u{6CC}", .dualJoining),  // ی
      ("\u{644}", .dualJoining),  // ل
      ("\u{627}", .rightJoining),  // ا
      ("\u{62F}", .rightJoining),  // د
      ("\u{631}", .rightJoining),  // ر
      ("\u{648}", .rightJoining),  // و
      ("\u{698}", .rightJoining),  // ژ
      ("\u{64E}", .transparent),  // fatha
      ("\u{651}", .transparent),  // shadda
      ("\u{640}", .joinCausing),  // tatweel
      ("\u{200D}", .joinCausing),  // ZWJ
      ("\u{200C}", .nonJoining),  // ZWNJ
      (" ", .nonJoining),
      ("a", .nonJoining),
      ("\u{6F7}", .nonJoining),  // Persian digit seven
    ])
  func joiningType(scalar: Unicode.Scalar, expected: UnicodeProperties.JoiningType) {
    #expect(UnicodeProperties.joiningType(of: scalar) == expected, "\(codePoint(scalar.value))")
  }

  @Test("joinsFollowing and joinsPreceding follow from the joining type")
  func joinDirections() {
    #expect(UnicodeProperties.JoiningType.dualJoining.joinsFollowing)
    #expect(UnicodeProperties.JoiningType.dualJoining.joinsPreceding)
    #expect(!UnicodeProperties.JoiningType.rightJoining.joinsFollowing)
    #expect(UnicodeProperties.JoiningType.rightJoining.joinsPreceding)
    #expect(UnicodeProperties.JoiningType.leftJoining.joinsFollowing)
    #expect(!UnicodeProperties.JoiningType.leftJoining.joinsPreceding)
    #expect(!UnicodeProperties.JoiningType.nonJoining.joinsFollowing)
    #expect(!UnicodeProperties.JoiningType.transparent.joinsPreceding)
    #expect(UnicodeProperties.JoiningType.joinCausing.joinsFollowing)
  }

  @Test(
    "isBidiControl is true for bidi marks, embeddings and isolates only",
    arguments: [
      ("\u{200F}" as Unicode.Scalar, true),  // RLM
      ("\u{200E}", true),  // LRM
      ("\u{61C}", true),  // ALM
      ("\u{202B}", true),  // RLE
      ("\u{202E}", true),  // RLO
      ("\u{2067}", true),  // RLI
      ("\u{2069}", true),  // PDI
      ("\u{200C}", false),  // ZWNJ
      ("\u{200D}", false),  // ZWJ
      ("\u{628}", false),
      ("a", false),
    ])
  func bidiControl(scalar: Unicode.Scalar, expected: Bool) {
    #expect(UnicodeProperties.isBidiControl(scalar) == expected, "\(codePoint(scalar.value))")
  }

  @Test(
    "isJoinControl is true for ZWNJ and ZWJ only",
    arguments: [
      ("\u{200C}" as Unicode.Scalar, true),
      ("\u{200D}", true),
      ("\u{200F}", false),
      ("\u{640}", false),
      ("\u{628}", false),
    ])
  func joinControl(scalar: Unicode.Scalar, expected: Bool) {
    #expect(UnicodeProperties.isJoinControl(scalar) == expected, "\(codePoint(scalar.value))")
  }

  @Test("isDefaultIgnorable covers ZWNJ, bidi marks and soft hyphen, not letters or spaces")
  func defaultIgnorable() {
    #expect(UnicodeProperties.isDefaultIgnorable("\u{200C}"))
    #expect(UnicodeProperties.isDefaultIgnorable("\u{200F}"))
    #expect(UnicodeProperties.isDefaultIgnorable("\u{AD}"))
    #expect(!UnicodeProperties.isDefaultIgnorable(" "))
    #expect(!UnicodeProperties.isDefaultIgnorable("\u{628}"))
  }

  @Test("nfcQuickCheck: yes for letters, no for singletons, maybe for combining marks")
  func nfcQuickCheck() {
    #expect(UnicodeProperties.nfcQuickCheck("a") == 1)
    #expect(UnicodeProperties.nfcQuickCheck("\u{628}") == 1)
    #expect(UnicodeProperties.nfcQuickCheck("\u{212B}") == 0)  // angstrom sign
    #expect(UnicodeProperties.nfcQuickCheck("\u{654}") == 2)  // hamza above composes
    #expect(UnicodeProperties.nfcQuickCheck("\u{301}") == 2)
  }

  @Test("generalCategory returns ICU's UCharCategory numbers")
  func generalCategory() {
    #expect(UnicodeProperties.generalCategory(of: "A") == 1)  // Lu
    #expect(UnicodeProperties.generalCategory(of: "a") == 2)  // Ll
    #expect(UnicodeProperties.generalCategory(of: "\u{628}") == 5)  // Lo
    #expect(UnicodeProperties.generalCategory(of: "\u{64E}") == 6)  // Mn
    #expect(UnicodeProperties.generalCategory(of: "\u{6F7}") == 9)  // Nd
    #expect(UnicodeProperties.generalCategory(of: " ") == 12)  // Zs
    #expect(UnicodeProperties.generalCategory(of: "\u{200C}") == 16)  // Cf
  }

  @Test(
    "script(of:) gives ISO 15924 short names",
    arguments: [
      ("\u{6CC}" as Unicode.Scalar, "Arab"),  // ی
      ("\u{628}", "Arab"),
      ("a", "Latn"),
      ("\u{430}", "Cyrl"),
      ("1", "Zyyy"),  // common
      ("\u{64E}", "Zinh"),  // fatha is inherited
    ])
  func script(scalar: Unicode.Scalar, expected: String) {
    #expect(UnicodeProperties.script(of: scalar) == expected, "\(codePoint(scalar.value))")
  }

  @Test(
    "digitValue reads decimal digits of every script",
    arguments: [
      ("\u{6F7}" as Unicode.Scalar, 7 as Int?),  // Persian ۷
      ("\u{663}", 3),  // Arabic-Indic ٣
      ("\u{6F0}", 0),  // Persian ۰
      ("\u{669}", 9),  // Arabic-Indic ٩
      ("5", 5),
      ("a", nil),
      ("\u{628}", nil),
      ("\u{2155}", nil),  // vulgar fraction one fifth: numeric, not a decimal digit
    ])
  func digitValue(scalar: Unicode.Scalar, expected: Int?) {
    #expect(UnicodeProperties.digitValue(of: scalar) == expected, "\(codePoint(scalar.value))")
  }

  @Test(
    "foldCase applies full Unicode case folding",
    arguments: [
      // İ (U+0130) folds to i + combining dot above with the default (non-Turkic) folding.
      ("İstanbul", "i\u{307}stanbul"),
      ("ß", "ss"),
      ("Straße", "strasse"),
      ("ΣΊΣΥΦΟΣ", "σίσυφοσ"),
      ("ﬁ", "fi"),
      ("علی", "علی"),
      ("", ""),
    ])
  func foldCase(input: String, expected: String) throws {
    expectSameScalars(try UnicodeProperties.foldCase(input), expected)
  }

  @Test("foldCase grows its buffer when the folded text is longer")
  func foldCaseLong() throws {
    // Each ß becomes two letters: 1,000 units in, 2,000 out.
    expectSameScalars(
      try UnicodeProperties.foldCase(String(repeating: "ß", count: 1_000)),
      String(repeating: "ss", count: 1_000))
  }
}
