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

/// What the mention finder needs to know about one word, computed once per distinct word
/// (words repeat, so a cache makes this cheap; see ``TokenCache``).
///
/// A class, so that the finder's inner loops pass references around instead of copying a
/// struct of arrays.
final class WordAnalysis {
  /// One way of reading the word as the start of a name: its canonical form after
  /// letters attached in front (Arabic-script `و ف ب ل ک`) are taken off.
  struct StartForm {
    /// The canonical form that remains.
    var form: [UInt8]
    /// How many letters were taken off the front (not counting an article, which belongs
    /// to the name).
    var prefixLetters: Int
    /// Whether a suffix was taken off the end.
    var suffix = false
    /// The patterns the form completes on its own, and whether a walk over the next words
    /// may go on from it: what the finder asks of every occurrence of the word, answered
    /// once with its analysis.
    var completed: [Int32]?
    var continues = false
  }

  /// The canonical form of the word inside a name: the `key` profile (case, diacritics,
  /// alef, yeh and kaf forms, ZWNJ and apostrophes).
  var canonical: [UInt8] = []
  /// The canonical form of the word at the start of a name: an Arabic-script article
  /// `ال` is taken off, so that Arabic `الجولاني` and Persian `جولانی` meet. (Inside a
  /// name the article stays: `أبو العبد` is not `أبو عبد`.)
  var initial: [UInt8] = []
  /// Where ZWNJ stood in the word, as offsets into `canonical`: a name may be split there
  /// (`خامنه‌ای` written `خامنه ای`).
  var softBreaks: [Int] = []
  /// Readings of the word as the start of a name, with attached letters taken off. Only
  /// those that begin or complete a pattern are kept.
  var startForms: [StartForm] = []
  /// The canonical form without a suffix after the last ZWNJ (`جولانی‌ها`) or an English
  /// possessive (`HTS’s`), when there is one.
  var withoutSuffix: [UInt8]?
  /// The same at the start of a name (article off).
  var initialWithoutSuffix: [UInt8]?
  /// The loose form (``NameToken/looseForm``) of a capitalized Latin word.
  var loose: [UInt8]?
  /// Whether the loose form begins or completes a loose pattern.
  var looseStarts = false
  /// How the word is capitalized; it chooses the patterns the word may begin.
  var caseShape = CaseShape.lower
  /// A Latin article standing alone (`al`, `el` in `al-Jolani`): skipped inside names.
  var isArticle = false
  /// A kinship particle (`Abu`, `bin`, `ابو`, `عبد`): a name may be written glued to
  /// it or apart (`ابومحمد`, `ابو محمد`).
  var isParticle = false
  /// Letters of two scripts (a Cyrillic `а` in a Latin word), or Arabic-only letters
  /// in a word with Persian-only letters: what the word was flagged for.
  var flag: String?
  /// Letters only Arabic uses (ي ك ى ة), and letters only Persian uses (پ چ ژ گ ک ی).
  var hasArabicOnlyLetters = false
  var hasPersianOnlyLetters = false

  /// Whether the word can begin a match at all: the common answer, no, costs one check.
  var canStart: Bool { !startForms.isEmpty || looseStarts }
}

/// Reads words into ``WordAnalysis`` values. Immutable; scratch state lives in
/// ``WordAnalyzer/Scratch``, one per thread.
struct WordAnalyzer: Sendable {
  private let keyNormalizer: TextNormalizer

  init() throws {
    keyNormalizer = try TextNormalizer.shared(profile: .key)
  }

  /// Per-thread state: the normalizer's workspace and a spoof checker of its own (ICU's
  /// checker must not be shared between threads).
  final class Scratch {
    let normalizerWorkspace = NormalizerWorkspace()
    let spoofChecker: SpoofChecker?
    var buffer: [UInt8] = []

    init() {
      spoofChecker = try? SpoofChecker()
    }
  }

  /// The `key` form of a word, bytes out.
  func key(_ word: UnsafeBufferPointer<UInt8>, scratch: Scratch) -> [UInt8] {
    scratch.buffer.removeAll(keepingCapacity: true)
    _ = keyNormalizer.normalizeLine(
      word, into: &scratch.buffer, workspace: scratch.normalizerWorkspace)
    // Apostrophes, hyphens and spaces never tell two names apart.
    return scratch.buffer.filter { $0 != 0x20 && $0 != 0x2D && $0 != 0x27 }
  }

  /// Analyzes one word of text (or of a term) against compiled patterns.
  func analyze(
    _ word: UnsafeBufferPointer<UInt8>, patterns: MentionPatterns?, scratch: Scratch
  ) -> WordAnalysis {
    let prepared = prepare(word, scratch: scratch)
    return analyze(word, prepared: prepared, patterns: patterns, scratch: scratch)
  }

