import Synchronization
import TarjumanICU
import TarjumanText

/// A source of renderings that win over the romanization rules, such as a glossary that
/// knows that دمشق is *Damascus* and not *Dmshq*.
///
/// ``Romanizer`` asks it about every Arabic-script word before running the rules, and
/// caches the answer with the word: the source must give the same answer for the same
/// word for as long as the romanizer lives.
public protocol PreferredRenderingSource: Sendable {
  /// The Latin rendering of one word (after the `clean` normalization of its language),
  /// or nil to let the rules romanize it. The rendering is used as given, without
  /// capitalization.
  func preferredLatinRendering(of word: String, language: TextLanguage) -> String?
}

/// A romanizer that could not be built.
public enum RomanizerError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A rule set did not compile (a bug in Tarjuman's rules, or an ICU without
  /// `Latin-ASCII`).
  case rules(TransliteratorError)
  /// ICU's normalization data could not be loaded.
  case normalization(ICUError)

  public var description: String {
    switch self {
    case .rules(let error): "romanization rules: \(error)"
    case .normalization(let error): "normalization: \(error)"
    }
  }
}

/// Writes the Arabic-script words of Persian and Arabic text in Latin letters, in one of
/// three ``RomanizationScheme``s, and leaves everything else as it is.
///
///     let romanizer = try Romanizer(scheme: .news, language: .fixed(.fa))
///     romanizer.romanize("ابومحمد جولانی")  // "Abu Mhmd Julani"
///
/// For each line the romanizer
/// 1. normalizes the line with the `clean` profile of its language (so that a keyboard's
///    yeh, a tatweel or a bidi mark change nothing);
/// 2. decides the language: fixed, or with `.auto` from the line's Arabic-script letters
///    alone (``LanguageDetector`` over those letters; Latin words do not count), and
///    ``undecidedLanguage`` when they do not tell;
/// 3. romanizes each Arabic-script word (letters, harakat, and a ZWNJ inside a word):
///    first asks the ``PreferredRenderingSource``, then runs the scheme's rules (see
///    ``RomanizationRules``; ``CompiledRules`` runs them in Swift, ICU the ones it does
///    not run) and capitalizes each name word (*al-* stays lowercase, and so do *bin*,
///    *bint* and the conjunction *va* or *wa*);
/// 4. writes Persian and Arabic-Indic digits and Arabic punctuation (، ؛ ؟ ٪ ٫ ٬ ۔) in
///    ASCII, and copies everything else (Latin text, spaces, other scripts) unchanged
///    from the normalized line.
///
/// Unvowelled words come out as their consonants and long vowels: the script does not
/// write short vowels and the rules do not guess them. A word ending in ة that is not
/// itself definite and is followed, after spaces, by another Arabic-script word (other
/// than بن, بنت, ابن) is read in the construct state: هيئة تحرير الشام gives *Hayat*,
/// while الغوطة الشرقية keeps *al-Ghuta*.
///
/// **Caching.** The same names come back again and again, and the rules cost about a
/// microsecond per word, so every word's romanization is cached, keyed by its bytes, its
/// language and its construct state. The caches live in a ``RomanizerWorkspace``, one
/// per thread, rather than in the romanizer behind a lock: a lookup costs tens of
/// nanoseconds, and a lock shared by all cores would make them queue for every word. A
/// workspace has a small table of the words it met last, in front of its cache, and its
/// own scratch memory for the rules (and its clones of ICU's transliterators, for rule
/// sets the Swift engine does not run: those must not run on two threads at once). The
/// convenience ``romanize(_:)`` uses a workspace of the romanizer's own behind a lock;
/// parallel callers make one workspace per thread with ``makeWorkspace()``. Each cache
/// holds at most ``cacheCapacity`` words and is emptied when full.
public final class Romanizer: Sendable {
  /// The scheme this romanizer writes.
  public let scheme: RomanizationScheme
  /// The language of the input: `.fixed(.fa)`, `.fixed(.ar)`, or `.auto` to decide per
  /// line. `.fixed(.en)` means English text with Arabic-script words in it: the text is
  /// cleaned as English, and the words' language is decided per line as with `.auto`.
  public let language: LanguageSetting
  /// The language of a line whose Arabic-script letters do not tell (such as دمشق,
  /// whose letters both languages use), with `.auto`.
  public let undecidedLanguage: TextLanguage
  /// The number of words each workspace's cache holds at most (0: no cache).
  public let cacheCapacity: Int
  /// The cache capacity a romanizer has unless told otherwise.
  public static let defaultCacheCapacity = 65_536

