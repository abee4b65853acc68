/// A named sequence of normalization steps.
///
/// Profiles go from the strict Unicode forms to Tarjuman's two working profiles:
/// `clean`, which changes spelling conventions but never meaning and is safe for display
/// and publishing, and `key`, which is lossy and meant for matching and indexing.
/// `Documentation/Normalization.md` has one row per step.
public enum NormalizationProfile: String, CaseIterable, Sendable {
  /// Unicode NFC only.
  case nfc
  /// Unicode NFKC only.
  case nfkc
  /// Display-safe cleanup per language (see ``NormalizationStep/cleanSteps``).
  case clean
  /// Lossy matching key: everything in `clean`, then folding (see ``NormalizationStep/keySteps``).
  case key

  /// The steps this profile runs, in order.
  public var steps: [NormalizationStep] {
    switch self {
    case .nfc: [.nfc]
    case .nfkc: [.nfkc]
    case .clean: NormalizationStep.cleanSteps
    case .key: NormalizationStep.cleanSteps + NormalizationStep.keySteps
    }
  }

  /// Whether the result depends on the language of the line (`--lang`).
  ///
  /// `key` does not: a word spelled the Persian way and the Arabic way must get one key
  /// whatever language the line is declared in.
  public var isLanguageSensitive: Bool { self == .clean }
}

/// One normalization step. Steps are composed into ``NormalizationProfile``s.
///
/// Steps that map one code point to fixed text are compiled together into a single
/// lookup table, so adding such a step costs nothing per character; steps that look at
/// neighbours (ZWNJ, punctuation spacing, whitespace) run as one contextual pass.
public enum NormalizationStep: String, CaseIterable, Sendable {
  /// Unicode canonical composition (NFC).
  case nfc
  /// Unicode compatibility composition (NFKC).
  case nfkc
  /// Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) to the base letters they show.
  case presentationForms
  /// Bidi controls removed: LRM, RLM, ALM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI.
  case bidiControls
  /// Tatweel (kashida, U+0640) removed.
  case tatweel
  /// Invisible characters: soft hyphen, word joiner, byte-order mark and Mongolian vowel
  /// separator removed; a zero-width space becomes ZWNJ (between two Arabic-script letters
  /// it breaks the joining as ZWNJ does; the `zwnj` step removes it everywhere else).
  case invisibles
  /// Yeh and kaf in the letters of the line's language: Persian ی ک, Arabic ي ك.
  case yehKaf
  /// Digits in the style chosen with `--digits` (keep, ascii, persian, arabic).
  case digits
  /// Apostrophe-like marks (’ ‘ ‛ ʼ ʾ ʿ ′ ` ´ ＇) to the ASCII apostrophe.
  case apostrophes
  /// Hyphen variants (U+2010 U+2011 U+2012 U+2212 U+FE63 U+FF0D) to the ASCII
  /// hyphen-minus; horizontal bar (U+2015) to em dash.
  case dashes
  /// No-break and other odd spaces to the ordinary space.
  case spaces
  /// ZWNJ made consistent in every line: runs collapsed, removed where it cannot affect
  /// joining; in Persian lines also added after the prefix می/نمی and before the plural
  /// suffix ها.
  case zwnj
  /// Punctuation per language: Arabic comma, semicolon and question mark in Persian and
  /// Arabic lines, ASCII ones in English lines; no space before closing punctuation, one
  /// after separators, runs of spaces collapsed, trailing spaces removed.
  case punctuation
  /// Full case folding (and NFKC, so that compatibility variants fold too).
  case caseFold
  /// All nonspacing marks removed: Arabic harakat, superscript alef, hamza above and
  /// below, Latin accents.
  case diacritics
  /// Arabic letter variants unified: alef forms (أ إ آ ٱ) to ا, teh marbuta to heh,
  /// alef maksura to yeh, heh with hamza (ۀ), ae (ە), heh doachashmee (ھ) and heh goal
  /// (ہ) to heh, hamza carriers (ؤ ئ) to their letters, one yeh (ی) and one kaf (ک, also
  /// for swash kaf ڪ) for both languages.
  case arabicLetters
  /// ZWNJ removed.
  case removeZWNJ
  /// Every decimal digit (Persian, Arabic-Indic, ...) as ASCII.
  case asciiDigits
  /// Apostrophe-like marks (and hamza and ayn signs) removed.
  case removeApostrophes
  /// Arabic punctuation to ASCII, so that `،` and `,` give one key.
  case asciiPunctuation
  /// Runs of whitespace (spaces, tabs, ZWNJ-free gaps) to one space, trimmed at both ends.
  case collapseWhitespace

  /// The steps of the `clean` profile, in order.
  public static let cleanSteps: [NormalizationStep] = [
    .nfc, .presentationForms, .bidiControls, .tatweel, .invisibles, .yehKaf, .digits,
    .apostrophes, .dashes, .spaces, .zwnj, .punctuation,
  ]

  /// The steps `key` adds after `clean`, in order.
  public static let keySteps: [NormalizationStep] = [
    .caseFold, .diacritics, .arabicLetters, .removeZWNJ, .asciiDigits, .removeApostrophes,
    .asciiPunctuation, .collapseWhitespace,
  ]
}

/// How the `digits` step writes decimal digits.
public enum DigitStyle: String, CaseIterable, Sendable {
  /// Leave digits as they are.
  case keep
  /// 0–9 everywhere.
  case ascii
  /// Extended Arabic-Indic (Persian) digits ۰–۹ in Persian and Arabic lines.
  case persian
  /// Arabic-Indic digits ٠–٩ in Persian and Arabic lines.
  case arabic
}

/// Everything that decides what a normalizer does.
public struct NormalizationOptions: Hashable, Sendable {
  /// The profile to apply.
  public var profile: NormalizationProfile
  /// The language of the text, or `.auto` to decide per line.
  public var language: LanguageSetting
  /// How to write digits (profile `clean`).
  public var digits: DigitStyle

  /// Creates options; the defaults are `clean`, `auto` and `keep`.
  public init(
    profile: NormalizationProfile = .clean, language: LanguageSetting = .auto,
    digits: DigitStyle = .keep
  ) {
    self.profile = profile
    self.language = language
    self.digits = digits
  }
}
