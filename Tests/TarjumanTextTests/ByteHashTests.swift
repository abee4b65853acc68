import Testing

@testable import TarjumanText

@Suite("word hash")
struct ByteHashTests {
  /// The hash as first defined: the tail packed one byte at a time.
  static func reference(_ bytes: [UInt8], seed: UInt64) -> UInt64 {
    reference(
      bytes, seed: seed,
      constants: (0xBF58_476D_1CE4_E5B9, 31, 33, 0xFF51_AFD7_ED55_8CCD, 33))
  }

  /// The hash of `hashPair`'s second chain, as the byte-by-byte definition.
  static func secondReference(_ bytes: [UInt8], seed: UInt64) -> UInt64 {
    reference(
      bytes, seed: seed,
      constants: (0x94D0_49BB_1331_11EB, 29, 32, 0xC4CE_B9FE_1A85_EC53, 29))
  }

  /// The definition with its constants: the multiplier and shift of each word, and the
  /// final mix's shift, multiplier and shift.
  static func reference(
    _ bytes: [UInt8], seed: UInt64,
    constants: (
      multiplier: UInt64, shift: UInt64, finalShift: UInt64, finalMultiplier: UInt64,
      lastShift: UInt64
    )
  ) -> UInt64 {
    var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ seed ^ UInt64(bytes.count)
    var index = 0
    while index + 8 <= bytes.count {
      var word: UInt64 = 0
      for offset in 0..<8 { word |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
      hash = (hash ^ word) &* constants.multiplier
      hash ^= hash >> constants.shift
      index += 8
    }
    if index < bytes.count {
      var tail: UInt64 = 0
      for (offset, byte) in bytes[index...].enumerated() {
        tail |= UInt64(byte) << (8 * UInt64(offset))
      }
      hash = (hash ^ tail) &* constants.multiplier
    }
    hash ^= hash >> constants.finalShift
    hash &*= constants.finalMultiplier
    hash ^= hash >> constants.lastShift
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
        let pair = bytes.withUnsafeBufferPointer {
          ByteHash.hashPair($0, first: seed, second: ~seed)
        }
        #expect(pair.0 == fast)
        #expect(
          pair.1 == Self.secondReference(bytes, seed: ~seed),
          "\(bytes.map { String($0, radix: 16) }) second seed \(~seed)")
        #expect(pair.1 != pair.0)
      }
    }
  }
}
