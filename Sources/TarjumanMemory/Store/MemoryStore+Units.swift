import Foundation
import GRDB
import TarjumanGlossary

/// Which units an export, a count or a deletion applies to. Every condition that is set
/// must hold.
public struct UnitFilter: Sendable, Hashable {
  /// Source language range (RFC 4647 basic filtering: `fa` takes in `fa-IR`).
  public var sourceLanguage: LanguageTag?
  /// Target language range.
  public var targetLanguage: LanguageTag?
  /// The file the units were imported from, exactly as recorded.
  public var originFile: String?
  /// The tool that created the units, exactly as recorded.
  public var originTool: String?
  /// Units changed (or, without a change date, created) at or after this date.
  public var since: Date?
  /// Units changed (or created) before this date.
  public var before: Date?

  /// Creates a filter; with no conditions it takes in every unit.
  public init(
    sourceLanguage: LanguageTag? = nil, targetLanguage: LanguageTag? = nil,
    originFile: String? = nil, originTool: String? = nil, since: Date? = nil,
    before: Date? = nil
  ) {
    self.sourceLanguage = sourceLanguage
    self.targetLanguage = targetLanguage
    self.originFile = originFile
    self.originTool = originTool
    self.since = since
    self.before = before
  }

  /// The SQL condition and its arguments.
  var sql: (String, StatementArguments) {
    var conditions: [String] = []
    var arguments = StatementArguments()
    for (column, tag) in [("sourceLanguage", sourceLanguage), ("targetLanguage", targetLanguage)] {
      guard let tag, tag != .any else { continue }
      conditions.append("(lower(\(column)) = ? OR lower(\(column)) LIKE ? ESCAPE '\\')")
      let lower = tag.rawValue.lowercased()
      _ = arguments.append(contentsOf: [lower, lower + "-%"])
    }
    if let originFile {
      conditions.append("originFile = ?")
      _ = arguments.append(contentsOf: [originFile])
    }
    if let originTool {
      conditions.append("originTool = ?")
      _ = arguments.append(contentsOf: [originTool])
    }
    if let since {
      conditions.append("coalesce(changedAt, createdAt) >= ?")
      _ = arguments.append(contentsOf: [UnitWriter.seconds(since)])
    }
    if let before {
      conditions.append("coalesce(changedAt, createdAt) < ?")
      _ = arguments.append(contentsOf: [UnitWriter.seconds(before)])
    }
    return (conditions.isEmpty ? "1" : conditions.joined(separator: " AND "), arguments)
  }
}

/// Counts for `tarjuman tm stats`.
public struct MemoryStatistics: Sendable, Hashable, Codable {
  /// One language pair and its number of units.
  public struct Pair: Sendable, Hashable, Codable {
    public var sourceLanguage: String
    public var targetLanguage: String
    public var units: Int
  }
  /// One origin file and its number of units.
  public struct Origin: Sendable, Hashable, Codable {
    public var file: String
    public var units: Int
  }
  /// All units.
  public var units: Int
  /// The sum of the usage counts.
  public var uses: Int
  /// Units per language pair, largest first.
  public var pairs: [Pair]
  /// Units per origin file, largest first.
  public var origins: [Origin]
  /// Imports that were interrupted and can be resumed by importing the file again.
  public var unfinishedImports: Int
  /// The size of the store on disk, in bytes (the database and its WAL).
  public var bytes: Int
}

extension MemoryStore {
  /// Adds units in one transaction, merging identical ones.
  ///
  /// - Returns: how many were added and how many merged into stored units.
  /// - Throws: ``MemoryError`` when the store cannot be written.
  @discardableResult
  public func add(_ units: [TranslationUnit]) throws(MemoryError) -> (added: Int, merged: Int) {
    try write { db in
      let writer = try UnitWriter(db)
      var added = 0
      var merged = 0
      for unit in units {
        switch try writer.write(unit) {
        case .added: added += 1
        case .merged: merged += 1
        }
      }
      try writer.finish()
      try GramIndex.merge(db)
      return (added, merged)
    }
  }

  /// The number of units that pass `filter`.
  public func count(_ filter: UnitFilter = UnitFilter()) throws(MemoryError) -> Int {
    let (condition, arguments) = filter.sql
    return try read { db in
      try Int.fetchOne(
        db, sql: "SELECT count(*) FROM unit WHERE \(condition)", arguments: arguments)
        ?? 0
    }
  }

