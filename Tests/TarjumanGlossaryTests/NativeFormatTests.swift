import TarjumanGlossary
import Testing

@Suite("The native .glossary format")
struct NativeFormatTests {
  @Test("the sample reads as written")
  func reads() throws {
    let glossary = try sampleGlossary()
    #expect(glossary.concepts.count == 8)
    #expect(glossary.styles.map(\.id) == ["wire", "formal"])
    let sharaa = try #require(glossary.concept(id: "ahmed-al-sharaa"))
    #expect(sharaa.kind == .person)
    #expect(sharaa.sources == ["https://en.wikipedia.org/wiki/Ahmed_al-Sharaa"])
    let golani = try #require(sharaa.terms.first { $0.text == "Golani" })
    #expect(golani.status == .deprecated && golani.type == .variant)
    #expect(golani.note == "Hebrew-style g for Arabic j")
    #expect(golani.location?.line == 11)
    let jolani = try #require(sharaa.terms.first { $0.text == "Jolani" })
    #expect(jolani.status == .admitted && jolani.type == .shortForm)
    let khamenei = try #require(glossary.concept(id: "ali-khamenei"))
    #expect(khamenei.terms(in: .persian).first?.text == "علی خامنه\u{200C}ای")
  }

  @Test("writing and reading again gives an equal glossary")
  func roundTrip() throws {
    var glossary = try sampleGlossary()
    glossary.concepts[0].notes.append("A second note with | a bar")
    glossary.concepts[0].terms.append(
      Term(
        "أبو محمد الجولاني", language: LanguageTag("ar-SY")!, status: .forbidden,
        type: .nomDeGuerre, note: "test"))
    let text = NativeGlossaryFormat.write(glossary)
    let (again, problems) = NativeGlossaryFormat.read(text, file: "round-trip")
    #expect(problems.isEmpty, "\(problems)")
    // A bar cannot be written inside a value; it becomes ¦.
    glossary.concepts[0].notes[1] = "A second note with ¦ a bar"
    #expect(again == glossary)
    #expect(NativeGlossaryFormat.write(again) == text)
  }

  static let brokenFiles: [(String, Int, String)] = [
    ("concept: a\nkind: person\nen: A\nxx-: B\n", 4, "neither a field"),
    ("concept: a\nkind: persona\nen: A\n", 2, "unknown kind 'persona'"),
    ("concept: a\nkind: person\nen: A | favourite\n", 3, "unknown attribute 'favourite'"),
    ("concept: a\nkind: person\nen: A | preferred | admitted\n", 3, "two statuses"),
    ("kind: person\n", 1, "outside a concept block"),
    ("concept: a b\nkind: person\nen: A\n", 1, "not a valid concept id"),
    ("concept: a\nen: A\n", 1, "has no kind"),
    ("concept: a\nkind: person\nen:\n", 3, "empty en term"),
    ("concept: a\nkind: person\njust words\n", 3, "expected 'field: value'"),
    ("style: s\nprefer: a\n", 2, "expected 'prefer: CONCEPT LANG: TEXT'"),
    ("style: s\nprefer-type: nickname\n", 2, "unknown term type"),
    ("concept: a\nkind: person\nprefer-type: short-form\n", 3, "outside a style block"),
  ]

  @Test("each problem names its line", arguments: brokenFiles)
  func problems(_ text: String, _ line: Int, _ message: String) {
    let (_, problems) = NativeGlossaryFormat.read(text, file: "broken.glossary")
    let problem = problems.first
    #expect(problem?.location == SourceLocation(file: "broken.glossary", line: line))
    #expect(problem?.message.contains(message) == true, "\(problems)")
    #expect(problem?.description.hasPrefix("broken.glossary:\(line): error: ") == true)
  }

  @Test("CRLF line ends and comments are fine")
  func crlf() {
    let text =
      "# comment\r\nconcept: a\r\nkind: place\r\nen: Aleppo | preferred\r\nfa: حلب | preferred\r\n"
    let (glossary, problems) = NativeGlossaryFormat.read(text, file: "crlf")
    #expect(problems.isEmpty)
    #expect(glossary.concepts.first?.terms.map(\.text) == ["Aleppo", "حلب"])
  }
}

@Suite("Glossary validation across files")
struct ValidatorTests {
  static func problems(_ text: String) throws -> [String] {
    let (glossary, found) = NativeGlossaryFormat.read(text, file: "g")
    #expect(found.isEmpty, "\(found)")
    return try GlossaryValidator().problems(in: glossary).map(\.description)
  }

  @Test("duplicate ids, two preferred terms, one spelling in two concepts")
  func problems() throws {
    let text = """
      concept: a
      kind: person
      en: Bashar al-Assad | preferred
      en: Assad | preferred
      fa: بشار اسد | preferred

      concept: a
      kind: person
      en: Hafez al-Assad | preferred

      concept: b
      kind: person
      en: ASSAD | short-form
      fa: بشار اسد | preferred
      en: Hafez Al Assad

      style: s
      prefer: zz en: X
      prefer: b en: Nobody

      """
    let found = try Self.problems(text)
    #expect(
      found.contains("g:4: error: two preferred en terms in 'a': 'Bashar al-Assad' and 'Assad'"))
    #expect(found.contains { $0.hasPrefix("g:7: error: duplicate concept id 'a'") })
    #expect(found.contains { $0.hasPrefix("g:13: error: en term 'ASSAD' is also a term of 'a'") })
    // Persian yeh, kaf and ZWNJ variants are one spelling.
    #expect(
      found.contains { $0.hasPrefix("g:14: error: fa term 'بشار اسد' is also a term of 'a'") })
    #expect(
      found.contains { $0.hasPrefix("g:15: error: en term 'Hafez Al Assad' is also a term of 'a'") }
    )
    #expect(found.contains("g:18: error: style 's' names unknown concept 'zz'"))
    #expect(found.contains { $0.hasPrefix("g:19: error: style 's' prefers 'Nobody'") })
    #expect(found.contains("g:15: warning: no preferred en term in 'b'") == false)
    #expect(found.contains { $0.contains("warning: no preferred en term in 'b'") })
  }

  @Test(
    "spellings equal under the key profile are one term",
    arguments: [
      ("خامنه‌ای", "خامنه ای"), ("جولانی", "جولاني"), ("Hay'at", "Hay’at"), ("al-Assad", "Al Assad"),
      ("أحمد", "احمد"), ("تكفيري", "تکفیری"),
    ])
  func spellingKey(_ first: String, _ second: String) throws {
    let validator = try GlossaryValidator()
    #expect(
      validator.spellingKey(first) == validator.spellingKey(second),
      "\(codePoints(first)) vs \(codePoints(second))")
  }

  @Test("the sample glossary has no problems")
  func sample() throws {
    #expect(try GlossaryValidator().problems(in: try sampleGlossary()).isEmpty)
  }
}
