import Dispatch
import Synchronization
import Testing

@testable import TarjumanNames

/// The table of romanized words the threads of a stream share without locks.
@Suite("Shared romanizations")
struct SharedRomanizationsTests {
  /// Real words of both languages, short and long (over the 26 bytes a slot holds inline),
  /// each with a made-up value whose length varies.
  static let words: [(word: [UInt8], tag: UInt8, value: [UInt8])] = {
    let persian = ["جولانی", "تحریر", "الشام", "دمشق", "سوریه", "هیئت", "می‌گوید", "بین‌المللی"]
    let arabic = ["الجولاني", "هيئة", "تحرير", "الاستخبارات", "والمستشفيات", "محمد", "أحمد"]
    var entries: [(word: [UInt8], tag: UInt8, value: [UInt8])] = []
    for (index, base) in (persian + arabic).enumerated() {
      for repeatCount in 1...3 {
        let word = Array(String(repeating: base, count: repeatCount).utf8)
        for tag: UInt8 in [0, 1, 3] {
          let value =
            Array("r\(index)-\(repeatCount)-\(tag)-".utf8)
            + [UInt8](repeating: 0x61, count: (index * 7 + repeatCount) % 40)
          entries.append((word, tag, value))
        }
      }
    }
    return entries
  }()

  static func lookUp(
    _ table: SharedRomanizations, _ entry: (word: [UInt8], tag: UInt8, value: [UInt8])
  )
    -> [UInt8]?
  {
    entry.word.withUnsafeBufferPointer { word in
      let hash = RomanizerWordCache.hash(word, tag: entry.tag)
      return table.reader.value(of: word, tag: entry.tag, hash: hash).map(Array.init)
    }
  }

  static func publish(
    _ table: SharedRomanizations, _ entry: (word: [UInt8], tag: UInt8, value: [UInt8])
  )
    -> Bool
  {
    entry.word.withUnsafeBufferPointer { word in
      entry.value.withUnsafeBufferPointer { value in
        table.publish(
          word, tag: entry.tag, hash: RomanizerWordCache.hash(word, tag: entry.tag), value: value)
      }
    }
  }

  @Test("a word published is found with its value, under its tag only, inline or not")
  func publishAndFind() {
    let table = SharedRomanizations(limit: 1024)
    for entry in Self.words { #expect(Self.publish(table, entry)) }
    #expect(table.count == Self.words.count)
    for entry in Self.words {
      #expect(
        Self.lookUp(table, entry) == entry.value,
        "\(String(decoding: entry.word, as: UTF8.self)) tag \(entry.tag)")
    }
    let unknown = (word: Array("ناشناخته".utf8), tag: UInt8(0), value: [UInt8]())
    #expect(Self.lookUp(table, unknown) == nil)
    // Published again: found, not added.
    #expect(Self.publish(table, Self.words[0]))
    #expect(table.count == Self.words.count)
  }

  @Test("threads publishing the same words at once leave one entry each, all found")
  func concurrentPublishing() {
    let table = SharedRomanizations(limit: 1024)
    let words = Self.words
    let failures = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: 4) { thread in
      // Each thread goes through the words from another place, and reads as it writes.
      for offset in 0..<words.count {
        let entry = words[(offset + thread * 17) % words.count]
        if !Self.publish(table, entry) { failures.add(1, ordering: .relaxed) }
        if Self.lookUp(table, entry) != entry.value { failures.add(1, ordering: .relaxed) }
      }
    }
    #expect(failures.load(ordering: .relaxed) == 0)
    // Two threads may publish a word at the same moment, each in its own slot; never more
    // than one per thread.
    #expect(table.count >= words.count && table.count <= words.count * 4)
    for entry in words { #expect(Self.lookUp(table, entry) == entry.value) }
  }

  @Test("a full table refuses new words and keeps the ones it has")
  func fullTable() {
    let table = SharedRomanizations(limit: 1)
    #expect(table.limit == 1024)
    var published: [(word: [UInt8], tag: UInt8, value: [UInt8])] = []
    for number in 0..<(table.limit + 10) {
      let entry = (
        word: Array("کلمه\(number)".utf8), tag: UInt8(0), value: Array("kalame\(number)".utf8)
      )
      if Self.publish(table, entry) {
        published.append(entry)
      } else {
        #expect(number >= table.limit, "refused at \(number)")
      }
    }
    #expect(published.count == table.limit)
    for entry in published { #expect(Self.lookUp(table, entry) == entry.value) }
    // Too long to keep at all.
    let long = (
      word: [UInt8](repeating: 0x61, count: RomanizerWordCache.maximumKeyLength + 1), tag: UInt8(0),
      value: [UInt8]()
    )
    #expect(!Self.publish(SharedRomanizations(limit: 8), long))
  }

  @Test("a table made on memory readied ahead (pages faulted in on another thread) works")
  func readied() {
    SharedRomanizations.ready(limit: 1024)
    // Made at once: the pages are still being faulted in while words are published.
    let table = SharedRomanizations(limit: 1024)
    let other = SharedRomanizations(limit: 1024)
    for entry in Self.words {
      #expect(Self.publish(table, entry))
      #expect(Self.publish(other, entry))
    }
    for entry in Self.words {
      #expect(Self.lookUp(table, entry) == entry.value)
      #expect(Self.lookUp(other, entry) == entry.value)
    }
  }
}
