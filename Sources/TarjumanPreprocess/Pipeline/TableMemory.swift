import Foundation
import TarjumanText

/// Memory for a hash table whose probes land anywhere in it: its first `zeroedBytes`
/// zeroed, the rest (entries written before they are read) as it comes.
///
/// The zeroed part is zeroed by writing it, not left to the system's zeroed pages: a probe
/// reads a page before an insert writes it, and a page first read is mapped to the shared
/// zero page, which the first write then replaces, flushing the page's address
/// translation on every core that runs the process (with two jobs, 2% of the time went to
/// those interrupts).
///
/// A large table (2 MiB or more) is mapped on its own in huge pages, which the kernel maps
/// and zeroes at once (`MADV_POPULATE_WRITE`): one fault per 2 MiB rather than per 4 KiB,
/// and probes anywhere in it do not miss the address translation cache. A small one
/// comes from `malloc`.
final class TableMemory {
  /// The first byte.
  let base: UnsafeMutableRawPointer
  /// A large table's mapping (nil for one from `malloc`).
  private let mapped: ReservedMemory?

  /// Tables of this size or more are mapped on their own.
  static let mappedBytes = 2 << 20

  init(byteCount: Int, zeroedBytes: Int) {
    if byteCount >= Self.mappedBytes {
      let memory = ReservedMemory(byteCount: byteCount)
      memory.preferHugePages()
      if !memory.populate() { memset(memory.base, 0, zeroedBytes) }
      mapped = memory
      base = memory.base
    } else {
      guard let memory = malloc(max(byteCount, 1)) else { fatalError("out of memory for a table") }
      memset(memory, 0, zeroedBytes)
      mapped = nil
      base = memory
    }
  }

  deinit {
    if mapped == nil { free(base) }
  }
}
