/// Reads and writes the native `.glossary` format (see `Documentation/Glossary.md`): one
/// block per concept or style, `field: value` lines, made for hand editing and small diffs.
public enum NativeGlossaryFormat {
  /// The file extension.
  public static let fileExtension = "glossary"

  /// Reads a glossary, collecting every problem instead of stopping at the first.
  ///
  /// - Parameters:
  ///   - text: the file's contents.
  ///   - file: the name to give in problems.
  /// - Returns: what could be read, and the problems found on the way. Blocks with
  ///   errors are still returned with what was readable, so that one typo does not hide
  ///   the rest of the file from `validate`.
  public static func read(_ text: String, file: String) -> (Glossary, [GlossaryProblem]) {
    var reader = BlockReader(file: file)
    var lineNumber = 0
    // Lines split on the scalar LF: in Swift, CR LF is one Character.
    for rawLine in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNumber += 1
      var line = Substring(rawLine)
      if line.unicodeScalars.last == "\r" { line = Substring(line.unicodeScalars.dropLast()) }
      reader.consume(line, lineNumber: lineNumber)
    }
    reader.finishBlock()
    return (reader.glossary, reader.problems)
  }

  /// Writes a glossary in the native format: concepts first, then styles, each block
  /// followed by a blank line. Reading the output gives back an equal glossary.
  public static func write(_ glossary: Glossary, header: [String] = []) -> String {
    var output = ""
    for line in header { output += "# \(line)\n" }
    if !header.isEmpty { output += "\n" }
    for concept in glossary.concepts {
      output += "concept: \(concept.id)\n"
      output += "kind: \(concept.kind.rawValue)\n"
      for note in concept.notes { output += "note: \(oneLine(note))\n" }
      for source in concept.sources { output += "source: \(oneLine(source))\n" }
      for term in concept.terms {
        output += "\(term.language.rawValue): \(oneLine(term.text))"
        if term.status != .admitted { output += " | \(term.status.rawValue)" }
        if term.type != .fullForm { output += " | \(term.type.rawValue)" }
        if let note = term.note { output += " | note: \(oneLine(note))" }
        output += "\n"
      }
      output += "\n"
    }
    for style in glossary.styles {
      output += "style: \(style.id)\n"
      for note in style.notes { output += "note: \(oneLine(note))\n" }
      for type in style.preferredTypes { output += "prefer-type: \(type.rawValue)\n" }
      for preference in style.preferences {
        output +=
          "prefer: \(preference.conceptID) \(preference.language.rawValue): \(oneLine(preference.text))\n"
      }
      output += "\n"
    }
    return output
  }

  /// Line breaks and `|` inside a value cannot be written in this format; they become a
  /// space and `¦`.
  private static func oneLine(_ value: String) -> String {
    guard value.contains(where: { $0.isNewline || $0 == "|" }) else { return value }
    return String(value.map { $0.isNewline ? " " : $0 == "|" ? "¦" : $0 })
  }
}

/// The state of reading one file: the block being built and what was read before it.
private struct BlockReader {
  let file: String
  var glossary = Glossary()
  var problems: [GlossaryProblem] = []
  private var concept: Concept?
  private var style: HouseStyle?
  private var kindSeen = false

  init(file: String) { self.file = file }

  mutating func consume(_ rawLine: Substring, lineNumber: Int) {
    let location = SourceLocation(file: file, line: lineNumber)
    let line = rawLine.trimmingSpaces
    if line.isEmpty {
      finishBlock()
      return
    }
    if line.first == "#" { return }
    guard let colon = line.utf8.firstIndex(of: UInt8(ascii: ":")) else {
      problem(.error, "expected 'field: value', found '\(line)'", at: location)
      return
    }
    let field = line[..<colon].trimmingSpaces
    let value = String(line[line.index(after: colon)...].trimmingSpaces)
    switch field {
    case "concept":
      finishBlock()
      if !Concept.isValidID(value) {
        problem(
          .error,
          "'\(value)' is not a valid concept id (letters, digits and - _ . / only)", at: location)
      }
      concept = Concept(id: value, kind: .other, location: location)
      kindSeen = false
    case "style":
      finishBlock()
      if !Concept.isValidID(value) {
        problem(.error, "'\(value)' is not a valid style name", at: location)
      }
      style = HouseStyle(id: value, location: location)
    case "kind":
      guard concept != nil else { return outsideConcept(field, at: location) }
      if let kind = ConceptKind(rawValue: value) {
        concept?.kind = kind
        kindSeen = true
      } else {
        problem(
          .error,
          "unknown kind '\(value)' (expected \(ConceptKind.allCases.map(\.rawValue).joined(separator: ", ")))",
          at: location)
      }
    case "note":
      if concept != nil {
        concept?.notes.append(value)
      } else if style != nil {
        style?.notes.append(value)
      } else {
        outsideConcept(field, at: location)
      }
    case "source":
      guard concept != nil else { return outsideConcept(field, at: location) }
      concept?.sources.append(value)
    case "prefer-type":
      guard style != nil else { return outsideStyle(field, at: location) }
      if let type = TermType(rawValue: value) {
        style?.preferredTypes.append(type)
      } else {
        problem(.error, "unknown term type '\(value)'", at: location)
      }
    case "prefer":
      guard style != nil else { return outsideStyle(field, at: location) }
      readPreference(value, at: location)
    default:
      readTerm(field: String(field), value: value, at: location)
    }
  }

