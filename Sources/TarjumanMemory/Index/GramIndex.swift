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
///   the lists (the first id, then the gaps).
///
/// Rows of a new segment go to the end of the block table's B-tree, so a batch writes new
/// pages only, unlike an index keyed by trigram first, whose every batch would touch pages
/// all over it.
///
/// **Merges.** When the newest ``mergeFactor`` segments of a side have the same level,
/// they are merged into one segment of the next level, in a transaction of its own (see
/// ``merge(_:)``): a store has a few segments per level, about a dozen at 1,000,000 units,
/// and a lookup reads one block per segment that has the trigram.
///
/// **Deletes** leave the deleted units' ids in the lists: readers check every candidate
/// against the `unit` table, and ids are never given again.
enum GramIndex {
  /// The size a block is closed at (a single list may be larger).
  static let blockBytes = 2_048
  /// Segments of one level merged into one of the next.
  static let mergeFactor = 4

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
  static func writeSegments(
    _ db: Database, source: BatchGrams, target: BatchGrams, ids: [Int64]
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
    for (side, grams) in [(GramSide.source, source), (.target, target)] {
      var builder = try SegmentBuilder(db, side: side)
      var list: [Int64] = []
      for index in grams.codes.indices {
        list.removeAll(keepingCapacity: true)
        for position in Int(grams.starts[index])..<Int(grams.starts[index + 1]) {
          let id = ids[Int(grams.ordinals[position])]
          if id > 0 { list.append(id) }
        }
        if !list.isEmpty { try builder.add(grams.codes[index], list) }
      }
      try builder.finish(level: 0, firstUnit: first, lastUnit: last, units: units)
    }
  }

