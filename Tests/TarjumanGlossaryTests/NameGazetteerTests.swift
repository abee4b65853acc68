import Foundation
import TarjumanGlossary
import TarjumanNames
import Testing

@Suite("the name matcher with the glossaries' concepts")
struct NameGazetteerTests {
  static let glossary = Glossary(concepts: [
    Concept(
      id: "damascus", kind: .place,
      terms: [
        Term("Damascus", language: .english, status: .preferred),
        Term("Dimashq", language: .english, type: .variant),
        Term("دمشق", language: .persian, status: .preferred),
        Term("دمشق", language: .arabic, status: .preferred),
      ]),
    Concept(
      id: "sana", kind: .organization,
      terms: [
        Term("Syrian Arab News Agency", language: .english, status: .preferred),
        Term("SANA", language: .english, type: .abbreviation),
        Term("سانا", language: .arabic, type: .abbreviation),
      ]),
    Concept(
      id: "ahmed-al-sharaa", kind: .person,
      terms: [
        Term("Ahmed al-Sharaa", language: .english, status: .preferred),
        Term("Abu Mohammad al-Jolani", language: .english, type: .nomDeGuerre),
        Term("أحمد الشرع", language: .arabic, status: .preferred),
        Term("أبو محمد الجولاني", language: .arabic, type: .nomDeGuerre),
      ]),
  ])

  /// Queries and the candidate a glossary concept makes them match, though no rule could.
  static let cases: [(String, String, String)] = [
    ("Damascus", "دمشق", "damascus"), ("Dimashq", "دمشق", "damascus"),
    ("SANA", "Syrian Arab News Agency", "sana"),
    ("Abu Mohammad al-Jolani", "Ahmed al-Sharaa", "ahmed-al-sharaa"),
  ]

  @Test("names of one concept match with score 1", arguments: cases)
  func concept(_ query: String, _ expected: String, _ id: String) throws {
    let candidates = ["دمشق", "حلب", "Syrian Arab News Agency", "Sanaa", "Ahmed al-Sharaa"]
    let gazetteer = try NameGazetteer(glossary: Self.glossary)
    let matcher = try NameMatcher(
      candidates: candidates, lexicon: NameLexicon.shipped(), gazetteer: gazetteer)
    let found = try #require(matcher.matches(for: query).first, "\(query)")
    #expect(found.candidate == expected)
    #expect(found.score == 1)
    #expect(found.explanation == "glossary: \(id)" && found.concept == id)
    // Without the gazetteer the same pair is compared by sound only.
    let plain = try NameMatcher(candidates: candidates)
    #expect(plain.matches(for: query).first?.concept == nil)
  }

  @Test("an abbreviation in capitals is not the word in lower case")
  func abbreviations() throws {
    let gazetteer = try NameGazetteer(glossary: Self.glossary)
    #expect(gazetteer.conceptIDs(of: "SANA") == ["sana"])
    #expect(gazetteer.conceptIDs(of: "Sana").isEmpty)
    #expect(gazetteer.conceptIDs(of: "al-Sharaa Ahmed").isEmpty)
    #expect(gazetteer.conceptIDs(of: "Ahmed Al Sharaa") == ["ahmed-al-sharaa"])
    #expect(gazetteer.count == 3)
  }

  @Test("of two names of the query's concept, the one that also sounds like it is first")
  func order() throws {
    let gazetteer = try NameGazetteer(glossary: Self.glossary)
    let matcher = try NameMatcher(
      candidates: ["أبو محمد الجولاني", "أحمد الشرع"], lexicon: NameLexicon.shipped(),
      gazetteer: gazetteer)
    let found = matcher.matches(for: "Ahmed al-Sharaa")
    #expect(found.map(\.candidate) == ["أحمد الشرع", "أبو محمد الجولاني"])
    #expect(found.allSatisfy { $0.score == 1 })
  }

  @Test("the shipped glossaries make exonyms match")
  func shipped() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Glossaries")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".glossary") }.map { folder.appendingPathComponent($0) }
    let (glossary, _) = try GlossaryLoader().load(files)
    let matcher = try NameMatcher(
      candidates: ["حلب", "دمشق", "حمص"], lexicon: NameLexicon.shipped(),
      gazetteer: try NameGazetteer(glossary: glossary))
    #expect(matcher.matches(for: "Aleppo").first?.candidate == "حلب")
    #expect(matcher.matches(for: "Damascus").first?.candidate == "دمشق")
  }
}
