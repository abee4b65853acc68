/// Splits a line of UTF-8 into words, working on bytes.
///
/// A word is a run of letters, marks, digits, apostrophes, ZWNJ and ZWJ, and tatweel.
/// Everything else separates words: spaces, punctuation (Latin and Arabic: `، ؛ ؟ « »`),
/// dashes, quotes, and invisible bidi controls. A separator is *soft* when a name may
/// continue across it (spaces, hyphens, bidi controls) and *hard* otherwise (`. , ; :`).
enum WordSplitter {
  /// A word and whether a name may run into it from the previous word.
  struct Word {
    var range: Range<Int>
    /// Only soft separators lie between the previous word and this one.
    var joinsPrevious: Bool
  }

  /// The words of a line, with whether each may continue a name.
  ///
  /// - Returns: false when the line is not valid UTF-8 (the words are then incomplete):
  ///   the check rides along with the split, so that a line is read once, not twice.
  @discardableResult
  static func split(_ line: UnsafeBufferPointer<UInt8>, into words: inout [Word]) -> Bool {
    words.removeAll(keepingCapacity: true)
    var index = 0
    let count = line.count
    var wordStart = -1
    var hardSinceLastWord = true
    var valid = true
    // The tables are read once here, not through a lazily initialized global per byte.
    byteClasses.withUnsafeBufferPointer { classes in
      twoByteKinds.withUnsafeBufferPointer { twoByte in
        while index < count {
          let lead = line[index]
          var kind: ByteKind
          var length = 1
          if lead < 0x80 {
            let byteClass = classes[Int(lead)]
            // ASCII letters and digits are the common case of Latin text: one table load.
            if byteClass == wordByte {
              if wordStart < 0 { wordStart = index }
              index &+= 1
              continue
            }
            kind = byteClass == softByte ? .soft : .hard
          } else if lead &- 0xC2 < 0x1E {
            // Two bytes: the letters of Arabic script, and Latin-1 punctuation. One load
            // of the continuation byte checks it and, with the lead, indexes the kinds.
            guard index &+ 1 < count else {
              valid = false
              return
            }
            let second = line[index &+ 1]
            guard second & 0xC0 == 0x80 else {
              valid = false
              return
            }
            let byteKind = twoByte[Int(UInt32(lead & 0x1F) << 6 | UInt32(second & 0x3F))]
            if byteKind == ByteKind.word.rawValue {
              if wordStart < 0 { wordStart = index }
              index &+= 2
              continue
            }
            kind = ByteKind(rawValue: byteKind) ?? .word
            length = 2
          } else {
            guard let (longKind, longLength) = classifyLong(line, at: index) else {
              valid = false
              return
            }
            kind = longKind
            length = longLength
          }
          if kind == .word {
            if wordStart < 0 { wordStart = index }
          } else {
            if wordStart >= 0 {
              append(wordStart..<index, joinsPrevious: !hardSinceLastWord, line, &words)
              wordStart = -1
              hardSinceLastWord = false
            }
            if kind == .hard { hardSinceLastWord = true }
          }
          index &+= length
        }
      }
    }
    guard valid else { return false }
    if wordStart >= 0 {
      append(wordStart..<count, joinsPrevious: !hardSinceLastWord, line, &words)
    }
    return true
  }

  /// Adds a word; an apostrophe belongs to a word only inside it, so leading and
  /// trailing ones are trimmed (a word of apostrophes only is no word).
  @inline(__always)
  private static func append(
    _ range: Range<Int>, joinsPrevious: Bool, _ line: UnsafeBufferPointer<UInt8>,
    _ words: inout [Word]
  ) {
    var range = range
    while range.count > 0, line[range.lowerBound] == 0x27 {
      range = (range.lowerBound + 1)..<range.upperBound
    }
    while range.count > 0, line[range.upperBound - 1] == 0x27 {
      range = range.lowerBound..<(range.upperBound - 1)
    }
    if !range.isEmpty { words.append(Word(range: range, joinsPrevious: joinsPrevious)) }
  }

  private static let wordByte: UInt8 = 0
  private static let softByte: UInt8 = 1
  private static let hardByte: UInt8 = 2

  /// The class of each ASCII byte.
  private static let byteClasses: [UInt8] = (0..<128).map { byte in
    switch asciiKinds[byte] {
    case .word: wordByte
    case .soft: softByte
    case .hard: hardByte
    }
  }

  /// The kind of each code point of two bytes in UTF-8 (U+0080 to U+07FF), by its value.
  private static let twoByteKinds: [UInt8] = (0..<0x800).map { value in
    let kind: ByteKind =
      switch value {
      case 0xA0: .soft  // no-break space
      case 0xAB, 0xBB, 0xA1, 0xBF, 0xB7, 0xA7, 0xB6: .hard
      case 0x60C, 0x61B, 0x61F, 0x66A, 0x66B, 0x66C, 0x66D, 0x6D4: .hard
      default: .word
      }
    return kind.rawValue
  }

  /// The words of a short string (a glossary term).
  static func words(in text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
    var words: [Word] = []
    split(text, into: &words)
    return words.map(\.range)
  }

  enum ByteKind: UInt8 {
    case word
    case soft
    case hard
  }

  private static let asciiKinds: [ByteKind] = (0..<128).map { byte in
    switch UInt8(byte) {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "'"):
      .word
    case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "-"), UInt8(ascii: "_"): .soft
    default: .hard
    }
  }

  /// The kind and length of the character of three or four bytes at `index`, or nil
  /// when the bytes there are not UTF-8 (a stray continuation byte, an overlong form, a
  /// surrogate, a value past U+10FFFF, a truncated sequence).
  private static func classifyLong(_ line: UnsafeBufferPointer<UInt8>, at index: Int) -> (
    ByteKind, Int
  )? {
    let lead = line[index]
    let count = line.count
    if lead &- 0xE0 < 0x10 {
      guard index &+ 2 < count else { return nil }
      let second = line[index &+ 1]
      let third = line[index &+ 2]
      guard second & 0xC0 == 0x80, third & 0xC0 == 0x80,
        lead != 0xE0 || second >= 0xA0, lead != 0xED || second < 0xA0
      else { return nil }
      let value =
        (UInt32(lead & 0x0F) << 12) | (UInt32(second & 0x3F) << 6) | UInt32(third & 0x3F)
      switch value {
      case 0x200C, 0x200D, 0x2019, 0x02BC: return (.word, 3)  // ZWNJ, ZWJ, apostrophes
      case 0x2000...0x200B, 0x200E, 0x200F, 0x2010, 0x2011, 0x202A...0x202F, 0x205F,
        0x2060...0x206F, 0x3000, 0xFEFF:
        return (.soft, 3)
      case 0x2012...0x2018, 0x201A...0x205E, 0x2E00...0x2E7F, 0x3001...0x303F, 0xFD3E, 0xFD3F,
        0xFE10...0xFE6F, 0xFF01...0xFF0F:
        return (.hard, 3)
      default: return (.word, 3)
      }
    }
    guard lead &- 0xF0 < 0x05, index &+ 3 < count else { return nil }
    let second = line[index &+ 1]
    guard second & 0xC0 == 0x80, line[index &+ 2] & 0xC0 == 0x80,
      line[index &+ 3] & 0xC0 == 0x80, lead != 0xF0 || second >= 0x90,
      lead != 0xF4 || second < 0x90
    else { return nil }
    return (.word, 4)
  }
}
