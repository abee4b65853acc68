import Synchronization
import TarjumanText

/// A bounded map from a word (UTF-8 bytes and a one-byte tag) to its romanization (UTF-8
/// bytes), owned by one ``RomanizerWorkspace`` and so by one thread.
///
/// Open addressing with linear probing over a power-of-two table at most half full. Each
/// slot is 32 bytes, one cache line's quarter, and holds a short entry (tag, word and
/// romanization up to 26 bytes together, which covers most Persian and Arabic words)
/// inline, so that a lookup touches one place in memory; longer entries go to a byte
/// arena. A lookup hashes the word's bytes where they lie, compares bytes and allocates
/// nothing. The table grows with the number of words, not with `limit`, so that the few
/// thousand names of a typical text stay in the processor's caches. When the table holds
/// `limit` words or the arena is full, the whole cache is emptied: names repeat, so the
/// words that matter come back at once, and emptying costs less than keeping recency.
final class RomanizerWordCache {
  // Slot layout (32 bytes):
  //   0..<4   hash: the low 32 bits of the key's hash with the low bit set; 0 = empty
  //   4       inline key length (tag included), or 0 for an entry in the arena
  //   5       inline value length
  //   6..<32  inline key bytes (tag first), then value bytes
  // For an arena entry: 8..<12 offset, 12..<14 key length (tag included), 14..<16 value
  // length, as little-endian integers; the arena holds the tag, the key and the value.
  static let slotSize = 32
  static let inlineCapacity = 26

  /// Words held at most before the cache is emptied; 0 disables the cache.
  let limit: Int
  /// Keys longer than this are not cached (they are not words).
  static let maximumKeyLength = 512

  private var slots: UnsafeMutableRawPointer
  private var mask: Int
  /// The largest table: at least twice `limit` slots, so that it is never more than half
  /// full.
  private let maximumSlotCount: Int
  private var arena: UnsafeMutablePointer<UInt8>
  private var arenaCapacity: Int
  private let maximumArenaCapacity: Int
  private var arenaUsed = 0
  /// The number of words held.
  private(set) var count = 0

  /// Creates an empty cache for `limit` words. The table and the byte arena start small
  /// and double as words come, up to twice `limit` slots and 64 arena bytes per word.
  init(limit: Int) {
    self.limit = min(max(0, limit), 1 << 24)
    var size = 16
    while size < self.limit * 2 { size *= 2 }
    maximumSlotCount = size
    let initialSlots = min(size, 1024)
    slots = Self.allocateSlots(initialSlots)
    mask = initialSlots - 1
    maximumArenaCapacity = max(self.limit * 64, 4096)
    arenaCapacity = min(maximumArenaCapacity, 4096)
    arena = .allocate(capacity: arenaCapacity)
  }

  deinit {
    slots.deallocate()
    arena.deallocate()
  }

  private static func allocateSlots(_ count: Int) -> UnsafeMutableRawPointer {
    let memory = UnsafeMutableRawPointer.allocate(
      byteCount: count * slotSize, alignment: slotSize)
    memory.initializeMemory(as: UInt8.self, repeating: 0, count: count * slotSize)
    return memory
  }

  /// The hash of a tagged key (``ByteHash``'s function seeded with the tag, folded to 32
  /// bits with the low bit set).
  @inline(__always)
  static func hash(_ key: UnsafeBufferPointer<UInt8>, tag: UInt8) -> UInt32 {
    UInt32(truncatingIfNeeded: ByteHash.hash(key, seed: UInt64(tag) << 56)) | 1
  }

  /// The cached value of a key, valid until the next ``insert(_:tag:hash:value:)``.
  @inline(__always)
  func value(of key: UnsafeBufferPointer<UInt8>, tag: UInt8, hash: UInt32)
    -> UnsafeBufferPointer<UInt8>?
  {
    reader.value(of: key, tag: tag, hash: hash)
  }

  /// A view for lookups that holds no reference to the cache (so that a loop that reads
  /// it does no reference counting), valid until the next insertion or emptying.
  var reader: Reader {
    Reader(slots: slots, mask: limit > 0 ? mask : -1, arena: arena)
  }

