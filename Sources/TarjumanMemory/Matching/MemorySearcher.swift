import Foundation
import GRDB
import Synchronization
import TarjumanGlossary

/// One result of a fuzzy search.
public struct MemoryMatch: Sendable {
  /// The stored unit.
  public var unit: TranslationUnit
  /// Its score against the query, with the parts of the formula.
  public var score: FuzzyScore
}

/// Finds the stored units whose source is most like a query: CAT-style fuzzy matches
/// (see ``FuzzyScore`` for the formula).
///
/// **Candidates.** A query is normalized to its key and cut into trigrams (three code
/// points, as FTS5's trigram tokenizer cuts the stored keys). The rarest trigrams (by
/// their document counts in `unitSourceVocabulary`, cached) are looked up in the
/// `unitSourceIndex` FTS5 table, at most ``maximumPostings`` row ids in all; rows are
/// ranked by how many of those trigrams they contain, and the best ``shortlistSize`` are
/// scored. Keys shorter than three code points (two-letter names, `UN`) have no trigram:
/// they are looked up in the partial index of short source keys (exact key, then keys
/// that start with the same letter).
///
/// - Complexity: a query reads at most ``maximumPostings`` row ids and scores at most
///   ``shortlistSize`` candidates, whatever the size of the store.
public final class MemorySearcher: Sendable {
  /// The store searched.
  public let store: MemoryStore
  /// Candidates scored per query.
  public let shortlistSize: Int
  /// Row ids read from the trigram index per query, at most.
  public let maximumPostings: Int
  /// Trigrams looked up per query, at most.
  public let maximumTrigrams: Int
  /// Document counts of trigrams, read from the index once per searcher.
  private let frequencies = Mutex<[String: Int]>([:])

  /// Creates a searcher over `store`.
  public init(
    store: MemoryStore, shortlistSize: Int = 30, maximumPostings: Int = 6_000,
    maximumTrigrams: Int = 16
  ) {
    self.store = store
    self.shortlistSize = shortlistSize
    self.maximumPostings = maximumPostings
    self.maximumTrigrams = maximumTrigrams
  }

  /// The best matches for `query`, best first.
  ///
  /// - Parameters:
  ///   - query: the source text to translate.
  ///   - sourceLanguage: the query's language (units with this source language range).
  ///   - targetLanguage: the wanted translation's language, or nil for any.
  ///   - minimum: leave out matches below this percentage.
  ///   - top: how many matches at most.
  /// - Throws: ``MemoryError`` when the store cannot be read.
  public func search(
    _ query: String, from sourceLanguage: LanguageTag, to targetLanguage: LanguageTag?,
    minimum: Int = 70, top: Int = 5
  ) throws(MemoryError) -> [MemoryMatch] {
    let prepared = PreparedText(query)
    let sourceRange = sourceLanguage.rawValue.lowercased()
    let targetRange = targetLanguage.map { $0.rawValue.lowercased() }
    return try store.read { db in
      let candidates = try self.candidates(
        for: prepared.key, sourceRange: sourceRange, targetRange: targetRange, db: db)
      var scored: [(id: Int64, score: FuzzyScore, uses: Int, changed: Int64)] = []
      var scoreCache: [String: FuzzyScore] = [:]
      for candidate in candidates {
        let cacheKey = candidate.markup ?? candidate.source
        let score: FuzzyScore
        if let cached = scoreCache[cacheKey] {
          score = cached
        } else {
          score = FuzzyScore(
            query: prepared,
            candidate: PreparedText(candidate.source, markup: candidate.markup, key: candidate.key))
          scoreCache[cacheKey] = score
        }
        guard score.score >= minimum else { continue }
        scored.append((candidate.id, score, candidate.uses, candidate.changed))
      }
      scored.sort {
        if $0.score.score != $1.score.score { return $0.score.score > $1.score.score }
        if $0.uses != $1.uses { return $0.uses > $1.uses }
        if $0.changed != $1.changed { return $0.changed > $1.changed }
        return $0.id < $1.id
      }
      let unitStatement = try db.cachedStatement(
        sql: "SELECT \(MemoryStore.unitColumns) FROM unit WHERE id = ?")
      return try scored.prefix(max(top, 0)).compactMap { entry in
        try Row.fetchOne(unitStatement, arguments: [entry.id]).map {
          MemoryMatch(unit: MemoryStore.unit(from: $0), score: entry.score)
        }
      }
    }
  }

