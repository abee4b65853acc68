import Foundation
import TarjumanICU
import TarjumanText
import Testing

@testable import TarjumanNames

/// The romanizer's line loop against the slower code it replaced: the words it cuts, the
/// language it decides; and the glossary's table of renderings with its cache file.
@Suite("Romanizer line loop")
struct RomanizerLineTests {
  static var root: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  /// The lines of the sample corpora and of the development set of names.
  static func corpusLines() throws -> [String] {
    var lines: [String] = []
    for name in ["fa/news.txt", "ar/news.txt", "mixed/mixed.txt", "en/news.txt"] {
      let text = try String(
        contentsOf: root.appendingPathComponent("Corpora/" + name), encoding: .utf8)
      lines += text.split(separator: "\n").map(String.init)
    }
    let dev = try String(
      contentsOf: root.appendingPathComponent("Tests/TarjumanNamesTests/Fixtures/names-dev.tsv"),
      encoding: .utf8)
    lines += dev.split(separator: "\n").map { $0.replacingOccurrences(of: "\t", with: " ") }
    return lines
  }

  /// Lines that put each code point below U+3000 (and a few beyond) among Persian,
  /// Arabic and Latin letters, inside words and between them.
  static func syntheticLines() -> [String] {
    var lines: [String] = []
    let probes =
      Array(0x80..<0x3000).filter { !(0xD800..<0xE000).contains($0) } + [
        0xFB50, 0xFEFC, 0x1EE00, 0x10E60, 0xFFFD,
      ]
    for value in probes {
      guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
      let c = String(scalar)
      lines += [
        "ب\(c)ی", "\(c) کتاب", "abc \(c)\(c) ي", "دمشق \(c)abc", "x\(c)y ة ك", "پ\u{200C}\(c)ه",
      ]
    }
    lines += ["", "abc", "a b c د", "دمشق", "دمشق Damascus Damascus", "ة", "\u{064E}", "ک ي"]
    return lines
  }

  /// The words as the loop before the scan cut them.
  static func referenceWords(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
    var words: [Range<Int>] = []
    var index = 0
    while index < bytes.count {
      if bytes[index] < 0xC0 {
        index += 1
        continue
      }
      let (value, length) = RomanizerScalars.decode(bytes, at: index)
      if RomanizerScalars.isWordScalar(value) {
        let end = RomanizerScalars.wordEnd(bytes, from: index)
        words.append(index..<end)
        index = end
      } else {
        index += length
      }
    }
    return words
  }

  @Test(
    "The scan cuts the words wordEnd cuts and decides each line's language as LanguageDetector",
    arguments: [LanguageSetting.auto, .fixed(.en), .fixed(.fa)])
  func scanMatchesDetector(language: LanguageSetting) throws {
    let romanizer = try Romanizer(scheme: .news, language: language)
    let workspace = try romanizer.makeWorkspace()
    let tokens = RomanizerTokens()
    let normalizer = try TextNormalizer(profile: .clean, language: language)
    var mismatches: [String] = []
    var decided = 0
    for line in try Self.corpusLines() + Self.syntheticLines() {
      // Each line as it is, and as the romanizer reads it: normalized.
      for text in [line, normalizer.normalize(line)] {
        var text = text
        text.withUTF8 { bytes in
          let letters = Romanizer.scan(bytes, tokens: tokens, classes: RomanizerLineTables.classes)
          let words = (0..<tokens.count).map { tokens.range($0) }
          let reference = Self.referenceWords(bytes)
          if words != reference {
            mismatches.append("words of \(String(decoding: bytes, as: UTF8.self))")
          }
          guard let first = reference.first else { return }
          decided += 1
          let expected = romanizer.decideLanguage(
            bytes, from: first.lowerBound, workspace: workspace)
          let actual = romanizer.language(of: letters, bytes: bytes, workspace: workspace)
          if actual != expected {
            mismatches.append(
              "\(String(decoding: bytes, as: UTF8.self)) "
                + "[\(String(decoding: bytes, as: UTF8.self).unicodeScalars.map { String($0.value, radix: 16) })]: "
                + "\(actual), expected \(expected)")
          }
        }
      }
    }
    #expect(decided > 50_000)
    #expect(mismatches.isEmpty, "\(mismatches.count): \(mismatches.prefix(10))")
  }