  /// The first, cheap part of an analysis: the word's scripts and its key.
  struct Prepared {
    var scripts: ScriptMix
    var keyed: [UInt8]
    /// Whether words with this key and these scripts always analyze the same, whatever
    /// their raw bytes (harakat, tatweel, letter forms): true for Arabic-script words
    /// without ZWNJ, whose analysis reads nothing else of the raw word.
    var sharesAnalysisByKey: Bool
    /// The key and the script facts the analysis depends on, for a cache keyed by them.
    var sharingKey: [UInt8] {
      keyed + [(scripts.arabicOnly ? 1 : 0) | (scripts.persianOnly ? 2 : 0)]
    }
  }

  func prepare(_ word: UnsafeBufferPointer<UInt8>, scratch: Scratch) -> Prepared {
    var scripts = ScriptMix()
    var index = 0
    var hasZWNJ = false
    while index < word.count {
      let (value, length) = UTF8Decoding.decode(word, at: index)
      if let scalar = Unicode.Scalar(value) { scripts.add(scalar) }
      if value == 0x200C { hasZWNJ = true }
      index += max(length, 1)
    }
    let keyed = key(word, scratch: scratch)
    let shares =
      scripts.arabic && !scripts.latin && !scripts.cyrillic && !scripts.greek && !hasZWNJ
    return Prepared(scripts: scripts, keyed: keyed, sharesAnalysisByKey: shares)
  }

  /// Analyzes one word whose scripts and key are known.
  func analyze(
    _ word: UnsafeBufferPointer<UInt8>, prepared: Prepared, patterns: MentionPatterns?,
    scratch: Scratch
  ) -> WordAnalysis {
    let analysis = WordAnalysis()
    let scripts = prepared.scripts
    analysis.hasArabicOnlyLetters = scripts.arabicOnly
    analysis.hasPersianOnlyLetters = scripts.persianOnly
    var keyed = prepared.keyed
    if scripts.latin && (scripts.cyrillic || scripts.greek),
      let checker = scratch.spoofChecker,
      let skeleton = try? checker.skeleton(String(decoding: word, as: UTF8.self))
    {
      // Confusable letters of another script inside a Latin word: read the word as the
      // Latin letters it imitates, and say so.
      var skeletonBytes = Array(skeleton.utf8)
      keyed = skeletonBytes.withUnsafeMutableBufferPointer {
        key(UnsafeBufferPointer($0), scratch: scratch)
      }
      analysis.flag =
        "mixed scripts (\(scripts.names.joined(separator: " and ")) letters in one word)"
    } else if scripts.persianOnly && scripts.arabicOnly {
      analysis.flag = "Arabic and Persian letters mixed in one word"
    }
    analysis.canonical = keyed
    analysis.initial = Self.withoutArticle(keyed)
    analysis.caseShape = scripts.latin ? CaseShape.of(word) : .lower
    if scripts.latin {
      // Lengths first: most words are neither, and hashing an array costs more.
      analysis.isArticle = keyed.count == 2 && Self.latinArticles.contains(keyed)
      analysis.isParticle = (3...5).contains(keyed.count) && Self.latinParticles.contains(keyed)
      if let last = word.last, word.count > 2 {
        // HTS's, HTS’s: the possessive is not part of the name.
        let bytes = Array(word)
        if last == UInt8(ascii: "s") || last == UInt8(ascii: "S") {
          if bytes[bytes.count - 2] == 0x27 {
            analysis.withoutSuffix = key(word.extracting(..<(word.count - 2)), scratch: scratch)
          } else if bytes.count > 4, bytes[bytes.count - 4...bytes.count - 2] == [0xE2, 0x80, 0x99]
          {
            analysis.withoutSuffix = key(word.extracting(..<(word.count - 4)), scratch: scratch)
          }
        }
      }
      let capitalized = word.first.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
      if capitalized == true || analysis.isParticle {
        let loose = NameReader.looseForm(ofKeyedLatinWord: String(decoding: keyed, as: UTF8.self))
        if !loose.isEmpty { analysis.loose = Array(loose.utf8) }
      }
    } else if scripts.arabic {
      analysis.isParticle = keyed.count <= 6 && Self.arabicParticles.contains(keyed)
      // جولانی‌ها: a suffix after the last ZWNJ; every ZWNJ is a place a name may break.
      var offset = 0
      while let zwnj = Self.nextZWNJ(in: word, from: offset) {
        if zwnj > 0 {
          let before = key(word.extracting(..<zwnj), scratch: scratch)
          analysis.softBreaks.append(before.count)
          analysis.withoutSuffix = before
        }
        offset = zwnj + 3
      }
    }
    analysis.initialWithoutSuffix = analysis.withoutSuffix.map(Self.withoutArticle)
    guard let patterns else { return analysis }
    var forms: [WordAnalysis.StartForm] = []
    if !analysis.isArticle {
      forms.append(.init(form: analysis.initial, prefixLetters: 0))
      if let shorter = analysis.initialWithoutSuffix {
        forms.append(.init(form: shorter, prefixLetters: 0, suffix: true))
      }
    }
    if scripts.arabic {
      for (form, letters) in Self.prefixReadings(keyed) {
        forms.append(.init(form: form, prefixLetters: letters))
      }
    }
    let exact = patterns.exact(for: analysis.caseShape)
    analysis.startForms = forms.compactMap { reading in
      guard !reading.form.isEmpty else { return nil }
      var reading = reading
      reading.completed = exact.patterns(completedBy: reading.form)
      // A walk from the word goes on after a particle as the word is one (letters taken
      // off or not); the word begins a name only as a particle without letters taken off.
      reading.continues = exact.continues(reading.form, afterParticle: analysis.isParticle)
      let beginsAsParticle = analysis.isParticle && reading.prefixLetters == 0
      let begins =
        beginsAsParticle == analysis.isParticle
        ? reading.continues : exact.continues(reading.form, afterParticle: beginsAsParticle)
      return reading.completed != nil || begins ? reading : nil
    }
    if let loose = analysis.loose {
      analysis.looseStarts = patterns.loose.beginsOrCompletes(
        loose, isParticle: analysis.isParticle)
    }
    return analysis
  }