  /// Lookups into a cache; see ``reader``.
  struct Reader {
    let slots: UnsafeMutableRawPointer
    /// The table's mask, or -1 for a cache that holds nothing.
    let mask: Int
    let arena: UnsafeMutablePointer<UInt8>

    /// The first slot a hash probes, for a prefetch ahead of the lookup.
    @inline(__always)
    func firstSlot(_ hash: UInt32) -> UnsafeRawPointer {
      UnsafeRawPointer(slots + (Int(hash >> 1) & max(mask, 0)) * RomanizerWordCache.slotSize)
    }

    /// The cached value of a key.
    @inline(__always)
    func value(of key: UnsafeBufferPointer<UInt8>, tag: UInt8, hash: UInt32)
      -> UnsafeBufferPointer<UInt8>?
    {
      guard mask >= 0 else { return nil }
      var index = Int(hash >> 1) & mask
      while true {
        let slot = slots + index * RomanizerWordCache.slotSize
        let slotHash = RomanizerWordCache.publishedHash(slot)
        if slotHash == 0 { return nil }
        if slotHash == hash, let value = entry(slot, key: key, tag: tag) { return value }
        index = (index + 1) & mask
      }
    }

    /// The value in a slot whose hash is the key's, if the slot holds the key.
    @inline(__always)
    func entry(_ slot: UnsafeMutableRawPointer, key: UnsafeBufferPointer<UInt8>, tag: UInt8)
      -> UnsafeBufferPointer<UInt8>?
    {
      let keyLength = key.count + 1
      let inlineKeyLength = Int(slot.load(fromByteOffset: 4, as: UInt8.self))
      if inlineKeyLength == keyLength {
        return RomanizerWordCache.inlineEntry(slot, key: key, tag: tag)
      } else if inlineKeyLength == 0
        && Int(slot.loadUnaligned(fromByteOffset: 12, as: UInt16.self)) == keyLength
      {
        let stored = arena + Int(slot.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        if stored[0] == tag && RomanizerWordCache.equal(stored + 1, key) {
          let valueLength = Int(slot.loadUnaligned(fromByteOffset: 14, as: UInt16.self))
          return UnsafeBufferPointer(start: stored + keyLength, count: valueLength)
        }
      }
      return nil
    }
  }

  /// The hash word of a slot, loaded with acquiring order: in a table that threads share
  /// (``SharedRomanizations``), the rest of a slot is written before its hash, and must not
  /// be read before it. (On x86 and ARM64 this is an ordinary load that the compiler does
  /// not move.)
  @inline(__always)
  static func publishedHash(_ slot: UnsafeMutableRawPointer) -> UInt32 {
    slot.assumingMemoryBound(to: Atomic<UInt32>.self).pointee.load(ordering: .acquiring)
  }

  /// The value in a slot that holds its entry inline with a key as long as `key` (tag
  /// included), if that entry is the key's.
  @inline(__always)
  static func inlineEntry(
    _ slot: UnsafeMutableRawPointer, key: UnsafeBufferPointer<UInt8>, tag: UInt8
  ) -> UnsafeBufferPointer<UInt8>? {
    let stored = slot.advanced(by: 6).assumingMemoryBound(to: UInt8.self)
    guard stored[0] == tag && equal(stored + 1, key) else { return nil }
    let valueLength = Int(slot.load(fromByteOffset: 5, as: UInt8.self))
    return UnsafeBufferPointer(start: stored + key.count + 1, count: valueLength)
  }

  /// Writes an entry that fits in a slot (``inlineCapacity`` bytes of tag, key and value)
  /// there, all but its hash.
  @inline(__always)
  static func fillInline(
    _ slot: UnsafeMutableRawPointer, key: UnsafeBufferPointer<UInt8>, tag: UInt8,
    value: UnsafeBufferPointer<UInt8>
  ) {
    let keyLength = key.count + 1
    slot.storeBytes(of: UInt8(keyLength), toByteOffset: 4, as: UInt8.self)
    slot.storeBytes(of: UInt8(value.count), toByteOffset: 5, as: UInt8.self)
    let stored = slot.advanced(by: 6).assumingMemoryBound(to: UInt8.self)
    stored[0] = tag
    if let base = key.baseAddress { (stored + 1).update(from: base, count: key.count) }
    if let base = value.baseAddress { (stored + keyLength).update(from: base, count: value.count) }
  }