  @Test("A stream on one thread or two writes what a romanizer does line by line")
  func singleThreadStream() throws {
    let romanizer = try Romanizer(scheme: .news, language: .auto)
    let text = try Self.corpusLines().joined(separator: "\n")
    try expectStreamMatchesLines(romanizer, text: text, runs: [(1, 1 << 20), (1, 700), (2, 900)])
  }

  // MARK: - Renderings

  /// A table of a few names, by their keys (their `key` forms, marked for a final ى and
  /// for short words).
  static func table() throws -> RenderingTable {
    let key = try TextNormalizer.shared(profile: .key)
    let names: [(word: String, language: TextLanguage, latin: String)] = [
      ("دمشق", .fa, "Damascus"), ("جولانی", .fa, "Jolani"), ("خامنه‌ای", .fa, "Khamenei"),
      ("عبدالله", .ar, "Abdullah"), ("علي", .ar, "Ali"), ("بنی", .fa, "Benny"),
      ("موسى", .ar, "Musa"),
    ]
    var entries: [String: String] = [:]
    for name in names {
      for word in RenderingTable.keys(
        ofTermWord: name.word, language: name.language, normalizer: key)
      {
        entries[word] = name.latin
      }
    }
    return try RenderingTable(entries: entries)
  }

  @Test("The table answers on bytes what it answers on strings, for any spelling of a name")
  func tableLookups() throws {
    let table = try Self.table()
    let keyNormalizer = try #require(RenderingTable.keyNormalizer())
    let workspace = NormalizerWorkspace()
    var key: [UInt8] = []
    let words = [
      "دمشق", "دِمَشق", "جولانی", "جولاني", "جولانى", "الجولاني", "خامنه‌ای", "خامنهای",
      "عبدالله", "عبدﷲ", "تهران", "", "a", "علي", "على", "علی", "عَلَى", "بني", "بنی", "موسى",
      "موسی",
    ]
    for language in [TextLanguage.fa, .ar] {
      for word in words {
        var word = word
        let expected = table.preferredLatinRendering(of: word, language: language)
        var rendering = RawBuffer<UInt8>(capacity: 1024)
        defer { rendering.free() }
        let found = word.withUTF8 {
          table.rendering(
            of: $0, language: language, keyNormalizer: keyNormalizer, workspace: workspace,
            key: &key, rendering: &rendering)
        }
        #expect(found == (expected != nil), "\(word) (\(language))")
        if let expected {
          #expect(String(decoding: rendering.elements, as: UTF8.self) == expected, "\(word)")
        }
      }
    }
    #expect(table.preferredLatinRendering(of: "دِمَشق", language: .ar) == "Damascus")
    #expect(table.preferredLatinRendering(of: "الجولاني", language: .ar) == nil)
    // Short words take the renderings of their own language's names only; a final ى
    // only those of words ending in it.
    #expect(table.preferredLatinRendering(of: "علي", language: .ar) == "Ali")
    #expect(table.preferredLatinRendering(of: "على", language: .ar) == nil)
    #expect(table.preferredLatinRendering(of: "بني", language: .ar) == nil)
    #expect(table.preferredLatinRendering(of: "بنی", language: .fa) == "Benny")
    #expect(table.preferredLatinRendering(of: "موسى", language: .ar) == "Musa")
    #expect(table.preferredLatinRendering(of: "موسی", language: .fa) == "Musa")
  }

