import ArgumentParser
import Foundation
import TarjumanGlossary
import TarjumanICU
import TarjumanNames
import TarjumanText

#if canImport(Glibc)
  import Glibc
#endif

extension RomanizationScheme: ExpressibleByArgument {}

extension TarjumanCommand {
  /// `tarjuman translit`: Persian and Arabic text in Latin letters, line by line.
  struct Translit: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write Persian and Arabic text in Latin letters, one output line per input line.",
      discussion: """
        Schemes: news, the spelling English-language media use (ش sh, خ kh, the article \
        as al-); strict, a reversible scholarly scheme with diacritics (ā ī ū ḥ ṣ ʿ ʾ, \
        after ALA-LC); ascii, strict folded to ASCII. The rules are the project's own, in \
        ICU transform syntax (Sources/TarjumanNames/Romanization). Short vowels are not \
        written in the Arabic script, so an unvowelled word comes out with its long vowels \
        only (تهران → Thran); harakat, when present, are read.

        Reads the FILEs, or standard input when none are given. Latin text passes through.

        With --to fa or --to ar the direction is reversed: each line is a Latin name, and \
        the output is its likeliest spellings in Persian or Arabic script, best first, \
        separated by tabs (--count of them): Jolani → جولانی; al-Julani → الجولاني.

        Examples:
          echo 'ابومحمد جولانی' | tarjuman translit --lang fa
          tarjuman translit --scheme strict Corpora/ar/news.txt
          echo 'al-Jolani' | tarjuman translit --to ar --count 3
        """
    )

    @Option(help: "The romanization scheme: news, strict or ascii.")
    var scheme: RomanizationScheme = .news

    @Option(
      name: .customLong("lang"), help: "The language of the text: fa, ar, or auto (per line).")
    var language: LanguageOption = .auto

    @Option(
      help: "The script to write: latin (from Persian and Arabic), or fa or ar (from Latin names).")
    var to: TargetScript = .latin

    @Option(help: "With --to fa or ar: how many spellings to print per name.")
    var count: Int = 1

    @Option(help: "With --to latin: the house style whose renderings of glossary names to write.")
    var style: String?

    @Flag(
      name: .customLong("no-glossary"),
      help: "With --to latin: romanize every word by the rules, even names the glossaries know.")
    var noGlossary = false

    @OptionGroup var glossaryOptions: GlossaryOptions
    @OptionGroup var stream: StreamOptions

    enum TargetScript: String, CaseIterable, ExpressibleByArgument {
      case latin, fa, ar
    }

    func validate() throws {
      if language == .en { throw ValidationError("--lang must be fa, ar or auto.") }
      if count < 1 { throw ValidationError("--count must be at least 1.") }
    }

    func run() throws {
      switch to {
      case .latin:
        var preferred: (any PreferredRenderingSource)?
        // The scholarly schemes are reversible: a journalistic rendering would break that.
        if !noGlossary && scheme == .news { preferred = try glossaryRenderings() }
        let romanizer = try Romanizer(
          scheme: scheme, language: language.setting, preferred: preferred)
        try stream.run(
          RomanizerTransform(
            romanizer,
            threads: stream.jobs ?? LineFilter<RomanizerTransform>.activeProcessorCount))
      case .fa:
        try stream.run(ArabicScriptSpellerTransform(language: .fa, count: count))
      case .ar:
        try stream.run(ArabicScriptSpellerTransform(language: .ar, count: count))
      }
    }

    /// The glossaries' renderings of names, as a table of words' `key` forms: read from
    /// the cache folder when a run before this one saved the table for the same
    /// glossary files (byte for byte), style and binary; otherwise computed from the
    /// glossaries (reading them and pairing their names costs a tenth of a second, as
    /// much as romanizing 10 MB) and saved.
    func glossaryRenderings() throws -> any PreferredRenderingSource {
      // The glossary only improves names: without one (a binary installed alone), the
      // rules romanize everything, unless a house style was asked for.
      let allowEmpty = style == nil && glossaryOptions.glossaries.isEmpty
      let loader = GlossaryLoader()
      let files = try? loader.files(
        extra: glossaryOptions.glossaries, includeShipped: !glossaryOptions.noShipped)
      let cached = files.flatMap { files in
        files.isEmpty && !allowEmpty ? nil : RenderingsCache(files: files, style: style)
      }
      if let cached, let entries = cached.read() {
        return try RenderingTable(entries: entries)
      }
      let glossary = try glossaryOptions.load(allowEmpty: allowEmpty)
      let renderings = try GlossaryRenderings(
        glossary: glossary, style: try GlossaryOptions.style(style, in: glossary))
      guard let entries = try RenderingsCache.entries(of: renderings, in: glossary) else {
        return renderings
      }
      // Saved only if the files did not change while they were read.
      if let cached, let files, RenderingsCache(files: files, style: style) == cached {
        cached.write(entries)
      }
      return try RenderingTable(entries: entries)
    }
  }
}

