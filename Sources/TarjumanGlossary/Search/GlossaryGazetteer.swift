import TarjumanNames

extension NameGazetteer {
  /// The concepts of a glossary, each with all its terms in every language (deprecated
  /// and forbidden spellings too: they still name the concept), for ``NameMatcher``.
  ///
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public init(glossary: Glossary) throws {
    try self.init(concepts: glossary.concepts.map { ($0.id, $0.terms.map(\.text)) })
  }
}
