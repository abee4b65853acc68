/// How the glossary model maps onto TBX, shared by ``TBXReader`` and ``TBXWriter`` so
/// that what one writes the other reads back.
///
/// TBX-Basic has no data category for some of what the model holds: a concept's kind,
/// the term types `nom-de-guerre` and `birth-name`, the status `forbidden`, and concept
/// identifiers that are not XML IDs (`region/IR`). These travel in `note` elements whose
/// text starts with `tarjuman:` followed by a key, `=` and a value; other tools show them
/// as ordinary notes. A note of the user's own that starts with `tarjuman:` is written as
/// `tarjuman:note=` and its text, so that it is not mistaken for one of these.
enum TBXConventions {
  /// The prefix of notes that carry what TBX-Basic has no data category for.
  static let notePrefix = "tarjuman:"

  /// Keys of concept-level notes.
  enum ConceptKey: String, CaseIterable {
    /// The concept's kind (`person`, `organization`, `place`, `other`; absent: `term`).
    case kind
    /// The concept's identifier, when it cannot be the entry's XML `id`.
    case id
    /// A note of the user's that starts with `tarjuman:`.
    case note
  }

  /// Keys of term-level notes.
  enum TermKey: String, CaseIterable {
    /// A term type TBX-Basic lacks (`nom-de-guerre`, `birth-name`); `termType` is then
    /// `fullForm`.
    case type
    /// A status TBX-Basic lacks (`forbidden`); `administrativeStatus` is then
    /// `deprecatedTerm-admn-sts`.
    case status
    /// A note of the user's that starts with `tarjuman:`.
    case note
  }

  /// The text of a `tarjuman:` note.
  static func note(_ key: String, _ value: String) -> String {
    "\(notePrefix)\(key)=\(value)"
  }

  /// The key and value of a `tarjuman:` note, or nil for any other note.
  static func parse(_ note: String) -> (key: String, value: String)? {
    guard note.hasPrefix(notePrefix) else { return nil }
    let rest = note.dropFirst(notePrefix.count)
    guard let equals = rest.firstIndex(of: "=") else { return nil }
    return (String(rest[..<equals]), String(rest[rest.index(after: equals)...]))
  }

  /// A user's note as written: escaped when it would read as a `tarjuman:` note.
  static func escapedNote(_ note: String) -> String {
    note.hasPrefix(notePrefix) ? Self.note("note", note) : note
  }

  // MARK: Statuses

  /// The `administrativeStatus` value written for a status, and whether a
  /// `tarjuman:status` note must say what it really is.
  static func administrativeStatus(_ status: TermStatus) -> (value: String, needsNote: Bool) {
    switch status {
    case .preferred: ("preferredTerm-admn-sts", false)
    case .admitted: ("admittedTerm-admn-sts", false)
    case .deprecated: ("deprecatedTerm-admn-sts", false)
    case .forbidden: ("deprecatedTerm-admn-sts", true)
    }
  }

  // MARK: Term types

  /// The `termType` value written for a type, and whether a `tarjuman:type` note must say
  /// what it really is.
  static func termType(_ type: TermType) -> (value: String, needsNote: Bool) {
    switch type {
    case .fullForm: ("fullForm", false)
    case .shortForm: ("shortForm", false)
    case .abbreviation: ("abbreviation", false)
    case .variant: ("variant", false)
    case .nomDeGuerre, .birthName: ("fullForm", true)
    }
  }

  /// The model's type for a TBX `termType` value (ISO 12620's picklist and TBX-Basic's):
  /// forms of abbreviation become `abbreviation`, forms of transcription `variant`, and
  /// the rest (`phrase`, `formula`, `entryTerm`...) `full-form`. Case does not matter.
  static func termType(tbxValue: String) -> TermType {
    switch tbxValue.lowercased() {
    case "fullform", "full form": .fullForm
    case "shortform", "short form", "shortenedform": .shortForm
    case "acronym", "abbreviation", "initialism", "clippedterm", "abbreviatedform": .abbreviation
    case "variant", "transliteratedform", "transcribedform", "romanizedform", "spellingvariant":
      .variant
    default: .fullForm
    }
  }

  // MARK: Text

  /// Text as the model keeps it. Whitespace that holds a line break is the file's layout
  /// (indentation of a pretty-printed file): it becomes one space inside the text and
  /// nothing at its ends. Other whitespace is kept as written, so that a value's own
  /// spaces and tabs survive a round trip.
  static func normalized(_ text: String) -> String {
    guard text.utf8.contains(0x0A) else { return text }
    var output = String.UnicodeScalarView()
    var run = String.UnicodeScalarView()
    var runHasBreak = false
    for scalar in text.unicodeScalars {
      if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
        run.append(scalar)
        if scalar == "\n" { runHasBreak = true }
        continue
      }
      if runHasBreak {
        if !output.isEmpty { output.append(" ") }
      } else {
        output.append(contentsOf: run)
      }
      run.removeAll()
      runHasBreak = false
      output.append(scalar)
    }
    if !runHasBreak { output.append(contentsOf: run) }
    return String(output)
  }
}
