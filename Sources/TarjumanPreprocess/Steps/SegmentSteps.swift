import TarjumanICU
import TarjumanText

/// Break iterators for the three languages, cloned per thread.
final class BreakIterators {
  let byLanguage: [TextLanguage: BreakIterator]
  let scratch = UTF16Scratch()

  init(kind: BreakIterator.Kind) throws(PreprocessError) {
    var made: [TextLanguage: BreakIterator] = [:]
    do {
      for language in TextLanguage.allCases {
        // en@ss=standard: ICU's suppressions keep "Mr." and "U.S." from ending a sentence.
        let locale = language == .en && kind == .sentence ? "en@ss=standard" : language.rawValue
        made[language] = try BreakIterator(kind, locale: locale)
      }
    } catch {
      throw .usage("cannot open ICU break iterators: \(error)")
    }
    byLanguage = made
  }

  /// The UTF-8 ranges between boundaries of `field`, with each boundary's rule status.
  func segments(_ field: [UInt8], language: TextLanguage) -> [(Range<Int>, Int32)] {
    guard let iterator = byLanguage[language] else { return [(0..<field.count, 0)] }
    scratch.load(field)
    let boundaries =
      (try? scratch.units.withUnsafeBufferPointer { (units) throws(ICUError) in
        try iterator.boundaries(in: units)
      }) ?? []
    var result: [(Range<Int>, Int32)] = []
    result.reserveCapacity(boundaries.count)
    for (start, end) in zip(boundaries, boundaries.dropFirst()) {
      let lower = scratch.offsets[start.offset]
      let upper = scratch.offsets[end.offset]
      if upper > lower { result.append((lower..<upper, end.ruleStatus)) }
    }
    return result
  }
}

/// Splits each record into sentences with ICU's sentence rules for the column's language.
///
/// English abbreviations (Mr., Dr., U.S., e.g., initials) do not end a sentence. A record
/// of several columns is split only when every column has the same number of sentences
/// (which are then paired in order); otherwise it is left whole and counted.
public struct SentenceSplitStep: RecordStep {
  public var name: String { "split" }
  let columns: [Column]

  /// Creates the step for the columns.
  public init(columns: [Column]) {
    self.columns = columns
  }

  public func makeWorkspace() throws(PreprocessError) -> AnyObject? {
    try BreakIterators(kind: .sentence)
  }

  /// Words after which a period does not end an English sentence.
  static let abbreviations: Set<String> = [
    "mr.", "mrs.", "ms.", "dr.", "prof.", "sr.", "jr.", "st.", "gen.", "col.", "lt.", "sgt.",
    "capt.", "cmdr.", "adm.", "maj.", "gov.", "sen.", "rep.", "rev.", "hon.", "pres.", "mt.",
    "u.s.", "u.k.", "u.n.", "e.u.", "e.g.", "i.e.", "vs.", "no.", "inc.", "ltd.", "co.",
    "corp.", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.",
    "nov.", "dec.", "approx.", "fig.", "vol.", "p.", "pp.", "cf.", "al.", "ft.", "u.s.a.",
  ]

  /// The sentences of one field, trimmed, without empty ones.
  static func sentences(
    _ field: [UInt8], language: TextLanguage, iterators: BreakIterators
  ) -> [[UInt8]] {
    if isOneSentence(field) {
      let sentence = trimmed(field[...])
      return sentence.isEmpty ? [] : [Array(sentence)]
    }
    var pieces: [Range<Int>] = iterators.segments(field, language: language).map(\.0)
    if language == .en && pieces.count > 1 {
      var merged: [Range<Int>] = []
      for piece in pieces {
        if let last = merged.last, endsWithAbbreviation(field[last]) {
          merged[merged.count - 1] = last.lowerBound..<piece.upperBound
        } else {
          merged.append(piece)
        }
      }
      pieces = merged
    }
    return pieces.compactMap { range in
      let sentence = trimmed(field[range])
      return sentence.isEmpty ? nil : Array(sentence)
    }
  }

