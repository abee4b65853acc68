/// Trigrams of keys as integer codes: three code points, 21 bits each, in 63 bits. Every
/// window of three code points counts, spaces included (`" un"` is the start of the word
/// `un`), the way FTS5's trigram tokenizer cut the keys before the store had its own index.
enum Trigrams {
  /// Calls `body` with the code of each trigram of `key`, in order, repeats included.
  @inline(__always)
  static func forEachCode(_ key: String, _ body: (UInt64) -> Void) {
    var key = key
    key.withUTF8 { forEachCode(utf8: $0, body) }
  }

  /// Calls `body` with the code of each trigram of a key's UTF-8 bytes (valid, as a
  /// `String`'s are), decoded in place: the import's reader cuts every key this way.
  @inline(__always)
  static func forEachCode(utf8 bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt64) -> Void) {
    var window: UInt64 = 0
    var seen = 0
    var index = 0
    while index < bytes.count {
      let lead = UInt32(bytes[index])
      let scalar: UInt32
      if lead < 0x80 {
        scalar = lead
        index += 1
      } else if lead < 0xE0 {
        scalar = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
        index += 2
      } else if lead < 0xF0 {
        scalar =
          (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6
          | UInt32(bytes[index + 2] & 0x3F)
        index += 3
      } else {
        scalar =
          (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
          | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
        index += 4
      }
      window = ((window << 21) | UInt64(scalar)) & 0x7FFF_FFFF_FFFF_FFFF
      seen += 1
      if seen >= 3 { body(window) }
    }
  }

  /// The distinct trigram codes of `key`, in the order they first occur.
  static func codes(_ key: String) -> [UInt64] {
    var codes: [UInt64] = []
    forEachCode(key) { code in
      if !codes.contains(code) { codes.append(code) }
    }
    return codes
  }
}

/// Unsigned LEB128 integers: seven bits a byte, the high bit set on all bytes but the last.
enum Varint {
  @inline(__always)
  static func append(_ value: UInt64, to bytes: inout [UInt8]) {
    var value = value
    while value >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
      value >>= 7
    }
    bytes.append(UInt8(value))
  }

  /// Reads one integer at `offset` and moves `offset` past it; 0 past the end.
  @inline(__always)
  static func read(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while offset < bytes.count {
      let byte = bytes[offset]
      offset += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return value }
      shift += 7
      if shift > 63 { return value }
    }
    return value
  }

  /// The sum of the integers from `offset` to the end: the last id of a list of gaps.
  ///
  /// Byte by byte without a branch: each byte's seven bits are added at the shift its
  /// place in its integer gives (0 after a byte without the high bit). The gaps of a long
  /// list mix one- and two-byte integers, and a branch per integer is mispredicted often.
  static func sum(_ bytes: UnsafeRawBufferPointer, from offset: Int) -> UInt64 {
    var total: UInt64 = 0
    var shift: UInt64 = 0
    for index in offset..<bytes.count {
      let byte = UInt64(bytes[index])
      total &+= (byte & 0x7F) &<< shift
      // All ones after a byte with the high bit (the integer goes on), else zero.
      shift = (shift &+ 7) & (0 &- (byte >> 7))
    }
    return total
  }
}
