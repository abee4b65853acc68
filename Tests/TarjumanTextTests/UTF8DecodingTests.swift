import Testing

@testable import TarjumanText

@Suite("UTF-8 checks on bytes")
struct UTF8DecodingTests {
  /// The offset of the first ill-formed sequence, one scalar at a time with `decode`.
  static func reference(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { buffer in
      var index = 0
      while index < buffer.count {
        let (value, length) = UTF8Decoding.decode(buffer, at: index)
        if value == UTF8Decoding.invalid { return index }
        index += length
      }
      return nil
    }
  }

  @Test("the first ill-formed sequence is found where decoding each scalar finds it")
  func firstInvalidOffset() {
    // Pieces of text (ASCII, two-, three- and four-byte scalars) and bad bytes: lone
    // continuations, overlong leads, surrogates, truncated sequences.
    let pieces: [[UInt8]] = [
      Array("abc defgh ".utf8), Array("جولانی".utf8), Array("é".utf8), Array("‌".utf8),
      Array("😀".utf8), [0x80], [0xC0, 0xAF], [0xC2], [0xD8], [0xED, 0xA0, 0x80], [0xE0, 0x80],
      [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xD9, 0x41],
    ]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20000 {
      var bytes: [UInt8] = []
      for _ in 0..<Int.random(in: 0...24, using: &generator) {
        // Mostly valid pieces, so that bad bytes come late in long lines too.
        let piece = Int.random(in: 0..<pieces.count * 3, using: &generator)
        bytes += pieces[piece < pieces.count * 2 ? piece % 5 : piece - pieces.count * 2]
      }
      let found = bytes.withUnsafeBufferPointer { UTF8Decoding.firstInvalidOffset($0) }
      #expect(found == Self.reference(bytes), "\(bytes)")
      #expect((found == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
    }
  }
}
