import Foundation
import TarjumanText

/// Names known to be one thing: concepts, each with all its names in any language
/// (`Damascus`, `دمشق`, `Dimashq`), for ``NameMatcher`` to match names that no rule can
/// (exonyms, translations, abbreviations, aliases).
///
/// A name belongs to a concept when its key form equals the key form of one of the
/// concept's names: the `key` normalization (case, diacritics, alef, yeh and kaf forms,
/// ZWNJ) without spaces and hyphens, as glossary terms are compared, or the words as
/// ``NameReader`` reads them (without articles), joined; a name written in capitals
/// (`HTS`, `SANA`) only meets the same capitals. A query and a candidate that
/// belong to one concept match with score 1, explained as `glossary: <concept id>`.
///
/// `TarjumanGlossary` builds one from the loaded glossaries (`NameGazetteer(glossary:)`).
public struct NameGazetteer: Sendable {
  private let ids: [String]
  private let conceptsByKey: [String: [Int32]]
  private let normalizer: TextNormalizer
  private let reader: NameReader

  /// Builds a gazetteer from concepts and their names.
  ///
  /// - Parameter concepts: each concept's identifier (shown in explanations) and names.
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public init(concepts: [(id: String, names: [String])]) throws {
    let normalizer = try TextNormalizer.shared(profile: .key)
    let reader = try NameReader()
    self.normalizer = normalizer
    self.reader = reader
    var ids: [String] = []
    var byKey: [String: [Int32]] = [:]
    for (id, names) in concepts {
      let index = Int32(ids.count)
      ids.append(id)
      for name in names {
        for key in Self.keys(of: name, normalizer, reader) where byKey[key]?.last != index {
          byKey[key, default: []].append(index)
        }
      }
    }
    self.ids = ids
    conceptsByKey = byKey
  }

  /// The number of concepts.
  public var count: Int { ids.count }

  /// The key forms a name is looked up by: its spelling key and its words as read.
  public func keys(of name: String) -> [String] {
    Self.keys(of: name, normalizer, reader)
  }

  private static func keys(
    of name: String, _ normalizer: TextNormalizer, _ reader: NameReader
  ) -> [String] {
    let spelling = String(
      normalizer.normalize(name).unicodeScalars.filter { $0 != " " && $0 != "-" })
    guard !spelling.isEmpty else { return [] }
    // An abbreviation in capitals is only that abbreviation: `SANA` is the news agency,
    // `Sana` may be the city.
    if isAbbreviation(name) { return [abbreviationMark + spelling] }
    let read = reader.tokens(of: name).map(\.text).joined()
    return read.isEmpty || read == spelling ? [spelling] : [spelling, read]
  }

  /// Whether a name is written in capitals (two letters or more).
  private static func isAbbreviation(_ name: String) -> Bool {
    var letters = 0
    for scalar in name.unicodeScalars where scalar.properties.isAlphabetic {
      guard scalar.properties.isUppercase else { return false }
      letters += 1
    }
    return letters >= 2
  }

  /// Marks the key of an abbreviation written in capitals.
  private static let abbreviationMark = "\u{1}"

  /// The concepts a name belongs to (positions in the order given), ascending.
  package func concepts(of name: String) -> [Int32] {
    concepts(of: name, keys: keys(of: name))
  }

  /// The concepts of a name already read into words (the matcher reads every candidate
  /// once, for its index).
  package func concepts(
    of name: String, tokens: [NameToken], workspace: NormalizerWorkspace
  ) -> [Int32] {
    let spelling = String(
      normalizer.apply(to: name, workspace: workspace).unicodeScalars.filter {
        $0 != " " && $0 != "-"
      })
    guard !spelling.isEmpty else { return [] }
    if Self.isAbbreviation(name) {
      return concepts(of: name, keys: [Self.abbreviationMark + spelling])
    }
    let read = tokens.map(\.text).joined()
    return concepts(
      of: name, keys: read.isEmpty || read == spelling ? [spelling] : [spelling, read])
  }

  private func concepts(of name: String, keys: [String]) -> [Int32] {
    var result: [Int32] = []
    for key in keys {
      for concept in conceptsByKey[key] ?? [] where !result.contains(concept) {
        result.append(concept)
      }
    }
    return result.sorted()
  }

  /// The identifiers of the concepts a name belongs to.
  public func conceptIDs(of name: String) -> [String] {
    concepts(of: name).map { ids[Int($0)] }
  }

  /// The identifier of a concept.
  package func id(of concept: Int32) -> String { ids[Int(concept)] }
}