  let preferred: (any PreferredRenderingSource)?
  /// `preferred` when it is a table, which the romanizer asks on bytes.
  let renderingTable: RenderingTable?
  let normalizer: TextNormalizer
  /// The rules' IDs and text, per ``TextLanguage/fa`` and ``TextLanguage/ar``.
  let ruleSets: [(id: String, rules: String)]
  /// The rule sets compiled for the Swift engine, per language; nil where the engine
  /// does not run a rule set (ICU does).
  let engines: [CompiledRules?]
  /// The line loop's tables (``RomanizerLineTables``), kept here so that a line does not
  /// ask for the lazily built globals.
  nonisolated(unsafe) let lineClasses = RomanizerLineTables.classes
  nonisolated(unsafe) let weightBalance = RomanizerLineTables.weightBalance
  private let token = RomanizerToken()
  private let shared: Mutex<RomanizerWorkspace>

  /// Builds a romanizer: compiles the scheme's rule sets (once per process) and the
  /// normalizer.
  ///
  /// - Parameters:
  ///   - scheme: the romanization to write.
  ///   - language: the input's language, or `.auto` to decide per line.
  ///   - undecidedLanguage: with `.auto`, the language of lines whose letters do not tell;
  ///     Arabic by default, since a Persian line almost always has a ی, ک or a Persian
  ///     letter, and the Arabic reading of the shared letters (ق *q*, ذ *dh*) is the
  ///     etymological one.
  ///   - preferred: renderings that win over the rules, such as a glossary.
  ///   - cacheCapacity: words cached per workspace (clamped to 0...16,777,216).
  /// - Throws: ``RomanizerError`` when a rule set or the normalizer cannot be built.
  public init(
    scheme: RomanizationScheme = .news, language: LanguageSetting = .auto,
    undecidedLanguage: TextLanguage = .ar, preferred: (any PreferredRenderingSource)? = nil,
    cacheCapacity: Int = defaultCacheCapacity
  ) throws(RomanizerError) {
    self.scheme = scheme
    self.language = language
    self.undecidedLanguage = undecidedLanguage == .fa ? .fa : .ar
    self.preferred = preferred
    renderingTable = preferred as? RenderingTable
    self.cacheCapacity = min(max(cacheCapacity, 0), 1 << 24)
    let ruleSets = RomanizationRules.languages.map {
      (
        id: RomanizationRules.id(scheme: scheme, language: $0),
        rules: RomanizationRules.engineRules(
          RomanizationRules.rules(scheme: scheme, language: $0))
      )
    }
    self.ruleSets = ruleSets
    engines = ruleSets.map { CompiledRulesCache.compiled($0.rules) }
    do {
      normalizer = try TextNormalizer(profile: .clean, language: language)
    } catch {
      throw .normalization(error)
    }
    let workspace = try Self.workspace(
      ruleSets: ruleSets, engines: engines, cacheCapacity: self.cacheCapacity, owner: token)
    shared = Mutex(workspace)
  }

  /// A workspace for one thread: its cache, and its clones of the ICU transliterators of
  /// the rule sets the Swift engine does not run.
  ///
  /// - Throws: ``RomanizerError`` if ICU cannot clone a transliterator.
  public func makeWorkspace() throws(RomanizerError) -> RomanizerWorkspace {
    try makeWorkspace(cacheCapacity: cacheCapacity)
  }

  /// A workspace whose cache holds another number of words.
  func makeWorkspace(cacheCapacity: Int) throws(RomanizerError) -> RomanizerWorkspace {
    try Self.workspace(
      ruleSets: ruleSets, engines: engines, cacheCapacity: min(max(cacheCapacity, 0), 1 << 24),
      owner: token)
  }

  private static func workspace(
    ruleSets: [(id: String, rules: String)], engines: [CompiledRules?], cacheCapacity: Int,
    owner: RomanizerToken
  ) throws(RomanizerError) -> RomanizerWorkspace {
    var transliterators: [Transliterator?] = []
    for (ruleSet, engine) in zip(ruleSets, engines) {
      // Where the engine runs the rules, ICU is only a fallback, opened when needed.
      guard engine == nil else {
        transliterators.append(nil)
        continue
      }
      do {
        transliterators.append(
          try TransliteratorCache.transliterator(id: ruleSet.id, rules: ruleSet.rules))
      } catch {
        throw .rules(error)
      }
    }
    return RomanizerWorkspace(
      ruleSets: ruleSets, engines: engines, transliterators: transliterators,
      cacheCapacity: cacheCapacity, owner: ObjectIdentifier(owner))
  }

