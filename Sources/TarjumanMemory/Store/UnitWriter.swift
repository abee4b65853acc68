import Foundation
import GRDB
import GRDBSQLite

/// Writes units inside the caller's transaction: a new unit is inserted, a unit identical
/// to a stored one (same languages, same source and target with inline codes) is merged
/// into it: usage counts add up, and the later change and use dates win. ``finish(grams:)``
/// then indexes the new units' keys (one ``GramIndex`` segment per side) in the same
/// transaction, so that the index never lacks a committed unit.
///
/// New units get ids above every id stored or indexed before, given here rather than by
/// SQLite (which would give a deleted unit's id again), so that the index's lists stay in
/// id order and an id left in them by a deleted unit never names another. The unit written
/// `n`th gets the transaction's first id plus `n`, merged or not: a merged unit leaves its
/// id unused, and the trigram lists encoded before the batch was written (by ordinal) stay
/// right.
///
/// The statements are prepared once per connection (GRDB's statement cache).
final class UnitWriter {
  /// What happened to a unit.
  enum Outcome { case added, merged }

  private let statement: Statement
  private let merge: Statement
  private let recordMerge: Statement?
  private let database: Database
  private let encoder = JSONEncoder()
  /// The insert's text and blob values, in a buffer kept from unit to unit.
  private var parameters = SQLiteCalls.Parameters()
  private let undoRun: Int64?
  private let firstID: Int64
  private var added = 0
  /// The id of each unit written, in order, or 0 for a merged one.
  private var ids: [Int64] = []
  private var source: GramCollector?
  private var target: GramCollector?

  /// Prepares a writer in the caller's write transaction.
  ///
  /// - Parameters:
  ///   - collectsGrams: whether the writer cuts the new keys into trigrams itself, or is
  ///     given them by ``finish(grams:)`` (an import does that on its reader thread).
  ///   - undoRun: the import run whose changes are recorded so that they can be undone
  ///     (`--on-error fail`), if any.
  init(_ db: Database, collectsGrams: Bool = true, undoRun: Int64? = nil) throws {
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // The insert does nothing on a duplicate, and a separate update merges it. Identities
    // are unique within a language pair (they include the languages, whose stored tags are
    // canonical): the index that finds them is ordered by pair first, so that a batch of
    // one pair writes to one part of it rather than to pages all over it.
    statement = try db.cachedStatement(
      sql: """
        INSERT INTO unit (
          id, identity, sourceLanguage, targetLanguage, source, sourceMarkup, target,
          targetMarkup, sourceKey, targetKey, originFile, originTool, createdAt, createdBy,
          changedAt, changedBy, lastUsedAt, usageCount, context, properties, notes)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(sourceLanguage, targetLanguage, identity) DO NOTHING
        """)
    merge = try db.cachedStatement(
      sql: """
        UPDATE unit SET
          usageCount = usageCount + ?1,
          changedBy = CASE WHEN ?2 > coalesce(changedAt, 0) THEN ?3 ELSE changedBy END,
          changedAt = CASE WHEN ?2 > coalesce(changedAt, 0) THEN ?2 ELSE changedAt END,
          lastUsedAt = CASE WHEN ?4 > coalesce(lastUsedAt, 0) THEN ?4 ELSE lastUsedAt END
        WHERE sourceLanguage = ?6 AND targetLanguage = ?7 AND identity = ?5
        """)
    recordMerge =
      undoRun == nil
      ? nil
      : try db.cachedStatement(
        sql: """
          INSERT INTO importMergedUnit (run, unit, usageCount, changedAt, changedBy, lastUsedAt)
          SELECT ?1, id, usageCount, changedAt, changedBy, lastUsedAt FROM unit
          WHERE sourceLanguage = ?3 AND targetLanguage = ?4 AND identity = ?2
          """)
    database = db
    self.undoRun = undoRun
    let highest = max(
      try Int64.fetchOne(db, sql: "SELECT max(id) FROM unit") ?? 0,
      try GramIndex.highestIndexedUnit(db))
    firstID = highest + 1
    if collectsGrams {
      source = GramCollector()
      target = GramCollector()
    }
  }

  /// Inserts or merges one unit.
  func write(_ unit: TranslationUnit) throws -> Outcome {
    try write(PreparedUnit(unit))
  }

