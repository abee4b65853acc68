import Foundation
import TarjumanGlossary
import TarjumanICU
import TarjumanNames
import TarjumanText
import Testing

@Suite("lookup: any spelling, any script")
struct LookupTests {
  static let cases: [(String, String)] = [
    ("Julani", "ahmed-al-sharaa"), ("Jolani", "ahmed-al-sharaa"), ("al-Golani", "ahmed-al-sharaa"),
    ("Abu Muhammad al-Jolani", "ahmed-al-sharaa"), ("جولانی", "ahmed-al-sharaa"),
    ("الجولاني", "ahmed-al-sharaa"), ("ابو محمد الجولانی", "ahmed-al-sharaa"),
    ("Ahmad al-Shara", "ahmed-al-sharaa"), ("HTS", "hayat-tahrir-al-sham"),
    ("hts", "hayat-tahrir-al-sham"), ("Hayat Tahrir al-Sham", "hayat-tahrir-al-sham"),
    ("هيئة تحرير الشام", "hayat-tahrir-al-sham"), ("Damacus", "damascus"), ("دمشق", "damascus"),
    ("Assad", "bashar-al-assad"), ("بشار الاسد", "bashar-al-assad"),
    ("Khamenei", "ali-khamenei"), ("خامنه ای", "ali-khamenei"), ("علي خامنئي", "ali-khamenei"),
    ("takfiri", "takfiri"), ("تكفيري", "takfiri"),
  ]

  @Test("the right concept comes first", arguments: cases)
  func lookup(_ query: String, _ concept: String) throws {
    let index = try GlossaryIndex(try sampleGlossary())
    let hits = index.lookup(query)
    #expect(
      hits.first?.concept.id == concept, "\(query): \(hits.map { ($0.concept.id, $0.score) })")
    #expect(hits.first.map { (0.75...1).contains($0.score) } == true)
  }

  @Test("an exact spelling scores 1 and says so")
  func exact() throws {
    let index = try GlossaryIndex(try sampleGlossary())
    let hit = try #require(index.lookup("HTS").first)
    #expect(hit.score == 1)
    #expect(hit.reason == "exact spelling of the en abbreviation")
    #expect(hit.term.text == "HTS")
    let normalized = try #require(index.lookup("جولاني").first)
    #expect(normalized.reason.hasPrefix("same spelling after normalization"))
  }

  @Test("nothing close: no hit, and suggestions for a near miss")
  func misses() throws {
    let index = try GlossaryIndex(try sampleGlossary())
    #expect(index.lookup("Kremlin").isEmpty)
    #expect(index.lookup("Damaskuz", minimumScore: 0.9).isEmpty)
    #expect(index.suggestions(for: "Damaskuz").first?.concept.id == "damascus")
  }
}

