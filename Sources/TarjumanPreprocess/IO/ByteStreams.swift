internal import CTarjumanZlib
import Synchronization
import TarjumanText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Where preprocessing reads from: a file (gzip-compressed when its name ends in `.gz`)
/// or standard input; the line filters' input, with what compression adds.
public typealias PreprocessInput = LineInput

extension LineInput {
  /// Whether the name says gzip.
  public var isCompressed: Bool {
    if case .file(let path) = self { return path.hasSuffix(".gz") }
    return false
  }

  /// The name without a final `.gz`, for guessing the format.
  public var formatName: String {
    let name = displayName
    return name.hasSuffix(".gz") ? String(name.dropLast(3)) : name
  }
}

/// Reads bytes from a file descriptor or through zlib.
final class ByteReader {
  let name: String
  private let descriptor: Int32
  private let ownsDescriptor: Bool
  private var gzip: UnsafeMutableRawPointer?
  private var consumed: Int64 = 0
  /// The size of the file on disk, when known (for progress).
  let size: Int64?

  init(_ input: PreprocessInput) throws(PreprocessError) {
    name = input.displayName
    switch input {
    case .standardInput:
      descriptor = STDIN_FILENO
      ownsDescriptor = false
      size = nil
    case .file(let path):
      let opened = open(path, O_RDONLY | O_CLOEXEC)
      guard opened >= 0 else { throw .cannotOpen(path: path, reason: Self.message(errno)) }
      var status = stat()
      if fstat(opened, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
        _ = Glibc.close(opened)
        throw .cannotOpen(path: path, reason: Self.message(EISDIR))
      }
      descriptor = opened
      ownsDescriptor = true
      size = (status.st_mode & S_IFMT) == S_IFREG ? Int64(status.st_size) : nil
    }
    if input.isCompressed {
      // zlib owns a duplicate, so that closing either side is safe.
      let copy = dup(descriptor)
      guard copy >= 0, let stream = tj_gz_dopen(copy, "rb") else {
        throw .cannotOpen(path: name, reason: "cannot start gzip decompression")
      }
      gzip = stream
    }
  }

  deinit { close() }

  /// Bytes of the input consumed so far (compressed bytes for gzip), for progress.
  var position: Int64 {
    if let gzip { return tj_gz_offset(gzip) }
    return consumed
  }

  /// Reads up to `count` bytes; 0 at the end.
  func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(PreprocessError) -> Int {
    if let gzip {
      let received = tj_gz_read(gzip, buffer, UInt32(min(count, 1 << 30)))
      if received < 0 {
        throw .readFailed(path: name, reason: String(cString: tj_gz_error(gzip)))
      }
      return Int(received)
    }
    while true {
      let received = Glibc.read(descriptor, buffer, count)
      if received >= 0 {
        consumed += Int64(received)
        return received
      }
      if errno != EINTR { throw .readFailed(path: name, reason: Self.message(errno)) }
    }
  }

  func close() {
    if let gzip {
      _ = tj_gz_close(gzip)
      self.gzip = nil
    }
    if ownsDescriptor && descriptor >= 0 { _ = Glibc.close(descriptor) }
  }

  static func message(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
  }
}

/// Reads an input in chunks of whole lines, or of whole CSV records.
final class LineChunkReader {
  let reader: ByteReader
  private let chunkBytes: Int
  private let maxLineBytes: Int
  private var pending: [UInt8] = []
  private var atEnd = false
  private var isFirst = true
  /// CSV: where record boundaries are, in `pending`; nil for line-based input.
  private var csv: CSVBoundaries?

  /// Creates a reader; with `csvRecords`, a line break inside a quoted field does not end
  /// a chunk (RFC 4180 records may span lines).
  init(_ reader: ByteReader, chunkBytes: Int, maxLineBytes: Int, csvRecords: Bool = false) {
    self.reader = reader
    self.chunkBytes = chunkBytes
    self.maxLineBytes = maxLineBytes
    csv = csvRecords ? CSVBoundaries() : nil
  }

