import Foundation
import TarjumanGlossary
import Testing

@testable import TarjumanMemory

@Suite("bitext and parallel import")
struct BitextImportTests {
  func importBitext(
    _ url: URL, _ temporary: TemporaryStore, format: BitextReader.Format = .tsv,
    onError: ImportErrorPolicy = .fail, from: LanguageTag? = nil, to: LanguageTag? = nil,
    again: Bool = false
  ) throws -> ImportSummary {
    try UnitImporter(batchSize: 2, onError: onError, again: again).run(
      into: temporary.store, files: [url], settings: format.rawValue
    ) { () throws(MemoryError) in
      try BitextReader(
        url: url, path: url.lastPathComponent, format: format, sourceLanguage: from,
        targetLanguage: to)
    }
  }

  @Test("TSV with a header of language tags; a context column")
  func tsvHeader() throws {
    let temporary = try TemporaryStore()
    let url = try temporary.file(
      "pairs.tsv", "en\tfa\nOpen\tباز کردن\tmenu\nClose\tبستن\n\nSave\tذخیره\n")
    let summary = try importBitext(url, temporary)
    #expect(summary.added == 3 && summary.skipped == 0)
    let units = try temporary.store.units()
    #expect(units.map(\.targetLanguage) == [.persian, .persian, .persian])
    #expect(units.first?.context == "menu")
    #expect(units.first?.origin.file == "pairs.tsv")
  }

  @Test("CSV with quotes, commas and line breaks in fields")
  func csv() throws {
    let temporary = try TemporaryStore()
    let url = try temporary.file(
      "pairs.csv",
      "source,target\n\"Yes, please\",\"بله، لطفاً\"\n\"Two\nlines\",\"دو \"\"خط\"\"\"\n")
    _ = try importBitext(url, temporary, format: .csv, from: .english, to: .persian)
    let units = try temporary.store.units()
    #expect(units.map(\.source.text) == ["Yes, please", "Two\nlines"])
    #expect(units.last?.target.text == "دو \"خط\"")
  }

  @Test("--on-error fail imports nothing; skip counts the bad rows with their lines")
  func badRows() throws {
    let temporary = try TemporaryStore()
    let url = try temporary.file("bad.tsv", "One\tیک\nlonely\nThree\t\nFour\tچهار\n")
    #expect(
      throws: MemoryError.malformedInput(
        path: "bad.tsv", line: 2, column: 1, message: "one field; a row needs a source and a target"
      )
    ) {
      try importBitext(url, temporary, from: .english, to: .persian)
    }
    #expect(try temporary.store.count() == 0)
    let summary = try importBitext(url, temporary, onError: .skip, from: .english, to: .persian)
    #expect(summary.added == 2 && summary.skipped == 2)
    #expect(summary.problems.map(\.line) == [2, 3])
  }

  @Test("UTF-16 and invalid UTF-8 are errors with file, line and column; a missing file too")
  func encodings() throws {
    let temporary = try TemporaryStore()
    let utf16 = try temporary.file("u16.tsv", [0xFF, 0xFE, 0x61, 0x00, 0x09, 0x00, 0x62, 0x00])
    #expect(throws: MemoryError.self) {
      try importBitext(utf16, temporary, from: .english, to: .persian)
    }
    let invalid = try temporary.file(
      "bad.tsv", Array("ok\tok\nab".utf8) + [0xC3, 0x28] + Array("\tx\n".utf8))
    do {
      _ = try importBitext(invalid, temporary, from: .english, to: .persian)
      Issue.record("invalid UTF-8 was accepted")
    } catch {
      #expect("\(error)".hasPrefix("bad.tsv:2:3:"), "\(error)")
    }
    #expect(try temporary.store.count() == 0)
    let missing = temporary.folder.appendingPathComponent("none.tsv")
    #expect(throws: MemoryError.self) {
      try importBitext(missing, temporary, from: .english, to: .persian)
    }
  }

  @Test("an interrupted import resumes after its last batch without adding anything twice")
  func resume() throws {
    let temporary = try TemporaryStore()
    let rows = (1...9).map { "Segment \($0)\tبخش \($0)" }.joined(separator: "\n") + "\n"
    let url = try temporary.file("nine.tsv", rows)
    // A reader that fails after six entries stands in for a process killed mid-import.
    struct Interrupted: UnitSource {
      var inner: BitextReader
      var read = 0
      var warnings: [ImportProblem] { [] }
      mutating func next() throws(MemoryError) -> SourceItem? {
        read += 1
        if read > 6 { throw .storeFailed(path: "x", reason: "killed") }
        return try inner.next()
      }
    }
    #expect(throws: MemoryError.self) {
      try UnitImporter(batchSize: 4, onError: .skip).run(
        into: temporary.store, files: [url], settings: "tsv"
      ) { () throws(MemoryError) in
        Interrupted(
          inner: try BitextReader(
            url: url, path: "nine.tsv", format: .tsv, sourceLanguage: .english,
            targetLanguage: .persian))
      }
    }
    #expect(try temporary.store.count() == 4)  // The first batch only.
    let summary = try importBitext(url, temporary, onError: .skip, from: .english, to: .persian)
    #expect(summary.resumedAfter == 4)
    #expect(try temporary.store.count() == 9)
    #expect(try temporary.store.units().allSatisfy { $0.usageCount == 1 })
    // A finished file is not imported again unless asked.
    #expect(try importBitext(url, temporary, from: .english, to: .persian).alreadyImported)
    _ = try importBitext(url, temporary, from: .english, to: .persian, again: true)
    #expect(try temporary.store.units().allSatisfy { $0.usageCount == 2 })
  }

  @Test("parallel files: line N translates line N; a length mismatch is an error")
  func parallel() throws {
    let temporary = try TemporaryStore()
    let source = try temporary.file("c.en", "Hello\nWorld\n")
    let target = try temporary.file("c.ar", "مرحبا\nعالم\n")
    let summary = try UnitImporter().run(
      into: temporary.store, files: [source, target], settings: "parallel"
    ) { () throws(MemoryError) in
      try ParallelFileReader(
        source: source, sourcePath: "c.en", target: target, targetPath: "c.ar",
        sourceLanguage: .english, targetLanguage: .arabic)
    }
    #expect(summary.added == 2)
    let short = try temporary.file("short.ar", "مرحبا\n")
    #expect(throws: MemoryError.self) {
      try UnitImporter().run(into: temporary.store, files: [source, short], settings: "parallel") {
        () throws(MemoryError) in
        try ParallelFileReader(
          source: source, sourcePath: "c.en", target: short, targetPath: "short.ar",
          sourceLanguage: .english, targetLanguage: .arabic)
      }
    }
  }
}

