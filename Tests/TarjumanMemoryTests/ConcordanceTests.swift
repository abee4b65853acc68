import Foundation
import TarjumanGlossary
import Testing

@testable import TarjumanMemory

@Suite("concordance")
struct ConcordanceTests {
  static func store() throws -> TemporaryStore {
    let temporary = try TemporaryStore()
    try temporary.store.add([
      unit("Abu Muhammad al-Jolani spoke in Idlib", "ابومحمد جولانی در ادلب سخن گفت"),
      unit("The leader spoke", "تحدث الجولاني في إدلب", to: "ar"),
      unit("Golani's group", "گروه جولانی"),
      unit("Julani arrived", "وصل الجولانی", to: "ar"),
      unit("Open the file", "پرونده را باز کن"),
      unit("Damascus", "دمشق"),
    ])
    return temporary
  }

  @Test("Jolani finds الجولاني and جولانی and the Latin spellings with the same letters")
  func latinTerm() throws {
    let temporary = try Self.store()
    let hits = try Concordance(store: temporary.store).find("Jolani")
    let sources = Set(hits.map(\.unit.source.text))
    #expect(sources.contains("Abu Muhammad al-Jolani spoke in Idlib"))
    #expect(sources.contains("The leader spoke"))  // by الجولاني in the target
    #expect(sources.contains("Golani's group"))  // by جولانی in the target
    #expect(!sources.contains("Open the file"))
  }

  @Test("الجولاني finds Jolani, Julani and Golani")
  func arabicTerm() throws {
    let temporary = try Self.store()
    let hits = try Concordance(store: temporary.store).find("الجولاني")
    let sources = Set(hits.map(\.unit.source.text))
    #expect(
      sources.isSuperset(of: [
        "Abu Muhammad al-Jolani spoke in Idlib", "Golani's group", "Julani arrived",
        "The leader spoke",
      ]))
    #expect(!sources.contains("Damascus"))
  }

  @Test("a short term is found at the start of words only; language filters apply")
  func shortAndFiltered() throws {
    let temporary = try Self.store()
    let concordance = try Concordance(store: temporary.store)
    #expect(try concordance.find("file").map(\.unit.source.text) == ["Open the file"])
    #expect(try concordance.find("ile").isEmpty)
    #expect(
      try concordance.find("Jolani", targetLanguage: .arabic).allSatisfy {
        $0.unit.targetLanguage == .arabic
      })
  }

  @Test("term usages: units whose source has a spelling, with target, count and date")
  func usages() throws {
    let temporary = try Self.store()
    var used = unit("Jolani said", "جولانی گفت")
    used.usageCount = 3
    used.lastUsed = Date(timeIntervalSince1970: 1_700_000_000)
    try temporary.store.add([used])
    let usages = try temporary.store.usages(of: ["Jolani", "Golani"], targetLanguage: .persian)
    #expect(usages.first?.target == "جولانی گفت")
    #expect(usages.first?.usageCount == 3)
    #expect(usages.first?.lastUsed == Date(timeIntervalSince1970: 1_700_000_000))
    #expect(
      Set(usages.map(\.source)) == [
        "Jolani said", "Abu Muhammad al-Jolani spoke in Idlib", "Golani's group",
      ])
  }

  @Test("terms of three letters or fewer are whole words")
  func shortTerms() throws {
    let temporary = try TemporaryStore()
    try temporary.store.add([
      unit("UN forces arrived", "نیروهای سازمان ملل رسیدند"), unit("Undo the change", "برگرداندن"),
      unit("The (UN) said", "سازمان ملل گفت"), unit("HTS fighters", "جنگجویان هیئت"),
      unit("HTSomething", "چیزی"), unit("UN", "سازمان ملل"),
    ])
    let concordance = try Concordance(store: temporary.store)
    #expect(Set(try concordance.find("UN").map(\.unit.source.text)) == ["UN forces arrived", "UN"])
    #expect(try concordance.find("HTS").map(\.unit.source.text) == ["HTS fighters"])
  }

  /// Text, part, whole word, expected.
  static let containment: [(String, String, Bool, Bool)] = [
    ("open the file", "file", false, true),
    ("profile", "file", false, false),  // inside a word
    ("files", "file", false, true),  // the start of a word
    ("files", "file", true, false),
    ("والجولانی گفت", "جولانی", true, true),  // after the glued prefix وال
    ("گروه جولانی‌ها", "جولانی", false, true),
    ("جولانیان", "جولانی", true, false),
    ("شهر تهرانی", "تهران", true, true),  // followed by the Persian ی
  ]

  @Test("containment at word starts, with glued prefixes", arguments: containment)
  func containmentRules(_ row: (String, String, Bool, Bool)) {
    #expect(Concordance.contains(row.0, row.1, wholeWord: row.2) == row.3, "\(row)")
  }
}