  // MARK: - Strings

  /// Romanizes text, line by line (LF or CRLF, kept as they are), with the romanizer's
  /// own workspace; concurrent calls wait for each other.
  public func romanize(_ text: String) -> String {
    shared.withLock { workspace in romanize(text, workspace: workspace) }
  }

  /// Romanizes text, line by line (LF or CRLF, kept as they are), with a workspace of
  /// the caller's.
  public func romanize(_ text: String, workspace: RomanizerWorkspace) -> String {
    RomanizerTransform(self, sharesWords: false).apply(to: text, workspace: workspace)
  }

  // MARK: - Lines

  /// Romanizes one line of UTF-8 (without its line terminator) and appends the result to
  /// `output`.
  ///
  /// - Returns: false, appending nothing, when the line is not valid UTF-8.
  /// - Precondition: `workspace` was made by this romanizer.
  /// - Complexity: O(n) in the length of the line, plus the rules for each word the
  ///   workspace has not seen yet.
  public func romanizeLine(
    _ line: UnsafeBufferPointer<UInt8>, into output: inout [UInt8],
    workspace: RomanizerWorkspace
  ) -> Bool {
    precondition(
      workspace.owner == ObjectIdentifier(token), "a RomanizerWorkspace of another Romanizer")
    // The normalized line is read where the normalizer wrote it, in its workspace.
    guard
      let normalized = normalizer.normalizeLine(
        line,
        workspace: workspace.normalizerWorkspaces[
          language == .auto ? Self.languageGuess(line, weights: weightBalance) : 0])
    else { return false }
    romanizeNormalized(normalized, into: &output, workspace: workspace)
    return true
  }

  /// Which normalizer workspace a line goes to: 0 when the first letter of its first 64
  /// bytes that only one language writes is Persian (پ چ ژ گ ک ی ۀ), 1 when it is Arabic
  /// (ة ي ك ى), 2 when there is none.
  @inline(__always)
  static func languageGuess(_ line: UnsafeBufferPointer<UInt8>, weights: UnsafePointer<Int8>)
    -> Int
  {
    let end = min(line.count, 64) - 1
    var index = 0
    while index < end {
      let lead = line[index]
      // U+0600–U+06FF: D8–DB and a continuation byte.
      if lead &- 0xD8 < 4 {
        let balance = weights[Int(lead & 3) << 6 | Int(line[index + 1] & 0x3F)]
        if balance != 0 { return balance > 0 ? 0 : 1 }
        index &+= 2
      } else {
        index &+= 1
      }
    }
    return 2
  }

