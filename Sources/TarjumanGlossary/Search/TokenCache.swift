import TarjumanText

/// A hash table from words (byte strings) to small integers, built for the finder's inner
/// loop: one hash of the word's bytes and, almost always, one probe.
///
/// Storage is raw memory owned by the table (freed in `deinit`), so that a probe does no
/// reference counting and no exclusivity checks. Keys are copied into one arena; the
/// table grows by doubling and, past `limit` entries, is emptied by its user, so that
/// memory stays bounded on any corpus. Not for sharing between threads while it grows.
///
/// A table of a whole corpus's vocabulary is larger than the processor's nearer caches,
/// so a probe's cost is its memory loads. Each slot holds 32 bits of the hash beside the
/// entry's position, so that a probe past other words reads no entry; an entry holds the
/// caller's data and payload beside the key's place, so that a hit reads the slot, the
/// entry and the key, nothing else.
final class TokenCache: @unchecked Sendable {
  // @unchecked: written only while the glossary is compiled (patterns) or by the one
  // thread that owns a workspace (text words); read-only otherwise.

  /// Per entry: the hash, the key's start and length in the arena, and the caller's data.
  private struct Entry {
    var hash: UInt64
    var start: Int32
    var length: Int32
    var data: Int32
    var payload: UInt8
  }

  /// Per slot: the entry's position plus one (0 when free) in the low 32 bits, the high
  /// 32 bits of its hash in the high ones.
  private var slots: UnsafeMutablePointer<UInt64>
  private var slotCount: Int
  private var entries: UnsafeMutablePointer<Entry>
  private var entryCapacity: Int
  private var arena: UnsafeMutablePointer<UInt8>
  private var arenaCapacity: Int
  private var arenaCount = 0
  /// The number of words stored.
  private(set) var count = 0
  let limit: Int

  init(capacity: Int = 1 << 14, limit: Int = 1 << 20) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slotCount = size
    slots = .allocate(capacity: size)
    slots.initialize(repeating: 0, count: size)
    entryCapacity = max(capacity, 16)
    entries = .allocate(capacity: entryCapacity)
    arenaCapacity = max(capacity * 8, 256)
    arena = .allocate(capacity: arenaCapacity)
    self.limit = limit
  }

  deinit {
    slots.deallocate()
    entries.deallocate()
    arena.deallocate()
  }

  /// Whether the cache holds `limit` words or more: the caller empties it (and its own
  /// per-entry data) between lines, never in the middle of one.
  var isFull: Bool { count >= limit }

  /// The value stored for `word`, if any; `insert` a new one with the hash returned.
  @inline(__always)
  func find(_ word: UnsafeBufferPointer<UInt8>) -> (value: Int32?, hash: UInt64) {
    find(word, hash: Self.hash(word))
  }

  /// The value stored for `word`, whose hash is known (from a probe of another table).
  @inline(__always)
  func find(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (value: Int32?, hash: UInt64) {
    let found = probe(word, hash: hash, from: Int(truncatingIfNeeded: hash) & (slotCount - 1))
    return (found < 0 ? nil : found, hash)
  }

  /// The value of the word in `word` whose hash is `hash`, from `slot` on; -1 if absent.
  @inline(__always)
  private func probe(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, from slot: Int) -> Int32 {
    let mask = slotCount - 1
    let tag = hash >> 32
    var slot = slot
    while true {
      let contents = slots[slot]
      if contents == 0 { return -1 }
      if contents >> 32 == tag {
        let index = Int32(truncatingIfNeeded: contents) &- 1
        if matches(entries[Int(index)], word, hash) { return index }
      }
      slot = (slot &+ 1) & mask
    }
  }

  @inline(__always)
  private func matches(_ entry: Entry, _ word: UnsafeBufferPointer<UInt8>, _ hash: UInt64) -> Bool {
    guard entry.hash == hash && Int(entry.length) == word.count else { return false }
    guard let base = word.baseAddress else { return true }
    return Self.equal(arena + Int(entry.start), base, word.count)
  }

  /// Whether two byte strings of `count` bytes are equal: eight bytes at a time, inline
  /// (words are short, and a call to `memcmp` costs more than the comparison).
  @inline(__always)
  private static func equal(
    _ first: UnsafePointer<UInt8>, _ second: UnsafePointer<UInt8>, _ count: Int
  ) -> Bool {
    let left = UnsafeRawPointer(first)
    let right = UnsafeRawPointer(second)
    guard count >= 8 else {
      if count >= 4 {
        // Two loads of four bytes, overlapping when the word is shorter than eight.
        return left.loadUnaligned(as: UInt32.self) == right.loadUnaligned(as: UInt32.self)
          && left.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
            == right.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
      }
      var index = 0
      while index < count {
        if first[index] != second[index] { return false }
        index &+= 1
      }
      return true
    }
    var index = 0
    while index &+ 8 < count {
      if left.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        != right.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      {
        return false
      }
      index &+= 8
    }
    // The last eight bytes, overlapping the ones compared already.
    return left.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
      == right.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
  }

  /// The word stored under a value, and its hash (valid until the table changes).
  func word(at value: Int32) -> (bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) {
    let entry = entries[Int(value)]
    return (
      UnsafeBufferPointer(start: arena + Int(entry.start), count: Int(entry.length)), entry.hash
    )
  }

  /// The byte stored with the word of a value.
  @inline(__always)
  func payload(at value: Int32) -> UInt8 { entries[Int(value)].payload }

  /// The number stored with the word of a value.
  @inline(__always)
  func data(at value: Int32) -> Int32 { entries[Int(value)].data }

  /// Stores a new word; its value is its position in insertion order (0, 1, 2, ...).
  func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, payload: UInt8 = 0, data: Int32 = 0)
  {
    if (count + 1) * 2 > slotCount { grow() }
    if count == entryCapacity {
      let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: entryCapacity * 2)
      bigger.moveInitialize(from: entries, count: count)
      entries.deallocate()
      entries = bigger
      entryCapacity *= 2
    }
    if arenaCount + word.count > arenaCapacity {
      var capacity = arenaCapacity * 2
      while arenaCount + word.count > capacity { capacity *= 2 }
      let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
      bigger.moveInitialize(from: arena, count: arenaCount)
      arena.deallocate()
      arena = bigger
      arenaCapacity = capacity
    }
    if let base = word.baseAddress {
      (arena + arenaCount).initialize(from: base, count: word.count)
    }
    (entries + count).initialize(
      to: Entry(
        hash: hash, start: Int32(arenaCount), length: Int32(word.count), data: data,
        payload: payload))
    arenaCount += word.count
    place(count, hash: hash)
    count += 1
  }

  private func place(_ index: Int, hash: UInt64) {
    let mask = slotCount - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 { slot = (slot + 1) & mask }
    slots[slot] = (hash >> 32) << 32 | UInt64(index + 1)
  }

  /// Forgets every word (memory is kept for reuse).
  func removeAll() {
    slots.update(repeating: 0, count: slotCount)
    count = 0
    arenaCount = 0
  }

  private func grow() {
    let size = slotCount * 2
    slots.deallocate()
    slots = .allocate(capacity: size)
    slots.initialize(repeating: 0, count: size)
    slotCount = size
    for index in 0..<count { place(index, hash: entries[index].hash) }
  }

  /// The hash of a word (``ByteHash``).
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    ByteHash.hash(bytes)
  }
}
