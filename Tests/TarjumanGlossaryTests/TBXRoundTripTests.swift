import Foundation
import TarjumanXML
import Testing

@testable import TarjumanGlossary

@Suite("TBX writer and round trip")
struct TBXRoundTripTests {
  /// Concepts that exercise every kind, status and type, English, Persian (with ZWNJ) and
  /// Arabic, notes with markup characters, ids that are not XML IDs, and notes that look
  /// like Tarjuman's own.
  static let concepts: [Concept] = [
    Concept(
      id: "ahmed-al-sharaa", kind: .person,
      notes: ["Led Hay'at Tahrir al-Sham as Abu Mohammad al-Jolani; later Syria's president."],
      sources: ["https://en.wikipedia.org/wiki/Ahmed_al-Sharaa"],
      terms: [
        Term("Ahmed al-Sharaa", language: .english, status: .preferred),
        Term("Abu Mohammad al-Jolani", language: .english, type: .nomDeGuerre),
        Term("Jolani", language: .english, type: .shortForm),
        Term("al-Julani", language: .english, type: .variant),
        Term(
          "Golani", language: .english, status: .deprecated, type: .variant,
          note: "Hebrew-style g for Arabic j"),
        Term("احمد الشرع", language: .persian, status: .preferred),
        Term("ابومحمد جولانی", language: .persian, type: .nomDeGuerre),
        Term("جولانی", language: .persian, type: .shortForm),
        Term("أحمد الشرع", language: .arabic, status: .preferred),
        Term("أحمد حسين الشرع", language: .arabic, type: .birthName),
        Term("الجولاني", language: .arabic, type: .shortForm),
      ]),
    Concept(
      id: "hts", kind: .organization,
      notes: [
        "Markup: a & b < c > d, \"double\" and 'single' quotes, ]]> and &amp; as text.",
        "tarjuman:kind=person is what a user wrote, not a kind.",
      ],
      sources: ["Reuters <style> guide & \"handbook\""],
      terms: [
        Term("Hay'at Tahrir al-Sham", language: .english, status: .preferred),
        Term("HTS", language: .english, type: .abbreviation, note: "After the first mention."),
        Term("هیئت تحریر الشام", language: .persian, status: .preferred),
        Term(
          "جبهه فتح‌الشام", language: .persian, status: .deprecated, note: "Its name in 2016–2017."),
        Term("هيئة تحرير الشام", language: .arabic, status: .preferred),
        Term("تحرير الشام", language: .arabic, type: .shortForm),
      ]),
    Concept(
      id: "region/IR", kind: .place,
      terms: [
        Term("Iran", language: .english, status: .preferred),
        Term(
          "Persia", language: .english, status: .forbidden,
          note:
            "Not for the modern state.\ntarjuman:status=forbidden is a note, not a status.\n\nAfter an empty line."
        ),
        Term("ایران", language: .persian, status: .preferred),
        Term("إيران", language: .arabic, status: .preferred),
      ]),
    Concept(
      id: "2011-uprising", kind: .other, notes: ["An id that starts with a digit."],
      terms: [
        Term("Syrian uprising", language: .english, status: .preferred),
        Term("خیزش سوریه", language: LanguageTag("fa-AF") ?? .persian),
        Term("Syrian revolution", language: .english, status: .admitted),
        Term("الثورة السورية", language: LanguageTag("ar-SY") ?? .arabic, note: ""),
      ]),
    Concept(
      id: "jihad", kind: .term, notes: ["", "  spaced  ", "tab\there"],
      terms: [Term("  jihad  ", language: .english, status: .preferred, note: "\tindented note")]),
    // The same id twice (the validator's concern, but the file must stay valid XML).
    Concept(id: "hts", kind: .organization, terms: [Term("HTS", language: .english)]),
  ]

  @Test("model → TBX → model gives the same concepts, without a problem")
  func roundTrip() throws {
    let original = Glossary(concepts: Self.concepts)
    let written = TBXWriter.write(original)
    let (read, problems) = readTBX(written, name: "written.tbx")
    #expect(problems.isEmpty, "\(describe(problems))")
    #expect(read.concepts.count == Self.concepts.count)
    for (concept, back) in zip(Self.concepts, read.concepts) {
      #expect(back == concept, "\(concept.id)")
    }
  }

  @Test("each concept alone round-trips", arguments: concepts)
  func roundTripEach(_ concept: Concept) throws {
    let (read, problems) = readTBX(TBXWriter.write(Glossary(concepts: [concept])))
    #expect(problems.isEmpty, "\(describe(problems))")
    #expect(read.concepts == [concept])
  }

  @Test("house styles are not written")
  func stylesLeftOut() throws {
    let glossary = Glossary(
      concepts: [Self.concepts[0]], styles: [HouseStyle(id: "wire", preferredTypes: [.shortForm])])
    let (read, _) = readTBX(TBXWriter.write(glossary))
    #expect(read.styles.isEmpty)
    #expect(read.concepts == glossary.concepts)
  }

  @Test("an empty glossary is written and read back with a warning only")
  func emptyGlossary() throws {
    let (read, problems) = readTBX(TBXWriter.write(Glossary()))
    #expect(read == Glossary())
    #expect(problems.allSatisfy { $0.severity == .warning })
  }

