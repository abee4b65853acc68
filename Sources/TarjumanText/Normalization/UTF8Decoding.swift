import CTarjumanCPU

/// Strict UTF-8 decoding and encoding on raw bytes, for the hot loops that must not go
/// through `String` or `Character`.
package enum UTF8Decoding {
  /// The value returned for an ill-formed sequence.
  package static let invalid: UInt32 = 0xFFFF_FFFF

  /// Decodes the scalar that starts at `index`.
  ///
  /// - Returns: the scalar value and its length in bytes; for an ill-formed sequence,
  ///   ``invalid`` and the length of its maximal subpart (at least 1), so that replacing
  ///   each with U+FFFD follows the Unicode standard's recommended practice (and
  ///   `String(decoding:as:)`).
  @inline(__always)
  package static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
    let count = bytes.count
    let b0 = bytes[index]
    if b0 < 0x80 { return (UInt32(b0), 1) }
    if b0 < 0xC2 { return (invalid, 1) }
    if b0 < 0xE0 {
      guard index + 1 < count else { return (invalid, 1) }
      let b1 = bytes[index + 1]
      guard b1 & 0xC0 == 0x80 else { return (invalid, 1) }
      return (UInt32(b0 & 0x1F) << 6 | UInt32(b1 & 0x3F), 2)
    }
    if b0 < 0xF0 {
      guard index + 1 < count else { return (invalid, 1) }
      let b1 = bytes[index + 1]
      let lower: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
      let upper: UInt8 = b0 == 0xED ? 0x9F : 0xBF
      guard b1 >= lower && b1 <= upper else { return (invalid, 1) }
      guard index + 2 < count else { return (invalid, 2) }
      let b2 = bytes[index + 2]
      guard b2 & 0xC0 == 0x80 else { return (invalid, 2) }
      return (UInt32(b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F), 3)
    }
    if b0 < 0xF5 {
      guard index + 1 < count else { return (invalid, 1) }
      let b1 = bytes[index + 1]
      let lower: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
      let upper: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
      guard b1 >= lower && b1 <= upper else { return (invalid, 1) }
      guard index + 2 < count else { return (invalid, 2) }
      let b2 = bytes[index + 2]
      guard b2 & 0xC0 == 0x80 else { return (invalid, 2) }
      guard index + 3 < count else { return (invalid, 3) }
      let b3 = bytes[index + 3]
      guard b3 & 0xC0 == 0x80 else { return (invalid, 3) }
      return (
        UInt32(b0 & 0x07) << 18 | UInt32(b1 & 0x3F) << 12 | UInt32(b2 & 0x3F) << 6
          | UInt32(b3 & 0x3F), 4
      )
    }
    return (invalid, 1)
  }

  /// The byte offset of the first ill-formed sequence, or nil when all of `bytes` is UTF-8.
  ///
  /// Where the processor has AVX-512 with VBMI, a check 64 bytes at a time answers for
  /// valid bytes (`tj_utf8_check`: a tenth of the time of the loop below on Arabic text,
  /// whose two-byte letters and ASCII spaces the loop takes eight bytes at a time with a
  /// branch it mispredicts); the loop finds where invalid bytes go wrong.
  package static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    if let base = bytes.baseAddress, tj_utf8_check(base, bytes.count) == 1 { return nil }
    return firstInvalidOffsetByLoop(bytes)
  }

  /// ``firstInvalidOffset(_:)`` without the 64-byte check: a loop over the bytes.
  package static func firstInvalidOffsetByLoop(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = 0
    let count = bytes.count
    guard let base = bytes.baseAddress else { return nil }
    let raw = UnsafeRawPointer(base)
    while index < count {
      // Eight bytes at a time while they are ASCII (most of English text) or ASCII and
      // whole two-byte sequences (most of Persian and Arabic text).
      while index + 8 <= count {
        let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        if word & 0x8080_8080_8080_8080 == 0 {
          index += 8
          continue
        }
        guard let length = asciiAndTwoByteLength(word) else { break }
        index += length
      }
      guard index < count else { break }
      let lead = bytes[index]
      if lead < 0x80 {
        index += 1
        continue
      }
      // Two-byte sequences (Arabic script, Latin with accents) without decoding them.
      if lead >= 0xC2 && lead < 0xE0 && index + 1 < count && bytes[index + 1] & 0xC0 == 0x80 {
        index += 2
        continue
      }
      let (value, length) = decode(bytes, at: index)
      if value == invalid { return index }
      index += length
    }
    return nil
  }

  /// How many of eight bytes (little-endian in `word`, starting on a character) are
  /// ASCII and whole, well-formed two-byte sequences: 8, or 7 when the last byte starts a
  /// sequence; nil when they hold anything else.
  @inline(__always)
  private static func asciiAndTwoByteLength(_ word: UInt64) -> Int? {
    let high: UInt64 = 0x8080_8080_8080_8080
    // The top bit of each byte: 10xxxxxx, 110xxxxx, 111xxxxx.
    let continuation = word & ~(word << 1) & high
    let lead = word & (word << 1) & ~(word << 2) & high
    let longer = word & (word << 1) & (word << 2) & high
    guard longer == 0 else { return nil }
    // C0 and C1 would start overlong sequences: a byte of `word ^ 0xC0` below 2.
    let overlong = (word ^ 0xC0C0_C0C0_C0C0_C0C0) & 0xFEFE_FEFE_FEFE_FEFE
    if lead != 0 && (overlong &- 0x0101_0101_0101_0101) & ~overlong & high != 0 {
      return nil
    }
    // Each lead is followed by a continuation, each continuation follows a lead.
    guard lead << 8 == continuation else { return nil }
    return lead >> 56 == 0 ? 8 : 7
  }

  /// Appends the UTF-8 encoding of a scalar value.
  @inline(__always)
  static func append(_ value: UInt32, to output: inout [UInt8]) {
    if value < 0x80 {
      output.append(UInt8(truncatingIfNeeded: value))
    } else if value < 0x800 {
      output.append(UInt8(truncatingIfNeeded: 0xC0 | value >> 6))
      output.append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
    } else if value < 0x10000 {
      output.append(UInt8(truncatingIfNeeded: 0xE0 | value >> 12))
      output.append(UInt8(truncatingIfNeeded: 0x80 | (value >> 6) & 0x3F))
      output.append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
    } else {
      output.append(UInt8(truncatingIfNeeded: 0xF0 | value >> 18))
      output.append(UInt8(truncatingIfNeeded: 0x80 | (value >> 12) & 0x3F))
      output.append(UInt8(truncatingIfNeeded: 0x80 | (value >> 6) & 0x3F))
      output.append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
    }
  }

  /// Replaces each ill-formed sequence with U+FFFD.
  static func repaired(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count + 8)
    var index = 0
    while index < bytes.count {
      let (value, length) = decode(bytes, at: index)
      if value == invalid {
        output.append(contentsOf: [0xEF, 0xBF, 0xBD])
      } else {
        output.append(contentsOf: bytes[index..<index + length])
      }
      index += length
    }
    return output
  }
}
