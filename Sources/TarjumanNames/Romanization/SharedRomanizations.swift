import Foundation
import Synchronization
import TarjumanText

/// The romanizations all threads of one stream share, without locks: each distinct word
/// is romanized about once per stream, whichever thread meets it first, and every thread
/// finds it from then on.
///
/// A table of fixed size in ``RomanizerWordCache``'s slot layout, in reserved memory
/// (``ReservedMemory``: pages are mapped as they are first written, nothing ever moves),
/// with a byte region for the entries too long to sit in their slot. A thread publishes
/// a word by claiming an empty slot with a compare-and-swap of its hash word (to a value
/// no hash takes), writing the entry, then storing the hash with releasing order;
/// readers load the hash with acquiring order (``RomanizerWordCache/publishedHash(_:)``)
/// before they read the rest. A probe passes over a slot being written: a reader that
/// misses a word because of it romanizes the word again, which gives the same bytes.
/// Entries are never removed.
///
/// When the table holds its limit of words or the byte region is full, ``publish(_:tag:hash:value:)``
/// refuses, and each thread keeps further words in its own bounded cache.
final class SharedRomanizations: @unchecked Sendable {
  // @unchecked: slots are published as described above; the byte region is written only
  // in ranges one thread reserved, before the slot that points at them is published.

  /// The hash word of a slot being written (hashes have their low bit set).
  private static let busy: UInt32 = 2

  private let memory: ReservedMemory
  private let arenaMemory: ReservedMemory
  private let slots: UnsafeMutableRawPointer
  private let mask: Int
  private let arena: UnsafeMutablePointer<UInt8>
  private let arenaCapacity: Int
  /// The most words published: half the slots, so that probes stay short.
  let limit: Int
  private let published = Atomic<Int>(0)
  private let arenaUsed = Atomic<Int>(0)

  /// A table for `limit` words (at least 1,024), with 64 bytes of the byte region per
  /// word.
  init(limit: Int) {
    let slotCount = Self.slotCount(limit: limit)
    self.limit = slotCount / 2
    mask = slotCount - 1
    memory = Self.readied.withLock { $0.removeValue(forKey: slotCount) } ?? Self.reserve(slotCount)
    slots = memory.base
    arenaCapacity = min(self.limit * 64, Int(UInt32.max))
    arenaMemory = ReservedMemory(byteCount: arenaCapacity)
    arena = arenaMemory.bound(to: UInt8.self)
  }

  /// The slots of a table for `limit` words: a power of two, twice the limit.
  private static func slotCount(limit: Int) -> Int {
    var slotCount = 2048
    while slotCount < min(max(limit, 1024), 1 << 24) * 2 { slotCount *= 2 }
    return slotCount
  }

  private static func reserve(_ slotCount: Int) -> ReservedMemory {
    let memory = ReservedMemory(byteCount: slotCount * RomanizerWordCache.slotSize)
    // A stream's vocabulary reaches every part of the table.
    memory.preferHugePages()
    return memory
  }

  /// Slot memory readied ahead of the table that will use it, by slot count.
  private static let readied = Mutex<[Int: ReservedMemory]>([:])

  /// Reserves the slot memory of a table for `limit` words and has a thread of its own
  /// fault its pages in (``ReservedMemory/populate()``), for the next table of that size:
  /// the kernel zeroes the table's pages (16 MiB for the default size, much of a second
  /// of CPU on some virtual machines per gigabyte) while the process starts, instead of
  /// on the threads that romanize.
  static func ready(limit: Int) {
    let slotCount = slotCount(limit: limit)
    let memory = reserve(slotCount)
    readied.withLock { $0[slotCount] = memory }
    Thread.detachNewThread { memory.populate() }
  }

  /// Lookups into the table, valid for its life.
  var reader: RomanizerWordCache.Reader {
    RomanizerWordCache.Reader(slots: slots, mask: mask, arena: arena)
  }

  /// The number of words published.
  var count: Int { published.load(ordering: .relaxed) }

  /// Publishes a word's romanization, unless another thread already did.
  ///
  /// - Returns: false when the table or the byte region is full, or the entry too long
  ///   (``RomanizerWordCache/maximumKeyLength``, 65,535 bytes of value): the caller keeps
  ///   the word in a cache of its own.
  func publish(
    _ key: UnsafeBufferPointer<UInt8>, tag: UInt8, hash: UInt32, value: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    guard key.count <= RomanizerWordCache.maximumKeyLength, value.count <= Int(UInt16.max),
      published.load(ordering: .relaxed) < limit
    else { return false }
    let needed = key.count + 1 + value.count
    var arenaOffset = 0
    if needed > RomanizerWordCache.inlineCapacity {
      arenaOffset = arenaUsed.add(needed, ordering: .relaxed).oldValue
      guard arenaOffset + needed <= arenaCapacity else { return false }
    }
    let reader = self.reader
    var index = Int(hash >> 1) & mask
    var spins = 0
    while true {
      let slot = slots + index * RomanizerWordCache.slotSize
      let word = slot.assumingMemoryBound(to: Atomic<UInt32>.self)
      let current = word.pointee.load(ordering: .acquiring)
      if current == 0 {
        // Claim the slot; when another thread claimed it first, look at it again.
        guard
          word.pointee.compareExchange(expected: 0, desired: Self.busy, ordering: .acquiring)
            .exchanged
        else { continue }
        RomanizerWordCache.fill(
          slot, key: key, tag: tag, value: value, arena: arena, arenaOffset: arenaOffset)
        word.pointee.store(hash, ordering: .releasing)
        published.add(1, ordering: .relaxed)
        return true
      }
      if current == Self.busy && spins < 1 << 12 {
        // Being written, for a moment (it may be this word): wait for it.
        spins += 1
        continue
      }
      if current == hash && reader.entry(slot, key: key, tag: tag) != nil { return true }
      spins = 0
      index = (index + 1) & mask
    }
  }
}
