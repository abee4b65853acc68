/// How alike two names are, across scripts and romanizations, from 0 to 1, and why.
///
/// The score compares the names word by word after ``NameReader`` has read them into
/// sounds:
/// - **Words** are compared by an edit distance whose costs say which sounds
///   romanizations confuse (`j`/`g` 0.25, `q`/`k` 0.15, `o`/`u` 0.1; a short vowel, which
///   the Arabic script does not write, 0.25 to insert; see ``Phoneme``), divided by the
///   weight of the longer word: 1 for the same sounds, 0 for nothing in common.
/// - **Order and missing words:** each query word is paired with its best unused word of
///   the candidate, whatever the order. The score is the mean over query words, weighted
///   by their length, so `Jolani` finds `Abu Muhammad al-Jolani`; each candidate word left
///   unpaired then costs 3% (5% at most in all), so the shorter, exact name ranks first.
/// - **Spacing:** a word may pair with two neighbouring words read as one (`Nasrallah` =
///   `نصر الله`), and the whole names are also compared with their words joined
///   (`Abumuhammad` = `Abu Muhammad` = `ابومحمد`); the best reading wins.
/// - Kinship particles (`abu`, `ibn`) weigh a quarter of a word.
public struct NameSimilarity: Sendable {
  /// One pairing of a query word with a candidate word.
  public struct WordMatch: Sendable, Hashable {
    /// The query word.
    public var query: String
    /// The candidate word it was paired with, or nil.
    public var candidate: String?
    /// The similarity of the two words, 0…1.
    public var similarity: Double
  }

  /// The score and how it came about.
  public struct Result: Sendable {
    /// The similarity, 0…1.
    public var score: Double
    /// Word pairings, in query order (empty when the joined comparison won).
    public var matches: [WordMatch]
    /// Whether the score came from comparing the names with their words joined.
    public var joined: Bool
    /// Candidate words no query word was paired with.
    public var unmatched: [String]

    /// A one-line explanation: `jolani=julani 0.97; +abu +muhammad`.
    public var explanation: String {
      var parts: [String] = []
      if joined { parts.append("words joined") }
      for match in matches {
        let value = (match.similarity * 100).rounded() / 100
        parts.append("\(match.query)=\(match.candidate ?? "∅") \(value)")
      }
      if !unmatched.isEmpty { parts.append(unmatched.map { "+\($0)" }.joined(separator: " ")) }
      return parts.joined(separator: "; ")
    }
  }

  /// Creates a scorer.
  public init() {}

  /// The similarity of two names already read into words.
  public func compare(_ query: [NameToken], _ candidate: [NameToken]) -> Result {
    guard !query.isEmpty, !candidate.isEmpty else {
      return Result(score: 0, matches: [], joined: false, unmatched: candidate.map(\.text))
    }
    let byWords = wordScore(query, candidate)
    let joinedQuery = query.flatMap(\.phonemes)
    let joinedCandidate = candidate.flatMap(\.phonemes)
    let joinedScore = Self.similarity(joinedQuery, joinedCandidate)
    if joinedScore > byWords.score + 0.0001 && (query.count > 1 || candidate.count > 1) {
      return Result(score: joinedScore, matches: [], joined: true, unmatched: [])
    }
    return byWords
  }

  /// A word, or two neighbouring words read as one (`نصر الله` against `Nasrallah`).
  private struct Unit {
    var tokens: Range<Int>
    var phonemes: [UInt8]
    var text: String
  }

  private static func units(_ tokens: [NameToken]) -> [Unit] {
    var result: [Unit] = []
    for index in tokens.indices {
      result.append(
        Unit(tokens: index..<index + 1, phonemes: tokens[index].phonemes, text: tokens[index].text))
      if index + 1 < tokens.count {
        result.append(
          Unit(
            tokens: index..<index + 2,
            phonemes: tokens[index].phonemes + tokens[index + 1].phonemes,
            text: tokens[index].text + " " + tokens[index + 1].text))
      }
    }
    return result
  }

