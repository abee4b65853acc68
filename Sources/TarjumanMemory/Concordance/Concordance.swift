import Foundation
import GRDB
import TarjumanGlossary
import TarjumanNames
import TarjumanText

/// One unit found by ``Concordance``.
public struct ConcordanceHit: Sendable {
  /// Which side of the unit contains the term.
  public enum Side: String, Sendable, Codable { case source, target }
  /// The unit.
  public var unit: TranslationUnit
  /// Where the term was found.
  public var side: Side
  /// The spelling that was found (the term itself, or a spelling of it in another script).
  public var spelling: String
}

/// Finds the units whose source or target contains a term in any spelling or script.
///
/// **How.** The term is turned into a set of spellings, each searched as a substring of
/// the units' normalized keys (so case, diacritics, Arabic and Persian letter forms,
/// ZWNJ and digits do not matter):
/// 1. The term itself.
/// 2. A Latin term is spelled in Persian and Arabic script by TarjumanNames'
///    `ArabicScriptSpeller` (`Jolani` → `جولانی`, `الجولاني`, ...), five spellings per
///    language, each also without the article `ال`.
/// 3. An Arabic-script term without its article; and, for Latin text, units are found by
///    name key: the term's consonant skeleton (`الجولاني` → `jln`) is compared with each
///    word of the Latin units that share trigrams with its romanization, so `Jolani`,
///    `Julani` and `Golani` are all found.
///
/// Substrings are found through the store's trigram index of source and target keys (the
/// units that have all trigrams of the spelling, then checked in Swift); two-letter
/// spellings through the trigrams `" un"` and `"un "`, one-letter spellings by scanning. A
/// spelling must start a word (`HTS` is not found in `rights`), and a spelling of three
/// letters or fewer must be a whole word; in Arabic script it may follow a glued prefix
/// (`ال`, `و`, `بال`). Spellings made for another script must also
/// end a word (or be followed by the Persian ی), so that a short spelling is not found
/// inside a longer word.
public final class Concordance: Sendable {
  /// The store searched.
  public let store: MemoryStore
  private let speller: ArabicScriptSpeller
  private let romanizer: Romanizer
  private let reader: NameReader
  private let similarity = NameSimilarity()
  /// How like the term's last word a Latin word with its skeleton must sound (0…1).
  static let nameSimilarityMinimum = 0.85

  /// Creates a concordance over `store`.
  ///
  /// - Throws: an ICU or romanizer error when the name rules cannot be built.
  public init(store: MemoryStore) throws {
    self.store = store
    speller = try ArabicScriptSpeller()
    romanizer = try Romanizer(scheme: .news)
    reader = try NameReader()
  }

  /// The spellings searched for `term`, the term's own first.
  public func spellings(of term: String) -> [String] {
    var result = [term]
    if Self.isArabicScript(term) {
      result.append(Self.withoutArticle(term))
    } else {
      for language in [TextLanguage.fa, .ar] {
        for spelling in speller.spellings(of: term, in: language, count: 5) {
          result.append(spelling)
          result.append(Self.withoutArticle(spelling))
        }
      }
    }
    var seen = Set<String>()
    return result.filter { !$0.isEmpty && seen.insert(UnitKeys.key($0)).inserted }
  }

  /// Units containing `term`, the most used first.
  ///
  /// - Parameters:
  ///   - term: a word or name in any script.
  ///   - sourceLanguage, targetLanguage: language ranges the units must fall under.
  ///   - limit: how many units at most.
  /// - Throws: ``MemoryError`` when the store cannot be read.
  public func find(
    _ term: String, sourceLanguage: LanguageTag? = nil, targetLanguage: LanguageTag? = nil,
    limit: Int = 50
  ) throws(MemoryError) -> [ConcordanceHit] {
    let spellings = spellings(of: term)
    let own = UnitKeys.key(term)
    let filter = UnitFilter(sourceLanguage: sourceLanguage, targetLanguage: targetLanguage)
    var found: [Int64: (ConcordanceHit.Side, String)] = [:]
    try store.read { db in
      for spelling in spellings {
        for side in [ConcordanceHit.Side.source, .target] {
          // Spellings made for another script must be whole words: a short spelling such
          // as تهرن must not be found inside a longer word.
          let key = UnitKeys.key(spelling)
          for id in try Self.unitIDs(containing: key, side: side, wholeWord: key != own, db: db)
          where found[id] == nil {
            found[id] = (side, spelling)
          }
        }
      }
      if Self.isArabicScript(term) {
        for (id, side, word) in try latinNameMatches(term, db: db) where found[id] == nil {
          found[id] = (side, word)
        }
      }
    }
    guard !found.isEmpty else { return [] }
    var hits: [ConcordanceHit] = []
    let (condition, arguments) = filter.sql
    try store.read { db in
      let statement = try db.cachedStatement(
        sql: "SELECT \(MemoryStore.unitColumns) FROM unit WHERE id = ? AND \(condition)")
      for (id, (side, spelling)) in found {
        var idArguments: StatementArguments = [id]
        idArguments += arguments
        if let row = try Row.fetchOne(statement, arguments: idArguments) {
          hits.append(
            ConcordanceHit(unit: MemoryStore.unit(from: row), side: side, spelling: spelling))
        }
      }
    }
    hits.sort {
      let a = UnitKeys.key($0.spelling) == own
      let b = UnitKeys.key($1.spelling) == own
      if a != b { return a }
      if $0.unit.usageCount != $1.unit.usageCount { return $0.unit.usageCount > $1.unit.usageCount }
      return ($0.unit.id ?? 0) < ($1.unit.id ?? 0)
    }
    return Array(hits.prefix(max(limit, 0)))
  }