  /// The language of a line's Arabic-script words: the fixed language, or what
  /// ``LanguageDetector`` says of the line's Arabic-script letters (from `start`, the
  /// first of them, on).
  func decideLanguage(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, workspace: RomanizerWorkspace
  ) -> TextLanguage {
    switch language {
    case .fixed(.fa): return .fa
    case .fixed(.ar): return .ar
    case .fixed(.en), .auto: break
    }
    // Most lines with Arabic-script words have more of those letters than Latin ones:
    // then the detector can read the line as it is. Otherwise it reads the Arabic-script
    // letters alone.
    switch LanguageDetector.detect(utf8: UnsafeBufferPointer(rebasing: bytes[start...])) {
    case .fa: return .fa
    case .ar: return .ar
    case nil: return undecidedLanguage
    case .en: break
    }
    var letters = workspace.arabicLetters
    workspace.arabicLetters = []
    defer { workspace.arabicLetters = letters }
    letters.removeAll(keepingCapacity: true)
    var index = start
    while index < bytes.count {
      let byte = bytes[index]
      if byte < 0xC0 {
        index += 1
        continue
      }
      let (value, length) = RomanizerScalars.decode(bytes, at: index)
      if RomanizerScalars.isWordScalar(value) {
        letters.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<index + length]))
      }
      index += length
    }
    let detected = letters.withUnsafeBufferPointer { LanguageDetector.detect(utf8: $0) }
    switch detected {
    case .fa: return .fa
    case .ar: return .ar
    case .en, nil: return undecidedLanguage
    }
  }

  /// The uncached romanization of one normalized word.
  func romanize(
    word: String, language: TextLanguage, construct: Bool, workspace: RomanizerWorkspace
  ) -> String {
    var word = word
    var value = RawBuffer<UInt8>(capacity: 1024)
    defer { value.free() }
    word.withUTF8 {
      romanizeUncached(
        $0, language: language, construct: construct, workspace: workspace, into: &value)
    }
    return String(decoding: value.elements, as: UTF8.self)
  }

  /// Appends the uncached romanization of one normalized word (UTF-8, letters and marks
  /// of the Arabic script and ZWNJ) to `result`: the preferred rendering, or the rules,
  /// run by the Swift engine (or ICU), then capitalized.
  func romanizeUncached(
    _ word: UnsafeBufferPointer<UInt8>, language: TextLanguage, construct: Bool,
    workspace: RomanizerWorkspace, into result: inout RawBuffer<UInt8>
  ) {
    if preferredRendering(of: word, language: language, workspace: workspace, into: &result) {
      return
    }
    // A conjunction or preposition joined to a name the glossary knows (ومحمد, بدمشق): the
    // particle as the scholarly schemes write it, then the name's rendering, rather than
    // the rules' consonants for the whole word (*Wmhmd*). Only before four letters or more:
    // a shorter rest is as often a common word that also stands in some name (بغير is
    // "without", not *bi-Geir*).
    if language == .ar, let particle = Self.joinedParticle(word),
      case let rest = UnsafeBufferPointer(rebasing: word[2...]),
      RomanizerScalars.letterCount(rest) >= 4
    {
      let mark = result.count
      particle.withUTF8Buffer { result.append(contentsOf: $0) }
      if preferredRendering(of: rest, language: language, workspace: workspace, into: &result) {
        return
      }
      // ل before the article drops its alef (للجولاني is li + الجولاني): put it back.
      if word[1] == 0x84 && rest.starts(with: [0xD9, 0x84]) {
        let withArticle = [0xD8, 0xA7] + Array(rest)
        let found = withArticle.withUnsafeBufferPointer {
          preferredRendering(of: $0, language: language, workspace: workspace, into: &result)
        }
        if found { return }
      }
      result.count = mark
    }
    // A word's UTF-16 is at most as long as its UTF-8, and U+2060 may follow.
    let units = workspace.reserveUnits(word.count + 1)
    // The rules' own ::NFC pass is done here (see RomanizationRules.engineRules); words
    // of a normalized line are NFC already, which a table tells for most.
    var (count, isNFC) = RomanizerScalars.writeUTF16(word, to: units)
    var normalized: [UInt16] = []
    if !isNFC,
      let nfc = try? UnicodeNormalizer.nfc.normalize(
        UnsafeBufferPointer(start: units, count: count))
    {
      normalized = nfc
    }
    let slot = language == .fa ? 0 : 1
    let engine = slot == 0 ? workspace.persianEngine : workspace.arabicEngine
    if normalized.isEmpty {
      // U+2060 is inert under NFC: appending it after normalizing changes nothing.
      if construct {
        units[count] = 0x2060
        count += 1
      }
      if let engine,
        let romanized = engine._withUnsafeGuaranteedRef({
          $0.transliterate(
            UnsafeBufferPointer(start: units, count: count), workspace: workspace.engineWorkspace)
        })
      {
        Self.appendCapitalized(romanized, to: &result)
        return
      }
      normalized = Array(UnsafeBufferPointer(start: units, count: count))
    } else {
      if construct { normalized.append(0x2060) }
      if let engine,
        let romanized = normalized.withUnsafeBufferPointer({ buffer in
          engine._withUnsafeGuaranteedRef {
            $0.transliterate(buffer, workspace: workspace.engineWorkspace)
          }
        })
      {
        Self.appendCapitalized(romanized, to: &result)
        return
      }
    }
    do {
      try workspace.transliterator(slot).transliterate(&normalized)
    } catch {
      // ICU fails here only when memory runs out: leave the word as it is.
      result.append(contentsOf: word)
      return
    }
    normalized.withUnsafeBufferPointer { Self.appendCapitalized($0, to: &result) }
  }

  /// Appends the preferred rendering of a word (the glossary's), if there is one.
  private func preferredRendering(
    of word: UnsafeBufferPointer<UInt8>, language: TextLanguage, workspace: RomanizerWorkspace,
    into result: inout RawBuffer<UInt8>
  ) -> Bool {
    if let renderingTable {
      if workspace.keyNormalizer == nil { workspace.keyNormalizer = RenderingTable.keyNormalizer() }
      guard let keyNormalizer = workspace.keyNormalizer else { return false }
      return renderingTable.rendering(
        of: word, language: language, keyNormalizer: keyNormalizer,
        workspace: workspace.keyWorkspace, key: &workspace.key, rendering: &result)
    }
    guard let preferred,
      var rendering = preferred.preferredLatinRendering(
        of: String(decoding: word, as: UTF8.self), language: language)
    else { return false }
    rendering.withUTF8 { result.append(contentsOf: $0) }
    return true
  }

  /// The one-letter particles Arabic joins to the next word (و and, ف so, ب with/in, ل
  /// for), as UTF-8, with how they are written before a name.
  private static let joinedParticles: [(bytes: (UInt8, UInt8), latin: StaticString)] = [
    ((0xD9, 0x88), "wa-"), ((0xD9, 0x81), "fa-"), ((0xD8, 0xA8), "bi-"), ((0xD9, 0x84), "li-"),
  ]

  /// The particle a word starts with (its first two bytes), if any.
  private static func joinedParticle(_ word: UnsafeBufferPointer<UInt8>) -> StaticString? {
    guard word.count >= 2 else { return nil }
    return joinedParticles.first { word[0] == $0.bytes.0 && word[1] == $0.bytes.1 }?.latin
  }

  /// Appends a romanization, capitalized: on bytes for ASCII without CR (all that the
  /// news and ascii schemes write), through a String otherwise.
  private static func appendCapitalized(
    _ units: UnsafeBufferPointer<UInt16>, to result: inout RawBuffer<UInt8>
  ) {
    var ascii = true
    for unit in units where unit >= 0x80 || unit == 0x0D {
      ascii = false
      break
    }
    guard ascii else {
      var text = capitalized(String(decoding: units, as: UTF16.self))
      text.withUTF8 { result.append(contentsOf: $0) }
      return
    }
    result.reserve(units.count)
    let start = result.count
    for unit in units { result.append(UInt8(truncatingIfNeeded: unit)) }
    capitalizeASCII(
      UnsafeMutableBufferPointer(start: result.base + start, count: result.count - start))
  }

  /// Capitalizes each space-separated word of a romanization: the first letter after a
  /// leading *al-* and after leading ʿ, ʾ or apostrophes. The particles *bin* and *bint*
  /// (*Usama bin Ladin*) and the conjunctions *va* and *wa* stay lowercase.
  static func capitalized(_ text: String) -> String {
    if let ascii = asciiCapitalized(text) { return ascii }
    var result = ""
    result.reserveCapacity(text.utf8.count + 2)
    for (position, part) in text.split(separator: " ", omittingEmptySubsequences: false)
      .enumerated()
    {
      if position > 0 { result.append(" ") }
      if Self.lowercaseParticles.contains(part) {
        result += part
        continue
      }
      var rest = part[...]
      if rest.hasPrefix("al-") {
        result += "al-"
        rest = rest.dropFirst(3)
      }
      while let first = rest.first, first == "ʿ" || first == "ʾ" || first == "'" {
        result.append(first)
        rest = rest.dropFirst()
      }
      if let first = rest.first {
        result += first.uppercased()
        result += rest.dropFirst()
      }
    }
    return result
  }

  private static let lowercaseParticles: Set<Substring> = ["bin", "bint", "va", "wa"]

  /// ``capitalized(_:)`` on bytes, for text that is ASCII without CR (all that the news
  /// and ascii schemes write), or nil for other text. In ASCII a `Character` is one byte
  /// (but for CR LF), and uppercasing changes a–z only.
  private static func asciiCapitalized(_ text: String) -> String? {
    var text = text
    return text.withUTF8 { bytes -> String? in
      guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
      return String(unsafeUninitializedCapacity: bytes.count) { output in
        _ = output.initialize(from: bytes)
        capitalizeASCII(UnsafeMutableBufferPointer(rebasing: output[..<bytes.count]))
        return bytes.count
      }
    }
  }

  /// ``capitalized(_:)`` in place, on ASCII bytes without CR.
  static func capitalizeASCII(_ bytes: UnsafeMutableBufferPointer<UInt8>) {
    var start = 0
    while start < bytes.count {
      var end = start
      while end < bytes.count && bytes[end] != 0x20 { end += 1 }
      if !isLowercaseParticle(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
        var first = start
        if end - start >= 3 && bytes[start] == 0x61 && bytes[start + 1] == 0x6C
          && bytes[start + 2] == 0x2D
        {
          first += 3  // al-
        }
        while first < end && bytes[first] == 0x27 { first += 1 }  // apostrophes
        if first < end && bytes[first] &- 0x61 < 26 { bytes[first] -= 0x20 }
      }
      start = end + 1
    }
  }

  /// Whether ASCII bytes are *bin*, *bint*, *va* or *wa*.
  private static func isLowercaseParticle(_ part: UnsafeBufferPointer<UInt8>) -> Bool {
    switch part.count {
    case 2: (part[0] == 0x76 || part[0] == 0x77) && part[1] == 0x61
    case 3: part[0] == 0x62 && part[1] == 0x69 && part[2] == 0x6E
    case 4: part[0] == 0x62 && part[1] == 0x69 && part[2] == 0x6E && part[3] == 0x74
    default: false
    }
  }
}