  /// Inserts or merges one unit whose keys and identity are already computed.
  func write(_ prepared: borrowing PreparedUnit) throws -> Outcome {
    // Fields are read in place: a copy of the unit would retain and release each of its
    // strings.
    let uses = max(prepared.unit.usageCount, 1)
    let properties =
      prepared.unit.properties.isEmpty
      ? nil : String(decoding: try encoder.encode(prepared.unit.properties), as: UTF8.self)
    let notes =
      prepared.unit.notes.isEmpty
      ? nil : String(decoding: try encoder.encode(prepared.unit.notes), as: UTF8.self)
    // The values are bound with SQLite's own calls: GRDB's argument wrappers cost more than
    // the insert itself on a bulk import (see SQLiteCalls).
    let handle = statement.sqliteStatement
    let id = firstID + Int64(ids.count)
    try SQLiteCalls.bind(handle, 1, id)
    try SQLiteCalls.bind(handle, 13, prepared.unit.created.map(Self.seconds))
    try SQLiteCalls.bind(handle, 15, prepared.unit.changed.map(Self.seconds))
    try SQLiteCalls.bind(handle, 17, prepared.unit.lastUsed.map(Self.seconds))
    try SQLiteCalls.bind(handle, 18, Int64(uses))
    parameters.removeAll()
    parameters.add(2, blob: prepared.identity)
    parameters.add(3, prepared.unit.sourceLanguage.rawValue)
    parameters.add(4, prepared.unit.targetLanguage.rawValue)
    parameters.add(5, prepared.unit.source.text)
    parameters.add(6, prepared.unit.source.markup)
    parameters.add(7, prepared.unit.target.text)
    parameters.add(8, prepared.unit.target.markup)
    parameters.add(9, prepared.sourceKey)
    parameters.add(10, prepared.targetKey)
    parameters.add(11, prepared.unit.origin.file)
    parameters.add(12, prepared.unit.origin.tool)
    parameters.add(14, prepared.unit.createdBy)
    parameters.add(16, prepared.unit.changedBy)
    parameters.add(19, prepared.unit.context)
    parameters.add(20, properties)
    parameters.add(21, notes)
    try parameters.step(handle)
    // SQLite's own count: GRDB's property checks its queue first, a cost on every unit.
    guard sqlite3_changes(database.sqliteConnection) == 1 else {
      if let recordMerge, let undoRun {
        // The unit as it was, to put back if the import is undone.
        let record = recordMerge.sqliteStatement
        try SQLiteCalls.bind(record, 1, undoRun)
        try SQLiteCalls.bind(record, 2, blob: prepared.identity)
        try SQLiteCalls.bind(record, 3, prepared.unit.sourceLanguage.rawValue)
        try SQLiteCalls.bind(record, 4, prepared.unit.targetLanguage.rawValue)
        try SQLiteCalls.stepDone(record)
      }
      let merge = self.merge.sqliteStatement
      try SQLiteCalls.bind(merge, 1, Int64(uses))
      try SQLiteCalls.bind(merge, 2, prepared.unit.changed.map(Self.seconds))
      try SQLiteCalls.bind(merge, 3, prepared.unit.changedBy)
      try SQLiteCalls.bind(merge, 4, prepared.unit.lastUsed.map(Self.seconds))
      try SQLiteCalls.bind(merge, 5, blob: prepared.identity)
      try SQLiteCalls.bind(merge, 6, prepared.unit.sourceLanguage.rawValue)
      try SQLiteCalls.bind(merge, 7, prepared.unit.targetLanguage.rawValue)
      try SQLiteCalls.stepDone(merge)
      ids.append(0)
      return .merged
    }
    let ordinal = Int32(ids.count)
    source?.add(prepared.sourceKey, ordinal: ordinal)
    target?.add(prepared.targetKey, ordinal: ordinal)
    ids.append(id)
    added += 1
    return .added
  }

  /// Indexes the units added, and records them for an undo.
  ///
  /// - Parameters:
  ///   - grams: the trigrams of the source and target keys of every unit written, by the
  ///     order they were written in; nil when the writer collected them itself.
  ///   - encoded: the segments of those trigrams, encoded as if no unit were merged.
  func finish(
    grams: (source: BatchGrams, target: BatchGrams)? = nil,
    encoded: (source: EncodedSegment, target: EncodedSegment)? = nil
  ) throws {
    guard added > 0 else { return }
    if let grams {
      try GramIndex.writeSegments(
        database, source: grams.source, target: grams.target, ids: ids,
        encoded: encoded.map { ($0.source, $0.target, firstID) })
    } else if let source, let target {
      try GramIndex.writeSegments(
        database, source: source.finish(), target: target.finish(), ids: ids)
    }
    if let undoRun {
      try database.execute(
        sql: "INSERT INTO importAddedUnits (run, firstUnit, lastUnit) VALUES (?, ?, ?)",
        arguments: [undoRun, firstID, firstID + Int64(ids.count) - 1])
    }
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
