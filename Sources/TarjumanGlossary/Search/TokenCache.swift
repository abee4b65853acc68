import CTarjumanCPU
import TarjumanText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A hash table from words (byte strings) to small integers, built for the finder's inner
/// loop: one hash of the word's bytes and, almost always, one probe that reads one cache
/// line.
///
/// Storage is raw memory owned by the table (freed in `deinit`), so that a probe does no
/// reference counting and no exclusivity checks. Each slot holds everything a probe
/// needs: the word's hash, length, flag and data, and the word itself when it is at most
/// 16 bytes long (nearly every word: an Arabic word of eight letters is 16 bytes), else
/// its place in an arena of longer words. A table of a whole corpus's vocabulary is larger
/// than the processor's nearer caches, so a probe's cost is its memory loads: with the
/// word in its slot, a hit is one load from memory, not three (slot, entry, key).
///
/// The table grows by doubling and, past `limit` words, is emptied by its user, so that
/// memory stays bounded on any corpus. Not for sharing between threads while it grows
/// (``SharedWords`` is the finder's table for all threads; each thread's own table holds
/// the words met often in a small front table, and the words the shared table has no
/// room for).
final class TokenCache: @unchecked Sendable {
  // @unchecked: written only while the glossary is compiled (patterns) or by the one
  // thread that owns a workspace (text words); read-only otherwise.

  /// One slot, 32 bytes, aligned so that it never straddles two cache lines.
  private struct Slot {
    var hash: UInt64
    /// 0 when the slot is free; else ``occupiedBit``, the flag and the word's length.
    var meta: UInt32
    var data: Int32
    /// The word's bytes when it is at most ``inlineBytes`` long (`first` holds its first
    /// eight), else `first` is its offset in the arena.
    var first: UInt64
    var second: UInt64
  }

  private static let inlineBytes = 16
  private static let occupiedBit: UInt32 = 1 << 31
  private static let flagBit: UInt32 = 1 << 30
  private static let lengthMask: UInt32 = (1 << 30) - 1
  /// Where the inline bytes start in a slot: after the hash, meta and data.
  private static let inlineOffset = 16

  private var slots: UnsafeMutablePointer<Slot>
  private var slotCount: Int
  /// Words longer than ``inlineBytes``.
  private var arena: UnsafeMutablePointer<UInt8>
  private var arenaCapacity: Int
  private var arenaCount = 0
  /// The number of words stored.
  private(set) var count = 0
  let limit: Int

  /// A small direct-mapped table in front of `slots` (nil: none), holding copies of
  /// recently met words of at most ``inlineBytes`` bytes: small enough to stay in the
  /// processor's second-level cache, where a probe of `slots` for a text's large
  /// vocabulary waits for memory. Text repeats its common words, so most probes end here.
  private var front: UnsafeMutablePointer<Slot>?
  private let frontMask: Int

  init(capacity: Int = 1 << 14, limit: Int = 1 << 20, frontSlots: Int = 0) {
    precondition(
      MemoryLayout<Slot>.stride == 32 && MemoryLayout<Slot>.offset(of: \Slot.first) == 16)
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slotCount = size
    slots = Self.allocateSlots(size)
    arenaCapacity = max(capacity * 2, 256)
    arena = .allocate(capacity: arenaCapacity)
    self.limit = limit
    var frontSize = 0
    if frontSlots > 1 {
      frontSize = 1
      while frontSize < frontSlots { frontSize <<= 1 }
      front = Self.allocateSlots(frontSize)
    }
    // The index of a pair's first slot: even.
    frontMask = max(frontSize - 2, 0)
  }

  deinit {
    Self.freeSlots(slots, count: slotCount)
    if let front { Self.freeSlots(front, count: frontMask + 2) }
    arena.deallocate()
  }

  /// Slots are zeroed memory. A table of 2 MiB or more is mapped from the system, which
  /// zeroes pages when they are first touched (a large table costs only the pages a
  /// vocabulary reaches, and nothing to clear), and asks for huge pages, so that probes of
  /// a large vocabulary (which miss the processor's caches) do not miss its address
  /// translation cache too.
  private static func allocateSlots(_ count: Int) -> UnsafeMutablePointer<Slot> {
    let bytes = count * MemoryLayout<Slot>.stride
    if bytes >= mappedBytes {
      #if canImport(Glibc)
        let memory = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        if let memory, memory != MAP_FAILED {
          _ = madvise(memory, bytes, 14)  // MADV_HUGEPAGE
          return memory.bindMemory(to: Slot.self, capacity: count)
        }
      #endif
    }
    var memory: UnsafeMutableRawPointer?
    guard posix_memalign(&memory, 64, bytes) == 0, let memory else {
      fatalError("out of memory for \(count) word slots")
    }
    memory.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
    return memory.bindMemory(to: Slot.self, capacity: count)
  }

  private static let mappedBytes = 2 << 20