  /// Ids of units whose source (or target) key contains `key` at the start of a word (see
  /// ``contains(_:_:wholeWord:)``).
  static func unitIDs(
    containing key: String, side: ConcordanceHit.Side, wholeWord: Bool = false, db: Database
  ) throws -> [Int64] {
    let column = side == .source ? "sourceKey" : "targetKey"
    let scalars = Array(key.unicodeScalars)
    guard !scalars.isEmpty else { return [] }
    // A term of three letters or fewer (`UN`, `HTS`) must be a whole word: as the start of
    // a word it is found in too many others (`Undo`, `HTSomething`).
    let wholeWord = wholeWord || scalars.count <= 3
    let index = try GramPostings(db, side: side == .source ? .source : .target)
    var rows: [Row]
    switch scalars.count {
    case 1:
      rows = try Row.fetchAll(
        db.cachedStatement(sql: "SELECT id, \(column) FROM unit WHERE instr(\(column), ?) > 0"),
        arguments: [key])
    case 2:
      // A two-letter word has a space before or after it (" un", "un ") unless it is the
      // whole key; punctuation around it is the rare case left to the exact match.
      var ids: [Int64] = []
      for gram in [" " + key, key + " "] {
        for code in Trigrams.codes(gram) { ids += try index.ids(code) }
      }
      rows = try Self.rows(Array(Set(ids)).sorted(), column: column, db: db)
      rows += try Row.fetchAll(
        db.cachedStatement(sql: "SELECT id, \(column) FROM unit WHERE \(column) = ?"),
        arguments: [key])
    default:
      // Units whose key has every trigram of the term.
      var ids: [Int64]? = nil
      for code in Trigrams.codes(key) {
        let list = try index.ids(code)
        ids = ids.map { MemorySearcher.intersection($0, list) } ?? list
        if ids?.isEmpty == true { break }
      }
      rows = try Self.rows(ids ?? [], column: column, db: db)
    }
    let part = Array(key.utf8)
    var seen = Set<Int64>()
    return rows.compactMap { row -> Int64? in
      let id: Int64 = row[0]
      guard seen.insert(id).inserted else { return nil }
      let text: String = row[1]
      return contains(Array(text.utf8), part, wholeWord: wholeWord) ? id : nil
    }
  }

  /// The id and `column` of the units with these ids, in that order (ids of deleted units,
  /// still in the index, give nothing).
  static func rows(_ ids: [Int64], column: String, db: Database) throws -> [Row] {
    let statement = try db.cachedStatement(sql: "SELECT id, \(column) FROM unit WHERE id = ?")
    return try ids.compactMap { try Row.fetchOne(statement, arguments: [$0]) }
  }

  /// Prefixes glued to Arabic-script words: the article and the conjunctions and
  /// prepositions written together with it (و ب ل ف ک).
  static let gluedPrefixes: [[UInt8]] = [
    "ال", "و", "ب", "ل", "ف", "وال", "بال", "فال", "لل", "کال",
  ].map { Array($0.utf8) }

  /// Whether `text` contains `part` as the start of a word. An Arabic-script `part` may
  /// follow a glued prefix (`ال`, `و`, `بال`, ...); with `wholeWord` it must also end a
  /// word, or be followed only by the Persian ezafe or adjective ی.
  static func contains(_ text: String, _ part: String, wholeWord: Bool = false) -> Bool {
    contains(Array(text.utf8), Array(part.utf8), wholeWord: wholeWord)
  }

