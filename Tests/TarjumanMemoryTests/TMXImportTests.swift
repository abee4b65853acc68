import Foundation
import TarjumanGlossary
import TarjumanXML
import Testing

@testable import TarjumanMemory

@Suite("TMX import")
struct TMXImportTests {
  @Test("segments keep their whitespace and references; languages keep BCP 47 case")
  func basics() throws {
    let temporary = try TemporaryStore()
    try importTMX(
      tmxDocument(
        """
        <tu creationdate="20240102T030405Z" usagecount="3"><prop type="x-context">menu</prop>
          <tuv xml:lang="EN-us"><seg>Tab&#x09;and  spaces &amp; more</seg></tuv>
          <tuv lang="fa-ir"><seg>جدول&#x9;و  فاصله</seg></tuv></tu>
        """), into: temporary)
    let stored = try #require(try temporary.store.units().first)
    #expect(stored.source.text == "Tab\tand  spaces & more")
    #expect(stored.source.markup == nil)
    #expect(stored.sourceLanguage.rawValue == "en-US" && stored.targetLanguage.rawValue == "fa-IR")
    #expect(stored.usageCount == 3 && stored.context == "menu")
    #expect(stored.created == Date(timeIntervalSince1970: 1_704_164_645))
  }

  @Test("inline codes are kept as markup; the plain text has the hi text but not the codes")
  func inlineCodes() throws {
    let temporary = try TemporaryStore()
    try importTMX(
      tmxDocument(
        """
        <tu><tuv xml:lang="en"><seg>The <bpt i="1" x="1">&lt;b></bpt>big<ept i="1">&lt;/b></ept> \
        <ph x="2">&lt;img alt="<sub>Logo</sub>"/></ph> <hi type="x">cat</hi><it pos="end">}</it><ut>x</ut></seg></tuv>
        <tuv xml:lang="fa"><seg><bpt i="1" x="1">&lt;b></bpt>گربه<ept i="1">&lt;/b></ept></seg></tuv></tu>
        """), into: temporary)
    let stored = try #require(try temporary.store.units().first)
    #expect(stored.source.text == "The big  cat")
    #expect(
      stored.source.markup
        == "The <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>big<ept i=\"1\">&lt;/b&gt;</ept> "
        + "<ph x=\"2\">&lt;img alt=\"<sub>Logo</sub>\"/&gt;</ph> <hi type=\"x\">cat</hi>"
        + "<it pos=\"end\">}</it><ut>x</ut>")
    #expect(stored.source.inlineCodeCount == 7)
    #expect(stored.target.text == "گربه")
  }

  @Test("multilingual units: srclang to each other language, *all* to every pair, or --from/--to")
  func multilingual() throws {
    let body = """
      <tu><tuv xml:lang="en"><seg>One</seg></tuv><tuv xml:lang="fa"><seg>یک</seg></tuv>
      <tuv xml:lang="ar"><seg>واحد</seg></tuv></tu>
      """
    let fromSource = try TemporaryStore()
    #expect(try importTMX(tmxDocument(body), into: fromSource).added == 2)
    let all = try TemporaryStore()
    #expect(try importTMX(tmxDocument(body, srclang: "*all*"), into: all).added == 6)
    let chosen = try TemporaryStore()
    let summary = try importTMX(
      tmxDocument(body, srclang: "*all*"), into: chosen, from: LanguageTag("FA"),
      to: LanguageTag("ar"))
    #expect(summary.added == 1)
    #expect(try chosen.store.units().first?.source.text == "یک")
  }

  @Test("UTF-16 LE and BE with a byte-order mark")
  func utf16() throws {
    let document = tmxDocument(
      """
      <tu><tuv xml:lang="en"><seg>Jolani</seg></tuv><tuv xml:lang="ar"><seg>الجولاني</seg></tuv></tu>
      """
    ).replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"")
    for littleEndian in [true, false] {
      let temporary = try TemporaryStore()
      var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
      for unit in document.utf16 {
        let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        bytes += littleEndian ? pair : pair.reversed()
      }
      let url = try temporary.file("u16.tmx", bytes)
      _ = try UnitImporter().run(into: temporary.store, files: [url], settings: "tmx") {
        () throws(MemoryError) in try TMXReader(url: url, path: "u16.tmx")
      }
      #expect(try temporary.store.units().first?.target.text == "الجولاني")
    }
  }

  static let attacks: [(String, String)] = [
    (
      "xxe",
      """
      <?xml version="1.0"?>
      <!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv>
      <tuv xml:lang="fa"><seg>x</seg></tuv></tu></body></tmx>
      """
    ),
    (
      "billion laughs",
      """
      <?xml version="1.0"?>
      <!DOCTYPE tmx [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
      <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
      <tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&d;</seg></tuv>
      <tuv xml:lang="fa"><seg>x</seg></tuv></tu></body></tmx>
      """
    ),
  ]

  @Test(
    "XXE and entity expansion are refused with a position; nothing is stored", arguments: attacks)
  func attacksRefused(_ attack: (String, String)) throws {
    let temporary = try TemporaryStore()
    for policy in [ImportErrorPolicy.fail, .skip] {
      do {
        try importTMX(attack.1, into: temporary, name: "attack.tmx", onError: policy)
        Issue.record("\(attack.0) was accepted")
      } catch {
        #expect((error as? MemoryError)?.isDataError == true)
        #expect("\(error)".hasPrefix("attack.tmx:2:"), "\(error)")
      }
    }
    #expect(try temporary.store.count() == 0)
  }

  @Test("malformed XML: file:line:col, and the store keeps what it had")
  func malformed() throws {
    let temporary = try TemporaryStore()
    try temporary.store.add([unit("Kept", "نگه‌داشته")])
    let document = """
      <?xml version="1.0"?>
      <tmx version="1.4"><header srclang="en"/><body>
      <tu><tuv xml:lang="en"><seg>One</seg></tuv><tuv xml:lang="fa"><seg>یک</seg></tuv></tu>
      <tu><tuv xml:lang="en"><seg>Two</segg></tuv></tu>
      </body></tmx>
      """
    #expect(throws: MemoryError.self) { try importTMX(document, into: temporary, name: "bad.tmx") }
    do {
      try importTMX(document, into: temporary, name: "bad.tmx")
    } catch {
      #expect("\(error)".hasPrefix("bad.tmx:4:"), "\(error)")
    }
    #expect(try temporary.store.units().map(\.source.text) == ["Kept"])
    #expect(try temporary.store.integrityCheck() == "ok")
  }

  @Test("--on-error skip: bad units are counted and placed; good ones imported")
  func skip() throws {
    let temporary = try TemporaryStore()
    let document = tmxDocument(
      """
      <tu><tuv xml:lang="en"><seg>Good</seg></tuv><tuv xml:lang="fa"><seg>خوب</seg></tuv></tu>
      <tu><tuv><seg>No language</seg></tuv><tuv xml:lang="fa"><seg>بی‌زبان</seg></tuv></tu>
      <tu><tuv xml:lang="en"></tuv><tuv xml:lang="fa"><seg>بی‌بخش</seg></tuv></tu>
      <tu><tuv xml:lang="en"><seg>Also <b>bold</b></seg></tuv><tuv xml:lang="fa"><seg>هم</seg></tuv></tu>
      <tu><tuv xml:lang="en"><seg>Fine</seg></tuv><tuv xml:lang="fa"><seg>خوب است</seg></tuv></tu>
      """)
    #expect(throws: MemoryError.self) { try importTMX(document, into: temporary, name: "s.tmx") }
    #expect(try temporary.store.count() == 0)
    let summary = try importTMX(document, into: temporary, name: "s.tmx", onError: .skip)
    #expect(summary.added == 2 && summary.skipped == 3)
    #expect(summary.problems.map(\.line) == [6, 7, 8])
    #expect(summary.problems.map(\.message).contains("a <tuv> without xml:lang"))
  }

  @Test("a header without required attributes is read with a warning")
  func header() throws {
    let temporary = try TemporaryStore()
    let summary = try importTMX(
      """
      <tmx version="1.4"><header srclang="en"/><body>
      <tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="fa"><seg>ب</seg></tuv></tu>
      </body></tmx>
      """, into: temporary)
    #expect(summary.added == 1)
    #expect(summary.warnings.first?.message.contains("creationtool") == true)
  }
}

