import CTarjumanCPU
import Synchronization
import TarjumanText

/// The words every thread of a finder has read, shared without locks: a word is read once
/// per process, not once per thread (two threads meet most words of a text; reading one
/// costs far more than finding it).
///
/// A table of fixed size from words to positions in three regions (readings, start forms,
/// bytes), all reserved once as address space: pages are mapped as they are first
/// written, and nothing ever moves, so a position stays valid, and readable by every
/// thread, for the finder's life. A thread that reads a new word writes its reading into a
/// range of the regions it has reserved (``reserve(infos:forms:bytes:)``), then publishes
/// it in the table: a slot is claimed with a compare-and-swap of its `meta` word, filled,
/// and released by storing the final `meta`, which readers load with acquiring order
/// before they read the rest of the slot. A probe skips a slot being filled; two threads
/// that read a word at the same moment may both publish it, harmlessly (equal readings).
///
/// When the table or a region is full, threads keep new words in tables of their own.
final class SharedWords: @unchecked Sendable {
  // @unchecked: slots are published with atomic operations on their `meta` words (see
  // above); the regions are written only in ranges one thread reserved, before the slot
  // that points at them is published.

  /// One slot, laid out as ``TokenCache``'s: hash, meta (occupied, flag, length), data,
  /// then the word when it is at most 16 bytes long, else its offset in `bytes`.
  struct Slot {
    var hash: UInt64
    var meta: UInt32
    var data: Int32
    var first: UInt64
    var second: UInt64
  }

  static let occupiedBit: UInt32 = 1 << 31
  static let flagBit: UInt32 = 1 << 30
  /// A slot being filled.
  static let busy: UInt32 = 1 << 29
  static let lengthMask: UInt32 = (1 << 29) - 1
  static let inlineBytes = 16

  private let slots: UnsafeMutablePointer<Slot>
  private let slotCount: Int
  /// The most words published (half the slots).
  private let limit: Int
  private let published = Atomic<Int>(0)

  let infos: UnsafeMutablePointer<WordInfo>
  let forms: UnsafeMutablePointer<StartForm>
  let bytes: UnsafeMutablePointer<UInt8>
  private let infoCapacity: Int
  private let formCapacity: Int
  private let byteCapacity: Int
  private let infoCount = Atomic<Int>(0)
  private let formCount = Atomic<Int>(0)
  private let byteCount = Atomic<Int>(0)

  init(slots slotCount: Int = 1 << 19) {
    self.slotCount = slotCount
    limit = slotCount / 2
    infoCapacity = limit
    formCapacity = limit * 4
    byteCapacity = min(limit * 256, Int(Int32.max))
    slotMemory = ReservedMemory(count: slotCount, of: Slot.self)
    regions = [
      ReservedMemory(count: infoCapacity, of: WordInfo.self),
      ReservedMemory(count: formCapacity, of: StartForm.self),
      ReservedMemory(byteCount: byteCapacity),
    ]
    slots = slotMemory.bound(to: Slot.self)
    infos = regions[0].bound(to: WordInfo.self)
    forms = regions[1].bound(to: StartForm.self)
    bytes = regions[2].bound(to: UInt8.self)
  }

  /// The memory behind `slots` and behind the regions, given back with the table.
  private let slotMemory: ReservedMemory
  private let regions: [ReservedMemory]

  private let hugePages = Atomic<Bool>(false)

  /// Asks for huge pages for the table, once: for a long text, whose vocabulary reaches
  /// every part of the table, so that probes do not miss the address translation cache
  /// too. (Not before: a huge page costs 2 MiB of memory for the first word in it, too
  /// much for a finder that reads a few lines.)
  func preferHugePages() {
    guard !hugePages.exchange(true, ordering: .relaxed) else { return }
    slotMemory.preferHugePages()
  }

  @inline(__always)
  private func meta(_ slot: UnsafeMutablePointer<Slot>) -> UnsafeMutablePointer<Atomic<UInt32>> {
    UnsafeMutableRawPointer(slot).advanced(by: 8).assumingMemoryBound(to: Atomic<UInt32>.self)
  }

