import GRDB
import GRDBSQLite

/// Which key of the units a part of the trigram index covers.
enum GramSide: Int64, CaseIterable, Sendable {
  case source = 0
  case target = 1
}

/// The store's trigram index over the source and target keys, in two tables of its own.
///
/// **Segments.** Each write transaction that adds units (an import batch, a call of
/// ``MemoryStore/add(_:)``) writes one segment per side: for each trigram of the new keys,
/// the ids of the units that contain it. A segment covers a range of unit ids, and later
/// segments cover later ranges: new units always get ids above every id indexed before
/// (``UnitWriter`` assigns them), so a trigram's posting list is its lists in the segments,
/// one after the other, already in id order.
///
/// - `unitGramSegment`: one row per segment: its side, its merge level, the range of unit
///   ids it covers, and its vocabulary (every trigram with the number of units that contain
///   it: delta-coded varints), which searches read to pick the rarest trigrams of a query.
/// - `unitGramBlock` (`WITHOUT ROWID`, keyed by segment and first trigram): the posting
///   lists of consecutive trigrams of a segment, about ``blockBytes`` to a row. A block is a
///   varint count of entries, the entries (trigram delta, unit count, byte length), then
///   the lists: each id less the segment's first unit id, the first in full, then the gaps.
///   Lists relative to the segment's start do not depend on the ids the units get, so the
///   import's reader thread encodes a batch's segments before the batch is written (see
///   ``EncodedSegment``).
///
/// Rows of a new segment go to the end of the block table's B-tree, so a batch writes new
/// pages only, unlike an index keyed by trigram first, whose every batch would touch pages
/// all over it.
///
/// **Merges.** When the newest segments of a side have the same level, four of level 0 or
/// eight of a higher level, they are merged into one segment of the next level, in a
/// transaction of its own (see ``merge(_:)``): a store has at most three segments of level
/// 0 and seven of each other level, and a lookup reads one block per segment that has the
/// trigram. Eight above level 0 rather than four: merging took a quarter of a bulk
/// import's writer, which rewrote each list about twice at 1,000,000 units; small stores
/// keep as few segments as before.
///
/// **Deletes** leave the deleted units' ids in the lists: readers check every candidate
/// against the `unit` table, and ids are never given again.
enum GramIndex {
  /// The size a block is closed at (a single list may be larger).
  static let blockBytes = 2_048
  /// Segments of one level merged into one of the next: four of level 0 (small, cheap to
  /// merge, and the most a small store has), eight of a higher level.
  static func mergeFactor(level: Int) -> Int { level == 0 ? 4 : 8 }

  /// The highest unit id the index has covered: new units get ids above it.
  static func highestIndexedUnit(_ db: Database) throws -> Int64 {
    try Int64.fetchOne(db, sql: "SELECT max(lastUnit) FROM unitGramSegment") ?? 0
  }

  /// Writes a segment per side for units just stored in this transaction.
  ///
  /// - Parameters:
  ///   - source, target: the trigrams of the batch's keys, by ordinal in the batch.
  ///   - ids: the unit id of each ordinal, or 0 for a unit merged into a stored one
  ///     (already indexed).
  ///   - encoded: the batch's segments encoded beforehand by ordinal, and the id of
  ///     ordinal 0 (the `n`th unit has that id plus `n`). Used unless many units were
  ///     merged: their ordinals' ids, unused, then stay in the lists like deleted units'.
  static func writeSegments(
    _ db: Database, source: BatchGrams, target: BatchGrams, ids: [Int64],
    encoded: (source: EncodedSegment, target: EncodedSegment, firstID: Int64)? = nil
  ) throws {
    var first = Int64.max
    var last: Int64 = 0
    var units = 0
    for id in ids where id > 0 {
      first = min(first, id)
      last = max(last, id)
      units += 1
    }
    guard units > 0 else { return }
    if let encoded, (ids.count - units) * 8 <= ids.count {
      let lastID = encoded.firstID + Int64(ids.count) - 1
      for segment in [encoded.source, encoded.target] {
        try write(
          segment, level: 0, firstUnit: encoded.firstID, lastUnit: lastID, units: units, db)
      }
      return
    }
    // Some units were merged: their ordinals are left out, and the others' ids move up.
    for (side, grams) in [(GramSide.source, source), (.target, target)] {
      var segment = EncodedSegment(side: side)
      var list: [Int64] = []
      for index in grams.codes.indices {
        list.removeAll(keepingCapacity: true)
        for position in Int(grams.starts[index])..<Int(grams.starts[index + 1]) {
          let id = ids[Int(grams.ordinals[position])]
          if id > 0 { list.append(id - first) }
        }
        if !list.isEmpty { segment.add(grams.codes[index], list) }
      }
      segment.finish()
      try write(segment, level: 0, firstUnit: first, lastUnit: last, units: units, db)
    }
  }