/// The LISA TMX compliance kit: what each ImportTest file must give.
@Suite("LISA TMX compliance kit", .enabled(if: interopFolder != nil, "../shared/interop is absent"))
struct LISAKitTests {
  struct Expectation: CustomStringConvertible, Sendable {
    var file: String
    /// Units per language pair (source>target).
    var pairs: [String: Int]
    /// Units with inline codes.
    var withCodes: Int = 0
    var from: String?
    var to: String?
    var description: String { file }
  }

  static let expectations: [Expectation] = [
    // UTF-16 LE; tabs and spaces kept inside the segments.
    Expectation(file: "ImportTest1A.tmx", pairs: ["en-US>fr-CA": 2]),
    // Odd spacing in tags, single quotes, mixed-case xml:lang.
    Expectation(file: "ImportTest1B.tmx", pairs: ["en-US>fr-CA": 1]),
    // Five languages per unit: en-US to each other.
    Expectation(
      file: "ImportTest1C.tmx",
      pairs: ["en-US>en-GB": 3, "en-US>ja-JP": 3, "en-US>fr-CA": 3, "en-US>es-ES": 3]),
    // UTF-8 with a BOM; UTF-8 without; UTF-16 LE; UTF-16 BE; us-ascii with references.
    Expectation(file: "ImportTest1D.tmx", pairs: ["en-US>en-GB": 3]),
    Expectation(file: "ImportTest1E.tmx", pairs: ["en-US>en-GB": 3]),
    Expectation(file: "ImportTest1F.tmx", pairs: ["en-US>en-GB": 3]),
    Expectation(file: "ImportTest1G.tmx", pairs: ["en-US>en-GB": 3]),
    Expectation(file: "ImportTest1H.tmx", pairs: ["en-US>en-GB": 3]),
    // Ideographic spaces.
    Expectation(file: "ImportTest1I.tmx", pairs: ["en-US>ja-JP": 1]),
    // Variants in either order.
    Expectation(file: "ImportTest1J.tmx", pairs: ["en-US>en-GB": 2]),
    // "For import with source=en-us and target=en-gb, only first and second entries".
    Expectation(
      file: "ImportTest1J_many.tmx", pairs: ["en-US>en-GB": 2], from: "en-us", to: "en-gb"),
    Expectation(file: "ImportTest1J_many.tmx", pairs: ["en-US>en-GB": 2, "es-ES>en-US": 1]),
    // srclang on each unit.
    Expectation(file: "ImportTest1K.tmx", pairs: ["de-DE>en-GB": 1, "fr-CA>en-GB": 1]),
    // Comments, ude, notes and properties everywhere.
    Expectation(file: "ImportTest1L.tmx", pairs: ["en-US>fr": 1, "en-US>en-GB": 1]),
    // bpt/ept, it, ph, hi (HTML and RTF codes); sub inside ph.
    Expectation(file: "ImportTest2A.tmx", pairs: ["en-US>fr-CA": 7], withCodes: 7),
    Expectation(file: "ImportTest2A-0index.tmx", pairs: ["en-US>fr-CA": 7], withCodes: 7),
    Expectation(file: "ImportTest2B.tmx", pairs: ["en-US>fr-CA": 7], withCodes: 7),
    Expectation(file: "ImportTest2C.tmx", pairs: ["en-US>fr": 1, "en-US>en-GB": 1], withCodes: 2),
  ]

