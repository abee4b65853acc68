import Foundation
import TarjumanICU
import TarjumanNames
import TarjumanText

#if canImport(Glibc)
  import Glibc
#endif

/// What building a ``GlossaryIndex`` computes from the terms (their spelling keys, the
/// words the name reader reads them into, and the name index), saved in a file so that the next short-lived
/// `lookup` reads it back instead of computing it again.
///
/// The file is named by a fingerprint of everything the result depends on: the format
/// version, Tarjuman's reading rules (``formatVersion``), the name index's keys (the
/// shipped lexicon: ``NameMatcher/indexFingerprint``), the ICU version, and every term's
/// text in order. Any change to a glossary gives another name, so a stale file is never
/// read; files are written to a temporary name and renamed, so a crash never leaves half
/// a file under the real name. A file that does not read back exactly is ignored.
struct GlossaryIndexCache {
  /// Bumped whenever keys or the name reader change what they compute.
  static let formatVersion: UInt64 = 3
  private static let magic = Array("TJIX3\n".utf8)

  /// The folder the files live in.
  let folder: URL

  /// What a file holds: per term, its spelling key and its words; and the name index.
  struct Contents {
    var spellingKeys: [String]
    var tokens: [[NameToken]]
    var postingKeys: [UInt64]
    var postingPositions: [Int32]
  }

  /// The file for a list of term texts.
  func file(for texts: [String]) -> URL {
    // The hash is computed inside the closure: the buffer is valid only there.
    var fingerprint = Array(icuVersion.utf8).withUnsafeBufferPointer {
      ByteHash.hash($0, seed: Self.formatVersion &+ NameMatcher.indexFingerprint)
    }
    for text in texts {
      var copy = text
      fingerprint = copy.withUTF8 { ByteHash.hash($0, seed: fingerprint) } &+ 0x9E37_79B9
    }
    let name = "lookup-index-" + String(fingerprint, radix: 16) + ".bin"
    return folder.appendingPathComponent(name)
  }

  /// The saved contents for these terms, or nil when there is no usable file.
  func read(for texts: [String]) -> Contents? {
    guard let bytes = fileContents(file(for: texts)) else { return nil }
    var reader = ByteReader(bytes: bytes)
    guard reader.take(Self.magic.count) == Self.magic, let count = reader.integer(),
      count == texts.count
    else { return nil }
    var contents = Contents(spellingKeys: [], tokens: [], postingKeys: [], postingPositions: [])
    contents.spellingKeys.reserveCapacity(count)
    contents.tokens.reserveCapacity(count)
    for _ in 0..<count {
      guard let key = reader.string(), let tokenCount = reader.integer() else { return nil }
      var words: [NameToken] = []
      for _ in 0..<tokenCount {
        guard let text = reader.string(), let phonemes = reader.bytes(),
          let particle = reader.byte()
        else { return nil }
        words.append(NameToken(text: text, phonemes: phonemes, isParticle: particle == 1))
      }
      contents.spellingKeys.append(key)
      contents.tokens.append(words)
    }
    guard let postingCount = reader.integer(),
      let keys = reader.integers(postingCount, of: UInt64.self),
      let positions = reader.integers(postingCount, of: Int32.self)
    else { return nil }
    contents.postingKeys = keys
    contents.postingPositions = positions
    return reader.atEnd ? contents : nil
  }

  /// Saves the contents for these terms; failures (a read-only home) are ignored: the
  /// cache only saves time.
  func write(_ contents: Contents, for texts: [String]) {
    var bytes = Self.magic
    Self.append(integer: texts.count, to: &bytes)
    for (key, words) in zip(contents.spellingKeys, contents.tokens) {
      Self.append(bytes: Array(key.utf8), to: &bytes)
      Self.append(integer: words.count, to: &bytes)
      for word in words {
        Self.append(bytes: Array(word.text.utf8), to: &bytes)
        Self.append(bytes: word.phonemes, to: &bytes)
        bytes.append(word.isParticle ? 1 : 0)
      }
    }
    Self.append(integer: contents.postingKeys.count, to: &bytes)
    for key in contents.postingKeys {
      withUnsafeBytes(of: key.littleEndian) { bytes.append(contentsOf: $0) }
    }
    for position in contents.postingPositions {
      withUnsafeBytes(of: position.littleEndian) { bytes.append(contentsOf: $0) }
    }
    CacheFile.write(bytes, to: file(for: texts))
  }

  /// The default folder: `$XDG_CACHE_HOME/tarjuman` (`~/.cache/tarjuman`).
  static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> URL?
  {
    if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty {
      return URL(fileURLWithPath: cache).appendingPathComponent("tarjuman")
    }
    guard let home = environment["HOME"], !home.isEmpty else { return nil }
    return URL(fileURLWithPath: home).appendingPathComponent(".cache/tarjuman")
  }

  private static func append(integer: Int, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: UInt32(integer).littleEndian) { bytes.append(contentsOf: $0) }
  }

  private static func append(bytes value: [UInt8], to bytes: inout [UInt8]) {
    append(integer: value.count, to: &bytes)
    bytes.append(contentsOf: value)
  }

  /// Reads the file's fields in order; nil for anything past the end. Fields are read
  /// from the file's bytes in place: only what the index keeps is copied (a cold
  /// `lookup` reads thousands of fields).
  private struct ByteReader {
    let data: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { data = bytes }

    var atEnd: Bool { position == data.count }

    mutating func take(_ count: Int) -> [UInt8]? {
      guard count >= 0, position + count <= data.count else { return nil }
      defer { position += count }
      return Array(data[position..<(position + count)])
    }

    /// `count` little-endian integers, decoded from the file's bytes in place.
    mutating func integers<Value: FixedWidthInteger>(_ count: Int, of type: Value.Type) -> [Value]?
    {
      let size = MemoryLayout<Value>.size
      guard count >= 0, position + count * size <= data.count else { return nil }
      defer { position += count * size }
      let start = position
      return data.withUnsafeBytes { raw in
        (0..<count).map {
          Value(littleEndian: raw.loadUnaligned(fromByteOffset: start + $0 * size, as: Value.self))
        }
      }
    }

    mutating func byte() -> UInt8? {
      guard position < data.count else { return nil }
      defer { position += 1 }
      return data[position]
    }

    mutating func integer() -> Int? {
      guard position + 4 <= data.count else { return nil }
      defer { position += 4 }
      return data.withUnsafeBytes {
        Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
      }
    }

    mutating func bytes() -> [UInt8]? {
      guard let count = integer() else { return nil }
      return take(count)
    }

    mutating func string() -> String? {
      guard let count = integer(), position + count <= data.count else { return nil }
      defer { position += count }
      return data.withUnsafeBufferPointer {
        String(
          decoding: UnsafeBufferPointer(rebasing: $0[position..<(position + count)]), as: UTF8.self)
      }
    }
  }
}

/// A file's bytes, read straight into an array (a cold `lookup` reads a megabyte here:
/// going through `Data` would copy it once more).
func fileContents(_ url: URL) -> [UInt8]? {
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
