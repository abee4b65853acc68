import CTarjumanCPU
import Foundation
import Synchronization
import TarjumanText

/// The input lines one worker has run the steps on, for deduplicated runs: a line read
/// again makes the same records, which deduplication then drops, so the steps need not
/// run again. What is kept per line is what the report needs: how many records the line
/// made and what the steps counted (names canonicalized, records split or dropped).
///
/// A line is known by a 128-bit hash of its bytes (two 64-bit hashes and its length
/// checked); exact deduplication itself goes by 64-bit fingerprints. An entry is used only
/// for a line that comes later in the input than the one it was made from (`sequence`,
/// the unit's position; within a unit lines run in order), so that the line it stands for
/// has been written, or dropped, before. The table stops taking lines at `capacity`
/// (32 bytes a slot, at most 3/4 full: 64 MiB at most with the default capacity).
/// Probing reads only an array of first hashes, 8 bytes a slot.
final class LineMemo {
  /// What identifies a line.
  struct Key {
    var hash: UInt64
    var check: UInt64
    var length: Int

    init(_ line: UnsafeBufferPointer<UInt8>) {
      let (first, second) = ByteHash.hashPair(
        line, first: 0x4C49_4E45_4D45_4D4F, second: 0x6368_6563_6B65_6421)
      hash = first == 0 ? 1 : first
      check = second
      length = line.count
    }
  }

  /// A line and what it made, for ``SharedLineMemo/insert(_:sequence:)``.
  struct Made {
    var key: Key
    var outputs: Int
    /// What the steps counted, when they counted anything.
    var tally: Tally?
  }

  /// What a line made.
  struct Outcome {
    /// The records the steps left (all duplicates when the line comes again).
    var outputs: Int
    /// What the steps counted, when they counted anything.
    var tally: Tally?
  }

  /// What a slot holds beside its hash.
  private struct Entry {
    var check: UInt64 = 0
    var length: Int32 = 0
    var outputs: Int32 = 0
    /// The unit the line was read in.
    var sequence: Int32 = 0
    /// Index in `tallies`, or -1.
    var tally: Int32 = -1
  }

  /// The default most lines remembered per worker.
  static let defaultCapacity = 1 << 20

  /// The probe array: 8 bytes a slot (0 is empty), so that probing stays in cache; and
  /// the entries, read only where a slot's hash is set. Raw memory rather than arrays: an
  /// array held by a class is retained and released around each use, on every line, and
  /// each of those atomic operations waits for the probe's miss of the caches.
  // `@exclusivity(unchecked)`: no access overlaps another (a shared memo is used under its
  // lock), and the runtime's check of each one is asked on every line.
  @exclusivity(unchecked) private var hashes: UnsafeMutablePointer<UInt64>
  @exclusivity(unchecked) private var entries: UnsafeMutablePointer<Entry>
  /// The memory of `hashes` and `entries`.
  @exclusivity(unchecked) private var memory: TableMemory
  @exclusivity(unchecked) private var slotCount: Int
  @exclusivity(unchecked) private var count = 0
  @exclusivity(unchecked) private var tallies: [Tally] = []
  private let capacity: Int

  init(capacity: Int) {
    self.capacity = capacity
    slotCount = capacity > 0 ? 1 << 14 : 1
    (hashes, entries, memory) = Self.allocate(slotCount)
  }

  /// Zeroed hashes, and entries to be written before they are read (``TableMemory``).
  private static func allocate(
    _ slots: Int
  ) -> (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<Entry>, TableMemory) {
    let hashBytes = slots * MemoryLayout<UInt64>.stride
    let memory = TableMemory(
      byteCount: hashBytes + slots * MemoryLayout<Entry>.stride, zeroedBytes: hashBytes)
    return (
      memory.base.bindMemory(to: UInt64.self, capacity: slots),
      (memory.base + hashBytes).bindMemory(to: Entry.self, capacity: slots), memory
    )
  }

  /// The slot where the probe for a line's first hash starts.
  @inline(__always)
  private func home(_ hash: UInt64) -> Int {
    Int(truncatingIfNeeded: hash >> 7) & (slotCount &- 1)
  }

  /// Forgets every line, keeping the table's memory.
  func removeAll() {
    guard count > 0 else { return }
    hashes.update(repeating: 0, count: slotCount)
    tallies.removeAll(keepingCapacity: true)
    count = 0
  }

  /// The outcome of the line, if it was read in a unit before `sequence` (or earlier in
  /// the unit `sequence`).
  func lookup(_ key: Key, before sequence: Int) -> Outcome? {
    lookupWithSequence(key, before: sequence)?.0
  }

  /// The slot of the line, or nil.
  @inline(__always)
  private func find(_ key: Key) -> Int? {
    guard count > 0 else { return nil }
    let mask = slotCount &- 1
    var index = home(key.hash)
    while true {
      let hash = hashes[index]
      if hash == 0 {
        // The slot an insert of this line takes (unless another line takes it first):
        // its entry is fetched now, while the steps run, so that the insert after them
        // does not wait for it. (A store that misses the caches holds up the next
        // atomic operation, a reference count's, until it completes.)
        tj_prefetch(entries + index)
        return nil
      }
      if hash == key.hash { return index }
      index = (index &+ 1) & mask
    }
  }