  @Test("each ImportTest file gives its units, languages and inline codes", arguments: expectations)
  func importTest(_ expectation: Expectation) throws {
    let folder = try #require(interopFolder).appendingPathComponent("tmx-lisa-kit")
    let url = folder.appendingPathComponent(expectation.file)
    let temporary = try TemporaryStore()
    let summary = try UnitImporter().run(into: temporary.store, files: [url], settings: "tmx") {
      () throws(MemoryError) in
      try TMXReader(
        url: url, path: expectation.file,
        sourceLanguage: expectation.from.flatMap(LanguageTag.init),
        targetLanguage: expectation.to.flatMap(LanguageTag.init))
    }
    #expect(summary.skipped == 0)
    let units = try temporary.store.units()
    var pairs: [String: Int] = [:]
    for unit in units { pairs["\(unit.sourceLanguage)>\(unit.targetLanguage)", default: 0] += 1 }
    #expect(pairs == expectation.pairs)
    #expect(
      units.filter { $0.source.markup != nil && $0.target.markup != nil }.count
        == expectation.withCodes)
  }

  @Test("details: whitespace (1A), references (1H), unit data (1L), codes (2A, 2C)")
  func details() throws {
    let folder = try #require(interopFolder).appendingPathComponent("tmx-lisa-kit")
    func units(_ file: String) throws -> [TranslationUnit] {
      let temporary = try TemporaryStore()
      let url = folder.appendingPathComponent(file)
      _ = try UnitImporter().run(into: temporary.store, files: [url], settings: "tmx") {
        () throws(MemoryError) in try TMXReader(url: url, path: file)
      }
      return try temporary.store.units()
    }
    #expect(try units("ImportTest1A.tmx").first?.source.text == "First segment with [\t\t   ]")
    #expect(try units("ImportTest1H.tmx").first?.target.text == "à=agrave, é=eacute, æ=aelig")
    #expect(
      try units("ImportTest1I.tmx").first?.target.text == "Japanese segment with [\u{3000}\u{3000}]"
    )
    let detailed = try #require(
      try units("ImportTest1L.tmx").first { $0.targetLanguage.rawValue == "fr" })
    #expect(detailed.usageCount == 100 && detailed.createdBy == "ys")
    #expect(detailed.lastUsed == TMXReader.date("20020523T091200Z"))
    #expect(detailed.origin.tool == "myTool v10")
    #expect(
      detailed.notes.filter { $0.language == nil }.map(\.text) == [
        "Text of tu note 1", "Text of tu note 2",
      ])
    #expect(detailed.notes.contains { $0.language == "fr" && $0.text == "Text of tuv fr note 1" })
    let tagged = try units("ImportTest2A.tmx")
    #expect(tagged.first?.source.text == "The big black cat sleeps.")
    #expect(
      tagged.first?.target.markup?.contains("<bpt i=\"2\" x=\"2\" type=\"ulined\">&lt;u&gt;</bpt>")
        == true)
    #expect(tagged.last?.source.text == "Some text with a part highlighted.")
    let nested = try #require(try units("ImportTest2C.tmx").first)
    #expect(nested.source.text == "Click  to start.")
    #expect(nested.source.markup?.contains("<sub>Start Here!</sub>") == true)
  }
}