@Suite("find: mentions in text")
struct MentionFinderTests {
  /// A line and the mentions expected in it: text as written, concept, how it matched.
  static let cases: [(String, [(String, String, Mention.Match)])] = [
    (
      "HTS’s leader Abu Mohammad al-Jolani spoke.",
      [
        ("HTS’s", "hayat-tahrir-al-sham", .affixed),
        ("Abu Mohammad al-Jolani", "ahmed-al-sharaa", .exact),
      ]
    ),
    (
      "Jolani, Julani and al Julani.",
      [
        ("Jolani", "ahmed-al-sharaa", .exact), ("Julani", "ahmed-al-sharaa", .normalized),
        ("al Julani", "ahmed-al-sharaa", .normalized),
      ]
    ),
    (
      "Joulani and Djolani",
      [("Joulani", "ahmed-al-sharaa", .variant), ("Djolani", "ahmed-al-sharaa", .variant)]
    ),
    (
      "Bashar Assad met Bashar al-Asad in Damascus.",
      [
        ("Bashar Assad", "bashar-al-assad", .exact), ("Bashar al-Asad", "bashar-al-assad", .exact),
        ("Damascus", "damascus", .exact),
      ]
    ),
    // Spacing and ZWNJ variants, Arabic and Persian letters.
    (
      "ابو محمد الجولانی و ابومحمد جولانی",
      [
        ("ابو محمد الجولانی", "ahmed-al-sharaa", .normalized),
        ("ابومحمد جولانی", "ahmed-al-sharaa", .exact),
      ]
    ),
    // Two common words never join into a name; the article inside a name counts.
    ("از هر سو؛ أبو العبد و أبو عبد الله", [("أبو العبد", "ismail-haniyeh", .exact)]),
    (
      "خامنه ای و خامنه‌ای و خامنهای",
      [
        ("خامنه ای", "ali-khamenei", .normalized), ("خامنه‌ای", "ali-khamenei", .exact),
        ("خامنهای", "ali-khamenei", .normalized),
      ]
    ),
    // Letters attached in front, and a suffix after ZWNJ.
    (
      "والجولاني وبالجولاني للجولاني",
      [
        ("والجولاني", "ahmed-al-sharaa", .affixed), ("وبالجولاني", "ahmed-al-sharaa", .affixed),
        ("للجولاني", "ahmed-al-sharaa", .affixed),
      ]
    ),
    ("جولانی‌ها آمدند", [("جولانی‌ها", "ahmed-al-sharaa", .affixed)]),
    (
      "وهيئة تحرير الشام في دمشق",
      [("وهيئة تحرير الشام", "hayat-tahrir-al-sham", .affixed), ("دمشق", "damascus", .exact)]
    ),
    // Harakat and tatweel.
    (
      "الجُولانيّ وجـولاني",
      [("الجُولانيّ", "ahmed-al-sharaa", .normalized), ("وجـولاني", "ahmed-al-sharaa", .affixed)]
    ),
    // No hits inside longer words or across punctuation.
    ("الجولانيين دمشقي Damascene Assadist", []),
    ("Abu Mohammad. Jolani", [("Jolani", "ahmed-al-sharaa", .exact)]),
    ("The takfiri groups", [("takfiri", "takfiri", .exact)]),
    ("", []),
  ]

  @Test("mentions are found where they are and nowhere else", arguments: cases)
  func mentions(_ line: String, _ expected: [(String, String, Mention.Match)]) throws {
    let finder = try MentionFinder(glossary: try sampleGlossary())
    let found = finder.mentions(in: line).map {
      ($0.text, finder.glossary.concepts[$0.conceptIndex].id, $0.match)
    }
    #expect(found.map(\.0) == expected.map(\.0), "\(line)")
    #expect(found.map(\.1) == expected.map(\.1), "\(line)")
    #expect(found.map(\.2) == expected.map(\.2), "\(line): \(found.map(\.2))")
  }

  @Test("columns count characters and byte ranges cut the line at the name")
  func positions() throws {
    let finder = try MentionFinder(glossary: try sampleGlossary())
    let line = "دیدار «بالجولانی» در دمشق"
    let found = finder.mentions(in: line)
    #expect(found.map(\.column) == [8, 22])
    let first = try #require(found.first)
    let bytes = Array(line.utf8)
    #expect(String(decoding: bytes[first.nameRange], as: UTF8.self) == "الجولانی")
    #expect(String(decoding: bytes[first.byteRange], as: UTF8.self) == "بالجولانی")
  }

  /// Lines with one ill-formed sequence each, around a name the finder knows.
  static let invalidLines: [[UInt8]] = [
    [0x80],  // a continuation byte alone
    [0xD8],  // a lead byte at the end of the line
    [0xD8, 0x41],  // a lead byte without its continuation
    [0xC0, 0xAF],  // an overlong slash
    [0xE0, 0x80, 0xAF],  // an overlong slash in three bytes
    [0xED, 0xA0, 0x80],  // a surrogate
    [0xE2, 0x80],  // three bytes cut short
    [0xF4, 0x90, 0x80, 0x80],  // past U+10FFFF
    [0xF0, 0x9F, 0x98],  // four bytes cut short
    [0xF5, 0x80, 0x80, 0x80],  // no such lead byte
  ]

