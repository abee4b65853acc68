#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Zeroed memory reserved as address space: pages are mapped as they are first written,
/// so a table sized for the longest text costs a short text only the pages it touches,
/// and nothing in it ever moves (a position stays valid for every thread).
///
/// The tables that threads share without locks (the finder's words, the romanizer's
/// words) live in such memory; it is given back when the owner is released.
public final class ReservedMemory: @unchecked Sendable {
  // @unchecked: the owner decides who writes where; this class only maps and unmaps.

  /// The first byte.
  public let base: UnsafeMutableRawPointer
  /// The size of the reservation in bytes.
  public let byteCount: Int

  /// Reserves `byteCount` bytes of zeroed memory (at least one page). Stops the process
  /// when the system cannot reserve the address space, which only a tiny address space
  /// refuses: `MAP_NORESERVE` asks for no memory up front.
  public init(byteCount: Int) {
    let size = max(byteCount, 4096)
    #if os(Linux)
      let flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE
    #else
      let flags = MAP_PRIVATE | MAP_ANON
    #endif
    guard let memory = mmap(nil, size, PROT_READ | PROT_WRITE, flags, -1, 0),
      memory != MAP_FAILED
    else { fatalError("cannot reserve \(size) bytes of address space") }
    base = memory
    self.byteCount = size
  }

  /// Reserves room for `count` values of a type, bound to it.
  public convenience init<Value>(count: Int, of type: Value.Type) {
    self.init(byteCount: count * MemoryLayout<Value>.stride)
  }

  deinit { munmap(base, byteCount) }

  /// The memory as `count` values of a type (as many as the reservation was made for).
  public func bound<Value>(to type: Value.Type) -> UnsafeMutablePointer<Value> {
    base.bindMemory(to: type, capacity: byteCount / MemoryLayout<Value>.stride)
  }

  /// Has the kernel map and zero every page now (`MADV_POPULATE_WRITE`), without changing
  /// what is written: a thread that does it ahead of the work takes the cost of the first
  /// writes off the threads that will write. Returns false where the kernel cannot (before
  /// Linux 5.14, other systems): the pages are then mapped as they are written.
  @discardableResult
  public func populate() -> Bool {
    #if os(Linux)
      return madvise(base, byteCount, 23) == 0  // MADV_POPULATE_WRITE
    #else
      return false
    #endif
  }

  /// Asks for huge pages: for a table whose entries land anywhere in it, so that lookups
  /// do not miss the address translation cache too. (Only for a table that will be
  /// filled: a huge page costs 2 MiB for its first entry.)
  public func preferHugePages() {
    #if os(Linux)
      _ = madvise(base, byteCount, 14)  // MADV_HUGEPAGE
    #endif
  }
}
