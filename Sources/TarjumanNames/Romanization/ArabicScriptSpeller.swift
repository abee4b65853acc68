import TarjumanText

/// Ranked spellings of a Latin name in Persian or Arabic script (*Jolani* → `جولانی`,
/// `الجولاني`), for searching Arabic-script text with a Latin query.
///
/// The name is read into sounds by ``NameReader``; each sound has a short list of letters
/// that may write it, each with a cost (s → س 0, ص 0.5, ث 0.8; a short vowel inside a
/// word → nothing 0, its long letter 0.35), and a beam search keeps the cheapest
/// spellings of each word. Persian and Arabic differ where their spelling does: پ چ ژ گ,
/// ی ک against ي ك, a final heh against teh marbuta, and the article: Arabic spellings
/// get `ال` before the last word when the Latin name has one (`al-Julani`), Persian ones
/// also without it (`جولانی`).
public struct ArabicScriptSpeller: Sendable {
  private let reader: NameReader

  /// How many spellings of each word the search keeps.
  static let beamWidth = 24

  /// Creates a speller.
  ///
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public init() throws {
    reader = try NameReader()
  }

  /// Spellings of a Latin name in the script of `language` (Persian or Arabic), cheapest
  /// first; empty for English.
  public func spellings(of name: String, in language: TextLanguage, count: Int = 5) -> [String] {
    guard language != .en, count > 0 else { return [] }
    let tokens = reader.tokens(of: name)
    guard !tokens.isEmpty else { return [] }
    let hasArticle = name.lowercased().split { $0 == " " || $0 == "-" }.dropLast()
      .contains { NameReader.latinArticles.contains(String($0)) }
    var combined: [(text: String, cost: Double)] = [("", 0)]
    for (index, token) in tokens.enumerated() {
      var words = spellings(of: token, in: language)
      if index == tokens.count - 1 && !token.isParticle {
        words = articleForms(words, in: language, latinHasArticle: hasArticle)
      }
      var next: [(text: String, cost: Double)] = []
      for prefix in combined {
        for word in words.prefix(6) {
          next.append(
            (
              prefix.text.isEmpty ? word.text : prefix.text + " " + word.text,
              prefix.cost + word.cost
            ))
        }
      }
      combined = Array(next.sorted { $0.cost < $1.cost }.prefix(Self.beamWidth))
    }
    var seen = Set<String>()
    return combined.map(\.text).filter { seen.insert($0).inserted }.prefix(count).map { $0 }
  }

  /// Spellings of a Latin name with what a source knows first: its spellings of the whole
  /// name, then the name spelled word by word with the words it knows (*Hassan Diab* →
  /// `حسن دیاب` when it knows *Hassan*), then the rules' spellings; no spelling twice.
  public func spellings(
    of name: String, in language: TextLanguage, count: Int, known: (any KnownSpellingSource)?
  ) -> [String] {
    guard let known, language != .en, count > 0 else {
      return spellings(of: name, in: language, count: count)
    }
    var result: [String] = []
    var seen = Set<String>()
    func add(_ spelling: String) {
      if result.count < count && seen.insert(spelling).inserted { result.append(spelling) }
    }
    known.knownSpellings(of: name, in: language).forEach(add)
    if let byWords = spellingByWords(name, in: language, known: known) { add(byWords) }
    if result.count < count { spellings(of: name, in: language, count: count).forEach(add) }
    return result
  }

  /// The name spelled word by word: the known spelling of each word the source knows,
  /// the rules' first of each other; nil for one word, or when it knows none.
  private func spellingByWords(
    _ name: String, in language: TextLanguage, known: any KnownSpellingSource
  ) -> String? {
    let words = name.split(separator: " ")
    guard words.count > 1 else { return nil }
    var parts: [String] = []
    var knownWords = 0
    for word in words {
      if let spelled = known.knownSpelling(ofWord: word, in: language) {
        parts.append(spelled)
        knownWords += 1
      } else if let guessed = spellings(of: String(word), in: language, count: 1).first {
        parts.append(guessed)
      }
    }
    return knownWords > 0 ? parts.joined(separator: " ") : nil
  }

