/// A text prepared for fuzzy comparison: its key, the key's tokens, and the numbers, names
/// and inline codes of the original. Preparing costs one pass over the key; comparing two
/// prepared texts allocates nothing but the edit-distance rows.
public struct PreparedText: Sendable {
  /// The text as given.
  public let text: String
  /// The TMX markup, when the text has inline codes.
  public let markup: String?
  /// The normalized key (see `TextNormalizer(profile: .key)`).
  public let key: String
  /// The key's Unicode scalars (tokens point into them).
  let scalars: [Unicode.Scalar]
  /// The key's tokens: words (letters, digits and marks) and single punctuation signs.
  let tokens: [Token]
  /// The sum of the token weights.
  let weight: Double
  /// The numbers in the text (ASCII digits after key folding), as token hashes, sorted.
  let numbers: [UInt64]
  /// Words that look like names: capitalized Latin-script words that do not start a
  /// sentence, and acronyms; as hashes of their lowercase letters, sorted.
  let names: [UInt64]
  /// The number of inline codes.
  let inlineCodes: Int

  /// Prepares `text` (and its markup, for the inline-code count).
  public init(_ text: String, markup: String? = nil) {
    self.init(text, markup: markup, key: UnitKeys.key(text))
  }

  /// Prepares `text` whose key is already known.
  public init(_ text: String, markup: String? = nil, key: String) {
    self.text = text
    self.markup = markup
    self.key = key
    scalars = Array(key.unicodeScalars)
    tokens = Token.split(scalars)
    weight = tokens.reduce(0) { $0 + $1.weight }
    numbers = tokens.filter(\.isNumber).map(\.hash).sorted()
    names = Self.mayHaveNames(text) ? Self.names(in: text) : []
    inlineCodes = Segment(text: text, markup: markup).inlineCodeCount
  }

  /// Whether the text has a capital letter at all (ASCII capitals, or a letter of the
  /// Latin-1, Latin Extended, Greek or Cyrillic blocks): most segments of a Persian or
  /// Arabic memory have none, and lowercase English needs no look at words.
  static func mayHaveNames(_ text: String) -> Bool {
    text.utf8.contains { $0 >= 0x41 && $0 <= 0x5A }
      || text.unicodeScalars.contains { $0.value >= 0xC0 && $0.value < 0x530 }
  }

  /// Capitalized words after the first word of a sentence, and all-capital words of two
  /// letters or more, in Latin, Greek or Cyrillic script, as hashes of their lowercase
  /// letters, sorted. Persian and Arabic have no capitals, so no word of theirs counts as a
  /// name here. One pass over the scalars; no strings are built.
  static func names(in text: String) -> [UInt64] {
    var names: [UInt64] = []
    var sentenceStart = true
    var inWord = false
    var hash = Self.nameSeed
    var letters = 0
    var firstUpper = false
    var allUpper = true
    var last: Unicode.Scalar = " "
    func endWord() {
      if letters > 0 && ((letters >= 2 && allUpper) || (firstUpper && !sentenceStart)) {
        names.append(hash)
      }
      sentenceStart = last == "." || last == "!" || last == "?" || last == ":"
      inWord = false
      hash = Self.nameSeed
      letters = 0
      allUpper = true
    }
    for scalar in text.unicodeScalars {
      if scalar == " " || scalar == "\t" || scalar == "\n" {
        if inWord { endWord() }
        continue
      }
      inWord = true
      last = scalar
      let value = scalar.value
      let isLetter: Bool
      let isUpper: Bool
      var lower = value
      if value < 0x80 {
        isUpper = value >= 0x41 && value <= 0x5A
        isLetter = isUpper || (value >= 0x61 && value <= 0x7A)
        if isUpper { lower = value + 0x20 }
      } else {
        let properties = scalar.properties
        isLetter = properties.isAlphabetic
        isUpper = properties.isUppercase
        if isUpper, let mapped = properties.lowercaseMapping.unicodeScalars.first {
          lower = mapped.value
        }
      }
      guard isLetter else { continue }
      if letters == 0 { firstUpper = isUpper }
      if !isUpper { allUpper = false }
      hash = (hash ^ UInt64(lower)) &* 0x0000_0100_0000_01B3
      letters += 1
    }
    if inWord { endWord() }
    return names.sorted()
  }

  static let nameSeed: UInt64 = 0x84222325_CBF29CE4

  /// The hash ``names(in:)`` gives a name written in lowercase letters.
  static func nameHash(_ lowercase: String) -> UInt64 {
    lowercase.unicodeScalars.reduce(nameSeed) { ($0 ^ UInt64($1.value)) &* 0x0000_0100_0000_01B3 }
  }
}

