/// A text prepared for fuzzy comparison: its key, the key's tokens, and the numbers, names
/// and inline codes of the original.
public struct PreparedText: Sendable {
  /// The text as given.
  public let text: String
  /// The TMX markup, when the text has inline codes.
  public let markup: String?
  /// The normalized key (see `TextNormalizer(profile: .key)`).
  public let key: String
  /// The key's tokens: words (letters, digits and marks) and single punctuation signs.
  let tokens: [Token]
  /// The sum of the token weights.
  let weight: Double
  /// The numbers in the text (ASCII digits after key folding), sorted.
  let numbers: [Substring]
  /// Words that look like names: capitalized Latin-script words that do not start a
  /// sentence, and acronyms; lowercased, sorted.
  let names: [String]
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
    tokens = Token.split(key)
    weight = tokens.reduce(0) { $0 + $1.weight }
    numbers = tokens.filter(\.isNumber).map(\.text).sorted()
    names = Self.names(in: text)
    inlineCodes = Segment(text: text, markup: markup).inlineCodeCount
  }

  /// Capitalized words after the first word of a sentence, and all-capital words of two
  /// letters or more, in Latin, Greek or Cyrillic script. Persian and Arabic have no
  /// capitals, so no word of theirs counts as a name here.
  static func names(in text: String) -> [String] {
    var names: [String] = []
    var sentenceStart = true
    for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
      let letters = word.unicodeScalars.filter { $0.properties.isAlphabetic }
      guard let first = letters.first else { continue }
      let isUpper = first.properties.isUppercase
      let allUpper = letters.count >= 2 && letters.allSatisfy { $0.properties.isUppercase }
      if allUpper || (isUpper && !sentenceStart) {
        names.append(String(String.UnicodeScalarView(letters)).lowercased())
      }
      sentenceStart = word.last.map { ".!?:".contains($0) } ?? false
    }
    return names.sorted()
  }
}

/// One token of a key.
struct Token: Sendable {
  let text: Substring
  let isWord: Bool
  let isNumber: Bool

  /// Words count 1, punctuation ½.
  var weight: Double { isWord ? 1 : 0.5 }

  static func split(_ key: String) -> [Token] {
    var tokens: [Token] = []
    var wordStart: String.Index?
    var allDigits = true
    var index = key.startIndex
    func endWord(at end: String.Index) {
      if let start = wordStart {
        tokens.append(Token(text: key[start..<end], isWord: true, isNumber: allDigits))
      }
      wordStart = nil
      allDigits = true
    }
    for scalar in key.unicodeScalars {
      let next = key.unicodeScalars.index(after: index)
      let properties = scalar.properties
      if properties.isAlphabetic || properties.numericType != nil
        || properties.generalCategory == .nonspacingMark
        || properties.generalCategory == .spacingMark
      {
        if wordStart == nil { wordStart = index }
        if !("0"..."9").contains(scalar) { allDigits = false }
      } else {
        endWord(at: index)
        if !properties.isWhitespace && scalar != "\u{200C}" {
          tokens.append(Token(text: key[index..<next], isWord: false, isNumber: false))
        }
      }
      index = next
    }
    endWord(at: key.endIndex)
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
    distance = Self.editDistance(query.tokens, candidate.tokens)
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

  /// Weighted Levenshtein distance over tokens (two rows of the table).
  static func editDistance(_ a: [Token], _ b: [Token]) -> Double {
    if a.isEmpty { return b.reduce(0) { $0 + $1.weight } }
    if b.isEmpty { return a.reduce(0) { $0 + $1.weight } }
    var previous = [Double](repeating: 0, count: b.count + 1)
    var current = [Double](repeating: 0, count: b.count + 1)
    for j in 0..<b.count { previous[j + 1] = previous[j] + b[j].weight }
    for i in 0..<a.count {
      current[0] = previous[0] + a[i].weight
      for j in 0..<b.count {
        let substitution = previous[j] + substitutionCost(a[i], b[j])
        let deletion = previous[j + 1] + a[i].weight
        let insertion = current[j] + b[j].weight
        current[j + 1] = min(substitution, deletion, insertion)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }

  static func substitutionCost(_ a: Token, _ b: Token) -> Double {
    if a.text == b.text { return 0 }
    let full = max(a.weight, b.weight)
    guard a.isWord, b.isWord, !a.isNumber, !b.isNumber else { return full }
    let x = Array(a.text.unicodeScalars)
    let y = Array(b.text.unicodeScalars)
    let longer = max(x.count, y.count)
    guard min(x.count, y.count) >= 4, abs(x.count - y.count) * 3 <= longer else { return full }
    let fraction = Double(levenshtein(x, y)) / Double(longer)
    return fraction <= 0.25 ? fraction : full
  }

  static func levenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    var previous = Array(0...b.count)
    var current = previous
    for i in 0..<a.count {
      current[0] = i + 1
      for j in 0..<b.count {
        current[j + 1] = min(
          previous[j] + (a[i] == b[j] ? 0 : 1), previous[j + 1] + 1, current[j] + 1)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