  @Test("A romanizer with the table writes what it writes with the same renderings as strings")
  func tableInRomanizer() throws {
    struct Strings: PreferredRenderingSource {
      let table: RenderingTable
      func preferredLatinRendering(of word: String, language: TextLanguage) -> String? {
        table.preferredLatinRendering(of: word, language: language)
      }
    }
    let table = try Self.table()
    let text = try Self.corpusLines().joined(separator: "\n") + "\nدمشق دِمَشق جولاني خامنه‌ای"
    let expected = try Romanizer(scheme: .news, preferred: Strings(table: table)).romanize(text)
    let actual = try Romanizer(scheme: .news, preferred: table).romanize(text)
    #expect(actual == expected)
    #expect(actual.hasSuffix("Damascus Damascus Jolani Khamenei"))
  }

  @Test("The table reads back what it wrote, and nothing else")
  func serialization() throws {
    let table = try Self.table()
    let bytes = table.serialized()
    #expect(RenderingTable.entries(serialized: bytes) == table.entries)
    #expect(RenderingTable.entries(serialized: Array(bytes.dropLast())) == nil)
    #expect(RenderingTable.entries(serialized: bytes + [0]) == nil)
    #expect(RenderingTable.entries(serialized: [UInt8]("TJRT0\n".utf8) + bytes.dropFirst(6)) == nil)
    #expect(RenderingTable.entries(serialized: []) == nil)
    let empty = try RenderingTable(entries: [:])
    #expect(RenderingTable.entries(serialized: empty.serialized()) == [:])
    #expect(empty.preferredLatinRendering(of: "دمشق", language: .fa) == nil)
  }

  @Test("The cache file is named by the glossaries' bytes and the style, and holds the table")
  func cacheFile() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("tarjuman-renderings-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let glossary = folder.appendingPathComponent("a.glossary")
    try Data("first".utf8).write(to: glossary)
    let environment = ["XDG_CACHE_HOME": folder.appendingPathComponent("cache").path]
    let file = try #require(
      RenderingTable.CachedTable(glossaries: [glossary], style: nil, environment: environment))
    #expect(file.url.path.hasPrefix(folder.appendingPathComponent("cache/tarjuman").path))
    #expect(
      RenderingTable.CachedTable(glossaries: [glossary], style: nil, environment: environment)
        == file)
    #expect(
      RenderingTable.CachedTable(glossaries: [glossary], style: "wire", environment: environment)
        != file)
    #expect(
      RenderingTable.CachedTable(glossaries: [], style: nil, environment: environment) != file)
    #expect(file.read() == nil)
    let table = try Self.table()
    file.write(table)
    #expect(file.read() == table.entries)
    // Other bytes in a glossary: another file.
    try Data("second".utf8).write(to: glossary)
    let changed = try #require(
      RenderingTable.CachedTable(glossaries: [glossary], style: nil, environment: environment))
    #expect(changed != file)
    #expect(changed.read() == nil)
    // A glossary that cannot be read, or no cache folder: no file.
    #expect(
      RenderingTable.CachedTable(
        glossaries: [folder.appendingPathComponent("missing.glossary")], style: nil,
        environment: environment) == nil)
    #expect(RenderingTable.CachedTable(glossaries: [glossary], style: nil, environment: [:]) == nil)
    let home = try #require(
      RenderingTable.CachedTable(
        glossaries: [glossary], style: nil, environment: ["HOME": folder.path]))
    #expect(home.url.path.hasPrefix(folder.appendingPathComponent(".cache/tarjuman").path))
    // Each style has a table of its own; only the newest few are kept.
    var last = file
    for number in 0..<12 {
      last = try #require(
        RenderingTable.CachedTable(
          glossaries: [glossary], style: "style \(number)", environment: environment))
      last.write(table)
    }
    let kept = try FileManager.default.contentsOfDirectory(
      atPath: last.url.deletingLastPathComponent().path
    ).filter { $0.hasPrefix("translit-renderings-") }
    #expect(kept.count == CacheFile.keptPerKind)
    #expect(last.read() == table.entries)
  }
}