  @Test("the concepts survive the native format, TBX and back again")
  func throughNativeFormat() throws {
    let native = NativeGlossaryFormat.write(Glossary(concepts: Array(Self.concepts.prefix(3))))
    let (fromNative, nativeProblems) = NativeGlossaryFormat.read(native, file: "x.glossary")
    #expect(nativeProblems.isEmpty)
    let (fromTBX, problems) = readTBX(TBXWriter.write(fromNative))
    #expect(problems.isEmpty, "\(describe(problems))")
    #expect(fromTBX.concepts == fromNative.concepts)
  }

  /// Ids and the XML IDs written for them.
  static let ids: [(String, String, Bool)] = [
    ("ahmed-al-sharaa", "ahmed-al-sharaa", true),
    ("region/IR", "region_IR", false),
    ("2011-uprising", "c-2011-uprising", false),
    ("_private", "_private", true),
    ("a.b", "a.b", true),
  ]

  @Test("ids that are not XML IDs are replaced, and the real one kept in a note", arguments: ids)
  func xmlIDs(_ example: (String, String, Bool)) {
    #expect(TBXWriter.isXMLID(example.0) == example.2)
    let written = example.2 ? example.0 : TBXWriter.derivedID(example.0, avoiding: [])
    #expect(written == example.1)
  }

  @Test("a derived id does not take one in use")
  func derivedIDsAreUnique() {
    #expect(TBXWriter.derivedID("region/IR", avoiding: ["region_IR"]) == "region_IR-2")
    #expect(
      TBXWriter.derivedID("region/IR", avoiding: ["region_IR", "region_IR-2"]) == "region_IR-3")
  }

  /// Checks the writer's output against the rules of `TBX-Basic_DCA.sch` and TBX-Core's
  /// grammar that a reader of the file alone can check, independently of ``TBXReader``.
  @Test("the output follows TBX-Basic's Schematron rules")
  func schematronRules() throws {
    let written = TBXWriter.write(Glossary(concepts: Self.concepts))
    var parser = XMLPullParser(bytes: Array(written.utf8), name: "written.tbx")
    var path: [String] = []
    var ids: [String] = []
    var currentTermNoteType: String?
    let allowedTypes: [String: Set<String>] = [
      "admin": ["customerSubset", "projectSubset", "source"],
      "descrip": ["subjectField", "context", "definition"],
      "termNote": [
        "administrativeStatus", "partOfSpeech", "geographicalUsage", "grammaticalGender",
        "termLocation", "termType",
      ],
    ]
    while let event = try parser.next() {
      switch event {
      case .startElement(let name, let attributes, _):
        #expect(!name.contains(":"), "DCT style element <\(name)> in DCA style TBX")
        if path.isEmpty {
          #expect(attributes[name: "type"] == "TBX-Basic")
          #expect(attributes[name: "style"] == "dca")
          #expect(attributes[name: "xml:lang"] == "en")
          #expect(attributes[name: "xmlns"] == "urn:iso:std:iso:30042:ed-2")
        }
        if let type = attributes[name: "type"] {
          #expect(!type.isEmpty)
          if let allowed = allowedTypes[name] { #expect(allowed.contains(type), "\(name) \(type)") }
        }
        if name == "termNote" {
          #expect(path.last == "termSec", "termNote only at the termSec level")
          currentTermNoteType = attributes[name: "type"]
        }
        if name == "admin" { #expect(path.last == "conceptEntry") }
        if let id = attributes[name: "id"] {
          #expect(TBXWriter.isXMLID(id))
          ids.append(id)
        }
        #expect(attributes[name: "target"] == nil)
        path.append(name)
      case .endElement:
        path.removeLast()
        currentTermNoteType = nil
      case .text(let text):
        switch currentTermNoteType {
        case "administrativeStatus":
          #expect(
            [
              "admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts",
              "preferredTerm-admn-sts",
            ].contains(text))
        case "termType":
          #expect(
            ["fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"].contains(text)
          )
        default:
          break
        }
      }
    }
    #expect(Set(ids).count == ids.count, "ids are unique")
    #expect(ids.count == Self.concepts.count)
  }

  @Test("the output as written, for one concept")
  func exactOutput() {
    let concept = Concept(
      id: "region/IR", kind: .place, notes: ["a & b"], sources: ["https://example.org"],
      terms: [
        Term("Iran", language: .english, status: .preferred),
        Term("Persia", language: .english, status: .forbidden, note: "old"),
        Term("ابومحمد جولانی", language: .persian, type: .nomDeGuerre),
      ])
    let written = TBXWriter.write(Glossary(concepts: [concept]))
    let body = written.components(separatedBy: "<body>\n")[1].components(
      separatedBy: "    </body>")[0]
    #expect(
      body == """
              <conceptEntry id="region_IR">
                <note>tarjuman:kind=place</note>
                <note>tarjuman:id=region/IR</note>
                <note>a &amp; b</note>
                <admin type="source">https://example.org</admin>
                <langSec xml:lang="en">
                  <termSec>
                    <term>Iran</term>
                    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
                    <termNote type="termType">fullForm</termNote>
                  </termSec>
                  <termSec>
                    <term>Persia</term>
                    <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
                    <termNote type="termType">fullForm</termNote>
                    <note>tarjuman:status=forbidden</note>
                    <note>old</note>
                  </termSec>
                </langSec>
                <langSec xml:lang="fa">
                  <termSec>
                    <term>ابومحمد جولانی</term>
                    <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
                    <termNote type="termType">fullForm</termNote>
                    <note>tarjuman:type=nom-de-guerre</note>
                  </termSec>
                </langSec>
              </conceptEntry>

        """)
  }
}