  private func articleForms(
    _ words: [(text: String, cost: Double)], in language: TextLanguage, latinHasArticle: Bool
  ) -> [(text: String, cost: Double)] {
    var result: [(text: String, cost: Double)] = []
    for word in words {
      switch (language, latinHasArticle) {
      case (.ar, true): result += [("ال" + word.text, word.cost), (word.text, word.cost + 0.6)]
      case (.ar, false): result += [(word.text, word.cost), ("ال" + word.text, word.cost + 0.3)]
      default:
        result += [
          (word.text, word.cost), ("ال" + word.text, word.cost + (latinHasArticle ? 0.3 : 0.8)),
        ]
      }
    }
    return result.sorted { $0.cost < $1.cost }
  }

  /// The cheapest spellings of one word.
  func spellings(of token: NameToken, in language: TextLanguage) -> [(text: String, cost: Double)] {
    if token.isParticle {
      let particle = token.sounds
      let persian = language == .fa
      switch particle {
      case "abu": return [(persian ? "ابو" : "أبو", 0)]
      case "ibn": return [("بن", 0), ("ابن", 0.2)]
      default: return [("بنت", 0)]
      }
    }
    var beam: [(text: String, cost: Double)] = [("", 0)]
    let sounds = token.phonemes
    for (index, sound) in sounds.enumerated() {
      let position: Position = index == 0 ? .first : index == sounds.count - 1 ? .last : .middle
      let choices = Self.letters(for: sound, at: position, in: language)
      var next: [(text: String, cost: Double)] = []
      for state in beam {
        for choice in choices {
          next.append((state.text + choice.letters, state.cost + choice.cost))
        }
      }
      var seen = Set<String>()
      beam = next.sorted { $0.cost < $1.cost }.filter { seen.insert($0.text).inserted }
        .prefix(Self.beamWidth).map { $0 }
    }
    return beam.filter { !$0.text.isEmpty }
  }

  enum Position { case first, middle, last }

