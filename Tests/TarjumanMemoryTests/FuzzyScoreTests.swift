import Testing

@testable import TarjumanMemory

@Suite("fuzzy score")
struct FuzzyScoreTests {
  func score(_ query: String, _ candidate: String, markup: String? = nil) -> FuzzyScore {
    FuzzyScore(query: PreparedText(query), candidate: PreparedText(candidate, markup: markup))
  }

  /// Query, candidate, expected percentage. Reasons in the comments.
  static let table: [(String, String, Int)] = [
    ("Open the file", "Open the file", 100),  // identical
    ("Open the file", "open the file", 99),  // same key, different case
    ("Open the file.", "Open the file", 85),  // punctuation weighs ½: 1 − 0.5/3.5
    ("Open the file", "Open the folder", 66),  // one word of three replaced
    ("Open the colour chooser", "Open the color chooser", 95),  // colour/color: ⅙ of a word
    ("Delete 5 files", "Delete 6 files", 64),  // 66.7 − 2 for the number replaced
    ("Jolani met Assad", "Jolani met Putin", 64),  // 66.7 − 2 for the name replaced
    ("پرونده را باز کن", "پرونده را باز کن", 100),
    ("كتاب جديد", "کتاب جدید", 99),  // Arabic and Persian letters: same key
    ("پرونده را باز کن", "پوشه را باز کن", 75),
    ("فتح الملف", "فتح المجلد", 50),  // الملف/المجلد differ in 2 of 6 letters: a whole word
    ("۵ پرونده", "5 پرونده", 99),  // Persian and ASCII digits: same key
    ("Cancel", "Print the document", 0),
  ]

  @Test("percentages", arguments: table)
  func percentages(_ row: (String, String, Int)) {
    let result = score(row.0, row.1)
    #expect(result.score == row.2, "\(row.0) / \(row.1): \(result.explanation)")
  }

  @Test("100 only for identical text, inline codes included")
  func onlyIdentical() {
    #expect(score("Press Enter", "Press Enter").score == 100)
    let tagged = score("Press Enter", "Press Enter", markup: "Press <ph x=\"1\"/>Enter")
    #expect(tagged.score == 99 && tagged.tagPenalty == 1)
    #expect(score("a  b", "a b").score == 99)
  }

  @Test("the explanation names the parts")
  func explanation() {
    let result = score("Delete 5 files", "Delete 6 files")
    #expect(result.explanation.contains("numbers differ −2"))
    #expect(result.explanation.hasSuffix("→ 64%"))
    #expect(score("a", "A").explanation.contains("same key, different text −1"))
  }

  @Test("names are capitalized words after the first and acronyms")
  func names() {
    #expect(
      PreparedText.names(in: "Jolani met Assad. Then HTS left, Ξάνθη")
        == ["assad", "hts", "ξάνθη"].map(PreparedText.nameHash).sorted())
    #expect(PreparedText.names(in: "جولانی با اسد دیدار کرد").isEmpty)
  }
}