  /// Fills `buffer` with the next whole lines (at least one, about `chunkBytes`).
  ///
  /// - Parameter lineLimit: read at most this many lines (CSV: records).
  /// - Returns: false, with `buffer` empty, at the end of the input.
  func next(into buffer: inout [UInt8], lineLimit: Int = .max) throws(PreprocessError) -> Bool {
    buffer.removeAll(keepingCapacity: true)
    if csv != nil { return try nextRecords(into: &buffer, limit: lineLimit) }
    if lineLimit != .max {
      // Exactly `lineLimit` lines, or fewer at the end of the input.
      var lines = 0
      var scanned = 0
      while true {
        while lines < lineLimit, let index = pending[scanned...].firstIndex(of: 0x0A) {
          lines += 1
          scanned = index + 1
        }
        if lines == lineLimit || atEnd {
          if atEnd && lines < lineLimit { scanned = pending.count }
          buffer.append(contentsOf: pending[..<scanned])
          pending.removeSubrange(..<scanned)
          return !buffer.isEmpty
        }
        if pending.count - scanned > maxLineBytes {
          throw .lineTooLong(path: reader.name, limit: maxLineBytes)
        }
        try fill()
      }
    }
    while true {
      if pending.count >= chunkBytes || atEnd {
        if let cut = pending.lastIndex(of: 0x0A) {
          buffer.append(contentsOf: pending[...cut])
          pending.removeSubrange(...cut)
          return true
        }
        if atEnd {
          swap(&buffer, &pending)
          return !buffer.isEmpty
        }
        if pending.count > maxLineBytes {
          throw .lineTooLong(path: reader.name, limit: maxLineBytes)
        }
      }
      try fill()
    }
  }

  /// The CSV form of ``next(into:lineLimit:)``: whole records, up to `limit` of them.
  ///
  /// A quoted field still open at the end of the input, or longer than `maxLineBytes`,
  /// cannot be told from a missing closing quote: its record's first line is handed out
  /// alone (the parser reports it as broken), and reading goes on at the next line.
  private func nextRecords(into buffer: inout [UInt8], limit: Int) throws(PreprocessError) -> Bool {
    guard var scanner = csv else { return false }
    defer { csv = scanner }
    while true {
      pending.withUnsafeBufferPointer { bytes in
        scanner.scan(bytes, atEnd: atEnd, limit: limit)
      }
      let enough = scanner.records >= limit || scanner.lastBoundary >= chunkBytes
      if enough || atEnd {
        var cut = scanner.lastBoundary
        if atEnd && cut == 0 && !pending.isEmpty {
          // The last record: complete, or with its quote never closed.
          cut =
            scanner.quoted
            ? (pending.firstIndex(of: 0x0A).map { $0 + 1 } ?? pending.count) : pending.count
        }
        if cut == 0 { return false }
        buffer.append(contentsOf: pending[..<cut])
        pending.removeSubrange(..<cut)
        scanner = CSVBoundaries()
        return true
      }
      if pending.count - scanner.lastBoundary > maxLineBytes {
        guard scanner.quoted else { throw .lineTooLong(path: reader.name, limit: maxLineBytes) }
        if scanner.lastBoundary > 0 {
          // The records before the long one first.
          let cut = scanner.lastBoundary
          buffer.append(contentsOf: pending[..<cut])
          pending.removeSubrange(..<cut)
        } else {
          // The first line alone is longer than the limit: too long whatever the quotes.
          guard let lineFeed = pending.firstIndex(of: 0x0A) else {
            throw .lineTooLong(path: reader.name, limit: maxLineBytes)
          }
          buffer.append(contentsOf: pending[...lineFeed])
          pending.removeSubrange(...lineFeed)
        }
        scanner = CSVBoundaries()
        return true
      }
      try fill()
    }
  }

