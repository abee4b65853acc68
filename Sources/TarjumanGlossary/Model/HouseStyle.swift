/// A named set of preferences over a glossary: which term a publication writes for a
/// concept, without copying the glossary.
public struct HouseStyle: Sendable, Equatable, Identifiable {
  /// One explicit choice: in `language`, concept `conceptID` is written `text`.
  public struct Preference: Sendable, Equatable {
    /// The concept.
    public var conceptID: String
    /// The language.
    public var language: LanguageTag
    /// The text of one of the concept's terms in that language.
    public var text: String
    /// Where the preference was read from; not part of equality.
    public var location: SourceLocation?

    /// Creates a preference.
    public init(
      conceptID: String, language: LanguageTag, text: String, location: SourceLocation? = nil
    ) {
      self.conceptID = conceptID
      self.language = language
      self.text = text
      self.location = location
    }

    public static func == (lhs: Preference, rhs: Preference) -> Bool {
      lhs.conceptID == rhs.conceptID && lhs.language == rhs.language && lhs.text == rhs.text
    }
  }

  /// The style's name (`wire`, `formal`).
  public var id: String
  /// What the style is for.
  public var notes: [String]
  /// Term types preferred, in order, where no explicit preference applies.
  public var preferredTypes: [TermType]
  /// Explicit choices.
  public var preferences: [Preference]
  /// Where the style was read from; not part of equality.
  public var location: SourceLocation?

  /// Creates a style.
  public init(
    id: String, notes: [String] = [], preferredTypes: [TermType] = [],
    preferences: [Preference] = [], location: SourceLocation? = nil
  ) {
    self.id = id
    self.notes = notes
    self.preferredTypes = preferredTypes
    self.preferences = preferences
    self.location = location
  }

  public static func == (lhs: HouseStyle, rhs: HouseStyle) -> Bool {
    lhs.id == rhs.id && lhs.notes == rhs.notes && lhs.preferredTypes == rhs.preferredTypes
      && lhs.preferences == rhs.preferences
  }
}