/// What makes workspaces belong to one romanizer.
private final class RomanizerToken: Sendable {}

/// One thread's state for a ``Romanizer``: its word cache, its clones of the ICU
/// transliterators, and scratch memory. Not for sharing between threads; make one per
/// thread with ``Romanizer/makeWorkspace()``.
public final class RomanizerWorkspace {
  let owner: ObjectIdentifier
  /// The rule sets, for opening a transliterator the Swift engine turns out to need.
  private let ruleSets: [(id: String, rules: String)]
  /// ICU's transliterators for Persian and Arabic, in that order; nil until needed where
  /// the Swift engine runs the rules.
  private var transliterators: [Transliterator?]
  let cache: RomanizerWordCache
  /// With `--lang auto`, the normalizer guesses that a line is in the language of the
  /// line before it in the same workspace, and normalizes it a second time when it is
  /// not: lines that look Persian, Arabic or neither go to workspaces of their own (see
  /// ``Romanizer/languageGuess(_:weights:)``), so that text whose lines alternate (a text and its
  /// translation) is normalized once. The guess changes no output.
  let normalizerWorkspaces = [NormalizerWorkspace(), NormalizerWorkspace(), NormalizerWorkspace()]
  let engineWorkspace = CompiledRules.Workspace()
  /// For the `key` normalization of a word, to ask a ``RenderingTable``.
  let keyWorkspace = NormalizerWorkspace()
  var keyNormalizer: TextNormalizer?
  var key: [UInt8] = []
  var arabicLetters: [UInt8] = []
  /// A word's code units, for the rules.
  private var units: UnsafeMutablePointer<UInt16>
  private var unitCapacity = 256
  /// A word's romanization.
  var value = RawBuffer<UInt8>(capacity: 1024)
  /// The Swift engine's rule sets for Persian and Arabic, held without reference counting
  /// (the romanizer holds them).
  let persianEngine: Unmanaged<CompiledRules>?
  let arabicEngine: Unmanaged<CompiledRules>?
  var written = RawBuffer<UInt8>(capacity: 1024)
  /// The words the threads of one stream share (see ``RomanizerTransform``); nil outside
  /// a stream, where `cache` holds every word.
  var sharedWords: SharedRomanizations? {
    didSet { sharedReader = sharedWords?.reader }
  }
  /// Lookups into `sharedWords`.
  private(set) var sharedReader: RomanizerWordCache.Reader?
  /// A line's words.
  let tokens = RomanizerTokens()
  /// The words this thread met most recently, in front of the caches.
  let hotWords: RomanizerHotWords

