import Foundation
import TarjumanGlossary
import Testing

@Suite("TSV, CSV and JSON glossaries")
struct ExchangeFormatTests {
  @Test("OmegaT's glossary: source, target, comment; languages from the caller")
  func omegaT() throws {
    let text = "Jolani\tجولانی\tshort form\r\nHTS\tهیئت تحریر الشام\r\nJolani\tالجولانی\n\n"
    let (glossary, problems) = try DelimitedGlossaryFormat.read(
      text, file: "omegat.txt", separator: "\t", sourceLanguage: .english, targetLanguage: .persian)
    #expect(problems.isEmpty)
    #expect(glossary.concepts.count == 2)
    let jolani = glossary.concepts[0]
    #expect(jolani.terms.map(\.text) == ["Jolani", "جولانی", "الجولانی"])
    #expect(jolani.terms[1].note == "short form" && jolani.terms[1].language == .persian)
  }

  @Test("one column per language with a header; the first term of a cell is preferred")
  func header() throws {
    let text = """
      id,kind,en,fa,ar,note
      hts,organization,"HTS; Hay'at Tahrir al-Sham",هیئت تحریر الشام,هيئة تحرير الشام,"Armed group, Idlib"
      damascus,place,Damascus,دمشق,دمشق,
      broken,place,Aleppo
      """
    let (glossary, problems) = try DelimitedGlossaryFormat.read(text, file: "g.csv", separator: ",")
    #expect(problems.map(\.description) == ["g.csv:4: error: row has 3 columns, the header has 6"])
    #expect(glossary.concepts.map(\.id) == ["hts", "damascus"])
    let hts = glossary.concepts[0]
    #expect(hts.kind == .organization)
    #expect(hts.notes == ["Armed group, Idlib"])
    #expect(
      hts.terms.map(\.text) == [
        "HTS", "Hay'at Tahrir al-Sham", "هیئت تحریر الشام", "هيئة تحرير الشام",
      ])
    #expect(hts.terms.map(\.status) == [.preferred, .admitted, .preferred, .preferred])
  }

  @Test("CSV written with quotes reads back; TSV keeps preferred and admitted terms")
  func delimitedRoundTrip() throws {
    let glossary = try sampleGlossary()
    for separator: Character in [",", "\t"] {
      let text = DelimitedGlossaryFormat.write(glossary, separator: separator)
      let (again, problems) = try DelimitedGlossaryFormat.read(
        text, file: "x", separator: separator)
      #expect(problems.isEmpty, "\(problems)")
      #expect(again.concepts.map(\.id) == glossary.concepts.map(\.id))
      for (original, read) in zip(glossary.concepts, again.concepts) {
        #expect(Set(original.terms.map(\.text)) == Set(read.terms.map(\.text)))
        #expect(read.kind == original.kind)
        for language in original.languages {
          #expect(
            read.terms(in: language).first { $0.status == .preferred }?.text
              == Glossary.rendering(of: original, in: language)?.text)
        }
      }
    }
  }

  @Test("JSON keeps everything the model holds")
  func jsonRoundTrip() throws {
    let glossary = try sampleGlossary()
    let text = try JSONGlossaryFormat.write(glossary)
    let (again, problems) = try JSONGlossaryFormat.read(text, file: "g.json")
    #expect(problems.isEmpty)
    #expect(again == glossary)
  }

  @Test(
    "broken JSON is an error naming the file",
    arguments: [
      "{\"concepts\": [", "{\"concepts\": [{\"id\": \"a\"}]}", "[]",
    ])
  func brokenJSON(_ text: String) throws {
    let (_, problems) = try JSONGlossaryFormat.read(text, file: "bad.json")
    #expect(problems.first?.severity == .error)
    #expect(problems.first?.description.hasPrefix("bad.json:1: error: ") == true, "\(problems)")
  }

  @Test("formats follow the file's extension")
  func formatsByExtension() {
    #expect(GlossaryFormat(path: "a/b.TBX") == .tbx)
    #expect(GlossaryFormat(path: "x.glossary") == .native)
    #expect(GlossaryFormat(path: "omegat.txt") == .tsv)
    #expect(GlossaryFormat(path: "noext") == nil)
  }
}
