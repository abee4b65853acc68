/// Abbreviations and the names they stand for: `IRGC` and *Islamic Revolutionary Guard
/// Corps*, `SDF` and *Syrian Democratic Forces*, `HTS` and *Hay'at Tahrir al-Sham*,
/// `MBS` and *Mohammed bin Salman*. No sound rule relates them; their letters do.
///
/// An abbreviation is one word of capitals (digits and hyphens allowed: `IRGC-QF`,
/// `ISIS-K`, `G7`), at least two letters, or capitals each followed by a period (`U.S.`,
/// `E.U.`, `U.N.`). A name it may stand for is a Latin name of two
/// words or more; its **initials** are the first letters of its words (a hyphen also
/// separates words; accents are ignored), read in two ways:
///
/// - *primary*: without the small words of the phrase (`of`, `the`, `for`, `and`, `in`,
///   `on`, `de`, `la`, ...) and without the Arabic article (`al-`, `el-`, and its
///   sun-letter forms), so that *Organisation of Islamic Cooperation* is `OIC` and
///   *Hay'at Tahrir al-Sham* is `HTS`;
/// - *alternate*: with the article (as `A`), with the small words, or with both, so that
///   *al-Qaeda in the Arabian Peninsula* is also `AQAP` and *Joint Comprehensive Plan of
///   Action* `JCPOA`.
///
/// ``NameMatcher`` indexes both sides, and scores an abbreviation against a name whose
/// initials spell it (see ``score(letters:primary:)``).
public enum Acronym {
  /// The letters of `name` when it is written as an abbreviation (capitals and digits,
  /// without hyphens and periods), or nil.
  public static func letters(ofAbbreviation name: String) -> String? {
    abbreviation(name)?.letters
  }

  /// Whether `name` is an abbreviation written with periods (`U.S.`, `E.U.`): letters that
  /// can only be initials, never a word (`UN` may be a misspelt word, `U.N.` may not).
  public static func hasPeriods(_ name: String) -> Bool {
    abbreviation(name)?.hasPeriods ?? false
  }

  /// `name` read as an abbreviation: one word (spaces around it, none inside) of capitals,
  /// digits and hyphens, or of capitals each followed by a period; nil for anything else.
  private static func abbreviation(_ name: String) -> (letters: String, hasPeriods: Bool)? {
    let words = name.split(whereSeparator: { $0 == " " || $0 == "\t" })
    guard words.count == 1 else { return nil }
    var letters = String.UnicodeScalarView()
    var capitals = 0
    var periods = 0
    var previous: Unicode.Scalar?
    for scalar in words[0].unicodeScalars {
      switch scalar.value {
      case 0x41...0x5A:
        capitals += 1
        letters.append(scalar)
      case 0x30...0x39: letters.append(scalar)
      case 0x2D: break
      case 0x2E:
        // A period only after a capital: `U.S.`, not `..` or `.S`.
        guard let previous, previous.value >= 0x41 && previous.value <= 0x5A else { return nil }
        periods += 1
      default: return nil
      }
      previous = scalar
    }
    guard capitals >= 2, letters.count <= 10 else { return nil }
    // With periods, every capital has one (the last may go without: `U.S`).
    if periods > 0 && periods < capitals - 1 { return nil }
    return (String(letters), periods > 0)
  }

  /// The initials of a Latin name of two words or more: the primary reading first, then
  /// the alternate ones that differ from it (see the type's description). Empty for
  /// anything else.
  public static func initials(of name: String) -> [(letters: String, primary: Bool)] {
    var words: [Substring] = []
    for word in name.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "\u{2013}" }) {
      // Leading punctuation (quotes, brackets) is not part of a word's first letter.
      let trimmed = word.drop { !$0.isLetter && !$0.isNumber }
      if !trimmed.isEmpty { words.append(trimmed) }
    }
    guard words.count >= 2 else { return [] }
    // Per word: its initial, and whether it is an article or a small word.
    var letters: [(initial: Unicode.Scalar, isArticle: Bool, isSmall: Bool)] = []
    for (position, word) in words.enumerated() {
      guard let first = word.unicodeScalars.first, let initial = latinInitial(first) else {
        return []
      }
      let lowered = word.lowercased()
      letters.append(
        (initial, articles.contains(lowered), position > 0 && smallWords.contains(lowered)))
    }
    var readings: [(letters: String, primary: Bool)] = []
    for (keepsArticles, keepsSmallWords) in [
      (false, false), (true, false), (false, true), (true, true),
    ] {
      var reading = String.UnicodeScalarView()
      for letter in letters
      where (keepsArticles || !letter.isArticle) && (keepsSmallWords || !letter.isSmall) {
        reading.append(letter.initial)
      }
      let spelled = String(reading)
      guard spelled.unicodeScalars.count >= 2, !readings.contains(where: { $0.letters == spelled })
      else { continue }
      readings.append((spelled, readings.isEmpty && !keepsArticles && !keepsSmallWords))
    }
    return readings
  }

  /// The score of an abbreviation against a name whose initials spell it: 0.9 for the
  /// primary reading of three letters or more, 0.85 for the alternate one; two letters
  /// say less (`AA` is the initials of a dozen names, `IT` of any Ibrahim Tannous):
  /// 0.65 and 0.6, below most names that sound like the query. Written with periods,
  /// the letters can only be initials, whatever their number: 0.95 and 0.9, above a
  /// word that sounds like them (`U.N.` is *United Nations*, not the *Un* of *Kim Jong Un*).
  public static func score(letters: String, primary: Bool, hasPeriods: Bool = false) -> Double {
    if hasPeriods { return primary ? 0.95 : 0.9 }
    if letters.count >= 3 { return primary ? 0.9 : 0.85 }
    return primary ? 0.65 : 0.6
  }

  /// The capital of a word's first letter when it is a Latin letter (accents dropped) or a
  /// digit, else nil.
  private static func latinInitial(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
    switch scalar.value {
    case 0x41...0x5A, 0x30...0x39: return scalar
    case 0x61...0x7A: return Unicode.Scalar(scalar.value - 0x20)
    default:
      // Latin letters with accents (Ö, Ç, Ş, Î, ...): the base letter of their
      // decomposition.
      guard scalar.properties.isAlphabetic,
        let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first,
        base.value < 0x80, base != scalar
      else { return nil }
      return latinInitial(base)
    }
  }

  /// Written in front of a name, not part of its abbreviation in the primary reading.
  private static let articles: Set<String> = [
    "al", "el", "ad", "ag", "an", "ar", "as", "ash", "at", "ath", "az", "adh", "ud", "ul",
  ]

  /// Small words of a phrase, left out of the primary reading (not as its first word).
  private static let smallWords: Set<String> = [
    "of", "the", "for", "and", "in", "on", "at", "to", "a", "an", "de", "du", "des", "la",
    "le", "les", "del", "di", "da", "und", "der", "ve", "wa", "fi",
  ]
}
