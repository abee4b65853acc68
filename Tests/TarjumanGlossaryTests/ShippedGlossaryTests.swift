import Foundation
import TarjumanGlossary
import Testing

@Suite("The shipped glossaries")
struct ShippedGlossaryTests {
  @Test("they validate without errors or warnings")
  func valid() throws {
    let (glossary, problems) = try shippedGlossary()
    let all = problems + (try GlossaryValidator().problems(in: glossary))
    #expect(all.isEmpty, "\(all.prefix(10).map(\.description))")
    #expect(glossary.styles.map(\.id).sorted() == ["academic", "formal", "wire"])
  }

  @Test("at least 300 written concepts, each named in English, Persian and Arabic")
  func coverage() throws {
    let (glossary, _) = try shippedGlossary()
    let written = glossary.concepts.filter {
      $0.location?.file.hasSuffix("places-cldr.glossary") == false
    }
    #expect(written.count >= 300)
    for kind in [ConceptKind.person, .organization, .place, .term] {
      #expect(written.count { $0.kind == kind } >= 30, "\(kind)")
    }
    for concept in written {
      for language in [LanguageTag.english, .persian, .arabic] {
        #expect(
          concept.terms(in: language).contains { $0.status == .preferred },
          "\(concept.id) has no preferred \(language) term")
      }
    }
    #expect(written.count { !$0.sources.isEmpty } >= written.count * 9 / 10)
  }

  @Test("Persian terms use Persian letters and Arabic terms Arabic ones")
  func letters() throws {
    let (glossary, _) = try shippedGlossary()
    let arabicOnly = Set("يكىة".unicodeScalars)
    let persianOnly = Set("پچژگکی".unicodeScalars)
    for concept in glossary.concepts {
      for term in concept.terms(in: .persian) {
        #expect(
          !term.text.unicodeScalars.contains(where: arabicOnly.contains),
          "\(concept.id): \(term.text) \(codePoints(term.text))")
      }
      for term in concept.terms(in: .arabic) {
        #expect(
          !term.text.unicodeScalars.contains(where: persianOnly.contains),
          "\(concept.id): \(term.text) \(codePoints(term.text))")
      }
    }
  }

  /// Names as an English-language news report on Syria writes them, and the concept each
  /// must find.
  static let newsNames: [(String, String)] = [
    ("Hay’at Tahrir al-Sham", "hts"), ("HTS", "hts"), ("Abu Muhammad al-Jolani", "ahmed-al-sharaa"),
    ("Damascus", "damascus"), ("Bashar al-Assad", "bashar-al-assad"), ("Assad", "bashar-al-assad"),
    ("Russia", "russia"), ("Israel", "israel"), ("Syria", "syria"), ("Moscow", "moscow"),
    ("Kayhan", "kayhan"), ("takfiri", "takfiri"),
    ("Presidential Palace", "presidential-palace-damascus"),
    ("Golan", "golan-heights"), ("Hezbollah", "hezbollah"), ("Khamenei", "ali-khamenei"),
    ("هیئت تحریر الشام", "hts"), ("الجولاني", "ahmed-al-sharaa"), ("حزب الله", "hezbollah"),
  ]

  /// Built once for all the cases.
  static let index: GlossaryIndex? = try? GlossaryIndex(try shippedGlossary().0)

  @Test("news names find their concept", arguments: newsNames)
  func newsName(_ name: String, _ concept: String) throws {
    let index = try #require(Self.index)
    #expect(index.lookup(name).first?.concept.id == concept, "\(name)")
  }
}
