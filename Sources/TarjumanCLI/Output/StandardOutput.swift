#if canImport(Glibc)
  import Glibc
#endif

/// Standard output with a buffer of its own: commands that print a line per finding
/// (`find` on a large corpus) write in large blocks instead of one call per line.
struct StandardOutput {
  private var buffer: [UInt8] = []
  private let capacity = 1 << 16

  init() { buffer.reserveCapacity(capacity) }

  /// Appends a line (a newline is added).
  mutating func line(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    buffer.append(0x0A)
    if buffer.count >= capacity { flush() }
  }

  /// Writes what is buffered.
  mutating func flush() {
    var written = 0
    while written < buffer.count {
      let result = buffer.withUnsafeBufferPointer { bytes in
        bytes.baseAddress.map { Glibc.write(STDOUT_FILENO, $0 + written, bytes.count - written) }
          ?? 0
      }
      if result <= 0 { break }
      written += result
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Whether standard output is a terminal (for colour).
  static var isTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
}
