import Foundation
import Testing

@testable import TarjumanNames

@Suite("name keys")
struct NameKeyTests {
  /// Spellings of one name that must share a key.
  static let sameKey: [(String, String)] = [
    ("Jolani", "Julani"), ("al-Jolani", "Golani"), ("al-Jawlani", "Joulani"),
    ("Jolani", "الجولاني"), ("Jolani", "جولانی"), ("Abu Muhammad al-Jolani", "أبو محمد الجولاني"),
    ("Abu Mohammed al-Julani", "ابو محمد الجولانی"), ("Hay'at Tahrir al-Sham", "هيئة تحرير الشام"),
    ("Hayat Tahrir al-Sham", "هیئت تحریر الشام"), ("Qassem Soleimani", "Qasem Suleimani"),
    ("Qassem Soleimani", "قاسم سليماني"), ("Nasrallah", "نصرالله"), ("Khamenei", "خامنه‌ای"),
    ("Abdul Rahman", "Abd al-Rahman"), ("Abdelrahman", "عبدالرحمن"),
    ("Ahmed al-Sharaa", "أحمد الشرع"),
    ("Erdoğan", "Erdogan"), ("Mohammad", "Muhammad"), ("Hezbollah", "Hizbullah"),
    ("Abumuhammad", "ابو محمد"), ("ابومحمد جولانی", "Abu Muhammad al-Jolani"),
  ]

  @Test("spellings of one name share a key", arguments: sameKey)
  func sameKeys(_ pair: (String, String)) throws {
    #expect(try NameKey.of(pair.0) == NameKey.of(pair.1), "\(pair.0) vs \(pair.1)")
  }

  @Test("different names keep different keys")
  func differentKeys() throws {
    // Keys only collapse what romanizations confuse; Jolani and Gilani share one (jln),
    // and telling them apart is the similarity's job.
    for (first, second) in [
      ("Jolani", "Jamali"), ("Assad", "Asad Umar"), ("Hama", "Homs"), ("Tehran", "Tahrir"),
    ] {
      #expect(try NameKey.of(first) != NameKey.of(second), "\(first) vs \(second)")
    }
  }

  @Test("the key of a known name")
  func knownKeys() throws {
    #expect(try NameKey.of("Abu Muhammad al-Jolani") == "abu mhmd jln")
    #expect(try NameKey.of("Golani") == "jln")
  }
}

@Suite("name similarity")
struct NameSimilarityTests {
  let reader = Result { try NameReader() }

  func score(_ first: String, _ second: String) throws -> Double {
    let reader = try self.reader.get()
    return NameSimilarity().compare(reader.tokens(of: first), reader.tokens(of: second)).score
  }

  @Test("variants score high, other names low")
  func ordering() throws {
    #expect(try score("Jolani", "al-Julani") > 0.85)
    #expect(try score("Jolani", "جولانی") > 0.85)
    #expect(try score("Jolani", "Abu Muhammad al-Jolani") > 0.85)
    #expect(try score("Abumuhammad", "ابو محمد") > 0.85)
    #expect(try score("Damacus", "Damascus") > 0.8)
    #expect(try score("Jolani", "Khamenei") < 0.5)
    #expect(try score("Jolani", "Julani") > score("Jolani", "Gilani"))
    #expect(try score("Jolani", "Jolani") == 1)
  }

  @Test("word order does not matter")
  func order() throws {
    #expect(try score("al-Assad Bashar", "Bashar al-Assad") > 0.95)
  }

  @Test("the explanation names the pairs")
  func explanation() throws {
    let reader = try self.reader.get()
    let result = NameSimilarity().compare(
      reader.tokens(of: "Jolani"), reader.tokens(of: "Abu Muhammad al-Jolani"))
    #expect(result.explanation.contains("jolani=jolani"))
    #expect(result.unmatched == ["muhammad"])
  }
}

@Suite("name matcher")
struct NameMatcherTests {
  @Test("finds the candidate whatever the script")
  func crossScript() throws {
    let matcher = try NameMatcher(candidates: [
      "أبو محمد الجولاني", "بشار الأسد", "حسن نصر الله", "هيئة تحرير الشام", "Damascus",
    ])
    #expect(matcher.matches(for: "Jolani").first?.index == 0)
    #expect(matcher.matches(for: "Bashar Assad").first?.index == 1)
    #expect(matcher.matches(for: "Nasrallah").first?.index == 2)
    #expect(matcher.matches(for: "Tahrir al-Sham").first?.index == 3)
    #expect(matcher.matches(for: "Damacus").first?.index == 4)
    #expect(matcher.matches(for: "Netanyahu").isEmpty)
  }
}