  @Test("a line that is not UTF-8 is refused, whatever the sequence", arguments: invalidLines)
  func invalidUTF8(_ sequence: [UInt8]) throws {
    let finder = try MentionFinder(glossary: try sampleGlossary())
    let workspace = finder.makeWorkspace()
    let bytes = Array("الجولاني في دمشق ".utf8) + sequence + Array(" Jolani".utf8)
    var found: [Mention] = []
    let valid = bytes.withUnsafeBufferPointer {
      finder.scan($0, workspace: workspace, into: &found)
    }
    #expect(!valid, "\(sequence.map { String($0, radix: 16) })")
    #expect(found.isEmpty)
    // The same line without the bad bytes, and with a character of four bytes, is read.
    let good = Array("الجولاني في دمشق 😀 Jolani".utf8)
    let read = good.withUnsafeBufferPointer { finder.scan($0, workspace: workspace, into: &found) }
    #expect(read)
    #expect(found.count == 3)
  }

  @Test("look-alike letters of another script are found and flagged")
  func confusables() throws {
    let finder = try MentionFinder(glossary: try sampleGlossary())
    // A Cyrillic о (U+043E) inside Jolani.
    let cyrillic = try #require(finder.mentions(in: "J\u{43E}lani said").first)
    #expect(finder.glossary.concepts[cyrillic.conceptIndex].id == "ahmed-al-sharaa")
    #expect(cyrillic.flag?.contains("Cyrillic") == true)
    // An Arabic yeh (U+064A) in a Persian line.
    let arabicYeh = try #require(finder.mentions(in: "گفت که جولاني در دمشق است").first)
    #expect(arabicYeh.flag?.contains("Persian text") == true)
    #expect(finder.mentions(in: "قال الجولاني في دمشق").first?.flag == nil)
  }

  @Test("a finder limited to some concepts finds only those")
  func limited() throws {
    let glossary = try sampleGlossary()
    let damascus = try #require(glossary.concepts.firstIndex { $0.id == "damascus" })
    let finder = try MentionFinder(glossary: glossary, concepts: [damascus])
    #expect(finder.mentions(in: "Jolani in Damascus").map(\.text) == ["Damascus"])
  }
}

@Suite("canonicalize: variants into the house style")
struct CanonicalizerTests {
  static let cases: [(String?, String, String, String)] = [
    // style, language, input, output
    (
      "wire", "en", "al-Julani met Golani and Abu Muhammad al-Jolani.",
      "Jolani met Jolani and Abu Mohammad al-Jolani."
    ),
    (
      nil, "en", "Golani and Bashar Assad; HTS’s Khamenei'i.",
      "Ahmed al-Sharaa and Bashar al-Assad; HTS’s Ali Khamenei."
    ),
    ("wire", "en", "Bashar Assad", "Assad"),
    // The Arabic form (with the article) in Persian text is another language's term.
    (nil, "fa", "ابو محمد الجولانی و جولاني و جولانی‌ها", "احمد الشرع و جولانی و جولانی‌ها"),
    (nil, "fa", "ابو محمد جولانی", "ابومحمد جولانی"),
    (nil, "fa", "سخنان الجولاني", "سخنان احمد الشرع"),
    ("wire", "fa", "سخنان الجولاني", "سخنان جولانی"),
    (nil, "ar", "قال للجولاني وبجولانی", "قال لأحمد الشرع وبأحمد الشرع"),
    ("wire", "ar", "قال لجولانی", "قال للجولاني"),
    // Latin names in Persian text and Persian names in English text are left alone.
    (nil, "fa", "HTS و Golani", "HTS و Golani"),
    (nil, "en", "جولاني and Jolani", "جولاني and Jolani"),
    (nil, "en", "Nothing to see here.", "Nothing to see here."),
  ]

  @Test("lines are rewritten as the style says", arguments: cases)
  func canonicalize(_ style: String?, _ language: String, _ input: String, _ output: String) throws
  {
    let glossary = try sampleGlossary()
    let canonicalizer = Canonicalizer(
      finder: try MentionFinder(glossary: glossary), style: style.flatMap(glossary.style(named:)),
      language: try #require(LanguageTag(language)))
    let (result, replacements) = canonicalizer.canonicalize(input)
    #expect(result == output, "\(codePoints(result))")
    // Scanning first, then rewriting what the scan found, writes the same.
    var mentions: [Mention] = []
    var bytes: [UInt8] = []
    var rewritten: [Canonicalizer.Replacement] = []
    Array(input.utf8).withUnsafeBufferPointer { line in
      #expect(
        canonicalizer.finder.scan(
          line, workspace: canonicalizer.finder.makeWorkspace(), into: &mentions))
      canonicalizer.rewrite(line, mentions: mentions, into: &bytes, replacements: &rewritten)
    }
    #expect(String(decoding: bytes, as: UTF8.self) == output)
    #expect(rewritten == replacements)
  }

