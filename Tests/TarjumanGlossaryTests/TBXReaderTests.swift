import Foundation
import Testing

@testable import TarjumanGlossary

/// Reads a TBX document held in a string.
func readTBX(_ document: String, name: String = "test.tbx") -> (Glossary, [GlossaryProblem]) {
  TBXReader.read(bytes: Array(document.utf8), name: name)
}

/// The root attributes of a TBX-Basic file in DCA style.
let basicDCA = #"type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2""#

/// A TBX v3 document around entries, which start on line 5.
func tbx(_ entries: String, root: String = basicDCA) -> String {
  """
  <?xml version="1.0" encoding="UTF-8"?>
  <tbx \(root)>
  <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
  \(entries)
  </body></text>
  </tbx>
  """
}

/// A TBX v2 document around entries, which start on line 5.
func martif(_ entries: String) -> String {
  """
  <?xml version="1.0" encoding="UTF-8"?>
  <martif type="TBX" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
  \(entries)
  </body></text>
  </martif>
  """
}

/// The problems as `line: severity: message`, for readable failures.
func describe(_ problems: [GlossaryProblem]) -> String {
  problems.map { "\($0.location?.line ?? 0): \($0.severity): \($0.message)" }
    .joined(separator: "\n")
}

@Suite("TBX reader")
struct TBXReaderTests {
  @Test("TBX v2 (martif) with tig, ntig and vendor values")
  func readsVersion2() throws {
    let document = """
      <?xml version="1.0" encoding="UTF-8"?>
      <!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
      <martif type="TBX" xml:lang="en">
        <martifHeader><fileDesc><sourceDesc><p>From a vendor tool</p></sourceDesc></fileDesc></martifHeader>
        <text>
          <body>
            <termEntry id="hts">
              <descrip type="subjectField">Politics</descrip>
              <descrip type="definition">A Syrian armed group,
                formed in 2017.</descrip>
              <admin type="source">Reuters style guide</admin>
              <langSet xml:lang="en">
                <tig>
                  <term>Hay'at Tahrir al-Sham</term>
                  <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
                  <termNote type="termType">fullForm</termNote>
                </tig>
                <ntig>
                  <termGrp>
                    <term>HTS</term>
                    <termNote type="termType">acronym</termNote>
                    <termNote type="normativeAuthorization">admittedTerm</termNote>
                  </termGrp>
                  <note>After the first mention.</note>
                </ntig>
              </langSet>
              <langSet xml:lang="FA">
                <tig><term>هیئت تحریر الشام</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
              </langSet>
              <langSet xml:lang="ar">
                <tig>
                  <term>هيئة تحرير الشام</term>
                  <transacGrp><transac type="transactionType">origination</transac><date>2024-12-08</date><note>ignored</note></transacGrp>
                </tig>
              </langSet>
            </termEntry>
          </body>
        </text>
      </martif>
      """
    let (glossary, problems) = readTBX(document)
    #expect(problems.isEmpty, "\(describe(problems))")
    let expected = Concept(
      id: "hts", kind: .term,
      notes: ["Subject field: Politics", "A Syrian armed group, formed in 2017."],
      sources: ["Reuters style guide"],
      terms: [
        Term("Hay'at Tahrir al-Sham", language: .english, status: .preferred),
        Term(
          "HTS", language: .english, status: .admitted, type: .abbreviation,
          note: "After the first mention."),
        Term("هیئت تحریر الشام", language: .persian, status: .preferred),
        Term("هيئة تحرير الشام", language: .arabic),
      ])
    #expect(glossary.concepts == [expected])
    #expect(glossary.concepts.first?.location == SourceLocation(file: "test.tbx", line: 7))
    #expect(glossary.concepts.first?.terms.first?.location?.line == 14)
  }

