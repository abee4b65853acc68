import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Files a command keeps only to save time next run (the lookup index, the lexicon's
/// tables, `find`'s compiled patterns, `translit`'s renderings): written whole under a
/// temporary name, then renamed over the old one, so that a reader never sees half a
/// file, and never an error: a read-only home only means the next run computes them again.
///
/// Each kind of file is named `KIND-FINGERPRINT.EXT`, the fingerprint covering all the
/// file depends on; a new glossary or build gives a new name, so that writing one also
/// removes the oldest files of its kind beyond ``keptPerKind``.
package enum CacheFile {
  /// How many files of one kind (one name up to its last `-`, one extension) are kept.
  package static let keptPerKind = 8

  /// The folder: `$XDG_CACHE_HOME/tarjuman`, else `~/.cache/tarjuman`; nil without either.
  package static func defaultFolder(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> URL? {
    if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty {
      return URL(fileURLWithPath: cache).appendingPathComponent("tarjuman")
    }
    guard let home = environment["HOME"], !home.isEmpty else { return nil }
    return URL(fileURLWithPath: home).appendingPathComponent(".cache/tarjuman")
  }

  /// The running executable's size, modification time and inode, or nil: part of the
  /// fingerprint of files whose contents come from rules compiled into the executable, so
  /// that a rebuilt one never reads another's file.
  package static func executableIdentity() -> String? {
    #if os(Linux)
      var status = stat()
      guard stat("/proc/self/exe", &status) == 0 else { return nil }
      return
        "\(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) \(status.st_ino)"
    #else
      return nil
    #endif
  }

  /// Writes `bytes` to `file`, creating its folder, then removes the oldest files of the
  /// same kind beyond ``keptPerKind``; failures are ignored.
  package static func write(_ bytes: some Collection<UInt8>, to file: URL) {
    let folder = file.deletingLastPathComponent()
    let temporary = folder.appendingPathComponent(".\(file.lastPathComponent).\(getpid()).tmp")
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try Data(bytes).write(to: temporary)
      // rename(2) replaces the old file in one step: no moment without a file.
      guard rename(temporary.path, file.path) == 0 else {
        try? FileManager.default.removeItem(at: temporary)
        return
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      return
    }
    removeOldFiles(like: file)
  }

  /// Removes the files of `file`'s kind beyond the ``keptPerKind`` newest (`file` is
  /// always kept).
  static func removeOldFiles(like file: URL) {
    let name = file.lastPathComponent
    guard let dash = name.lastIndex(of: "-") else { return }
    let kind = name[...dash]
    let suffix = "." + file.pathExtension
    let folder = file.deletingLastPathComponent()
    guard
      let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path),
      names.count > keptPerKind
    else { return }
    var siblings: [(name: String, modified: Int)] = []
    for other in names where other != name && other.hasPrefix(kind) && other.hasSuffix(suffix) {
      var status = stat()
      guard stat(folder.appendingPathComponent(other).path, &status) == 0 else { continue }
      siblings.append((other, Int(status.st_mtim.tv_sec) * 1_000_000_000 + status.st_mtim.tv_nsec))
    }
    guard siblings.count >= keptPerKind else { return }
    siblings.sort { $0.modified > $1.modified }
    for old in siblings[(keptPerKind - 1)...] {
      try? FileManager.default.removeItem(at: folder.appendingPathComponent(old.name))
    }
  }

  /// A file's bytes, read straight into an array (a cold `lookup` reads a megabyte here:
  /// going through `Data` would copy it once more); nil when it is missing, empty or
  /// shorter than `fstat` said.
  package static func contents(of url: URL) -> [UInt8]? {
    let descriptor = open(url.path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return nil }
    let size = Int(status.st_size)
    var complete = false
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      guard let base = buffer.baseAddress else { return }
      var done = 0
      while done < size {
        let count = read(descriptor, base + done, size - done)
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { break }
        done += count
      }
      // Bytes past a short read are zeroed, never left uninitialized; the file is then refused.
      if done < size { (base + done).initialize(repeating: 0, count: size - done) }
      initialized = size
      complete = done == size
    }
    return complete ? bytes : nil
  }
}