  /// ``contains(_:_:wholeWord:)`` on UTF-8 bytes: the bytes are searched directly, and
  /// only the scalars around a match are decoded.
  static func contains(_ text: [UInt8], _ part: [UInt8], wholeWord: Bool) -> Bool {
    guard let first = part.first, part.count <= text.count else { return false }
    // Arabic-script letters (U+0600–U+06FF) start with the bytes D8 to DB.
    let lead: UInt8 = first
    let arabic = part.count >= 2 && (0xD8...0xDB).contains(lead)
    var index = 0
    while index + part.count <= text.count {
      defer { index += 1 }
      guard text[index] == first, text[index..<index + part.count].elementsEqual(part) else {
        continue
      }
      // The word the match is in starts where word characters start before it.
      var wordStart = index
      while let (scalar, start) = scalar(endingBefore: wordStart, in: text),
        Token.isWordScalar(scalar)
      {
        wordStart = start
      }
      if wordStart != index {
        guard arabic, gluedPrefixes.contains(where: { $0.elementsEqual(text[wordStart..<index]) })
        else { continue }
      }
      if wholeWord {
        var end = index + part.count
        var rest: [UInt8] = []
        while let (scalar, length) = scalar(at: end, in: text), Token.isWordScalar(scalar) {
          rest += text[end..<end + length]
          end += length
        }
        guard rest.isEmpty || (arabic && rest == Self.persianYeh) else { continue }
      }
      return true
    }
    return false
  }

  static let persianYeh = Array("ی".utf8)

  /// The scalar that ends just before `end`, and where it starts.
  static func scalar(endingBefore end: Int, in bytes: [UInt8]) -> (Unicode.Scalar, Int)? {
    guard end > 0 else { return nil }
    var start = end - 1
    while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
    guard let (scalar, length) = scalar(at: start, in: bytes), start + length == end else {
      return nil
    }
    return (scalar, start)
  }

  /// The scalar that starts at `start`, and its length in bytes.
  static func scalar(at start: Int, in bytes: [UInt8]) -> (Unicode.Scalar, Int)? {
    guard start < bytes.count else { return nil }
    var iterator = bytes[start...].makeIterator()
    var decoder = UTF8()
    guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return nil }
    return (scalar, UTF8.width(scalar))
  }

  /// Latin units with a word whose consonant skeleton is that of the term's last word
  /// (`الجولاني` → `jln` finds `Jolani`, `al-Julani`, `Golani`). Candidates are the units
  /// that contain at least two trigrams of the term's romanization's last word.
  private func latinNameMatches(_ term: String, db: Database) throws -> [(
    Int64, ConcordanceHit.Side, String
  )] {
    let termTokens = reader.tokens(of: term).filter { !$0.isParticle }
    guard let last = termTokens.last, last.skeleton.count >= 2 else { return [] }
    let romanized = romanizer.romanize(term)
    guard
      let word = reader.tokens(of: romanized).last(where: { !$0.isParticle })?.text,
      word.unicodeScalars.count >= 4
    else { return [] }
    let scalars = Array(word.unicodeScalars)
    var grams: [UInt64] = []
    for start in 0...(scalars.count - 3) {
      let code = Trigrams.codes(String(String.UnicodeScalarView(scalars[start..<start + 3])))
      grams += code
    }
    var results: [(Int64, ConcordanceHit.Side, String)] = []
    for side in [ConcordanceHit.Side.source, .target] {
      let column = side == .source ? "source" : "target"
      let index = try GramPostings(db, side: side == .source ? .source : .target)
      // Units containing at least two of the trigrams (a trigram repeated in the word
      // counts once per unit, as in the lists), the first 5,000 by id.
      var votes: [Int64: Int] = [:]
      for gram in Set(grams) {
        for id in try index.ids(gram) { votes[id, default: 0] += 1 }
      }
      let ids = votes.filter { $0.value >= 2 }.keys.sorted().prefix(5_000)
      let rows = try Self.rows(Array(ids), column: column, db: db)
      for row in rows {
        let text: String = row[1]
        guard !Self.isArabicScript(text) else { continue }
        // The skeleton says "may be the same name"; the sound-level similarity of the two
        // words decides (Welsh `glannau` has the skeleton of `جولانی` too).
        if let match = reader.tokens(of: text).first(where: {
          !$0.isParticle && $0.skeleton == last.skeleton
            && similarity.compare([last], [$0]).score >= Self.nameSimilarityMinimum
        }) {
          results.append((row[0], side, match.text))
        }
      }
    }
    return results
  }

  static func isArabicScript(_ text: String) -> Bool {
    text.unicodeScalars.contains {
      (0x0600...0x06FF).contains($0.value) || (0xFB50...0xFEFF).contains($0.value)
    }
  }

  /// The spelling without the article `ال` at the start of its words (`الجولاني` →
  /// `جولاني`).
  static func withoutArticle(_ text: String) -> String {
    text.split(separator: " ").map { word in
      word.hasPrefix("ال") && word.count > 4 ? String(word.dropFirst(2)) : String(word)
    }.joined(separator: " ")
  }
}
