import TarjumanText

#if canImport(Glibc)
  import Glibc
#endif

/// How duplicates are found.
public enum DedupeMode: String, CaseIterable, Sendable {
  /// The same bytes in every column.
  case exact
  /// The same letters and digits after the `key` normalization profile (case, harakat,
  /// yeh, kaf, alef and digit forms, punctuation and spacing do not count).
  case near
}

/// 64-bit fingerprints of records: the same on every machine and in every run (no
/// random seed), so that a deduplicated output does not depend on where it was made.
enum Fingerprint {
  /// The hash of bytes, chained through `seed` (``ByteHash``: fixed constants, no random
  /// seed).
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
    ByteHash.hash(bytes, seed: seed)
  }

  /// The fingerprint of a record: its columns chained, so that ("a b", "c") and
  /// ("a", "b c") differ. For bitext it is the fingerprint of the pair.
  static func exact(_ record: Record) -> UInt64 {
    var state: UInt64 = 0x5441_524A_554D_414E
    for field in record.fields {
      state = field.withUnsafeBufferPointer { hash($0, seed: state) }
    }
    return state
  }

  /// The fingerprint of a record's key: each column through the `key` profile, keeping
  /// only letters and digits.
  static func near(
    _ record: Record, normalizer: TextNormalizer, workspace: NormalizerWorkspace,
    scratch: inout [UInt8]
  ) -> UInt64 {
    var state: UInt64 = 0x4E45_4152_4B45_5953
    for field in record.fields {
      scratch.removeAll(keepingCapacity: true)
      _ = field.withUnsafeBufferPointer {
        normalizer.normalizeLine($0, into: &scratch, workspace: workspace)
      }
      var kept: [UInt8] = []
      kept.reserveCapacity(scratch.count)
      for scalar in String(decoding: scratch, as: UTF8.self).unicodeScalars {
        let value = scalar.value
        let isASCIIWord =
          (value >= 0x30 && value <= 0x39) || (value >= 0x61 && value <= 0x7A)
          || (value >= 0x41 && value <= 0x5A)
        if isASCIIWord || (value >= 0x80 && scalar.properties.isAlphabetic) {
          kept.append(contentsOf: String(scalar).utf8)
        }
      }
      state = kept.withUnsafeBufferPointer { hash($0, seed: state) }
    }
    return state
  }
}

/// A set of 64-bit fingerprints in an open-addressing table (linear probing, 8 bytes a
/// slot, grown by doubling at 3/4 full): between 10.7 and 21.3 bytes per distinct
/// record, 16 MB per million on average.
///
/// With a spill folder, a table that would pass the memory limit is written there as a
/// sorted run and emptied; later lookups also search the runs (binary search in the
/// files, mapped into memory), so the memory the process owns stays under the limit and
/// the disk holds 8 bytes per distinct record.
final class FingerprintSet {
  private var slots: [UInt64]
  private var count = 0
  private let memoryLimit: Int
  private let spillDirectory: String?
  private var runs: [SpillRun] = []
  /// Runs written so far.
  var runCount: Int { runs.count }

  init(memoryLimit: Int = .max, spillDirectory: String? = nil) {
    slots = [UInt64](repeating: 0, count: 1 << 16)
    self.memoryLimit = max(memoryLimit, 1 << 20)
    self.spillDirectory = spillDirectory
  }

  deinit {
    for run in runs { run.remove() }
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
    for run in runs where run.contains(key) { return false }
    slots[index] = key
    count += 1
    if count * 4 >= slots.count * 3 { try grow() }
    return true
  }

  private func grow() throws(PreprocessError) {
    let doubled = slots.count * 2
    if let spillDirectory, doubled * 8 > memoryLimit {
      try spill(to: spillDirectory)
      return
    }
    let old = slots
    slots = [UInt64](repeating: 0, count: doubled)
    let mask = doubled - 1
    for key in old where key != 0 {
      var index = Int(truncatingIfNeeded: key) & mask
      while slots[index] != 0 { index = (index + 1) & mask }
      slots[index] = key
    }
  }

  private func spill(to directory: String) throws(PreprocessError) {
    let sorted = slots.filter { $0 != 0 }.sorted()
    let path = "\(directory)/tarjuman-dedupe-\(getpid())-\(runs.count).run"
    runs.append(try SpillRun(path: path, keys: sorted))
    for index in slots.indices { slots[index] = 0 }
    count = 0
  }
}

/// A sorted run of fingerprints in a file, mapped into memory.
final class SpillRun {
  let path: String
  private let base: UnsafeMutableRawPointer
  private let count: Int

  init(path: String, keys: [UInt64]) throws(PreprocessError) {
    self.path = path
    let descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw .writeFailed(path: path, reason: ByteReader.message(errno))
    }
    defer { _ = Glibc.close(descriptor) }
    let bytes = keys.count * 8
    let written = keys.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, bytes) }
    guard written == bytes, bytes > 0,
      let mapped = mmap(nil, bytes, PROT_READ, MAP_SHARED, descriptor, 0),
      mapped != MAP_FAILED
    else {
      unlink(path)
      throw .writeFailed(path: path, reason: "cannot write the dedupe spill file")
    }
    base = mapped
    count = keys.count
  }

  func contains(_ key: UInt64) -> Bool {
    let keys = base.assumingMemoryBound(to: UInt64.self)
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      let value = keys[middle]
      if value == key { return true }
      if value < key { low = middle + 1 } else { high = middle }
    }
    return false
  }

  func remove() {
    munmap(base, count * 8)
    unlink(path)
  }
}