  /// The letters that may write a sound, with their costs.
  static func letters(
    for sound: UInt8, at position: Position, in language: TextLanguage
  ) -> [(letters: String, cost: Double)] {
    let persian = language == .fa
    let yeh = persian ? "ی" : "ي"
    switch Character(Unicode.Scalar(sound)) {
    case "b": return [("ب", 0)]
    case "p": return persian ? [("پ", 0)] : [("ب", 0)]
    case "t": return [("ت", 0), ("ط", 0.6)]
    case "T": return persian ? [("ث", 0.2), ("س", 0.5)] : [("ث", 0)]
    case "j": return [("ج", 0)]
    case "g": return persian ? [("گ", 0), ("غ", 0.6)] : [("ج", 0.2), ("غ", 0.4), ("ق", 0.6)]
    case "C": return persian ? [("چ", 0)] : [("تش", 0.2), ("ش", 0.5)]
    case "h": return [("ه", 0.15), ("ح", 0.2)]
    case "X": return [("خ", 0)]
    case "d": return [("د", 0), ("ض", 0.7)]
    case "D": return persian ? [("ذ", 0.2), ("ز", 0.4)] : [("ذ", 0)]
    case "Q": return [("ض", 0)]
    case "r": return [("ر", 0)]
    case "z": return [("ز", 0), ("ذ", 0.6), ("ظ", 0.7), ("ض", 0.7)]
    case "Z": return persian ? [("ژ", 0)] : [("ج", 0.3), ("ز", 0.5)]
    case "s": return [("س", 0), ("ص", 0.5), ("ث", 0.8)]
    case "S": return [("ش", 0)]
    case "'": return [("ع", 0.1), ("ء", 0.4)]
    case "G": return [("غ", 0), ("ق", 0.3)]
    case "f": return [("ف", 0)]
    case "q": return [("ق", 0), ("غ", persian ? 0.3 : 0.8)]
    case "k": return [(persian ? "ک" : "ك", 0), ("ق", 0.6)]
    case "l": return [("ل", 0)]
    case "m": return [("م", 0)]
    case "n": return [("ن", 0)]
    case "v": return persian ? [("و", 0)] : [("ف", 0.3), ("و", 0.3)]
    case "w": return [("و", 0)]
    case "y": return [(yeh, 0)]
    case "a":
      switch position {
      case .first: return [("ا", 0), ("ع", 0.5)]
      case .middle: return [("ا", 0.15), ("", 0.2), ("ع", 0.8)]
      case .last: return persian ? [("ا", 0.3), ("ه", 0.3)] : [("ا", 0.2), ("ة", 0.4), ("ى", 0.6)]
      }
    case "e":
      switch position {
      case .first: return [("ا", 0.1), ("ع", 0.6)]
      case .middle: return [("", 0), (yeh, 0.9)]
      case .last:
        return persian
          ? [("ه", 0.1), ("", 0.6), (yeh, 0.7)] : [("ة", 0.4), ("ه", 0.5), (yeh, 0.6)]
      }
    case "i":
      switch position {
      case .first: return persian ? [("ا", 0.1), ("ای", 0.3)] : [("ا", 0.1), ("اي", 0.3)]
      case .middle: return [(yeh, 0.1), ("", 0.3)]
      case .last: return [(yeh, 0)]
      }
    case "o", "u":
      switch position {
      case .first: return [("ا", 0.2), ("او", 0.3), ("ع", 0.6)]
      case .middle: return [("و", sound == UInt8(ascii: "u") ? 0.15 : 0.2), ("", 0.2)]
      case .last: return [("و", 0)]
      }
    default: return [("", 0)]
    }
  }
}

/// Where Persian and Arabic spellings of Latin names are known (a glossary): they come
/// before the rules' guesses (*Hassan Nasrallah* is `حسن نصرالله`, which no rule of
/// sounds writes).
public protocol KnownSpellingSource: Sendable {
  /// The known spellings of a Latin name in the script of `language` (Persian or Arabic),
  /// best first; empty when the name is not known.
  func knownSpellings(of name: String, in language: TextLanguage) -> [String]

  /// The known spelling of one word of a Latin name (as written between spaces), or nil:
  /// for a name not known as a whole whose words are (*Hassan* of *Hassan Diab*).
  func knownSpelling(ofWord word: Substring, in language: TextLanguage) -> String?
}

extension KnownSpellingSource {
  public func knownSpelling(ofWord word: Substring, in language: TextLanguage) -> String? { nil }
}

/// Spelling Latin names in Arabic script as a filter for ``LineFilter``
/// (`tarjuman translit --to fa|ar`): each line's spellings, best first, separated by tabs.
public struct ArabicScriptSpellerTransform: LineTransform {
  private let speller: ArabicScriptSpeller
  private let language: TextLanguage
  private let count: Int
  private let known: (any KnownSpellingSource)?

  /// Creates the filter.
  ///
  /// - Parameter known: spellings that come before the rules' (a glossary's), or nil.
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public init(language: TextLanguage, count: Int, known: (any KnownSpellingSource)? = nil) throws {
    speller = try ArabicScriptSpeller()
    self.language = language
    self.count = max(count, 1)
    self.known = known
  }

  public func makeWorkspace() {}

  public func transform(
    _ line: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], workspace: Void
  ) -> Bool {
    guard UTF8Decoding.firstInvalidOffset(line) == nil else { return false }
    let name = String(decoding: line, as: UTF8.self)
    let spellings = speller.spellings(of: name, in: language, count: count, known: known)
    output.append(contentsOf: spellings.joined(separator: "\t").utf8)
    return true
  }
}
