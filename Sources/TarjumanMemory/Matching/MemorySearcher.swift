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
/// `unitSourceIndex` FTS5 table, at most ``maximumTrigrams`` lists and ``maximumPostings``
/// row ids in all; rows are ranked by how many of those lists they are in, after the rows
/// that contain all of the rarest ``containmentTrigrams`` (one FTS5 `AND` query, when the
/// budget did not cover them). Rows are read in that order until twice
/// ``shortlistSize`` distinct sources were met; the ``shortlistSize`` sources closest to
/// the query by trigram Dice coefficient are scored. Keys shorter than three code points
/// (two-letter names, `UN`) have no trigram: they are looked up in the partial index of
/// short source keys (exact key, then keys that start with the same letter).
///
/// - Complexity: a query reads at most ``maximumPostings`` row ids and scores at most
///   ``shortlistSize`` candidates, whatever the size of the store.
public final class MemorySearcher: Sendable {
  /// The store searched.
  public let store: MemoryStore
  /// Trigrams (the rarest) that every row of the first candidates must contain.
  static let containmentTrigrams = 10
  /// Rows read per statement while the pool of distinct sources fills.
  static let chunkSize = 32

  /// Candidates scored per query.
  public let shortlistSize: Int
  /// Row ids read from the trigram index per query, at most.
  public let maximumPostings: Int
  /// Trigrams looked up per query, at most.
  public let maximumTrigrams: Int
  /// Document counts of trigrams, read from the index once per searcher.
  private let frequencies = Mutex<[String: Int]>([:])
  private let preloaded = Mutex(false)