  /// Whether ICU would certainly find one sentence: no sentence terminator (. ! ? ؟ ۔ ؞)
  /// except in the run of terminators, closing marks and spaces that ends the line, and
  /// nothing outside ASCII, Arabic and the joiners whose sentence properties are not
  /// checked here (such lines go to ICU).
  static func isOneSentence(_ field: [UInt8]) -> Bool {
    var lastTerminator = -1
    var index = 0
    let count = field.count
    while index < count {
      let byte = field[index]
      if byte < 0x80 {
        if byte == 0x2E || byte == 0x21 || byte == 0x3F {
          lastTerminator = index
        } else if byte < 0x20 {
          return false
        }
        index += 1
      } else if byte >= 0xD8 && byte <= 0xDB && index + 1 < count {
        let next = field[index + 1]
        if (byte == 0xD8 && (next == 0x9E || next == 0x9F)) || (byte == 0xDB && next == 0x94) {
          lastTerminator = index
        }
        index += 2
      } else if byte == 0xE2 && index + 2 < count && field[index + 1] == 0x80
        && (0x8C...0x8F).contains(field[index + 2])
      {
        index += 3
      } else if byte >= 0xC2 && byte <= 0xCF {
        index += 2
      } else {
        return false
      }
    }
    guard lastTerminator >= 0 else { return true }
    // Every terminator must be in the tail made of terminators, closing marks and spaces.
    var start = count
    while start > 0 {
      let byte = field[start - 1]
      let isTail =
        byte == 0x2E || byte == 0x21 || byte == 0x3F || byte == 0x20 || byte == 0x22
        || byte == 0x27 || byte == 0x29 || byte == 0x5D
      if isTail {
        start -= 1
      } else if start >= 2
        && ((field[start - 2] == 0xD8 && (byte == 0x9E || byte == 0x9F))
          || (field[start - 2] == 0xDB && byte == 0x94))
      {
        start -= 2
      } else {
        break
      }
    }
    var index2 = 0
    while index2 < start {
      let byte = field[index2]
      if byte == 0x2E || byte == 0x21 || byte == 0x3F { return false }
      if index2 + 1 < start
        && ((byte == 0xD8 && (field[index2 + 1] == 0x9E || field[index2 + 1] == 0x9F))
          || (byte == 0xDB && field[index2 + 1] == 0x94))
      {
        return false
      }
      index2 += 1
    }
    return true
  }

  static func endsWithAbbreviation(_ sentence: ArraySlice<UInt8>) -> Bool {
    let text = trimmed(sentence)
    guard text.last == UInt8(ascii: ".") else { return false }
    let wordStart = text.lastIndex(of: 0x20).map { $0 + 1 } ?? text.startIndex
    let word = text[wordStart...].drop { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: "\"") }
    // An initial: one capital letter and a period ("John F. Kennedy").
    if word.count == 2, let first = word.first, first >= 0x41 && first <= 0x5A { return true }
    return abbreviations.contains(String(decoding: word, as: UTF8.self).lowercased())
  }

  public func apply(_ records: inout [Record], tally: inout Tally, workspace: AnyObject?) {
    guard let iterators = workspace as? BreakIterators else { return }
    var output: [Record] = []
    output.reserveCapacity(records.count * 2)
    for record in records {
      let split = record.fields.enumerated().map { column, field in
        column < columns.count
          ? Self.sentences(
            field, language: language(of: field, in: columns[column]), iterators: iterators)
          : [field]
      }
      let counts = Set(split.map(\.count))
      guard counts.count == 1, let count = counts.first, count > 0 else {
        if counts.count > 1 { tally.splitMismatches += 1 }
        if split.allSatisfy(\.isEmpty) { continue }
        output.append(record)
        continue
      }
      if count == 1 {
        var copy = record
        copy.fields = split.map { $0[0] }
        output.append(copy)
        continue
      }
      tally.recordsSplit += 1
      for index in 0..<count {
        var copy = record
        copy.fields = split.map { $0[index] }
        output.append(copy)
      }
    }
    records = output
  }
}

/// Writes each column as ICU word-boundary tokens separated by single spaces.
///
/// Punctuation marks become tokens of their own; white space is dropped. A Persian word
/// with a zero-width non-joiner (می‌روم, کتاب‌ها) stays one token: ICU's word rules treat
/// the ZWNJ as part of the word.
public struct TokenizeStep: RecordStep {
  public var name: String { "tokenize" }
  let columns: [Column]

  /// Creates the step for the columns.
  public init(columns: [Column]) {
    self.columns = columns
  }

  public func makeWorkspace() throws(PreprocessError) -> AnyObject? {
    try BreakIterators(kind: .word)
  }

  /// The tokens of one field.
  static func tokens(
    _ field: [UInt8], language: TextLanguage, iterators: BreakIterators
  ) -> [ArraySlice<UInt8>] {
    iterators.segments(field, language: language).compactMap { range, _ in
      let piece = field[range]
      return isBlank(piece) ? nil : piece
    }
  }

  public func apply(_ records: inout [Record], tally: inout Tally, workspace: AnyObject?) {
    guard let iterators = workspace as? BreakIterators else { return }
    for recordIndex in records.indices {
      for column in records[recordIndex].fields.indices where column < columns.count {
        let field = records[recordIndex].fields[column]
        let tokens = Self.tokens(
          field, language: language(of: field, in: columns[column]), iterators: iterators)
        var joined: [UInt8] = []
        joined.reserveCapacity(field.count + tokens.count)
        for (index, token) in tokens.enumerated() {
          if index > 0 { joined.append(0x20) }
          joined.append(contentsOf: token)
        }
        records[recordIndex].fields[column] = joined
      }
    }
  }
}
