import Foundation
import Testing

@testable import TarjumanGlossary

/// LTAC-Global's TBX test files, kept beside the repository in `../shared/interop/tbx`
/// (see that folder's README); the tests that need them are skipped when it is absent.
let tbxInteropFolder = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("shared/interop/tbx")

let tbxInteropFilesPresent = FileManager.default.fileExists(
  atPath: tbxInteropFolder.appendingPathComponent("basic_good.tbx").path)

func readInterop(_ name: String) throws -> (Glossary, [GlossaryProblem]) {
  try TBXReader.read(tbxInteropFolder.appendingPathComponent(name))
}

/// How many terms have each status.
func statusCounts(_ glossary: Glossary) -> [TermStatus: Int] {
  glossary.concepts.flatMap(\.terms).reduce(into: [:]) { $0[$1.status, default: 0] += 1 }
}

@Suite(
  "TBX interoperability files",
  .enabled(if: tbxInteropFilesPresent, "needs ../shared/interop/tbx beside the repository"))
struct TBXInteropTests {
  /// The files that must be accepted, and the statuses their terms have (counted from the
  /// files independently: 12 preferred, 4 deprecated or superseded, the rest admitted).
  static let goodFiles: [(String, [TermStatus: Int])] = [
    ("basic_good.tbx", [.preferred: 12, .admitted: 97, .deprecated: 4]),
    ("basic-dca-example.tbx", [.preferred: 12, .admitted: 97, .deprecated: 4]),
    ("basic-dct-example.tbx", [.preferred: 12, .admitted: 97, .deprecated: 4]),
    ("min_good.tbx", [.preferred: 12, .admitted: 97, .deprecated: 4]),
    ("core_structure_good.tbx", [.admitted: 113]),
  ]

  @Test("good files are read without a problem", arguments: goodFiles)
  func goodFile(_ example: (String, [TermStatus: Int])) throws {
    let (glossary, problems) = try readInterop(example.0)
    #expect(problems.isEmpty, "\(describe(problems))")
    #expect(glossary.concepts.count == 45)
    #expect(glossary.concepts.map(\.id) == (1...45).map { "c\($0)" })
    #expect(glossary.concepts.flatMap(\.terms).count == 113)
    #expect(statusCounts(glossary) == example.1)
    let languages = Set(glossary.concepts.flatMap(\.terms).map(\.language.rawValue))
    #expect(languages == ["en", "es", "zu"])
  }