/// Writes the fields of a cache file: little-endian 32-bit counts and integers, and byte
/// strings and lists after their counts. ``CacheFileReader`` reads them back.
package struct CacheFileWriter {
  /// The bytes written so far.
  package var data: [UInt8]

  /// Starts a file with its magic bytes.
  package init(magic: [UInt8] = []) { data = magic }

  /// A 32-bit integer (counts, and values that fit).
  package mutating func integer(_ value: Int) {
    withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) {
      data.append(contentsOf: $0)
    }
  }

  /// One byte.
  package mutating func byte(_ value: UInt8) { data.append(value) }

  /// A byte string after its count.
  package mutating func bytes(_ value: some Collection<UInt8>) {
    integer(value.count)
    data.append(contentsOf: value)
  }

  /// A string's UTF-8 after its count.
  package mutating func string(_ value: String) { bytes(value.utf8) }

  /// A list of 32-bit integers after its count.
  package mutating func int32List(_ values: UnsafeBufferPointer<Int32>) {
    integer(values.count)
    self.values(values)
  }

  /// Fixed-width integers in little-endian order, without a count.
  ///
  /// Copied in one piece where the values are contiguous and the machine little-endian:
  /// a caller in another module runs this generic code unspecialized, where a step per
  /// value would cost a call per value.
  package mutating func values<Value: FixedWidthInteger>(_ values: some Sequence<Value>) {
    #if _endian(little)
      let copied: Void? = values.withContiguousStorageIfAvailable {
        data.append(contentsOf: UnsafeRawBufferPointer($0))
      }
      if copied != nil { return }
    #endif
    for value in values {
      withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
  }
}

/// Reads the fields ``CacheFileWriter`` wrote, in order, from the file's bytes in place
/// (only what the caller keeps is copied); nil for anything past the end.
package struct CacheFileReader {
  private let data: [UInt8]
  private var position = 0

  /// Reads `data` from its start.
  package init(_ data: [UInt8]) { self.data = data }

  /// Whether every byte was read (a file with more is not the file written).
  package var atEnd: Bool { position == data.count }

  /// Whether the next bytes are `magic`, which are then skipped.
  package mutating func expect(_ magic: [UInt8]) -> Bool {
    guard data.count - position >= magic.count,
      data[position..<(position + magic.count)].elementsEqual(magic)
    else { return false }
    position += magic.count
    return true
  }

  /// A 32-bit integer.
  package mutating func integer() -> Int? {
    guard position + 4 <= data.count else { return nil }
    defer { position += 4 }
    return data.withUnsafeBytes {
      Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
    }
  }

  /// One byte.
  package mutating func byte() -> UInt8? {
    guard position < data.count else { return nil }
    defer { position += 1 }
    return data[position]
  }

  /// A byte string written after its count.
  package mutating func bytes() -> [UInt8]? {
    withBytes { Array($0) }
  }

  /// A byte string written after its count, in place (valid during the call).
  package mutating func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result)
    -> Result?
  {
    guard let count = integer(), position + count <= data.count else { return nil }
    let start = position
    position += count
    return data.withUnsafeBufferPointer {
      body(UnsafeBufferPointer(rebasing: $0[start..<(start + count)]))
    }
  }

  /// A string written after its count; nil when it is not valid UTF-8.
  package mutating func string() -> String? {
    withBytes { String(validating: $0, as: UTF8.self) } ?? nil
  }

  /// `count` fixed-width integers written without a count.
  ///
  /// One copy of the bytes (and a byte swap on a big-endian machine), with no step per
  /// value: a caller in another module runs this generic code unspecialized (the lookup
  /// index reads a quarter of a million values here at start-up).
  package mutating func values<Value: FixedWidthInteger>(_ count: Int, of type: Value.Type)
    -> [Value]?
  {
    let size = MemoryLayout<Value>.size
    guard count >= 0, position + count * size <= data.count else { return nil }
    let start = position
    position += count * size
    var values = [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
      data.withUnsafeBytes { raw in
        UnsafeMutableRawBufferPointer(buffer).copyMemory(
          from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + count * size)]))
      }
      initialized = count
    }
    #if _endian(big)
      for index in values.indices { values[index] = Value(littleEndian: values[index]) }
    #endif
    return values
  }

  /// A list of 32-bit integers written after its count.
  package mutating func int32List() -> [Int32]? {
    guard let count = integer() else { return nil }
    return values(count, of: Int32.self)
  }

  /// Calls `body` with each integer of a list of 32-bit integers written after its count,
  /// in place; the count, or nil past the end or as soon as `body` refuses one.
  package mutating func int32List(_ body: (Int32) -> Bool) -> Int? {
    guard let count = integer(), position + count * 4 <= data.count else { return nil }
    let start = position
    position += count * 4
    let complete = data.withUnsafeBytes { raw in
      for index in 0..<count {
        let value = Int32(
          bitPattern: UInt32(
            littleEndian: raw.loadUnaligned(fromByteOffset: start + index * 4, as: UInt32.self)))
        guard body(value) else { return false }
      }
      return true
    }
    return complete ? count : nil
  }
}
