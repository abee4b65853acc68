import Foundation
import Testing

/// A temporary folder for a store and input files, removed when the value goes away.
final class MemoryFolder {
  let url: URL
  var store: String { url.appendingPathComponent("memory.sqlite").path }

  init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("tarjuman-tm-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  func write(_ name: String, _ text: String) throws -> String {
    let path = url.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// Runs `tarjuman tm SUBCOMMAND --store STORE ARGUMENTS`.
  func tm(_ subcommand: String, _ arguments: [String], input: String = "") throws
    -> CommandResult
  {
    try runTarjuman(["tm", subcommand, "--store", store] + arguments, input: Array(input.utf8))
  }

  deinit { try? FileManager.default.removeItem(at: url) }
}

@Suite("tarjuman tm, end to end")
struct MemoryCommandTests {
  static let pairs = """
    en\tfa
    Open the file\tپرونده را باز کن
    Open the folder\tپوشه را باز کن
    Close the file\tپرونده را ببند
    Abu Muhammad al-Jolani spoke\tابومحمد جولانی سخن گفت
    UN\tسازمان ملل
    """

  @Test("import reports counts; a second import of the file does nothing; --again merges")
  func importCounts() throws {
    let folder = try MemoryFolder()
    let file = try folder.write("pairs.tsv", Self.pairs + "\nOpen the file\tپرونده را باز کن\n")
    let first = try folder.tm("import", [file])
    #expect(first.status == 0, "\(first.standardError)")
    #expect(first.standardError.contains("5 added, 1 merged, 0 skipped"))
    let second = try folder.tm("import", [file])
    #expect(second.status == 0 && second.standardError.contains("already imported"))
    let again = try folder.tm("import", ["--again", file])
    #expect(again.standardError.contains("0 added, 6 merged"))
    let stats = try folder.tm("stats", ["--format", "json", "--check"])
    #expect(stats.status == 0)
    #expect(stats.standardOutput.contains("\"units\":5"))
    #expect(stats.standardOutput.contains("\"uses\":12"))
  }