  init(
    ruleSets: [(id: String, rules: String)], engines: [CompiledRules?],
    transliterators: [Transliterator?], cacheCapacity: Int, owner: ObjectIdentifier
  ) {
    self.ruleSets = ruleSets
    self.transliterators = transliterators
    self.cache = RomanizerWordCache(limit: cacheCapacity)
    hotWords = RomanizerHotWords(enabled: cacheCapacity > 0)
    self.owner = owner
    persianEngine = engines[0].map { Unmanaged.passUnretained($0) }
    arabicEngine = engines[1].map { Unmanaged.passUnretained($0) }
    units = .allocate(capacity: unitCapacity)
  }

  /// Room for `count` code units in the word buffer.
  func reserveUnits(_ count: Int) -> UnsafeMutablePointer<UInt16> {
    if count > unitCapacity {
      units.deallocate()
      while unitCapacity < count { unitCapacity *= 2 }
      units = .allocate(capacity: unitCapacity)
    }
    return units
  }

  /// ICU's transliterator for a rule set (0 Persian, 1 Arabic), opened on first use.
  func transliterator(_ slot: Int) throws(TransliteratorError) -> Transliterator {
    if let transliterator = transliterators[slot] { return transliterator }
    let opened = try TransliteratorCache.transliterator(
      id: ruleSets[slot].id, rules: ruleSets[slot].rules)
    transliterators[slot] = opened
    return opened
  }