@Suite("background checkpoints during an import")
struct BackgroundCheckpointTests {
  @Test("an import of many batches leaves a sound store and the writer's checkpoints on")
  func soundStore() throws {
    let temporary = try TemporaryStore()
    // 3,000 real-looking pairs in batches of 50: the checkpointer runs beside many commits.
    var text = "en\tfa\n"
    for number in 0..<3_000 {
      text += "Meeting \(number) of the council in Damascus\tنشست \(number) شورا در دمشق\n"
    }
    let url = try temporary.file("pairs.tsv", text)
    let summary = try UnitImporter(batchSize: 50).run(
      into: temporary.store, files: [url], settings: "tsv"
    ) { () throws(MemoryError) in
      try BitextReader(
        url: url, path: "pairs.tsv", format: .tsv, sourceLanguage: nil, targetLanguage: nil)
    }
    #expect(summary.added == 3_000)
    let (integrity, count) = try temporary.store.read { db in
      (
        try String.fetchOne(db, sql: "PRAGMA integrity_check"),
        try Int.fetchOne(db, sql: "SELECT count(*) FROM unit")
      )
    }
    #expect(integrity == "ok")
    #expect(count == 3_000)
    let writerSetting = try temporary.store.write { db in
      try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint")
    }
    #expect(writerSetting == 8192)
    // Searches see every unit.
    let found = try temporary.store.units().filter { $0.source.text.hasPrefix("Meeting 2999 ") }
    #expect(found.count == 1)
  }
}

@Suite("reading the next file ahead")
struct ReadAheadTests {
  @Test("files read ahead import as they would alone; an unused read-ahead stops")
  func readAhead() throws {
    let temporary = try TemporaryStore()
    var urls: [URL] = []
    for (index, language) in ["fa", "ar", "ps"].enumerated() {
      var text = "en\t\(language)\n"
      for number in 0..<2_500 {
        text += "Report \(number) from Aleppo, file \(index)\tگزارش \(number) از حلب \(language)\n"
      }
      urls.append(try temporary.file("pairs-\(language).tsv", text))
    }
    let importer = UnitImporter(batchSize: 700)
    func source(_ url: URL) -> () throws(MemoryError) -> BitextReader {
      { () throws(MemoryError) in
        try BitextReader(
          url: url, path: url.lastPathComponent, format: .tsv, sourceLanguage: nil,
          targetLanguage: nil)
      }
    }
    var next = importer.readAhead(files: [urls[0]], makeSource: source(urls[0]))
    var added = 0
    for (position, url) in urls.enumerated() {
      let current = next
      next =
        position + 1 < urls.count
        ? importer.readAhead(files: [urls[position + 1]], makeSource: source(urls[position + 1]))
        : nil
      added += try importer.run(
        into: temporary.store, files: [url], settings: "tsv", readAhead: current,
        makeSource: source(url)
      ).added
    }
    #expect(added == 7_500)
    #expect(try temporary.store.count() == 7_500)
    // Imported already: a read-ahead of it is stopped by the import, which does nothing.
    let again = importer.readAhead(files: [urls[1]], makeSource: source(urls[1]))
    let summary = try importer.run(
      into: temporary.store, files: [urls[1]], settings: "tsv", readAhead: again,
      makeSource: source(urls[1]))
    #expect(summary.alreadyImported)
    // A read-ahead nobody imports is cancelled and its thread ends.
    importer.readAhead(files: [urls[2]], makeSource: source(urls[2]))?.cancel()
  }
}
