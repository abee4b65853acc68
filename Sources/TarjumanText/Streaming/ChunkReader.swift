#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads an input in chunks of about `chunkBytes` that end at a line break (or at the end
/// of the input), so that no line is ever split between two chunks.
struct ChunkReader {
  enum Problem: Error {
    /// A line grew past `maxLineBytes` without a line break.
    case tooLong
    /// `read` failed with this errno.
    case readFailed(Int32)
    /// The input starts with a UTF-16 byte-order mark.
    case utf16(bigEndian: Bool)
  }

  private let descriptor: Int32
  private let ownsDescriptor: Bool
  private let chunkBytes: Int
  private let maxLineBytes: Int
  private var pending: [UInt8] = []
  private var atEnd = false
  private var isFirstRead = true

  /// Opens the input.
  ///
  /// - Throws: `StreamError.cannotOpen` for a missing, unreadable or directory path.
  init(_ input: LineInput, chunkBytes: Int, maxLineBytes: Int) throws(StreamError) {
    self.chunkBytes = chunkBytes
    self.maxLineBytes = maxLineBytes
    switch input {
    case .standardInput:
      descriptor = STDIN_FILENO
      ownsDescriptor = false
    case .file(let path):
      let opened = open(path, O_RDONLY | O_CLOEXEC)
      guard opened >= 0 else { throw .cannotOpen(path: path, errno: errno) }
      var status = stat()
      if fstat(opened, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
        Glibc.close(opened)
        throw .cannotOpen(path: path, errno: EISDIR)
      }
      descriptor = opened
      ownsDescriptor = true
    }
  }

  /// Closes the input if this reader opened it.
  mutating func close() {
    if ownsDescriptor { _ = Glibc.close(descriptor) }
  }

  /// Reads the next chunk into `buffer`, reusing its memory.
  ///
  /// - Returns: false, with `buffer` empty, at the end of the input.
  mutating func next(into buffer: inout [UInt8]) throws(Problem) -> Bool {
    buffer.removeAll(keepingCapacity: true)
    buffer.append(contentsOf: pending)
    pending.removeAll(keepingCapacity: true)
    // Bytes before this offset are known to hold no line break.
    var scanned = 0
    while true {
      if buffer.count >= chunkBytes || atEnd {
        if let cut = lastLineBreak(in: buffer, from: scanned) {
          pending.append(contentsOf: buffer[(cut + 1)...])
          buffer.removeSubrange((cut + 1)...)
          return true
        }
        scanned = buffer.count
        if atEnd { return !buffer.isEmpty }
        if buffer.count > maxLineBytes { throw .tooLong }
      }
      try fill(&buffer)
    }
  }

  /// Reads the next chunk into a raw buffer, reusing its memory: the pipelined engine's
  /// form, which neither zero-fills the buffer before reading nor goes through `Array`.
  ///
  /// - Returns: false, with `buffer` empty, at the end of the input.
  mutating func next(into buffer: inout RawBuffer<UInt8>) throws(Problem) -> Bool {
    buffer.count = 0
    pending.withUnsafeBufferPointer { buffer.append(contentsOf: $0) }
    pending.removeAll(keepingCapacity: true)
    var scanned = 0
    while true {
      if buffer.count >= chunkBytes || atEnd {
        let base = buffer.base
        var cut = buffer.count - 1
        while cut >= scanned && base[cut] != 0x0A { cut -= 1 }
        if cut >= scanned {
          pending.append(
            contentsOf: UnsafeBufferPointer(start: base + cut + 1, count: buffer.count - cut - 1))
          buffer.count = cut + 1
          return true
        }
        scanned = buffer.count
        if atEnd { return buffer.count > 0 }
        if buffer.count > maxLineBytes { throw .tooLong }
      }
      try fill(&buffer)
    }
  }

  private mutating func fill(_ buffer: inout RawBuffer<UInt8>) throws(Problem) {
    let start = buffer.count
    let wanted = max(chunkBytes - start, 64 << 10)
    buffer.reserve(wanted)
    var received = 0
    while true {
      received = read(descriptor, buffer.base + start, wanted)
      if received >= 0 { break }
      if errno != EINTR { throw .readFailed(errno) }
    }
    buffer.count = start + received
    if received == 0 { atEnd = true }
    if isFirstRead && buffer.count >= 2 {
      isFirstRead = false
      if buffer.base[0] == 0xFF && buffer.base[1] == 0xFE { throw .utf16(bigEndian: false) }
      if buffer.base[0] == 0xFE && buffer.base[1] == 0xFF { throw .utf16(bigEndian: true) }
    }
  }

  private func lastLineBreak(in buffer: [UInt8], from scanned: Int) -> Int? {
    buffer.withUnsafeBufferPointer { bytes -> Int? in
      // Backwards from the end: the last line break is usually a few dozen bytes away.
      var index = bytes.count - 1
      while index >= scanned {
        if bytes[index] == 0x0A { return index }
        index -= 1
      }
      return nil
    }
  }

  private mutating func fill(_ buffer: inout [UInt8]) throws(Problem) {
    let start = buffer.count
    let wanted = max(chunkBytes - start, 64 << 10)
    buffer.append(contentsOf: repeatElement(0, count: wanted))
    var received = 0
    while true {
      received = buffer.withUnsafeMutableBufferPointer { bytes in
        read(descriptor, bytes.baseAddress.unsafelyUnwrapped + start, wanted)
      }
      if received >= 0 { break }
      if errno != EINTR {
        let code = errno
        buffer.removeSubrange(start...)
        throw .readFailed(code)
      }
    }
    buffer.removeSubrange((start + received)...)
    if received == 0 { atEnd = true }
    if isFirstRead && buffer.count >= 2 {
      isFirstRead = false
      if buffer[0] == 0xFF && buffer[1] == 0xFE { throw .utf16(bigEndian: false) }
      if buffer[0] == 0xFE && buffer[1] == 0xFF { throw .utf16(bigEndian: true) }
    }
  }
}

/// Writes output to standard output or to an ``OutputFile`` (a temporary file renamed into
/// place on success).
struct OutputSink {
  private let descriptor: Int32
  private let path: String
  private let file: OutputFile?

  init(_ output: LineOutput) throws(StreamError) {
    switch output {
    case .standardOutput:
      descriptor = STDOUT_FILENO
      path = "<stdout>"
      file = nil
    case .file(let target):
      do {
        let opened = try OutputFile(path: target)
        descriptor = opened.descriptor
        file = opened
      } catch {
        throw .writeFailed(path: target, errno: error.code)
      }
      path = target
    }
  }

  func write(_ bytes: [UInt8]) throws(StreamError) {
    try bytes.withUnsafeBufferPointer { (buffer) throws(StreamError) in try write(buffer) }
  }

  func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(StreamError) {
    if let code = OutputFile.writeAll(bytes, to: descriptor) {
      throw .writeFailed(path: path, errno: code)
    }
  }

  /// Finishes the output: renames the temporary file into place.
  func commit() throws(StreamError) {
    do {
      try file?.commit()
    } catch {
      throw .writeFailed(path: path, errno: error.code)
    }
  }

  /// Throws the output away: removes the temporary file.
  func abandon() {
    file?.abandon()
  }
}