  /// A candidate row, with what scoring needs.
  struct Candidate {
    var id: Int64
    var source: String
    var markup: String?
    var key: String
    var uses: Int
    var changed: Int64
  }

  /// Whether a stored language tag falls under a lowercase range (RFC 4647 basic
  /// filtering, case-insensitive).
  static func language(_ tag: String, in range: String) -> Bool {
    if range == "*" { return true }
    let lower = tag.lowercased()
    return lower == range || (lower.hasPrefix(range) && lower.dropFirst(range.count).first == "-")
  }

  /// The trigrams of a key (three code points, as FTS5's trigram tokenizer cuts text).
  static func trigrams(_ key: String) -> Set<String> {
    let scalars = Array(key.unicodeScalars)
    guard scalars.count >= 3 else { return [] }
    var grams = Set<String>()
    grams.reserveCapacity(scalars.count)
    for index in 0...(scalars.count - 3) {
      grams.insert(String(String.UnicodeScalarView(scalars[index..<index + 3])))
    }
    return grams
  }

  /// The trigrams of a key as sorted, distinct 63-bit codes (21 bits per code point), for
  /// comparing sets without building strings.
  static func trigramCodes(_ key: String) -> [UInt64] {
    var codes: [UInt64] = []
    codes.reserveCapacity(key.utf8.count)
    var window: UInt64 = 0
    var seen = 0
    for scalar in key.unicodeScalars {
      window = ((window << 21) | UInt64(scalar.value)) & 0x7FFF_FFFF_FFFF_FFFF
      seen += 1
      if seen >= 3 { codes.append(window) }
    }
    codes.sort()
    var unique = 0
    for index in codes.indices where index == 0 || codes[index] != codes[index - 1] {
      codes[unique] = codes[index]
      unique += 1
    }
    codes.removeSubrange(unique...)
    return codes
  }

  /// The number of codes two sorted lists share.
  static func shared(_ a: [UInt64], _ b: [UInt64]) -> Int {
    var i = 0
    var j = 0
    var count = 0
    while i < a.count && j < b.count {
      if a[i] == b[j] {
        count += 1
        i += 1
        j += 1
      } else if a[i] < b[j] {
        i += 1
      } else {
        j += 1
      }
    }
    return count
  }

