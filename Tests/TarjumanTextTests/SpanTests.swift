import CTarjumanCPU
import Testing

/// `tj_span` (64 bytes at a time with AVX-512 VBMI, else a byte loop) finds the first
/// byte its table stops at, wherever that byte is in a block and whatever its value.
@Suite("spans of bytes by table")
struct SpanTests {
  /// The first byte whose entry is 0, a byte at a time.
  static func reference(_ bytes: [UInt8], _ table: [UInt8]) -> Int {
    bytes.firstIndex { table[Int($0)] == 0 } ?? bytes.count
  }

  static func spans(_ bytes: [UInt8], _ table: [UInt8]) -> (chosen: Int, scalar: Int) {
    bytes.withUnsafeBufferPointer { input in
      table.withUnsafeBufferPointer { entries in
        (
          tj_span(input.baseAddress, input.count, entries.baseAddress),
          tj_span_scalar(input.baseAddress, input.count, entries.baseAddress)
        )
      }
    }
  }

  @Test("each byte value stops a run at every offset of two blocks and the tail")
  func everyValueEverywhere() {
    // A table that lets every byte through but one: that byte placed at each offset.
    for stop in 0...255 {
      var table = [UInt8](repeating: 1, count: 256)
      table[stop] = 0
      let filler = UInt8((stop + 1) % 256)
      for length in [1, 15, 16, 63, 64, 65, 130] {
        for position in [0, length / 2, length - 1] {
          var bytes = [UInt8](repeating: filler, count: length)
          bytes[position] = UInt8(stop)
          let (chosen, scalar) = Self.spans(bytes, table)
          #expect(chosen == position && scalar == position, "stop \(stop) at \(position)/\(length)")
        }
        let (chosen, scalar) = Self.spans([UInt8](repeating: filler, count: length), table)
        #expect(chosen == length && scalar == length, "no stop in \(length)")
      }
    }
  }

  @Test("random tables and bytes")
  func random() {
    var state: UInt64 = 0xDEAD_BEEF_1234_5678
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33) % bound
    }
    for _ in 0..<3000 {
      // Tables that stop few bytes or many.
      let stops = next(40)
      var table = [UInt8](repeating: UInt8(1 + next(255)), count: 256)
      for _ in 0..<stops { table[next(256)] = 0 }
      let bytes = (0..<next(300)).map { _ in UInt8(next(256)) }
      let expected = Self.reference(bytes, table)
      let (chosen, scalar) = Self.spans(bytes, table)
      #expect(chosen == expected && scalar == expected, "\(bytes.count) bytes, \(stops) stops")
    }
  }
}
