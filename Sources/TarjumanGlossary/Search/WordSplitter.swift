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
  static func split(_ line: UnsafeBufferPointer<UInt8>, into words: inout [Word]) {
    words.removeAll(keepingCapacity: true)
    var index = 0
    let count = line.count
    var wordStart = -1
    var hardSinceLastWord = true
    // The table is read once here, not through a lazily initialized global per byte.
    byteClasses.withUnsafeBufferPointer { classes in
      while index < count {
        let byteClass = classes[Int(line[index])]
        // Word bytes (ASCII letters and digits, the bytes of letters of other scripts)
        // are the common case: one table load each.
        if byteClass == wordByte {
          if wordStart < 0 { wordStart = index }
          index += 1
          continue
        }
        let kind: ByteKind
        var length = 1
        if byteClass == checkByte {
          (kind, length) = classify(line, at: index)
        } else {
          kind = byteClass == softByte ? .soft : .hard
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
        index += length
      }
    }
    if wordStart >= 0 {
      append(wordStart..<count, joinsPrevious: !hardSinceLastWord, line, &words)
    }
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
  private static let checkByte: UInt8 = 3

  /// The class of each byte: ASCII by `asciiKinds`; the lead bytes of the characters that
  /// may separate words (C2 Latin-1 punctuation, D8 D9 DB Arabic punctuation, E2 E3 EF
  /// general punctuation, spaces, bidi controls) need a look at the whole character;
  /// every other byte belongs to a word.
  private static let byteClasses: [UInt8] = (0..<256).map { byte in
    if byte < 0x80 {
      switch asciiKinds[byte] {
      case .word: return wordByte
      case .soft: return softByte
      case .hard: return hardByte
      }
    }
    return [0xC2, 0xD8, 0xD9, 0xDB, 0xE2, 0xE3, 0xEF].contains(byte) ? checkByte : wordByte
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

  /// The kind and length of the multi-byte character at `index`.
  private static func classify(_ line: UnsafeBufferPointer<UInt8>, at index: Int) -> (ByteKind, Int)
  {
    let lead = line[index]
    let count = line.count
    if lead < 0xE0 {
      guard index + 1 < count else { return (.hard, 1) }
      let value = (UInt32(lead & 0x1F) << 6) | UInt32(line[index + 1] & 0x3F)
      switch value {
      case 0xA0: return (.soft, 2)  // no-break space
      case 0xAB, 0xBB, 0xA1, 0xBF, 0xB7, 0xA7, 0xB6: return (.hard, 2)
      case 0x60C, 0x61B, 0x61F, 0x66A, 0x66B, 0x66C, 0x66D, 0x6D4: return (.hard, 2)
      default: return (.word, 2)
      }
    }
    if lead < 0xF0 {
      guard index + 2 < count else { return (.hard, count - index) }
      let value =
        (UInt32(lead & 0x0F) << 12) | (UInt32(line[index + 1] & 0x3F) << 6)
        | UInt32(line[index + 2] & 0x3F)
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
    return (.word, min(4, count - index))
  }
}
