import Foundation
import TarjumanICU
import TarjumanText

/// Preferred renderings as a table from a word's key (its `key` normalization, marked for
/// a final ى and for short words: ``key(of:language:normalizer:)``) to its Latin
/// rendering: what a glossary's renderings come down to, in a form that is cheap to ask
/// per word and to save in a file (`tarjuman translit` keeps the glossary's table in its
/// cache folder, so that a run does not read and pair the glossary's names again).
///
/// ``preferredLatinRendering(of:language:)`` answers as the glossary's renderings do;
/// ``Romanizer`` asks on bytes, with a workspace of its own, without building strings.
public final class RenderingTable: PreferredRenderingSource, @unchecked Sendable {
  // @unchecked: immutable after init (the byte table is only read).

  /// The table: key → rendering.
  public let entries: [String: String]
  /// The same entries by the key's bytes (tag 0), for lookups on bytes.
  private let bytes: RomanizerWordCache

  /// The number of words with a rendering.
  public var count: Int { entries.count }

  /// Makes a table.
  ///
  /// - Parameter entries: `key` forms of words (``TextNormalizer`` with the `key`
  ///   profile) and their renderings.
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public init(entries: [String: String]) throws(ICUError) {
    self.entries = entries
    // The `key` normalizer's tables take milliseconds on all cores: they are built on
    // another thread meanwhile, and asked for at the first word (``keyNormalizer()``).
    if !entries.isEmpty { TextNormalizer.warmUp(profile: .key) }
    // Room for every entry: the cache empties itself only beyond its limit, or when its
    // arena (64 bytes per word of the limit) is full.
    let limit = entries.count * 4 + 16
    let bytes = RomanizerWordCache(limit: limit)
    var complete = true
    for (key, rendering) in entries {
      var key = key
      var rendering = rendering
      key.withUTF8 { key in
        rendering.withUTF8 { rendering in
          guard key.count <= RomanizerWordCache.maximumKeyLength,
            rendering.count <= Int(UInt16.max)
          else {
            complete = false
            return
          }
          let hash = RomanizerWordCache.hash(key, tag: 0)
          if bytes.value(of: key, tag: 0, hash: hash) == nil {
            bytes.insert(key, tag: 0, hash: hash, value: rendering)
          }
        }
      }
    }
    byteLookups = complete && bytes.count == entries.count
    self.bytes = bytes
  }

  /// Whether the byte table holds every entry (keys of at most 512 bytes).
  private let byteLookups: Bool

  public func preferredLatinRendering(of word: String, language: TextLanguage) -> String? {
    guard !entries.isEmpty, let keyNormalizer = Self.keyNormalizer() else { return nil }
    return entries[Self.key(of: word, language: language, normalizer: keyNormalizer)]
  }

  /// The key under which a word of text is looked up in a table of renderings: its `key`
  /// form, with two marks where the `key` form says too little.
  /// - U+0001 when the word ends in alef maksura (ى, harakat after it aside). The `key`
  ///   form writes ى as ی, like every yeh, which would give على ("on", the commonest
  ///   preposition of Arabic) the rendering of علی, *Ali*. Only Arabic writes ى (the
  ///   `clean` profile makes it ی in Persian lines), and there it is a letter of its own: a
  ///   word that ends in it takes only the renderings of Arabic words that end in it too
  ///   (موسى *Musa*).
  /// - U+0002 (Persian) or U+0003 (Arabic) for a word of at most ``shortWordLetters``
  ///   letters: short words are where a common word of one language is a name in the
  ///   other (Arabic بني "sons of", Persian بنی *Benny*; رضي "was pleased", رضی *Razi*), so
  ///   they take only the renderings of names written in their own language.
  ///
  /// - Parameter normalizer: the `key` normalizer (``keyNormalizer()``).
  public static func key(of word: String, language: TextLanguage, normalizer: TextNormalizer)
    -> String
  {
    var word = word
    let marks = word.withUTF8 { Self.marks(of: $0, language: language) }
    return normalizer.normalize(word) + String(decoding: marks, as: UTF8.self)
  }

  /// The keys under which a word of a glossary term in `language` gives its rendering:
  /// its `key` form (which Persian text looks up too: الاقصی takes the rendering of
  /// الأقصى) and, for a word that ends in ى, ``key(of:language:normalizer:)``'s form;
  /// a short word's keys carry its language's mark.
  public static func keys(
    ofTermWord word: String, language: TextLanguage, normalizer: TextNormalizer
  ) -> [String] {
    var word = word
    let marks = word.withUTF8 { Self.marks(of: $0, language: language) }
    let key = normalizer.normalize(word)
    let lookup = key + String(decoding: marks, as: UTF8.self)
    guard marks.first == alefMaksuraMark else { return [lookup] }
    return [key + String(decoding: marks.dropFirst(), as: UTF8.self), lookup]
  }

  /// The marks that follow a word's `key` form in the key it is looked up by (see
  /// ``key(of:language:normalizer:)``): U+0001 for a final ى, then U+0002 (Persian) or
  /// U+0003 (Arabic) for a short word; as bytes.
  static func marks(of word: UnsafeBufferPointer<UInt8>, language: TextLanguage) -> [UInt8] {
    var marks: [UInt8] = []
    if endsInAlefMaksura(word) { marks.append(alefMaksuraMark) }
    if RomanizerScalars.letterCount(word) <= shortWordLetters {
      marks.append(language == .fa ? 0x02 : 0x03)
    }
    return marks
  }

  private static let alefMaksuraMark: UInt8 = 0x01

  /// Words of at most this many letters take only renderings from their own language.
  static let shortWordLetters = 3

