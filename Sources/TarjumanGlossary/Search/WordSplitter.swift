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
    return split(line) { start, end, joinsPrevious in
      words.append(Word(range: start..<end, joinsPrevious: joinsPrevious))
    }
  }

  /// Calls `emit` with each word of a line (its start, its end, and whether only soft
  /// separators lie between it and the previous word).
  ///
  /// - Returns: false when the line is not valid UTF-8 (the words are then incomplete).
  @inline(__always)
  static func split(
    _ line: UnsafeBufferPointer<UInt8>,
    _ emit: (_ start: Int, _ end: Int, _ joinsPrevious: Bool) -> Void
  ) -> Bool {
    guard let base = line.baseAddress else { return true }
    let count = line.count
    var index = 0
    var wordStart = -1
    var hardSinceLastWord = true
    let classes = byteClasses
    let twoByte = twoByteKinds
    while index < count {
      let lead = base[index]
      let byteClass = classes[Int(lead)]
      var kind: ByteKind
      var length = 1
      if byteClass == wordByte {
        // ASCII letters and digits, the common case of Latin text: a run of them in a
        // loop of one table load per byte.
        if wordStart < 0 { wordStart = index }
        index &+= 1
        // Eight bytes at a time: most words end within the first eight, so the branch
        // that leaves the loop is predicted, where a loop byte by byte mispredicts the end
        // of every word.
        var stopped = false
        while index &+ 8 <= count {
          let stops = asciiStops(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
          if stops != 0 {
            index &+= stops.trailingZeroBitCount &>> 3
            stopped = true
            break
          }
          index &+= 8
        }
        if !stopped {
          while index < count, classes[Int(base[index])] == wordByte { index &+= 1 }
        }
        continue
      } else if byteClass == softByte {
        kind = .soft
      } else if byteClass == hardByte {
        kind = .hard
      } else if lead &- 0xC2 < 0x1E {
        // Two bytes: the letters of Arabic script, and Latin-1 punctuation. One load of
        // the continuation byte checks it and, with the lead, indexes the kinds; a run of
        // letters stays in the inner loop.
        guard index &+ 1 < count else { return false }
        let second = base[index &+ 1]
        guard second & 0xC0 == 0x80 else { return false }
        let byteKind = twoByte[Int(UInt32(lead & 0x1F) << 6 | UInt32(second & 0x3F))]
        if byteKind == ByteKind.word.rawValue {
          if wordStart < 0 { wordStart = index }
          index &+= 2
          while index &+ 1 < count {
            let nextLead = base[index]
            let nextSecond = base[index &+ 1]
            guard nextLead &- 0xC2 < 0x1E, nextSecond & 0xC0 == 0x80,
              twoByte[Int(UInt32(nextLead & 0x1F) << 6 | UInt32(nextSecond & 0x3F))]
                == ByteKind.word.rawValue
            else { break }
            index &+= 2
          }
          continue
        }
        kind = ByteKind(rawValue: byteKind) ?? .word
        length = 2
      } else {
        guard let (longKind, longLength) = classifyLong(line, at: index) else { return false }
        kind = longKind
        length = longLength
      }
      if kind == .word {
        if wordStart < 0 { wordStart = index }
      } else {
        if wordStart >= 0 {
          if let (start, end) = trimmed(wordStart, index, base) {
            emit(start, end, !hardSinceLastWord)
          }
          wordStart = -1
          // Even after a word of apostrophes only, which is no word.
          hardSinceLastWord = false
        }
        if kind == .hard { hardSinceLastWord = true }
      }
      index &+= length
    }
    if wordStart >= 0, let (start, end) = trimmed(wordStart, count, base) {
      emit(start, end, !hardSinceLastWord)
    }
    return true
  }

  /// For eight bytes (the first in the low bits), the high bit of each byte that is not an
  /// ASCII letter, digit or apostrophe (any byte of 0x80 or more included): bytes
  /// compared in parallel, none carrying into the next.
  @inline(__always)
  static func asciiStops(_ bytes: UInt64) -> UInt64 {
    let high: UInt64 = 0x8080_8080_8080_8080
    let ones: UInt64 = 0x0101_0101_0101_0101
    let low = bytes & ~high
    /// The high bit of each byte of `value` (below 0x80) from `first` to `last`.
    @inline(__always) func within(_ value: UInt64, _ first: UInt64, _ last: UInt64) -> UInt64 {
      (value &+ (0x80 &- first) &* ones) & ~(value &+ (0x7F &- last) &* ones) & high
    }
    let letters = within(low | 0x2020_2020_2020_2020, 0x61, 0x7A)
    let digits = within(low, 0x30, 0x39)
    let apostrophe = low ^ (0x27 &* ones)
    let apostrophes = ~((apostrophe &+ ~high) | apostrophe) & high
    let word = (letters | digits | apostrophes) & ~bytes
    return ~word & high
  }

  /// A word without leading and trailing apostrophes (an apostrophe belongs to a word
  /// only inside it); nil for a word of apostrophes only, which is no word.
  @inline(__always)
  private static func trimmed(_ start: Int, _ end: Int, _ base: UnsafePointer<UInt8>) -> (
    Int, Int
  )? {
    var start = start
    var end = end
    while start < end, base[start] == 0x27 { start &+= 1 }
    while start < end, base[end &- 1] == 0x27 { end &-= 1 }
    return start < end ? (start, end) : nil
  }

  private static let wordByte: UInt8 = 0
  private static let softByte: UInt8 = 1
  private static let hardByte: UInt8 = 2

  /// Any byte that is not ASCII.
  private static let otherByte: UInt8 = 3

  /// The class of each byte: ASCII by its kind, the rest `otherByte`. Raw memory, made
  /// once and never freed, so that reading it costs no reference counting.
  // nonisolated(unsafe): written once, when first read, and only read after.
  private nonisolated(unsafe) static let byteClasses: UnsafePointer<UInt8> = {
    let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    for byte in 0..<256 {
      guard byte < 128 else {
        table[byte] = otherByte
        continue
      }
      switch asciiKinds[byte] {
      case .word: table[byte] = wordByte
      case .soft: table[byte] = softByte
      case .hard: table[byte] = hardByte
      }
    }
    return UnsafePointer(table)
  }()

  /// The kind of each code point of two bytes in UTF-8 (U+0080 to U+07FF), by its value.
  private nonisolated(unsafe) static let twoByteKinds: UnsafePointer<UInt8> = {
    let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 0x800)
    for (value, kind) in twoByteKindList.enumerated() { table[value] = kind }
    return UnsafePointer(table)
  }()

  private static let twoByteKindList: [UInt8] = (0..<0x800).map { value in
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
