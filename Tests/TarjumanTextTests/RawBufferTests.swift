import Testing

@testable import TarjumanText

@Suite("Raw buffers")
struct RawBufferTests {
  @Test("Appending runs of every length from 0 to 40 bytes keeps every byte, across growth")
  func runsOfBytes() {
    var buffer = RawBuffer<UInt8>(capacity: 1)
    defer { buffer.free() }
    var expected: [UInt8] = []
    for length in 0...40 {
      let run = (0..<length).map { UInt8(truncatingIfNeeded: length &* 7 &+ $0) }
      run.withUnsafeBufferPointer { buffer.append(contentsOf: $0) }
      expected += run
      #expect(Array(buffer.elements) == expected, "after a run of \(length)")
    }
    #expect(buffer.capacity >= buffer.count)
    buffer.truncate(to: 5)
    #expect(Array(buffer.elements) == Array(expected.prefix(5)))
    buffer.removeAll()
    #expect(buffer.count == 0 && buffer.elements.isEmpty)
  }

  @Test("Wider elements, the scratch space past the end, and UTF-8")
  func widerElementsAndScratch() {
    var numbers = RawBuffer<Int32>()
    defer { numbers.free() }
    for value in 0..<100 { numbers.append(Int32(value)) }
    let more = (100..<130).map(Int32.init)
    more.withUnsafeBufferPointer { numbers.append(contentsOf: $0) }
    #expect(Array(numbers.elements) == (0..<130).map(Int32.init))
    numbers[3] = -3
    #expect(numbers[3] == -3 && Array(numbers.buffer(2, 3)) == [2, -3, 4])
    let tail = numbers.reserve(1000)
    #expect(tail == numbers.base + numbers.count && numbers.capacity >= numbers.count + 1000)
    tail[0] = 7  // scratch: the count does not move
    #expect(numbers.count == 130)

    var text = RawBuffer<UInt8>()
    defer { text.free() }
    for scalar in "Aé جولانی 😀".unicodeScalars {
      text.reserve(4)
      text.appendUTF8Unchecked(scalar.value)
    }
    #expect(String(decoding: text.elements, as: UTF8.self) == "Aé جولانی 😀")
  }
}
