import Dispatch
import Foundation
import TarjumanText

/// The cross-script comparison key of a name: the consonant skeleton of each word, in
/// coarse classes that romanizations confuse (see ``NameReader`` and ``Phoneme``).
///
///     try NameKey.of("Abu Muhammad al-Jolani")  // "abu mhmd jln"
///     try NameKey.of("أبو محمد الجولاني")         // "abu mhmd jln"
///     try NameKey.of("Golani")                    // "jln"
///
/// Vowels, hamza and ayn, articles and doubled letters leave no trace; kinship particles
/// are kept as `abu`, `ibn`, `bint`. Two spellings with the same key are very likely the
/// same name; different keys may still be the same name (``NameSimilarity`` decides).
public enum NameKey {
  /// The key of one name.
  ///
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public static func of(_ name: String) throws -> String {
    key(of: try NameReader().tokens(of: name))
  }

  /// The key of a name already read into words.
  public static func key(of tokens: [NameToken]) -> String {
    tokens.map { $0.isParticle ? $0.sounds : $0.skeleton }.filter { !$0.isEmpty }
      .joined(separator: " ")
  }
}

/// Finds the names in a list most like a query, through an index on skeletons rather than
/// by comparing every pair.
///
/// Each candidate is indexed under the skeleton of each of its words, of all its words
/// joined, and of every form of those with one consonant class left out (so that one
/// wrong or missing consonant, as in `Damacus`, still meets); under the meanings its words
/// have in the lexicon (``NameLexicon``: `Forces`, `قوات`), and under the concepts it is a
/// name of in the gazetteer (``NameGazetteer``), when given. A query looks up the same
/// keys, ranks the candidates it meets by how many keys they share, and scores the best
/// 100 of them with ``NameSimilarity``; a candidate that names the same gazetteer concept
/// as the query scores 1 (`glossary: <concept id>`). An abbreviation and a name whose
/// initials spell it (``Acronym``: `IRGC`, *Islamic Revolutionary Guard Corps*) meet
/// through keys of their letters and score 0.6–0.9 (`acronym: ...`).
///
/// - Complexity: building is O(total length of the candidates); a query costs at most 100
///   scores, whatever the size of the list.
public final class NameMatcher: Sendable {
  /// One result of a query.
  public struct Match: Sendable, Hashable {
    /// The position of the candidate in the list the matcher was built from.
    public var index: Int
    /// The candidate as given.
    public var candidate: String
    /// The similarity, 0…1.
    public var score: Double
    /// Why the score is what it is (see ``NameSimilarity/Result/explanation``), or
    /// `glossary: <concept id>`.
    public var explanation: String
    /// The gazetteer concept the query and the candidate both name, if that is how they
    /// matched.
    public var concept: String? = nil
  }

  private let reader: NameReader
  private let names: [String]
  private let tokens: [[NameToken]]
  /// What the lexicon and the rules know of each candidate's words (nil: nothing).
  private let words: [[NameSimilarity.Word]?]
  /// The same, computed on first use, for a matcher read from a cache (then `words` is
  /// empty): a short `lookup` scores a few dozen candidates, not thousands.
  private let lazyWords: LazyWords?
  /// The index: every (key, candidate) pair, sorted by key, in two parallel arrays; a
  /// key's candidates are a range found by binary search. Building it is one sort, with
  /// no allocation per key (thousands of names are indexed at every start of `lookup`).
  private let postingKeys: [UInt64]
  private let indexPositions: [Int32]
  private let similarity: NameSimilarity
  private let gazetteer: NameGazetteer?
  /// The gazetteer concepts of the candidates that have some.
  private let conceptsOf: [Int32: [Int32]]

  /// Builds the index over candidate names, with the shipped lexicon (``NameLexicon/shipped()``)
  /// and no gazetteer.
  ///
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public convenience init(candidates: [String]) throws {
    try self.init(candidates: candidates, lexicon: NameLexicon.shipped(), gazetteer: nil)
  }

