import Foundation
import GRDB
import TarjumanGlossary
import Testing

@testable import TarjumanMemory

@Suite("the trigram index")
struct GramIndexTests {
  /// Segments per side, and whether every side's are in id order without overlaps.
  static func segments(_ store: MemoryStore) throws -> [GramSide: [SegmentInfo]] {
    try store.pool.read { db in
      var result: [GramSide: [SegmentInfo]] = [:]
      for side in GramSide.allCases { result[side] = try SegmentInfo.all(db, side: side) }
      return result
    }
  }

  @Test(
    "the sum of a list of gaps, byte by byte, equals the integers read one at a time",
    arguments: [0, 1, 7, 8, 9, 63, 500])
  func varintSum(count: Int) {
    // Gaps of every width, mostly one-byte ones (as in a frequent trigram's list), from
    // each start offset.
    var generator = SystemRandomNumberGenerator()
    var bytes: [UInt8] = []
    for _ in 0..<count {
      let width = UInt64.random(in: 0..<10, using: &generator)
      let gap =
        width < 7
        ? UInt64.random(in: 0..<128, using: &generator)
        : UInt64.random(in: 0..<(1 << (7 * (width - 5))), using: &generator)
      Varint.append(gap, to: &bytes)
    }
    bytes.withUnsafeBytes { buffer in
      for start in 0..<min(buffer.count, 12) where start == 0 || buffer[start - 1] < 0x80 {
        var offset = start
        var expected: UInt64 = 0
        while offset < buffer.count { expected &+= Varint.read(buffer, &offset) }
        #expect(Varint.sum(buffer, from: start) == expected, "from \(start) of \(bytes)")
      }
    }
  }

  @Test("a unit's identity is the one stores already hold (two FNV-style hashes)")
  func identityIsStable() {
    // Stores written by earlier versions merge new units by this value: it must not move.
    let identity = UnitKeys.identity(unit("Open the file", "پرونده را باز کن"))
    let hex = identity.map {
      String($0, radix: 16).count == 1 ? "0\(String($0, radix: 16))" : String($0, radix: 16)
    }
    .joined()
    #expect(hex == "fd4258a3a94026cec67971bd5ff99259")
  }

  @Test("the collector groups every trigram of its keys, as the keys' code points give them")
  func collectorGroupsTrigrams() {
    let keys = [
      "open the file", "پرونده را باز کن", "الجولاني في دمشق", "a", "ab", "",
      "emoji 😀 in a key 😀😀", "تکرار تکرار تکرار", "open the file",
    ]
    // More keys than the first table holds, so that it grows between keys.
    let many = keys + (0..<3_000).map { "segment \($0) جمله \($0 * 7)" }
    let collector = GramCollector()
    for (ordinal, key) in many.enumerated() { collector.add(key, ordinal: Int32(ordinal)) }
    let grams = collector.finish()
    var expected: [UInt64: [Int32]] = [:]
    for (ordinal, key) in many.enumerated() {
      for code in Trigrams.codes(key) { expected[code, default: []].append(Int32(ordinal)) }
    }
    #expect(grams.codes == expected.keys.sorted())
    for (position, code) in grams.codes.enumerated() {
      let ordinals = Array(
        grams.ordinals[Int(grams.starts[position])..<Int(grams.starts[position + 1])])
      #expect(ordinals == expected[code], "trigram \(String(code, radix: 16))")
    }
  }

  @Test("a batch writes a segment per side; segments of one level are merged")
  func segmentsAndMerges() throws {
    let temporary = try TemporaryStore()
    for batch in 0..<20 {
      try temporary.store.add(
        (0..<5).map { unit("Batch \(batch) sentence \($0) of the test", "جمله \(batch) و \($0)") })
    }
    let segments = try Self.segments(temporary.store)
    for side in GramSide.allCases {
      let list = try #require(segments[side])
      // 20 level-0 segments merged by fours: five of level 1 (eight would make a level 2).
      #expect(list.map(\.level) == [1, 1, 1, 1, 1])
      #expect(list.reduce(0) { $0 + $1.units } == 100)
      for (earlier, later) in zip(list, list.dropFirst()) {
        #expect(earlier.lastUnit < later.firstUnit)
        #expect(earlier.level >= later.level)
      }
    }
    #expect(try temporary.store.check() == [])
    let matches = try MemorySearcher(store: temporary.store).search(
      "Batch 17 sentence 3 of the test", from: .english, to: .persian)
    #expect(matches.first?.score.score == 100)
    #expect(matches.first?.unit.target.text == "جمله 17 و 3")
  }

