import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Reads a UTF-8 text file line by line in bounded memory (a 1 MB buffer), with the line
/// number of each line. A UTF-8 byte-order mark is dropped; UTF-16 and invalid UTF-8 are
/// errors that name the file, line and column.
struct LineReader {
  let path: String
  private let descriptor: Int32
  private var buffer: [UInt8] = []
  private var start = 0
  private var atEnd = false
  private(set) var lineNumber = 0

  /// Opens `url`; `path` names it in messages.
  init(url: URL, path: String) throws(MemoryError) {
    self.path = path
    let descriptor = open(url.path, O_RDONLY)
    guard descriptor >= 0 else {
      if !FileManager.default.fileExists(atPath: url.path) { throw .missingInput(path: path) }
      throw .unreadableInput(path: path, reason: String(cString: strerror(errno)))
    }
    self.descriptor = descriptor
    buffer.reserveCapacity(1 << 20)
    try fill()
    if buffer.starts(with: [0xFF, 0xFE]) || buffer.starts(with: [0xFE, 0xFF]) {
      throw .malformedInput(
        path: path, line: 1, column: 1, message: "UTF-16 text; convert the file to UTF-8")
    }
    if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
  }

  /// Closes the file.
  func close() { _ = Glibc.close(descriptor) }

  private mutating func fill() throws(MemoryError) {
    if start > 0 {
      buffer.removeSubrange(0..<start)
      start = 0
    }
    let chunk = 1 << 20
    let old = buffer.count
    buffer.append(contentsOf: repeatElement(0, count: chunk))
    let count = buffer.withUnsafeMutableBufferPointer { pointer -> Int in
      guard let base = pointer.baseAddress else { return 0 }
      return read(descriptor, base + old, chunk)
    }
    guard count >= 0 else {
      buffer.removeSubrange(old...)
      throw .unreadableInput(path: path, reason: String(cString: strerror(errno)))
    }
    buffer.removeSubrange((old + count)...)
    if count == 0 { atEnd = true }
  }

  /// The next line without its terminator (LF or CRLF), or nil at the end.
  mutating func next() throws(MemoryError) -> String? {
    while true {
      if let newline = buffer[start...].firstIndex(of: 0x0A) {
        var end = newline
        if end > start && buffer[end - 1] == 0x0D { end -= 1 }
        let line = try decode(buffer[start..<end])
        start = newline + 1
        return line
      }
      if atEnd {
        guard start < buffer.count else { return nil }
        var end = buffer.count
        if buffer[end - 1] == 0x0D { end -= 1 }
        let line = try decode(buffer[start..<end])
        start = buffer.count
        return line
      }
      try fill()
    }
  }

  private mutating func decode(_ bytes: ArraySlice<UInt8>) throws(MemoryError) -> String {
    lineNumber += 1
    if let string = String(validating: bytes, as: UTF8.self) { return string }
    // Find the column of the first invalid byte for the message.
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var column = 1
    var consumed = 0
    loop: while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        consumed += UTF8.width(scalar)
        column = consumed + 1
      case .emptyInput: break loop
      case .error: break loop
      }
    }
    throw .malformedInput(
      path: path, line: lineNumber, column: column,
      message: "not valid UTF-8 (convert the file to UTF-8)")
  }
}