  @Test("every form is rewritten with allForms, and replacements are reported")
  func allForms() throws {
    let glossary = try sampleGlossary()
    let canonicalizer = Canonicalizer(
      finder: try MentionFinder(glossary: glossary), style: nil, language: .english,
      options: .init(allForms: true))
    let (result, replacements) = canonicalizer.canonicalize("Jolani and HTS")
    #expect(result == "Ahmed al-Sharaa and Hay'at Tahrir al-Sham")
    #expect(replacements.map(\.original) == ["Jolani", "HTS"])
    #expect(replacements.map(\.column) == [1, 12])
  }
}

@Suite("Place names from ICU's CLDR data")
struct CLDRPlacesTests {
  @Test("regions and time-zone cities in en, fa and ar")
  func generate() throws {
    let result = try CLDRPlaces.generate()
    let iran = try #require(result.glossary.concept(id: "region/IR"))
    #expect(iran.terms.map(\.text) == ["Iran", "ایران", "إيران"])
    let tehran = try #require(result.glossary.concept(id: "city/Asia/Tehran"))
    #expect(tehran.terms(in: .persian).first?.text == "تهران")
    #expect(result.glossary.concept(id: "region/145")?.terms.first?.text == "Western Asia")
    #expect(result.glossary.concepts.count > 250)
    #expect(try GlossaryValidator().problems(in: result.glossary).isEmpty)
  }

  @Test("names another glossary uses are left to it")
  func existingWins() throws {
    let result = try CLDRPlaces.generate(existing: try sampleGlossary())
    #expect(result.glossary.concepts.contains { $0.id == "city/Asia/Damascus" } == false)
    #expect(result.skipped.contains { $0.place == "city/Asia/Damascus" && $0.owner == "damascus" })
  }

  @Test("the shipped file is what this ICU generates", .enabled(if: shippedPlacesFileMatchesICU()))
  func shippedFileIsCurrent() throws {
    let folder = repositoryRoot.appendingPathComponent("Glossaries")
    var others = Glossary()
    for file in try FileManager.default.contentsOfDirectory(atPath: folder.path)
    where file.hasSuffix(".glossary") && file != "places-cldr.glossary" {
      others.merge(try GlossaryFile.read(folder.appendingPathComponent(file)).0)
    }
    let shipped = try GlossaryFile.read(folder.appendingPathComponent("places-cldr.glossary")).0
    let generated = try CLDRPlaces.generate(existing: others).glossary
    #expect(
      shipped == generated,
      "Glossaries/places-cldr.glossary is stale: run `swift run tarjuman glossary places -o Glossaries/places-cldr.glossary`"
    )
  }
}

/// The shipped places file was generated with this ICU (the tests run elsewhere too).
func shippedPlacesFileMatchesICU() -> Bool {
  let url = repositoryRoot.appendingPathComponent("Glossaries/places-cldr.glossary")
  guard let text = try? String(contentsOf: url, encoding: .utf8) else { return false }
  return text.hasPrefix("# Place names from the CLDR data in ICU \(icuVersion):")
}

@Suite("Glossary renderings for the romanizer")
struct GlossaryRenderingsTests {
  static let cases: [(String, TextLanguage, String?)] = [
    ("جولانی", .fa, "Jolani"), ("الجولاني", .ar, "Jolani"), ("دمشق", .fa, "Damascus"),
    ("بشار", .fa, "Bashar"), ("اسد", .fa, "Assad"), ("خامنه‌ای", .fa, "Khamenei"),
    ("تکفیری", .fa, "takfiri"), ("در", .fa, nil), ("محمد", .fa, "Mohammad"), ("حسن", .fa, nil),
  ]

