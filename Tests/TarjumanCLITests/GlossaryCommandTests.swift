import Foundation
import Testing

@Suite("tarjuman lookup, find, canonicalize and glossary, end to end")
struct GlossaryCommandTests {
  /// The glossary fixture of the glossary tests.
  static let sample = repositoryRoot.appendingPathComponent(
    "Tests/TarjumanGlossaryTests/Fixtures/sample.glossary"
  ).path

  /// A file in the temporary folder, removed when the test ends.
  final class TemporaryFile {
    let path: String
    init(_ name: String, contents: [UInt8]? = nil) throws {
      path =
        FileManager.default.temporaryDirectory
        .appendingPathComponent("tarjuman-\(UUID().uuidString)-\(name)").path
      if let contents { try Data(contents).write(to: URL(fileURLWithPath: path)) }
    }
    convenience init(_ name: String, text: String) throws {
      try self.init(name, contents: Array(text.utf8))
    }
    var text: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
    deinit { try? FileManager.default.removeItem(atPath: path) }
  }

  static let onlySample = ["--no-shipped", "--glossary", sample]

  @Test("lookup with the shipped glossary: any spelling, and exit 1 with suggestions")
  func lookupShipped() throws {
    let found = try runTarjuman(["lookup", "Julani"])
    #expect(found.status == 0, "\(found.standardError)")
    #expect(found.standardOutput.hasPrefix("ahmed-al-sharaa (person)"))
    #expect(found.standardOutput.contains("أحمد الشرع"))
    let typo = try runTarjuman(["lookup", "--format", "tsv", "Damacus"])
    #expect(
      typo.standardOutput.split(separator: "\n").first?.split(separator: "\t").prefix(3) == [
        "Damacus", "1", "damascus",
      ])
    let none = try runTarjuman(["lookup", "--min", "0.95", "Damaskuz"])
    #expect(none.status == 1)
    #expect(none.standardError.contains("did you mean"))
    #expect(none.standardError.contains("damascus"))
  }

  @Test("lookup --format json gives one object per concept, styles choose the rendering")
  func lookupJSON() throws {
    let result = try runTarjuman(
      ["lookup"] + Self.onlySample + ["--format", "json", "--style", "wire", "--top", "1", "HTS"])
    #expect(result.status == 0, "\(result.standardError)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(object["concept"] as? String == "hayat-tahrir-al-sham")
    #expect(object["score"] as? Double == 1)
    let renderings = try #require(object["renderings"] as? [String: Any])
    let english = try #require(renderings["en"] as? [String: Any])
    #expect(english["preferred"] as? String == "Tahrir al-Sham")
  }

  @Test("find prints file:line:col: text → concept (rendering), and counts")
  func find() throws {
    let text = try TemporaryFile(
      "news.txt", text: "Golani met Assad.\nدر دمشق و بالجولانی\nnothing here\n")
    let result = try runTarjuman(
      ["find"] + Self.onlySample + [text.path])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(
      result.standardOutput.split(separator: "\n").map(String.init) == [
        "\(text.path):1:1: Golani → ahmed-al-sharaa (Ahmed al-Sharaa)",
        "\(text.path):1:12: Assad → bashar-al-assad (Bashar al-Assad)",
        "\(text.path):2:4: دمشق → damascus (دمشق)",
        "\(text.path):2:11: بالجولانی → ahmed-al-sharaa (احمد الشرع)",
      ])
    let counted = try runTarjuman(
      ["find"] + Self.onlySample + ["--count", "--format", "tsv", text.path])
    #expect(counted.standardOutput.hasPrefix("ahmed-al-sharaa\t2\tAhmed al-Sharaa\n"))
    let query = try runTarjuman(
      ["find"] + Self.onlySample + ["جولانی", text.path])
    #expect(query.standardOutput.split(separator: "\n").count == 2)
    let none = try runTarjuman(
      ["find"] + Self.onlySample + ["Kremlin"], input: Array("x\n".utf8))
    #expect(none.status == 1)
  }

  @Test("find prints the same whatever --jobs, over the sample corpora")
  func findJobs() throws {
    let corpora = [
      "Corpora/en/news.txt", "Corpora/fa/news.txt", "Corpora/ar/news.txt",
      "Corpora/mixed/mixed.txt",
    ]
    let one = try runTarjuman(["find", "--jobs", "1"] + corpora)
    let two = try runTarjuman(["find", "--jobs", "2"] + corpora)
    #expect(one.status == 0, "\(one.standardError)")
    #expect(one.standardOutput == two.standardOutput)
    #expect(one.standardOutput.split(separator: "\n").count > 100)
  }

  @Test("find: invalid UTF-8 names the file and line (65); a missing file exits 66")
  func findErrors() throws {
    let bad = try TemporaryFile("bad.txt", contents: Array("ok Assad\n".utf8) + [0xFF, 0x0A])
    let invalid = try runTarjuman(
      ["find"] + Self.onlySample + [bad.path])
    #expect(invalid.status == 65)
    #expect(invalid.standardError.contains("\(bad.path):2"))
    let missing = try runTarjuman(
      ["find"] + Self.onlySample + ["/nonexistent/file.txt"])
    #expect(missing.status == 66)
    let noGlossary = try runTarjuman(["lookup", "--glossary", "/nonexistent.glossary", "x"])
    #expect(noGlossary.status == 66)
  }

  @Test("canonicalize rewrites lines in place and reports each replacement")
  func canonicalize() throws {
    let report = try TemporaryFile("report.jsonl")
    let input = "al-Julani and Golani\r\nuntouched line\nقال للجولاني"
    let result = try runTarjuman(
      ["canonicalize"] + Self.onlySample + [
        "--lang", "en", "--style", "wire", "--report", report.path,
      ],
      input: Array(input.utf8))
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput == "Jolani and Jolani\r\nuntouched line\nقال للجولاني")
    #expect(result.standardError.contains("canonicalized 2 names on 1 line"))
    let lines = report.text.split(separator: "\n")
    #expect(lines.count == 2)
    let first = try #require(
      try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    #expect(first["line"] as? Int == 1 && first["column"] as? Int == 1)
    #expect(first["original"] as? String == "al-Julani")
    #expect(first["replacement"] as? String == "Jolani")
  }

  @Test("glossary validate reports file:line and exits 65")
  func validate() throws {
    let broken = try TemporaryFile(
      "broken.glossary", text: "concept: a\nkind: person\nen: A | favourite\n")
    let result = try runTarjuman(["glossary", "validate", broken.path])
    #expect(result.status == 65)
    #expect(
      result.standardOutput.contains("\(broken.path):3: error: unknown attribute 'favourite'"))
    let shipped = try runTarjuman(["glossary", "validate"])
    #expect(shipped.status == 0, "\(shipped.standardOutput)")
    #expect(shipped.standardError.contains(" 0 errors"))
  }

  @Test("import OmegaT TSV, export TBX and read it back")
  func importExport() throws {
    let omegaT = try TemporaryFile(
      "terms.tsv", text: "Jolani\tجولانی\tshort form\nHTS\tهیئت تحریر الشام\n")
    let native = try TemporaryFile("terms.glossary")
    let imported = try runTarjuman([
      "glossary", "import", omegaT.path, "--from", "en", "--to", "fa", "-o", native.path,
    ])
    #expect(imported.status == 0, "\(imported.standardError)")
    #expect(native.text.contains("fa: جولانی | note: short form"))
    let tbx = try TemporaryFile("terms.tbx")
    let exported = try runTarjuman(
      [
        "glossary", "export", "--no-shipped", "--glossary", native.path, "--format", "tbx", "-o",
        tbx.path,
      ])
    #expect(exported.status == 0, "\(exported.standardError)")
    #expect(tbx.text.contains("type=\"TBX-Basic\""))
    let back = try TemporaryFile("back.glossary")
    let reimported = try runTarjuman(["glossary", "import", tbx.path, "-o", back.path])
    #expect(reimported.status == 0, "\(reimported.standardError)")
    #expect(back.text == native.text)
  }

  @Test("glossary add appends a checked concept; a clash is refused")
  func add() throws {
    let file = try TemporaryFile("mine.glossary")
    let added = try runTarjuman(
      [
        "glossary", "add", "--no-shipped", "--to", file.path, "--id", "abu-ubaida", "--kind",
        "person",
        "--term", "en:Abu Obaida", "--term", "ar:أبو عبيدة", "--term", "en:Abu Ubaida|variant",
      ])
    #expect(added.status == 0, "\(added.standardError)")
    #expect(
      file.text.contains(
        "concept: abu-ubaida\nkind: person\nen: Abu Obaida | preferred\nar: أبو عبيدة | preferred\nen: Abu Ubaida|variant\n"
      ))
    let clash = try runTarjuman(
      [
        "glossary", "add", "--no-shipped", "--to", file.path, "--id", "other", "--kind", "person",
        "--term", "en:Abu Ubaida",
      ])
    #expect(clash.status == 65)
    #expect(clash.standardError.contains("is also a term of 'abu-ubaida'"))
  }

  @Test("glossary places names regions and cities from ICU")
  func places() throws {
    let result = try runTarjuman(["glossary", "places", "--no-shipped"])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("concept: region/IR\nkind: place\n"))
    #expect(result.standardOutput.contains("fa: تهران | preferred"))
  }
}