  @Test("deleted units are not found; their ids are not given again")
  func deletes() throws {
    let temporary = try TemporaryStore()
    try temporary.store.add([unit("Remove the printer", "چاپگر را حذف کن")])
    try temporary.store.add([unit("Remove the scanner", "اسکنر را حذف کن")])
    let removed = try #require(try temporary.store.units().last?.id)
    #expect(try temporary.store.delete(ids: [removed]) == 1)
    try temporary.store.add([unit("Install the driver", "راه‌انداز را نصب کن")])
    let ids = try temporary.store.units().compactMap(\.id)
    #expect(!ids.contains(removed) && ids.max()! > removed)
    let searcher = MemorySearcher(store: temporary.store)
    let matches = try searcher.search(
      "Remove the scanner", from: .english, to: .persian, minimum: 50)
    #expect(!matches.contains { $0.unit.source.text == "Remove the scanner" })
    #expect(matches.first?.unit.source.text == "Remove the printer")
    let installed = try searcher.search("Install the driver", from: .english, to: .persian)
    #expect(installed.first?.score.score == 100)
    let concordance = try Concordance(store: temporary.store)
    #expect(try concordance.find("scanner").isEmpty)
    #expect(try concordance.find("اسکنر").isEmpty)
    #expect(try concordance.find("چاپگر").count == 1)
    #expect(try temporary.store.check() == [])
  }

  @Test("a store made by migrations 1 and 2 is upgraded: its units indexed, FTS5 dropped")
  func upgradesOldStore() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("tarjuman-upgrade-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("memory.sqlite").path
    let old = try DatabaseQueue(path: path)
    try MemoryStore.migrator.migrate(old, upTo: "2 import runs")
    try old.write { db in
      for (index, (source, target)) in [
        ("Open the file", "پرونده را باز کن"), ("Save the document", "سند را ذخیره کن"),
        ("UN", "سازمان ملل"),
      ].enumerated() {
        try db.execute(
          sql: """
            INSERT INTO unit (identity, sourceLanguage, targetLanguage, source, target,
              sourceKey, targetKey) VALUES (?, 'en', 'fa', ?, ?, ?, ?)
            """,
          arguments: [
            Data([UInt8(index)]), source, target, UnitKeys.key(source), UnitKeys.key(target),
          ])
        try db.execute(
          sql: "INSERT INTO unitSourceIndex(rowid, sourceKey) VALUES (?, ?)",
          arguments: [db.lastInsertedRowID, UnitKeys.key(source)])
      }
    }
    try old.close()
    let store = try MemoryStore(path: path)
    let tables = try store.pool.read { db in
      try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'unit%Index'")
    }
    #expect(tables.isEmpty)
    #expect(try store.check() == [])
    let searcher = MemorySearcher(store: store)
    #expect(
      try searcher.search("Save the document", from: .english, to: .persian).first?.score.score
        == 100)
    #expect(
      try searcher.search("UN", from: .english, to: .persian).first?.unit.target.text
        == "سازمان ملل")
    #expect(
      try Concordance(store: store).find("ذخیره").map(\.unit.source.text) == ["Save the document"])
    // New units come after the old ones.
    try store.add([unit("Close the file", "پرونده را ببند")])
    #expect(try store.check() == [])
    #expect(
      try searcher.search("Close the file", from: .english, to: .persian).first?.score.score == 100)
  }

  @Test("--on-error fail undoes the batches it had written, merges included")
  func failUndoes() throws {
    let temporary = try TemporaryStore()
    try temporary.store.add([unit("Keep this one", "این را نگه دار")])
    let before = try temporary.store.units()
    var rows = (1...7).map { "Row number \($0)\tسطر \($0)" }
    rows.insert("Keep this one\tاین را نگه دار", at: 2)
    rows.append("lonely")
    let url = try temporary.file("bad.tsv", rows.joined(separator: "\n") + "\n")
    func run(_ policy: ImportErrorPolicy) throws -> ImportSummary {
      try UnitImporter(batchSize: 2, onError: policy).run(
        into: temporary.store, files: [url], settings: "tsv"
      ) { () throws(MemoryError) in
        try BitextReader(
          url: url, path: "bad.tsv", format: .tsv, sourceLanguage: .english,
          targetLanguage: .persian)
      }
    }
    #expect(throws: MemoryError.self) { try run(.fail) }
    #expect(try temporary.store.units() == before)
    let leftovers = try temporary.store.pool.read { db in
      try Int.fetchOne(
        db,
        sql: """
          SELECT (SELECT count(*) FROM importRun) + (SELECT count(*) FROM importAddedUnits)
            + (SELECT count(*) FROM importMergedUnit)
          """)
    }
    #expect(leftovers == 0)
    #expect(try temporary.store.check() == [])
    let searcher = MemorySearcher(store: temporary.store)
    #expect(try searcher.search("Row number 3", from: .english, to: .persian).isEmpty)
    // Skipping keeps the good rows; the merged unit counts twice.
    let summary = try run(.skip)
    #expect(summary.added == 7 && summary.merged == 1 && summary.skipped == 1)
    #expect(
      try temporary.store.units().first { $0.source.text == "Keep this one" }?.usageCount == 2)
    #expect(
      try searcher.search("Row number 3", from: .english, to: .persian).first?.score.score == 100)
    #expect(try temporary.store.check() == [])
  }
}