  @Test("names the glossary knows get its English words", arguments: cases)
  func rendering(_ word: String, _ language: TextLanguage, _ expected: String?) throws {
    let renderings = try GlossaryRenderings(glossary: try sampleGlossary())
    #expect(renderings.preferredLatinRendering(of: word, language: language) == expected)
  }

  /// A glossary of people, in a temporary file.
  static func people(_ entries: [(en: String, language: String, native: String)]) throws
    -> Glossary
  {
    var text = ""
    for (index, entry) in entries.enumerated() {
      text += "concept: person-\(index)\nkind: person\nen: \(entry.en) | preferred\n"
      text += "\(entry.language): \(entry.native) | preferred\n\n"
    }
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("tarjuman-renderings-\(UUID().uuidString).glossary")
    try text.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let (glossary, problems) = try GlossaryFile.read(file)
    #expect(problems.isEmpty, "\(problems)")
    return glossary
  }

  @Test("a word the names render differently takes the rendering most of them give")
  func votes() throws {
    let names: [(en: String, language: String, native: String)] = [
      ("Mohammad Khatami", "fa", "محمد خاتمی"), ("Mohammed Bagheri", "ar", "محمد باقري"),
      ("Mohammad Mokhber", "fa", "محمد مخبر"), ("Hassan Nasrallah", "ar", "حسن نصرالله"),
      ("Hasan Rouhani", "fa", "حسن روحانی"), ("Hossein Salami", "fa", "حسین سلامی"),
      ("Hussein Fadlallah", "ar", "حسين فضل الله"),
    ]
    let renderings = try GlossaryRenderings(glossary: try Self.people(names))
    #expect(renderings.preferredLatinRendering(of: "محمد", language: .ar) == "Mohammad")
    // Two names, two spellings: the first met.
    #expect(renderings.preferredLatinRendering(of: "حسین", language: .fa) == "Hossein")
    #expect(renderings.preferredLatinRendering(of: "حسين", language: .ar) == "Hossein")
    // A word of three letters takes the renderings of its own language's names only.
    #expect(renderings.preferredLatinRendering(of: "حسن", language: .fa) == "Hasan")
    #expect(renderings.preferredLatinRendering(of: "حسن", language: .ar) == "Hassan")
    #expect(renderings.preferredLatinRendering(of: "خاتمي", language: .ar) == "Khatami")
    // A one-word name outweighs any number of longer ones.
    let withSingle = try GlossaryRenderings(
      glossary: try Self.people(names + [("Muhammad", "ar", "محمد")]))
    #expect(withSingle.preferredLatinRendering(of: "محمد", language: .fa) == "Muhammad")
  }