  deinit {
    written.free()
    value.free()
    units.deallocate()
  }

  /// The number of words in this workspace's cache.
  public var cachedWordCount: Int { cache.count }
}

/// Byte-level facts about the Arabic script that the romanizer's line loop needs.
enum RomanizerScalars {
  /// The letters of a word, harakat (U+064B–U+065F, U+0670) and ZWNJ left out.
  static func letterCount(_ word: UnsafeBufferPointer<UInt8>) -> Int {
    var letters = 0
    var index = 0
    while index < word.count {
      let lead = word[index]
      if lead < 0x80 {
        index += 1
        continue
      }
      let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
      if length == 2 && index + 1 < word.count {
        let isMark = lead == 0xD9 && (word[index + 1] &- 0x8B < 0x15 || word[index + 1] == 0xB0)
        if !isMark { letters += 1 }
      }
      index += length
    }
    return letters
  }

  /// Decodes the scalar at `index` of UTF-8 the line check already validated.
  @inline(__always)
  static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
    UTF8Decoding.decode(bytes, at: index)
  }

  /// Whether a scalar belongs to an Arabic-script word: a letter or a mark of the Arabic
  /// blocks (not digits, punctuation or signs).
  @inline(__always)
  static func isWordScalar(_ value: UInt32) -> Bool {
    let offset = value &- 0x0600
    if offset < 0x100 {
      // The Arabic block as a 256-bit set: U+0621–U+065F, U+066E–U+06D3, U+06D5–U+06EF,
      // U+06FA–U+06FF.
      let bits: UInt64 =
        offset < 0x40
        ? 0xFFFF_FFFE_0000_0000
        : offset < 0x80
          ? 0xFFFF_C000_FFFF_FFFF
          : offset < 0xC0 ? 0xFFFF_FFFF_FFFF_FFFF : 0xFC00_FFFF_FFEF_FFFF
      return (bits >> UInt64(offset & 63)) & 1 != 0
    }
    return switch value {
    case 0x0621...0x065F, 0x066E...0x06D3, 0x06D5...0x06ED, 0x06EE...0x06EF, 0x06FA...0x06FF,
      0x0750...0x077F, 0x08A0...0x08FF:
      true
    default: false
    }
  }

  /// The end of the word that starts at `start`: letters and marks, and a ZWNJ or ZWJ
  /// between two of them.
  static func wordEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var index = start
    let count = bytes.count
    while index < count {
      let lead = bytes[index]
      // The Arabic block, U+0600–U+06FF, inline: most of a Persian or Arabic word.
      if lead >= 0xD8 && lead <= 0xDB && index + 1 < count {
        if isWordScalar(UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)) {
          index += 2
          continue
        }
        break
      }
      if lead < 0x80 { break }
      let (value, length) = decode(bytes, at: index)
      if isWordScalar(value) {
        index += length
        continue
      }
      if (value == 0x200C || value == 0x200D) && index + length < bytes.count {
        let (next, _) = decode(bytes, at: index + length)
        if isWordScalar(next) {
          index += length
          continue
        }
      }
      break
    }
    return index
  }

  /// Writes a word's UTF-16 code units (at most as many as its bytes), and tells how many
  /// and whether the word is certainly NFC: each
  /// code point has NFC_Quick_Check=Yes and the combining classes of marks never
  /// decrease (UAX #15's quick check, from a table of U+0000–U+2FFF).
  static func writeUTF16(_ word: UnsafeBufferPointer<UInt8>, to units: UnsafeMutablePointer<UInt16>)
    -> (count: Int, isNFC: Bool)
  {
    var isNFC = true
    var lastClass: UInt16 = 0
    var index = 0
    var count = 0
    let facts = nfcFacts
    while index < word.count {
      let (value, length) = decode(word, at: index)
      index += length
      if value < 0x10000 {
        units[count] = UInt16(truncatingIfNeeded: value)
        count += 1
      } else {
        units[count] = UInt16(truncatingIfNeeded: 0xD800 + ((value - 0x10000) >> 10))
        units[count + 1] = UInt16(truncatingIfNeeded: 0xDC00 + ((value - 0x10000) & 0x3FF))
        count += 2
      }
      guard value < 0x3000 else {
        isNFC = false
        continue
      }
      let fact = facts[Int(value)]
      let combining = fact & 0xFF
      if fact & 0x100 != 0 || (combining != 0 && combining < lastClass) { isNFC = false }
      lastClass = combining
    }
    return (count, isNFC)
  }

  /// Per code point of U+0000–U+2FFF: the canonical combining class, and 0x100 when
  /// NFC_Quick_Check is not Yes.
  nonisolated(unsafe) static let nfcFacts: UnsafePointer<UInt16> = {
    let table = UnsafeMutablePointer<UInt16>.allocate(capacity: 0x3000)
    for value in 0..<0x3000 {
      guard let scalar = Unicode.Scalar(UInt32(value)) else {
        table[value] = 0x100
        continue
      }
      let combining = UInt16(UnicodeNormalizer.nfc.combiningClass(of: scalar))
      table[value] = combining | (UnicodeProperties.nfcQuickCheck(scalar) == 1 ? 0 : 0x100)
    }
    return UnsafePointer(table)
  }()

  /// The ASCII character written for a Persian or Arabic-Indic digit or an Arabic
  /// punctuation mark.
  @inline(__always)
  static func asciiReplacement(_ value: UInt32) -> UInt8? {
    switch value {
    case 0x0660...0x0669: UInt8(0x30 + value - 0x0660)
    case 0x06F0...0x06F9: UInt8(0x30 + value - 0x06F0)
    case 0x060C, 0x066C: UInt8(ascii: ",")
    case 0x061B: UInt8(ascii: ";")
    case 0x061F: UInt8(ascii: "?")
    case 0x066A: UInt8(ascii: "%")
    case 0x066B, 0x06D4: UInt8(ascii: ".")
    default: nil
    }
  }

  /// Whether the two bytes at `index` are ة (U+0629, D8 A9) or the same letter as texts
  /// set in Urdu type write it, ۃ (U+06C3, DB 83).
  @inline(__always)
  private static func isTehMarbuta(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
    (bytes[index] == 0xD8 && bytes[index + 1] == 0xA9)
      || (bytes[index] == 0xDB && bytes[index + 1] == 0x83)
  }

  /// Whether the word in `word` is a noun in the construct state: it ends in ة or ۃ
  /// (before any harakat), does not start with the article, and is followed, after spaces, by an
  /// Arabic-script word other than بن, بنت and ابن.
  static func isConstruct(_ bytes: UnsafeBufferPointer<UInt8>, word: Range<Int>) -> Bool {
    // The last letter, skipping harakat (U+064B–U+065F, two bytes D9 8B–D9 9F).
    var last = word.upperBound
    while last - 2 >= word.lowerBound && bytes[last - 2] == 0xD9
      && (0x8B...0x9F).contains(bytes[last - 1])
    {
      last -= 2
    }
    guard last - 2 >= word.lowerBound, isTehMarbuta(bytes, at: last - 2) else { return false }
    // Definite: ال (D8 A7 D9 84) at the start.
    if word.count >= 4 && bytes[word.lowerBound] == 0xD8 && bytes[word.lowerBound + 1] == 0xA7
      && bytes[word.lowerBound + 2] == 0xD9 && bytes[word.lowerBound + 3] == 0x84
    {
      return false
    }
    var next = word.upperBound
    while next < bytes.count && bytes[next] == 0x20 { next += 1 }
    guard next > word.upperBound, next < bytes.count else { return false }
    let (value, _) = decode(bytes, at: next)
    guard isWordScalar(value) else { return false }
    let nextWord = UnsafeBufferPointer(rebasing: bytes[next..<wordEnd(bytes, from: next)])
    return !nameLinks.contains { $0.elementsEqual(nextWord) }
  }

  /// بن, بنت, ابن: a name follows, not a genitive (أسامة بن لادن is *Usama bin Ladin*).
  private static let nameLinks: [[UInt8]] = ["بن", "بنت", "ابن"].map { Array($0.utf8) }
}

/// The rule sets compiled for the Swift engine, once per process (compiling one takes a
/// millisecond or two), keyed by their text; nil for rules the engine does not run.
enum CompiledRulesCache {
  private static let compiledRules = Mutex<[String: CompiledRules?]>([:])

  static func compiled(_ rules: String) -> CompiledRules? {
    if let known = compiledRules.withLock({ $0[rules] }) { return known }
    let compiled = try? CompiledRules(rules)
    return compiledRules.withLock { table in
      if let known = table[rules] { return known }
      table[rules] = .some(compiled)
      return compiled
    }
  }
}