  // MARK: Arabic-script affixes

  private static let lam: [UInt8] = Array("ل".utf8)
  private static let article: [UInt8] = Array("ال".utf8)
  private static let conjunctions: [[UInt8]] = [Array("و".utf8), Array("ف".utf8)]
  private static let prepositions: [[UInt8]] = [
    Array("ب".utf8), Array("ل".utf8), Array("ک".utf8), Array("ك".utf8),
  ]
  // The lists with "none" first, and لل, built once: prefixReadings runs for every new
  // word of a text.
  private static let conjunctionsOrNone: [[UInt8]] = [[]] + conjunctions
  private static let prepositionsOrNone: [[UInt8]] = [[]] + prepositions
  private static let doubleLam: [UInt8] = lam + lam

  /// A word's key without a leading article `ال`, when at least three letters remain
  /// (`الله` keeps it).
  static func withoutArticle(_ key: [UInt8]) -> [UInt8] {
    guard key.starts(with: article), letterCount(key) - 2 >= 3 else { return key }
    return Array(key.dropFirst(article.count))
  }

  /// The readings of a word with attached letters taken off its front: a conjunction
  /// (`و ف`), then a preposition (`ب ل ک`), then the article, or `لل` (`ل` + `ال`).
  /// Each reading keeps at least three letters.
  static func prefixReadings(_ key: [UInt8]) -> [([UInt8], Int)] {
    // Every prefix letter is two bytes of UTF-8 starting D9 (و ف ل) or D8 (ب) or DA/DB (ک);
    // a word that starts with none of them has no reading (the common case, no allocation).
    guard key.count >= 8, let first = key.first, first == 0xD9 || first == 0xD8 || first == 0xDA
    else { return [] }
    var readings: [([UInt8], Int)] = []
    for conjunction in conjunctionsOrNone {
      guard key.starts(with: conjunction) else { continue }
      let afterConjunction = key[conjunction.count...]
      let conjunctionLetters = conjunction.isEmpty ? 0 : 1
      for preposition in prepositionsOrNone {
        guard !(conjunction.isEmpty && preposition.isEmpty),
          afterConjunction.starts(with: preposition)
        else { continue }
        let rest = Array(afterConjunction.dropFirst(preposition.count))
        guard letterCount(rest) >= 3 else { continue }
        readings.append((withoutArticle(rest), conjunctionLetters + (preposition.isEmpty ? 0 : 1)))
      }
      // لل: the preposition ل before the article, whose alef is not written.
      if afterConjunction.starts(with: doubleLam) {
        let rest = Array(afterConjunction.dropFirst(doubleLam.count))
        if letterCount(rest) >= 3 { readings.append((rest, conjunctionLetters + 1)) }
      }
    }
    return readings
  }

  private static func letterCount(_ bytes: [UInt8]) -> Int {
    bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
  }

  private static func nextZWNJ(in word: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    var index = start
    while index + 2 < word.count {
      if word[index] == 0xE2 && word[index + 1] == 0x80 && word[index + 2] == 0x8C { return index }
      index += 1
    }
    return nil
  }

  static let arabicParticles: Set<[UInt8]> = Set(
    ["ابو", "ابن", "بن", "بنت", "عبد", "ام"].map { Array($0.utf8) })

  static let latinArticles: Set<[UInt8]> = Set(["al", "el", "ul", "il"].map { Array($0.utf8) })
  static let latinParticles: Set<[UInt8]> = Set(
    ["abu", "abou", "abo", "bin", "ibn", "ben", "bint", "abd", "abdul", "abdel"].map {
      Array($0.utf8)
    })
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

  mutating func add(_ scalar: Unicode.Scalar) {
    switch scalar.value {
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

  var names: [String] {
    [(latin, "Latin"), (cyrillic, "Cyrillic"), (greek, "Greek")].filter(\.0).map(\.1)
  }
}
