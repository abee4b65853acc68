import CTarjumanCPU

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The set of fingerprints seen by deduplication: exact membership in bounded memory.
///
/// **In memory.** An open-addressing table (linear probing, 8 bytes a slot, doubled at
/// 3/4 full): between 10.7 and 21.3 bytes per distinct record, 16 MB per million on
/// average.
///
/// **Spilling.** With a spill folder, the table never grows past the memory budget: when
/// it is 3/4 full at the largest size the budget allows (the old and the new table of a
/// doubling both counted), its fingerprints are sorted and written to a temporary file
/// there (a run, 8 bytes a fingerprint) and the table is emptied. A fingerprint is new
/// only when it is neither in the table nor in any run, so the result is exactly the
/// in-memory one. Each run keeps in memory
///
/// - a sparse index, the first fingerprint of each 4 KiB block (1/512 of the run: 16 KB
///   per million fingerprints), so that a lookup reads one block with `pread`;
/// - a Bloom filter of 8 bits a fingerprint and 6 probes (1 MB per million, about 2%
///   false positives), so that most lookups of new fingerprints read nothing; filters
///   take at most half the budget, and later runs go without one (lookups stay exact and
///   only read more).
///
/// Runs are merged (sequential reads and writes) whenever the one before the newest holds
/// at most twice as many fingerprints, so a set of `n` fingerprints has about
/// log₂(n / table size) runs. The files are unlinked as soon as they are opened, so none is
/// left behind when the run ends, fails or is killed.
final class FingerprintSet {
  // `@exclusivity(unchecked)`: the set is used by one thread, one access at a time, and
  // the runtime's check of each access was asked on every record.
  /// The table, in ``TableMemory`` (zeroed by writing, in huge pages when large): an
  /// array's fresh pages were each a fault, then read before they were written.
  @exclusivity(unchecked) private var slots: UnsafeMutableBufferPointer<UInt64>
  @exclusivity(unchecked) private var memory: TableMemory
  @exclusivity(unchecked) private var count = 0
  private let budget: Int
  private let spillDirectory: String?
  private var runs: [SpillRun] = []
  private var block = [UInt64](repeating: 0, count: SpillRun.blockKeys)
  /// Times the table was written to disk.
  private(set) var spills = 0
  /// Runs on disk now (after merges).
  var runCount: Int { runs.count }
  /// The smallest table, whatever the budget.
  static let minimumSlots = 1 << 10

