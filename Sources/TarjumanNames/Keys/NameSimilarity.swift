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
///   unpaired then costs 3% (6% at most in all), so the shorter, exact name ranks first.
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
    /// The meaning of the lexicon through which the two words were paired, as its first
    /// English form (`west` for *West* = `باختری`), or nil when they were compared by sound.
    public var translation: String? = nil
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

    /// A one-line explanation: `jolani=julani 0.97; +abu +muhammad`; a pairing through the
    /// lexicon is marked `west=باختری 0.92 (lexicon: west)`.
    public var explanation: String {
      var parts: [String] = []
      if joined { parts.append("words joined") }
      for match in matches {
        let value = (match.similarity * 100).rounded() / 100
        var part = "\(match.query)=\(match.candidate ?? "∅") \(value)"
        if let translation = match.translation { part += " (lexicon: \(translation))" }
        parts.append(part)
      }
      if !unmatched.isEmpty { parts.append(unmatched.map { "+\($0)" }.joined(separator: " ")) }
      return parts.joined(separator: "; ")
    }
  }

  /// What the rules and the lexicon know of one word beyond its sounds, worked out once
  /// per name (``words(_:)``) so that a matcher scoring many pairs does not repeat it.
  package struct Word: Sendable, Hashable {
    /// The sounds without a plural or abstract ending (``NameReader/stem(of:)``).
    var stem: [UInt8]?
    /// The lexicon's meanings of the word, ascending.
    var meanings: [UInt16]
    /// The word's role in the name.
    var role: NameLexicon.Role
    /// Whether the lexicon knows the word as a general word (*Forces*).
    var isGeneral: Bool

    /// Whether the word carries nothing beyond its sounds.
    var isPlain: Bool { stem == nil && meanings.isEmpty && role == .word }
  }

  private let lexicon: NameLexicon?

  /// Creates a scorer that compares words by sound only.
  public init() { lexicon = nil }

  /// Creates a scorer that also pairs words through a lexicon of name words (see
  /// ``NameLexicon``); nil compares by sound only.
  public init(lexicon: NameLexicon?) { self.lexicon = lexicon }

  /// What is known of each word of a name, or nil when nothing is (most names).
  package func words(_ tokens: [NameToken]) -> [Word]? {
    var result: [Word] = []
    var anything = false
    for token in tokens {
      let entry = lexicon?.entry(for: token)
      let word = Word(
        stem: token.isParticle ? nil : NameReader.stem(of: token), meanings: entry?.meanings ?? [],
        role: entry?.role ?? .word, isGeneral: entry?.isGeneral ?? false)
      anything = anything || !word.isPlain
      result.append(word)
    }
    return anything ? result : nil
  }

  /// The similarity of two names already read into words.
  public func compare(_ query: [NameToken], _ candidate: [NameToken]) -> Result {
    compare(query, words(query), candidate, words(candidate))
  }

  /// The similarity of two names, with what is known of their words (``words(_:)``).
  package func compare(
    _ query: [NameToken], _ queryWords: [Word]?, _ candidate: [NameToken],
    _ candidateWords: [Word]?
  ) -> Result {
    guard !query.isEmpty, !candidate.isEmpty else {
      return Result(score: 0, matches: [], joined: false, unmatched: candidate.map(\.text))
    }
    let byWords = wordScore(
      query, queryWords, candidate, candidateWords,
      vowels: VowelCosts.of(
        firstIsArabic: query[0].isArabicScript, secondIsArabic: candidate[0].isArabicScript))
    let joinedQuery = query.flatMap(\.phonemes)
    let joinedCandidate = candidate.flatMap(\.phonemes)
    let vowels = VowelCosts.of(
      firstIsArabic: query[0].isArabicScript, secondIsArabic: candidate[0].isArabicScript)
    let joinedScore = Self.similarity(joinedQuery, joinedCandidate, vowels: vowels)
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

  /// What comparing a word without its ending costs (`Houthis` = `حوثی‌ها` as `houthi` =
  /// `حوثی`): a little, so that the same word with the same ending ranks first.
  static let stemCost = 0.05

  /// The most two words the lexicon knows as different words can score.
  static let differentWordsSimilarity = 0.6

  /// Below this, a title or function word is left unpaired rather than paired with a
  /// word it does not translate.
  static let minorWordThreshold = 0.8

  /// The similarity of two single words, by sound, without endings, or through the
  /// lexicon, whichever is best; and the meaning that paired them, if that was the lexicon.
  private func wordSimilarity(
    _ query: [UInt8], _ queryWord: Word?, _ candidate: [UInt8], _ candidateWord: Word?,
    vowels: VowelCosts
  ) -> (Double, UInt16?) {
    var best = Self.similarity(query, candidate, vowels: vowels)
    guard best < 1 else { return (best, nil) }
    let queryStem = queryWord?.stem
    let candidateStem = candidateWord?.stem
    if let queryStem {
      best = max(best, Self.similarity(queryStem, candidate, vowels: vowels) - Self.stemCost)
    }
    if let candidateStem {
      best = max(best, Self.similarity(query, candidateStem, vowels: vowels) - Self.stemCost)
    }
    if let queryStem, let candidateStem {
      best = max(
        best, Self.similarity(queryStem, candidateStem, vowels: vowels) - Self.stemCost)
    }
    if let queryWord, let candidateWord, !queryWord.meanings.isEmpty,
      !candidateWord.meanings.isEmpty
    {
      guard let shared = Self.sharedMeaning(queryWord.meanings, candidateWord.meanings) else {
        // Two words the lexicon knows as different words are different, however alike
        // they sound (`sea` and `سیاه`, black).
        return (min(best, Self.differentWordsSimilarity), nil)
      }
      if best < NameLexicon.translationSimilarity {
        return (NameLexicon.translationSimilarity, shared)
      }
    }
    return (best, nil)
  }

  /// The first meaning in both sorted lists, if any.
  private static func sharedMeaning(_ first: [UInt16], _ second: [UInt16]) -> UInt16? {
    var i = 0
    var j = 0
    while i < first.count && j < second.count {
      if first[i] == second[j] { return first[i] }
      if first[i] < second[j] { i += 1 } else { j += 1 }
    }
    return nil
  }

  private func wordScore(
    _ query: [NameToken], _ queryWords: [Word]?, _ candidate: [NameToken],
    _ candidateWords: [Word]?, vowels: VowelCosts
  ) -> Result {
    func role(_ words: [Word]?, _ index: Int) -> NameLexicon.Role {
      words?[index].role ?? .word
    }
    // Titles and function words weigh little and may be missing on either side, unless
    // the query is nothing else (`King`).
    let queryIsMinorOnly = query.indices.allSatisfy {
      query[$0].isParticle || role(queryWords, $0) != .word
    }
    func isMinor(_ words: [Word]?, _ index: Int, query isQuery: Bool) -> Bool {
      role(words, index) != .word && !(isQuery && queryIsMinorOnly)
    }
    // Similarities of every query unit with every candidate unit, then a greedy pairing
    // from the best pair down; a pair covering two words must beat its parts to be taken.
    let queryUnits = Self.units(query)
    let candidateUnits = Self.units(candidate)
    var pairs: [(similarity: Double, query: Int, candidate: Int, meaning: UInt16?)] = []
    for (queryIndex, queryUnit) in queryUnits.enumerated() {
      for (candidateIndex, candidateUnit) in candidateUnits.enumerated() {
        // Two words against two words is the same as word by word.
        if queryUnit.tokens.count == 2 && candidateUnit.tokens.count == 2 { continue }
        var similarity: Double
        var meaning: UInt16?
        if queryUnit.tokens.count == 1 && candidateUnit.tokens.count == 1 {
          let queryToken = queryUnit.tokens.lowerBound
          let candidateToken = candidateUnit.tokens.lowerBound
          (similarity, meaning) = wordSimilarity(
            queryUnit.phonemes, queryWords?[queryToken], candidateUnit.phonemes,
            candidateWords?[candidateToken], vowels: vowels)
        } else {
          similarity = Self.similarity(
            queryUnit.phonemes, candidateUnit.phonemes, vowels: vowels)
          // A joined unit must be clearly better to win over single words.
          similarity -= 0.02
        }
        let minor =
          queryUnit.tokens.contains { isMinor(queryWords, $0, query: true) }
          || candidateUnit.tokens.contains { isMinor(candidateWords, $0, query: false) }
        // A kinship particle pairs with another particle, or with a word only when they
        // sound alike: `ibn` is not `عبد`, nor `abu` a long name left unpaired.
        let queryParticle = queryUnit.tokens.contains { query[$0].isParticle }
        let candidateParticle = candidateUnit.tokens.contains { candidate[$0].isParticle }
        if (minor || queryParticle != candidateParticle) && similarity < Self.minorWordThreshold {
          continue
        }
        pairs.append((similarity, queryIndex, candidateIndex, meaning))
      }
    }
    pairs.sort {
      $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.query < $1.query
    }
    var queryUsed = [Bool](repeating: false, count: query.count)
    var candidateUsed = [Bool](repeating: false, count: candidate.count)
    var similarityOf = [Double](repeating: 0, count: query.count)
    var candidateSimilarity = [Double](repeating: 0, count: candidate.count)
    var candidateBySound = [Bool](repeating: false, count: candidate.count)
    var partnerOf = [String?](repeating: nil, count: query.count)
    // The first candidate word each query word was paired with.
    var partnerIndexOf = [Int?](repeating: nil, count: query.count)
    var meaningOf = [UInt16?](repeating: nil, count: query.count)
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
        partnerIndexOf[index] = candidateUnit.tokens.lowerBound
        meaningOf[index] = pair.meaning
      }
      for index in candidateUnit.tokens {
        candidateUsed[index] = true
        candidateSimilarity[index] = max(0, pair.similarity)
        candidateBySound[index] = pair.meaning == nil
      }
    }
    // Query-side: the mean over query words, weighted by length; a title or function word
    // left unpaired does not count.
    var total = 0.0
    var weights = 0.0
    var matches: [WordMatch] = []
    // Query words no candidate word was paired with, as a share of the query: words of
    // the lexicon (`State` in `State of Kuwait`) and the rest.
    var unpairedGeneralWeight = 0.0
    var unpairedOtherWeight = 0.0
    var queryContentWeight = 0.0
    // The first name of the query left out: a short form keeps it more often than a
    // middle name (`Uday Hussein` for `Uday Saddam Hussein`, not `Saddam Hussein`).
    var unpairedFirstWeight = 0.0
    // Kinship particles left out (`Abolfazl` is not `فاضل`).
    var unpairedParticleWeight = 0.0
    var seenContent = false
    for (index, token) in query.enumerated() {
      let minor = isMinor(queryWords, index, query: true)
      let weight = Self.weight(of: token) * (minor ? 0.25 : 1)
      if !(minor && !queryUsed[index]) {
        total += similarityOf[index] * weight
        weights += weight
      }
      if token.isParticle && !queryUsed[index] { unpairedParticleWeight += weight }
      if !minor && !token.isParticle {
        queryContentWeight += weight
        if !queryUsed[index] && !seenContent && queryWords?[index].meanings.isEmpty != false {
          unpairedFirstWeight = weight
        }
        seenContent = true
        if !queryUsed[index] {
          if queryWords?[index].meanings.isEmpty == false {
            unpairedGeneralWeight += weight
          } else {
            unpairedOtherWeight += weight
          }
        }
      }
      matches.append(
        WordMatch(
          query: token.text, candidate: partnerOf[index], similarity: similarityOf[index],
          translation: meaningOf[index].map { lexicon?.gloss(of: $0) ?? "" }))
    }
    let unmatched = candidate.indices.filter {
      !candidateUsed[$0] && !candidate[$0].isParticle && !isMinor(candidateWords, $0, query: false)
    }
    .map { candidate[$0].text }
    // A title or function word the query does not have costs a little, so that of two
    // names otherwise alike the one without it comes first (`Ahmad Massoud`).
    let minorUnmatched = candidate.indices.filter {
      !candidateUsed[$0] && isMinor(candidateWords, $0, query: false)
    }.count
    let minorPenalty = min(0.02, 0.01 * Double(minorUnmatched))
    let penalty =
      min(Self.unpairedWordsPenalty, 0.03 * Double(unmatched.count)) + minorPenalty
    var score = max(0, (weights > 0 ? total / weights : 0) - penalty)
    // Candidate-side: a candidate all of whose words are in the query, each well paired,
    // is the query with words left out (`Ahmed al-Sharaa` for `Ahmed Hussein al-Sharaa`,
    // `Kuwait` for `State of Kuwait`). It scores its own mean less a quarter of the share
    // of the query it leaves out (less for general words of the lexicon), rather than
    // ranking below a candidate whose words all pair badly. A one-word candidate counts
    // only when the words left out are words of the lexicon and its own word is a name
    // paired by sound: `Syria` is not `Syrian Democratic Forces`, `work` is not `UN
    // Relief and Works Agency`.
    let candidateContent = candidate.indices.filter {
      !candidate[$0].isParticle && !isMinor(candidateWords, $0, query: false)
    }
    // A title both names have (`Mullah Omar` for `ملا محمد عمر`), a kinship particle
    // both have before the word (`Ibn Saud` for `Abdulaziz ibn Saud`), or the query's
    // last word (its family name: `Al-Ghazali` for `Abu Hamid al-Ghazali`, `Rumi` for
    // `Jalaluddin Rumi`) say the one-word candidate is the same person named short.
    let sharesTitle = candidate.indices.contains {
      candidateUsed[$0] && role(candidateWords, $0) == .title
    }
    let sharesParticle = candidate.indices.contains {
      candidateUsed[$0] && candidate[$0].isParticle
    }
    // (A family name: not a word of the lexicon, such as a country, nor a qualifier after
    // `of` or in brackets: `Faisal I of Iraq` is not `Iraq`.)
    let lastContent = query.indices.last {
      !query[$0].isParticle && !isMinor(queryWords, $0, query: true)
    }
    let sharesLastWord =
      candidateContent.count == 1
      && lastContent.map { last in
        partnerIndexOf[last] == candidateContent[0]
          && queryWords?[last].meanings.isEmpty != false
          && !query[last].text.hasPrefix("(")
          && !(last > 0 && isMinor(queryWords, last - 1, query: true))
      } == true
    let isSubset =
      candidateContent.count >= 2
      || (candidateContent.count == 1
        && (unpairedOtherWeight == 0 || sharesTitle || sharesParticle || sharesLastWord)
        && candidateBySound[candidateContent[0]]
        && candidateWords?[candidateContent[0]].isGeneral != true)
    if isSubset, queryContentWeight > 0,
      // (Less a rounding error: `Uday` = `عدی` is 0.8 less one.)
      candidateContent.allSatisfy({ candidateSimilarity[$0] >= Self.subsetThreshold - 1e-9 })
    {
      var candidateTotal = 0.0
      var candidateWeights = 0.0
      for index in candidateContent {
        let weight = Self.weight(of: candidate[index])
        candidateTotal += candidateSimilarity[index] * weight
        candidateWeights += weight
      }
      let subsetScore =
        candidateTotal / candidateWeights
        - (0.25 * (unpairedOtherWeight + unpairedParticleWeight) + 0.15 * unpairedGeneralWeight
          + (candidateContent.count >= 2 ? Self.firstWordShare * unpairedFirstWeight : 0))
        / queryContentWeight
        - minorPenalty
      score = max(score, subsetScore)
    }
    return Result(score: score, matches: matches, joined: false, unmatched: unmatched)
  }

  /// The most that candidate words left unpaired cost in all (3% each): enough that
  /// `Hamadan` ranks before `Mohamed Hamdan Dagalo` for `همدان`, little enough that
  /// `Jolani` finds `Abu Muhammad al-Jolani`.
  static let unpairedWordsPenalty = 0.06

  /// What leaving out the query's first name costs beyond any other word, as a share of
  /// its weight.
  static let firstWordShare = 0.1

  /// What a vowel of either side with no counterpart on the other costs.
  struct VowelCosts {
    /// For a vowel of the first sequence.
    var first: Double
    /// For a vowel of the second sequence.
    var second: Double

    /// Both sides in one script.
    static let same = VowelCosts(first: Phoneme.vowelIndelCost, second: Phoneme.vowelIndelCost)

    /// The costs for a first name and a second name, each in Latin or Arabic script: a
    /// Latin vowel facing the Arabic script, which does not write short vowels, is cheap.
    static func of(firstIsArabic: Bool, secondIsArabic: Bool) -> VowelCosts {
      if firstIsArabic == secondIsArabic { return .same }
      return firstIsArabic
        ? VowelCosts(first: Phoneme.vowelIndelCost, second: Phoneme.unwrittenVowelCost)
        : VowelCosts(first: Phoneme.unwrittenVowelCost, second: Phoneme.vowelIndelCost)
    }
  }

  /// How well each word of a candidate must pair for the candidate to count as the query
  /// with words left out.
  static let subsetThreshold = 0.8

  static func weight(of token: NameToken) -> Double {
    let length = Double(max(token.phonemes.count, 1))
    return token.isParticle ? length * 0.25 : length
  }

  /// 1 − weighted edit distance ÷ the weight of the heavier sequence.
  ///
  /// `vowels` says which side is written in the Arabic script, whose short vowels are not
  /// written: a vowel of the other side with no counterpart then costs
  /// ``Phoneme/unwrittenVowelCost`` rather than ``Phoneme/vowelIndelCost``.
  static func similarity(
    _ first: [UInt8], _ second: [UInt8], vowels: VowelCosts = .same
  ) -> Double {
    if first == second { return 1 }
    let distance = editDistance(first, second, vowels: vowels)
    let scale = max(sequenceWeight(first), sequenceWeight(second), 1)
    return max(0, 1 - distance / scale)
  }

  static func sequenceWeight(_ symbols: [UInt8]) -> Double {
    symbols.reduce(0) { $0 + Phoneme.indelCost($1) }
  }

  /// Weighted Levenshtein distance with ``Phoneme`` costs, in O(n·m) time and O(m) space.
  ///
  /// A vowel other than `e` at the end of a word costs more to leave out than one inside
  /// it (``Phoneme/finalVowelIndelCost``): the Arabic script writes a name's final vowel
  /// (`Raqqa` is `رقه`, not `عراق`), while English drops a silent final `e` (`Ukraine`).
  /// So does a vowel at the start of a word (``Phoneme/initialVowelIndelCost``), which the
  /// script writes with alef (`Oroumieh` is `ارومیه`, not `رومی`).
  static func editDistance(
    _ first: [UInt8], _ second: [UInt8], vowels: VowelCosts = .same
  ) -> Double {
    if first.isEmpty { return sequenceWeight(second) }
    if second.isEmpty { return sequenceWeight(first) }
    let firstVowel = vowels.first
    let secondVowel = vowels.second
    @inline(__always) func indel(
      _ symbol: UInt8, isFinal: Bool, isInitial: Bool, vowel: Double
    ) -> Double {
      if isInitial && Phoneme.isVowel(symbol) { return Phoneme.initialVowelIndelCost }
      let cost = Phoneme.indelCost(symbol, isFinal: isFinal)
      return cost == Phoneme.vowelIndelCost && Phoneme.isVowel(symbol) ? vowel : cost
    }
    let width = second.count + 1
    let lastColumn = second.count - 1
    let lastRow = first.count - 1
    // Two rows on the stack: this runs for every pair of words compared.
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * width) { rows in
      var previous = rows.baseAddress.unsafelyUnwrapped
      var current = previous + width
      previous[0] = 0
      for (column, symbol) in second.enumerated() {
        previous[column + 1] =
          previous[column]
          + indel(
            symbol, isFinal: column == lastColumn, isInitial: column == 0, vowel: secondVowel)
      }
      let lastInsertCost = indel(
        second[lastColumn], isFinal: true, isInitial: lastColumn == 0, vowel: secondVowel)
      for (row, symbol) in first.enumerated() {
        let deleteCost = indel(
          symbol, isFinal: row == lastRow, isInitial: row == 0, vowel: firstVowel)
        current[0] = previous[0] + deleteCost
        for (column, other) in second.enumerated() {
          let substitute = previous[column] + Phoneme.substitutionCost(symbol, other)
          let delete = previous[column + 1] + deleteCost
          let insert =
            current[column]
            + (column == lastColumn
              ? lastInsertCost
              : indel(other, isFinal: false, isInitial: column == 0, vowel: secondVowel))
          current[column + 1] = min(substitute, delete, insert)
        }
        swap(&previous, &current)
      }
      return previous[second.count]
    }
  }
}
