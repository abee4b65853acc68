import TarjumanNames
import TarjumanText

/// The glossary as a source of Latin renderings for the romanizer: where a glossary entry
/// knows a Persian or Arabic name, its English rendering wins over the rules (`جولانی` is
/// *Jolani*, as the house style writes it, not the rules' *Jvlany*-like guess).
///
/// Word by word, since the romanizer asks per word: a Persian or Arabic term is paired
/// with an English term of the same concept that sounds like it (``NameSimilarity`` at
/// least 0.75) and has as many words (a hyphenated *al-Assad* is one word), trying the
/// style's rendering first, then other names, then spelling variants (scholarly
/// transliterations with diacritics are never used); each word is mapped to the English word in the same
/// place when the two sound alike. A word the glossary's names render differently (`محمد`
/// is *Mohammad* in some and *Mohammed* or *Muhammad* in others) takes the rendering most
/// of them give (the first met among equals): any of them is a better spelling of the
/// name than the rules' consonants (*Mhmd*); a rendering from a one-word term wins over
/// those from inside longer names.
public struct GlossaryRenderings: PreferredRenderingSource {
  private let renderings: [String: String]
  private let keyNormalizer: TextNormalizer

  /// The number of words with a rendering.
  public var count: Int { renderings.count }

  /// The renderings by word key (``RenderingTable/keys(ofTermWord:language:normalizer:)``): the
  /// entries of a ``RenderingTable`` that answers as these renderings do.
  public var entries: [String: String] { renderings }

  /// Collects renderings from a glossary.
  ///
  /// - Parameter style: the house style whose English renderings to prefer.
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public init(glossary: Glossary, style: HouseStyle? = nil) throws {
    let normalizer = try TextNormalizer.shared(profile: .key)
    keyNormalizer = normalizer
    let reader = try NameReader()
    let similarity = NameSimilarity()
    func score(_ first: String, _ second: String) -> Double {
      similarity.compare(reader.tokens(of: first), reader.tokens(of: second)).score
    }
    // A word's renderings, counted: those from one-word terms beat those from inside a
    // longer name (`اسد` alone is *Assad*; inside `بشار اسد` it may be *al-Assad*).
    var votes: [String: WordSpellingVotes] = [:]
    for concept in glossary.concepts {
      let rendering = Glossary.rendering(of: concept, in: .english, style: style)
      // The style's rendering, then other names, then spelling variants; scholarly
      // transliterations (with diacritics) are not journalistic renderings.
      let others = concept.terms(in: .english).filter { $0 != rendering }
      let english =
        ([rendering].compactMap { $0 } + others.filter { $0.type != .variant }
        + others.filter { $0.type == .variant }).filter {
          $0.status <= .admitted && $0.text.unicodeScalars.allSatisfy(\.isASCII)
        }
      guard !english.isEmpty else { continue }
      for term in concept.terms
      where term.language.matches(.persian) || term.language.matches(.arabic) {
        guard term.status <= .admitted else { continue }
        let words = Self.words(term.text)
        // A one-word name is the concept's rendering when that is one word too (an
        // exonym such as *Damascus* need not sound like `دمشق`); otherwise the first
        // English term, in the order above, with as many words that sounds like it.
        let partner =
          words.count == 1 && term.type == .fullForm
            && rendering.map({ Self.words($0.text).count })
              == 1
          ? rendering
          : english.first {
            Self.words($0.text).count == words.count && score(term.text, $0.text) >= 0.75
          }
        guard let partner else { continue }
        for (word, latin) in zip(words, Self.words(partner.text)) {
          // Each word must sound like its partner: a preposition inside a name is not.
          guard words.count == 1 || score(word, latin) >= 0.75 else { continue }
          for key in RenderingTable.keys(
            ofTermWord: word, language: term.language.matches(.persian) ? .fa : .ar,
            normalizer: normalizer)
          {
            votes[key, default: WordSpellingVotes()].add(latin, fromSingleWord: words.count == 1)
          }
        }
      }
    }
    renderings = votes.compactMapValues(\.winner)
  }

  public func preferredLatinRendering(of word: String, language: TextLanguage) -> String? {
    renderings[RenderingTable.key(of: word, language: language, normalizer: keyNormalizer)]
  }

  private static func words(_ text: String) -> [String] {
    text.split(separator: " ").map(String.init)
  }
}

/// The spellings the glossary's names give one word (its Latin renderings, or its Persian
/// or Arabic spellings), counted in the order first met.
struct WordSpellingVotes {
  private var fromSingleWords: [(spelling: String, count: Int)] = []
  private var fromLongerNames: [(spelling: String, count: Int)] = []

  mutating func add(_ spelling: String, fromSingleWord: Bool) {
    if fromSingleWord {
      Self.count(spelling, in: &fromSingleWords)
    } else {
      Self.count(spelling, in: &fromLongerNames)
    }
  }

  private static func count(
    _ spelling: String, in votes: inout [(spelling: String, count: Int)]
  ) {
    if let index = votes.firstIndex(where: { $0.spelling == spelling }) {
      votes[index].count += 1
    } else {
      votes.append((spelling, 1))
    }
  }

  /// The spelling of the one-word terms, else of the longer names: the one given most,
  /// the first met among equals.
  var winner: String? {
    let votes = fromSingleWords.isEmpty ? fromLongerNames : fromSingleWords
    var best: (spelling: String, count: Int)?
    for vote in votes where vote.count > (best?.count ?? 0) { best = vote }
    return best?.spelling
  }
}
