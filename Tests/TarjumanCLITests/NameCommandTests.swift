import Foundation
import TarjumanTestSupport
import Testing

@Suite("tarjuman match and key, end to end")
struct NameCommandTests {
  /// A candidates file in Arabic script, removed when the test ends.
  final class Candidates {
    let path: String
    init(_ names: [String]) throws {
      path =
        FileManager.default.temporaryDirectory
        .appendingPathComponent("tarjuman-candidates-\(UUID().uuidString).txt").path
      try (names.joined(separator: "\n") + "\n").write(
        toFile: path, atomically: true, encoding: .utf8)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
  }

  static let names = ["أبو محمد الجولاني", "بشار الأسد", "حسن نصر الله", "هيئة تحرير الشام"]

  @Test("TSV rows are query, rank, candidate, score")
  func tsv() throws {
    let candidates = try Candidates(Self.names)
    let result = try runTarjuman(
      [
        "match", "--candidates", candidates.path, "--format", "tsv", "--top", "2", "Jolani",
        "Nasrallah",
      ])
    #expect(result.status == 0, "\(result.standardError)")
    let rows = result.standardOutput.split(separator: "\n").map { $0.split(separator: "\t") }
    #expect(rows.allSatisfy { $0.count == 4 })
    #expect(rows.first?[0] == "Jolani" && rows.first?[1] == "1")
    #expect(rows.first?[2] == "أبو محمد الجولاني")
    #expect(rows.contains { $0[0] == "Nasrallah" && $0[2] == "حسن نصر الله" && $0[1] == "1" })
    for row in rows { #expect(Double(row[3]).map { (0...1).contains($0) } == true) }
  }

  @Test("queries from standard input; exit 1 when nothing matched")
  func stdinAndExit() throws {
    let candidates = try Candidates(Self.names)
    let matched = try runTarjuman(
      ["match", "--candidates", candidates.path, "--format", "json", "--explain"],
      input: Array("Assad\n".utf8))
    #expect(matched.status == 0)
    #expect(matched.standardOutput.contains("\"candidate\":\"بشار الأسد\""))
    #expect(matched.standardOutput.contains("\"explanation\""))
    let none = try runTarjuman(["match", "--candidates", candidates.path, "Netanyahu"])
    #expect(none.status == 1)
    // CRLF line ends are not part of the query; bad bytes stop the command, named.
    let crlf = try runTarjuman(
      ["match", "--candidates", candidates.path, "--format", "tsv", "--top", "1"],
      input: Array("Assad\r\n".utf8))
    #expect(crlf.standardOutput.hasPrefix("Assad\t1\tبشار الأسد\t"), "\(crlf.standardOutput)")
    let bad = try runTarjuman(
      ["match", "--candidates", candidates.path], input: Array("Assad\nJo".utf8) + [0xFF, 0x0A])
    #expect(bad.status == 65)
    #expect(bad.standardError.contains("<stdin>:2:3: not valid UTF-8"), "\(bad.standardError)")
  }

  @Test("bad usage and a missing candidates file")
  func errors() throws {
    #expect(
      try runTarjuman(["match", "--candidates", "x", "--format", "tsv", "--explain", "q"]).status
        == 64)
    let missing = try runTarjuman(["match", "--candidates", "no/such/names.txt", "Jolani"])
    #expect(missing.status == 66)
    #expect(missing.standardError.contains("no/such/names.txt: no such file"))
  }

  @Test("a candidates file that is not UTF-8 is named by line and column; UTF-16 is read")
  func candidateEncodings() throws {
    let folder = TemporaryFolder()
    let broken = folder.file(
      "broken.txt", Array("Syrian Arab Army\nIslamic \u{FF}".utf8) + [0xFF, 0x0A])
    let bad = try runTarjuman(["match", "--candidates", broken, "--no-glossary", "SAA"])
    #expect(bad.status == 65, "\(bad.standardError)")
    #expect(bad.standardError.contains("broken.txt:2:11: not valid UTF-8"), "\(bad.standardError)")
    // UTF-16 with a byte-order mark, as spreadsheet programs save lists.
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in "قوات سوريا الديمقراطية\nبشار الأسد\n".utf16 {
      bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
    }
    let wide = folder.file("wide.txt", bytes)
    let read = try runTarjuman(
      [
        "match", "--candidates", wide, "--format", "tsv", "--top", "1", "--no-glossary",
        "Bashar al-Assad",
      ])
    #expect(read.status == 0, "\(read.standardError)")
    #expect(
      read.standardOutput.hasPrefix("Bashar al-Assad\t1\tبشار الأسد\t"), "\(read.standardOutput)")
  }

  @Test("key prints one key per line")
  func key() throws {
    let result = try runTarjuman(
      ["key"], input: Array("Abu Muhammad al-Jolani\nأبو محمد الجولاني\nGolani\n".utf8))
    #expect(result.status == 0)
    #expect(result.standardOutput == "abu mhmd jln\nabu mhmd jln\njln\n")
  }
}