  /// Calls `body` with each unit that passes `filter`, in the order they were added,
  /// reading from one snapshot of the store.
  ///
  /// - Throws: ``MemoryError`` from the store, or rethrows what `body` throws.
  public func forEachUnit(
    _ filter: UnitFilter = UnitFilter(), _ body: (TranslationUnit) throws -> Void
  ) throws {
    let (condition, arguments) = filter.sql
    do {
      try pool.read { db in
        let rows = try Row.fetchCursor(
          db, sql: "SELECT \(Self.unitColumns) FROM unit WHERE \(condition) ORDER BY id",
          arguments: arguments)
        while let row = try rows.next() {
          try body(Self.unit(from: row))
        }
      }
    } catch let error as DatabaseError {
      throw Self.translate(error, path: path)
    }
  }

  /// The unit with this id, if there is one.
  public func unit(id: Int64) throws(MemoryError) -> TranslationUnit? {
    try read { db in
      try Row.fetchOne(
        db, sql: "SELECT \(Self.unitColumns) FROM unit WHERE id = ?", arguments: [id]
      ).map(Self.unit(from:))
    }
  }

  /// All units that pass `filter` (for tests and small stores; export streams instead).
  public func units(_ filter: UnitFilter = UnitFilter()) throws -> [TranslationUnit] {
    var units: [TranslationUnit] = []
    try forEachUnit(filter) { units.append($0) }
    return units
  }

  /// Deletes the units that pass `filter`, in one transaction.
  ///
  /// - Returns: how many were deleted.
  @discardableResult
  public func delete(_ filter: UnitFilter) throws(MemoryError) -> Int {
    let (condition, arguments) = filter.sql
    return try write { db in
      try db.execute(sql: "DELETE FROM unit WHERE \(condition)", arguments: arguments)
      return db.changesCount
    }
  }

  /// Deletes units by id, in one transaction.
  @discardableResult
  public func delete(ids: [Int64]) throws(MemoryError) -> Int {
    try write { db in
      var deleted = 0
      let statement = try db.cachedStatement(sql: "DELETE FROM unit WHERE id = ?")
      for id in ids {
        try statement.execute(arguments: [id])
        deleted += db.changesCount
      }
      return deleted
    }
  }

  /// Counts per language pair and origin.
  public func statistics() throws(MemoryError) -> MemoryStatistics {
    let (units, uses, pairs, origins, unfinished) = try read { db in
      let totals = try Row.fetchOne(
        db, sql: "SELECT count(*), coalesce(sum(usageCount), 0) FROM unit")
      let pairs = try Row.fetchAll(
        db,
        sql: """
          SELECT sourceLanguage, targetLanguage, count(*) AS n FROM unit
          GROUP BY sourceLanguage, targetLanguage ORDER BY n DESC, sourceLanguage, targetLanguage
          """
      ).map { MemoryStatistics.Pair(sourceLanguage: $0[0], targetLanguage: $0[1], units: $0[2]) }
      let origins = try Row.fetchAll(
        db,
        sql: """
          SELECT coalesce(originFile, ''), count(*) AS n FROM unit
          GROUP BY originFile ORDER BY n DESC, originFile
          """
      ).map { MemoryStatistics.Origin(file: $0[0], units: $0[1]) }
      let unfinished =
        try Int.fetchOne(db, sql: "SELECT count(*) FROM importRun WHERE finishedAt IS NULL") ?? 0
      return (
        totals?[0] as Int? ?? 0, totals?[1] as Int? ?? 0, pairs, origins, unfinished
      )
    }
    let bytes = [path, path + "-wal"].reduce(0) { sum, file in
      sum + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
    }
    return MemoryStatistics(
      units: units, uses: uses, pairs: pairs, origins: origins, unfinishedImports: unfinished,
      bytes: bytes)
  }

  static let unitColumns = """
    id, sourceLanguage, targetLanguage, source, sourceMarkup, target, targetMarkup, \
    originFile, originTool, createdAt, createdBy, changedAt, changedBy, lastUsedAt, \
    usageCount, context, properties, notes
    """

  static func unit(from row: Row) -> TranslationUnit {
    func date(_ index: Int) -> Date? {
      (row[index] as Int64?).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }
    func tag(_ index: Int) -> LanguageTag {
      let raw: String = row[index]
      return LanguageTag(raw) ?? .any
    }
    let decoder = JSONDecoder()
    let properties = (row[16] as String?).flatMap {
      try? decoder.decode([UnitProperty].self, from: Data($0.utf8))
    }
    let notes = (row[17] as String?).flatMap {
      try? decoder.decode([UnitNote].self, from: Data($0.utf8))
    }
    return TranslationUnit(
      id: row[0], sourceLanguage: tag(1), targetLanguage: tag(2),
      source: Segment(text: row[3], markup: row[4]), target: Segment(text: row[5], markup: row[6]),
      origin: UnitOrigin(file: row[7], tool: row[8]), created: date(9), createdBy: row[10],
      changed: date(11), changedBy: row[12], lastUsed: date(13), usageCount: row[14],
      context: row[15], properties: properties ?? [], notes: notes ?? [])
  }
}