  /// Writes an encoded segment's blocks and row.
  private static func write(
    _ segment: EncodedSegment, level: Int, firstUnit: Int64, lastUnit: Int64, units: Int,
    _ db: Database
  ) throws {
    let writer = try SegmentWriter(db, side: segment.side)
    try writer.insert(segment.blocks)
    try writer.finish(
      vocabulary: segment.vocabulary, level: level, firstUnit: firstUnit, lastUnit: lastUnit,
      units: units)
  }

  /// Merges segments while the newest ``mergeFactor(level:)`` segments of a side have one
  /// level.
  /// Run in a write transaction of its own after a batch: a merge rewrites its segments'
  /// lists, and a crash before it commits leaves them as they were.
  static func merge(_ db: Database) throws {
    for side in GramSide.allCases {
      while true {
        let segments = try SegmentInfo.all(db, side: side)
        guard let last = segments.last else { break }
        let factor = mergeFactor(level: last.level)
        guard segments.count >= factor else { break }
        let tail = Array(segments.suffix(factor))
        guard tail.allSatisfy({ $0.level == last.level }) else { break }
        try merge(tail, side: side, db)
      }
    }
  }

  /// Merges all segments of each side into one (after a rebuild, or to compact a store).
  static func mergeAll(_ db: Database) throws {
    for side in GramSide.allCases {
      let segments = try SegmentInfo.all(db, side: side)
      if segments.count > 1 { try merge(segments, side: side, db) }
    }
  }

  /// Replaces `segments` (consecutive, in id order) by one segment with all their lists.
  private static func merge(_ segments: [SegmentInfo], side: GramSide, _ db: Database) throws {
    var cursors = try segments.map { try BlockCursor(db, segment: $0) }
    let writer = try SegmentWriter(db, side: side)
    var encoded = EncodedSegment(side: side)
    let base = segments[0].firstUnit
    var matching: [Int] = []
    for index in cursors.indices { try cursors[index].advance() }
    while true {
      var smallest = UInt64.max
      for cursor in cursors where !cursor.done { smallest = min(smallest, cursor.gram) }
      if smallest == UInt64.max { break }
      matching.removeAll(keepingCapacity: true)
      var count = 0
      for index in cursors.indices where !cursors[index].done && cursors[index].gram == smallest {
        matching.append(index)
        count += cursors[index].count
      }
      // Segments are in id order: their lists for one trigram follow each other, and only
      // the first gap of each changes.
      encoded.add(smallest, count: count) { data in
        var last: Int64 = 0
        for index in matching {
          cursors[index].splicePostings(into: &data, after: &last, base: base)
        }
      }
      for index in matching { try cursors[index].advance() }
      // Blocks go to the store as they are made: a merge of large segments never holds
      // them all in memory.
      if !encoded.blocks.isEmpty {
        try writer.insert(encoded.blocks)
        encoded.blocks.removeAll(keepingCapacity: true)
      }
    }
    encoded.finish()
    try writer.insert(encoded.blocks)
    try writer.finish(
      vocabulary: encoded.vocabulary, level: (segments.map(\.level).max() ?? 0) + 1,
      firstUnit: base, lastUnit: segments[segments.count - 1].lastUnit,
      units: segments.reduce(0) { $0 + $1.units })
    let ids = segments.map { String($0.id) }.joined(separator: ",")
    try db.execute(sql: "DELETE FROM unitGramBlock WHERE segment IN (\(ids))")
    try db.execute(sql: "DELETE FROM unitGramSegment WHERE id IN (\(ids))")
  }