/// One token of a key: where it is in the key's scalars, and a hash of its scalars that
/// stands for it in comparisons (64 bits: equal hashes are taken as equal tokens).
struct Token: Sendable {
  let hash: UInt64
  let start: Int32
  let end: Int32
  let isWord: Bool
  let isNumber: Bool

  /// Words count 1, punctuation ½.
  var weight: Double { isWord ? 1 : 0.5 }
  var length: Int { Int(end - start) }

  static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x80 {
      return (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39)
        || (value >= 0x41 && value <= 0x5A)
    }
    let properties = scalar.properties
    return properties.isAlphabetic || properties.numericType != nil
      || properties.generalCategory == .nonspacingMark
      || properties.generalCategory == .spacingMark
  }

  static func split(_ scalars: [Unicode.Scalar]) -> [Token] {
    var tokens: [Token] = []
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      if isWordScalar(scalar) {
        let start = index
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        var allDigits = true
        while index < scalars.count, isWordScalar(scalars[index]) {
          let value = scalars[index].value
          if value < 0x30 || value > 0x39 { allDigits = false }
          hash = (hash ^ UInt64(value)) &* 0x0000_0100_0000_01B3
          index += 1
        }
        tokens.append(
          Token(
            hash: hash, start: Int32(start), end: Int32(index), isWord: true,
            isNumber: allDigits))
      } else {
        if !scalar.properties.isWhitespace && scalar != "\u{200C}" {
          tokens.append(
            Token(
              hash: (0xCBF2_9CE4_8422_2325 ^ UInt64(scalar.value)) &* 0x0000_0100_0000_01B3,
              start: Int32(index), end: Int32(index + 1), isWord: false, isNumber: false))
        }
        index += 1
      }
    }
    return tokens
  }
}

/// The CAT-style match percentage of a stored source against a query.
///
/// **Formula.** Both texts are normalized to keys and split into tokens: words (weight 1)
/// and punctuation signs (weight ½). `D` is the weighted edit distance between the token
/// sequences: inserting or deleting a token costs its weight; replacing a token costs the
/// larger weight, except that two words of four letters or more that differ in at most a
/// quarter of their letters (Levenshtein) cost that fraction (`colour`/`color`: ⅙). Then
///
///     base   = 100 × (1 − D / max(W(query), W(candidate)))      (W: sum of weights)
///     score  = base − 2 × (numbers that differ)
///                   − 2 × (names that differ)
///                   − 1 × (difference in the number of inline codes, at most 10)
///                   − 1 if the keys are equal but the texts are not (case, spelling
///                       variants, spacing, ZWNJ, Arabic/Persian letter forms)
///     result = ⌊score⌋ clamped to 0…100, and at most 99 unless the texts (and their inline
///              codes) are identical.
///
/// Numbers are compared as multisets of digit strings (ASCII after folding, so ۵ = 5), and
/// so are names; "that differ" counts the side with more missing from the other (a
/// replaced number counts once);
/// names are capitalized words that do not start a sentence, and acronyms (Latin, Greek,
/// Cyrillic scripts); inline codes are counted in the TMX markup.
public struct FuzzyScore: Sendable, Hashable, Codable {
  /// The result, 0…100.
  public var score: Int
  /// `100 × (1 − D / W)` before penalties.
  public var base: Double
  /// The weighted token edit distance `D` and the larger weight `W`.
  public var distance: Double
  public var weight: Double
  /// Points taken off for numbers, names, inline codes and formatting.
  public var numberPenalty: Double
  public var namePenalty: Double
  public var tagPenalty: Double
  public var formattingPenalty: Double
  /// Whether the texts are identical (the only way to 100).
  public var identical: Bool

  /// The parts of the score in words, for `--explain`.
  public var explanation: String {
    var parts = [
      String(
        format: "tokens: edit distance %.2f over weight %.1f = %.1f%%", distance, weight, base)
    ]
    if numberPenalty > 0 { parts.append(String(format: "numbers differ −%.0f", numberPenalty)) }
    if namePenalty > 0 { parts.append(String(format: "names differ −%.0f", namePenalty)) }
    if tagPenalty > 0 { parts.append(String(format: "inline codes differ −%.0f", tagPenalty)) }
    if formattingPenalty > 0 {
      parts.append(String(format: "same key, different text −%.0f", formattingPenalty))
    }
    if identical {
      parts.append("identical")
    } else if score == 99
      && base - numberPenalty - namePenalty - tagPenalty - formattingPenalty >= 99.5
    {
      parts.append("capped at 99 (not identical)")
    }
    return parts.joined(separator: "; ") + " → \(score)%"
  }