  /// Creates a searcher over `store`.
  public init(
    store: MemoryStore, shortlistSize: Int = 15, maximumPostings: Int = 3_000,
    maximumTrigrams: Int = 12
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

  /// Calls `body` with each trigram of a key as a 63-bit code (21 bits per code point),
  /// without building strings.
  @inline(__always)
  static func forEachTrigramCode(_ key: String, _ body: (UInt64) -> Void) {
    var window: UInt64 = 0
    var seen = 0
    for scalar in key.unicodeScalars {
      window = ((window << 21) | UInt64(scalar.value)) & 0x7FFF_FFFF_FFFF_FFFF
      seen += 1
      if seen >= 3 { body(window) }
    }
  }

  /// Candidate units for a query key in the language pair, most promising first: the rows
  /// met most often in the posting lists of the query's rarest trigrams, re-ranked by the
  /// Dice coefficient of all their trigrams with the query's.
  func candidates(
    for key: String, sourceRange: String, targetRange: String?, db: Database
  ) throws -> [Candidate] {
    let grams = Self.trigrams(key)
    // `pool` distinct sources are ranked by Dice; the rows are read in vote order, in
    // chunks, until that many distinct sources were met: one source stored with many
    // translations (a multilingual memory) must not fill the pool alone.
    let pool = shortlistSize * 2
    let ids: [Int64]
    if grams.isEmpty {
      ids = try shortCandidates(key, db: db, limit: pool * 4)
    } else {
      ids = try votedCandidates(grams, db: db, limit: pool * 8)
    }
    guard !ids.isEmpty else { return [] }
    var filter = ""
    var filterArguments: [Int64] = []
    var filterStrings: [String] = []
    if let targetRange, targetRange != "*" {
      filter = " AND (lower(targetLanguage) = ? OR lower(targetLanguage) LIKE ?)"
      filterStrings = [targetRange, targetRange + "-%"]
    }
    var queryCodes = Set<UInt64>()
    Self.forEachTrigramCode(key) { queryCodes.insert($0) }
    var rows: [Candidate] = []
    var similarities: [String: Double] = [:]
    // One cached statement reads a chunk of rows by id; a short chunk is padded with id 0,
    // which no row has.
    let chunkSize = Self.chunkSize
    let statement = try db.cachedStatement(
      sql: """
        SELECT id, sourceLanguage, source, sourceMarkup, sourceKey, usageCount,
        coalesce(changedAt, createdAt, 0) FROM unit
        WHERE id IN (\(Array(repeating: "?", count: chunkSize).joined(separator: ",")))\(filter)
        """)
    var start = 0
    while start < ids.count && similarities.count < pool {
      filterArguments = Array(ids[start..<min(start + chunkSize, ids.count)])
      filterArguments += repeatElement(0, count: chunkSize - filterArguments.count)
      start += chunkSize
      for (language, candidate) in try SQLiteCalls.candidateRows(
        statement, ids: filterArguments, texts: filterStrings)
      {
        guard Self.language(language, in: sourceRange) else { continue }
        rows.append(candidate)
        guard similarities[candidate.key] == nil else { continue }
        if grams.isEmpty {
          similarities[candidate.key] =
            candidate.key == key ? 2 : 1 / Double(1 + candidate.key.count)
        } else {
          // Dice coefficient; a trigram repeated in the candidate counts each time (rare,
          // and this only ranks the shortlist).
          var theirs = 0
          var shared = 0
          Self.forEachTrigramCode(candidate.key) {
            theirs += 1
            if queryCodes.contains($0) { shared += 1 }
          }
          similarities[candidate.key] =
            2 * Double(min(shared, queryCodes.count)) / Double(queryCodes.count + theirs)
        }
      }
    }
    // The best `shortlistSize` sources, and every row met with one of them.
    let best = Set(
      similarities.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        .prefix(shortlistSize).map(\.key))
    return rows.filter { best.contains($0.key) }
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
    // Rows that contain every one of the query's rarest trigrams come first, whatever the
    // budget: the identical source and sources that contain the query are among them.
    // FTS5 answers an AND by seeking in the longer lists, so this stays cheap when the
    // posting budget cannot cover the trigrams of a large store (where many rows would
    // otherwise tie on the few lists read).
    // When the lists of those trigrams were all read anyway, the rows that have them all
    // already lead the vote, and the extra query is not needed.
    let all = counted.prefix(Self.containmentTrigrams).map { Self.phrase($0.0) }
    let containing =
      all.isEmpty || chosen.count >= all.count
      ? []
      : try SQLiteCalls.rowIDs(
        try db.cachedStatement(
          sql: "SELECT rowid FROM unitSourceIndex WHERE unitSourceIndex MATCH ? LIMIT \(limit)"),
        text: all.joined(separator: " AND "))
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
    // The best `limit` by votes, best first (ties: older units first), by a counting sort
    // on the votes, which are small numbers; `counts` is in id order.
    var buckets = [[Int64]](repeating: [], count: chosen.count + 1)
    let first = Set(containing)
    for entry in counts where !first.contains(entry.id) {
      buckets[Int(entry.votes)].append(entry.id)
    }
    var best: [Int64] = containing
    best.reserveCapacity(limit)
    for votes in stride(from: chosen.count, through: 1, by: -1) {
      for id in buckets[votes] {
        guard best.count < limit else { return best }
        best.append(id)
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

  /// Reads the document counts of all trigrams at once, for a batch of queries: a query
  /// then never waits for the FTS5 vocabulary table (tens of microseconds per new trigram).
  /// Takes about 0.1 s for 100,000 units.
  ///
  /// - Throws: ``MemoryError`` when the store cannot be read.
  public func preloadTrigramCounts() throws(MemoryError) {
    let counts = try store.read { db in
      var counts: [String: Int] = [:]
      let rows = try Row.fetchCursor(db, sql: "SELECT term, doc FROM unitSourceVocabulary")
      while let row = try rows.next() { counts[row[0]] = row[1] }
      return counts
    }
    frequencies.withLock { $0 = counts }
    preloaded.withLock { $0 = true }
  }

  /// The number of units whose source key contains `gram`.
  private func frequency(of gram: String, db: Database) throws -> Int {
    if let known = frequencies.withLock({ $0[gram] }) { return known }
    // After a preload, a trigram not in the vocabulary is in no unit.
    if preloaded.withLock({ $0 }) { return 0 }
    let count =
      try Int.fetchOne(
        db.cachedStatement(sql: "SELECT doc FROM unitSourceVocabulary WHERE term = ?"),
        arguments: [gram]) ?? 0
    frequencies.withLock { $0[gram] = count }
    return count
  }
}
