import TarjumanICU
import TarjumanNames
import TarjumanText

/// How a Latin word is capitalized: English writes names capitalized and abbreviations in
/// capitals, so `is` is not `IS` and `world` is not `World`.
enum CaseShape: Int, Comparable, Sendable {
  /// No Latin letters (Arabic script, digits), or a lowercase first letter.
  case lower = 0
  /// A capital first letter (`Jolani`).
  case capitalized = 1
  /// Two letters or more, all capitals (`HTS`, `IRGC`).
  case allCaps = 2

  static func < (lhs: CaseShape, rhs: CaseShape) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The shape of a word's bytes (ASCII letters decide; other letters count as lowercase).
  static func of(_ word: UnsafeBufferPointer<UInt8>) -> CaseShape {
    var letters = 0
    var capitals = 0
    var firstIsCapital = false
    for byte in word {
      let isCapital = byte >= 0x41 && byte <= 0x5A
      let isSmall = byte >= 0x61 && byte <= 0x7A
      guard isCapital || isSmall else { continue }
      if letters == 0 { firstIsCapital = isCapital }
      letters += 1
      if isCapital { capitals += 1 }
    }
    // HTS’s: a possessive s after capitals is still an abbreviation.
    if letters >= 2
      && (capitals == letters || (capitals == letters - 1 && word.last == 0x73 && capitals >= 2))
    {
      return .allCaps
    }
    return firstIsCapital ? .capitalized : .lower
  }
}

/// Bytes in a ``WordStore``'s arena: where they start and how many (-1: none at all, as
/// opposed to an empty form).
struct ByteSpan: BitwiseCopyable {
  var start: Int32
  var count: Int32

  static let none = ByteSpan(start: 0, count: -1)
  var exists: Bool { count >= 0 }
}

/// What the mention finder needs to know about one word of text, computed once per
/// distinct word (words repeat, so a cache makes this cheap; see ``TokenCache``).
///
/// Plain values in a per-thread ``WordStore``: forms are spans of its byte arena, the
/// readings that may start a name are a run of its start forms. Nothing is allocated for
/// a word, and the finder's walks over words do no reference counting.
struct WordInfo: BitwiseCopyable {
  /// The canonical form of the word inside a name: the `key` profile (case, diacritics,
  /// alef, yeh and kaf forms, ZWNJ and apostrophes).
  var canonical: ByteSpan
  /// The canonical form without a suffix after the last ZWNJ (`جولانی‌ها`) or an English
  /// possessive (`HTS’s`), when there is one.
  var withoutSuffix: ByteSpan
  /// The loose form (``NameToken/looseForm``) of a capitalized Latin word.
  var loose: ByteSpan
  /// Readings of the word as the start of a name (``StartForm``): `formCount` of them from
  /// `firstForm` in the store. Only those that begin or complete a pattern are kept.
  var firstForm: Int32
  var formCount: UInt8
  /// How the word is capitalized (a ``CaseShape``); it chooses the patterns the word may
  /// begin.
  var caseShape: UInt8
  /// ``WordInfo/Bits``.
  var bits: UInt8
  /// What the word was flagged for (``WordAnalyzer/flagText(_:)``), 0 for nothing.
  var flag: UInt8

  enum Bits {
    /// A Latin article standing alone (`al`, `el` in `al-Jolani`): skipped inside names.
    static let article: UInt8 = 1
    /// A kinship particle (`Abu`, `bin`, `ابو`, `عبد`): a name may be written glued to
    /// it or apart (`ابومحمد`, `ابو محمد`).
    static let particle: UInt8 = 2
    /// The loose form begins or completes a loose pattern.
    static let looseStarts: UInt8 = 4
    /// Letters only Arabic uses (ي ك ى ة).
    static let arabicOnly: UInt8 = 8
    /// Letters only Persian uses (پ چ ژ گ ک ی).
    static let persianOnly: UInt8 = 16
  }

  @inline(__always) var isArticle: Bool { bits & Bits.article != 0 }
  @inline(__always) var isParticle: Bool { bits & Bits.particle != 0 }
  @inline(__always) var looseStarts: Bool { bits & Bits.looseStarts != 0 }
  @inline(__always) var hasArabicOnlyLetters: Bool { bits & Bits.arabicOnly != 0 }
  @inline(__always) var hasPersianOnlyLetters: Bool { bits & Bits.persianOnly != 0 }

