import ArgumentParser
import TarjumanText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The lines of standard input, one at a time, checked as UTF-8: the queries of `match`,
/// `memory search` and `suggest`. Swift's `readLine()` turns bad bytes into U+FFFD without
/// a word; a query is a name to look up, and a wrong one must not pass unseen.
struct StandardInputLines {
  /// A stream of its own on descriptor 0 (the C library's `stdin` is a global Swift 6
  /// cannot prove safe); nothing else in the process reads standard input through a stream.
  private let stream = fdopen(STDIN_FILENO, "r")
  private var buffer: UnsafeMutablePointer<CChar>?
  private var capacity = 0
  /// The number of the last line read, from 1.
  private(set) var lineNumber = 0

  /// The next line without its LF or CRLF, or nil at the end of the input.
  ///
  /// - Throws: `ExitCode(65)`, after an error naming the line and column, when the line
  ///   is not UTF-8.
  mutating func next() throws -> String? {
    guard let stream else { return nil }
    let length = getline(&buffer, &capacity, stream)
    guard length >= 0, let buffer else { return nil }
    lineNumber += 1
    var count = length
    let bytes = UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self)
    if count > 0 && bytes[count - 1] == 0x0A { count -= 1 }
    if count > 0 && bytes[count - 1] == 0x0D { count -= 1 }
    let line = UnsafeBufferPointer(start: bytes, count: count)
    if let offset = UTF8Decoding.firstInvalidOffset(line) {
      Diagnostics().error("<stdin>:\(lineNumber):\(offset + 1): not valid UTF-8")
      throw ExitCode(65)
    }
    return String(decoding: line, as: UTF8.self)
  }

  /// Frees the line buffer.
  mutating func close() {
    free(buffer)
    buffer = nil
    capacity = 0
  }
}