  /// Whether a word given as UTF-8 ends in ى (D9 89), harakat (U+064B–U+065F, U+0670)
  /// after it aside.
  static func endsInAlefMaksura(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
    var end = word.count
    while end >= 2 && word[end - 2] == 0xD9
      && ((0x8B...0x9F).contains(word[end - 1]) || word[end - 1] == 0xB0)
    {
      end -= 2
    }
    return end >= 2 && word[end - 2] == 0xD9 && word[end - 1] == 0x89
  }

  /// The shared `key` normalizer (built once per process; nil only when ICU's
  /// normalization data cannot be loaded, which the clean normalizer reported already).
  static func keyNormalizer() -> TextNormalizer? {
    try? TextNormalizer.shared(profile: .key)
  }

  /// Appends the rendering of a word given as UTF-8 (without line breaks) to
  /// `rendering`, or returns false.
  ///
  /// - Parameters:
  ///   - keyNormalizer: ``keyNormalizer()``, which the caller keeps.
  ///   - workspace: the caller's, for the `key` normalization.
  ///   - key: scratch memory for the word's `key` form.
  func rendering(
    of word: UnsafeBufferPointer<UInt8>, language: TextLanguage, keyNormalizer: TextNormalizer,
    workspace: NormalizerWorkspace, key: inout [UInt8], rendering: inout RawBuffer<UInt8>
  ) -> Bool {
    guard !entries.isEmpty else { return false }
    guard byteLookups else {
      guard
        var found = preferredLatinRendering(
          of: String(decoding: word, as: UTF8.self), language: language)
      else { return false }
      found.withUTF8 { rendering.append(contentsOf: $0) }
      return true
    }
    key.removeAll(keepingCapacity: true)
    // A word has no line break: its one line's normalization is the string's.
    guard keyNormalizer.normalizeLine(word, into: &key, workspace: workspace) else {
      return false
    }
    key.append(contentsOf: Self.marks(of: word, language: language))
    return key.withUnsafeBufferPointer { key in
      guard let found = bytes.value(of: key, tag: 0, hash: RomanizerWordCache.hash(key, tag: 0))
      else { return false }
      rendering.append(contentsOf: found)
      return true
    }
  }

  // MARK: - Files

  private static let magic = Array("TJRT1\n".utf8)

  /// The table as bytes, for ``entries(serialized:)``.
  public func serialized() -> [UInt8] {
    var output = CacheFileWriter(magic: Self.magic)
    output.integer(entries.count)
    for (key, rendering) in entries.sorted(by: { $0.key < $1.key }) {
      output.string(key)
      output.string(rendering)
    }
    return output.data
  }

  /// The entries of ``serialized()``'s bytes, or nil when they do not read back exactly.
  public static func entries(serialized bytes: [UInt8]) -> [String: String]? {
    var input = CacheFileReader(bytes)
    guard input.expect(magic), let count = input.integer() else { return nil }
    var entries: [String: String] = [:]
    entries.reserveCapacity(count)
    for _ in 0..<count {
      guard let key = input.string(), let rendering = input.string() else { return nil }
      entries[key] = rendering
    }
    return input.atEnd && entries.count == count ? entries : nil
  }
}

extension RenderingTable {
  /// A file in the cache folder (`$XDG_CACHE_HOME/tarjuman`, `~/.cache/tarjuman`) that
  /// holds the table of a set of glossary files for `translit`, named by a fingerprint of
  /// all the table depends on: the format, the running binary (its size, time and inode:
  /// the pairing of names, the lexicon and the normalizers are compiled in), ICU's
  /// version, the house style, and each glossary file's path and bytes. Any change gives
  /// another name, so that a stale file is never read; a file that does not read back
  /// exactly is ignored; failures to write are ignored (the file only saves time).
  public struct CachedTable: Equatable, Sendable {
    static let formatVersion: UInt64 = 3
    /// The file.
    public let url: URL

    /// The file for a table of these glossary files and style, or nil when there is no
    /// cache folder, the running executable cannot be identified, or a glossary file cannot
    /// be read (then let the glossary's loader report why).
    ///
    /// - Parameter environment: where `XDG_CACHE_HOME` and `HOME` are read.
    public init?(
      glossaries: [URL], style: String?,
      environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
      guard let folder = CacheFile.defaultFolder(environment: environment),
        let executable = CacheFile.executableIdentity()
      else { return nil }
      var fingerprint = Self.formatVersion &* 0x9E37_79B9_7F4A_7C15
      func mix(_ bytes: some Sequence<UInt8>) {
        let copy = Array(bytes)
        fingerprint =
          copy.withUnsafeBufferPointer { ByteHash.hash($0, seed: fingerprint) } &+ 0x9E37_79B9
      }
      mix(executable.utf8)
      mix(icuVersion.utf8)
      mix((style.map { "style " + $0 } ?? "no style").utf8)
      for url in glossaries {
        guard let contents = FileManager.default.contents(atPath: url.path) else { return nil }
        mix(url.path.utf8)
        mix(contents)
      }
      url = folder.appendingPathComponent(
        "translit-renderings-" + String(fingerprint, radix: 16) + ".bin")
    }

    /// The saved entries, or nil.
    public func read() -> [String: String]? {
      CacheFile.contents(of: url).flatMap(RenderingTable.entries(serialized:))
    }

    /// Saves a table; the cache folder keeps the newest few tables (each glossary, style
    /// and build of Tarjuman writes one of its own).
    public func write(_ table: RenderingTable) {
      CacheFile.write(table.serialized(), to: url)
    }
  }
}