  /// Writes an entry in a slot, all but its hash. An entry that does not fit inline goes
  /// to `arena` at `arenaOffset`, where `keyLength + value.count` bytes must be free.
  @inline(__always)
  static func fill(
    _ slot: UnsafeMutableRawPointer, key: UnsafeBufferPointer<UInt8>, tag: UInt8,
    value: UnsafeBufferPointer<UInt8>, arena: UnsafeMutablePointer<UInt8>, arenaOffset: Int
  ) {
    let keyLength = key.count + 1
    guard keyLength + value.count > inlineCapacity else {
      fillInline(slot, key: key, tag: tag, value: value)
      return
    }
    slot.storeBytes(of: 0, toByteOffset: 4, as: UInt8.self)
    slot.storeBytes(of: UInt32(arenaOffset), toByteOffset: 8, as: UInt32.self)
    slot.storeBytes(of: UInt16(keyLength), toByteOffset: 12, as: UInt16.self)
    slot.storeBytes(of: UInt16(value.count), toByteOffset: 14, as: UInt16.self)
    let stored = arena + arenaOffset
    stored[0] = tag
    if let base = key.baseAddress { (stored + 1).update(from: base, count: key.count) }
    if let base = value.baseAddress { (stored + keyLength).update(from: base, count: value.count) }
  }

  /// Whether the bytes at `stored` equal the key (of as many bytes).
  @inline(__always)
  static func equal(_ stored: UnsafePointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>)
    -> Bool
  {
    guard let base = key.baseAddress else { return true }
    return ByteHash.equal(UnsafeRawPointer(stored), UnsafeRawPointer(base), key.count)
  }

  /// Stores a value for a key that ``value(of:tag:hash:)`` did not find. Keys longer than
  /// ``maximumKeyLength`` and values longer than 65,535 bytes are not stored.
  func insert(
    _ key: UnsafeBufferPointer<UInt8>, tag: UInt8, hash: UInt32, value: UnsafeBufferPointer<UInt8>
  ) {
    guard limit > 0, key.count <= Self.maximumKeyLength, value.count <= Int(UInt16.max) else {
      return
    }
    let keyLength = key.count + 1
    let needed = keyLength + value.count
    let isInline = needed <= Self.inlineCapacity
    if count >= limit || (!isInline && arenaUsed + needed > maximumArenaCapacity) {
      removeAll()
    }
    if (count + 1) * 2 > mask + 1 && mask + 1 < maximumSlotCount { growTable() }
    let slot = emptySlot(for: hash)
    var arenaOffset = 0
    if !isInline {
      if arenaUsed + needed > arenaCapacity { growArena(toHold: arenaUsed + needed) }
      arenaOffset = arenaUsed
      arenaUsed += needed
    }
    Self.fill(slot, key: key, tag: tag, value: value, arena: arena, arenaOffset: arenaOffset)
    slot.storeBytes(of: hash, as: UInt32.self)
    count += 1
  }

  /// The first empty slot on the probe path of `hash`.
  private func emptySlot(for hash: UInt32) -> UnsafeMutableRawPointer {
    var index = Int(hash >> 1) & mask
    while (slots + index * Self.slotSize).load(as: UInt32.self) != 0 {
      index = (index + 1) & mask
    }
    return slots + index * Self.slotSize
  }

  private func growTable() {
    let old = slots
    let oldCount = mask + 1
    slots = Self.allocateSlots(oldCount * 2)
    mask = oldCount * 2 - 1
    for index in 0..<oldCount {
      let slot = old + index * Self.slotSize
      let hash = slot.load(as: UInt32.self)
      if hash != 0 { emptySlot(for: hash).copyMemory(from: slot, byteCount: Self.slotSize) }
    }
    old.deallocate()
  }

  private func growArena(toHold bytes: Int) {
    var capacity = arenaCapacity
    while capacity < bytes { capacity *= 2 }
    capacity = min(capacity, maximumArenaCapacity)
    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    grown.update(from: arena, count: arenaUsed)
    arena.deallocate()
    arena = grown
    arenaCapacity = capacity
  }