  /// Whether the word can begin a match at all: the common answer, no, costs one check.
  @inline(__always) var canStart: Bool { formCount > 0 || looseStarts }
}

/// One way of reading a word as the start of a name: its canonical form after letters
/// attached in front (Arabic-script `و ف ب ل ک`) and an article are taken off.
struct StartForm: BitwiseCopyable {
  /// The canonical form that remains (a part of the word's canonical form, or of its form
  /// without suffix).
  var form: ByteSpan
  /// The patterns the form completes on its own (an owner in the word's ``PatternSet``,
  /// -1 for none): what the finder asks of every occurrence of the word, answered once.
  var completed: Int32
  /// How many letters were taken off the front (not counting an article, which belongs
  /// to the name).
  var prefixLetters: UInt8
  /// Whether a suffix was taken off the end.
  var suffix: Bool
  /// Whether a walk over the next words may go on from the form.
  var continues: Bool
}

/// The words one thread has read: ``WordInfo`` values, their start forms and their bytes.
/// A value over raw buffers, held by one workspace, which frees it.
struct WordStore {
  var infos = RawBuffer<WordInfo>(capacity: 1 << 12)
  var forms = RawBuffer<StartForm>(capacity: 1 << 10)
  var bytes = RawBuffer<UInt8>(capacity: 1 << 15)

  func deallocate() {
    infos.free()
    forms.free()
    bytes.free()
  }

  mutating func removeAll() {
    infos.removeAll()
    forms.removeAll()
    bytes.removeAll()
  }

  /// How many values each buffer holds.
  struct Marks {
    var infos: Int
    var forms: Int
    var bytes: Int
  }

  var marks: Marks { Marks(infos: infos.count, forms: forms.count, bytes: bytes.count) }

  /// Forgets what was appended after `marks`.
  mutating func truncate(to marks: Marks) {
    infos.truncate(to: marks.infos)
    forms.truncate(to: marks.forms)
    bytes.truncate(to: marks.bytes)
  }

  @inline(__always)
  func bytes(_ span: ByteSpan) -> UnsafeBufferPointer<UInt8> {
    bytes.buffer(Int(span.start), Int(span.count))
  }

  @inline(__always)
  mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) -> ByteSpan {
    let start = Int32(bytes.count)
    bytes.append(contentsOf: buffer)
    return ByteSpan(start: start, count: Int32(buffer.count))
  }
}

/// A word of a glossary term, read as the pattern compiler needs it.
struct TermWord {
  var canonical: [UInt8]
  /// The canonical form at the start of a name: an Arabic-script article `ال` is taken
  /// off, so that Arabic `الجولاني` and Persian `جولانی` meet. (Inside a name the article
  /// stays: `أبو العبد` is not `أبو عبد`.)
  var initial: [UInt8]
  /// Where ZWNJ stood in the word, as offsets into `canonical`: a name may be split there
  /// (`خامنه‌ای` written `خامنه ای`).
  var softBreaks: [Int]
  var loose: [UInt8]?
  var caseShape: CaseShape
  var isArticle: Bool
}

/// Reads words into ``WordInfo`` values (text) and ``TermWord`` values (terms).
/// Immutable; scratch state lives in ``WordAnalyzer/Scratch``, one per thread.
struct WordAnalyzer: Sendable {
  private let keyNormalizer: TextNormalizer

  init() throws {
    keyNormalizer = try TextNormalizer.shared(profile: .key)
  }

  /// Per-thread state: the normalizer's workspace, buffers, and a spoof checker of its own
  /// (ICU's checker must not be shared between threads), made when first needed.
  final class Scratch {
    let normalizerWorkspace = NormalizerWorkspace()
    private var checker: SpoofChecker??
    // `@exclusivity(unchecked)`: a scratch belongs to one thread, and the runtime's check
    // of each access was asked for every word read.
    /// The word's key.
    @exclusivity(unchecked) var key: [UInt8] = []
    /// The key of the word without its suffix.
    @exclusivity(unchecked) var suffixKey: [UInt8] = []
    /// Start forms before they are checked against the patterns.
    @exclusivity(unchecked) var readings:
      [(start: Int, count: Int, prefixLetters: Int, suffix: Bool)] = []

