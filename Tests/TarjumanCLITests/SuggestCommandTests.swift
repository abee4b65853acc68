import Foundation
import Testing

@Suite("tarjuman suggest, end to end")
struct SuggestCommandTests {
  /// A store with a few en–fa translations, in a folder removed when the test ends.
  final class Store {
    let folder: URL
    var path: String { folder.appendingPathComponent("memory.sqlite").path }

    init(pairs: [(String, String)]) throws {
      folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("tarjuman-suggest-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let tsv = folder.appendingPathComponent("pairs.tsv")
      try pairs.map { "\($0.0)\t\($0.1)\n" }.joined().write(
        to: tsv, atomically: true, encoding: .utf8)
      let imported = try runTarjuman(
        ["tm", "import", "--store", path, "--from", "en", "--to", "fa", tsv.path])
      #expect(imported.status == 0, "\(imported.standardError)")
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
  }

  static let sample = repositoryRoot.appendingPathComponent(
    "Tests/TarjumanGlossaryTests/Fixtures/sample.glossary"
  ).path

  @Test("each name gets the style's rendering, what the memory used, and warnings")
  func names() throws {
    let store = try Store(pairs: [
      ("Jolani spoke in Damascus.", "جولانی در دمشق سخن گفت."),
      ("Golani spoke again.", "جولانی دوباره سخن گفت."),
      ("Al-Julani arrived in Damascus.", "الجولانی به دمشق رسید."),
    ])
    let result = try runTarjuman(
      [
        "suggest", "--no-shipped", "--glossary", Self.sample, "--store", store.path, "--from", "en",
        "--to", "fa", "--style", "wire", "--format", "json", "Jolani left Damascus",
      ])
    #expect(result.status == 0, "\(result.standardError)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let names = try #require(object["names"] as? [[String: Any]])
    #expect(names.map { $0["concept"] as? String } == ["ahmed-al-sharaa", "damascus"])
    #expect(names[0]["rendering"] as? String == "جولانی")
    let memory = try #require(names[0]["memory"] as? [[String: Any]])
    #expect(memory.map { $0["text"] as? String } == ["جولانی", "الجولانی"])
    #expect(memory.map { $0["count"] as? Int } == [2, 1])
    let warnings = try #require(names[0]["warnings"] as? [String])
    #expect(warnings.contains { $0.contains("inconsistent") })
    #expect(names[1]["rendering"] as? String == "دمشق")
  }

  @Test("the reverse direction, and fuzzy matches for the whole text")
  func reverse() throws {
    let store = try Store(pairs: [("Damascus is quiet today.", "دمشق امروز آرام است.")])
    let result = try runTarjuman(
      [
        "suggest", "--no-shipped", "--glossary", Self.sample, "--store", store.path, "--from", "en",
        "--to", "fa", "Damascus is quiet today.",
      ])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains("Damascus → دمشق  (damascus)"))
    #expect(
      result.standardOutput.contains("100%  Damascus is quiet today.  →  دمشق امروز آرام است."))
    let persian = try runTarjuman(
      [
        "suggest", "--no-shipped", "--glossary", Self.sample, "--store", store.path, "--from", "fa",
        "--to", "en", "جولانی در دمشق",
      ])
    #expect(persian.standardOutput.contains("جولانی → Ahmed al-Sharaa  (ahmed-al-sharaa)"))
  }
}