  @Test("search: text, tsv and json; queries from standard input; exit 1 without a match")
  func search() throws {
    let folder = try MemoryFolder()
    _ = try folder.tm("import", [try folder.write("pairs.tsv", Self.pairs)])
    let tsv = try folder.tm(
      "search", ["--from", "EN", "--to", "fa", "--format", "tsv", "Open the file"])
    #expect(tsv.status == 0, "\(tsv.standardError)")
    let rows = tsv.standardOutput.split(separator: "\n").map {
      $0.split(separator: "\t").map(String.init)
    }
    #expect(
      rows.first?.prefix(5) == ["Open the file", "1", "100", "Open the file", "پرونده را باز کن"])
    #expect(rows.allSatisfy { $0.count == 7 })
    let batch = try folder.tm(
      "search", ["--from", "en", "--to", "fa", "--format", "json", "--explain", "--min", "60"],
      input: "Open the files\nUN\nNothing like it at all\n")
    let lines = batch.standardOutput.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines[0].contains("\"explanation\":\"tokens: edit distance"))
    #expect(lines[1].contains("\"target\":\"سازمان ملل\""))
    #expect(lines[2].contains("\"matches\":[]"))
    let none = try folder.tm("search", ["--from", "en", "Nothing like it at all"])
    #expect(none.status == 1)
    #expect(
      try folder.tm("search", ["--from", "en", "--format", "tsv", "--explain", "x"]).status == 64)
    #expect(try folder.tm("search", ["--from", "not a tag", "x"]).status == 64)
  }

  @Test("concordance finds a name across scripts")
  func concordance() throws {
    let folder = try MemoryFolder()
    _ = try folder.tm("import", [try folder.write("pairs.tsv", Self.pairs)])
    let arabic = try folder.tm("concordance", ["--format", "tsv", "الجولاني"])
    #expect(arabic.status == 0, "\(arabic.standardError)")
    #expect(arabic.standardOutput.contains("Abu Muhammad al-Jolani spoke"))
    let latin = try folder.tm("concordance", ["Golani"])
    #expect(latin.status == 0 && latin.standardOutput.contains("ابومحمد جولانی"))
    #expect(try folder.tm("concordance", ["Netanyahu"]).status == 1)
  }

  @Test("export writes TMX; delete removes by filter; the round trip keeps the units")
  func exportAndDelete() throws {
    let folder = try MemoryFolder()
    _ = try folder.tm("import", [try folder.write("pairs.tsv", Self.pairs)])
    let output = folder.url.appendingPathComponent("out.tmx").path
    let exported = try folder.tm("export", ["--to", "FA", "-o", output])
    #expect(exported.status == 0 && exported.standardError.contains("5 units exported"))
    let text = try String(contentsOfFile: output, encoding: .utf8)
    #expect(text.contains("<seg>پرونده را باز کن</seg>"))
    let copy = try MemoryFolder()
    #expect(try copy.tm("import", [output]).standardError.contains("5 added"))
    #expect(try folder.tm("delete", []).status == 64)
    let deleted = try folder.tm(
      "delete", ["--origin", folder.url.appendingPathComponent("pairs.tsv").path])
    #expect(deleted.standardOutput == "5 units deleted\n")
  }

  @Test("bad input: exit 66 for a missing file, 65 with file:line:col for malformed TMX")
  func badInput() throws {
    let folder = try MemoryFolder()
    let missing = try folder.tm("import", ["no/such/file.tmx"])
    #expect(missing.status == 66 && missing.standardError.contains("no/such/file.tmx"))
    let bad = try folder.write(
      "bad.tmx",
      "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu><tuv xml:lang=\"en\"><seg>x</tuv></tu>\n</body></tmx>\n"
    )
    let malformed = try folder.tm("import", [bad])
    #expect(malformed.status == 65)
    #expect(malformed.standardError.contains("bad.tmx:2:"), "\(malformed.standardError)")
    let skip = try folder.write(
      "skip.tmx",
      "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu><tuv><seg>x</seg></tuv></tu>\n"
        + "<tu><tuv xml:lang=\"en\"><seg>y</seg></tuv><tuv xml:lang=\"fa\"><seg>ی</seg></tuv></tu>\n</body></tmx>\n"
    )
    #expect(try folder.tm("import", [skip]).status == 65)
    let skipped = try folder.tm("import", ["--on-error", "skip", skip])
    #expect(skipped.status == 0)
    #expect(skipped.standardError.contains("1 added, 0 merged, 1 skipped"))
    #expect(skipped.standardError.contains("skip.tmx:2:1: a <tuv> without xml:lang"))
    let utf16 = folder.url.appendingPathComponent("u16.tsv").path
    try Data([0xFF, 0xFE, 0x61, 0x00]).write(to: URL(fileURLWithPath: utf16))
    #expect(try folder.tm("import", ["--from", "en", "--to", "fa", utf16]).status == 65)
  }

  @Test("a store that another process holds locked: exit 75 after the timeout, no hang")
  func locked() throws {
    let folder = try MemoryFolder()
    _ = try folder.tm("import", [try folder.write("pairs.tsv", Self.pairs)])
    // Another process (Python's sqlite3) holds a write transaction open while the import
    // runs; it says "locked" once it has the lock and lets go when its input closes.
    let script = """
      import sqlite3, sys
      db = sqlite3.connect(sys.argv[1], isolation_level=None)
      db.execute("BEGIN IMMEDIATE")
      print("locked", flush=True)
      sys.stdin.read()
      db.execute("ROLLBACK")
      """
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    holder.arguments = ["python3", "-c", script, folder.store]
    let input = Pipe()
    let output = Pipe()
    holder.standardInput = input
    holder.standardOutput = output
    do {
      try holder.run()
    } catch {
      return  // No Python on this machine: nothing to hold the lock with.
    }
    let said = output.fileHandleForReading.availableData
    try #require(String(decoding: said, as: UTF8.self).hasPrefix("locked"))
    let started = Date()
    let other = try folder.write("more.tsv", "en\tfa\nMore\tبیشتر\n")
    let result = try folder.tm("import", [other])
    #expect(result.status == 75, "\(result.standardError)")
    #expect(result.standardError.contains("locked"))
    #expect(Date().timeIntervalSince(started) < 30)
    try? input.fileHandleForWriting.close()
    holder.waitUntilExit()
    #expect(try folder.tm("import", [other]).status == 0)
  }
}