  @Test("a word ending in alef maksura takes only the renderings of words ending in it")
  func alefMaksura() throws {
    let names: [(en: String, language: String, native: String)] = [
      ("Ali Khamenei", "ar", "علي خامنئي"), ("Ali Larijani", "fa", "علی لاریجانی"),
      ("Musa al-Sadr", "ar", "موسى الصدر"),
    ]
    let renderings = try GlossaryRenderings(glossary: try Self.people(names))
    #expect(renderings.preferredLatinRendering(of: "علي", language: .ar) == "Ali")
    #expect(renderings.preferredLatinRendering(of: "علی", language: .fa) == "Ali")
    // على is "on", not the name.
    #expect(renderings.preferredLatinRendering(of: "على", language: .ar) == nil)
    #expect(renderings.preferredLatinRendering(of: "عَلَى", language: .ar) == nil)
    #expect(renderings.preferredLatinRendering(of: "موسى", language: .ar) == "Musa")
    #expect(renderings.preferredLatinRendering(of: "مُوسَى", language: .ar) == "Musa")
    // Persian writes the same name with ی: it takes the Arabic term's rendering.
    #expect(renderings.preferredLatinRendering(of: "موسی", language: .fa) == "Musa")
    // A table of the renderings answers as they do.
    let table = try RenderingTable(entries: renderings.entries)
    for word in ["علي", "علی", "على", "موسى", "موسی"] {
      #expect(
        table.preferredLatinRendering(of: word, language: .ar)
          == renderings.preferredLatinRendering(of: word, language: .ar), "\(word)")
    }
    let romanizer = try Romanizer(scheme: .news, language: .fixed(.ar), preferred: renderings)
    #expect(romanizer.romanize("قال علي على الفور") == "Qal Ali Ala al-Fur")
  }

  @Test("the romanizer writes them")
  func romanizer() throws {
    let romanizer = try Romanizer(
      scheme: .news, language: .fixed(.fa),
      preferred: try GlossaryRenderings(glossary: try sampleGlossary()))
    #expect(romanizer.romanize("جولانی در دمشق") == "Jolani Dr Damascus")
  }

  @Test(
    "a particle joined to a name the glossary knows is written apart",
    arguments: [
      ("ومحمد", "wa-Mohammad"), ("بدمشق", "bi-Damascus"), ("والجولاني", "wa-Jolani"),
      ("للجولاني", "li-Jolani"), ("فدمشق", "fa-Damascus"),
    ])
  func joinedParticles(_ word: String, _ expected: String) throws {
    let romanizer = try Romanizer(
      scheme: .news, language: .fixed(.ar),
      preferred: try GlossaryRenderings(glossary: try sampleGlossary()))
    #expect(romanizer.romanize(word) == expected)
    // Not before a word the glossary does not know, and not in Persian lines.
    let rules = try Romanizer(scheme: .news, language: .fixed(.ar))
    #expect(romanizer.romanize("وقال") == rules.romanize("وقال"))
    // Nor before fewer than four letters, harakat not counted (بِغَيْرِ: without).
    #expect(romanizer.romanize("بِغَيْرِ") == rules.romanize("بِغَيْرِ"))
    let persian = try Romanizer(
      scheme: .news, language: .fixed(.fa),
      preferred: try GlossaryRenderings(glossary: try sampleGlossary()))
    #expect(!persian.romanize(word).contains("-"))
  }
}

@Suite("The lookup index's cache")
struct GlossaryIndexCacheTests {
  static func lookups(_ index: GlossaryIndex) -> [String] {
    ["Julani", "Damacus", "HTS", "جولانی", "Bashar"].map { query in
      index.lookup(query).map { "\($0.concept.id) \($0.score) \($0.reason)" }.joined(separator: "|")
    }
  }

  @Test("a second index reads the saved file and answers the same; a broken file is ignored")
  func roundTrip() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("tarjuman-index-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let glossary = try sampleGlossary()
    let fresh = try GlossaryIndex(glossary)
    let first = try GlossaryIndex(glossary, cacheFolder: folder)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(files.count == 1 && files[0].hasPrefix("lookup-index-"))
    let second = try GlossaryIndex(glossary, cacheFolder: folder)
    #expect(Self.lookups(second) == Self.lookups(fresh))
    #expect(Self.lookups(first) == Self.lookups(fresh))
    // A truncated file is not trusted.
    let file = folder.appendingPathComponent(files[0])
    let bytes = try Data(contentsOf: file)
    try bytes.prefix(bytes.count / 2).write(to: file)
    #expect(Self.lookups(try GlossaryIndex(glossary, cacheFolder: folder)) == Self.lookups(fresh))
    // Another glossary, another file.
    var changed = glossary
    changed.concepts[0].terms.append(Term("Jawlani", language: .english, type: .variant))
    _ = try GlossaryIndex(changed, cacheFolder: folder)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 2)
  }
}

@Suite("find: the compiled patterns' cache file, threads sharing words, word boundaries")
struct MentionFinderSpeedPathTests {
  static let lines = [
    "HTS’s leader Abu Mohammad al-Jolani spoke in Damascus; Joulani and Djolani too.",
    "ابو محمد الجولانی و ابومحمد جولانی، والجولاني وبالجولاني للجولاني جولانی‌ها آمدند",
    "Bashar Assad met Bashar al-Asad. خامنه ای و خامنه‌ای و خامنهای J\u{43E}lani",
    "الجولانيين دمشقي Damascene Assadist وهيئة تحرير الشام في دمشق",
  ]

  static func describe(_ finder: MentionFinder, _ lines: [String]) -> [String] {
    lines.flatMap { line in
      finder.mentions(in: line).map {
        "\($0.text) \(finder.glossary.concepts[$0.conceptIndex].id) \($0.termIndex) \($0.match) \($0.column) \($0.flag ?? "")"
      }
    }
  }

