import Foundation
import TarjumanICU
import TarjumanText

#if canImport(Glibc)
  import Glibc
#endif

/// The compiled patterns of a glossary (``MentionPatterns``), saved in a file so that the
/// next `find` or `canonicalize` reads them back instead of compiling the terms again
/// (reading every term's words through the key normalizer and the name reader costs a
/// good part of a short run's start-up).
///
/// The file is named by a fingerprint of everything the patterns depend on: the format
/// version, the ICU version, the running executable (its size, modification time and
/// inode: patterns come from the normalizer's and the name reader's rules, which live in
/// the executable, so a rebuilt one never reads another's file), and every concept's kind
/// and terms in order. A stale file is never read; a file that does not read back
/// exactly is ignored; files are written under a temporary name and renamed.
enum MentionPatternsCache {
  /// Bumped whenever the file's layout changes.
  static let formatVersion: UInt64 = 2
  private static let magic = Array("TJFP2\n".utf8)

  /// The file for a glossary's patterns, or nil when the executable cannot be identified.
  static func file(for glossary: Glossary, in folder: URL) -> URL? {
    guard let executable = executableIdentity() else { return nil }
    var fingerprint = Array((icuVersion + "\n" + executable).utf8).withUnsafeBufferPointer {
      ByteHash.hash($0, seed: formatVersion &+ 0x4649_4E44)
    }
    for concept in glossary.concepts {
      var header = "\(concept.kind.rawValue) \(concept.terms.count)"
      fingerprint = header.withUTF8 { ByteHash.hash($0, seed: fingerprint) } &+ 0x9E37_79B9
      for term in concept.terms {
        var text = term.text
        fingerprint = text.withUTF8 { ByteHash.hash($0, seed: fingerprint) } &+ 0x7F4A_7C15
      }
    }
    return folder.appendingPathComponent("find-patterns-" + String(fingerprint, radix: 16) + ".bin")
  }

  /// The saved patterns, or nil when there is no usable file.
  static func read(_ file: URL, glossary: Glossary) -> MentionPatterns? {
    guard let bytes = fileContents(file) else { return nil }
    var input = PatternFileReader(data: bytes)
    guard input.take(magic.count) == magic else { return nil }
    return MentionPatterns(reading: &input, glossary: glossary)
  }

  /// Saves the patterns; failures (a read-only home) are ignored: the file only saves time.
  static func write(_ patterns: MentionPatterns, to file: URL) {
    var output = PatternFileWriter()
    output.data.append(contentsOf: magic)
    patterns.write(to: &output)
    CacheFile.write(output.data, to: file)
  }

  /// The running executable's size, modification time and inode, or nil.
  private static func executableIdentity() -> String? {
    #if os(Linux)
      var status = stat()
      guard stat("/proc/self/exe", &status) == 0 else { return nil }
      return
        "\(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) \(status.st_ino)"
    #else
      return nil
    #endif
  }
}

/// Writes the fields of a patterns file: little-endian 32-bit integers, and byte strings
/// and integer lists after their counts.
struct PatternFileWriter {
  var data: [UInt8] = []

  mutating func integer(_ value: Int) {
    withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) {
      data.append(contentsOf: $0)
    }
  }

  mutating func bytes(_ value: UnsafeBufferPointer<UInt8>) {
    integer(value.count)
    data.append(contentsOf: value)
  }

  mutating func integers(_ values: UnsafeBufferPointer<Int32>) {
    integer(values.count)
    for value in values { integer(Int(value)) }
  }
}

/// Reads what ``PatternFileWriter`` wrote; nil for anything past the end.
struct PatternFileReader {
  let data: [UInt8]
  var position = 0

  var atEnd: Bool { position == data.count }

  mutating func take(_ count: Int) -> [UInt8]? {
    guard count >= 0, position + count <= data.count else { return nil }
    defer { position += count }
    return Array(data[position..<(position + count)])
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

  /// The next byte string, in place (valid during the call); nil past the end.
  mutating func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
    guard let count = integer(), position + count <= data.count else { return nil }
    let start = position
    position += count
    return data.withUnsafeBufferPointer {
      body(UnsafeBufferPointer(rebasing: $0[start..<(start + count)]))
    }
  }

  /// Appends the next list of integers to `buffer`, each checked by `valid`; false past
  /// the end or for an integer `valid` refuses.
  mutating func appendIntegers(to buffer: inout RawBuffer<Int32>, valid: (Int32) -> Bool) -> Int? {
    guard let count = integer(), position + count * 4 <= data.count else { return nil }
    let start = position
    position += count * 4
    let ok = data.withUnsafeBytes { raw in
      for index in 0..<count {
        let value = Int32(
          bitPattern: UInt32(
            littleEndian: raw.loadUnaligned(fromByteOffset: start + index * 4, as: UInt32.self)))
        guard valid(value) else { return false }
        buffer.append(value)
      }
      return true
    }
    return ok ? count : nil
  }

  mutating func integers() -> [Int32]? {
    guard let count = integer(), position + count * 4 <= data.count else { return nil }
    let start = position
    position += count * 4
    return data.withUnsafeBytes { raw in
      (0..<count).map {
        Int32(
          bitPattern: UInt32(
            littleEndian: raw.loadUnaligned(fromByteOffset: start + $0 * 4, as: UInt32.self)))
      }
    }
  }
}
