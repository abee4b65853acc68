import TarjumanNames
import TarjumanText

/// The glossary as a source of Persian and Arabic spellings of Latin names, for
/// `tarjuman translit --to fa|ar`. A line that is one of a concept's Latin terms (any
/// status: a deprecated spelling still names the concept) is spelled as the concept's
/// Persian or Arabic terms that sound like it (``NameSimilarity`` at least 0.75), the
/// closest first: *Khamenei* is `خامنه‌ای` before `علی خامنه‌ای`, and *Jolani* is
/// `جولانی`, not the concept's preferred `احمد الشرع`. The concept's English rendering
/// (the style's, else its preferred term) that sounds like none of them is a translation or
/// an exonym, spelled as the concept's rendering there (*Damascus* is `دمشق`). Terms marked
/// deprecated are never written. Lines are compared by their `key` form, so case, accents
/// and apostrophes do not matter.
public struct GlossarySpellings: KnownSpellingSource {
  /// Per Latin term's key: the Persian spellings, then the Arabic ones.
  private let spellings: [String: (persian: [String], arabic: [String])]
  /// Per Latin word's key, in each language: the spelling of the one-word names that are
  /// the word, else the one most of the longer names that have it give (`hassan` → `حسن`;
  /// ``WordSpellingVotes``).
  private let persianWords: [String: String]
  private let arabicWords: [String: String]
  private let keyNormalizer: TextNormalizer

  /// Collects the spellings of a glossary's concepts.
  ///
  /// - Parameter style: the house style whose renderings to put first.
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public init(glossary: Glossary, style: HouseStyle? = nil) throws {
    let normalizer = try TextNormalizer.shared(profile: .key)
    keyNormalizer = normalizer
    let reader = try NameReader()
    let similarity = NameSimilarity()
    var spellings: [String: (persian: [String], arabic: [String])] = [:]
    var persianVotes: [String: WordSpellingVotes] = [:]
    var arabicVotes: [String: WordSpellingVotes] = [:]
    for concept in glossary.concepts {
      let persian = Self.spellings(of: concept, in: .persian, style: style)
      let arabic = Self.spellings(of: concept, in: .arabic, style: style)
      guard !persian.isEmpty || !arabic.isEmpty else { continue }
      let english = Glossary.rendering(of: concept, in: .english, style: style)?.text
      let read = (persian + arabic).map { reader.tokens(of: $0) }
      for term in concept.terms where Self.isLatin(term.text) {
        let key = normalizer.normalize(term.text)
        guard !key.isEmpty else { continue }
        let tokens = reader.tokens(of: term.text)
        /// The terms that sound like the Latin one, closest first (the concept's own order
        /// among equals), or for the English rendering when none does, all of them.
        func alike(_ terms: [String], from offset: Int) -> (terms: [String], bySound: Bool) {
          let scored = terms.indices.map { index in
            (terms[index], similarity.compare(tokens, read[offset + index]).score)
          }
          let close = scored.filter { $0.1 >= Self.soundsAlike }
          if close.isEmpty { return (term.text == english ? terms : [], false) }
          let sorted = close.enumerated().sorted {
            $0.element.1 != $1.element.1 ? $0.element.1 > $1.element.1 : $0.offset < $1.offset
          }
          return (sorted.map(\.element.0), true)
        }
        let (forPersian, persianBySound) = alike(persian, from: 0)
        let (forArabic, arabicBySound) = alike(arabic, from: persian.count)
        // Word by word, from the spellings that sound like the name (its words read once).
        if persianBySound || arabicBySound {
          let latinWords = term.text.split(separator: " ").map {
            (key: normalizer.normalize(String($0)), tokens: reader.tokens(of: String($0)))
          }
          for spelled in persianBySound ? forPersian : [] {
            Self.vote(
              latinWords, spelled, into: &persianVotes, reader: reader, similarity: similarity)
          }
          for spelled in arabicBySound ? forArabic : [] {
            Self.vote(
              latinWords, spelled, into: &arabicVotes, reader: reader, similarity: similarity)
          }
        }
        guard !forPersian.isEmpty || !forArabic.isEmpty else { continue }
        // Two concepts with one Latin name (homonyms): the first read comes first.
        var known = spellings[key] ?? ([], [])
        known.persian += forPersian.filter { !known.persian.contains($0) }
        known.arabic += forArabic.filter { !known.arabic.contains($0) }
        spellings[key] = known
      }
    }
    self.spellings = spellings
    persianWords = persianVotes.compactMapValues(\.winner)
    arabicWords = arabicVotes.compactMapValues(\.winner)
  }

  /// Counts, per Latin word's key, the words of a spelling of a Latin name that has as
  /// many words, each pair alike (`Hassan Nasrallah`, `حسن نصرالله`: *hassan* → `حسن`).
  private static func vote(
    _ latinWords: [(key: String, tokens: [NameToken])], _ spelled: String,
    into votes: inout [String: WordSpellingVotes], reader: NameReader, similarity: NameSimilarity
  ) {
    let nativeWords = spelled.split(separator: " ")
    guard latinWords.count == nativeWords.count else { return }
    for (latin, native) in zip(latinWords, nativeWords) {
      let score = similarity.compare(latin.tokens, reader.tokens(of: String(native))).score
      guard score >= soundsAlike else { return }
    }
    for (latin, native) in zip(latinWords, nativeWords) where !latin.key.isEmpty {
      votes[latin.key, default: WordSpellingVotes()].add(
        String(native), fromSingleWord: latinWords.count == 1)
    }
  }

  public func knownSpelling(ofWord word: Substring, in language: TextLanguage) -> String? {
    guard language != .en else { return nil }
    let key = keyNormalizer.normalize(String(word))
    return language == .fa ? persianWords[key] : arabicWords[key]
  }

  /// How alike a Latin term and a Persian or Arabic one must sound to be one name.
  static let soundsAlike = 0.75

  public func knownSpellings(of name: String, in language: TextLanguage) -> [String] {
    guard language != .en, let known = spellings[keyNormalizer.normalize(name)] else {
      return []
    }
    return language == .fa ? known.persian : known.arabic
  }

  /// A concept's rendering in a language, then its other terms there that are not
  /// deprecated.
  private static func spellings(
    of concept: Concept, in language: LanguageTag, style: HouseStyle?
  ) -> [String] {
    var result: [String] = []
    if let rendering = Glossary.rendering(of: concept, in: language, style: style),
      rendering.status <= .admitted
    {
      result.append(rendering.text)
    }
    for term in concept.terms(in: language)
    where term.status <= .admitted && !result.contains(term.text) {
      result.append(term.text)
    }
    return result
  }

  /// Whether a term is written in Latin letters (no letter of the Arabic script).
  private static func isLatin(_ text: String) -> Bool {
    !text.unicodeScalars.contains { $0.value >= 0x0600 && $0.value < 0x0700 }
      && text.unicodeScalars.contains { $0.properties.isAlphabetic }
  }
}
