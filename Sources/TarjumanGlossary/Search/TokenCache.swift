/// A hash table from words (byte strings) to small integers, built for the finder's inner
/// loop: one hash of the word's bytes and, almost always, one probe.
///
/// Keys are copied into one arena; the table grows by doubling and, past `limit`
/// entries, is emptied by its user, so that memory stays bounded on any corpus.
struct TokenCache {
  private var slots: [Int32]  // index into `entries`, -1 when free
  private var hashes: [UInt64] = []
  private var starts: [Int32] = []
  private var lengths: [Int32] = []
  private var arena: [UInt8] = []
  private var mask: Int
  let limit: Int

  init(capacity: Int = 1 << 14, limit: Int = 1 << 20) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = Array(repeating: -1, count: size)
    mask = size - 1
    self.limit = limit
  }

  /// The number of words stored.
  var count: Int { hashes.count }

  /// The value stored for `word`, if any; `insert` a new one with the hash returned.
  @inline(__always)
  func find(_ word: UnsafeBufferPointer<UInt8>) -> (value: Int32?, hash: UInt64) {
    let hash = Self.hash(word)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let entry = slots[slot]
      if entry < 0 { return (nil, hash) }
      let index = Int(entry)
      if hashes[index] == hash && Int(lengths[index]) == word.count {
        let start = Int(starts[index])
        let equal = arena.withUnsafeBufferPointer { stored in
          guard word.count > 0, let storedBase = stored.baseAddress, let wordBase = word.baseAddress
          else { return true }
          return memcmp(storedBase + start, wordBase, word.count) == 0
        }
        if equal { return (entry, hash) }
      }
      slot = (slot + 1) & mask
    }
  }

  /// Whether the cache holds `limit` words or more: the caller empties it (and its own
  /// per-entry data) between lines, never in the middle of one.
  var isFull: Bool { hashes.count >= limit }

  /// Stores a new word; its value is its position in insertion order (0, 1, 2, ...).
  @inline(__always)
  mutating func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) {
    if (hashes.count + 1) * 2 > slots.count { grow() }
    let index = Int32(hashes.count)
    hashes.append(hash)
    starts.append(Int32(arena.count))
    lengths.append(Int32(word.count))
    arena.append(contentsOf: word)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] >= 0 { slot = (slot + 1) & mask }
    slots[slot] = index
  }

  mutating func removeAll() {
    for index in slots.indices { slots[index] = -1 }
    hashes.removeAll(keepingCapacity: true)
    starts.removeAll(keepingCapacity: true)
    lengths.removeAll(keepingCapacity: true)
    arena.removeAll(keepingCapacity: true)
  }

  private mutating func grow() {
    let size = slots.count * 2
    slots = Array(repeating: -1, count: size)
    mask = size - 1
    for (index, hash) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: hash) & mask
      while slots[slot] >= 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(index)
    }
  }

  /// FNV-1a, 8 bytes at a time where it can, then mixed: words are short, so a simple
  /// hash beats a strong one.
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var index = 0
    let count = bytes.count
    if let base = UnsafeRawPointer(bytes.baseAddress) {
      while index + 8 <= count {
        hash =
          (hash ^ base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
          &* 0x0000_0100_0000_01B3
        hash ^= hash >> 29
        index += 8
      }
    }
    while index < count {
      hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3
      index += 1
    }
    hash ^= hash >> 32
    return hash &* 0x9E37_79B9_7F4A_7C15
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