  /// Empties the cache (keeping the memory it has grown to).
  func removeAll() {
    slots.initializeMemory(as: UInt8.self, repeating: 0, count: (mask + 1) * Self.slotSize)
    arenaUsed = 0
    count = 0
  }

}

/// A small table in front of a thread's caches: the words a text uses most stay in it, in
/// a megabyte that the processor's cache holds, while the shared table of a long text's
/// words does not fit there. It is two-way set-associative: a word may sit in either slot
/// of the 64 bytes (one cache line) its hash names, the one met last first. Each slot
/// holds one entry in ``RomanizerWordCache``'s inline slot layout, copied there on a
/// lookup. Entries are copies, so that nothing that happens to the other caches makes one
/// wrong: a word's romanization never changes.
final class RomanizerHotWords {
  static let slotCount = 32768
  /// Two slots per set.
  static let setSize = 2 * RomanizerWordCache.slotSize
  let slots: UnsafeMutableRawPointer
  /// The set count less one (a power of two less one).
  let mask: Int
  /// Whether entries go in (not for a romanizer that caches nothing).
  let isEnabled: Bool

  init(enabled: Bool) {
    isEnabled = enabled
    let sets = enabled ? Self.slotCount / 2 : 1
    mask = sets - 1
    slots = UnsafeMutableRawPointer.allocate(byteCount: sets * Self.setSize, alignment: 64)
    slots.initializeMemory(as: UInt8.self, repeating: 0, count: sets * Self.setSize)
  }

  deinit { slots.deallocate() }

  /// The set of a hash: its first slot; the second follows.
  @inline(__always)
  static func slot(_ slots: UnsafeMutableRawPointer, _ mask: Int, _ hash: UInt32)
    -> UnsafeMutableRawPointer
  {
    slots + (Int(hash >> 1) & mask) * setSize
  }

  /// Whether the set of a hash may hold it (one of its slots has the hash).
  @inline(__always)
  static func mayHold(_ slots: UnsafeMutableRawPointer, _ mask: Int, _ hash: UInt32) -> Bool {
    let set = slot(slots, mask, hash)
    return set.load(as: UInt32.self) == hash
      || set.load(fromByteOffset: RomanizerWordCache.slotSize, as: UInt32.self) == hash
  }

  /// The value of a key in one slot, if the slot holds it.
  @inline(__always)
  private static func value(
    in slot: UnsafeMutableRawPointer, of key: UnsafeBufferPointer<UInt8>, tag: UInt8,
    hash: UInt32
  ) -> UnsafeBufferPointer<UInt8>? {
    guard slot.load(as: UInt32.self) == hash,
      Int(slot.load(fromByteOffset: 4, as: UInt8.self)) == key.count + 1
    else { return nil }
    return RomanizerWordCache.inlineEntry(slot, key: key, tag: tag)
  }

  /// The value of a key, if its set holds it.
  @inline(__always)
  static func value(
    _ slots: UnsafeMutableRawPointer, _ mask: Int, of key: UnsafeBufferPointer<UInt8>,
    tag: UInt8, hash: UInt32
  ) -> UnsafeBufferPointer<UInt8>? {
    let set = slot(slots, mask, hash)
    return value(in: set, of: key, tag: tag, hash: hash)
      ?? value(in: set + RomanizerWordCache.slotSize, of: key, tag: tag, hash: hash)
  }

  /// Puts an entry first in its set (the first moving second), when it fits in a slot.
  @inline(__always)
  static func insert(
    _ slots: UnsafeMutableRawPointer, _ mask: Int, _ key: UnsafeBufferPointer<UInt8>,
    tag: UInt8, hash: UInt32, value: UnsafeBufferPointer<UInt8>
  ) {
    guard key.count + 1 + value.count <= RomanizerWordCache.inlineCapacity else { return }
    let slot = Self.slot(slots, mask, hash)
    (slot + RomanizerWordCache.slotSize).copyMemory(
      from: slot, byteCount: RomanizerWordCache.slotSize)
    slot.storeBytes(of: hash, as: UInt32.self)
    RomanizerWordCache.fillInline(slot, key: key, tag: tag, value: value)
  }
}
