import Foundation
import TarjumanICU
import TarjumanText

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
    guard let executable = CacheFile.executableIdentity() else { return nil }
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
    guard let bytes = CacheFile.contents(of: file) else { return nil }
    var input = CacheFileReader(bytes)
    guard input.expect(magic) else { return nil }
    return MentionPatterns(reading: &input, glossary: glossary)
  }

  /// Saves the patterns; failures (a read-only home) are ignored: the file only saves time.
  static func write(_ patterns: MentionPatterns, to file: URL) {
    var output = CacheFileWriter(magic: magic)
    patterns.write(to: &output)
    CacheFile.write(output.data, to: file)
  }
}
