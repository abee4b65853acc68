import Foundation
import GRDB
import TarjumanGlossary

/// A stored translation of a term: a unit whose source contains one of the term's
/// spellings, with how often and when it was used. What `tarjuman suggest` needs to
/// propose the rendering a team already uses.
public struct TermUsage: Sendable, Hashable {
  /// The unit's row id.
  public var unitID: Int64
  /// The spelling found in the source.
  public var spelling: String
  /// The unit's source and target text.
  public var source: String
  public var target: String
  /// The unit's languages.
  public var sourceLanguage: LanguageTag
  public var targetLanguage: LanguageTag
  /// How many times the unit was used or imported.
  public var usageCount: Int
  /// The last use (TMX `lastusagedate`), else the last change, else the creation date.
  public var lastUsed: Date?
}

extension MemoryStore {
  /// The units whose source contains any of `spellings` (compared by normalized key, so
  /// case, diacritics and Arabic/Persian letter forms do not matter; a Latin spelling must
  /// start a word), with their target in `targetLanguage`. Most used first, then most
  /// recently used.
  ///
  /// - Parameters:
  ///   - spellings: source-language spellings of one term (`Jolani`, `al-Julani`, ...).
  ///   - sourceLanguage: a language range for the source, or nil for any.
  ///   - targetLanguage: the language range of the translations wanted.
  ///   - limit: how many units at most.
  /// - Throws: ``MemoryError`` when the store cannot be read.
  public func usages(
    of spellings: [String], sourceLanguage: LanguageTag? = nil, targetLanguage: LanguageTag,
    limit: Int = 100
  ) throws(MemoryError) -> [TermUsage] {
    var found: [Int64: String] = [:]
    try read { db in
      for spelling in spellings {
        for id in try Concordance.unitIDs(
          containing: UnitKeys.key(spelling), side: .source, db: db)
        where found[id] == nil {
          found[id] = spelling
        }
      }
    }
    let (condition, arguments) = UnitFilter(
      sourceLanguage: sourceLanguage, targetLanguage: targetLanguage
    ).sql
    var usages: [TermUsage] = []
    try read { db in
      let statement = try db.cachedStatement(
        sql: """
          SELECT id, source, target, sourceLanguage, targetLanguage, usageCount,
          coalesce(lastUsedAt, changedAt, createdAt) FROM unit WHERE id = ? AND \(condition)
          """)
      for (id, spelling) in found {
        var idArguments: StatementArguments = [id]
        idArguments += arguments
        guard let row = try Row.fetchOne(statement, arguments: idArguments) else { continue }
        usages.append(
          TermUsage(
            unitID: row[0], spelling: spelling, source: row[1], target: row[2],
            sourceLanguage: LanguageTag(row[3] as String) ?? .any,
            targetLanguage: LanguageTag(row[4] as String) ?? .any, usageCount: row[5],
            lastUsed: (row[6] as Int64?).map { Date(timeIntervalSince1970: TimeInterval($0)) }))
      }
    }
    usages.sort {
      if $0.usageCount != $1.usageCount { return $0.usageCount > $1.usageCount }
      let a = $0.lastUsed ?? .distantPast
      let b = $1.lastUsed ?? .distantPast
      if a != b { return a > b }
      return $0.unitID < $1.unitID
    }
    return Array(usages.prefix(max(limit, 0)))
  }
}