  /// Candidate units for a query key in the language pair, most promising first: the rows
  /// met most often in the posting lists of the query's rarest trigrams, re-ranked by the
  /// Dice coefficient of all their trigrams with the query's.
  func candidates(
    for key: String, sourceRange: String, targetRange: String?, db: Database
  ) throws -> [Candidate] {
    let grams = Self.trigrams(key)
    let ids: [Int64]
    let pool = targetRange == nil ? shortlistSize * 3 : shortlistSize * 12
    if grams.isEmpty {
      ids = try shortCandidates(key, db: db, limit: pool)
    } else {
      ids = try votedCandidates(grams, db: db, limit: pool)
    }
    guard !ids.isEmpty else { return [] }
    var sql = """
      SELECT id, sourceLanguage, source, sourceMarkup, sourceKey, usageCount,
      coalesce(changedAt, createdAt, 0) FROM unit WHERE id IN (\(ids.map(String.init).joined(separator: ",")))
      """
    var arguments = StatementArguments()
    if let targetRange, targetRange != "*" {
      sql += " AND (lower(targetLanguage) = ? OR lower(targetLanguage) LIKE ?)"
      arguments = [targetRange, targetRange + "-%"]
    }
    let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
    let queryCodes = Self.trigramCodes(key)
    var ranked: [(Candidate, Double)] = []
    ranked.reserveCapacity(ids.count)
    while let row = try rows.next() {
      guard Self.language(row[1], in: sourceRange) else { continue }
      let candidate = Candidate(
        id: row[0], source: row[2], markup: row[3], key: row[4], uses: row[5], changed: row[6])
      let similarity: Double
      if grams.isEmpty {
        similarity = candidate.key == key ? 2 : 1 / Double(1 + candidate.key.count)
      } else {
        let theirs = Self.trigramCodes(candidate.key)
        similarity =
          2 * Double(Self.shared(queryCodes, theirs)) / Double(queryCodes.count + theirs.count)
      }
      ranked.append((candidate, similarity))
    }
    ranked.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.id < $1.0.id }
    return ranked.prefix(shortlistSize).map(\.0)
  }

  /// Row ids met most often in the posting lists of the rarest trigrams (at most
  /// ``maximumTrigrams`` lists and ``maximumPostings`` ids in all), counted by merging the
  /// lists, which FTS5 returns in row id order.
  private func votedCandidates(_ grams: Set<String>, db: Database, limit: Int) throws -> [Int64] {
    let counted = try grams.map { ($0, try frequency(of: $0, db: db)) }
      .filter { $0.1 > 0 }
      .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
    var chosen: [String] = []
    var postings = 0
    for (gram, count) in counted {
      if chosen.count >= maximumTrigrams { break }
      if !chosen.isEmpty && postings + count > maximumPostings { break }
      chosen.append(gram)
      postings += count
    }
    let statement = try db.cachedStatement(
      sql: "SELECT rowid FROM unitSourceIndex WHERE unitSourceIndex MATCH ?")
    var lists: [[Int64]] = []
    lists.reserveCapacity(chosen.count)
    for gram in chosen {
      lists.append(try SQLiteCalls.rowIDs(statement, text: Self.phrase(gram)))
    }
    // Merge the sorted lists with a heap of their heads, counting each id's lists.
    var counts: [(id: Int64, votes: Int32)] = []
    counts.reserveCapacity(postings)
    var heads = [Int](repeating: 0, count: lists.count)
    var heap: [(Int64, Int)] = []
    heap.reserveCapacity(lists.count)
    func siftDown(_ start: Int) {
      var parent = start
      while true {
        let left = 2 * parent + 1
        guard left < heap.count else { return }
        let right = left + 1
        let child = right < heap.count && heap[right].0 < heap[left].0 ? right : left
        guard heap[child].0 < heap[parent].0 else { return }
        heap.swapAt(child, parent)
        parent = child
      }
    }
    for (index, list) in lists.enumerated() where !list.isEmpty { heap.append((list[0], index)) }
    for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    while let (id, list) = heap.first {
      if let last = counts.last, last.id == id {
        counts[counts.count - 1].votes += 1
      } else {
        counts.append((id, 1))
      }
      heads[list] += 1
      if heads[list] < lists[list].count {
        heap[0] = (lists[list][heads[list]], list)
      } else {
        heap[0] = heap[heap.count - 1]
        heap.removeLast()
      }
      siftDown(0)
    }
    // The best `limit` by votes, without sorting everything: votes are small numbers, so
    // find the lowest count that still makes the cut, then take ids above it, and ids at
    // it in ascending order (older units first; `counts` is in id order).
    var histogram = [Int](repeating: 0, count: chosen.count + 2)
    for entry in counts { histogram[Int(entry.votes)] += 1 }
    var threshold = chosen.count
    var above = 0
    while threshold > 1 && above + histogram[threshold] < limit {
      above += histogram[threshold]
      threshold -= 1
    }
    var best: [Int64] = []
    best.reserveCapacity(limit)
    var atThreshold = 0
    for entry in counts {
      if Int(entry.votes) > threshold {
        best.append(entry.id)
      } else if Int(entry.votes) == threshold && atThreshold < limit - above {
        best.append(entry.id)
        atThreshold += 1
      }
    }
    return best
  }

  /// Candidates for keys of one or two code points: the exact key, then short keys that
  /// start with the same letter.
  private func shortCandidates(_ key: String, db: Database, limit: Int) throws -> [Int64] {
    guard let first = key.unicodeScalars.first else { return [] }
    let exact = try Int64.fetchAll(
      db.cachedStatement(
        sql: "SELECT id FROM unit WHERE sourceKey = ? AND length(sourceKey) < 8 LIMIT ?"),
      arguments: [key, limit])
    let upper = String(Unicode.Scalar(first.value + 1) ?? first)
    let near = try Int64.fetchAll(
      db.cachedStatement(
        sql: """
          SELECT id FROM unit WHERE sourceKey >= ? AND sourceKey < ? AND length(sourceKey) < 8
          ORDER BY length(sourceKey) LIMIT ?
          """),
      arguments: [String(first), upper, limit])
    var seen = Set(exact)
    return exact + near.filter { seen.insert($0).inserted }
  }

  /// A trigram as an FTS5 string (double quotes doubled).
  static func phrase(_ gram: String) -> String {
    "\"" + gram.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// The number of units whose source key contains `gram`.
  private func frequency(of gram: String, db: Database) throws -> Int {
    if let known = frequencies.withLock({ $0[gram] }) { return known }
    let count =
      try Int.fetchOne(
        db.cachedStatement(sql: "SELECT doc FROM unitSourceVocabulary WHERE term = ?"),
        arguments: [gram]) ?? 0
    frequencies.withLock { $0[gram] = count }
    return count
  }
}