  /// Indexes every stored unit again, in id order, in segments of `batchSize` units, and
  /// merges them into one segment per side (the migration from the FTS5 indexes).
  static func rebuild(_ db: Database, batchSize: Int = 20_000) throws {
    try db.execute(sql: "DELETE FROM unitGramBlock")
    try db.execute(sql: "DELETE FROM unitGramSegment")
    let rows = try Row.fetchCursor(db, sql: "SELECT id, sourceKey, targetKey FROM unit ORDER BY id")
    var ids: [Int64] = []
    var source = GramCollector()
    var target = GramCollector()
    func flush() throws {
      guard !ids.isEmpty else { return }
      try writeSegments(db, source: source.finish(), target: target.finish(), ids: ids)
      ids.removeAll(keepingCapacity: true)
      source = GramCollector()
      target = GramCollector()
    }
    while let row = try rows.next() {
      let ordinal = Int32(ids.count)
      ids.append(row[0])
      source.add(row[1], ordinal: ordinal)
      target.add(row[2], ordinal: ordinal)
      if ids.count >= batchSize { try flush() }
    }
    try flush()
    try mergeAll(db)
  }

  /// Checks the index against the `unit` table: every unit is in the list of each distinct
  /// trigram of its keys, and in no other (lists may also hold ids of deleted units).
  /// Returns the problems found.
  static func check(_ db: Database) throws -> [String] {
    var problems: [String] = []
    for side in GramSide.allCases {
      // How many lists each id is in, and a sum of their trigram codes.
      var indexed: [Int64: (count: Int, sum: UInt64)] = [:]
      for segment in try SegmentInfo.all(db, side: side) {
        var cursor = try BlockCursor(db, segment: segment)
        var list: [Int64] = []
        try cursor.advance()
        var previous = (gram: UInt64(0), id: Int64(0), started: false)
        while !cursor.done {
          if previous.started && cursor.gram <= previous.gram {
            problems.append("segment \(segment.id): trigrams out of order")
          }
          list.removeAll(keepingCapacity: true)
          cursor.appendPostings(to: &list, relativeTo: 0)
          var last: Int64 = 0
          for id in list {
            if id <= last || id < segment.firstUnit || id > segment.lastUnit {
              problems.append("segment \(segment.id): unit \(id) out of order or range")
              break
            }
            last = id
            indexed[id, default: (0, 0)].count += 1
            indexed[id, default: (0, 0)].sum &+= cursor.gram
          }
          previous = (cursor.gram, 0, true)
          try cursor.advance()
        }
      }
      let column = side == .source ? "sourceKey" : "targetKey"
      let rows = try Row.fetchCursor(db, sql: "SELECT id, \(column) FROM unit")
      var wrong = 0
      while let row = try rows.next() {
        let key: String = row[1]
        let codes = Trigrams.codes(key)
        let expected = (codes.count, codes.reduce(UInt64(0), &+))
        let found = indexed[row[0]] ?? (0, 0)
        if found.count != expected.0 || found.sum != expected.1 { wrong += 1 }
      }
      if wrong > 0 {
        problems.append("trigram index of \(column): \(wrong) units not indexed as their keys")
      }
    }
    return problems
  }
}

/// A segment's row, without its vocabulary.
struct SegmentInfo {
  var id: Int64
  var level: Int
  var firstUnit: Int64
  var lastUnit: Int64
  var units: Int

  /// The segments of a side, in id order.
  static func all(_ db: Database, side: GramSide) throws -> [SegmentInfo] {
    try Row.fetchAll(
      db.cachedStatement(
        sql: """
          SELECT id, level, firstUnit, lastUnit, units FROM unitGramSegment WHERE side = ?
          ORDER BY firstUnit
          """),
      arguments: [side.rawValue]
    ).map { SegmentInfo(id: $0[0], level: $0[1], firstUnit: $0[2], lastUnit: $0[3], units: $0[4]) }
  }
}

/// A segment encoded in memory: its blocks and vocabulary, made from the lists of its
/// trigrams in code order, with ids relative to the segment's first unit.
struct EncodedSegment: Sendable {
  let side: GramSide
  /// Finished blocks: first trigram and bytes.
  var blocks: [(firstGram: UInt64, bytes: [UInt8])] = []
  private(set) var vocabulary: [UInt8] = []
  private var header: [UInt8] = []
  private var data: [UInt8] = []
  private var entries = 0
  private var firstGram: UInt64 = 0
  private var previousGram: UInt64 = 0
  private var previousVocabularyGram: UInt64 = 0

