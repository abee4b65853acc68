/// Concepts and house styles, read from one or more files.
public struct Glossary: Sendable, Equatable {
  /// The concepts, in the order they were read.
  public var concepts: [Concept]
  /// The house styles.
  public var styles: [HouseStyle]

  /// Creates a glossary.
  public init(concepts: [Concept] = [], styles: [HouseStyle] = []) {
    self.concepts = concepts
    self.styles = styles
  }

  /// Adds the concepts and styles of another glossary after these.
  public mutating func merge(_ other: Glossary) {
    concepts.append(contentsOf: other.concepts)
    styles.append(contentsOf: other.styles)
  }

  /// The concept with an identifier.
  public func concept(id: String) -> Concept? {
    concepts.first { $0.id == id }
  }

  /// The style with a name.
  public func style(named name: String) -> HouseStyle? {
    styles.first { $0.id == name }
  }

  /// The term to write for a concept in a language: the style's explicit choice, else
  /// the first term of the style's preferred types that is neither deprecated nor
  /// forbidden, else the concept's `preferred` term, else its first admitted term.
  public static func rendering(
    of concept: Concept, in language: LanguageTag, style: HouseStyle? = nil
  ) -> Term? {
    let candidates = concept.terms(in: language)
    guard !candidates.isEmpty else { return nil }
    if let style {
      if let choice = style.preferences.first(where: {
        $0.conceptID == concept.id
          && ($0.language.matches(language) || language.matches($0.language))
      }), let term = candidates.first(where: { $0.text == choice.text }) {
        return term
      }
      for type in style.preferredTypes {
        if let term = candidates.first(where: { $0.type == type && $0.status <= .admitted }) {
          return term
        }
      }
    }
    return candidates.first { $0.status == .preferred }
      ?? candidates.first { $0.status == .admitted } ?? candidates.first
  }
}