  @Test("TBX v3 TBX-Basic in DCT style, namespaces declared on the root")
  func readsDCT() throws {
    let document = tbx(
      """
      <conceptEntry id="irgc">
        <min:subjectField>Military</min:subjectField>
        <descripGrp>
          <basic:definition>Iran's Islamic Revolutionary Guard Corps.</basic:definition>
          <basic:source>https://example.org/irgc</basic:source>
        </descripGrp>
        <note>tarjuman:kind=organization</note>
        <langSec xml:lang="en">
          <termSec>
            <term>Islamic Revolutionary Guard Corps</term>
            <min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus>
            <basic:termType>fullForm</basic:termType>
          </termSec>
          <termSec><term>IRGC</term><basic:termType>acronym</basic:termType></termSec>
          <termSec>
            <term>Revolutionary Guards</term>
            <basic:termType>shortForm</basic:termType>
            <descripGrp><basic:context>The Revolutionary Guards said on Tuesday...</basic:context></descripGrp>
          </termSec>
        </langSec>
        <langSec xml:lang="fa">
          <termSec><term>سپاه پاسداران انقلاب اسلامی</term><min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus></termSec>
          <termSec><term>سپاه</term><basic:termType>shortForm</basic:termType></termSec>
        </langSec>
        <langSec xml:lang="ar">
          <termSec><term>الحرس الثوري الإيراني</term><min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus></termSec>
        </langSec>
      </conceptEntry>
      """,
      root:
        #"type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2" xmlns:min="http://www.tbxinfo.net/ns/min" xmlns:basic="http://www.tbxinfo.net/ns/basic""#
    )
    let (glossary, problems) = readTBX(document)
    #expect(problems.isEmpty, "\(describe(problems))")
    let expected = Concept(
      id: "irgc", kind: .organization,
      notes: ["Subject field: Military", "Iran's Islamic Revolutionary Guard Corps."],
      sources: ["https://example.org/irgc"],
      terms: [
        Term("Islamic Revolutionary Guard Corps", language: .english, status: .preferred),
        Term("IRGC", language: .english, type: .abbreviation),
        Term(
          "Revolutionary Guards", language: .english, type: .shortForm,
          note: "Context: The Revolutionary Guards said on Tuesday..."),
        Term("سپاه پاسداران انقلاب اسلامی", language: .persian, status: .preferred),
        Term("سپاه", language: .persian, type: .shortForm),
        Term("الحرس الثوري الإيراني", language: .arabic, status: .preferred),
      ])
    #expect(glossary.concepts == [expected])
  }

  /// Status values of TBX dialects and vendors, and what they mean in the model.
  static let statuses: [(element: String, value: String, status: TermStatus)] = [
    ("administrativeStatus", "preferredTerm-admn-sts", .preferred),
    ("administrativeStatus", "admittedTerm-admn-sts", .admitted),
    ("administrativeStatus", "deprecatedTerm-admn-sts", .deprecated),
    ("administrativeStatus", "supersededTerm-admn-sts", .deprecated),
    ("usageStatus", "preferred", .preferred),  // TBX-Min (2014)
    ("usageStatus", "admitted", .admitted),
    ("usageStatus", "notRecommended", .deprecated),
    ("usageStatus", "obsolete", .deprecated),
    ("normativeAuthorization", "standardizedTerm", .preferred),  // ISO 12620
    ("normativeAuthorization", "legalTerm", .preferred),
    ("normativeAuthorization", "deprecatedTerm", .deprecated),
    ("administrativeStatus", "Approved", .preferred),  // vendor words
    ("administrativeStatus", "forbidden", .forbidden),
    ("administrativeStatus", "rejected", .forbidden),
  ]

  @Test("status values map onto the model", arguments: statuses)
  func statusValues(_ example: (element: String, value: String, status: TermStatus)) throws {
    let (glossary, problems) = readTBX(
      martif(
        """
        <termEntry id="x"><langSet xml:lang="en"><tig><term>Jolani</term>
        <termNote type="\(example.element)">\(example.value)</termNote></tig></langSet></termEntry>
        """))
    #expect(problems.isEmpty, "\(describe(problems))")
    #expect(glossary.concepts.first?.terms.first?.status == example.status)
  }

  /// termType values (ISO 12620's picklist) and the model's types.
  static let termTypes: [(String, TermType)] = [
    ("fullForm", .fullForm), ("shortForm", .shortForm), ("acronym", .abbreviation),
    ("abbreviation", .abbreviation), ("initialism", .abbreviation), ("clippedTerm", .abbreviation),
    ("variant", .variant), ("transliteratedForm", .variant), ("transcribedForm", .variant),
    ("romanizedForm", .variant), ("phrase", .fullForm), ("entryTerm", .fullForm),
  ]

  @Test("termType values map onto the model", arguments: termTypes)
  func termTypeValues(_ example: (String, TermType)) throws {
    let (glossary, problems) = readTBX(
      martif(
        """
        <termEntry id="x"><langSet xml:lang="en"><tig><term>HTS</term>
        <termNote type="termType">\(example.0)</termNote></tig></langSet></termEntry>
        """))
    #expect(problems.isEmpty, "\(describe(problems))")
    #expect(glossary.concepts.first?.terms.first?.type == example.1)
  }

