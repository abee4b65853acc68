import Testing

@testable import TarjumanText

@Suite("word hash")
struct ByteHashTests {
  /// The hash as first defined: the tail packed one byte at a time.
  static func reference(_ bytes: [UInt8], seed: UInt64) -> UInt64 {
    var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ seed ^ UInt64(bytes.count)
    var index = 0
    while index + 8 <= bytes.count {
      var word: UInt64 = 0
      for offset in 0..<8 { word |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
      hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
      hash ^= hash >> 31
      index += 8
    }
    if index < bytes.count {
      var tail: UInt64 = 0
      for (offset, byte) in bytes[index...].enumerated() {
        tail |= UInt64(byte) << (8 * UInt64(offset))
      }
      hash = (hash ^ tail) &* 0xBF58_476D_1CE4_E5B9
    }
    hash ^= hash >> 33
    hash &*= 0xFF51_AFD7_ED55_8CCD
    hash ^= hash >> 33
    return hash
  }

  @Test("every length hashes as the byte-by-byte definition does", arguments: 0...40)
  func lengths(_ length: Int) {
    // Real words of three scripts, cut to each length.
    let text = Array("الجولانی Jolani خامنه‌ای Damascus هيئة تحرير الشام".utf8)
    for start in [0, 3, 7] {
      let bytes = Array(text[start..<min(text.count, start + length)])
      for seed: UInt64 in [0, 0x1234_5678_9ABC_DEF0] {
        let fast = bytes.withUnsafeBufferPointer { ByteHash.hash($0, seed: seed) }
        #expect(
          fast == Self.reference(bytes, seed: seed),
          "\(bytes.map { String($0, radix: 16) }) seed \(seed)")
      }
    }
  }
}