  /// Merges segments while the newest ``mergeFactor`` segments of a side have one level.
  /// Run in a write transaction of its own after a batch: a merge rewrites its segments'
  /// lists, and a crash before it commits leaves them as they were.
  static func merge(_ db: Database) throws {
    for side in GramSide.allCases {
      while true {
        let segments = try SegmentInfo.all(db, side: side)
        guard segments.count >= mergeFactor else { break }
        let tail = Array(segments.suffix(mergeFactor))
        guard tail.allSatisfy({ $0.level == tail[0].level }) else { break }
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
    var cursors = try segments.map { try BlockCursor(db, segment: $0.id) }
    var builder = try SegmentBuilder(db, side: side)
    var list: [Int64] = []
    for index in cursors.indices { try cursors[index].advance() }
    while true {
      var smallest = UInt64.max
      for cursor in cursors where !cursor.done { smallest = min(smallest, cursor.gram) }
      if smallest == UInt64.max { break }
      list.removeAll(keepingCapacity: true)
      // Segments are in id order: their lists for one trigram follow each other.
      for index in cursors.indices where !cursors[index].done && cursors[index].gram == smallest {
        cursors[index].appendPostings(to: &list)
        try cursors[index].advance()
      }
      try builder.add(smallest, list)
    }
    try builder.finish(
      level: (segments.map(\.level).max() ?? 0) + 1, firstUnit: segments[0].firstUnit,
      lastUnit: segments[segments.count - 1].lastUnit, units: segments.reduce(0) { $0 + $1.units })
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
        var cursor = try BlockCursor(db, segment: segment.id)
        var list: [Int64] = []
        try cursor.advance()
        var previous = (gram: UInt64(0), id: Int64(0), started: false)
        while !cursor.done {
          if previous.started && cursor.gram <= previous.gram {
            problems.append("segment \(segment.id): trigrams out of order")
          }
          list.removeAll(keepingCapacity: true)
          cursor.appendPostings(to: &list)
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

/// Writes one segment: blocks as trigrams come (in code order), then the segment's row.
struct SegmentBuilder {
  let side: GramSide
  let segment: Int64
  private let insertBlock: Statement
  private let insertSegment: Statement
  private var header: [UInt8] = []
  private var data: [UInt8] = []
  private var entries = 0
  private var firstGram: UInt64 = 0
  private var previousGram: UInt64 = 0
  private var vocabulary: [UInt8] = []
  private var previousVocabularyGram: UInt64 = 0

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
    data.reserveCapacity(GramIndex.blockBytes * 2)
  }

  /// Adds the list of the next trigram (codes ascending; ids ascending, not empty).
  mutating func add(_ gram: UInt64, _ ids: [Int64]) throws {
    if entries > 0 && data.count + header.count >= GramIndex.blockBytes { try flush() }
    if entries == 0 {
      firstGram = gram
      previousGram = gram
    }
    let start = data.count
    var previous: Int64 = 0
    for id in ids {
      Varint.append(UInt64(id - previous), to: &data)
      previous = id
    }
    Varint.append(gram - previousGram, to: &header)
    Varint.append(UInt64(ids.count), to: &header)
    Varint.append(UInt64(data.count - start), to: &header)
    previousGram = gram
    entries += 1
    Varint.append(gram - previousVocabularyGram, to: &vocabulary)
    Varint.append(UInt64(ids.count), to: &vocabulary)
    previousVocabularyGram = gram
  }

  private mutating func flush() throws {
    guard entries > 0 else { return }
    var block: [UInt8] = []
    block.reserveCapacity(header.count + data.count + 4)
    Varint.append(UInt64(entries), to: &block)
    block += header
    block += data
    let handle = insertBlock.sqliteStatement
    try SQLiteCalls.bind(handle, 1, segment)
    try SQLiteCalls.bind(handle, 2, Int64(bitPattern: firstGram))
    try SQLiteCalls.bind(handle, 3, blob: block)
    try SQLiteCalls.stepDone(handle)
    header.removeAll(keepingCapacity: true)
    data.removeAll(keepingCapacity: true)
    entries = 0
  }

  /// Writes the last block and the segment's row.
  mutating func finish(level: Int, firstUnit: Int64, lastUnit: Int64, units: Int) throws {
    try flush()
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
  private var postingsStart = 0
  private var postingsEnd = 0

  init(_ db: Database, segment: Int64) throws {
    // Not cached: several cursors step at once during a merge.
    statement = try db.makeStatement(
      sql: "SELECT firstGram, postings FROM unitGramBlock WHERE segment = ? ORDER BY firstGram")
    try SQLiteCalls.bind(statement.sqliteStatement, 1, segment)
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
      _ = Varint.read(bytes, &headerOffset)
      let length = Int(Varint.read(bytes, &headerOffset))
      postingsStart = dataOffset
      postingsEnd = dataOffset + length
      dataOffset = postingsEnd
    }
    entriesLeft -= 1
  }

  /// Appends the ids of the current trigram's list.
  func appendPostings(to list: inout [Int64]) {
    block.withUnsafeBytes { bytes in
      GramPostings.decode(
        UnsafeRawBufferPointer(rebasing: bytes[postingsStart..<postingsEnd]), into: &list)
    }
  }
}

/// Reads posting lists of one side of the index.
struct GramPostings {
  /// The side's segments, in id order.
  let segments: [Int64]
  private let lookup: Statement

  init(_ db: Database, side: GramSide) throws {
    segments = try Int64.fetchAll(
      db.cachedStatement(
        sql: "SELECT id FROM unitGramSegment WHERE side = ? ORDER BY firstUnit"),
      arguments: [side.rawValue])
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
  func append(_ gram: UInt64, in segment: Int64, to list: inout [Int64]) throws {
    let handle = lookup.sqliteStatement
    sqlite3_reset(handle)
    defer { sqlite3_reset(handle) }
    try SQLiteCalls.bind(handle, 1, segment)
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
          UnsafeRawBufferPointer(rebasing: bytes[dataOffset..<dataOffset + length]), into: &list)
        return
      }
      if current > gram { return }
      dataOffset += length
    }
  }

  /// Decodes a list (the first id, then the gaps) and appends its ids.
  @inline(__always)
  static func decode(_ bytes: UnsafeRawBufferPointer, into list: inout [Int64]) {
    var offset = 0
    var id: Int64 = 0
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
