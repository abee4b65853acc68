import Foundation
import TarjumanICU
import TarjumanText

/// The general words names are made of (*Democratic*, *Forces*, *Gulf*, *Syrian*), with
/// their English, Persian and Arabic forms, so that a name translated word by word still
/// matches: `Syrian Democratic Forces` = `قوات سوريا الديمقراطية` = `نیروهای دموکراتیک
/// سوریه`.
///
/// Each line of the word list is one meaning: a general word (*Forces*), the name of a
/// country or people (*Syria*, *Syrian*), a title or a function word. ``NameSimilarity`` lets two words of one
/// meaning pair at ``translationSimilarity``, as good as a close transliteration and
/// below an exact one; the words not in the list are compared by sound as before. Titles
/// (*King*, *Sheikh*, `امام`) and function words (*of*, *the*, `و`) weigh little and
/// cost nothing when the other name leaves them out.
///
/// The shipped list is `Sources/TarjumanNames/Lexicon/name-words.txt` (its header gives
/// the format); ``init(text:)`` reads another.
public struct NameLexicon: Sendable {
  /// What part a word plays in a name.
  public enum Role: UInt8, Sendable {
    /// A word of the name proper.
    case word
    /// A title (*King*, *Sheikh*, *Imam*): weighs little and may be left out.
    case title
    /// A function word (*of*, *the*, *and*): weighs little and may be left out.
    case functionWord
  }

  /// What the lexicon says about one word.
  public struct Entry: Sendable, Hashable {
    /// The meanings (lines of the list) the word is a form of, in ascending order.
    public var meanings: [UInt16]
    /// The word's role.
    public var role: Role
    /// Whether the word is a general word (*Forces*, *State*) rather than the name of a
    /// country or people (*Syria*, *Kurdish*).
    public var isGeneral: Bool
  }

  /// A problem in the text of a word list.
  public struct FormatError: Error, CustomStringConvertible {
    /// The line, counting from 1.
    public var line: Int
    /// What is wrong.
    public var message: String

    public var description: String { "line \(line): \(message)" }
  }

  /// How alike two words of one meaning count: as a close transliteration, so that the
  /// exact name still ranks first.
  public static let translationSimilarity = 0.92

  /// Form (as ``NameToken/text``) → meanings.
  private let forms: [String: [UInt16]]
  /// Stem of a form (``suffixStems(of:)``) → meanings.
  private let stemmedForms: [String: [UInt16]]
  private let roles: [Role]
  /// Whether each meaning is a general word (section `[words]`).
  private let general: [Bool]
  /// The English forms of each meaning, for explanations.
  private let glosses: [String]
  /// A hash of the list, for caches of what was computed with it.
  package let fingerprint: UInt64

  /// The number of meanings.
  public var count: Int { roles.count }

  /// A lexicon from tables saved by an earlier process.
  init(tables: LexiconTables) {
    forms = tables.forms
    stemmedForms = tables.stemmedForms
    roles = tables.roles
    general = tables.general
    glosses = tables.glosses
    fingerprint = tables.fingerprint
  }

  /// What the lexicon is made of, for saving it.
  var tables: LexiconTables {
    LexiconTables(
      forms: forms, stemmedForms: stemmedForms, roles: roles, general: general,
      glosses: glosses, fingerprint: fingerprint)
  }

