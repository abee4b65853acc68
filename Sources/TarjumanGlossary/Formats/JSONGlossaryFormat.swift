import Foundation

/// Reads and writes glossaries as JSON: the whole model (concepts, terms with status,
/// type and note, house styles), so that a round trip loses nothing.
///
/// ```json
/// {"concepts": [{"id": "hts", "kind": "organization", "notes": [], "sources": [],
///    "terms": [{"language": "en", "text": "HTS", "status": "admitted",
///               "type": "abbreviation"}]}],
///  "styles": [{"id": "wire", "notes": [], "preferTypes": ["short-form"],
///              "prefer": [{"concept": "hts", "language": "en", "text": "HTS"}]}]}
/// ```
public enum JSONGlossaryFormat {
  /// Reads a JSON glossary; problems name the file and, for a syntax error, the line.
  public static func read(_ text: String, file: String) throws -> (Glossary, [GlossaryProblem]) {
    let document: Document
    do {
      document = try JSONDecoder().decode(Document.self, from: Data(text.utf8))
    } catch let error as DecodingError {
      return (
        Glossary(),
        [GlossaryProblem(.error, describe(error), at: SourceLocation(file: file, line: 1))]
      )
    }
    var problems: [GlossaryProblem] = []
    let location = SourceLocation(file: file, line: 1)
    var glossary = Glossary()
    for concept in document.concepts {
      guard let kind = ConceptKind(rawValue: concept.kind) else {
        problems.append(
          GlossaryProblem(
            .error, "concept '\(concept.id)': unknown kind '\(concept.kind)'", at: location))
        continue
      }
      var terms: [Term] = []
      for term in concept.terms {
        guard let language = LanguageTag(term.language) else {
          problems.append(
            GlossaryProblem(
              .error, "concept '\(concept.id)': '\(term.language)' is not a BCP 47 language tag",
              at: location))
          continue
        }
        guard
          let status = TermStatus(rawValue: term.status ?? "admitted")
            ?? TermStatus(vendorValue: term.status ?? "")
        else {
          problems.append(
            GlossaryProblem(
              .error, "concept '\(concept.id)': unknown status '\(term.status ?? "")'", at: location
            ))
          continue
        }
        guard let type = TermType(rawValue: term.type ?? "full-form") else {
          problems.append(
            GlossaryProblem(
              .error, "concept '\(concept.id)': unknown term type '\(term.type ?? "")'",
              at: location))
          continue
        }
        terms.append(
          Term(
            term.text, language: language, status: status, type: type, note: term.note,
            location: location))
      }
      glossary.concepts.append(
        Concept(
          id: concept.id, kind: kind, notes: concept.notes ?? [], sources: concept.sources ?? [],
          terms: terms, location: location))
    }
    for style in document.styles ?? [] {
      var types: [TermType] = []
      for name in style.preferTypes ?? [] {
        if let type = TermType(rawValue: name) {
          types.append(type)
        } else {
          problems.append(
            GlossaryProblem(
              .error, "style '\(style.id)': unknown term type '\(name)'", at: location))
        }
      }
      var preferences: [HouseStyle.Preference] = []
      for preference in style.prefer ?? [] {
        guard let language = LanguageTag(preference.language) else {
          problems.append(
            GlossaryProblem(
              .error, "style '\(style.id)': '\(preference.language)' is not a BCP 47 language tag",
              at: location))
          continue
        }
        preferences.append(
          HouseStyle.Preference(
            conceptID: preference.concept, language: language, text: preference.text,
            location: location))
      }
      glossary.styles.append(
        HouseStyle(
          id: style.id, notes: style.notes ?? [], preferredTypes: types, preferences: preferences,
          location: location))
    }
    return (glossary, problems)
  }

  /// Writes the glossary as pretty-printed JSON with sorted keys (stable diffs).
  public static func write(_ glossary: Glossary) throws -> String {
    let document = Document(
      concepts: glossary.concepts.map { concept in
        Document.ConceptRecord(
          id: concept.id, kind: concept.kind.rawValue, notes: concept.notes,
          sources: concept.sources,
          terms: concept.terms.map {
            Document.TermRecord(
              language: $0.language.rawValue, text: $0.text, status: $0.status.rawValue,
              type: $0.type.rawValue, note: $0.note)
          })
      },
      styles: glossary.styles.map { style in
        Document.StyleRecord(
          id: style.id, notes: style.notes, preferTypes: style.preferredTypes.map(\.rawValue),
          prefer: style.preferences.map {
            Document.PreferenceRecord(
              concept: $0.conceptID, language: $0.language.rawValue, text: $0.text)
          })
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
  }

  private static func describe(_ error: DecodingError) -> String {
    switch error {
    case .dataCorrupted(let context):
      let underlying =
        (context.underlyingError as NSError?)?.userInfo["NSDebugDescription"] as? String
      return "not valid JSON: \(underlying ?? context.debugDescription)"
    case .keyNotFound(let key, let context):
      return "missing '\(key.stringValue)' at \(path(context))"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return "wrong type at \(path(context)): \(context.debugDescription)"
    @unknown default:
      return "not a glossary: \(error)"
    }
  }

  private static func path(_ context: DecodingError.Context) -> String {
    let parts = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
    return parts.isEmpty ? "the top level" : parts.joined()
  }

  private struct Document: Codable {
    struct TermRecord: Codable {
      var language: String
      var text: String
      var status: String?
      var type: String?
      var note: String?
    }
    struct ConceptRecord: Codable {
      var id: String
      var kind: String
      var notes: [String]?
      var sources: [String]?
      var terms: [TermRecord]
    }
    struct PreferenceRecord: Codable {
      var concept: String
      var language: String
      var text: String
    }
    struct StyleRecord: Codable {
      var id: String
      var notes: [String]?
      var preferTypes: [String]?
      var prefer: [PreferenceRecord]?
    }
    var concepts: [ConceptRecord]
    var styles: [StyleRecord]?
  }
}