  /// Creates an empty set.
  ///
  /// - Parameters:
  ///   - memoryLimit: the budget in bytes for the table, the runs' indexes and filters;
  ///     honoured only with a spill folder (without one the table grows as needed).
  ///   - spillDirectory: where to write runs.
  /// - Throws: ``PreprocessError/writeFailed(path:reason:)`` when the folder cannot take
  ///   files.
  init(memoryLimit: Int = .max, spillDirectory: String? = nil) throws(PreprocessError) {
    budget = spillDirectory == nil ? .max : max(memoryLimit, Self.minimumSlots * 8)
    self.spillDirectory = spillDirectory
    var size = 1 << 16
    while size > Self.minimumSlots && size * 8 > budget { size /= 2 }
    (slots, memory) = Self.allocate(size)
    if let spillDirectory {
      // Fail now rather than after hours of work when the first run is due.
      var status = stat()
      guard stat(spillDirectory, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR,
        access(spillDirectory, W_OK | X_OK) == 0
      else {
        throw .writeFailed(path: spillDirectory, reason: "not a writable folder for dedupe runs")
      }
    }
  }

  /// A zeroed table of `size` slots.
  private static func allocate(_ size: Int) -> (UnsafeMutableBufferPointer<UInt64>, TableMemory) {
    let bytes = size * MemoryLayout<UInt64>.stride
    let memory = TableMemory(byteCount: bytes, zeroedBytes: bytes)
    return (
      UnsafeMutableBufferPointer(
        start: memory.base.bindMemory(to: UInt64.self, capacity: size), count: size),
      memory
    )
  }

  /// How many records ahead of its insert a fingerprint's slot is fetched
  /// (``prefetch(_:)``).
  static let lookahead = 16

  /// Asks the processor for the slot where the probe for `fingerprint` starts, a few
  /// records before it is inserted: the table outgrows the caches, and probes one after
  /// the other would each wait for their miss.
  @inline(__always)
  func prefetch(_ fingerprint: UInt64) {
    let key = fingerprint == 0 ? 1 : fingerprint
    if let base = slots.baseAddress {
      tj_prefetch(base + (Int(truncatingIfNeeded: key) & (slots.count - 1)))
    }
  }

  /// Adds a fingerprint; returns false when it was already there.
  func insert(_ fingerprint: UInt64) throws(PreprocessError) -> Bool {
    // 0 marks an empty slot.
    let key = fingerprint == 0 ? 1 : fingerprint
    let mask = slots.count - 1
    var index = Int(truncatingIfNeeded: key) & mask
    while true {
      let slot = slots[index]
      if slot == key { return false }
      if slot == 0 { break }
      index = (index + 1) & mask
    }
    // Only with runs on disk: a loop over an empty array still retains and releases it.
    if !runs.isEmpty {
      for run in runs where try run.contains(key, block: &block) { return false }
    }
    slots[index] = key
    count += 1
    if count * 4 >= slots.count * 3 { try grow() }
    return true
  }

  /// Memory the runs keep: indexes and filters.
  private var runMemory: Int { runs.reduce(0) { $0 + $1.memory } }

  private func grow() throws(PreprocessError) {
    let doubled = slots.count * 2
    if let spillDirectory, (doubled + slots.count) * 8 + runMemory > budget {
      try spill(to: spillDirectory)
      return
    }
    let (old, oldMemory) = (slots, memory)
    (slots, memory) = Self.allocate(doubled)
    let mask = doubled - 1
    for key in old where key != 0 {
      var index = Int(truncatingIfNeeded: key) & mask
      while slots[index] != 0 { index = (index + 1) & mask }
      slots[index] = key
    }
    withExtendedLifetime(oldMemory) {}
  }

  private func spill(to directory: String) throws(PreprocessError) {
    // Sorted in place, at the front of the table: no copy beside it.
    var kept = 0
    for index in slots.indices where slots[index] != 0 {
      slots[kept] = slots[index]
      kept += 1
    }
    var sorted = UnsafeMutableBufferPointer(rebasing: slots[..<kept])
    sorted.sort()
    let writer = try RunWriter(
      directory: directory, capacity: kept, withFilter: filterFits(kept))
    for index in 0..<kept { try writer.append(slots[index]) }
    runs.append(try writer.finish())
    spills += 1
    for index in slots.indices { slots[index] = 0 }
    count = 0
    // Keep the number of runs logarithmic: merge while the older of the last two is at
    // most twice the newer.
    while runs.count >= 2 && runs[runs.count - 2].count <= 2 * runs[runs.count - 1].count {
      let newer = runs.removeLast()
      let older = runs.removeLast()
      runs.append(try Self.merge(older, newer, directory: directory, filter: filterFits))
    }
    // A table that no longer fits beside the runs shrinks.
    var size = slots.count
    while size > Self.minimumSlots && size * 8 + runMemory > budget { size /= 2 }
    if size != slots.count { (slots, memory) = Self.allocate(size) }
  }

  /// Whether a filter for `keys` more fingerprints stays within half the budget.
  private func filterFits(_ keys: Int) -> Bool {
    let filters = runs.reduce(0) { $0 + $1.filterBytes }
    return filters + BloomFilter.bytes(for: keys) <= budget / 2
  }

  /// One sorted run of the fingerprints of two.
  private static func merge(
    _ first: SpillRun, _ second: SpillRun, directory: String, filter: (Int) -> Bool
  ) throws(PreprocessError) -> SpillRun {
    let total = first.count + second.count
    // The two runs are out of the list already: their filters' share is free again.
    let writer = try RunWriter(directory: directory, capacity: total, withFilter: filter(total))
    var left = RunCursor(first)
    var right = RunCursor(second)
    var a = try left.next()
    var b = try right.next()
    while true {
      switch (a, b) {
      case (nil, nil):
        return try writer.finish()
      case (let x?, nil):
        try writer.append(x)
        a = try left.next()
      case (nil, let y?):
        try writer.append(y)
        b = try right.next()
      case (let x?, let y?):
        try writer.append(min(x, y))
        if x <= y { a = try left.next() }
        if y <= x { b = try right.next() }
      }
    }
  }
}

/// A Bloom filter over fingerprints, which are uniformly distributed already: the probes
/// come from the fingerprint's two halves (double hashing).
struct BloomFilter {
  private var words: [UInt64]
  private let bits: UInt64
  static let probes = 6