/// The file in the cache folder (`$XDG_CACHE_HOME/tarjuman`, `~/.cache/tarjuman`) that
/// holds the glossaries' renderings for `translit`, named by a fingerprint of all they
/// depend on: the format, the running binary (its size, time and inode: the pairing
/// rules, the lexicon and the normalizers are compiled in), ICU's version, the house
/// style, and each glossary file's path and bytes. A file that does not read back exactly
/// is ignored; failures to write are ignored (the file only saves time).
struct RenderingsCache: Equatable {
  static let formatVersion: UInt64 = 1
  let file: URL

  /// The cache file for these glossary files and style, or nil when there is no cache
  /// folder or a file cannot be read (then the glossary is loaded, which reports why).
  init?(files: [URL], style: String?) {
    guard let folder = Self.folder() else { return nil }
    var fingerprint = Self.formatVersion &* 0x9E37_79B9_7F4A_7C15
    func mix(_ bytes: some Sequence<UInt8>) {
      var copy = Array(bytes)
      fingerprint = copy.withUnsafeMutableBufferPointer {
        ByteHash.hash(UnsafeBufferPointer($0), seed: fingerprint)
      } &+ 0x9E37_79B9
    }
    mix(Self.executableIdentity())
    mix(icuVersion.utf8)
    mix((style.map { "style " + $0 } ?? "no style").utf8)
    for url in files {
      guard let contents = FileManager.default.contents(atPath: url.path) else { return nil }
      mix(url.path.utf8)
      mix(contents)
    }
    file = folder.appendingPathComponent(
      "translit-renderings-" + String(fingerprint, radix: 16) + ".bin")
  }

  func read() -> [String: String]? {
    guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
    return RenderingTable.entries(serialized: Array(data))
  }

  func write(_ entries: [String: String]) {
    guard let table = try? RenderingTable(entries: entries) else { return }
    CacheFile.write(table.serialized(), to: file)
  }

  /// The glossary's renderings as a table: each word of its Persian and Arabic terms,
  /// by its `key` form, with the rendering `renderings` gives it; nil when the table
  /// does not hold as many words as `renderings` (then use `renderings` itself).
  static func entries(of renderings: GlossaryRenderings, in glossary: Glossary) throws
    -> [String: String]?
  {
    let keyNormalizer = try TextNormalizer.shared(profile: .key)
    var entries: [String: String] = [:]
    for concept in glossary.concepts {
      for term in concept.terms
      where term.language.matches(.persian) || term.language.matches(.arabic) {
        for word in term.text.split(separator: " ") {
          let word = String(word)
          if let rendering = renderings.preferredLatinRendering(of: word, language: .fa) {
            entries[keyNormalizer.normalize(word)] = rendering
          }
        }
      }
    }
    return entries.count == renderings.count ? entries : nil
  }

  private static func folder() -> URL? {
    let environment = ProcessInfo.processInfo.environment
    if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty {
      return URL(fileURLWithPath: cache).appendingPathComponent("tarjuman")
    }
    guard let home = environment["HOME"], !home.isEmpty else { return nil }
    return URL(fileURLWithPath: home).appendingPathComponent(".cache/tarjuman")
  }

  /// Bytes that change whenever the running binary does.
  private static func executableIdentity() -> [UInt8] {
    var identity: [UInt8] = []
    func append(_ value: Int) {
      withUnsafeBytes(of: Int64(value).littleEndian) { identity.append(contentsOf: $0) }
    }
    #if canImport(Glibc)
      var info = stat()
      if stat("/proc/self/exe", &info) == 0 {
        append(Int(info.st_size))
        append(Int(info.st_mtim.tv_sec))
        append(Int(info.st_mtim.tv_nsec))
        append(Int(info.st_ino))
        return identity
      }
    #endif
    let path = CommandLine.arguments.first ?? ""
    if let attributes = try? FileManager.default.attributesOfItem(atPath: path) {
      append((attributes[.size] as? Int) ?? 0)
      append(Int(((attributes[.modificationDate] as? Date) ?? Date()).timeIntervalSince1970 * 1e6))
    }
    identity += Array(path.utf8)
    return identity
  }
}