    init() {}

    var spoofChecker: SpoofChecker? {
      if let checker { return checker }
      let made = try? SpoofChecker()
      checker = .some(made)
      return made
    }
  }

  /// The `key` form of a word into `output` (emptied first): the key profile, then
  /// apostrophes, hyphens and spaces removed (they never tell two names apart).
  func key(_ word: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], scratch: Scratch) {
    output.removeAll(keepingCapacity: true)
    _ = keyNormalizer.normalizeLine(word, into: &output, workspace: scratch.normalizerWorkspace)
    let kept = output.withUnsafeMutableBufferPointer { buffer -> Int in
      var kept = 0
      for index in 0..<buffer.count {
        let byte = buffer[index]
        if byte != 0x20 && byte != 0x2D && byte != 0x27 {
          buffer[kept] = byte
          kept &+= 1
        }
      }
      return kept
    }
    if kept < output.count { output.removeLast(output.count - kept) }
  }

  /// The `key` form of a word.
  func key(_ word: UnsafeBufferPointer<UInt8>, scratch: Scratch) -> [UInt8] {
    var output: [UInt8] = []
    key(word, into: &output, scratch: scratch)
    return output
  }

  /// What reading a word's scripts and key finds: the key itself is in `scratch.key`, the
  /// key without a suffix (when `hasSuffix`) in `scratch.suffixKey`.
  struct Facts {
    var scripts = ScriptMix()
    var flag: UInt8 = 0
    var caseShape = CaseShape.lower
    var isArticle = false
    var isParticle = false
    var hasSuffix = false
    var loose: [UInt8]?
  }

  /// Reads a word's scripts and key, and what depends on them only.
  func facts(_ word: UnsafeBufferPointer<UInt8>, scratch: Scratch) -> Facts {
    var facts = Facts()
    var scripts = ScriptMix()
    var index = 0
    let count = word.count
    while index < count {
      let lead = word[index]
      if lead < 0x80 {
        scripts.addASCII(lead)
        index &+= 1
        continue
      }
      let (value, length) = Self.decode(word, at: index)
      scripts.add(value)
      index &+= length
    }
    key(word, into: &scratch.key, scratch: scratch)
    if scripts.latin && (scripts.cyrillic || scripts.greek),
      let checker = scratch.spoofChecker,
      let skeleton = try? checker.skeleton(String(decoding: word, as: UTF8.self))
    {
      // Confusable letters of another script inside a Latin word: read the word as the
      // Latin letters it imitates, and say so.
      var skeletonBytes = Array(skeleton.utf8)
      skeletonBytes.withUnsafeMutableBufferPointer {
        key(UnsafeBufferPointer($0), into: &scratch.key, scratch: scratch)
      }
      facts.flag = Self.mixedScripts | (scripts.cyrillic ? 2 : 0) | (scripts.greek ? 4 : 0)
    } else if scripts.persianOnly && scripts.arabicOnly {
      facts.flag = Self.arabicAndPersian
    }
    facts.scripts = scripts
    let keyed = scratch.key
    if scripts.latin {
      facts.caseShape = CaseShape.of(word)
      // Lengths first: most words are neither, and hashing an array costs more.
      facts.isArticle = keyed.count == 2 && Self.isOneOf(keyed, Self.latinArticleList)
      facts.isParticle =
        (3...5).contains(keyed.count) && Self.isOneOf(keyed, Self.latinParticleList)
      if let last = word.last, count > 2, last == UInt8(ascii: "s") || last == UInt8(ascii: "S") {
        // HTS's, HTS’s: the possessive is not part of the name.
        if word[count - 2] == 0x27 {
          key(word.extracting(..<(count - 2)), into: &scratch.suffixKey, scratch: scratch)
          facts.hasSuffix = true
        } else if count > 4, word[count - 4] == 0xE2, word[count - 3] == 0x80,
          word[count - 2] == 0x99
        {
          key(word.extracting(..<(count - 4)), into: &scratch.suffixKey, scratch: scratch)
          facts.hasSuffix = true
        }
      }
      let capitalized = word[0] >= UInt8(ascii: "A") && word[0] <= UInt8(ascii: "Z")
      if capitalized || facts.isParticle {
        let loose = keyed.withUnsafeBufferPointer { NameReader.looseForm(ofKeyedLatinWord: $0) }
        if !loose.isEmpty { facts.loose = loose }
      }
    } else if scripts.arabic {
      facts.isParticle = keyed.count <= 6 && Self.isOneOf(keyed, Self.arabicParticleList)
      // جولانی‌ها: a suffix after the last ZWNJ (not at the very start).
      if let zwnj = Self.lastZWNJ(in: word) {
        key(word.extracting(..<zwnj), into: &scratch.suffixKey, scratch: scratch)
        facts.hasSuffix = true
      }
    }
    return facts
  }

  /// Reads a word of a term, as the pattern compiler needs it.
  func termWord(_ word: UnsafeBufferPointer<UInt8>, scratch: Scratch) -> TermWord {
    let facts = facts(word, scratch: scratch)
    var softBreaks: [Int] = []
    if !facts.scripts.latin && facts.scripts.arabic {
      // Every ZWNJ is a place a name may break.
      var offset = 0
      while let zwnj = Self.nextZWNJ(in: word, from: offset) {
        if zwnj > 0 { softBreaks.append(key(word.extracting(..<zwnj), scratch: scratch).count) }
        offset = zwnj + 3
      }
    }
    let keyed = scratch.key
    return TermWord(
      canonical: keyed, initial: Array(keyed[Self.articleLength(keyed)...]),
      softBreaks: softBreaks, loose: facts.loose, caseShape: facts.caseShape,
      isArticle: facts.isArticle)
  }

  /// Reads a word of text into `store` and returns its position there.
  func read(
    _ word: UnsafeBufferPointer<UInt8>, patterns: MentionPatterns, into store: inout WordStore,
    scratch: Scratch
  ) -> Int32 {
    let facts = facts(word, scratch: scratch)
    var info = WordInfo(
      canonical: .none, withoutSuffix: .none, loose: .none, firstForm: Int32(store.forms.count),
      formCount: 0, caseShape: UInt8(facts.caseShape.rawValue), bits: 0, flag: facts.flag)
    if facts.isArticle { info.bits |= WordInfo.Bits.article }
    if facts.isParticle { info.bits |= WordInfo.Bits.particle }
    if facts.scripts.arabicOnly { info.bits |= WordInfo.Bits.arabicOnly }
    if facts.scripts.persianOnly { info.bits |= WordInfo.Bits.persianOnly }
    let keyed = scratch.key
    info.canonical = keyed.withUnsafeBufferPointer { store.append($0) }
    // Readings, as spans of the canonical form (or of the form without suffix): each is
    // what remains after letters in front, so a part that ends where the form ends.
    // Taken out of the scratch rather than copied: a copy shares the buffer, and emptying
    // a shared buffer allocates another (one allocation per new word).
    var readings: [(start: Int, count: Int, prefixLetters: Int, suffix: Bool)] = []
    swap(&readings, &scratch.readings)
    readings.removeAll(keepingCapacity: true)
    let canonicalStart = Int(info.canonical.start)
    if !facts.isArticle {
      let article = Self.articleLength(keyed)
      readings.append((canonicalStart + article, keyed.count - article, 0, false))
    }
    if facts.hasSuffix {
      let shorter = scratch.suffixKey
      info.withoutSuffix = shorter.withUnsafeBufferPointer { store.append($0) }
      if !facts.isArticle {
        let article = Self.articleLength(shorter)
        readings.append(
          (Int(info.withoutSuffix.start) + article, shorter.count - article, 0, true))
      }
    }
    if facts.scripts.arabic {
      keyed.withUnsafeBufferPointer { key in
        Self.prefixReadings(key) { offset, letters in
          readings.append((canonicalStart + offset, key.count - offset, letters, false))
        }
      }
    }
    if let loose = facts.loose {
      info.loose = loose.withUnsafeBufferPointer { store.append($0) }
    }
    let exact = patterns.exact(for: facts.caseShape)
    let isParticle = facts.isParticle
    for reading in readings where reading.count > 0 {
      let form = store.bytes.buffer(reading.start, reading.count)
      let found = exact.lookup(form)
      let completed = found.owner
      // A walk from the word goes on after a particle as the word is one (letters taken
      // off or not); the word begins a name only as a particle without letters taken off.
      let continues = isParticle ? exact.isProperPrefix(form) : found.breakPrefix
      let beginsAsParticle = isParticle && reading.prefixLetters == 0
      let begins = beginsAsParticle == isParticle ? continues : found.breakPrefix
      guard completed >= 0 || begins else { continue }
      store.forms.append(
        StartForm(
          form: ByteSpan(start: Int32(reading.start), count: Int32(reading.count)),
          completed: completed, prefixLetters: UInt8(reading.prefixLetters),
          suffix: reading.suffix, continues: continues))
      info.formCount += 1
    }
    swap(&readings, &scratch.readings)
    if info.loose.exists,
      patterns.loose.beginsOrCompletes(store.bytes(info.loose), isParticle: isParticle)
    {
      info.bits |= WordInfo.Bits.looseStarts
    }
    store.infos.append(info)
    return Int32(store.infos.count - 1)
  }

  // MARK: Flags

  private static let mixedScripts: UInt8 = 1
  private static let arabicAndPersian: UInt8 = 8

  /// What a word was flagged for, by its code in ``WordInfo/flag``.
  static func flagText(_ code: UInt8) -> String? {
    if code == 0 { return nil }
    if code == arabicAndPersian { return "Arabic and Persian letters mixed in one word" }
    let names = ["Latin"] + (code & 2 != 0 ? ["Cyrillic"] : []) + (code & 4 != 0 ? ["Greek"] : [])
    return "mixed scripts (\(names.joined(separator: " and ")) letters in one word)"
  }

  // MARK: Arabic-script affixes

  /// The length of a leading article `ال` in a key, when at least three letters remain
  /// without it (`الله` keeps it); else 0.
  static func articleLength(_ key: [UInt8]) -> Int {
    key.withUnsafeBufferPointer { articleLength($0) }
  }

  @inline(__always)
  static func articleLength(_ key: UnsafeBufferPointer<UInt8>) -> Int {
    // ال is D8 A7 D9 84.
    guard key.count >= 4, key[0] == 0xD8, key[1] == 0xA7, key[2] == 0xD9, key[3] == 0x84,
      letterCount(key) - 2 >= 3
    else { return 0 }
    return 4
  }

  /// The readings of a word with attached letters taken off its front: a conjunction
  /// (`و ف`), then a preposition (`ب ل ک`), then the article, or `لل` (`ل` + `ال`). Each
  /// reading keeps at least three letters; `body` gets where it starts in the key and the
  /// letters taken off (the article not counted).
  static func prefixReadings(
    _ key: UnsafeBufferPointer<UInt8>, _ body: (_ offset: Int, _ letters: Int) -> Void
  ) {
    // Every prefix letter is two bytes of UTF-8 starting D9 (و ف ل) or D8 (ب) or DA/DB (ک);
    // a word that starts with none of them has no reading (the common case).
    guard key.count >= 8, key[0] == 0xD9 || key[0] == 0xD8 || key[0] == 0xDA else { return }
    for conjunction in conjunctionsOrNone {
      guard starts(key, at: 0, with: conjunction) else { continue }
      let afterConjunction = conjunction.count
      let conjunctionLetters = conjunction.isEmpty ? 0 : 1
      for preposition in prepositionsOrNone {
        guard !(conjunction.isEmpty && preposition.isEmpty),
          starts(key, at: afterConjunction, with: preposition)
        else { continue }
        let restStart = afterConjunction + preposition.count
        let rest = UnsafeBufferPointer(rebasing: key[restStart...])
        guard letterCount(rest) >= 3 else { continue }
        body(
          restStart + articleLength(rest), conjunctionLetters + (preposition.isEmpty ? 0 : 1))
      }
      // لل: the preposition ل before the article, whose alef is not written.
      if starts(key, at: afterConjunction, with: doubleLam) {
        let restStart = afterConjunction + doubleLam.count
        if letterCount(UnsafeBufferPointer(rebasing: key[restStart...])) >= 3 {
          body(restStart, conjunctionLetters + 1)
        }
      }
    }
  }

  @inline(__always)
  private static func starts(
    _ key: UnsafeBufferPointer<UInt8>, at offset: Int, with prefix: [UInt8]
  )
    -> Bool
  {
    guard key.count - offset >= prefix.count else { return false }
    for index in 0..<prefix.count where key[offset + index] != prefix[index] { return false }
    return true
  }

  private static let lam: [UInt8] = Array("ل".utf8)
  private static let conjunctions: [[UInt8]] = [Array("و".utf8), Array("ف".utf8)]
  private static let prepositions: [[UInt8]] = [
    Array("ب".utf8), Array("ل".utf8), Array("ک".utf8), Array("ك".utf8),
  ]
  // The lists with "none" first, and لل, built once: prefixReadings runs for every new
  // word of a text.
  private static let conjunctionsOrNone: [[UInt8]] = [[]] + conjunctions
  private static let prepositionsOrNone: [[UInt8]] = [[]] + prepositions
  private static let doubleLam: [UInt8] = lam + lam

  @inline(__always)
  static func letterCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var letters = 0
    for byte in bytes where byte & 0xC0 != 0x80 { letters &+= 1 }
    return letters
  }

  private static func nextZWNJ(in word: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    var index = start
    while index + 2 < word.count {
      if word[index] == 0xE2 && word[index + 1] == 0x80 && word[index + 2] == 0x8C { return index }
      index += 1
    }
    return nil
  }

  /// Where the last ZWNJ after the first byte starts.
  private static func lastZWNJ(in word: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = word.count - 3
    while index > 0 {
      if word[index] == 0xE2 && word[index + 1] == 0x80 && word[index + 2] == 0x8C { return index }
      index -= 1
    }
    return nil
  }

  /// The scalar at `index` of valid UTF-8 (the splitter checked it) and its length.
  @inline(__always)
  private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
    let lead = UInt32(bytes[index])
    if lead < 0xE0 {
      return ((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2)
    }
    if lead < 0xF0 {
      return (
        (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6
          | UInt32(bytes[index + 2] & 0x3F), 3
      )
    }
    return (
      (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
        | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F), 4
    )
  }

  // Short lists, compared directly: hashing an array for a set costs more than the few
  // comparisons of equal lengths.
  static let arabicParticleList: [[UInt8]] = ["ابو", "ابن", "بن", "بنت", "عبد", "ام"].map {
    Array($0.utf8)
  }
  static let latinArticleList: [[UInt8]] = ["al", "el", "ul", "il"].map { Array($0.utf8) }
  static let latinParticleList: [[UInt8]] = [
    "abu", "abou", "abo", "bin", "ibn", "ben", "bint", "abd", "abdul", "abdel",
  ].map { Array($0.utf8) }

  /// Whether `key` is one of `list`.
  static func isOneOf(_ key: [UInt8], _ list: [[UInt8]]) -> Bool {
    list.contains { $0.count == key.count && $0 == key }
  }
}

/// Which scripts' letters a word holds.
struct ScriptMix {
  var latin = false
  var cyrillic = false
  var greek = false
  var arabic = false
  /// پ چ ژ گ ک ی: letters Arabic does not use.
  var persianOnly = false
  /// ي ك ى ة: letters Persian does not use.
  var arabicOnly = false

  @inline(__always)
  mutating func addASCII(_ byte: UInt8) {
    if (byte | 0x20) &- 0x61 < 26 { latin = true }
  }

  mutating func add(_ value: UInt32) {
    switch value {
    case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: latin = true
    case 0x400...0x4FF: cyrillic = true
    case 0x370...0x3FF: greek = true
    case 0x67E, 0x686, 0x698, 0x6AF, 0x6A9, 0x6CC:
      arabic = true
      persianOnly = true
    case 0x64A, 0x643, 0x649, 0x629:
      arabic = true
      arabicOnly = true
    case 0x600...0x6FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: arabic = true
    default: break
    }
  }
}