  @Test("a finder reading the saved patterns finds what a compiling one does")
  func cacheFile() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("tarjuman-patterns-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let glossary = try sampleGlossary()
    let expected = Self.describe(try MentionFinder(glossary: glossary), Self.lines)
    #expect(!expected.isEmpty)
    let writing = try MentionFinder(glossary: glossary, cacheFolder: folder)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(files.count == 1 && files[0].hasPrefix("find-patterns-"))
    #expect(Self.describe(writing, Self.lines) == expected)
    #expect(
      Self.describe(try MentionFinder(glossary: glossary, cacheFolder: folder), Self.lines)
        == expected)
    // A truncated file is not trusted.
    let file = folder.appendingPathComponent(files[0])
    let bytes = try Data(contentsOf: file)
    try bytes.prefix(bytes.count / 2).write(to: file)
    #expect(
      Self.describe(try MentionFinder(glossary: glossary, cacheFolder: folder), Self.lines)
        == expected)
    // A finder of some concepts neither reads nor writes the file.
    let damascus = try #require(glossary.concepts.firstIndex { $0.id == "damascus" })
    let limited = try MentionFinder(glossary: glossary, concepts: [damascus], cacheFolder: folder)
    #expect(limited.mentions(in: "Jolani in Damascus").map(\.text) == ["Damascus"])
    // Another glossary, another file.
    var changed = glossary
    changed.concepts[0].terms.append(Term("Jawlani", language: .english, type: .variant))
    let other = try MentionFinder(glossary: changed, cacheFolder: folder)
    #expect(other.mentions(in: "Jawlani").map(\.text) == ["Jawlani"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 2)
  }

  @Test("threads that share a finder's words find what one thread does")
  func threads() throws {
    let finder = try MentionFinder(glossary: try sampleGlossary())
    // Many distinct words, each line repeated, so that threads meet the same new words.
    let lines = (0..<400).map { index in
      Self.lines[index % Self.lines.count] + " word\(index % 97) کلمه\(index % 89)"
    }
    let expected = lines.map { Self.describe(finder, [$0]) }
    let results = UnsafeMutableBufferPointer<[String]>.allocate(capacity: 4 * lines.count)
    results.initialize(repeating: [])
    defer { results.deallocate() }
    nonisolated(unsafe) let shared = results
    DispatchQueue.concurrentPerform(iterations: 4) { thread in
      let workspace = finder.makeWorkspace()
      for (index, line) in lines.enumerated() {
        var found: [Mention] = []
        var copy = line
        copy.withUTF8 { _ = finder.scan($0, workspace: workspace, into: &found) }
        shared[thread * lines.count + index] = found.map {
          "\($0.text) \(finder.glossary.concepts[$0.conceptIndex].id) \($0.termIndex) \($0.match) \($0.column) \($0.flag ?? "")"
        }
      }
    }
    for thread in 0..<4 {
      #expect(Array(results[(thread * lines.count)..<((thread + 1) * lines.count)]) == expected)
    }
  }

  /// Names around the places where the splitter reads eight ASCII bytes at a time.
  static let boundaryCases: [(String, [String])] = [
    ("Jolani", ["Jolani"]),
    ("xJolani Jolanix 7Jolani", []),
    ("aaaaaaa Jolani", ["Jolani"]),
    ("aaaaaaaa Jolani bbbbbbbbbbbbbbbbb Jolani", ["Jolani", "Jolani"]),
    ("'Jolani' Jolani's", ["Jolani", "Jolani's"]),
    ("Damascus|Jolani\tDamascus", ["Damascus", "Jolani", "Damascus"]),
    ("Damascus دمشق,Damascus", ["Damascus", "دمشق", "Damascus"]),
    ("Damascus\u{1}Jolani", ["Damascus", "Jolani"]),
  ]

  @Test("ASCII words end where they end, whatever their length", arguments: boundaryCases)
  func boundaries(_ line: String, _ expected: [String]) throws {
    let finder = try MentionFinder(glossary: try sampleGlossary())
    #expect(finder.mentions(in: line).map(\.text) == expected, "\(line)")
  }
}

