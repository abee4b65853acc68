import TarjumanText

/// Checks a glossary as a whole: what no single block can show on its own (an id used
/// twice, one spelling in two concepts, a style naming a term that does not exist).
public struct GlossaryValidator: Sendable {
  private let keyNormalizer: TextNormalizer

  /// Creates a validator.
  ///
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public init() throws {
    keyNormalizer = try TextNormalizer.shared(profile: .key)
  }

  /// The form two spellings share when they are the same term: the `key` profile (case,
  /// diacritics, alef, yeh and kaf forms, ZWNJ) with spaces and hyphens removed.
  public func spellingKey(_ text: String) -> String {
    String(keyNormalizer.normalize(text).unicodeScalars.filter { $0 != " " && $0 != "-" })
  }

  /// Every problem in the glossary, in file and line order.
  public func problems(in glossary: Glossary) -> [GlossaryProblem] {
    var problems: [GlossaryProblem] = []
    var conceptsByID: [String: Concept] = [:]
    // (language, spelling key) → the concept and term that first used it.
    var owners: [String: (concept: String, term: Term)] = [:]
    for concept in glossary.concepts {
      if let first = conceptsByID[concept.id] {
        problems.append(
          GlossaryProblem(
            .error,
            "duplicate concept id '\(concept.id)' (first defined at \(first.location.map(\.description) ?? "?"))",
            at: concept.location))
      } else {
        conceptsByID[concept.id] = concept
      }
      var preferredByLanguage: [LanguageTag: Term] = [:]
      var seenInConcept: [String: Term] = [:]
      for term in concept.terms {
        let language = String(term.language.language)
        let key = language + "\u{1F}" + spellingKey(term.text)
        if term.status == .preferred {
          if let first = preferredByLanguage[term.language] {
            problems.append(
              GlossaryProblem(
                .error,
                "two preferred \(term.language) terms in '\(concept.id)': '\(first.text)' and '\(term.text)'",
                at: term.location))
          } else {
            preferredByLanguage[term.language] = term
          }
        }
        if let first = seenInConcept[key] {
          problems.append(
            GlossaryProblem(
              .error,
              "'\(term.text)' repeats '\(first.text)' in '\(concept.id)' (\(term.language))",
              at: term.location))
          continue
        }
        seenInConcept[key] = term
        if let owner = owners[key], owner.concept != concept.id {
          problems.append(
            GlossaryProblem(
              .error,
              "\(term.language) term '\(term.text)' is also a term of '\(owner.concept)' ('\(owner.term.text)' at \(owner.term.location.map(\.description) ?? "?"))",
              at: term.location))
        } else {
          owners[key] = (concept.id, term)
        }
      }
      for language in concept.languages where preferredByLanguage[language] == nil {
        let first = concept.terms.first { $0.language == language }
        problems.append(
          GlossaryProblem(
            .warning, "no preferred \(language) term in '\(concept.id)'", at: first?.location))
      }
    }
    var styleNames = Set<String>()
    for style in glossary.styles {
      if !styleNames.insert(style.id).inserted {
        problems.append(
          GlossaryProblem(.error, "duplicate style '\(style.id)'", at: style.location))
      }
      for preference in style.preferences {
        guard let concept = conceptsByID[preference.conceptID] else {
          problems.append(
            GlossaryProblem(
              .error, "style '\(style.id)' names unknown concept '\(preference.conceptID)'",
              at: preference.location))
          continue
        }
        let exists = concept.terms(in: preference.language).contains { $0.text == preference.text }
        if !exists {
          problems.append(
            GlossaryProblem(
              .error,
              "style '\(style.id)' prefers '\(preference.text)', which is not a \(preference.language) term of '\(concept.id)'",
              at: preference.location))
        }
      }
    }
    return problems
  }
}
