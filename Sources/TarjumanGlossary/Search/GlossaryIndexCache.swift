import Foundation
import TarjumanICU
import TarjumanNames
import TarjumanText

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
    guard let bytes = CacheFile.contents(of: file(for: texts)) else { return nil }
    var reader = CacheFileReader(bytes)
    guard reader.expect(Self.magic), let count = reader.integer(),
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
      let keys = reader.values(postingCount, of: UInt64.self),
      let positions = reader.values(postingCount, of: Int32.self)
    else { return nil }
    contents.postingKeys = keys
    contents.postingPositions = positions
    return reader.atEnd ? contents : nil
  }

  /// Saves the contents for these terms; failures (a read-only home) are ignored: the
  /// cache only saves time.
  func write(_ contents: Contents, for texts: [String]) {
    var output = CacheFileWriter(magic: Self.magic)
    output.integer(texts.count)
    for (key, words) in zip(contents.spellingKeys, contents.tokens) {
      output.string(key)
      output.integer(words.count)
      for word in words {
        output.string(word.text)
        output.bytes(word.phonemes)
        output.byte(word.isParticle ? 1 : 0)
      }
    }
    output.integer(contents.postingKeys.count)
    output.values(contents.postingKeys)
    output.values(contents.postingPositions)
    CacheFile.write(output.data, to: file(for: texts))
  }
}
