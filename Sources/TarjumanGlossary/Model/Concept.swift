/// What a concept is.
public enum ConceptKind: String, CaseIterable, Sendable, Codable {
  case person, organization, place, term, other
}

/// One person, organization, place or term, with the terms that name it in each language.
public struct Concept: Sendable, Equatable, Identifiable {
  /// A stable identifier: lowercase ASCII letters, digits and `- _ . /`.
  public var id: String
  /// Person, organization, place, term or other.
  public var kind: ConceptKind
  /// Definitions and notes.
  public var notes: [String]
  /// Where the facts come from.
  public var sources: [String]
  /// The terms, in the order they were written.
  public var terms: [Term]
  /// Where the concept was read from; not part of equality.
  public var location: SourceLocation?

  /// Creates a concept.
  public init(
    id: String, kind: ConceptKind, notes: [String] = [], sources: [String] = [],
    terms: [Term] = [], location: SourceLocation? = nil
  ) {
    self.id = id
    self.kind = kind
    self.notes = notes
    self.sources = sources
    self.terms = terms
    self.location = location
  }

  /// The terms in a language (or in the languages a range such as `fa` covers: `fa-AF`).
  public func terms(in language: LanguageTag) -> [Term] {
    terms.filter { $0.language.matches(language) }
  }

  /// The languages the concept has terms in, in the order they first appear.
  public var languages: [LanguageTag] {
    var seen = Set<LanguageTag>()
    return terms.compactMap { seen.insert($0.language).inserted ? $0.language : nil }
  }

  /// Whether a string is a valid concept identifier.
  public static func isValidID(_ id: String) -> Bool {
    !id.isEmpty && id.utf8.count <= 200
      && id.utf8.allSatisfy { byte in
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
          || byte == 0x5F || byte == 0x2E || byte == 0x2F || (byte >= 0x41 && byte <= 0x5A)
      }
  }

  public static func == (lhs: Concept, rhs: Concept) -> Bool {
    lhs.id == rhs.id && lhs.kind == rhs.kind && lhs.notes == rhs.notes
      && lhs.sources == rhs.sources && lhs.terms == rhs.terms
  }
}
