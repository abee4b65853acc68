import Dispatch
import Foundation
import TarjumanNames
import TarjumanText

/// Answers "which concept is this?" for a name or term in any spelling or script: exact
/// spellings after normalization, abbreviations, typos, partial names and romanizations.
///
/// Two ways in, both scored 0…1:
/// 1. **Spelling**: the query's spelling key (the `key` profile without spaces and
///    hyphens: case, diacritics, alef, yeh and kaf forms, ZWNJ) equals a term's. Score 1.
/// 2. **Sound**: ``NameMatcher`` over every term reads names across scripts and
///    romanizations, tolerates a missing or wrong letter (`Damacus`) and missing words
///    (`Jolani` for `Abu Mohammad al-Jolani`). Score: its similarity.
///
/// A concept scores as its best term.
public final class GlossaryIndex: Sendable {
  /// One concept that answers a query.
  public struct Hit: Sendable {
    /// The concept's position in ``glossary``.
    public var conceptIndex: Int
    /// The concept.
    public var concept: Concept
    /// The term that matched best.
    public var term: Term
    /// 0…1.
    public var score: Double
    /// Why it matched, in words.
    public var reason: String
  }

  /// The glossary searched.
  public let glossary: Glossary
  /// For each entry of the matcher, the concept and term index.
  private let owners: [(concept: Int32, term: Int32)]
  private let matcher: NameMatcher
  private let spellings: [String: [Int32]]
  private let validator: GlossaryValidator

  /// Indexes a glossary.
  ///
  /// - Parameter cacheFolder: where to keep what indexing computes from the terms, so that
  ///   the next process with the same glossary reads it instead (see
  ///   ``GlossaryIndex/defaultCacheFolder``); nil to compute it every time.
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public init(_ glossary: Glossary, cacheFolder: URL? = nil) throws {
    self.glossary = glossary
    var owners: [(Int32, Int32)] = []
    var texts: [String] = []
    for (conceptIndex, concept) in glossary.concepts.enumerated() {
      for (termIndex, term) in concept.terms.enumerated() {
        owners.append((Int32(conceptIndex), Int32(termIndex)))
        texts.append(term.text)
      }
    }
    let cache = cacheFolder.map { GlossaryIndexCache(folder: $0) }
    // The saved index is read before the validator is made: the validator waits for the
    // key normalizer, which a short-lived command builds on another thread meanwhile.
    let saved = cache?.read(for: texts)
    let validator = try GlossaryValidator()
    self.validator = validator
    let keys: [String]
    let built: NameMatcher
    if let saved {
      keys = saved.spellingKeys
      built = try NameMatcher(
        candidates: texts, tokens: saved.tokens,
        postings: (saved.postingKeys, saved.postingPositions))
    } else {
      keys = Self.spellingKeys(texts, validator: validator)
      built = try NameMatcher(candidates: texts)
      let postings = built.postings
      cache?.write(
        GlossaryIndexCache.Contents(
          spellingKeys: keys, tokens: texts.indices.map { built.tokens(at: $0) },
          postingKeys: postings.keys, postingPositions: postings.positions),
        for: texts)
    }
    matcher = built
    var spellings: [String: [Int32]] = [:]
    for (entry, key) in keys.enumerated() { spellings[key, default: []].append(Int32(entry)) }
    self.owners = owners
    self.spellings = spellings
  }

  /// Where a short-lived command keeps the index's cache: `$XDG_CACHE_HOME/tarjuman`
  /// (`~/.cache/tarjuman`), or nil when there is no home.
  public static var defaultCacheFolder: URL? { CacheFile.defaultFolder() }

  /// The spelling keys of terms, computed on all cores (keying thousands of terms is most
  /// of a short `lookup` without a cache).
  private static func spellingKeys(_ texts: [String], validator: GlossaryValidator) -> [String] {
    var keys = [String](repeating: "", count: texts.count)
    keys.withUnsafeMutableBufferPointer { buffer in
      let shared = SharedKeys(buffer: buffer)
      let slices = max(1, min(texts.count / 256, 16))
      DispatchQueue.concurrentPerform(iterations: slices) { slice in
        var position = slice
        while position < texts.count {
          shared.buffer[position] = validator.spellingKey(texts[position])
          position += slices
        }
      }
    }
    return keys
  }

  /// The concepts that answer a query, best first, one hit per concept.
  ///
  /// - Parameters:
  ///   - query: a name or term in any script.
  ///   - limit: how many concepts at most.
  ///   - minimumScore: hits below this are left out.
  public func lookup(_ query: String, limit: Int = 5, minimumScore: Double = 0.75) -> [Hit] {
    var best: [Int32: Hit] = [:]
    func offer(_ entry: Int32, score: Double, reason: String) {
      let (conceptIndex, termIndex) = owners[Int(entry)]
      let concept = glossary.concepts[Int(conceptIndex)]
      let term = concept.terms[Int(termIndex)]
      if let existing = best[conceptIndex] {
        // Between equal scores, the better-status term explains the hit.
        guard
          score > existing.score || (score == existing.score && term.status < existing.term.status)
        else { return }
      }
      best[conceptIndex] = Hit(
        conceptIndex: Int(conceptIndex), concept: concept, term: term, score: score, reason: reason)
    }
    let key = validator.spellingKey(query)
    for entry in spellings[key] ?? [] {
      let term = glossary.concepts[Int(owners[Int(entry)].concept)].terms[
        Int(owners[Int(entry)].term)]
      let how = term.text == query ? "exact spelling" : "same spelling after normalization"
      offer(entry, score: 1, reason: "\(how) of the \(term.language) \(describe(term))")
    }
    for match in matcher.matches(for: query, top: max(limit * 4, 20), minimumScore: minimumScore) {
      let entry = Int32(match.index)
      let term = glossary.concepts[Int(owners[match.index].concept)].terms[
        Int(owners[match.index].term)]
      offer(
        entry, score: match.score,
        reason:
          "sounds like the \(term.language) \(describe(term)) '\(term.text)' [\(match.explanation)]"
      )
    }
    return best.values.filter { $0.score >= minimumScore }
      .sorted {
        $0.score != $1.score ? $0.score > $1.score : $0.conceptIndex < $1.conceptIndex
      }
      .prefix(max(limit, 0)).map { $0 }
  }

  /// Concepts close to a query that found nothing, for "did you mean".
  public func suggestions(for query: String, limit: Int = 3) -> [Hit] {
    lookup(query, limit: limit, minimumScore: 0.4)
  }

  /// Lets the workers of `concurrentPerform` write distinct elements of one buffer.
  private struct SharedKeys: @unchecked Sendable {
    // @unchecked: each worker writes only the elements of its own slice.
    let buffer: UnsafeMutableBufferPointer<String>
  }

  private func describe(_ term: Term) -> String {
    let type: String =
      switch term.type {
      case .fullForm: "name"
      case .shortForm: "short form"
      case .abbreviation: "abbreviation"
      case .nomDeGuerre: "nom de guerre"
      case .birthName: "birth name"
      case .variant: "variant spelling"
      }
    switch term.status {
    case .preferred, .admitted: return type
    case .deprecated, .forbidden: return "\(term.status.rawValue) \(type)"
    }
  }
}