  /// Builds the index over candidate names.
  ///
  /// - Parameters:
  ///   - lexicon: the name words to pair translated words through; nil to compare words by
  ///     sound only.
  ///   - gazetteer: names known to be one concept (the glossaries'); nil for none.
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public init(candidates: [String], lexicon: NameLexicon?, gazetteer: NameGazetteer? = nil)
    throws
  {
    let reader = try NameReader()
    self.reader = reader
    let similarity = NameSimilarity(lexicon: lexicon)
    self.similarity = similarity
    self.gazetteer = gazetteer
    names = candidates
    // Reading thousands of names is the cost of a short-lived command: it is split over
    // all cores.
    var read = [[NameToken]](repeating: [], count: candidates.count)
    var known = [[NameSimilarity.Word]?](repeating: nil, count: candidates.count)
    var concepts = [[Int32]](repeating: [], count: gazetteer == nil ? 0 : candidates.count)
    read.withUnsafeMutableBufferPointer { readBuffer in
      known.withUnsafeMutableBufferPointer { knownBuffer in
        concepts.withUnsafeMutableBufferPointer { conceptBuffer in
          let shared = SharedTokens(
            tokens: readBuffer, words: knownBuffer, concepts: conceptBuffer)
          let slices = max(1, min(candidates.count / 256, 16))
          DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let workspace = NormalizerWorkspace()
            var position = slice
            while position < candidates.count {
              let tokens = reader.tokens(of: candidates[position], workspace: workspace)
              shared.tokens[position] = tokens
              shared.words[position] = similarity.words(tokens)
              if let gazetteer {
                shared.concepts[position] = gazetteer.concepts(
                  of: candidates[position], tokens: tokens, workspace: workspace)
              }
              position += slices
            }
          }
        }
      }
    }
    tokens = read
    words = known
    lazyWords = nil
    var conceptsOf: [Int32: [Int32]] = [:]
    for (position, found) in concepts.enumerated() where !found.isEmpty {
      conceptsOf[Int32(position)] = found
    }
    self.conceptsOf = conceptsOf
    (postingKeys, indexPositions) = Self.buildIndex(candidates, read, known, conceptsOf)
  }

  /// Builds the index over candidates already read into words (by an earlier run, from a
  /// cache: see ``tokens(at:)``), with the shipped lexicon.
  ///
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded (for queries).
  ///
  /// - Parameter postings: the index as ``postings`` gave it for these tokens, if saved too
  ///   (by a run with the same ``indexFingerprint``).
  package init(
    candidates: [String], tokens: [[NameToken]], postings: (keys: [UInt64], positions: [Int32])?
  ) throws {
    precondition(candidates.count == tokens.count, "one token list per candidate")
    reader = try NameReader()
    let similarity = NameSimilarity(lexicon: try NameLexicon.shipped())
    self.similarity = similarity
    gazetteer = nil
    conceptsOf = [:]
    names = candidates
    self.tokens = tokens
    if let postings, postings.keys.count == postings.positions.count {
      words = []
      lazyWords = LazyWords(tokens: tokens, similarity: similarity)
      (postingKeys, indexPositions) = postings
    } else {
      words = tokens.map { similarity.words($0) }
      lazyWords = nil
      (postingKeys, indexPositions) = Self.buildIndex(candidates, tokens, words, [:])
    }
  }

  /// Changes whenever the index keys of a name change (the reading rules or the shipped
  /// lexicon), for caches of ``postings``.
  package static var indexFingerprint: UInt64 {
    NameLexicon.shippedFingerprint &+ 4
  }

  /// The words a candidate was read into, for saving them.
  package func tokens(at position: Int) -> [NameToken] { tokens[position] }

  /// The index's (key, candidate) pairs, for saving them.
  package var postings: (keys: [UInt64], positions: [Int32]) { (postingKeys, indexPositions) }

  private static func buildIndex(
    _ names: [String], _ tokens: [[NameToken]], _ words: [[NameSimilarity.Word]?],
    _ concepts: [Int32: [Int32]]
  ) -> ([UInt64], [Int32]) {
    var pairs: [(key: UInt64, position: Int32)] = []
    pairs.reserveCapacity(tokens.count * 8)
    for (position, nameTokens) in tokens.enumerated() {
      for key in indexKeys(nameTokens, words[position]) { pairs.append((key, Int32(position))) }
      for key in acronymKeys(of: names[position], asQuery: false) {
        pairs.append((key, Int32(position)))
      }
    }
    for (position, found) in concepts {
      for concept in found { pairs.append((conceptKey(concept), position)) }
    }
    pairs.sort { $0.key != $1.key ? $0.key < $1.key : $0.position < $1.position }
    return (pairs.map(\.key), pairs.map(\.position))
  }

  /// The candidates indexed under a key, in list order.
  private func postings(_ key: UInt64) -> ArraySlice<Int32> {
    var low = 0
    var high = postingKeys.count
    while low < high {
      let middle = (low + high) / 2
      if postingKeys[middle] < key { low = middle + 1 } else { high = middle }
    }
    var end = low
    while end < postingKeys.count && postingKeys[end] == key { end += 1 }
    return indexPositions[low..<end]
  }

  /// The number of candidates.
  public var count: Int { names.count }

  /// The best candidates for a query, best first.
  ///
  /// - Parameters:
  ///   - query: a name in any script.
  ///   - top: how many results at most.
  ///   - minimumScore: results scoring below this are left out.
  public func matches(for query: String, top: Int = 5, minimumScore: Double = 0.5) -> [Match] {
    let queryTokens = reader.tokens(of: query)
    let queryWords = similarity.words(queryTokens)
    let queryConcepts = gazetteer?.concepts(of: query) ?? []
    // Candidates met through more keys come first; only the best of them are scored, so
    // that a query costs the same whatever the size of the list. An exact skeleton counts
    // more than a skeleton one consonant off, and keys shared by a large part of the list
    // (a two-consonant skeleton in a list of 100,000) say too little to be followed. The
    // names of the query's gazetteer concepts come before all others.
    var votes: [Int32: Int] = [:]
    let keys = Self.indexKeys(queryTokens, queryWords)
    let commonLimit = max(Self.commonKeyMinimum, names.count / 50)
    let informative = keys.filter { postings($0).count <= commonLimit }
    for key in informative.isEmpty ? keys : informative {
      let weight = key & Self.nearKeyFlag != 0 ? 1 : 3
      for position in postings(key) { votes[position, default: 0] += weight }
    }
    for concept in queryConcepts {
      for position in postings(Self.conceptKey(concept)) {
        votes[position, default: 0] += Self.conceptVote
      }
    }
    let queryAbbreviation = Acronym.letters(ofAbbreviation: query)
    let queryHasPeriods = queryAbbreviation != nil && query.contains(".")
    let queryInitials = Acronym.initials(of: query)
    for key in Self.acronymKeys(
      abbreviation: queryAbbreviation, initials: queryInitials, asQuery: true)
    {
      for position in postings(key) { votes[position, default: 0] += Self.acronymVote }
    }
    let shortlist = votes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      .prefix(Self.shortlistSize)
    // Each result with the similarity by the rules, which orders equal scores: of two
    // names of the query's concept (`Ahmed al-Sharaa` and `Abu Mohammad al-Jolani`), the
    // one that also sounds like the query comes first.
    var results: [(match: Match, bySound: Double)] = []
    for (position, _) in shortlist {
      // (Not `??`: nil is a valid answer of the lazy store, and `words` is empty then.)
      let candidateWords: [NameSimilarity.Word]?
      if let lazyWords {
        candidateWords = lazyWords.words(at: Int(position))
      } else {
        candidateWords = words[Int(position)]
      }
      let result = similarity.compare(
        queryTokens, queryWords, tokens[Int(position)], candidateWords)
      if !queryConcepts.isEmpty, let gazetteer,
        let shared = conceptsOf[position]?.first(where: queryConcepts.contains)
      {
        let id = gazetteer.id(of: shared)
        results.append(
          (
            Match(
              index: Int(position), candidate: names[Int(position)], score: 1,
              explanation: "glossary: \(id)", concept: id), result.score
          ))
        continue
      }
      var match = Match(
        index: Int(position), candidate: names[Int(position)], score: result.score,
        explanation: result.explanation)
      if let (letters, score) = Self.acronymScore(
        queryAbbreviation: queryAbbreviation, queryHasPeriods: queryHasPeriods,
        queryInitials: queryInitials, candidate: names[Int(position)]), score > match.score
      {
        match.score = score
        match.explanation = "acronym: \(letters)"
      }
      guard match.score >= minimumScore else { continue }
      results.append((match, result.score))
    }
    // Between equal scores, a name the glossary knows comes first.
    results.sort {
      if $0.match.score != $1.match.score { return $0.match.score > $1.match.score }
      if ($0.match.concept != nil) != ($1.match.concept != nil) { return $0.match.concept != nil }
      if $0.bySound != $1.bySound { return $0.bySound > $1.bySound }
      return $0.match.index < $1.match.index
    }
    return results.prefix(max(top, 0)).map(\.match)
  }

  /// The results for many queries, computed on all cores, in the order of the queries.
  public func matches(
    for queries: [String], top: Int = 5, minimumScore: Double = 0.5
  ) -> [[Match]] {
    var results = [[Match]](repeating: [], count: queries.count)
    results.withUnsafeMutableBufferPointer { buffer in
      let shared = SharedResults(buffer: buffer)
      DispatchQueue.concurrentPerform(iterations: queries.count) { index in
        shared.buffer[index] = matches(for: queries[index], top: top, minimumScore: minimumScore)
      }
    }
    return results
  }

  /// Lets the workers of `concurrentPerform` write distinct elements of these buffers.
  private struct SharedTokens: @unchecked Sendable {
    // @unchecked: each worker writes only the elements of its own slice.
    let tokens: UnsafeMutableBufferPointer<[NameToken]>
    let words: UnsafeMutableBufferPointer<[NameSimilarity.Word]?>
    let concepts: UnsafeMutableBufferPointer<[Int32]>
  }

  /// Lets the workers of `concurrentPerform` write distinct elements of one buffer.
  private struct SharedResults: @unchecked Sendable {
    // @unchecked: each worker writes only the element at its own index.
    let buffer: UnsafeMutableBufferPointer<[Match]>
  }

  /// How many of the candidates met through the index are scored, at most.
  static let shortlistSize = 100
  /// Keys met by more candidates than this (or 2% of the list, if more) are not followed.
  static let commonKeyMinimum = 2_000
  /// The vote of a shared gazetteer concept: more than any number of shared skeletons.
  static let conceptVote = 1 << 20

  /// The vote of an abbreviation and a name whose initials spell it: more than words in
  /// common, less than a shared gazetteer concept.
  static let acronymVote = 1 << 10

  /// The keys that bring an abbreviation and the names it may stand for together: a
  /// name is indexed under its letters as an abbreviation and under its initials; a query
  /// looks up the other side, so that two long names never meet by their initials.
  static func acronymKeys(of name: String, asQuery: Bool) -> [UInt64] {
    acronymKeys(
      abbreviation: Acronym.letters(ofAbbreviation: name), initials: Acronym.initials(of: name),
      asQuery: asQuery)
  }

  /// The same keys, from a name's letters as an abbreviation and its initials.
  static func acronymKeys(
    abbreviation: String?, initials: [(letters: String, primary: Bool)], asQuery: Bool
  ) -> [UInt64] {
    var keys: [UInt64] = []
    if let abbreviation { keys.append(acronymKey(abbreviation, initials: asQuery)) }
    for (letters, _) in initials { keys.append(acronymKey(letters, initials: !asQuery)) }
    return keys
  }

  /// The key of an abbreviation's letters, or of a name's initials: a hash of bytes no
  /// skeleton contains.
  static func acronymKey(_ letters: String, initials: Bool) -> UInt64 {
    hash([0xFC, initials ? 2 : 1] + Array(letters.utf8), skipping: nil)
  }

  /// The letters and score of a query and a candidate of which one is an abbreviation of
  /// the other (see ``Acronym/score(letters:primary:)``), or nil.
  static func acronymScore(
    queryAbbreviation: String?, queryHasPeriods: Bool,
    queryInitials: [(letters: String, primary: Bool)], candidate: String
  ) -> (String, Double)? {
    var best: (String, Double)?
    func consider(_ letters: String, _ primary: Bool, hasPeriods: Bool) {
      let score = Acronym.score(letters: letters, primary: primary, hasPeriods: hasPeriods)
      if score > best?.1 ?? 0 { best = (letters, score) }
    }
    if let queryAbbreviation {
      for (letters, primary) in Acronym.initials(of: candidate) where letters == queryAbbreviation {
        consider(letters, primary, hasPeriods: queryHasPeriods)
      }
    }
    if !queryInitials.isEmpty, let letters = Acronym.letters(ofAbbreviation: candidate) {
      let hasPeriods = Acronym.hasPeriods(candidate)
      for (initials, primary) in queryInitials where initials == letters {
        consider(letters, primary, hasPeriods: hasPeriods)
      }
    }
    return best
  }

  /// The keys a name is indexed and looked up under.
  ///
  /// Keys are 64-bit hashes of the skeleton bytes, the top bit marking a "near" key (one
  /// consonant class off). A collision could only add a candidate to the shortlist, which
  /// ``NameSimilarity`` then scores on the real words: hashes cost a fraction of strings
  /// when thousands of names are indexed at start-up. Besides the skeletons, a word is
  /// indexed under its skeleton with a Latin `g` read as غ, the skeleton without its
  /// plural ending (``NameReader/stem(of:)``), and each meaning it has in the lexicon.
  static func indexKeys(_ tokens: [NameToken], _ words: [NameSimilarity.Word]?) -> Set<UInt64> {
    var keys = Set<UInt64>()
    var joined: [UInt8] = []
    var skeletons = 0
    for (position, token) in tokens.enumerated() where !token.isParticle {
      let skeleton = token.skeletonBytes
      if let word = words?[position] {
        if word.role == .word {
          for meaning in word.meanings { keys.insert(meaningKey(meaning)) }
        }
        if let stem = word.stem {
          let stemSkeleton = NameToken.skeleton(of: stem)
          if !stemSkeleton.isEmpty && stemSkeleton != skeleton {
            addWithDeletions(stemSkeleton, to: &keys)
          }
        }
      }
      guard !skeleton.isEmpty else { continue }
      skeletons += 1
      joined += skeleton
      addWithDeletions(skeleton, to: &keys)
      if token.phonemes.contains(UInt8(ascii: "g")) {
        addWithDeletions(NameToken.skeleton(of: token.phonemes, gAsK: true), to: &keys)
      }
    }
    if skeletons > 1 { addWithDeletions(joined, to: &keys) }
    return keys
  }

  /// The bit that marks a near key.
  static let nearKeyFlag: UInt64 = 1 << 63

  /// The key of a lexicon meaning: a hash of bytes no skeleton contains.
  static func meaningKey(_ meaning: UInt16) -> UInt64 {
    hash([0xFE, UInt8(meaning >> 8), UInt8(meaning & 0xFF)], skipping: nil)
  }

  /// The key of a gazetteer concept: a hash of bytes no skeleton contains.
  static func conceptKey(_ concept: Int32) -> UInt64 {
    let value = UInt32(bitPattern: concept)
    return hash(
      [
        0xFD, UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF),
        UInt8(value & 0xFF),
      ], skipping: nil)
  }

  private static func addWithDeletions(_ classes: [UInt8], to keys: inout Set<UInt64>) {
    keys.insert(hash(classes, skipping: nil))
    // Near keys meet a skeleton with one class more, less or different: both sides add
    // themselves and, from three classes on, every form with one class left out.
    guard classes.count >= 2 else { return }
    keys.insert(hash(classes, skipping: nil) | nearKeyFlag)
    guard classes.count >= 3 else { return }
    for removed in classes.indices {
      keys.insert(hash(classes, skipping: removed) | nearKeyFlag)
    }
  }

  /// FNV-1a of the bytes (one left out, if given), without the top bit.
  private static func hash(_ bytes: [UInt8], skipping skipped: Int?) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for (position, byte) in bytes.enumerated() where position != skipped {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    return hash & ~nearKeyFlag
  }
}

/// Candidate words computed on first use and kept, safe to use from several threads.
private final class LazyWords: @unchecked Sendable {
  // @unchecked: `known` and `done` are read and written only under `lock`.
  private let tokens: [[NameToken]]
  private let similarity: NameSimilarity
  private var known: [[NameSimilarity.Word]?]
  private var done: [Bool]
  private let lock = NSLock()

  init(tokens: [[NameToken]], similarity: NameSimilarity) {
    self.tokens = tokens
    self.similarity = similarity
    known = Array(repeating: nil, count: tokens.count)
    done = Array(repeating: false, count: tokens.count)
  }

  func words(at position: Int) -> [NameSimilarity.Word]? {
    lock.lock()
    defer { lock.unlock() }
    if !done[position] {
      known[position] = similarity.words(tokens[position])
      done[position] = true
    }
    return known[position]
  }
}