@Suite("Glossary spellings of Latin names")
struct GlossarySpellingsTests {
  /// The gazetteer tests' concepts (Damascus, SANA, Ahmed al-Sharaa in Arabic), and one with
  /// Persian terms of several kinds.
  static let glossary = Glossary(
    concepts: NameGazetteerTests.glossary.concepts + [
      Concept(
        id: "khamenei", kind: .person,
        terms: [
          Term("Ali Khamenei", language: .english, status: .preferred),
          Term("Khamenei", language: .english, type: .shortForm),
          Term("Khamenehi", language: .english, status: .deprecated, type: .variant),
          Term("علی خامنه‌ای", language: .persian, status: .preferred),
          Term("خامنه‌ای", language: .persian, type: .shortForm),
          Term("خامنه ای", language: .persian, status: .deprecated, type: .variant),
          Term("علي خامنئي", language: .arabic, status: .preferred),
        ])
    ])

  @Test("the terms that sound like the name, closest first; deprecated ones never")
  func soundAlike() throws {
    let spellings = try GlossarySpellings(glossary: Self.glossary)
    #expect(spellings.knownSpellings(of: "Khamenei", in: .fa) == ["خامنه‌ای", "علی خامنه‌ای"])
    #expect(spellings.knownSpellings(of: "Ali Khamenei", in: .fa).first == "علی خامنه‌ای")
    #expect(spellings.knownSpellings(of: "Ali Khamenei", in: .ar) == ["علي خامنئي"])
    // A deprecated Latin spelling still names the concept.
    #expect(spellings.knownSpellings(of: "Khamenehi", in: .fa).first == "خامنه‌ای")
    // The name, not the concept's preferred name.
    #expect(
      spellings.knownSpellings(of: "Abu Mohammad al-Jolani", in: .ar) == ["أبو محمد الجولاني"])
    #expect(spellings.knownSpellings(of: "Ahmed al-Sharaa", in: .ar) == ["أحمد الشرع"])
  }

  @Test("an English rendering that sounds like none is a translation or an exonym")
  func exonyms() throws {
    let spellings = try GlossarySpellings(glossary: Self.glossary)
    #expect(spellings.knownSpellings(of: "Damascus", in: .fa) == ["دمشق"])
    #expect(spellings.knownSpellings(of: "Damascus", in: .ar) == ["دمشق"])
    #expect(spellings.knownSpellings(of: "Dimashq", in: .ar) == ["دمشق"])
  }

  @Test("words of names spelled word by word, each like the other")
  func words() throws {
    let spellings = try GlossarySpellings(glossary: Self.glossary)
    #expect(spellings.knownSpelling(ofWord: "Ali", in: .fa) == "علی")
    #expect(spellings.knownSpelling(ofWord: "ALI", in: .ar) == "علي")
    #expect(spellings.knownSpelling(ofWord: "Khamenei", in: .fa) == "خامنه‌ای")
    #expect(spellings.knownSpelling(ofWord: "al-Sharaa", in: .ar) == "الشرع")
    // Not from an exonym, whose words need not be the name's.
    #expect(spellings.knownSpelling(ofWord: "Damascus", in: .fa) == nil)
    // A name not known as a whole: its known words first, the rules' for the others.
    let speller = try ArabicScriptSpeller()
    let found = speller.spellings(of: "Ali Larijani", in: .fa, count: 3, known: spellings)
    #expect(found.first?.hasPrefix("علی ") == true, "\(found)")
    #expect(found.count == 3)
    #expect(Set(found).count == 3)
    #expect(speller.spellings(of: "Khamenei", in: .fa, count: 1, known: spellings) == ["خامنه‌ای"])
  }

  @Test("lines are compared by their key form; unknown names and English get nothing")
  func lookup() throws {
    let spellings = try GlossarySpellings(glossary: Self.glossary)
    #expect(spellings.knownSpellings(of: "  KHAMENEI ", in: .fa).first == "خامنه‌ای")
    #expect(spellings.knownSpellings(of: "Khāmenei", in: .fa).first == "خامنه‌ای")
    #expect(spellings.knownSpellings(of: "Rouhani", in: .fa).isEmpty)
    #expect(spellings.knownSpellings(of: "Damascus", in: .en).isEmpty)
  }
}
