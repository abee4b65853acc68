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
  private let encoder = JSONEncoder()

  init(_ db: Database) throws {
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    statement = try db.cachedStatement(
      sql: """
        INSERT INTO unit (
          identity, sourceLanguage, targetLanguage, source, sourceMarkup, target, targetMarkup,
          sourceKey, targetKey, originFile, originTool, createdAt, createdBy, changedAt,
          changedBy, lastUsedAt, usageCount, context, properties, notes)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(identity) DO UPDATE SET
          usageCount = usageCount + excluded.usageCount,
          changedAt = CASE WHEN excluded.changedAt > coalesce(changedAt, 0)
            THEN excluded.changedAt ELSE changedAt END,
          changedBy = CASE WHEN excluded.changedAt > coalesce(changedAt, 0)
            THEN excluded.changedBy ELSE changedBy END,
          lastUsedAt = CASE WHEN excluded.lastUsedAt > coalesce(lastUsedAt, 0)
            THEN excluded.lastUsedAt ELSE lastUsedAt END
        RETURNING usageCount
        """)
  }

  /// Inserts or merges one unit.
  func write(_ unit: TranslationUnit) throws -> Outcome {
    let uses = max(unit.usageCount, 1)
    let properties =
      unit.properties.isEmpty
      ? nil : String(decoding: try encoder.encode(unit.properties), as: UTF8.self)
    let notes =
      unit.notes.isEmpty ? nil : String(decoding: try encoder.encode(unit.notes), as: UTF8.self)
    statement.setUncheckedArguments([
      Data(UnitKeys.identity(unit)), unit.sourceLanguage.rawValue, unit.targetLanguage.rawValue,
      unit.source.text, unit.source.markup, unit.target.text, unit.target.markup,
      UnitKeys.key(unit.source.text), UnitKeys.key(unit.target.text), unit.origin.file,
      unit.origin.tool, unit.created.map(Self.seconds), unit.createdBy,
      unit.changed.map(Self.seconds), unit.changedBy, unit.lastUsed.map(Self.seconds),
      uses, unit.context, properties, notes,
    ])
    // A new row keeps the count it was given; a merged one has more.
    let stored = try Int.fetchOne(statement) ?? uses
    return stored == uses ? .added : .merged
  }

  static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
}
