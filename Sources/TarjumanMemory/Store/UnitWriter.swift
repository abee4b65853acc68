import Foundation
import GRDB

/// Writes units inside the caller's transaction: a new unit is inserted, a unit identical
/// to a stored one (same languages, same source and target with inline codes) is merged
/// into it: usage counts add up, and the later change and use dates win.
///
/// The statement is prepared once per connection (GRDB's statement cache).
struct UnitWriter {
  /// What happened to a unit.
  enum Outcome { case added, merged }

  private let statement: Statement
  private let merge: Statement
  private let database: Database
  private let indexSource: Statement
  private let indexTarget: Statement
  private let encoder = JSONEncoder()

  init(_ db: Database) throws {
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // The insert does nothing on a duplicate, and a separate update merges it. An upsert
    // (`DO UPDATE ... RETURNING`) would be one statement, but SQLite runs it in a statement
    // savepoint, and FTS5 flushes its pending terms at every savepoint: four times slower.
    statement = try db.cachedStatement(
      sql: """
        INSERT INTO unit (
          identity, sourceLanguage, targetLanguage, source, sourceMarkup, target, targetMarkup,
          sourceKey, targetKey, originFile, originTool, createdAt, createdBy, changedAt,
          changedBy, lastUsedAt, usageCount, context, properties, notes)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(identity) DO NOTHING
        """)
    merge = try db.cachedStatement(
      sql: """
        UPDATE unit SET
          usageCount = usageCount + ?1,
          changedBy = CASE WHEN ?2 > coalesce(changedAt, 0) THEN ?3 ELSE changedBy END,
          changedAt = CASE WHEN ?2 > coalesce(changedAt, 0) THEN ?2 ELSE changedAt END,
          lastUsedAt = CASE WHEN ?4 > coalesce(lastUsedAt, 0) THEN ?4 ELSE lastUsedAt END
        WHERE identity = ?5
        """)
    database = db
    indexSource = try db.cachedStatement(
      sql: "INSERT INTO unitSourceIndex(rowid, sourceKey) VALUES (?, ?)")
    indexTarget = try db.cachedStatement(
      sql: "INSERT INTO unitTargetIndex(rowid, targetKey) VALUES (?, ?)")
  }

  /// Inserts or merges one unit.
  func write(_ unit: TranslationUnit) throws -> Outcome {
    try write(PreparedUnit(unit))
  }

  /// Inserts or merges one unit whose keys and identity are already computed.
  func write(_ prepared: PreparedUnit) throws -> Outcome {
    let unit = prepared.unit
    let uses = max(unit.usageCount, 1)
    let properties =
      unit.properties.isEmpty
      ? nil : String(decoding: try encoder.encode(unit.properties), as: UTF8.self)
    let notes =
      unit.notes.isEmpty ? nil : String(decoding: try encoder.encode(unit.notes), as: UTF8.self)
    // The values are bound with SQLite's own calls: GRDB's argument wrappers cost more than
    // the insert itself on a bulk import (see SQLiteCalls).
    let handle = statement.sqliteStatement
    try SQLiteCalls.bind(handle, 1, blob: prepared.identity)
    try SQLiteCalls.bind(handle, 2, unit.sourceLanguage.rawValue)
    try SQLiteCalls.bind(handle, 3, unit.targetLanguage.rawValue)
    try SQLiteCalls.bind(handle, 4, unit.source.text)
    try SQLiteCalls.bind(handle, 5, unit.source.markup)
    try SQLiteCalls.bind(handle, 6, unit.target.text)
    try SQLiteCalls.bind(handle, 7, unit.target.markup)
    try SQLiteCalls.bind(handle, 8, prepared.sourceKey)
    try SQLiteCalls.bind(handle, 9, prepared.targetKey)
    try SQLiteCalls.bind(handle, 10, unit.origin.file)
    try SQLiteCalls.bind(handle, 11, unit.origin.tool)
    try SQLiteCalls.bind(handle, 12, unit.created.map(Self.seconds))
    try SQLiteCalls.bind(handle, 13, unit.createdBy)
    try SQLiteCalls.bind(handle, 14, unit.changed.map(Self.seconds))
    try SQLiteCalls.bind(handle, 15, unit.changedBy)
    try SQLiteCalls.bind(handle, 16, unit.lastUsed.map(Self.seconds))
    try SQLiteCalls.bind(handle, 17, Int64(uses))
    try SQLiteCalls.bind(handle, 18, unit.context)
    try SQLiteCalls.bind(handle, 19, properties)
    try SQLiteCalls.bind(handle, 20, notes)
    try SQLiteCalls.stepDone(handle)
    guard database.changesCount == 1 else {
      let merge = self.merge.sqliteStatement
      try SQLiteCalls.bind(merge, 1, Int64(uses))
      try SQLiteCalls.bind(merge, 2, unit.changed.map(Self.seconds))
      try SQLiteCalls.bind(merge, 3, unit.changedBy)
      try SQLiteCalls.bind(merge, 4, unit.lastUsed.map(Self.seconds))
      try SQLiteCalls.bind(merge, 5, blob: prepared.identity)
      try SQLiteCalls.stepDone(merge)
      return .merged
    }
    let id = database.lastInsertedRowID
    for (index, key) in [(indexSource, prepared.sourceKey), (indexTarget, prepared.targetKey)] {
      let handle = index.sqliteStatement
      try SQLiteCalls.bind(handle, 1, id)
      try SQLiteCalls.bind(handle, 2, key)
      try SQLiteCalls.stepDone(handle)
    }
    return .added
  }

  static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
}

/// A unit with its keys and identity computed, ready to be written (computed off the
/// writer's thread during an import).
struct PreparedUnit: Sendable {
  let unit: TranslationUnit
  let sourceKey: String
  let targetKey: String
  let identity: [UInt8]

  init(_ unit: TranslationUnit) {
    self.unit = unit
    sourceKey = UnitKeys.key(unit.source.text)
    targetKey = UnitKeys.key(unit.target.text)
    identity = UnitKeys.identity(unit)
  }
}