  /// Reads a word list (see the header of `name-words.txt` for the format).
  ///
  /// - Throws: ``FormatError`` for a line that is not three columns, a form that is not
  ///   one word, or an unknown section; `ICUError` when ICU's normalization data cannot be
  ///   loaded.
  public init(text: String) throws {
    let reader = try NameReader()
    var forms: [String: Set<UInt16>] = [:]
    var stemmed: [String: Set<UInt16>] = [:]
    var roles: [Role] = []
    var general: [Bool] = []
    var glosses: [String] = []
    var role = Role.word
    var isGeneral = true
    for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      guard !line.isEmpty, !line.hasPrefix("#") else { continue }
      if line.hasPrefix("[") {
        switch line {
        case "[words]": (role, isGeneral) = (.word, true)
        case "[names]": (role, isGeneral) = (.word, false)
        case "[titles]": (role, isGeneral) = (.title, true)
        case "[function words]": (role, isGeneral) = (.functionWord, true)
        default: throw FormatError(line: offset + 1, message: "unknown section \(line)")
        }
        continue
      }
      let columns = line.split(separator: "|", omittingEmptySubsequences: false)
      guard columns.count == 3 else {
        throw FormatError(
          line: offset + 1,
          message: "expected English | Persian | Arabic, found \(columns.count) columns")
      }
      guard roles.count < Int(UInt16.max) else {
        throw FormatError(line: offset + 1, message: "too many meanings")
      }
      let meaning = UInt16(roles.count)
      roles.append(role)
      general.append(isGeneral)
      glosses.append(
        columns[0].split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
          ?? "")
      for column in columns {
        for form in column.split(separator: ",") {
          let written = form.trimmingCharacters(in: .whitespaces)
          guard !written.isEmpty else { continue }
          let tokens = reader.tokens(of: written)
          guard tokens.count == 1, let token = tokens.first else {
            throw FormatError(line: offset + 1, message: "'\(written)' is not one word")
          }
          forms[token.text, default: []].insert(meaning)
          for stem in Self.suffixStems(of: token.text) {
            stemmed[stem, default: []].insert(meaning)
          }
        }
      }
    }
    self.forms = forms.mapValues { $0.sorted() }
    stemmedForms = stemmed.mapValues { $0.sorted() }
    self.roles = roles
    self.general = general
    self.glosses = glosses
    var copy = text
    fingerprint = copy.withUTF8 { Self.fingerprint(of: $0) }
  }

  /// The lexicon shipped with Tarjuman.
  ///
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public static func shipped() throws -> NameLexicon {
    try shippedStore.lexicon(cacheFolder: nil)
  }

  /// Starts reading the shipped lexicon on another thread, so that a short command (a
  /// `lookup`) finds it read when it needs it, after reading its glossaries.
  ///
  /// - Parameter cacheFolder: where to keep the lexicon's tables once read, so that the
  ///   next process reads them instead of reading every form again (the file is named by
  ///   the list's fingerprint and the ICU version); nil to read the list.
  public static func warmUp(cacheFolder: URL? = nil) {
    DispatchQueue.global(qos: .userInitiated).async {
      _ = try? shippedStore.lexicon(cacheFolder: cacheFolder)
    }
  }

  /// The ``fingerprint`` of the shipped lexicon, from its bytes, without reading it.
  package static var shippedFingerprint: UInt64 {
    PackageResources.name_words_txt.withUnsafeBufferPointer { fingerprint(of: $0) }
  }

  private static func fingerprint(of text: UnsafeBufferPointer<UInt8>) -> UInt64 {
    ByteHash.hash(text, seed: 0x4C45_5849_434F_4E31)
  }

  private static let shippedStore = ShippedStore()

  /// The shipped lexicon, read once per process, from a cache file when one is given.
  private final class ShippedStore: @unchecked Sendable {
    // @unchecked: `result` is read and written only under `lock`.
    private let lock = NSLock()
    private var result: Result<NameLexicon, any Error>?

    func lexicon(cacheFolder: URL?) throws -> NameLexicon {
      lock.lock()
      defer { lock.unlock() }
      if let result { return try result.get() }
      // Named by the list, the file's format and the ICU version (forms are read with
      // ICU's normalization).
      let version = Array(icuVersion.utf8).withUnsafeBufferPointer {
        ByteHash.hash($0, seed: shippedFingerprint &+ LexiconTables.formatVersion)
      }
      let file = cacheFolder.map {
        $0.appendingPathComponent("lexicon-\(String(version, radix: 16)).txt")
      }
      if let file, let saved = try? Data(contentsOf: file),
        let tables = LexiconTables(text: String(decoding: saved, as: UTF8.self)),
        tables.fingerprint == shippedFingerprint
      {
        let lexicon = NameLexicon(tables: tables)
        result = .success(lexicon)
        return lexicon
      }
      let read = Result {
        try NameLexicon(text: String(decoding: PackageResources.name_words_txt, as: UTF8.self))
      }
      result = read
      if let file, let lexicon = try? read.get() { lexicon.tables.save(to: file) }
      return try read.get()
    }
  }

  /// What the lexicon knows of a word as ``NameReader`` reads it (``NameToken/text``:
  /// `key`-normalized, without the article), or nil when it is not a form of any meaning.
  ///
  /// A word not found as written is tried without a regular ending or prefix
  /// (``suffixStems(of:)``) or prefix: `نیروهای` is found as `نیرو`, `الديمقراطية` as
  /// `ديمقراطي`, `والتنمية` as `تنمية`.
  public func entry(forWord written: String) -> Entry? {
    // Punctuation stays on the words of a name (`Woman,`, `(Iran)`).
    let word =
      Self.isLetterOrDigit(written.unicodeScalars.first)
        && Self.isLetterOrDigit(written.unicodeScalars.last)
      ? written : written.trimmingCharacters(in: Self.punctuation)
    var meanings: [UInt16]
    if let found = forms[word] {
      meanings = found
      // A final ت may write teh marbuta before another word (`محافظة نينوى`, read
      // `محافظت`): the word is also the one in ه (governorate, not only the Persian
      // `محافظت`, protection).
      if word.hasSuffix("ت"), let marbuta = forms[String(word.dropLast()) + "ه"] {
        meanings = Array(Set(found).union(marbuta)).sorted()
      }
    } else if !Self.mayHaveAffix(word) {
      return nil
    } else {
      var union = Set<UInt16>()
      for stem in Self.suffixStems(of: word) {
        if let found = forms[stem] { union.formUnion(found) }
        if let found = stemmedForms[stem] { union.formUnion(found) }
      }
      // After a prefix of one letter (و ل ب), only a word of the list as written: the
      // letter may as well belong to the word (`بحاجة` is not `ب` + `حاج`).
      for (rest, isShort) in Self.prefixStems(of: word) {
        if let found = forms[rest] { union.formUnion(found) }
        guard !isShort else { continue }
        for stem in Self.suffixStems(of: rest) {
          if let found = forms[stem] { union.formUnion(found) }
          if let found = stemmedForms[stem] { union.formUnion(found) }
        }
      }
      guard !union.isEmpty else { return nil }
      meanings = union.sorted()
    }
    // A word is a title (function word) only when every meaning it has is one: `general`
    // is also an adjective.
    let first = roles[Int(meanings[0])]
    let role = meanings.allSatisfy { roles[Int($0)] == first } ? first : .word
    return Entry(
      meanings: meanings, role: role, isGeneral: meanings.allSatisfy { general[Int($0)] })
  }

  /// What the lexicon knows of a word of a name.
  public func entry(for token: NameToken) -> Entry? {
    token.isParticle ? nil : entry(forWord: token.text)
  }

  /// The first English form of a meaning (`democratic`), for explanations.
  public func gloss(of meaning: UInt16) -> String {
    Int(meaning) < glosses.count ? glosses[Int(meaning)] : ""
  }

  // MARK: - Regular endings

  /// A word without its regular endings, most likely first; each is tried when the word
  /// is not in the list as written (and the forms of the list are indexed under theirs,
  /// so that `ديمقراطية` and `دیمقراطی` meet).
  ///
  /// - Latin: the plural `-s`, `-es`, `-ies` (→ `-y`), and the possessive (`people's`,
  ///   whose apostrophe is already gone).
  /// - Arabic script: the endings `ها های هایی` (Persian plural), `ان یان` (Persian
  ///   plural of people), `ات ون ین یون یین` (Arabic plurals), `ی ای` (adjective, ezafe),
  ///   `ه یه یت` (feminine, abstract noun); a final `ت` written for teh marbuta before
  ///   another word (`قوة الرضوان` → `قوت`) is read `ه`.
  ///
  /// Stems shorter than three letters are not tried: they meet too many words.
  public static func suffixStems(of word: String) -> [String] {
    let letters = Array(word)
    guard letters.count >= 3 else { return [] }
    var result: [String] = []
    func add(_ stem: ArraySlice<Character>, _ suffix: String = "") {
      guard stem.count >= 3 else { return }
      let text = String(stem) + suffix
      if text != word && !result.contains(text) { result.append(text) }
    }
    if word.unicodeScalars.allSatisfy(\.isASCII) {
      if word.hasSuffix("ies") { add(letters.dropLast(3), "y") }
      if word.hasSuffix("es") { add(letters.dropLast(2)) }
      if word.hasSuffix("s") && !word.hasSuffix("ss") { add(letters.dropLast(1)) }
      return result
    }
    if word.hasSuffix("ت") { add(letters.dropLast(1), "ه") }
    for suffix in arabicSuffixes where word.hasSuffix(suffix) {
      add(letters.dropLast(suffix.count))
    }
    return result
  }

  /// An Arabic-script word without a prefixed conjunction or preposition (`و ل لل ب وال
  /// بال فال کال`: and, for, for the, in, with the article), and whether the prefix was
  /// a single letter, which may as well be the word's own.
  static func prefixStems(of word: String) -> [(rest: String, isShort: Bool)] {
    guard !word.unicodeScalars.allSatisfy(\.isASCII) else { return [] }
    var result: [(String, Bool)] = []
    for prefix in arabicPrefixes where word.hasPrefix(prefix) {
      let rest = String(word.dropFirst(prefix.count))
      if rest.count >= 3 && !result.contains(where: { $0.0 == rest }) {
        result.append((rest, prefix.count == 1))
      }
    }
    return result
  }

  private static func isLetterOrDigit(_ scalar: Unicode.Scalar?) -> Bool {
    guard let scalar else { return false }
    return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
  }

  /// Whether a word ends or begins with something ``suffixStems(of:)`` or
  /// ``prefixStems(of:)`` would take off: most words of names do not, and are answered
  /// without building any string (the matcher looks up every word of every candidate).
  private static func mayHaveAffix(_ word: String) -> Bool {
    guard let last = word.unicodeScalars.last, let first = word.unicodeScalars.first else {
      return false
    }
    if last.isASCII { return last == "s" }
    return affixLastLetters.contains(last) || affixFirstLetters.contains(first)
  }

  /// The last letters of the Arabic-script endings, and the first of the prefixes.
  private static let affixLastLetters = Set(
    (arabicSuffixes + ["ت"]).compactMap { $0.unicodeScalars.last })
  private static let affixFirstLetters = Set(arabicPrefixes.compactMap { $0.unicodeScalars.first })

  /// Characters trimmed from a word before it is looked up.
  private static let punctuation = CharacterSet.punctuationCharacters.union(.symbols)

  /// Prefixes of Arabic-script words, longest first (in `key` form: ك is ک).
  private static let arabicPrefixes = ["وال", "بال", "فال", "کال", "لل", "و", "ل", "ب"]

  /// Endings of Arabic-script words, longest first (in `key` form: ة is ه, ي ی).
  private static let arabicSuffixes = [
    "هایی", "های", "یون", "یین", "یان", "ها", "ات", "ون", "ین", "ان", "ای", "یه", "یت", "ی",
    "ه",
  ]
}