  /// Starts bringing the slot where a probe for `hash` starts into the processor's
  /// caches, so that the probe that follows finds it there: the misses of a line's words
  /// overlap instead of coming one after the other.
  @inline(__always)
  func prefetch(_ hash: UInt64) {
    tj_prefetch(slots + (Int(truncatingIfNeeded: hash) & (slotCount &- 1)))
  }

  /// The slot holding `word`, if it is published.
  @inline(__always)
  func find(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Slot? {
    let mask = slotCount &- 1
    let wanted = Self.occupiedBit | UInt32(truncatingIfNeeded: word.count)
    var index = Int(truncatingIfNeeded: hash) & mask
    while true {
      let slot = slots + index
      let meta = meta(slot).pointee.load(ordering: .acquiring)
      if meta == 0 { return nil }
      if meta & ~Self.flagBit == wanted, slot.pointee.hash == hash, matches(slot, word) {
        return slot.pointee
      }
      // Another word, or one being published (skipped: it may be this word, which is
      // then read again, harmlessly).
      index = (index &+ 1) & mask
    }
  }

  @inline(__always)
  private func matches(_ slot: UnsafeMutablePointer<Slot>, _ word: UnsafeBufferPointer<UInt8>)
    -> Bool
  {
    guard let base = word.baseAddress else { return true }
    let stored: UnsafeRawPointer =
      word.count <= Self.inlineBytes
      ? UnsafeRawPointer(slot) + 16 : UnsafeRawPointer(bytes + Int(slot.pointee.first))
    return ByteHash.equal(stored, UnsafeRawPointer(base), word.count)
  }

  /// Ranges of the regions for one thread's new words: the first position of each, or
  /// nil when a region is full.
  func reserve(infos infoNumber: Int, forms formNumber: Int, bytes byteNumber: Int) -> (
    info: Int, form: Int, byte: Int
  )? {
    guard published.load(ordering: .relaxed) < limit else { return nil }
    let info = infoCount.add(infoNumber, ordering: .relaxed).oldValue
    let form = formCount.add(formNumber, ordering: .relaxed).oldValue
    let byte = byteCount.add(byteNumber, ordering: .relaxed).oldValue
    guard info + infoNumber <= infoCapacity, form + formNumber <= formCapacity,
      byte + byteNumber <= byteCapacity
    else { return nil }
    return (info, form, byte)
  }

  /// Publishes a word whose reading is at position `data` of `infos` (and, when it is
  /// longer than 16 bytes, whose bytes are at `wordOffset` of `bytes`).
  ///
  /// - Returns: the position of the word's reading in `infos`: `data`, or the position
  ///   another thread published for the word first; nil when the table is full (the
  ///   reading at `data` is valid all the same).
  func publish(
    _ word: UnsafeBufferPointer<UInt8>, hash: UInt64, flag: Bool, data: Int32, wordOffset: Int
  ) -> Int32? {
    guard published.load(ordering: .relaxed) < limit, let base = word.baseAddress else {
      return nil
    }
    let mask = slotCount &- 1
    let length = UInt32(truncatingIfNeeded: word.count)
    let wanted = Self.occupiedBit | length
    var index = Int(truncatingIfNeeded: hash) & mask
    var spins = 0
    while true {
      let slot = slots + index
      let current = meta(slot).pointee.load(ordering: .acquiring)
      if current == 0 {
        guard
          meta(slot).pointee.compareExchange(
            expected: 0, desired: Self.busy, ordering: .acquiring
          ).exchanged
        else { continue }  // Another thread took it: look at it again.
        slot.pointee.hash = hash
        slot.pointee.data = data
        if word.count <= Self.inlineBytes {
          slot.pointee.first = 0
          slot.pointee.second = 0
          (UnsafeMutableRawPointer(slot) + 16).copyMemory(from: base, byteCount: word.count)
        } else {
          slot.pointee.first = UInt64(wordOffset)
        }
        meta(slot).pointee.store(wanted | (flag ? Self.flagBit : 0), ordering: .releasing)
        published.add(1, ordering: .relaxed)
        return data
      }
      if current == Self.busy && spins < 1 << 12 {
        // Being filled, for a moment (it may be this word): wait for it.
        spins += 1
        continue
      }
      if current & ~Self.flagBit == wanted, slot.pointee.hash == hash, matches(slot, word) {
        return slot.pointee.data
      }
      spins = 0
      index = (index &+ 1) & mask
    }
  }
}