  private func fill() throws(PreprocessError) {
    let start = pending.count
    let wanted = max(chunkBytes, 1)
    pending.append(contentsOf: repeatElement(0, count: wanted))
    let reader = self.reader
    let result = pending.withUnsafeMutableBytes { bytes in
      Result { () throws(PreprocessError) -> Int in
        try reader.read(into: bytes.baseAddress.unsafelyUnwrapped + start, count: wanted)
      }
    }
    let received: Int
    do {
      received = try result.get()
    } catch {
      pending.removeSubrange(start...)
      throw error
    }
    pending.removeSubrange((start + received)...)
    if received == 0 { atEnd = true }
    if isFirst && pending.count >= 2 {
      isFirst = false
      if (pending[0] == 0xFF && pending[1] == 0xFE) || (pending[0] == 0xFE && pending[1] == 0xFF) {
        throw .invalid(
          path: reader.name, line: 1, message: "the file is UTF-16, not UTF-8; convert it first")
      }
      if pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3) }
    }
  }
}

/// Finds where RFC 4180 records end: at a line feed outside a quoted field. A quote opens
/// a quoted field only at the start of a field (as ``LineParser/splitCSV(_:)`` reads it);
/// inside one, `""` is a quote and `"` closes it.
struct CSVBoundaries {
  /// Whether the scan stopped inside a quoted field.
  private(set) var quoted = false
  private var atFieldStart = true
  /// The next byte to scan.
  private(set) var position = 0
  /// The offset after the last record's line feed (0 when none was found).
  private(set) var lastBoundary = 0
  /// Records ended so far.
  private(set) var records = 0

  /// Scans `bytes` from where the last scan stopped, up to `limit` records. Without
  /// `atEnd`, stops before a quote inside a quoted field when the next byte is not there
  /// yet (it decides between `""` and a closing quote).
  mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, atEnd: Bool, limit: Int = .max) {
    let count = bytes.count
    var index = position
    while index < count && records < limit {
      let byte = bytes[index]
      if quoted {
        if byte == UInt8(ascii: "\"") {
          if index + 1 == count && !atEnd { break }
          if index + 1 < count && bytes[index + 1] == UInt8(ascii: "\"") {
            index += 2
            continue
          }
          quoted = false
        }
      } else if byte == 0x0A {
        atFieldStart = true
        records += 1
        lastBoundary = index + 1
      } else if byte == UInt8(ascii: ",") {
        atFieldStart = true
      } else if byte == UInt8(ascii: "\"") && atFieldStart {
        quoted = true
        atFieldStart = false
      } else {
        atFieldStart = false
      }
      index += 1
    }
    position = index
  }
}

/// Writes output to standard output or to a temporary file renamed into place when the
/// run succeeds (so that a failed run never leaves a partial file), gzip-compressed when
/// the name ends in `.gz`.
final class ByteWriter {
  let path: String
  private var descriptor: Int32
  private let file: OutputFile?
  private var gzip: UnsafeMutableRawPointer?
  private var buffer: [UInt8] = []

  init(path: String?) throws(PreprocessError) {
    guard let target = path, target != "-" else {
      descriptor = STDOUT_FILENO
      self.path = "<stdout>"
      file = nil
      return
    }
    let opened: OutputFile
    do {
      opened = try OutputFile(path: target)
    } catch {
      throw .writeFailed(path: target, reason: ByteReader.message(error.code))
    }
    descriptor = opened.descriptor
    self.path = target
    file = opened
    if let temporary = opened.temporaryPath { TemporaryFiles.register(temporary) }
    if target.hasSuffix(".gz") {
      guard let stream = tj_gz_dopen(opened.descriptor, "wb6") else {
        opened.abandon()
        if let temporary = opened.temporaryPath { TemporaryFiles.unregister(temporary) }
        throw .writeFailed(path: target, reason: "cannot start gzip compression")
      }
      gzip = stream
      descriptor = -1
    }
    buffer.reserveCapacity(1 << 20)
  }

