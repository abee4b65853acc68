import TarjumanText

/// How Persian and Arabic script is written in Latin letters.
public enum RomanizationScheme: String, CaseIterable, Sendable {
  /// The readable spelling English-language news uses for names: no diacritics,
  /// consonants read the way of the language (Persian ق *gh*, Arabic ق *q*), the
  /// article as *al-*, each word capitalized (*Abu Mhmd al-Julani*).
  case news
  /// A scholarly scheme after ALA-LC, with diacritics, that writes every letter
  /// (*Abū Mḥmd al-Jūlānī*; with harakat *Muḥammad*).
  case strict
  /// ``strict`` folded to ASCII (*Abu Mhmd al-Julani*, *Sha'ban*).
  case ascii
}

/// The rule sets behind each ``RomanizationScheme``, in ICU transform rule syntax.
///
/// Each rule set is one transliterator, compiled once per process through
/// `TransliteratorCache`; the Swift files beside this one hold the rules with their
/// comments. The rules only romanize: capitalization, the choice of language and the
/// construct state of teh marbuta are decided by ``Romanizer``.
public enum RomanizationRules {
  /// The languages that have rule sets (Arabic-script languages).
  public static let languages: [TextLanguage] = [.fa, .ar]

  /// The transliterator ID of a rule set, such as `Tarjuman-fa-news`.
  public static func id(scheme: RomanizationScheme, language: TextLanguage) -> String {
    "Tarjuman-\(ruleLanguage(language).rawValue)-\(scheme.rawValue)"
  }

  /// The rule text of a scheme for a language. English has no rule set of its own: it
  /// gets Arabic's, which ``Romanizer`` never asks for.
  public static func rules(scheme: RomanizationScheme, language: TextLanguage) -> String {
    switch (scheme, ruleLanguage(language)) {
    case (.news, .fa): PersianNewsRules.rules
    case (.news, _): ArabicNewsRules.rules
    case (.strict, .fa): StrictRules.persian
    case (.strict, _): StrictRules.arabic
    case (.ascii, .fa): AsciiRules.persian
    case (.ascii, _): AsciiRules.arabic
    }
  }

  static func ruleLanguage(_ language: TextLanguage) -> TextLanguage {
    language == .fa ? .fa : .ar
  }
}