extension NameCommandTests {
  @Test("translit writes Latin, one line per line")
  func translit() throws {
    let result = try runTarjuman(
      ["translit", "--lang", "ar", "--no-glossary"], input: Array("هيئة تحرير الشام\nHTS\n".utf8))
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput == "Hayat Thrir al-Sham\nHTS\n")
    #expect(try runTarjuman(["translit", "--lang", "en"]).status == 64)
    // With the shipped glossary (the default), the names it knows get its renderings.
    let known = try runTarjuman(
      ["translit", "--lang", "fa"], input: Array("جولانی در دمشق\n".utf8))
    #expect(known.standardOutput == "Jolani Dr Damascus\n", "\(known.standardError)")
    // Without any glossary the rules romanize every word; a house style needs a glossary.
    let bare = try runTarjuman(
      ["translit", "--lang", "fa", "--no-shipped"], input: Array("جولانی در دمشق\n".utf8))
    #expect(bare.status == 0, "\(bare.standardError)")
    #expect(bare.standardOutput == "Julani Dr Dmshgh\n", "\(bare.standardOutput)")
    let styled = try runTarjuman(
      ["translit", "--lang", "fa", "--no-shipped", "--style", "wire"], input: Array("x\n".utf8))
    #expect(styled.status == 66)
  }
}

extension NameCommandTests {
  @Test("translit --to fa spells Latin names in Persian script")
  func translitToPersian() throws {
    let result = try runTarjuman(
      ["translit", "--to", "fa", "--count", "3"], input: Array("Tehran\nShiraz\n".utf8))
    #expect(result.status == 0, "\(result.standardError)")
    let lines = result.standardOutput.split(separator: "\n").map { $0.split(separator: "\t") }
    #expect(lines.count == 2 && lines.allSatisfy { $0.count == 3 })
    #expect(lines.first?.contains("تهران") == true)
    #expect(lines.last?.contains("شیراز") == true)
  }

  @Test("translit --to writes the glossaries' spellings of the names they know first")
  func translitKnownNames() throws {
    let input = Array("Hassan Nasrallah\nDamascus\n".utf8)
    let persian = try runTarjuman(["translit", "--to", "fa"], input: input)
    #expect(persian.status == 0, "\(persian.standardError)")
    #expect(persian.standardOutput == "حسن نصرالله\nدمشق\n")
    let arabic = try runTarjuman(["translit", "--to", "ar", "--count", "2"], input: input)
    #expect(arabic.standardOutput.hasPrefix("حسن نصر الله\t"))
    // A name known by its words only: `Hassan` as the glossaries write it.
    let byWords = try runTarjuman(
      ["translit", "--to", "fa"], input: Array("Hassan Diab\n".utf8))
    #expect(byWords.standardOutput.hasPrefix("حسن "))
    // The rules alone write every sound.
    let rules = try runTarjuman(["translit", "--to", "fa", "--no-glossary"], input: input)
    #expect(rules.status == 0)
    #expect(!rules.standardOutput.contains("حسن نصرالله"))
    #expect(rules.standardOutput.split(separator: "\n").count == 2)
  }
}

extension NameCommandTests {
  @Test("match knows the glossaries' names unless --no-glossary")
  func glossary() throws {
    let candidates = try Candidates(["دمشق", "حلب", "قوات سوريا الديمقراطية"])
    let known = try runTarjuman(
      ["match", "--candidates", candidates.path, "--format", "tsv", "--top", "1", "Damascus"])
    #expect(known.status == 0, "\(known.standardError)")
    #expect(known.standardOutput == "Damascus\t1\tدمشق\t1.000\n")
    let explained = try runTarjuman(
      ["match", "--candidates", candidates.path, "--explain", "--top", "1", "Aleppo"])
    #expect(
      explained.standardOutput.contains("حلب  1.000  [glossary: aleppo]"),
      "\(explained.standardOutput)")
    // Without the glossaries, an exonym is only a sound, and nothing matches.
    let rulesOnly = try runTarjuman(
      ["match", "--candidates", candidates.path, "--format", "tsv", "--no-glossary", "Damascus"])
    #expect(rulesOnly.status == 1)
    #expect(rulesOnly.standardOutput.isEmpty)
    // A translated name is matched word by word through the lexicon either way.
    let translated = try runTarjuman(
      [
        "match", "--candidates", candidates.path, "--format", "tsv", "--top", "1", "--no-glossary",
        "Syrian Democratic Forces",
      ])
    #expect(translated.status == 0)
    #expect(
      translated.standardOutput.hasPrefix("Syrian Democratic Forces\t1\tقوات سوريا الديمقراطية\t"))
  }
}

extension NameCommandTests {
  @Test("match reads an abbreviation as the initials of a name, and says so")
  func abbreviation() throws {
    let candidates = try Candidates(
      ["Islamic Revolutionary Guard Corps", "Syrian Arab Army", "Saleh al-Arouri"])
    let result = try runTarjuman(
      ["match", "--candidates", candidates.path, "--explain", "--no-glossary", "IRGC", "SAA"])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(
      result.standardOutput == """
        IRGC
          1. Islamic Revolutionary Guard Corps  0.900  [acronym: IRGC]
        SAA
          1. Syrian Arab Army  0.900  [acronym: SAA]
          2. Saleh al-Arouri  0.850  [acronym: SAA]

        """, "\(result.standardOutput)")
  }
}