  func write(_ bytes: [UInt8]) throws(PreprocessError) {
    try bytes.withUnsafeBufferPointer { (pointer) throws(PreprocessError) in
      try write(pointer)
    }
  }

  func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(PreprocessError) {
    if bytes.count >= 1 << 20 {
      try flush()
      try writeOut(bytes)
      return
    }
    buffer.append(contentsOf: bytes)
    if buffer.count >= 1 << 20 { try flush() }
  }

  func flush() throws(PreprocessError) {
    guard !buffer.isEmpty else { return }
    try buffer.withUnsafeBufferPointer { (pointer) throws(PreprocessError) in
      try writeOut(pointer)
    }
    buffer.removeAll(keepingCapacity: true)
  }

  private func writeOut(_ bytes: UnsafeBufferPointer<UInt8>) throws(PreprocessError) {
    guard let base = bytes.baseAddress else { return }
    if let gzip {
      var offset = 0
      while offset < bytes.count {
        let piece = min(bytes.count - offset, 1 << 30)
        let taken = tj_gz_write(gzip, base + offset, UInt32(piece))
        if taken <= 0 {
          throw .writeFailed(path: path, reason: String(cString: tj_gz_error(gzip)))
        }
        offset += Int(taken)
      }
      return
    }
    if let code = OutputFile.writeAll(bytes, to: descriptor) {
      throw .writeFailed(path: path, reason: ByteReader.message(code))
    }
  }

  /// Finishes the output: flushes, closes and renames the temporary file into place.
  func commit() throws(PreprocessError) {
    try flush()
    guard let file else { return }
    defer { if let temporary = file.temporaryPath { TemporaryFiles.unregister(temporary) } }
    if let stream = gzip {
      gzip = nil
      guard tj_gz_close(stream) == 0 else {
        let code = errno
        file.abandon(closed: true)
        throw .writeFailed(path: path, reason: ByteReader.message(code))
      }
    }
    let closed = descriptor < 0
    descriptor = -1
    do {
      try file.commit(closed: closed)
    } catch {
      throw .writeFailed(path: path, reason: ByteReader.message(error.code))
    }
  }

  /// Throws the output away: removes the temporary file.
  func abandon() {
    guard let file, gzip != nil || descriptor >= 0 else { return }
    if let stream = gzip { _ = tj_gz_close(stream) }
    file.abandon(closed: gzip != nil)
    gzip = nil
    descriptor = -1
    if let temporary = file.temporaryPath { TemporaryFiles.unregister(temporary) }
  }
}

/// Temporary files to remove if the process is interrupted (SIGINT, SIGTERM, SIGHUP):
/// outputs not yet renamed into place and copies of compressed TMX input. The table is
/// fixed and its names are C strings, so that the signal handler only reads memory and
/// calls `unlink`.
public enum TemporaryFiles {
  private static let capacity = 64
  nonisolated(unsafe) private static let table: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> =
    {
      let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
      table.initialize(repeating: nil, count: capacity)
      return table
    }()
  private static let lock = Mutex(())

  /// Removes the registered files when the process receives SIGINT, SIGTERM or SIGHUP,
  /// then dies of the signal as it would have.
  public static func removeOnSignals() {
    _ = table
    for signal in [SIGINT, SIGTERM, SIGHUP] {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { received in
        for index in 0..<TemporaryFiles.capacity {
          if let name = TemporaryFiles.table[index] { unlink(name) }
        }
        Glibc.signal(received, SIG_DFL)
        raise(received)
      }
      sigemptyset(&action.sa_mask)
      sigaction(signal, &action, nil)
    }
  }

  static func register(_ path: String) {
    lock.withLock { _ in
      for index in 0..<capacity where table[index] == nil {
        table[index] = strdup(path)
        return
      }
    }
  }

  static func unregister(_ path: String) {
    lock.withLock { _ in
      for index in 0..<capacity {
        if let name = table[index], String(cString: name) == path {
          table[index] = nil
          free(name)
          return
        }
      }
    }
  }
}
