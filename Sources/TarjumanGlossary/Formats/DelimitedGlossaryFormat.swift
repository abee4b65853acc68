import Foundation

/// Reads and writes glossaries as tab- or comma-separated rows.
///
/// Two shapes are read:
/// - **OmegaT's glossary**: no header; each row is `source<TAB>target[<TAB>comment]`. The
///   languages are not in the file: they come from `sourceLanguage` and `targetLanguage`
///   (English to Persian by default). Each row becomes a concept with one admitted term
///   per side; rows with the same source term are one concept.
/// - **One column per language**: a header row naming the columns. Columns named by a
///   BCP 47 tag (`en`, `fa`, `ar-SY`) hold terms: the first term in a cell is the
///   preferred one, further terms in the same cell are separated by `;` and admitted.
///   Optional columns `id`, `kind`, `note`, `source`. A header is recognized when every
///   cell of the first row is one of those names or a language tag.
///
/// Writing uses the second shape, with columns `id kind en fa ar ... note source`:
/// statuses other than preferred and admitted, types and term notes do not fit in it
/// (use the native format, TBX or JSON to keep them).
public enum DelimitedGlossaryFormat {
  /// Reads rows.
  public static func read(
    _ text: String, file: String, separator: Character,
    sourceLanguage: LanguageTag = .english, targetLanguage: LanguageTag = .persian
  ) throws -> (Glossary, [GlossaryProblem]) {
    var problems: [GlossaryProblem] = []
    let rows = DelimitedRows(text: text, separator: separator).makeIterator()
    guard let (firstLine, firstRow) = rows.next() else { return (Glossary(), []) }
    let metaColumns: Set<String> = ["id", "kind", "note", "notes", "source", "sources", "comment"]
    let header = firstRow.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    let isHeader =
      header.allSatisfy { metaColumns.contains($0) || LanguageTag($0) != nil }
      && header.contains { LanguageTag($0) != nil && !metaColumns.contains($0) }
    var glossary = Glossary()
    if isHeader {
      var seenIDs = Set<String>()
      while let (line, row) = rows.next() {
        let location = SourceLocation(file: file, line: line)
        if row.count != header.count {
          problems.append(
            GlossaryProblem(
              .error, "row has \(row.count) columns, the header has \(header.count)",
              at: location))
          if row.count < header.count { continue }
        }
        var concept = Concept(id: "", kind: .term, location: location)
        for (column, name) in header.enumerated() {
          let cell = row[column].trimmingCharacters(in: .whitespaces)
          guard !cell.isEmpty else { continue }
          switch name {
          case "id": concept.id = cell
          case "kind":
            if let kind = ConceptKind(rawValue: cell.lowercased()) {
              concept.kind = kind
            } else {
              problems.append(GlossaryProblem(.error, "unknown kind '\(cell)'", at: location))
            }
          case "note", "notes", "comment": concept.notes.append(cell)
          case "source", "sources": concept.sources.append(cell)
          default:
            guard let language = LanguageTag(name) else { continue }
            let terms = cell.split(separator: ";").map {
              $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
            for (position, term) in terms.enumerated() {
              concept.terms.append(
                Term(
                  term, language: language, status: position == 0 ? .preferred : .admitted,
                  location: location))
            }
          }
        }
        if concept.id.isEmpty {
          concept.id = "row-\(line)"
        }
        guard !concept.terms.isEmpty else { continue }
        if !seenIDs.insert(concept.id).inserted {
          problems.append(
            GlossaryProblem(.error, "duplicate concept id '\(concept.id)'", at: location))
        }
        glossary.concepts.append(concept)
      }
      return (glossary, problems)
    }
    // OmegaT: source, target, comment; no header.
    var conceptBySource: [String: Int] = [:]
    var pending: [(Int, [String])] = [(firstLine, firstRow)]
    while let row = rows.next() { pending.append(row) }
    for (line, row) in pending {
      let location = SourceLocation(file: file, line: line)
      let cells = row.map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count >= 2, !cells[0].isEmpty, !cells[1].isEmpty else {
        if !(cells.count == 1 && cells[0].isEmpty) {
          problems.append(
            GlossaryProblem(
              .error,
              "expected 'source\(separator == "\t" ? "<TAB>" : ",")target[\(separator == "\t" ? "<TAB>" : ",")comment]'",
              at: location))
        }
        continue
      }
      let note = cells.count > 2 && !cells[2].isEmpty ? cells[2] : nil
      let target = Term(cells[1], language: targetLanguage, note: note, location: location)
      if let index = conceptBySource[cells[0]] {
        if !glossary.concepts[index].terms.contains(where: { $0.text == cells[1] }) {
          glossary.concepts[index].terms.append(target)
        }
        continue
      }
      conceptBySource[cells[0]] = glossary.concepts.count
      glossary.concepts.append(
        Concept(
          id: "row-\(line)", kind: .term,
          terms: [Term(cells[0], language: sourceLanguage, location: location), target],
          location: location))
    }
    return (glossary, problems)
  }

  /// Writes one row per concept, one column per language.
  public static func write(_ glossary: Glossary, separator: Character) -> String {
    var languages: [LanguageTag] = []
    for concept in glossary.concepts {
      for language in concept.languages where !languages.contains(language) {
        languages.append(language)
      }
    }
    let header = ["id", "kind"] + languages.map(\.rawValue) + ["note", "source"]
    var output = header.map { field($0, separator) }.joined(separator: String(separator)) + "\n"
    for concept in glossary.concepts {
      var cells = [concept.id, concept.kind.rawValue]
      for language in languages {
        let terms = concept.terms.filter { $0.language == language }
          .sorted { ($0.status == .preferred ? 0 : 1) < ($1.status == .preferred ? 0 : 1) }
        cells.append(terms.map(\.text).joined(separator: "; "))
      }
      cells.append(concept.notes.joined(separator: " "))
      cells.append(concept.sources.joined(separator: " "))
      output += cells.map { field($0, separator) }.joined(separator: String(separator)) + "\n"
    }
    return output
  }

  /// A cell, quoted as RFC 4180 asks when it holds the separator, a quote or a line break
  /// (for TSV, tabs and line breaks become spaces: OmegaT and `cut` know no quoting).
  private static func field(_ value: String, _ separator: Character) -> String {
    if separator == "\t" {
      return String(value.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
    guard value.contains(where: { $0 == separator || $0 == "\"" || $0.isNewline }) else {
      return value
    }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

/// The rows of a delimited file with the line each starts on. Quoted fields (RFC 4180)
/// are understood for commas; tab-separated files are split on tabs only.
struct DelimitedRows: Sequence {
  let text: String
  let separator: Character

  func makeIterator() -> AnyIterator<(Int, [String])> {
    // Lines split on the scalar LF: in Swift, CR LF is one Character.
    var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
      .map { line in
        line.last == "\r" ? Substring(line.dropLast()) : Substring(line)
      }.makeIterator()
    var lineNumber = 0
    return AnyIterator {
      while let rawLine = lines.next() {
        lineNumber += 1
        let startLine = lineNumber
        var line = rawLine
        if line.isEmpty || line.hasPrefix("#") { continue }
        if separator == "\t" {
          return (
            startLine,
            line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
          )
        }
        var fields: [String] = []
        var field = ""
        var quoted = false
        while true {
          var iterator = line.makeIterator()
          var previousQuote = false
          while let character = iterator.next() {
            if quoted {
              if character == "\"" {
                quoted = false
                previousQuote = true
              } else {
                field.append(character)
              }
            } else if character == "\"" {
              if previousQuote { field.append("\"") }
              quoted = true
              previousQuote = false
            } else if character == separator {
              fields.append(field)
              field = ""
              previousQuote = false
            } else {
              field.append(character)
              previousQuote = false
            }
          }
          guard quoted, let next = lines.next() else { break }
          lineNumber += 1
          field.append("\n")
          line = next
        }
        fields.append(field)
        return (startLine, fields)
      }
      return nil
    }
  }
}
