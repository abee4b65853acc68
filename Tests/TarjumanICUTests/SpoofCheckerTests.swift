import TarjumanICU
import Testing

@Suite("SpoofChecker")
struct SpoofCheckerTests {
  static let latin = "Jolani"
  /// "Jolani" with CYRILLIC SMALL LETTER A (U+0430) in place of the Latin a.
  static let mixed = "Jol\u{430}ni"

  @Test("A Cyrillic а makes the same skeleton as the Latin a")
  func cyrillicLookAlike() throws {
    let checker = try SpoofChecker()
    #expect(!sameScalars(Self.mixed, Self.latin))
    let mixedSkeleton = try checker.skeleton(Self.mixed)
    let latinSkeleton = try checker.skeleton(Self.latin)
    expectSameScalars(mixedSkeleton, latinSkeleton)
    // The skeleton is all Latin: the Cyrillic letter maps to its Latin look-alike.
    expectSameScalars(latinSkeleton, "Jolani")
  }

  @Test("isSuspicious flags the mixed-script name and passes the plain one")
  func suspicious() throws {
    let checker = try SpoofChecker()
    #expect(try checker.isSuspicious(Self.mixed))
    #expect(try !checker.isSuspicious(Self.latin))
    #expect(try !checker.isSuspicious("علی"))
  }

  // Observed with ICU 72.1 (Unicode 15 confusables): both ARABIC LETTER YEH (ي, U+064A)
  // and ARABIC LETTER FARSI YEH (ی, U+06CC) map to ARABIC LETTER ALEF MAKSURA
  // (ى, U+0649) in the skeleton, so an Arabic and a Persian spelling of the same name
  // (علي / علی) are confusable. The same data maps Arabic kaf ك and Persian keheh ک to
  // one skeleton, and alef ا to Latin l (U+006C).
  @Test("Arabic ي and Persian ی in the same word give the same skeleton (ICU 72)")
  func arabicAndPersianYeh() throws {
    let checker = try SpoofChecker()
    let arabic = try checker.skeleton("\u{639}\u{644}\u{64A}")  // علي
    let persian = try checker.skeleton("\u{639}\u{644}\u{6CC}")  // علی
    expectSameScalars(arabic, persian)
    expectSameScalars(arabic, "\u{639}\u{644}\u{649}")
    expectSameScalars(
      try checker.skeleton("\u{628}\u{64A}\u{62A}"), try checker.skeleton("\u{628}\u{6CC}\u{62A}"))

    expectSameScalars(try checker.skeleton("كتاب"), try checker.skeleton("کتاب"))
    expectSameScalars(try checker.skeleton("کتاب"), "\u{643}\u{62A}l\u{628}")
    // Neither spelling on its own is suspicious: each is a single script.
    #expect(try !checker.isSuspicious("\u{639}\u{644}\u{64A}"))
    #expect(try !checker.isSuspicious("\u{639}\u{644}\u{6CC}"))
  }

  @Test("Different names keep different skeletons")
  func differentNames() throws {
    let checker = try SpoofChecker()
    #expect(!sameScalars(try checker.skeleton("Jolani"), try checker.skeleton("Julani")))
    #expect(!sameScalars(try checker.skeleton("علی"), try checker.skeleton("عمر")))
  }

  @Test("The empty string has an empty skeleton and is not suspicious")
  func empty() throws {
    let checker = try SpoofChecker()
    #expect(try checker.skeleton("").isEmpty)
    #expect(try !checker.isSuspicious(""))
  }

  @Test("A long string grows the skeleton buffer")
  func longSkeleton() throws {
    // ﷺ (U+FDFA) has a skeleton of 18 letters, well past the first buffer (2n + 8).
    let checker = try SpoofChecker()
    let one = try checker.skeleton("\u{FDFA}")
    #expect(one.unicodeScalars.count > 10)
    let many = try checker.skeleton(String(repeating: "\u{FDFA}", count: 100))
    expectSameScalars(many, String(repeating: one, count: 100))
  }

  @Test("clone() gives the same skeletons and checks")
  func clone() throws {
    let checker = try SpoofChecker()
    let copy = try checker.clone()
    #expect(copy !== checker)
    expectSameScalars(try copy.skeleton(Self.mixed), try checker.skeleton(Self.mixed))
    #expect(try copy.isSuspicious(Self.mixed))
    #expect(try !copy.isSuspicious(Self.latin))
  }
}