  /// The size for `keys` fingerprints: 8 bits each, rounded up to whole words.
  static func bytes(for keys: Int) -> Int { (max(keys, 1) * 8 + 63) / 64 * 8 }

  init(keys: Int) {
    words = [UInt64](repeating: 0, count: Self.bytes(for: keys) / 8)
    bits = UInt64(words.count * 64)
  }

  var byteCount: Int { words.count * 8 }

  /// The position of probe `probe` of `key`.
  @inline(__always)
  private func position(_ key: UInt64, _ probe: UInt64) -> Int {
    let step = (key >> 32 | key << 32) | 1
    // Lemire's reduction: the high half of hash × bits is a position in 0..<bits.
    let hash = key &+ probe &* step
    return Int(hash.multipliedFullWidth(by: bits).high)
  }

  mutating func insert(_ key: UInt64) {
    // A loop, not a closure over `self`: a closure would copy `words` on every write.
    for probe in 0..<UInt64(Self.probes) {
      let bit = position(key, probe)
      words[bit >> 6] |= 1 << UInt64(bit & 63)
    }
  }

  func mayContain(_ key: UInt64) -> Bool {
    for probe in 0..<UInt64(Self.probes) {
      let bit = position(key, probe)
      if words[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
    }
    return true
  }
}

/// A sorted run of fingerprints in an unlinked temporary file, with its sparse index and
/// optional Bloom filter in memory.
final class SpillRun {
  /// Fingerprints per block of the sparse index: 4 KiB.
  static let blockKeys = 512
  let descriptor: Int32
  let count: Int
  let directory: String
  /// The first fingerprint of each block.
  private let index: [UInt64]
  private let filter: BloomFilter?

  init(
    descriptor: Int32, count: Int, directory: String, index: [UInt64], filter: BloomFilter?
  ) {
    self.descriptor = descriptor
    self.count = count
    self.directory = directory
    self.index = index
    self.filter = filter
  }

  deinit { _ = close(descriptor) }

  var filterBytes: Int { filter?.byteCount ?? 0 }
  /// Memory kept for the run.
  var memory: Int { filterBytes + index.count * 8 }

  /// Whether the run holds `key`; `block` is scratch for one block.
  func contains(_ key: UInt64, block: inout [UInt64]) throws(PreprocessError) -> Bool {
    if let filter, !filter.mayContain(key) { return false }
    guard let first = index.first, key >= first else { return false }
    // The last block whose first fingerprint is not above the key.
    var low = 0
    var high = index.count
    while high - low > 1 {
      let middle = (low + high) / 2
      if index[middle] <= key { low = middle } else { high = middle }
    }
    if index[low] == key { return true }
    let keys = min(Self.blockKeys, count - low * Self.blockKeys)
    try read(into: &block, keys: keys, at: low * Self.blockKeys)
    var lower = 0
    var upper = keys
    while lower < upper {
      let middle = (lower + upper) / 2
      let value = block[middle]
      if value == key { return true }
      if value < key { lower = middle + 1 } else { upper = middle }
    }
    return false
  }