  init(side: GramSide) {
    self.side = side
  }

  /// The segment of a batch of keys whose units get ids that follow each other: a key's
  /// ordinal is its unit's id less the first unit's.
  init(side: GramSide, grams: BatchGrams) {
    self.side = side
    grams.ordinals.withUnsafeBufferPointer { ordinals in
      for index in grams.codes.indices {
        let start = Int(grams.starts[index])
        let end = Int(grams.starts[index + 1])
        guard end > start else { continue }
        add(grams.codes[index], count: end - start) { data in
          var previous: Int32 = 0
          for position in start..<end {
            Varint.append(UInt64(ordinals[position] - previous), to: &data)
            previous = ordinals[position]
          }
        }
      }
    }
    finish()
  }

  /// Adds the list of the next trigram (codes ascending; relative ids ascending, not
  /// empty).
  mutating func add(_ gram: UInt64, _ ids: [Int64]) {
    add(gram, count: ids.count) { data in
      var previous: Int64 = 0
      for id in ids {
        Varint.append(UInt64(id - previous), to: &data)
        previous = id
      }
    }
  }

  /// Adds a trigram whose list (of `count` ids) `encode` appends to the block's data.
  mutating func add(_ gram: UInt64, count: Int, encode: (inout [UInt8]) -> Void) {
    if entries > 0 && data.count + header.count >= GramIndex.blockBytes { closeBlock() }
    if entries == 0 {
      firstGram = gram
      previousGram = gram
    }
    let start = data.count
    encode(&data)
    Varint.append(gram - previousGram, to: &header)
    Varint.append(UInt64(count), to: &header)
    Varint.append(UInt64(data.count - start), to: &header)
    previousGram = gram
    entries += 1
    Varint.append(gram - previousVocabularyGram, to: &vocabulary)
    Varint.append(UInt64(count), to: &vocabulary)
    previousVocabularyGram = gram
  }

  private mutating func closeBlock() {
    guard entries > 0 else { return }
    var block: [UInt8] = []
    block.reserveCapacity(header.count + data.count + 4)
    Varint.append(UInt64(entries), to: &block)
    block += header
    block += data
    blocks.append((firstGram, block))
    header.removeAll(keepingCapacity: true)
    data.removeAll(keepingCapacity: true)
    entries = 0
  }

  /// Closes the last block.
  mutating func finish() {
    closeBlock()
  }
}

/// Writes a new segment's blocks, then its row.
struct SegmentWriter {
  let side: GramSide
  let segment: Int64
  private let insertBlock: Statement
  private let insertSegment: Statement

  init(_ db: Database, side: GramSide) throws {
    self.side = side
    segment = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM unitGramSegment") ?? 0) + 1
    insertBlock = try db.cachedStatement(
      sql: "INSERT INTO unitGramBlock (segment, firstGram, postings) VALUES (?, ?, ?)")
    insertSegment = try db.cachedStatement(
      sql: """
        INSERT INTO unitGramSegment (id, side, level, firstUnit, lastUnit, units, vocabulary)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """)
  }

  /// Inserts blocks (in trigram order, after those inserted before).
  func insert(_ blocks: [(firstGram: UInt64, bytes: [UInt8])]) throws {
    let handle = insertBlock.sqliteStatement
    for block in blocks {
      try SQLiteCalls.bind(handle, 1, segment)
      try SQLiteCalls.bind(handle, 2, Int64(bitPattern: block.firstGram))
      try SQLiteCalls.bind(handle, 3, blob: block.bytes)
      try SQLiteCalls.stepDone(handle)
    }
  }

  /// Writes the segment's row.
  func finish(vocabulary: [UInt8], level: Int, firstUnit: Int64, lastUnit: Int64, units: Int)
    throws
  {
    let handle = insertSegment.sqliteStatement
    try SQLiteCalls.bind(handle, 1, segment)
    try SQLiteCalls.bind(handle, 2, side.rawValue)
    try SQLiteCalls.bind(handle, 3, Int64(level))
    try SQLiteCalls.bind(handle, 4, firstUnit)
    try SQLiteCalls.bind(handle, 5, lastUnit)
    try SQLiteCalls.bind(handle, 6, Int64(units))
    try SQLiteCalls.bind(handle, 7, blob: vocabulary)
    try SQLiteCalls.stepDone(handle)
  }
}

