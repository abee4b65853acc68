import CTarjumanCPU
import TarjumanICU
import TarjumanText

/// Break iterators for the three languages, one set per thread, reading UTF-8 directly.
///
/// `@exclusivity(unchecked)`: a workspace is used by one thread at a time, one access after
/// the other, and the runtime's check of each access is asked on every line.
final class BreakIterators: UsesLanguageMemo {
  /// Indexed by ``TextLanguage/index``.
  let iterators: [BreakIterator]
  @exclusivity(unchecked) var languages = LanguageMemo()
  @exclusivity(unchecked) private var boundaries: [BreakIterator.Boundary] = []
  /// Scratch for the steps: segments of one field, and per column the sentence ranges.
  @exclusivity(unchecked) var segmentScratch: [(Range<Int>, Int32)] = []
  @exclusivity(unchecked) var sentenceRanges: [[Range<Int>]] = []
  @exclusivity(unchecked) var output: [UInt8] = []

  init(kind: BreakIterator.Kind) throws(PreprocessError) {
    var made: [BreakIterator] = []
    do {
      for language in TextLanguage.allCases {
        // en@ss=standard: ICU's suppressions keep "Mr." and "U.S." from ending a sentence.
        let locale = language == .en && kind == .sentence ? "en@ss=standard" : language.rawValue
        made.append(try BreakIterator(kind, locale: locale))
      }
    } catch {
      throw .usage("cannot open ICU break iterators: \(error)")
    }
    iterators = made
  }

  /// The UTF-8 ranges between boundaries of `field`, with each boundary's rule status
  /// (empty ranges left out), into `result`.
  func segments(
    _ field: UnsafeBufferPointer<UInt8>, language: TextLanguage,
    into result: inout [(Range<Int>, Int32)]
  ) {
    result.removeAll(keepingCapacity: true)
    boundaries.removeAll(keepingCapacity: true)
    do {
      try iterators[language.index].appendBoundaries(utf8: field, to: &boundaries)
    } catch {
      return
    }
    var lower = boundaries.first?.offset ?? 0
    for boundary in boundaries.dropFirst() {
      if boundary.offset > lower { result.append((lower..<boundary.offset, boundary.ruleStatus)) }
      lower = boundary.offset
    }
  }

  /// The UTF-8 ranges between boundaries of `field`, with each boundary's rule status.
  func segments(_ field: [UInt8], language: TextLanguage) -> [(Range<Int>, Int32)] {
    var result: [(Range<Int>, Int32)] = []
    field.withUnsafeBufferPointer { segments($0, language: language, into: &result) }
    return result
  }
}