  /// Reads `keys` fingerprints from position `at` into `buffer`.
  func read(into buffer: inout [UInt64], keys: Int, at position: Int) throws(PreprocessError) {
    let bytes = keys * 8
    var done = 0
    let descriptor = self.descriptor
    let failure: Int32? = buffer.withUnsafeMutableBytes { raw in
      guard let base = raw.baseAddress else { return EINVAL }
      while done < bytes {
        let got = pread(descriptor, base + done, bytes - done, off_t(position * 8 + done))
        if got > 0 {
          done += got
        } else if got == 0 {
          return EIO
        } else if errno != EINTR {
          return errno
        }
      }
      return nil
    }
    if let failure {
      throw .readFailed(
        path: directory, reason: "dedupe run: \(ByteReader.message(failure))")
    }
  }
}

/// Reads a run from the start, a megabyte at a time.
struct RunCursor {
  private let run: SpillRun
  private var buffer = [UInt64](repeating: 0, count: 1 << 17)
  private var filled = 0
  private var offset = 0
  private var position = 0

  init(_ run: SpillRun) { self.run = run }

  mutating func next() throws(PreprocessError) -> UInt64? {
    if offset == filled {
      let keys = min(buffer.count, run.count - position)
      guard keys > 0 else { return nil }
      try run.read(into: &buffer, keys: keys, at: position)
      position += keys
      filled = keys
      offset = 0
    }
    offset += 1
    return buffer[offset - 1]
  }
}

/// Writes a sorted run to a new temporary file, building its index and filter.
final class RunWriter {
  private let descriptor: Int32
  private let directory: String
  private var buffer: [UInt64] = []
  private var index: [UInt64] = []
  private var filter: BloomFilter?
  private var written = 0
  private var finished = false

  init(directory: String, capacity: Int, withFilter: Bool) throws(PreprocessError) {
    var template = Array("\(directory)/.tarjuman-dedupe-XXXXXX".utf8CString)
    let opened = template.withUnsafeMutableBufferPointer { name in
      name.baseAddress.map { mkstemp($0) } ?? -1
    }
    guard opened >= 0 else {
      throw .writeFailed(path: directory, reason: "dedupe run: \(ByteReader.message(errno))")
    }
    // Unlinked at once: the file lives while it is open, and nothing is left behind
    // however the process ends.
    template.withUnsafeBufferPointer { name in _ = name.baseAddress.map { unlink($0) } }
    descriptor = opened
    self.directory = directory
    buffer.reserveCapacity(1 << 17)
    index.reserveCapacity(capacity / SpillRun.blockKeys + 1)
    filter = withFilter ? BloomFilter(keys: capacity) : nil
  }

  deinit {
    if !finished { _ = close(descriptor) }
  }

  func append(_ key: UInt64) throws(PreprocessError) {
    if written % SpillRun.blockKeys == 0 { index.append(key) }
    filter?.insert(key)
    buffer.append(key)
    written += 1
    if buffer.count == 1 << 17 { try flush() }
  }

  private func flush() throws(PreprocessError) {
    let descriptor = self.descriptor
    let failure: Int32? = buffer.withUnsafeBytes { raw in
      guard let base = raw.baseAddress else { return nil }
      var done = 0
      while done < raw.count {
        let result = write(descriptor, base + done, raw.count - done)
        if result >= 0 {
          done += result
        } else if errno != EINTR {
          return errno
        }
      }
      return nil
    }
    buffer.removeAll(keepingCapacity: true)
    if let failure {
      throw .writeFailed(path: directory, reason: "dedupe run: \(ByteReader.message(failure))")
    }
  }

  /// The run, readable.
  func finish() throws(PreprocessError) -> SpillRun {
    try flush()
    finished = true
    return SpillRun(
      descriptor: descriptor, count: written, directory: directory, index: index,
      filter: filter)
  }
}