  private func wordScore(_ query: [NameToken], _ candidate: [NameToken]) -> Result {
    // Similarities of every query unit with every candidate unit, then a greedy pairing
    // from the best pair down; a pair covering two words must beat its parts to be taken.
    let queryUnits = Self.units(query)
    let candidateUnits = Self.units(candidate)
    var pairs: [(similarity: Double, query: Int, candidate: Int)] = []
    for (queryIndex, queryUnit) in queryUnits.enumerated() {
      for (candidateIndex, candidateUnit) in candidateUnits.enumerated() {
        // Two words against two words is the same as word by word.
        if queryUnit.tokens.count == 2 && candidateUnit.tokens.count == 2 { continue }
        let similarity = Self.similarity(queryUnit.phonemes, candidateUnit.phonemes)
        // A joined unit must be clearly better to win over single words.
        let adjusted =
          queryUnit.tokens.count + candidateUnit.tokens.count > 2 ? similarity - 0.02 : similarity
        pairs.append((adjusted, queryIndex, candidateIndex))
      }
    }
    pairs.sort {
      $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.query < $1.query
    }
    var queryUsed = [Bool](repeating: false, count: query.count)
    var candidateUsed = [Bool](repeating: false, count: candidate.count)
    var similarityOf = [Double](repeating: 0, count: query.count)
    var partnerOf = [String?](repeating: nil, count: query.count)
    for pair in pairs {
      let queryUnit = queryUnits[pair.query]
      let candidateUnit = candidateUnits[pair.candidate]
      guard queryUnit.tokens.allSatisfy({ !queryUsed[$0] }),
        candidateUnit.tokens.allSatisfy({ !candidateUsed[$0] })
      else { continue }
      for index in queryUnit.tokens {
        queryUsed[index] = true
        similarityOf[index] = max(0, pair.similarity)
        partnerOf[index] = candidateUnit.text
      }
      for index in candidateUnit.tokens { candidateUsed[index] = true }
    }
    var total = 0.0
    var weights = 0.0
    var matches: [WordMatch] = []
    for (index, token) in query.enumerated() {
      let weight = Self.weight(of: token)
      total += similarityOf[index] * weight
      weights += weight
      matches.append(
        WordMatch(query: token.text, candidate: partnerOf[index], similarity: similarityOf[index]))
    }
    let unmatched = candidate.indices.filter { !candidateUsed[$0] && !candidate[$0].isParticle }
      .map { candidate[$0].text }
    let penalty = min(0.05, 0.03 * Double(unmatched.count))
    let score = max(0, (weights > 0 ? total / weights : 0) - penalty)
    return Result(score: score, matches: matches, joined: false, unmatched: unmatched)
  }

  static func weight(of token: NameToken) -> Double {
    let length = Double(max(token.phonemes.count, 1))
    return token.isParticle ? length * 0.25 : length
  }

  /// 1 − weighted edit distance ÷ the weight of the heavier sequence.
  static func similarity(_ first: [UInt8], _ second: [UInt8]) -> Double {
    if first == second { return 1 }
    let distance = editDistance(first, second)
    let scale = max(sequenceWeight(first), sequenceWeight(second), 1)
    return max(0, 1 - distance / scale)
  }

  static func sequenceWeight(_ symbols: [UInt8]) -> Double {
    symbols.reduce(0) { $0 + Phoneme.indelCost($1) }
  }

  /// Weighted Levenshtein distance with ``Phoneme`` costs, in O(n·m) time and O(m) space.
  static func editDistance(_ first: [UInt8], _ second: [UInt8]) -> Double {
    if first.isEmpty { return sequenceWeight(second) }
    if second.isEmpty { return sequenceWeight(first) }
    let width = second.count + 1
    // Two rows on the stack: this runs for every pair of words compared.
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * width) { rows in
      var previous = rows.baseAddress.unsafelyUnwrapped
      var current = previous + width
      previous[0] = 0
      for (column, symbol) in second.enumerated() {
        previous[column + 1] = previous[column] + Phoneme.indelCost(symbol)
      }
      for symbol in first {
        let deleteCost = Phoneme.indelCost(symbol)
        current[0] = previous[0] + deleteCost
        for (column, other) in second.enumerated() {
          let substitute = previous[column] + Phoneme.substitutionCost(symbol, other)
          let delete = previous[column + 1] + deleteCost
          let insert = current[column] + Phoneme.indelCost(other)
          current[column + 1] = min(substitute, delete, insert)
        }
        swap(&previous, &current)
      }
      return previous[second.count]
    }
  }
}
