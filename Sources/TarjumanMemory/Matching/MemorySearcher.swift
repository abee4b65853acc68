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
/// points). The rarest trigrams (by the unit counts in the segments' vocabularies of the
/// store's trigram index, ``GramIndex``, cached per segment) are looked up, at most
/// ``maximumTrigrams`` lists and ``maximumPostings`` row ids in all; rows are ranked by how
/// many of those lists they are in, after the rows that contain all of the rarest
/// ``containmentTrigrams`` (the intersection of their lists, when the budget did not cover
/// them). Rows are read in that order until twice ``shortlistSize`` distinct sources were
/// met; the ``shortlistSize`` sources closest to the query by trigram Dice coefficient are
/// scored. Keys shorter than three code points (two-letter names, `UN`) have no trigram:
/// they are looked up in the partial index of short source keys (exact key, then keys that
/// start with the same letter).
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
  /// The vocabularies of the source side's index segments, by segment id, read once
  /// per segment (segments are never changed, only replaced by merges).
  private let vocabularies = Mutex<[Int64: SegmentVocabulary]>([:])

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

  /// The distinct trigram codes of a key (see ``Trigrams``).
  static func trigrams(_ key: String) -> Set<UInt64> {
    var grams = Set<UInt64>()
    Trigrams.forEachCode(key) { grams.insert($0) }
    return grams
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
    let queryCodes = grams
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
          Trigrams.forEachCode(candidate.key) {
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
  /// lists, which are in row id order.
  private func votedCandidates(_ grams: Set<UInt64>, db: Database, limit: Int) throws -> [Int64] {
    let index = try GramPostings(db, side: .source)
    let segments = try vocabularies(of: index.segments.map(\.id), db: db)
    var counted: [(gram: UInt64, count: Int)] = []
    for gram in grams {
      var count = 0
      for vocabulary in segments { count += vocabulary.count(of: gram) }
      if count > 0 { counted.append((gram, count)) }
    }
    counted.sort { $0.count != $1.count ? $0.count < $1.count : $0.gram < $1.gram }
    var chosen: [UInt64] = []
    var postings = 0
    for (gram, count) in counted {
      if chosen.count >= maximumTrigrams { break }
      if !chosen.isEmpty && postings + count > maximumPostings { break }
      chosen.append(gram)
      postings += count
    }
    var read: [UInt64: [Int64]] = [:]
    // A trigram's list: its lists in the segments that have it, one after the other.
    func list(_ gram: UInt64) throws -> [Int64] {
      if let known = read[gram] { return known }
      var ids: [Int64] = []
      for (segment, vocabulary) in zip(index.segments, segments)
      where vocabulary.count(of: gram) > 0 {
        try index.append(gram, in: segment, to: &ids)
      }
      read[gram] = ids
      return ids
    }
    // Rows that contain every one of the query's rarest trigrams come first, whatever the
    // budget: the identical source and sources that contain the query are among them.
    // On a large store, where common trigrams have long lists, the budget cannot cover
    // them, and many rows would otherwise tie on the few lists read. When the lists of
    // those trigrams were all read anyway, the rows that have them all already lead the
    // vote, and the intersection is not needed.
    let all = counted.prefix(Self.containmentTrigrams).map(\.gram)
    var containing: [Int64] = []
    if !all.isEmpty && chosen.count < all.count {
      containing = try list(all[0])
      for gram in all.dropFirst() where !containing.isEmpty {
        containing = Self.intersection(containing, try list(gram))
      }
      if containing.count > limit { containing.removeLast(containing.count - limit) }
    }
    var lists: [[Int64]] = []
    lists.reserveCapacity(chosen.count)
    for gram in chosen { lists.append(try list(gram)) }
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

  /// The ids in both ascending lists, ascending.
  static func intersection(_ first: [Int64], _ second: [Int64]) -> [Int64] {
    var result: [Int64] = []
    var i = 0
    var j = 0
    while i < first.count && j < second.count {
      if first[i] < second[j] {
        i += 1
      } else if first[i] > second[j] {
        j += 1
      } else {
        result.append(first[i])
        i += 1
        j += 1
      }
    }
    return result
  }

  /// Reads the vocabularies of all the index's segments at once, for a batch of queries:
  /// the first query then does not wait for them (a few milliseconds at 1,000,000 units).
  ///
  /// - Throws: ``MemoryError`` when the store cannot be read.
  public func preloadTrigramCounts() throws(MemoryError) {
    try store.read { db in
      _ = try vocabularies(of: GramPostings(db, side: .source).segments.map(\.id), db: db)
    }
  }

  /// The vocabularies of `segments`, read from the store the first time.
  private func vocabularies(of segments: [Int64], db: Database) throws -> [SegmentVocabulary] {
    var known = vocabularies.withLock { cache in segments.map { cache[$0] } }
    var loaded: [Int64: SegmentVocabulary] = [:]
    for (position, segment) in segments.enumerated() where known[position] == nil {
      let vocabulary = try SegmentVocabulary(db, segment: segment)
      known[position] = vocabulary
      loaded[segment] = vocabulary
    }
    if !loaded.isEmpty {
      // Segments merged away are dropped from the cache.
      let current = Set(segments)
      vocabularies.withLock { cache in
        cache.merge(loaded) { old, _ in old }
        cache = cache.filter { current.contains($0.key) }
      }
    }
    return known.compactMap { $0 }
  }
}