/// Reads a segment's lists in trigram order, block after block.
struct BlockCursor {
  private let statement: Statement
  private var block: [UInt8] = []
  private var headerOffset = 0
  private var dataOffset = 0
  private var entriesLeft = 0
  /// Past the last list.
  private(set) var done = false
  /// The current trigram.
  private(set) var gram: UInt64 = 0
  /// The number of ids in its list.
  private(set) var count = 0
  private var postingsStart = 0
  private var postingsEnd = 0

  /// The segment's first unit id, which its lists are relative to.
  let firstUnit: Int64

  init(_ db: Database, segment: SegmentInfo) throws {
    // Not cached: several cursors step at once during a merge.
    statement = try db.makeStatement(
      sql: "SELECT firstGram, postings FROM unitGramBlock WHERE segment = ? ORDER BY firstGram")
    try SQLiteCalls.bind(statement.sqliteStatement, 1, segment.id)
    firstUnit = segment.firstUnit
  }

  /// Moves to the next trigram; sets ``done`` after the last.
  mutating func advance() throws {
    if entriesLeft == 0 {
      let handle = statement.sqliteStatement
      let code = sqlite3_step(handle)
      if code == SQLITE_DONE {
        done = true
        return
      }
      guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
      gram = UInt64(bitPattern: sqlite3_column_int64(handle, 0))
      let count = Int(sqlite3_column_bytes(handle, 1))
      if let pointer = sqlite3_column_blob(handle, 1) {
        block = Array(UnsafeRawBufferPointer(start: pointer, count: count))
      } else {
        block = []
      }
      var offset = 0
      block.withUnsafeBytes { bytes in
        entriesLeft = Int(Varint.read(bytes, &offset))
        // The lists start after the entries.
        var skip = offset
        for _ in 0..<entriesLeft {
          _ = Varint.read(bytes, &skip)
          _ = Varint.read(bytes, &skip)
          _ = Varint.read(bytes, &skip)
        }
        dataOffset = skip
      }
      headerOffset = offset
      guard entriesLeft > 0 else { return try advance() }
      // The first entry's delta is from the block's first trigram.
    }
    block.withUnsafeBytes { bytes in
      gram += Varint.read(bytes, &headerOffset)
      count = Int(Varint.read(bytes, &headerOffset))
      let length = Int(Varint.read(bytes, &headerOffset))
      postingsStart = dataOffset
      postingsEnd = dataOffset + length
      dataOffset = postingsEnd
    }
    entriesLeft -= 1
  }

  /// Appends the current trigram's list to the encoded list of a merged segment whose ids
  /// are relative to `base`, after a list that ended with `last` (0 before the first): the
  /// first gap is encoded again, the others are copied.
  func splicePostings(into data: inout [UInt8], after last: inout Int64, base: Int64) {
    block.withUnsafeBytes { bytes in
      let list = UnsafeRawBufferPointer(rebasing: bytes[postingsStart..<postingsEnd])
      var offset = 0
      let first = firstUnit - base + Int64(Varint.read(list, &offset))
      Varint.append(UInt64(first - last), to: &data)
      data.append(contentsOf: list[offset...])
      last = first + Int64(Varint.sum(list, from: offset))
    }
  }

  /// Appends the ids of the current trigram's list, less `base`.
  func appendPostings(to list: inout [Int64], relativeTo base: Int64) {
    block.withUnsafeBytes { bytes in
      GramPostings.decode(
        UnsafeRawBufferPointer(rebasing: bytes[postingsStart..<postingsEnd]),
        start: firstUnit - base, into: &list)
    }
  }
}

/// Reads posting lists of one side of the index.
struct GramPostings {
  /// A segment: its id and its first unit id, which its lists are relative to.
  struct Segment {
    var id: Int64
    var firstUnit: Int64
  }

  /// The side's segments, in id order.
  let segments: [Segment]
  private let lookup: Statement