  @Test("the first entry of the TBX-Basic example, term by term")
  func firstEntry() throws {
    let (glossary, _) = try readInterop("basic-dca-example.tbx")
    let concept = try #require(glossary.concepts.first)
    #expect(concept.kind == .term)
    #expect(
      concept.notes == [
        "Subject field: General",
        "G-Source: http://www.physics.drexel.edu/observatory/dump.shtml",
        "A group of stars formed together in the spiral arms of a galaxy.",
        "Una acumulación de una docena hasta varios miles de jóvenes estrellas en el plano de las galaxias.",
      ])
    #expect(
      concept.sources == [
        "Oxford2007",
        "http://www.espacioprofundo.com.ar/diccionario/Glosario_de_Astronomia/vertermino/Cumulo_abierto.html",
      ])
    #expect(concept.terms.map(\.text) == ["open cluster", "galactic cluster", "cúmulo abierto"])
    #expect(concept.terms.map(\.status) == [.preferred, .deprecated, .admitted])
    #expect(concept.terms.map(\.language) == [.english, .english, LanguageTag("es")])
    #expect(
      concept.terms[1].note
        == """
        Context: In contrast, the galactic cluster represented by M29 is a grouping of stars—a “knot” of stars in the stellar backdrop.
        Another name for an open star cluster. They are often termed Galactic Clusters because they are found mainly in the plane of our galaxy. If you were to view our galaxy from afar, you would find that all the open/galactic clusters lie within the spiral arms of the galaxy.
        N-Source: http://www.delscope.demon.co.uk/astronomy/glossary.htm#G
        """)
    let types = glossary.concepts.flatMap(\.terms).reduce(into: [TermType: Int]()) {
      $0[$1.type, default: 0] += 1
    }
    #expect(types == [.fullForm: 96, .abbreviation: 1, .shortForm: 9, .variant: 7])
  }

  @Test("the DCA and DCT examples and basic_good hold the same glossary")
  func stylesAgree() throws {
    let (dca, _) = try readInterop("basic-dca-example.tbx")
    let (dct, _) = try readInterop("basic-dct-example.tbx")
    let (good, _) = try readInterop("basic_good.tbx")
    #expect(dca.concepts.count == good.concepts.count)
    for (left, right) in zip(dca.concepts, good.concepts) where left != right {
      Issue.record("\(left.id) differs in basic_good:\n\(left)\n\(right)")
    }
    // The DCT example lacks three langSec notes that the DCA example has; the rest agrees.
    let missingInDCT: [String: String] = [
      "c7": "G-Source: http://geocities.ws/acarvajaltt/temas/estrellas_nacimiento_estelar.html",
      "c9": "G-Source: http://oacs-unah.edu.hn/an111/vrt/img/via_lactea.jpg",
      "c32": "G-Source: http://es.wikipedia.org/wiki/Archivo:Estrella_de_Neutrones.jpg",
    ]
    #expect(dca.concepts.count == dct.concepts.count)
    for (left, right) in zip(dca.concepts, dct.concepts) {
      var expected = left
      expected.notes.removeAll { $0 == missingInDCT[left.id] }
      if expected != right { Issue.record("\(left.id) differs in DCT:\n\(expected)\n\(right)") }
    }
  }

  /// The files that must be rejected, with every error: line, column and a piece of the
  /// message. The reasons follow the comment at the top of each file.
  static let badFiles: [(String, [(Int, Int, String)])] = [
    (
      "basic_bad.tbx",
      [
        (
          26, 6,
          "'theWrongType' is not a data category of TBX-Basic (on <transac>: transactionType)"
        ),
        (69, 7, "'nominal' is not a partOfSpeech value of TBX-Basic"),
        (97, 7, "definition is not allowed at the termSec level in TBX-Basic"),
        (
          140, 6,
          "'wrongType' is not a data category of TBX-Basic (on <transacNote>: responsibility)"
        ),
      ]
    ),
    (
      "core_structure_bad.tbx",
      [
        (15, 16, "text is not allowed directly in <sourceDesc> (write it in a <p>)"),
        (15, 4, "<sourceDesc> has no <p>"),
        (21, 3, "<admin> is not allowed in <text>"),
        (27, 7, "expected <term> before <admin> in <termSec>"),
        (27, 7, "<admin> has no type attribute"),
        (32, 7, "a second <term> in <termSec>"),
        (46, 8, "a second <descrip> in <descripGrp>"),
      ]
    ),
    (
      "min_bad.tbx",
      [
        (21, 5, "'source' is not a data category of TBX-Min"),
        (41, 7, "'error' is not a data category of TBX-Min"),
        (803, 7, "unknown usageStatus value 'not an allowed value'"),
      ]
    ),
    (
      "poorly_formed_xml.tbx",
      [(42, 6, "not well-formed XML: end tag </termSec> does not match <term> opened at 41:7")]
    ),
  ]

  @Test("bad files are rejected, each error at its line and column", arguments: badFiles)
  func badFile(_ example: (String, [(Int, Int, String)])) throws {
    let (_, problems) = try readInterop(example.0)
    let errors = problems.filter { $0.severity == .error }
    #expect(errors.count == example.1.count, "\(describe(problems))")
    for ((line, column, message), error) in zip(example.1, errors) {
      #expect(error.location?.file.hasSuffix("/" + example.0) == true)
      #expect(error.location?.line == line, "\(error)")
      #expect(error.location?.column == column, "\(error)")
      #expect(error.message.contains(message), "\(error)")
    }
  }
}