  @Test("tarjuman: notes carry kind, id, forbidden and the other term types")
  func conventionNotes() throws {
    let (glossary, problems) = readTBX(
      tbx(
        """
        <conceptEntry id="region_IR">
          <note>tarjuman:kind=place</note>
          <note>tarjuman:id=region/IR</note>
          <note>tarjuman:note=tarjuman:kind=person is only a note here</note>
          <langSec xml:lang="en">
            <termSec>
              <term>Persia</term>
              <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
              <note>tarjuman:status=forbidden</note>
              <note>Historical name.</note>
              <note>tarjuman:note=tarjuman:x</note>
            </termSec>
            <termSec>
              <term>Abu Mohammad al-Jolani</term>
              <termNote type="termType">fullForm</termNote>
              <note>tarjuman:type=nom-de-guerre</note>
            </termSec>
          </langSec>
        </conceptEntry>
        """))
    #expect(problems.isEmpty, "\(describe(problems))")
    let expected = Concept(
      id: "region/IR", kind: .place, notes: ["tarjuman:kind=person is only a note here"],
      terms: [
        Term(
          "Persia", language: .english, status: .forbidden,
          note: "Historical name.\ntarjuman:x"),
        Term("Abu Mohammad al-Jolani", language: .english, type: .nomDeGuerre),
      ])
    #expect(glossary.concepts == [expected])
  }

  @Test("UTF-16 TBX is read")
  func utf16() throws {
    let document = tbx(
      #"<conceptEntry id="c1"><langSec xml:lang="fa"><termSec><term>جولانی</term></termSec></langSec></conceptEntry>"#
    )
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in document.replacingOccurrences(of: "UTF-8", with: "UTF-16").utf16 {
      bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
    }
    let (glossary, problems) = TBXReader.read(bytes: bytes, name: "utf16.tbx")
    #expect(problems.isEmpty, "\(describe(problems))")
    #expect(glossary.concepts.first?.terms == [Term("جولانی", language: .persian)])
  }

  @Test("whitespace of the layout goes, the text's own stays")
  func whitespace() {
    let cases: [(String, String)] = [
      ("plain", "plain"),
      ("\n    indented\n  ", "indented"),
      ("first line\n\t\tsecond line", "first line second line"),
      ("  spaces kept  ", "  spaces kept  "),
      ("tab\tkept", "tab\tkept"),
      ("a \n b", "a b"),
    ]
    for (input, expected) in cases {
      #expect(TBXConventions.normalized(input) == expected, "\(input.debugDescription)")
    }
  }

  @Test("GlossaryFile reads .tbx files through the TBX reader")
  func throughGlossaryFile() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("tarjuman-\(UUID().uuidString).tbx")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data(
      tbx(
        #"<conceptEntry id="c1"><langSec xml:lang="ar"><termSec><term>دمشق</term></termSec></langSec></conceptEntry>"#
      ).utf8
    ).write(to: url)
    let (glossary, problems) = try GlossaryFile.read(url)
    #expect(problems.isEmpty, "\(describe(problems))")
    #expect(glossary.concepts.first?.terms.first?.text == "دمشق")
    #expect(throws: GlossaryLoadError.missing("/nonexistent/x.tbx")) {
      try TBXReader.read(URL(fileURLWithPath: "/nonexistent/x.tbx"))
    }
  }
}

@Suite("TBX reader: problems")
struct TBXReaderProblemTests {
  typealias Severity = GlossaryProblem.Severity

