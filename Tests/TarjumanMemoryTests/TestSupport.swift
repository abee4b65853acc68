import Foundation
import TarjumanGlossary
import Testing

@testable import TarjumanMemory

/// A temporary folder with a store in it, removed when the value goes away.
final class TemporaryStore {
  let folder: URL
  let store: MemoryStore

  init() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("tarjuman-memory-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    store = try MemoryStore(path: folder.appendingPathComponent("memory.sqlite").path)
  }

  /// Writes a file in the folder and returns its URL.
  func file(_ name: String, _ bytes: [UInt8]) throws -> URL {
    let url = folder.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url
  }

  func file(_ name: String, _ text: String) throws -> URL {
    try file(name, Array(text.utf8))
  }

  deinit { try? FileManager.default.removeItem(at: folder) }
}

/// A unit from plain texts, as if imported from `test.tsv`.
func unit(_ source: String, _ target: String, from: String = "en", to: String = "fa")
  -> TranslationUnit
{
  TranslationUnit(
    sourceLanguage: LanguageTag(from) ?? .english, targetLanguage: LanguageTag(to) ?? .persian,
    source: Segment(text: source), target: Segment(text: target),
    origin: UnitOrigin(file: "test.tsv", tool: "tarjuman"))
}

/// Imports a TMX document given as text.
@discardableResult
func importTMX(
  _ text: String, into temporary: TemporaryStore, name: String = "test.tmx",
  onError: ImportErrorPolicy = .fail, from: LanguageTag? = nil, to: LanguageTag? = nil
) throws -> ImportSummary {
  let url = try temporary.file(name, text)
  return try UnitImporter(onError: onError).run(
    into: temporary.store, files: [url], settings: "tmx"
  ) { () throws(MemoryError) in
    try TMXReader(url: url, path: name, sourceLanguage: from, targetLanguage: to)
  }
}

/// A TMX document around some `<tu>`s.
func tmxDocument(_ units: String, srclang: String = "en") -> String {
  """
  <?xml version="1.0" encoding="UTF-8"?>
  <tmx version="1.4">
    <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="x" \
  adminlang="en" srclang="\(srclang)" datatype="plaintext"/>
    <body>
  \(units)
    </body>
  </tmx>
  """
}

/// The interoperability files written by others (`../shared/interop`), when present.
let interopFolder: URL? = {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  let folder = root.deletingLastPathComponent().appendingPathComponent("shared/interop")
  return FileManager.default.fileExists(atPath: folder.path) ? folder : nil
}()