  private static func freeSlots(_ slots: UnsafeMutablePointer<Slot>, count: Int) {
    let bytes = count * MemoryLayout<Slot>.stride
    #if canImport(Glibc)
      if bytes >= mappedBytes {
        munmap(slots, bytes)
        return
      }
    #endif
    free(slots)
  }

  /// Whether the cache holds `limit` words or more: the caller empties it (and its own
  /// per-word data) between lines, never in the middle of one.
  var isFull: Bool { count >= limit }

  /// Asks the processor for the pair of front slots where `hash` would be.
  @inline(__always)
  func prefetchFront(_ hash: UInt64) {
    guard let front else { return }
    tj_prefetch(front + (Int(truncatingIfNeeded: hash >> 32) & frontMask))
  }

  /// The data and flag of `word` when the front table holds it.
  ///
  /// The front table is two-way: each hash has two slots, in one cache line, the one
  /// used last first.
  @inline(__always)
  func findInFront(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (data: Int32, flag: Bool)? {
    guard let front, let base = word.baseAddress, word.count <= Self.inlineBytes else { return nil }
    let first = front + (Int(truncatingIfNeeded: hash >> 32) & frontMask)
    let wanted = Self.occupiedBit | UInt32(truncatingIfNeeded: word.count)
    if first.pointee.hash == hash, first.pointee.meta & ~Self.flagBit == wanted,
      ByteHash.equal(
        UnsafeRawPointer(first) + Self.inlineOffset, UnsafeRawPointer(base), word.count)
    {
      return (first.pointee.data, first.pointee.meta & Self.flagBit != 0)
    }
    let second = first + 1
    if second.pointee.hash == hash, second.pointee.meta & ~Self.flagBit == wanted,
      ByteHash.equal(
        UnsafeRawPointer(second) + Self.inlineOffset, UnsafeRawPointer(base), word.count)
    {
      let found = second.pointee
      second.pointee = first.pointee
      first.pointee = found
      return (found.data, found.meta & Self.flagBit != 0)
    }
    return nil
  }

  /// Puts a slot's copy first in its pair of the front table, the pair's first going second.
  @inline(__always)
  private func keepInFront(_ slot: Slot, _ front: UnsafeMutablePointer<Slot>) {
    let first = front + (Int(truncatingIfNeeded: slot.hash >> 32) & frontMask)
    (first + 1).pointee = first.pointee
    first.pointee = slot
  }

  /// Copies a slot of the shared table (same layout) into the front table, when it holds
  /// a word of at most ``inlineBytes`` bytes.
  @inline(__always)
  func keepInFront(_ shared: SharedWords.Slot) {
    guard let front, Int(shared.meta & Self.lengthMask) <= Self.inlineBytes else { return }
    keepInFront(unsafeBitCast(shared, to: Slot.self), front)
  }

  /// The data and flag of `word` when the table holds it; the word is then copied into
  /// the front table (when it has one), for the next time.
  @inline(__always)
  func findAndKeep(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (data: Int32, flag: Bool)? {
    let found = probe(word, hash: hash)
    guard found >= 0 else { return nil }
    let pointer = slots + Int(found)
    if let front, word.count <= Self.inlineBytes { keepInFront(pointer.pointee, front) }
    return (pointer.pointee.data, pointer.pointee.meta & Self.flagBit != 0)
  }

  /// The slot of `word`, if it is stored (valid until the table changes); `insert` a new
  /// word with the hash returned.
  @inline(__always)
  func find(_ word: UnsafeBufferPointer<UInt8>) -> (slot: Int32?, hash: UInt64) {
    find(word, hash: Self.hash(word))
  }

  /// The slot of `word`, whose hash is known (from a probe of another table).
  @inline(__always)
  func find(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (slot: Int32?, hash: UInt64) {
    let found = probe(word, hash: hash)
    return (found < 0 ? nil : found, hash)
  }

  /// The slot holding the word, or -1.
  @inline(__always)
  private func probe(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
    let mask = slotCount &- 1
    let wanted = Self.occupiedBit | UInt32(truncatingIfNeeded: word.count)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let pointer = slots + slot
      let meta = pointer.pointee.meta
      if meta == 0 { return -1 }
      if pointer.pointee.hash == hash && meta & ~Self.flagBit == wanted
        && matches(pointer, word)
      {
        return Int32(truncatingIfNeeded: slot)
      }
      slot = (slot &+ 1) & mask
    }
  }

  /// Whether the slot's bytes are the word's (its hash and length are known to match).
  @inline(__always)
  private func matches(_ pointer: UnsafeMutablePointer<Slot>, _ word: UnsafeBufferPointer<UInt8>)
    -> Bool
  {
    guard let base = word.baseAddress, word.count > 0 else { return true }
    let stored: UnsafeRawPointer =
      word.count <= Self.inlineBytes
      ? UnsafeRawPointer(pointer) + Self.inlineOffset
      : UnsafeRawPointer(arena + Int(pointer.pointee.first))
    return ByteHash.equal(stored, UnsafeRawPointer(base), word.count)
  }

  /// The flag stored with the word in a slot.
  @inline(__always)
  func flag(at slot: Int32) -> Bool { slots[Int(slot)].meta & Self.flagBit != 0 }

  /// The number stored with the word in a slot.
  @inline(__always)
  func data(at slot: Int32) -> Int32 { slots[Int(slot)].data }

  /// Stores a word that is not in the table.
  func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, flag: Bool = false, data: Int32 = 0)
  {
    precondition(word.count <= Int(Self.lengthMask))
    if (count + 1) * 2 > slotCount { grow() }
    var slot = Slot(
      hash: hash,
      meta: Self.occupiedBit | (flag ? Self.flagBit : 0) | UInt32(truncatingIfNeeded: word.count),
      data: data, first: 0, second: 0)
    if word.count > Self.inlineBytes, let base = word.baseAddress {
      if arenaCount + word.count > arenaCapacity {
        var capacity = arenaCapacity * 2
        while arenaCount + word.count > capacity { capacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bigger.moveInitialize(from: arena, count: arenaCount)
        arena.deallocate()
        arena = bigger
        arenaCapacity = capacity
      }
      (arena + arenaCount).initialize(from: base, count: word.count)
      slot.first = UInt64(arenaCount)
      arenaCount += word.count
    }
    if word.count <= Self.inlineBytes, let base = word.baseAddress {
      withUnsafeMutableBytes(of: &slot) { bytes in
        guard let target = bytes.baseAddress else { return }
        Self.copyShort(from: UnsafeRawPointer(base), to: target + Self.inlineOffset, word.count)
      }
      if let front { keepInFront(slot, front) }
    }
    slots[place(hash)] = slot
    count += 1
  }

  /// Copies at most ``inlineBytes`` bytes with a few loads and stores (overlapping when
  /// the count is not a power of two), reading and writing nothing outside them.
  @inline(__always)
  private static func copyShort(
    from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, _ count: Int
  ) {
    if count >= 8 {
      let head = source.loadUnaligned(as: UInt64.self)
      let tail = source.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
      target.storeBytes(of: head, as: UInt64.self)
      target.storeBytes(of: tail, toByteOffset: count &- 8, as: UInt64.self)
    } else if count >= 4 {
      let head = source.loadUnaligned(as: UInt32.self)
      let tail = source.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
      target.storeBytes(of: head, as: UInt32.self)
      target.storeBytes(of: tail, toByteOffset: count &- 4, as: UInt32.self)
    } else {
      for index in 0..<count {
        target.storeBytes(
          of: source.load(fromByteOffset: index, as: UInt8.self), toByteOffset: index,
          as: UInt8.self)
      }
    }
  }

  /// The first free slot for a hash.
  private func place(_ hash: UInt64) -> Int {
    let mask = slotCount - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot].meta != 0 { slot = (slot + 1) & mask }
    return slot
  }

  /// Forgets every word (memory is kept for reuse).
  func removeAll() {
    guard count > 0 else { return }
    UnsafeMutableRawPointer(slots).initializeMemory(
      as: UInt8.self, repeating: 0, count: slotCount * MemoryLayout<Slot>.stride)
    if let front {
      UnsafeMutableRawPointer(front).initializeMemory(
        as: UInt8.self, repeating: 0, count: (frontMask + 2) * MemoryLayout<Slot>.stride)
    }
    count = 0
    arenaCount = 0
  }

  private func grow() {
    let old = slots
    let oldCount = slotCount
    slotCount *= 2
    slots = Self.allocateSlots(slotCount)
    for index in 0..<oldCount where old[index].meta != 0 {
      slots[place(old[index].hash)] = old[index]
    }
    Self.freeSlots(old, count: oldCount)
  }

  /// The hash of a word: eight bytes at a time, the last eight overlapping the ones
  /// before (words are short: most take one or two multiplications), then a finalizer
  /// that spreads every bit over the low bits a table uses. Inline here rather than a call
  /// into another module, as the finder hashes every word of a text.
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let count = bytes.count
    var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
    guard let base = bytes.baseAddress, count > 0 else { return hash }
    let raw = UnsafeRawPointer(base)
    let multiplier: UInt64 = 0xBF58_476D_1CE4_E5B9
    if count >= 8 {
      var index = 0
      while index &+ 8 < count {
        hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* multiplier
        hash ^= hash >> 31
        index &+= 8
      }
      hash =
        (hash ^ raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)) &* multiplier
    } else if count >= 4 {
      let low = UInt64(raw.loadUnaligned(as: UInt32.self))
      let high = UInt64(raw.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))
      hash = (hash ^ (low | high << 32)) &* multiplier
    } else {
      let tail =
        UInt64(base[0]) | UInt64(base[count >> 1]) << 8 | UInt64(base[count &- 1]) << 16
      hash = (hash ^ tail) &* multiplier
    }
    hash ^= hash >> 32
    hash &*= 0xFF51_AFD7_ED55_8CCD
    hash ^= hash >> 29
    return hash
  }
}
