import TarjumanText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A hash table from words (byte strings) to small integers, built for the finder's inner
/// loop: one hash of the word's bytes and, almost always, one probe.
///
/// Storage is raw memory owned by the table (freed in `deinit`), so that a probe does no
/// reference counting and no exclusivity checks. Keys are copied into one arena; the
/// table grows by doubling and, past `limit` entries, is emptied by its user, so that
/// memory stays bounded on any corpus. Not for sharing between threads while it grows.
final class TokenCache: @unchecked Sendable {
  // @unchecked: written only while the glossary is compiled (patterns) or by the one
  // thread that owns a workspace (text words); read-only otherwise.

  /// Per entry: the hash, and the key's start and length in the arena.
  private struct Entry {
    var hash: UInt64
    var start: Int32
    var length: Int32
  }

  private var slots: UnsafeMutablePointer<Int32>  // index into `entries`, -1 when free
  private var slotCount: Int
  private var entries: UnsafeMutablePointer<Entry>
  /// A byte stored with each word (the finder keeps "can this word begin a match?" here,
  /// so that its inner loop reads nothing else).
  private var payloads: UnsafeMutablePointer<UInt8>
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
    slots.initialize(repeating: -1, count: size)
    entryCapacity = max(capacity, 16)
    entries = .allocate(capacity: entryCapacity)
    payloads = .allocate(capacity: entryCapacity)
    arenaCapacity = max(capacity * 8, 256)
    arena = .allocate(capacity: arenaCapacity)
    self.limit = limit
  }

  deinit {
    slots.deallocate()
    entries.deallocate()
    payloads.deallocate()
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
    let mask = slotCount - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let index = slots[slot]
      if index < 0 { return (nil, hash) }
      let entry = entries[Int(index)]
      if entry.hash == hash && Int(entry.length) == word.count {
        if word.count == 0 { return (index, hash) }
        if let base = word.baseAddress, memcmp(arena + Int(entry.start), base, word.count) == 0 {
          return (index, hash)
        }
      }
      slot = (slot + 1) & mask
    }
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
  func payload(at value: Int32) -> UInt8 { payloads[Int(value)] }

  /// Stores a new word; its value is its position in insertion order (0, 1, 2, ...).
  func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, payload: UInt8 = 0) {
    if (count + 1) * 2 > slotCount { grow() }
    if count == entryCapacity {
      let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: entryCapacity * 2)
      bigger.moveInitialize(from: entries, count: count)
      entries.deallocate()
      entries = bigger
      let biggerPayloads = UnsafeMutablePointer<UInt8>.allocate(capacity: entryCapacity * 2)
      biggerPayloads.moveInitialize(from: payloads, count: count)
      payloads.deallocate()
      payloads = biggerPayloads
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
      to: Entry(hash: hash, start: Int32(arenaCount), length: Int32(word.count)))
    (payloads + count).initialize(to: payload)
    arenaCount += word.count
    let mask = slotCount - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] >= 0 { slot = (slot + 1) & mask }
    slots[slot] = Int32(count)
    count += 1
  }

  /// Forgets every word (memory is kept for reuse).
  func removeAll() {
    slots.update(repeating: -1, count: slotCount)
    count = 0
    arenaCount = 0
  }

  private func grow() {
    let size = slotCount * 2
    slots.deallocate()
    slots = .allocate(capacity: size)
    slots.initialize(repeating: -1, count: size)
    slotCount = size
    let mask = size - 1
    for index in 0..<count {
      var slot = Int(truncatingIfNeeded: entries[index].hash) & mask
      while slots[slot] >= 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(index)
    }
  }

  /// The hash of a word (``ByteHash``).
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    ByteHash.hash(bytes)
  }
}
