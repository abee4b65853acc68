import Foundation
import Testing

@Suite("tarjuman tm import, killed mid-import")
struct MemoryCrashSafetyTests {
  /// A TMX file of `count` distinct units with inline codes.
  static func largeTMX(_ count: Int, in folder: MemoryFolder) throws -> String {
    var text = """
      <?xml version="1.0" encoding="UTF-8"?>
      <tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" \
      o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/><body>

      """
    for index in 0..<count {
      text += """
        <tu><tuv xml:lang="en"><seg>Segment \(index) about <ph x="1">&lt;b/&gt;</ph> Jolani</seg></tuv>\
        <tuv xml:lang="fa"><seg>بخش \(index) دربارهٔ جولانی</seg></tuv></tu>

        """
    }
    text += "</body></tmx>\n"
    return try folder.write("large.tmx", text)
  }

  @Test("SIGKILL leaves a sound store; importing again finishes without duplicates")
  func killAndResume() throws {
    let folder = try MemoryFolder()
    let count = 40_000
    let file = try Self.largeTMX(count, in: folder)
    let executable = try #require(tarjumanExecutable)
    // The store exists and is migrated before the import starts, so that `stats` below
    // only reads it and never waits for the importer's lock.
    #expect(try folder.tm("stats", ["--format", "tsv"]).status == 0)
    let importer = Process()
    importer.executableURL = executable
    importer.arguments = ["tm", "import", "--store", folder.store, "--batch-size", "500", file]
    importer.standardError = FileHandle.nullDevice
    try importer.run()
    // The importer runs in short slices and is stopped (SIGSTOP) while the store is
    // counted, so it cannot finish between a count of zero and the kill, however fast
    // the machine: it is killed at the first count that shows committed batches.
    var stored = 0
    let deadline = Date().addingTimeInterval(120)
    while importer.isRunning && Date() < deadline {
      usleep(10_000)
      kill(importer.processIdentifier, SIGSTOP)
      let stats = try folder.tm("stats", ["--format", "tsv"])
      stored =
        stats.standardOutput.split(separator: "\n").first
        .flatMap { $0.split(separator: "\t").last }.flatMap { Int($0) } ?? 0
      if stored > 0 { break }
      kill(importer.processIdentifier, SIGCONT)
    }
    let killedMidway = importer.isRunning
    kill(importer.processIdentifier, SIGKILL)
    kill(importer.processIdentifier, SIGCONT)
    importer.waitUntilExit()
    #expect(killedMidway, "the import finished before it could be killed")
    #expect(importer.terminationReason == .uncaughtSignal || !killedMidway)

    // The store opens, is sound, and holds whole units only (a multiple of the batch).
    let check = try folder.tm("stats", ["--check", "--format", "tsv"])
    #expect(check.status == 0, "\(check.standardError)")
    #expect(check.standardError.contains("integrity ok"))
    let partial =
      check.standardOutput.split(separator: "\n").first
      .flatMap { $0.split(separator: "\t").last }.flatMap { Int($0) } ?? -1
    #expect(partial > 0 && partial < count && partial % 500 == 0, "\(partial) units after the kill")
    if killedMidway {
      #expect(check.standardOutput.contains("uses\t\(partial)"))
    }

    // Importing again resumes and ends with exactly the units of a clean import.
    let resumed = try folder.tm("import", ["--batch-size", "500", file])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    #expect(resumed.standardError.contains("resumed after"))
    let final = try folder.tm("stats", ["--check", "--format", "tsv"])
    #expect(
      final.standardOutput.hasPrefix("units\t\(count)\nuses\t\(count)\n"), "\(final.standardOutput)"
    )
  }
}