  /// Scores `candidate` against `query`.
  public init(query: PreparedText, candidate: PreparedText) {
    identical = query.text == candidate.text && query.markup == candidate.markup
    distance = Self.editDistance(query, candidate)
    weight = max(query.weight, candidate.weight)
    base = weight == 0 ? (query.key == candidate.key ? 100 : 0) : 100 * (1 - distance / weight)
    numberPenalty = 2 * Double(Self.difference(query.numbers, candidate.numbers))
    namePenalty = 2 * Double(Self.difference(query.names, candidate.names))
    tagPenalty = Double(min(abs(query.inlineCodes - candidate.inlineCodes), 10))
    formattingPenalty =
      !identical && distance == 0 && query.text != candidate.text ? 1 : 0
    let raw = base - numberPenalty - namePenalty - tagPenalty - formattingPenalty
    var result = Int(max(0, min(100, raw)).rounded(.down))
    if !identical { result = min(result, 99) }
    score = result
  }

  /// How many elements of one sorted list are missing from the other, on the side with
  /// more (a replaced number counts once, a missing one once).
  static func difference<T: Comparable>(_ a: [T], _ b: [T]) -> Int {
    var i = 0
    var j = 0
    var onlyA = 0
    var onlyB = 0
    while i < a.count && j < b.count {
      if a[i] == b[j] {
        i += 1
        j += 1
      } else if a[i] < b[j] {
        onlyA += 1
        i += 1
      } else {
        onlyB += 1
        j += 1
      }
    }
    return max(onlyA + a.count - i, onlyB + b.count - j)
  }

  /// Weighted Levenshtein distance over the tokens of two texts (two rows of the table).
  static func editDistance(_ first: PreparedText, _ second: PreparedText) -> Double {
    let a = first.tokens
    let b = second.tokens
    if a.isEmpty { return second.weight }
    if b.isEmpty { return first.weight }
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * (b.count + 1)) {
      buffer in
      guard let base = buffer.baseAddress else { return first.weight + second.weight }
      var previous = base
      var current = base + (b.count + 1)
      previous[0] = 0
      for j in 0..<b.count { previous[j + 1] = previous[j] + b[j].weight }
      for i in 0..<a.count {
        let token = a[i]
        current[0] = previous[0] + token.weight
        for j in 0..<b.count {
          let other = b[j]
          let cost =
            token.hash == other.hash
            ? 0 : substitutionCost(token, first.scalars, other, second.scalars)
          current[j + 1] = min(
            previous[j] + cost, previous[j + 1] + token.weight, current[j] + other.weight)
        }
        swap(&previous, &current)
      }
      return previous[b.count]
    }
  }

  /// The cost of replacing one token by another that differs: the larger weight, or, for
  /// two words of four letters or more that start with the same letter, have lengths
  /// within a quarter of each other and differ in at most a quarter of their letters, that
  /// fraction.
  static func substitutionCost(
    _ a: Token, _ aScalars: [Unicode.Scalar], _ b: Token, _ bScalars: [Unicode.Scalar]
  ) -> Double {
    let full = a.isWord && b.isWord ? 1.0 : (a.isWord || b.isWord ? 1.0 : 0.5)
    guard a.isWord, b.isWord, !a.isNumber, !b.isNumber else { return full }
    let aLength = a.length
    let bLength = b.length
    let longer = max(aLength, bLength)
    guard min(aLength, bLength) >= 4, abs(aLength - bLength) * 4 <= longer,
      aScalars[Int(a.start)] == bScalars[Int(b.start)]
    else { return full }
    let distance = levenshtein(
      aScalars[Int(a.start)..<Int(a.end)], bScalars[Int(b.start)..<Int(b.end)],
      limit: longer / 4)
    let fraction = Double(distance) / Double(longer)
    return fraction <= 0.25 ? fraction : full
  }

  /// Levenshtein distance over scalars, or `limit + 1` as soon as it must exceed `limit`.
  static func levenshtein(
    _ a: ArraySlice<Unicode.Scalar>, _ b: ArraySlice<Unicode.Scalar>, limit: Int
  ) -> Int {
    let n = b.count
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (n + 1)) { buffer in
      guard let base = buffer.baseAddress else { return limit + 1 }
      var previous = base
      var current = base + (n + 1)
      for j in 0...n { previous[j] = j }
      var i = 0
      for x in a {
        current[0] = i + 1
        var rowMinimum = current[0]
        var j = 0
        for y in b {
          let value = min(previous[j] + (x == y ? 0 : 1), previous[j + 1] + 1, current[j] + 1)
          current[j + 1] = value
          rowMinimum = min(rowMinimum, value)
          j += 1
        }
        if rowMinimum > limit { return limit + 1 }
        swap(&previous, &current)
        i += 1
      }
      return previous[n]
    }
  }
}