  /// Tags already parsed: a file names a handful of languages thousands of times.
  private var tags: [String: LanguageTag] = [:]

  private mutating func readTerm(field: String, value: String, at location: SourceLocation) {
    let parsed = tags[field] ?? LanguageTag(field)
    if let parsed { tags[field] = parsed }
    guard let language = parsed else {
      problem(
        .error,
        "'\(field)' is neither a field (concept, kind, note, source, style, prefer, prefer-type) nor a BCP 47 language tag",
        at: location)
      return
    }
    guard concept != nil else { return outsideConcept(field, at: location) }
    var parts = value.utf8.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
      .map { String(Substring($0).trimmingSpaces) }
    let text = parts.removeFirst()
    guard !text.isEmpty else {
      problem(.error, "empty \(language) term", at: location)
      return
    }
    var term = Term(text, language: language, location: location)
    var statusSeen = false
    var typeSeen = false
    for part in parts {
      if part.hasPrefix("note:") {
        term.note = String(part.dropFirst("note:".count).trimmingSpaces)
      } else if let status = TermStatus(rawValue: part) {
        if statusSeen { problem(.error, "two statuses for '\(text)'", at: location) }
        term.status = status
        statusSeen = true
      } else if let type = TermType(rawValue: part) {
        if typeSeen { problem(.error, "two types for '\(text)'", at: location) }
        term.type = type
        typeSeen = true
      } else {
        problem(
          .error,
          "unknown attribute '\(part)' of '\(text)' (a status: \(TermStatus.allCases.map(\.rawValue).joined(separator: ", ")); a type: \(TermType.allCases.map(\.rawValue).joined(separator: ", ")); or note: ...)",
          at: location)
      }
    }
    concept?.terms.append(term)
  }

  private mutating func readPreference(_ value: String, at location: SourceLocation) {
    // prefer: CONCEPT LANG: TEXT
    guard let space = value.firstIndex(of: " "),
      let colon = value[space...].firstIndex(of: ":")
    else {
      problem(.error, "expected 'prefer: CONCEPT LANG: TEXT'", at: location)
      return
    }
    let conceptID = String(value[..<space])
    let tag = String(value[space..<colon].trimmingSpaces)
    let text = String(value[value.index(after: colon)...].trimmingSpaces)
    guard let language = LanguageTag(tag) else {
      problem(.error, "'\(tag)' is not a BCP 47 language tag", at: location)
      return
    }
    style?.preferences.append(
      HouseStyle.Preference(
        conceptID: conceptID, language: language, text: text, location: location))
  }

  mutating func finishBlock() {
    if var finished = concept {
      if !kindSeen {
        problem(.error, "concept '\(finished.id)' has no kind", at: finished.location)
      }
      if finished.terms.isEmpty {
        problem(.error, "concept '\(finished.id)' has no terms", at: finished.location)
      }
      finished.notes = finished.notes.filter { !$0.isEmpty }
      glossary.concepts.append(finished)
    }
    if let finished = style { glossary.styles.append(finished) }
    concept = nil
    style = nil
  }

  private mutating func outsideConcept(_ field: Substring, at location: SourceLocation) {
    problem(
      .error, "'\(field)' outside a concept block (start one with 'concept: ID')", at: location)
  }

  private mutating func outsideConcept(_ field: String, at location: SourceLocation) {
    outsideConcept(Substring(field), at: location)
  }

  private mutating func outsideStyle(_ field: Substring, at location: SourceLocation) {
    problem(.error, "'\(field)' outside a style block (start one with 'style: NAME')", at: location)
  }

  private mutating func problem(
    _ severity: GlossaryProblem.Severity, _ message: String, at location: SourceLocation?
  ) {
    problems.append(GlossaryProblem(severity, message, at: location))
  }
}

extension Substring {
  /// Without leading and trailing spaces and tabs, working on UTF-8 (a glossary has
  /// thousands of lines; `Character` comparisons would dominate reading it).
  fileprivate var trimmingSpaces: Substring {
    let bytes = utf8
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 {
      start = bytes.index(after: start)
    }
    while end > start {
      let before = bytes.index(before: end)
      guard bytes[before] == 0x20 || bytes[before] == 0x09 else { break }
      end = before
    }
    return Substring(bytes[start..<end])
  }
}
