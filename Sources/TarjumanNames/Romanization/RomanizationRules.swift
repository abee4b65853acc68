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
/// Each rule set is one transliterator, compiled once per process: ``CompiledRules``
/// runs it in Swift, or, for the rules it does not run (`ascii`, whose last pass is ICU's
/// `Latin-ASCII`), ICU through `TransliteratorCache`. The Swift files beside this one hold
/// the rules with their comments. The rules only romanize: capitalization, the choice of language and the
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

  /// The rule text the romanizer compiles: `rules` without a leading `::NFC ;` pass,
  /// when only comments and variable definitions come before it, so that the caller
  /// normalizes to NFC itself. The result equals the full rules' on NFC input.
  ///
  /// ICU 72 runs every rule-based pass of every transliterator in the process under one
  /// mutex, and a compound transliterator that starts with `::NFC` also runs an empty
  /// rule-based pass before it: on a word, the two cost about a fifth of the rules' time
  /// and nothing outside that mutex. The `::NFC ;` line is blanked, not removed, so that
  /// ICU's line numbers in errors stay right. Rules of another shape are left as they are.
  static func engineRules(_ rules: String) -> String {
    var lines = rules.split(separator: "\n", omittingEmptySubsequences: false)
    for (index, line) in lines.enumerated() {
      let text = line.drop { $0 == " " || $0 == "\t" }
      if text.isEmpty || text.hasPrefix("#") { continue }
      if text.hasPrefix("$") && text.contains("=") { continue }
      guard text.hasPrefix("::") else { return rules }
      let directive = text.split(separator: "#", maxSplits: 1).first ?? text
      guard directive.filter({ $0 != " " }) == "::NFC;" else { return rules }
      lines[index] = ""
      return lines.joined(separator: "\n")
    }
    return rules
  }

  static func ruleLanguage(_ language: TextLanguage) -> TextLanguage {
    language == .fa ? .fa : .ar
  }
}
