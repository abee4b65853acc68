import CTarjumanCPU
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
      // The loop alone, as processors without AVX-512 run it.
      let byLoop = bytes.withUnsafeBufferPointer { UTF8Decoding.firstInvalidOffsetByLoop($0) }
      #expect(byLoop == found, "\(bytes)")
      #expect((found == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
    }
  }
}

/// The 64-byte check (`tj_utf8_check`, AVX-512 with VBMI) against Swift's own validator,
/// on every pair of bytes and on sequences of three and four bytes made of the values where
/// the rules change, each placed across the end of a block and at the end of the input.
@Suite(
  "UTF-8 checks on bytes: 64 at a time",
  .enabled(if: tj_has_vbmi(), "the processor has no AVX-512 with VBMI"))
struct UTF8BlockCheckTests {
  /// Whether the C check and Swift's validator agree on `bytes`.
  static func agree(_ bytes: [UInt8]) -> Bool {
    let checked = bytes.withUnsafeBufferPointer { tj_utf8_check($0.baseAddress, $0.count) }
    return (checked == 1) == (String(validating: bytes, as: UTF8.self) != nil)
  }

  /// Places `sequence` after `offset` ASCII bytes and before `after` more.
  static func placed(_ sequence: [UInt8], at offset: Int, then after: Int) -> [UInt8] {
    Array(repeating: 0x61, count: offset) + sequence + Array(repeating: 0x62, count: after)
  }

  /// Where a sequence goes: inside a block, across the first block's end, at the input's
  /// end (a full block and a partial one), and after a full block of ASCII.
  static let places: [(offset: Int, after: Int)] = [
    (0, 5), (30, 3), (61, 10), (62, 10), (63, 10), (64, 1), (60, 0), (61, 0), (62, 0),
    (63, 0), (125, 0), (126, 0), (127, 0), (5, 0),
  ]

  /// The places of ``places`` where a block's end cuts a longer sequence.
  static let acrossBlocks: [(offset: Int, after: Int)] = [
    (30, 3), (61, 10), (62, 10), (63, 10), (61, 0), (62, 0), (126, 0),
  ]

  @Test("every pair of bytes, everywhere a block can cut it")
  func pairs() {
    var disagreements: [String] = []
    for first in 0...255 {
      for second in 0...255 {
        for place in Self.places {
          let bytes = Self.placed(
            [UInt8(first), UInt8(second)], at: place.offset, then: place.after)
          if !Self.agree(bytes) {
            disagreements.append(
              "\(String(first, radix: 16)) \(String(second, radix: 16)) at \(place.offset)")
          }
        }
      }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
  }

  @Test("sequences of three and four bytes of the values where the rules change")
  func longerSequences() {
    let values: [UInt8] = [
      0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF,
      0xF0, 0xF4, 0xF5, 0xFF,
    ]
    // Leads of each kind: E0 and ED (their second byte is limited), other three-byte
    // leads, F0 and F4 (limited), other four-byte leads, and bytes that lead nothing.
    let leads: [UInt8] = [
      0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFF,
    ]
    var disagreements: [String] = []
    for lead in leads {
      for second in values {
        for third in values {
          for fourth in [nil] + values.map(Optional.some) {
            let sequence = [lead, second, third] + (fourth.map { [$0] } ?? [])
            for place in Self.acrossBlocks {
              let bytes = Self.placed(sequence, at: place.offset, then: place.after)
              if !Self.agree(bytes) {
                disagreements.append("\(sequence.map { String($0, radix: 16) }) at \(place.offset)")
              }
            }
          }
        }
      }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
  }

  @Test("text of every script, cut and damaged at random places")
  func damagedText() {
    let text = Array(
      ("HTS’s leader Abu Mohammad al-Jolani spoke in Damascus. ابو محمد الجولانی رهبر"
        + " هیئت‌ تحریر الشام است. قال أَبُو مُحَمَّدٍ الجُولَانِيُّ في دمشق 😀 €").utf8)
    var state: UInt64 = 0x1234_5678_9ABC_DEF1
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33) % bound
    }
    for _ in 0..<20000 {
      var bytes = Array(text[next(text.count)...]) + text
      bytes.removeLast(next(bytes.count))
      for _ in 0..<next(3) where !bytes.isEmpty {
        // A byte replaced, removed or inserted.
        let at = next(bytes.count)
        switch next(3) {
        case 0: bytes[at] = UInt8(next(256))
        case 1: bytes.remove(at: at)
        default: bytes.insert(UInt8(next(256)), at: at)
        }
      }
      #expect(Self.agree(bytes), "\(bytes.map { String($0, radix: 16) })")
      let found = bytes.withUnsafeBufferPointer { UTF8Decoding.firstInvalidOffset($0) }
      #expect(found == UTF8DecodingTests.reference(bytes))
    }
  }
}