  /// Asks the processor for the slot where a probe for `key` starts, so that the probes
  /// of many lines, each a miss of the caches in a large table, overlap instead of
  /// coming one after the other.
  @inline(__always)
  func prefetch(_ key: Key) {
    tj_prefetch(hashes + home(key.hash))
  }

  /// Asks the processor for the slot where a probe for `key` starts, and its entry, a
  /// few lines before the line is looked up.
  @inline(__always)
  func prefetchSlot(_ key: Key) {
    guard count > 0 else { return }
    let index = home(key.hash)
    tj_prefetch(hashes + index)
    tj_prefetch(entries + index)
  }

  /// The outcome of the line and the unit it was read in, as ``lookup(_:before:)``.
  func lookupWithSequence(_ key: Key, before sequence: Int) -> (Outcome, Int)? {
    guard let index = find(key) else { return nil }
    let entry = entries[index]
    guard entry.check == key.check, Int(entry.length) == key.length,
      Int(entry.sequence) <= sequence
    else { return nil }
    return (
      Outcome(
        outputs: Int(entry.outputs), tally: entry.tally < 0 ? nil : tallies[Int(entry.tally)]),
      Int(entry.sequence)
    )
  }

  /// Remembers what a line made (unless the table is full).
  func insert(_ key: Key, sequence: Int, outcome: Outcome) {
    insert(key, sequence: sequence, outputs: outcome.outputs, tally: outcome.tally ?? Tally())
  }

  /// Remembers what a line made (unless the table is full). A line whose first hash is
  /// that of another line already there is not remembered.
  func insert(_ key: Key, sequence: Int, outputs: Int, tally: Tally) {
    guard count < capacity, key.length <= Int(Int32.max), outputs <= Int(Int32.max),
      sequence <= Int(Int32.max)
    else { return }
    if let index = find(key) {
      // Known: it now stands for its earliest reading.
      if entries[index].check == key.check && Int(entries[index].length) == key.length {
        entries[index].sequence = min(entries[index].sequence, Int32(sequence))
      }
      return
    }
    if (count + 1) * 4 > slotCount * 3 { grow() }
    let mask = slotCount &- 1
    var index = home(key.hash)
    while hashes[index] != 0 { index = (index + 1) & mask }
    var entry = Entry(
      check: key.check, length: Int32(key.length), outputs: Int32(outputs),
      sequence: Int32(sequence), tally: -1)
    if !tally.isEmpty {
      entry.tally = Int32(tallies.count)
      tallies.append(tally)
    }
    hashes[index] = key.hash
    entries[index] = entry
    count += 1
  }

  private func grow() {
    let (oldHashes, oldEntries, oldMemory, oldCount) = (hashes, entries, memory, slotCount)
    slotCount = oldCount * 2
    (hashes, entries, memory) = Self.allocate(slotCount)
    let mask = slotCount &- 1
    for slot in 0..<oldCount where oldHashes[slot] != 0 {
      let hash = oldHashes[slot]
      var index = home(hash)
      while hashes[index] != 0 { index = (index &+ 1) & mask }
      hashes[index] = hash
      entries[index] = oldEntries[slot]
    }
    withExtendedLifetime(oldMemory) {}
  }
}

/// A ``LineMemo`` shared by the workers, behind a lock: a line one worker ran the steps
/// on need not run again on another. A worker looks up all the lines of a unit under one
/// lock and adds those it ran under another, and keeps the unit's lines in its own memo
/// (emptied for each unit, so that it stays the size of a unit and in cache).
final class SharedLineMemo: @unchecked Sendable {
  // @unchecked: `memo` is only touched under `lock`.
  private let lock = Mutex(())
  private let memo: LineMemo

  init(capacity: Int) { memo = LineMemo(capacity: capacity) }

  func lookup(_ key: LineMemo.Key, before sequence: Int) -> (LineMemo.Outcome, Int)? {
    lock.withLock { _ in memo.lookupWithSequence(key, before: sequence) }
  }

  func insert(_ key: LineMemo.Key, sequence: Int, outputs: Int, tally: Tally) {
    lock.withLock { _ in memo.insert(key, sequence: sequence, outputs: outputs, tally: tally) }
  }

  /// Looks up several lines under one lock: calls `found` with the position in `keys` of
  /// each line read before `sequence`, its outcome and the unit it was read in.
  func lookup(
    _ keys: [LineMemo.Key], before sequence: Int, found: (Int, LineMemo.Outcome, Int) -> Void
  ) {
    // What is found is handed out after the lock is released, so that the other workers
    // wait for the probes only (a worker that waits sleeps in the kernel).
    var hits: [(Int, LineMemo.Outcome, Int)] = []
    lock.withLock { _ in
      for key in keys { memo.prefetch(key) }
      for position in keys.indices {
        if let (outcome, read) = memo.lookupWithSequence(keys[position], before: sequence) {
          hits.append((position, outcome, read))
        }
      }
    }
    for (position, outcome, read) in hits { found(position, outcome, read) }
  }

  /// Remembers what several lines of unit `sequence` made, under one lock.
  func insert(_ lines: [LineMemo.Made], sequence: Int) {
    guard !lines.isEmpty else { return }
    lock.withLock { _ in
      for line in lines { memo.prefetch(line.key) }
      for line in lines {
        memo.insert(
          line.key, sequence: sequence, outputs: line.outputs, tally: line.tally ?? Tally())
      }
    }
  }
}