  init(_ db: Database, side: GramSide) throws {
    segments = try Row.fetchAll(
      db.cachedStatement(
        sql: "SELECT id, firstUnit FROM unitGramSegment WHERE side = ? ORDER BY firstUnit"),
      arguments: [side.rawValue]
    ).map { Segment(id: $0[0], firstUnit: $0[1]) }
    lookup = try db.cachedStatement(
      sql: """
        SELECT firstGram, postings FROM unitGramBlock WHERE segment = ? AND firstGram <= ?
        ORDER BY firstGram DESC LIMIT 1
        """)
  }

  /// The ids of the units whose key contains `gram`, ascending.
  func ids(_ gram: UInt64) throws -> [Int64] {
    var list: [Int64] = []
    for segment in segments { try append(gram, in: segment, to: &list) }
    return list
  }

  /// Appends the list of `gram` in one segment (nothing when the segment lacks it).
  func append(_ gram: UInt64, in segment: Segment, to list: inout [Int64]) throws {
    let handle = lookup.sqliteStatement
    sqlite3_reset(handle)
    defer { sqlite3_reset(handle) }
    try SQLiteCalls.bind(handle, 1, segment.id)
    try SQLiteCalls.bind(handle, 2, Int64(bitPattern: gram))
    let code = sqlite3_step(handle)
    if code == SQLITE_DONE { return }
    guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
    guard let pointer = sqlite3_column_blob(handle, 1) else { return }
    let bytes = UnsafeRawBufferPointer(
      start: pointer, count: Int(sqlite3_column_bytes(handle, 1)))
    // The block's first trigram is at most `gram`: walk its entries.
    var current = UInt64(bitPattern: sqlite3_column_int64(handle, 0))
    var offset = 0
    let entries = Int(Varint.read(bytes, &offset))
    var dataOffset = offset
    for _ in 0..<entries {
      _ = Varint.read(bytes, &dataOffset)
      _ = Varint.read(bytes, &dataOffset)
      _ = Varint.read(bytes, &dataOffset)
    }
    for _ in 0..<entries {
      current += Varint.read(bytes, &offset)
      _ = Varint.read(bytes, &offset)
      let length = Int(Varint.read(bytes, &offset))
      if current == gram {
        guard dataOffset + length <= bytes.count else { return }
        Self.decode(
          UnsafeRawBufferPointer(rebasing: bytes[dataOffset..<dataOffset + length]),
          start: segment.firstUnit, into: &list)
        return
      }
      if current > gram { return }
      dataOffset += length
    }
  }

  /// Decodes a list (the first id, then the gaps, all less `start`) and appends its ids.
  @inline(__always)
  static func decode(_ bytes: UnsafeRawBufferPointer, start: Int64, into list: inout [Int64]) {
    var offset = 0
    var id = start
    while offset < bytes.count {
      id += Int64(Varint.read(bytes, &offset))
      list.append(id)
    }
  }
}

/// A segment's vocabulary: its trigrams, ascending, with the number of units that
/// contain each.
struct SegmentVocabulary: Sendable {
  let codes: [UInt64]
  let counts: [Int32]

  init(_ db: Database, segment: Int64) throws {
    var codes: [UInt64] = []
    var counts: [Int32] = []
    let statement = try db.cachedStatement(
      sql: "SELECT vocabulary FROM unitGramSegment WHERE id = ?")
    let handle = statement.sqliteStatement
    sqlite3_reset(handle)
    defer { sqlite3_reset(handle) }
    try SQLiteCalls.bind(handle, 1, segment)
    if sqlite3_step(handle) == SQLITE_ROW, let pointer = sqlite3_column_blob(handle, 0) {
      let bytes = UnsafeRawBufferPointer(
        start: pointer, count: Int(sqlite3_column_bytes(handle, 0)))
      var offset = 0
      var gram: UInt64 = 0
      while offset < bytes.count {
        gram += Varint.read(bytes, &offset)
        codes.append(gram)
        counts.append(Int32(truncatingIfNeeded: Varint.read(bytes, &offset)))
      }
    }
    self.codes = codes
    self.counts = counts
  }

  /// The number of units of the segment whose key contains `gram`.
  func count(of gram: UInt64) -> Int {
    var low = 0
    var high = codes.count
    while low < high {
      let middle = (low + high) / 2
      if codes[middle] < gram { low = middle + 1 } else { high = middle }
    }
    return low < codes.count && codes[low] == gram ? Int(counts[low]) : 0
  }
}