extension TextLanguage {
  /// The position of the language in `allCases`.
  var index: Int {
    switch self {
    case .fa: 0
    case .ar: 1
    case .en: 2
    }
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

  /// The ranges of the sentences of one field, trimmed, without empty ones, into `ranges`,
  /// with the language asked for only when ICU has to run (detecting it reads the whole
  /// field).
  static func sentenceRanges(
    _ field: UnsafeBufferPointer<UInt8>, language languageOfField: () -> TextLanguage,
    iterators: BreakIterators, into ranges: inout [Range<Int>]
  ) {
    ranges.removeAll(keepingCapacity: true)
    if isOneSentence(field) {
      let sentence = trimmedRange(field, 0..<field.count)
      if !sentence.isEmpty { ranges.append(sentence) }
      return
    }
    let language = languageOfField()
    iterators.segments(field, language: language, into: &iterators.segmentScratch)
    let pieces = iterators.segmentScratch
    var pending: Range<Int>? = nil
    for (piece, _) in pieces {
      // English: a piece that ends with an abbreviation runs on into the next one.
      if let last = pending {
        if language == .en && pieces.count > 1
          && endsWithAbbreviation(ArraySlice(UnsafeBufferPointer(rebasing: field[last])))
        {
          pending = last.lowerBound..<piece.upperBound
          continue
        }
        let sentence = trimmedRange(field, last)
        if !sentence.isEmpty { ranges.append(sentence) }
      }
      pending = piece
    }
    if let last = pending {
      let sentence = trimmedRange(field, last)
      if !sentence.isEmpty { ranges.append(sentence) }
    }
  }

  /// Whether ICU would certainly find one sentence: no sentence terminator (. ! ? ؟ ۔ ؞)
  /// except in the run of terminators, closing marks and spaces that ends the line (no
  /// closing mark after a space there, unless a terminator came between), and
  /// nothing outside ASCII, Arabic and the joiners whose sentence properties are not
  /// checked here (such lines go to ICU).
  static func isOneSentence(_ field: [UInt8]) -> Bool {
    field.withUnsafeBufferPointer { isOneSentence($0) }
  }

  /// One pass: after the first terminator, only tail characters (terminators, closing
  /// marks, spaces) may follow; that is, every terminator is in the tail.
  static func isOneSentence(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
    var terminated = false
    let count = field.count
    // First, a table skips what cannot matter before a terminator: ASCII other than
    // controls and . ! ?, the lead bytes C2–CF and D8–DB, and continuation bytes other
    // than 94, 9E and 9F (the second bytes of ۔ ؞ ؟). The loop below takes over at the
    // first character that may matter, on a character boundary.
    guard let base = field.baseAddress else { return true }
    var index = plainBytes.withUnsafeBufferPointer { plain in
      var index = 0
      while index < count {
        // Whole runs of such bytes at once (`tj_span`: 64 at a time where the processor
        // can), then the byte that stopped the run.
        index &+= tj_span(base + index, count &- index, plain.baseAddress)
        guard index < count else { break }
        let byte = field[index]
        if (byte == 0x94 || byte == 0x9E || byte == 0x9F) && index > 0 {
          // A continuation byte: a terminator only after its lead byte.
          let lead = field[index &- 1]
          if (lead == 0xD8 && byte != 0x94) || (lead == 0xDB && byte == 0x94) {
            return index &- 1
          }
          index &+= 1
        } else {
          return index
        }
      }
      return count
    }
    // In the tail, whether a space came after the last terminator: a closing mark after
    // it starts another sentence (UAX #29: a sentence takes terminators, then closing
    // marks, then spaces; SB11), where another terminator does not (SB8a).
    var spaced = false
    while index < count {
      let byte = field[index]
      if byte < 0x80 {
        if byte == 0x2E || byte == 0x21 || byte == 0x3F {
          terminated = true
          spaced = false
        } else if byte < 0x20 {
          return false
        } else if terminated {
          if byte == 0x20 {
            spaced = true
          } else if spaced || !(byte == 0x22 || byte == 0x27 || byte == 0x29 || byte == 0x5D) {
            return false
          }
        }
        index &+= 1
      } else if byte >= 0xD8 && byte <= 0xDB && index &+ 1 < count {
        let next = field[index &+ 1]
        if (byte == 0xD8 && (next == 0x9E || next == 0x9F)) || (byte == 0xDB && next == 0x94) {
          terminated = true
          spaced = false
        } else if terminated {
          return false
        }
        index &+= 2
      } else if byte == 0xE2 && index &+ 2 < count && field[index &+ 1] == 0x80
        && field[index &+ 2] >= 0x8C && field[index &+ 2] <= 0x8F
      {
        if terminated { return false }
        index &+= 3
      } else if byte >= 0xC2 && byte <= 0xCF {
        if terminated { return false }
        index &+= 2
      } else {
        return false
      }
    }
    return true
  }

  /// The bytes ``isOneSentence(_:)-(UnsafeBufferPointer<UInt8>)`` skips before the first
  /// terminator (valid UTF-8 assumed, as everywhere in the steps).
  private static let plainBytes: [UInt8] = (0..<256).map { byte in
    switch byte {
    case 0x2E, 0x21, 0x3F: 0
    case 0x20..<0x80: 1
    case 0x94, 0x9E, 0x9F: 0
    case 0x80..<0xC0: 1
    case 0xC2...0xCF, 0xD8...0xDB: 1
    default: 0
    }
  }

  /// The first form of ``isOneSentence(_:)-(UnsafeBufferPointer<UInt8>)``, in two passes
  /// (find the terminators, then the tail backwards): the reference the tests hold the
  /// one-pass form to.
  static func isOneSentenceTwoPass(_ field: [UInt8]) -> Bool {
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
    // The tail: terminators, closing marks and spaces, with no closing mark after a space
    // unless a terminator came between.
    var spaced = false
    var tailIndex = start
    while tailIndex < count {
      let byte = field[tailIndex]
      if byte == 0x20 {
        spaced = true
      } else if byte == 0x22 || byte == 0x27 || byte == 0x29 || byte == 0x5D {
        if spaced { return false }
      } else {
        spaced = false
      }
      tailIndex += 1
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
    var recordIndex = records.startIndex
    while recordIndex < records.endIndex {
      let fieldCount = records[recordIndex].fields.count
      while iterators.sentenceRanges.count < fieldCount { iterators.sentenceRanges.append([]) }
      var count: Int? = nil
      var mismatch = false
      var allEmpty = true
      for column in 0..<fieldCount {
        if column < columns.count {
          // The field is read where it lies, and only the column's language setting is
          // taken: a copy of the field, or of the column (its name), is a retain and a
          // release on every line, and the columns are shared by the workers.
          let setting = columns[column].language
          records[recordIndex].fields[column].withUnsafeBufferPointer { field in
            Self.sentenceRanges(
              field, language: { iterators.languages.language(of: field, setting: setting) },
              iterators: iterators, into: &iterators.sentenceRanges[column])
          }
        } else {
          iterators.sentenceRanges[column].removeAll(keepingCapacity: true)
          iterators.sentenceRanges[column].append(records[recordIndex].fields[column].indices)
        }
        let found = iterators.sentenceRanges[column].count
        if found > 0 { allEmpty = false }
        if let count, count != found { mismatch = true }
        count = count ?? found
      }
      guard !mismatch, let count, count > 0 else {
        if mismatch { tally.splitMismatches += 1 }
        if allEmpty {
          records.remove(at: recordIndex)
        } else {
          recordIndex += 1
        }
        continue
      }
      if count == 1 {
        // Trimmed in place: no new buffers.
        for column in 0..<fieldCount {
          let range = iterators.sentenceRanges[column][0]
          if range.count == records[recordIndex].fields[column].count { continue }
          records[recordIndex].fields[column].removeSubrange(range.upperBound...)
          records[recordIndex].fields[column].removeSubrange(..<range.lowerBound)
        }
        recordIndex += 1
        continue
      }
      tally.recordsSplit += 1
      // The sentences after the first become new records after this one; the record
      // keeps its first sentence, cut in place (as a line of one sentence is).
      let record = records[recordIndex]
      var pieces: [Record] = []
      pieces.reserveCapacity(count - 1)
      for index in 1..<count {
        var copy = record
        copy.fields = (0..<fieldCount).map { column in
          Array(record.fields[column][iterators.sentenceRanges[column][index]])
        }
        pieces.append(copy)
      }
      for column in 0..<fieldCount {
        let range = iterators.sentenceRanges[column][0]
        records[recordIndex].fields[column].removeSubrange(range.upperBound...)
        records[recordIndex].fields[column].removeSubrange(..<range.lowerBound)
      }
      if recordIndex + 1 == records.count {
        records.append(contentsOf: pieces)
      } else {
        records.insert(contentsOf: pieces, at: recordIndex + 1)
      }
      recordIndex += count
    }
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
        let language = iterators.languages.language(of: field, in: columns[column])
        field.withUnsafeBufferPointer {
          iterators.segments($0, language: language, into: &iterators.segmentScratch)
        }
        iterators.output.removeAll(keepingCapacity: true)
        for (range, _) in iterators.segmentScratch {
          let piece = field[range]
          if isBlank(piece) { continue }
          if !iterators.output.isEmpty { iterators.output.append(0x20) }
          iterators.output.append(contentsOf: piece)
        }
        swap(&records[recordIndex].fields[column], &iterators.output)
      }
    }
  }
}