  /// Documents with something wrong, where (line), how bad, and a piece of the message.
  static let problems: [(String, String, Int, Severity, String)] = [
    (
      "root without type",
      tbx("", root: #"style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2""#),
      2, .error, "<tbx> has no type attribute"
    ),
    (
      "root without style",
      tbx("", root: #"type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2""#),
      2, .error, "<tbx> has no style attribute"
    ),
    (
      "root with an unknown style",
      tbx(
        "", root: #"type="TBX-Basic" style="css" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2""#),
      2, .error, "must be dca or dct, not 'css'"
    ),
    (
      "root without xml:lang",
      tbx("", root: #"type="TBX-Basic" style="dca" xmlns="urn:iso:std:iso:30042:ed-2""#), 2, .error,
      "<tbx> has no xml:lang attribute"
    ),
    (
      "unknown dialect",
      tbx(
        "",
        root: #"type="TBX-Private" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2""#),
      2, .warning, "unknown dialect 'TBX-Private'"
    ),
    (
      "not TBX", "<?xml version=\"1.0\"?>\n<html><body/></html>", 2, .error,
      "not a TBX file: the root element is <html>"
    ),
    ("empty body", tbx(""), 4, .warning, "<body> has no entries"),
    (
      "langSec without xml:lang",
      tbx(
        "<conceptEntry id=\"c\">\n<langSec><termSec><term>x</term></termSec></langSec></conceptEntry>"
      ),
      6, .error, "<langSec> has no xml:lang attribute"
    ),
    (
      "xml:lang not BCP 47",
      tbx(
        "<conceptEntry id=\"c\">\n<langSec xml:lang=\"en_US\"><termSec><term>x</term></termSec></langSec></conceptEntry>"
      ), 6, .error, "xml:lang 'en_US' is not a BCP 47 language tag"
    ),
    (
      "langSec without termSec",
      tbx(
        "<conceptEntry id=\"c\">\n<langSec xml:lang=\"en\"><note>x</note></langSec></conceptEntry>"),
      6,
      .error, "<langSec> has no <termSec>"
    ),
    (
      "termSec without term",
      tbx(
        "<conceptEntry id=\"c\"><langSec xml:lang=\"en\">\n<termSec><note>x</note></termSec></langSec></conceptEntry>"
      ), 6, .error, "expected <term> before <note> in <termSec>"
    ),
    (
      "conceptEntry without langSec", tbx("<conceptEntry id=\"c\"><note>x</note></conceptEntry>"),
      5, .error, "<conceptEntry> has no <langSec>"
    ),
    (
      "a note after the langSecs",
      tbx(
        "<conceptEntry id=\"c\"><langSec xml:lang=\"en\"><termSec><term>x</term></termSec></langSec>\n<note>late</note></conceptEntry>"
      ), 6, .error, "<note> must come before <langSec> in <conceptEntry>"
    ),
    (
      "termNote in a langSec",
      tbx(
        "<conceptEntry id=\"c\"><langSec xml:lang=\"en\">\n<termNote type=\"termType\">fullForm</termNote><termSec><term>x</term></termSec></langSec></conceptEntry>"
      ), 6, .error, "<termNote> is not allowed in <langSec>"
    ),
    (
      "admin without type",
      tbx(
        "<conceptEntry id=\"c\">\n<admin>x</admin><langSec xml:lang=\"en\"><termSec><term>x</term></termSec></langSec></conceptEntry>"
      ),
      6, .error, "<admin> has no type attribute"
    ),
    (
      "unknown administrativeStatus",
      tbx(
        "<conceptEntry id=\"c\"><langSec xml:lang=\"en\"><termSec><term>x</term>\n<termNote type=\"administrativeStatus\">maybe</termNote></termSec></langSec></conceptEntry>"
      ), 6, .error, "unknown administrativeStatus value 'maybe'"
    ),
    (
      "vendor administrativeStatus in TBX-Basic",
      tbx(
        "<conceptEntry id=\"c\"><langSec xml:lang=\"en\"><termSec><term>x</term>\n<termNote type=\"administrativeStatus\">preferred</termNote></termSec></langSec></conceptEntry>"
      ), 6, .warning, "'preferred' is not one of TBX-Basic's administrativeStatus values"
    ),
    (
      "termType outside TBX-Basic's picklist",
      tbx(
        "<conceptEntry id=\"c\"><langSec xml:lang=\"en\"><termSec><term>x</term>\n<termNote type=\"termType\">initialism</termNote></termSec></langSec></conceptEntry>"
      ), 6, .error, "'initialism' is not a termType value of TBX-Basic"
    ),
    (
      "a data category TBX-Basic lacks",
      tbx(
        "<conceptEntry id=\"c\"><langSec xml:lang=\"en\"><termSec><term>x</term>\n<termNote type=\"normativeAuthorization\">legalTerm</termNote></termSec></langSec></conceptEntry>"
      ), 6, .error, "'normativeAuthorization' is not a data category of TBX-Basic"
    ),
    (
      "subjectField at the term level",
      tbx(
        "<conceptEntry id=\"c\"><langSec xml:lang=\"en\"><termSec><term>x</term>\n<descrip type=\"subjectField\">war</descrip></termSec></langSec></conceptEntry>"
      ), 6, .error, "subjectField is not allowed at the termSec level in TBX-Basic"
    ),
    (
      "a DCT tag in a DCA file",
      tbx(
        "<conceptEntry id=\"c\" xmlns:basic=\"http://www.tbxinfo.net/ns/basic\"><langSec xml:lang=\"en\"><termSec><term>x</term>\n<basic:termType>fullForm</basic:termType></termSec></langSec></conceptEntry>"
      ), 6, .error, "is a data category tag (DCT style), but the file declares style=\"dca\""
    ),
    (
      "a DCA attribute in a DCT file",
      tbx(
        "<conceptEntry id=\"c\"><langSec xml:lang=\"en\"><termSec><term>x</term>\n<termNote type=\"termType\">fullForm</termNote></termSec></langSec></conceptEntry>",
        root: #"type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2""#),
      6, .error, "written as an attribute (DCA style), but the file declares style=\"dct\""
    ),
    (
      "an undeclared prefix",
      tbx(
        "<conceptEntry id=\"c\"><langSec xml:lang=\"en\"><termSec><term>x</term>\n<min:partOfSpeech>noun</min:partOfSpeech></termSec></langSec></conceptEntry>",
        root: #"type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2""#),
      6, .error, "the namespace prefix 'min' of <min:partOfSpeech> is not declared"
    ),
    (
      "an xref to something that is not a URL",
      tbx(
        "<conceptEntry id=\"c\">\n<xref type=\"xGraphic\" target=\"photo.jpg\">photo</xref><langSec xml:lang=\"en\"><termSec><term>x</term></termSec></langSec></conceptEntry>"
      ), 6, .error, "the target of <xref> must be an http(s) URL"
    ),
    (
      "a target that refers to nothing",
      tbx(
        "<conceptEntry id=\"c\">\n<transacGrp><transac type=\"transactionType\">origination</transac><transacNote type=\"responsibility\" target=\"nobody\">A</transacNote></transacGrp><langSec xml:lang=\"en\"><termSec><term>x</term></termSec></langSec></conceptEntry>"
      ), 6, .error, "target 'nobody' is neither an http(s) URL nor the id of an element"
    ),
    (
      "an entry without id",
      tbx(
        "<conceptEntry>\n<langSec xml:lang=\"en\"><termSec><term>x</term></termSec></langSec></conceptEntry>"
      ),
      5, .warning, "this entry has no id; it is read as 'entry-1'"
    ),
    (
      "an entry with an id that is not a concept id",
      tbx(
        "<conceptEntry id=\"c\u{E9}\">\n<langSec xml:lang=\"en\"><termSec><term>x</term></termSec></langSec></conceptEntry>"
      ),
      5, .warning, "is not a valid concept id"
    ),
    (
      "an empty term",
      tbx(
        "<conceptEntry id=\"c\"><langSec xml:lang=\"en\"><termSec>\n<term> </term></termSec></langSec></conceptEntry>"
      ),
      6, .error, "empty <term>"
    ),
    (
      "an element outside TBX in a term",
      tbx(
        "<conceptEntry id=\"c\"><langSec xml:lang=\"en\"><termSec><term>x\n<b>bold</b></term></termSec></langSec></conceptEntry>"
      ), 6, .error, "<b> is not allowed inside <term>"
    ),
    (
      "a v2 element out of place is a warning",
      martif(
        "<termEntry id=\"c\"><langSet xml:lang=\"en\"><tig><term>x</term><note>n</note>\n<termNote type=\"termType\">fullForm</termNote></tig></langSet></termEntry>"
      ), 6, .warning, "<termNote> must come before"
    ),
    (
      "a v2 langSet without a term is an error",
      martif("<termEntry id=\"c\">\n<langSet xml:lang=\"en\"><note>n</note></langSet></termEntry>"),
      6,
      .error, "<langSet> has no <ntig> or <tig>"
    ),
    (
      "not well-formed", tbx("<conceptEntry id=\"c\"><langSec xml:lang=\"en\">\n</conceptEntry>"),
      6,
      .error, "not well-formed XML: end tag </conceptEntry> does not match <langSec> opened at 5:22"
    ),
    (
      "an external entity",
      "<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n<tbx/>",
      2, .error, "XXE"
    ),
  ]

  @Test("problems are found, with their line", arguments: problems)
  func problemFound(_ example: (String, String, Int, Severity, String)) throws {
    let (_, problems) = readTBX(example.1)
    let found = problems.contains {
      $0.location?.line == example.2 && $0.severity == example.3 && $0.message.contains(example.4)
    }
    #expect(found, "\(example.0):\n\(describe(problems))")
    #expect(
      problems.allSatisfy { $0.location?.file == "test.tbx" && $0.location?.column != nil })
  }
}

@Suite("TBX reader: files")
struct TBXReaderFileTests {
  @Test("a folder named as a TBX file is a read error, not an XML one")
  func folder() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("tarjuman-\(UUID().uuidString).tbx")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
      let (_, problems) = try TBXReader.read(folder)
      #expect(problems.count == 1)
      #expect(problems.first?.severity == .error)
      #expect(problems.first?.message.contains("not well-formed") == false)
    } catch {
      #expect(error is GlossaryLoadError)
    }
  }
}
