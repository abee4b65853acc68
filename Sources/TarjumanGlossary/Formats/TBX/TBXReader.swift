import Foundation
import TarjumanXML

/// Reads TBX files (ISO 30042) into the glossary model, streaming, and checks them
/// against TBX's structure and the declared dialect on the way.
///
/// Two versions are read:
/// - TBX v3 (`<tbx type="TBX-Basic|TBX-Min|TBX-Core" style="dca|dct">`): `conceptEntry`,
///   `langSec`, `termSec`, with data categories as attributes
///   (`<termNote type="administrativeStatus">`) or as tags in the dialect's namespaces
///   (`<min:administrativeStatus>`, declared with `xmlns:min=` on an ancestor).
/// - TBX v2 (`<martif>`): `termEntry`, `langSet`, `tig` and `ntig/termGrp`.
///
/// What becomes what (see `Documentation/Glossary.md`, section TBX, for the tables): each
/// entry is a concept (its `id`, or `entry-N` with a warning when it has none or one that
/// is not a valid concept id); each term is a term in its section's `xml:lang`; the status
/// comes from `administrativeStatus`, `normativeAuthorization` or TBX-Min's `usageStatus`
/// through ``TermStatus/init(vendorValue:)``; the type from `termType`; definitions,
/// subject fields and notes at the entry and language levels become the concept's notes;
/// sources there (`admin type="source"`, external cross-references) its sources; notes and
/// contexts at the term level the term's note, one line each. Notes that start with
/// `tarjuman:` carry what TBX-Basic has no data category for (see ``TBXWriter``).
///
/// What is checked, each finding a ``GlossaryProblem`` at the line, with the column in the
/// message: the children of each element, their order and number (TBX-Core's grammar: a
/// `langSec` needs a `termSec`, a `termSec` starts with its one `term`...), required
/// attributes (`type`, `style` and `xml:lang` on the root, `xml:lang` on a `langSec`,
/// `type` on data category elements), BCP 47 language tags, and, for TBX-Basic and
/// TBX-Min, the data categories the dialect allows, the levels they may appear at and
/// their picklists. In TBX v2 files, which tools write more loosely, misplaced elements
/// are warnings; missing ones are still errors. The first XML well-formedness error ends
/// the reading with an error.
public enum TBXReader {
  /// Reads a TBX file.
  ///
  /// - Returns: the glossary read, and the problems found. The glossary is not to be used
  ///   when there is a problem of severity `error`.
  /// - Throws: ``GlossaryLoadError`` when the file cannot be opened.
  public static func read(_ url: URL) throws -> (Glossary, [GlossaryProblem]) {
    let parser: XMLPullParser
    do {
      parser = try XMLPullParser(contentsOf: url, displayName: url.path)
    } catch {
      if error.message == "no such file" { throw GlossaryLoadError.missing(url.path) }
      throw GlossaryLoadError.unreadable(url.path, error.message)
    }
    return read(parser)
  }

  /// Reads TBX held in memory.
  ///
  /// - Parameters:
  ///   - bytes: the document, in any encoding ``XMLPullParser`` reads.
  ///   - name: the file name to give in problems.
  public static func read(bytes: [UInt8], name: String) -> (Glossary, [GlossaryProblem]) {
    read(XMLPullParser(bytes: bytes, name: name))
  }

  static func read(_ parser: XMLPullParser) -> (Glossary, [GlossaryProblem]) {
    var reader = TBXDocumentReader(parser: parser)
    reader.run()
    return (reader.glossary, reader.problems)
  }
}

/// The state of reading one TBX document.
private struct TBXDocumentReader {
  typealias Severity = GlossaryProblem.Severity

  var parser: XMLPullParser
  let file: String
  var glossary = Glossary()
  var problems: [GlossaryProblem] = []

  // What the root declares.
  var version = TBXSchema.Version.v3
  var style = TBXSchema.Style.dca
  var dialect = TBXSchema.Dialect.core
  var models: [String: TBXSchema.Content] = [:]
  /// Misplaced elements are errors in v3 and warnings in v2.
  var placementSeverity = Severity.error

  /// Namespace prefixes in scope.
  var namespaces: [String: String] = [:]

  struct Frame {
    /// The name in the content models: the local name, or `#dct` for a data category tag.
    var symbol: String
    /// The name as written, for messages.
    var written: String
    var line: Int
    var column: Int
    var content: TBXSchema.Content?
    /// Progress through the parent's content model: the current slot, how often it is
    /// filled, and which slots were filled (a bit each).
    var slot = 0
    var count = 0
    var filled: UInt64 = 0
    /// The data category (DCA `type`, or DCT local name).
    var category: String?
    var target: String?
    /// The innermost of conceptEntry, langSec, termSec around this element.
    var level: TBXSchema.Level?
    var inTransaction = false
    var collects = false
    var reportedText = false
    var namespaceUndo: [(prefix: String, uri: String?)] = []
  }
  var stack: [Frame] = []
  /// The text of the element being collected (term, note, data category), and that
  /// element's index in the stack.
  var collected = ""
  var collector: Int?

  struct ConceptBuilder {
    var id: String?
    var idFromNote: String?
    var kind: ConceptKind?
    var notes: [String] = []
    var sources: [String] = []
    var terms: [Term] = []
    var line: Int
    var column: Int
  }
  struct TermBuilder {
    var text: String?
    var line: Int
    var status: TermStatus?
    var statusFromNote: TermStatus?
    var type: TermType?
    var typeFromNote: TermType?
    var noteLines: [String] = []
  }
  var concept: ConceptBuilder?
  var term: TermBuilder?
  var language: LanguageTag?
  var entryCount = 0
  var conceptsAtBodyStart = 0

  // IDREF targets to check at the end (v3).
  var ids = Set<String>()
  var targets: [(value: String, line: Int, column: Int)] = []

  init(parser: XMLPullParser) {
    self.parser = parser
    file = parser.name
  }

  mutating func run() {
    do {
      while let event = try parser.next() {
        switch event {
        case .startElement(let name, let attributes, _):
          guard start(name, attributes) else { return }
        case .endElement:
          end()
        case .text(let text):
          characters(text)
        }
      }
    } catch {
      if error.line == 0 {
        // Not a place in the text: the file could not be read on.
        problems.append(GlossaryProblem(.error, "\(file): \(error.message)", at: nil))
      } else {
        report(.error, "not well-formed XML: \(error.message)", error.line, error.column)
      }
      return
    }
    for target in targets where !ids.contains(target.value) {
      report(
        .error,
        "target '\(target.value)' is neither an http(s) URL nor the id of an element in this file",
        target.line, target.column)
    }
  }

  // MARK: Events

  /// Handles a start tag; returns false when reading must stop.
  mutating func start(_ name: String, _ attributes: [XMLAttribute]) -> Bool {
    let line = parser.line
    let column = parser.column
    var undo: [(prefix: String, uri: String?)] = []
    for attribute in attributes where attribute.name.hasPrefix("xmlns:") {
      let prefix = String(attribute.name.dropFirst("xmlns:".count))
      undo.append((prefix, namespaces[prefix]))
      namespaces[prefix] = attribute.value
    }
    var local = name
    var isTag = false
    if let colon = name.firstIndex(of: ":") {
      let prefix = String(name[..<colon])
      local = String(name[name.index(after: colon)...])
      if let uri = namespaces[prefix] {
        isTag = uri != TBXSchema.namespace
      } else {
        report(
          .error,
          "the namespace prefix '\(prefix)' of <\(name)> is not declared (xmlns:\(prefix)=...)",
          line, column)
        isTag = true
      }
    }
    guard let parent = stack.last else {
      return startRoot(local, name, attributes, line, column, undo)
    }
    let symbol = isTag ? TBXSchema.dataCategoryTag : local
    checkPlacement(symbol, written: name, line, column)

    var frame = Frame(symbol: symbol, written: name, line: line, column: column)
    frame.namespaceUndo = undo
    // Inside an element the models do not know, nothing is checked: its parent reported it.
    frame.content = parent.content == nil ? nil : models[symbol]
    frame.level = isTag ? parent.level : (Self.level(of: local) ?? parent.level)
    frame.inTransaction = parent.inTransaction || local == "transacGrp"

    if !isTag {
      for required in TBXSchema.requiredAttributes(local, version)
      where (attributes[name: required] ?? "").isEmpty {
        report(.error, "<\(name)> has no \(required) attribute", line, column)
      }
    }
    if isTag {
      if version == .v3 && style == .dca {
        report(
          .error,
          "<\(name)> is a data category tag (DCT style), but the file declares style=\"dca\"",
          line, column)
      }
      frame.category = local
    } else if TBXSchema.typedElements.contains(local),
      let type = attributes[name: "type"], !type.isEmpty
    {
      if version == .v3 && style == .dct {
        report(
          .error,
          "<\(name) type=\"\(type)\"> is written as an attribute (DCA style), but the file declares style=\"dct\"",
          line, column)
      }
      frame.category = type
    }
    if let category = frame.category {
      checkCategory(category, element: isTag ? nil : local, frame.level, line, column)
    }
    if version == .v3 {
      if let id = attributes[name: "id"] { ids.insert(id) }
      if let target = attributes[name: "target"] {
        frame.target = target
        let isURL = target.hasPrefix("http://") || target.hasPrefix("https://")
        if local == "xref" && !isURL {
          report(
            .error, "the target of <xref> must be an http(s) URL, not '\(target)'", line, column)
        } else if !isURL {
          targets.append((target, line, column))
        }
      }
    }

    if !isTag {
      switch local {
      case "body":
        conceptsAtBodyStart = glossary.concepts.count
      case "conceptEntry", "termEntry":
        entryCount += 1
        concept = ConceptBuilder(id: attributes[name: "id"], line: line, column: column)
      case "langSec", "langSet":
        language = nil
        if let tag = attributes[name: "xml:lang"], !tag.isEmpty {
          language = LanguageTag(tag)
          if language == nil {
            report(.error, "xml:lang '\(tag)' is not a BCP 47 language tag", line, column)
          }
        }
      case "termSec", "tig", "ntig":
        term = TermBuilder(line: line)
      case "term":
        term?.line = line
        frame.collects = true
      case "note", "descrip", "admin", "termNote", "xref":
        frame.collects = true
      default:
        break
      }
    } else {
      frame.collects = true
    }
    if frame.collects && collector == nil {
      collector = stack.count
      collected = ""
    }
    stack.append(frame)
    return true
  }

  private mutating func startRoot(
    _ local: String, _ written: String, _ attributes: [XMLAttribute], _ line: Int, _ column: Int,
    _ undo: [(prefix: String, uri: String?)]
  ) -> Bool {
    switch local {
    case "tbx":
      version = .v3
      if let type = attributes[name: "type"], !type.isEmpty {
        if let known = TBXSchema.Dialect.named(type) {
          dialect = known
        } else if type.hasPrefix("TBX-") {
          report(
            .warning,
            "unknown dialect '\(type)': only TBX-Core's structure is checked (Tarjuman knows TBX-Core, TBX-Min and TBX-Basic)",
            line, column)
        } else {
          report(
            .error, "the type of <tbx> must name a dialect such as TBX-Basic, not '\(type)'",
            line, column)
        }
      } else {
        report(.error, "<tbx> has no type attribute (the dialect, such as TBX-Basic)", line, column)
      }
      if let declared = attributes[name: "style"], !declared.isEmpty {
        if let known = TBXSchema.Style(rawValue: declared) {
          style = known
        } else {
          report(.error, "the style of <tbx> must be dca or dct, not '\(declared)'", line, column)
        }
      } else {
        report(.error, "<tbx> has no style attribute (dca or dct)", line, column)
      }
      if attributes[name: "xmlns"] != TBXSchema.namespace {
        report(
          .warning, "<tbx> is not in TBX's namespace (xmlns=\"\(TBXSchema.namespace)\")", line,
          column)
      }
    case "martif":
      version = .v2
      placementSeverity = .warning
      if (attributes[name: "type"] ?? "").isEmpty {
        report(.warning, "<martif> has no type attribute (such as TBX)", line, column)
      }
    default:
      report(
        .error,
        "not a TBX file: the root element is <\(written)>, not <tbx> (TBX v3) or <martif> (TBX v2)",
        line, column)
      return false
    }
    if let tag = attributes[name: "xml:lang"], !tag.isEmpty {
      if LanguageTag(tag) == nil {
        report(.error, "xml:lang '\(tag)' is not a BCP 47 language tag", line, column)
      }
    } else if version == .v3 {
      report(.error, "<tbx> has no xml:lang attribute (the file's default language)", line, column)
    }
    models = TBXSchema.contentModels(version, style: style)
    var frame = Frame(symbol: local, written: written, line: line, column: column)
    frame.content = models[local]
    frame.namespaceUndo = undo
    stack.append(frame)
    return true
  }

  mutating func characters(_ text: String) {
    if collector != nil {
      collected += text
      return
    }
    guard let top = stack.last, case .elements(let slots) = top.content, !top.reportedText,
      !text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D })
    else { return }
    stack[stack.count - 1].reportedText = true
    let hint = slots.contains { $0.names.contains("p") } ? " (write it in a <p>)" : ""
    report(
      placementSeverity, "text is not allowed directly in <\(top.written)>\(hint)", parser.line,
      parser.column)
  }

  mutating func end() {
    let frame = stack.removeLast()
    for (prefix, uri) in frame.namespaceUndo.reversed() { namespaces[prefix] = uri }
    if case .elements(let slots) = frame.content {
      for index in frame.slot..<slots.count
      where slots[index].required && (index == frame.slot ? frame.count : 0) == 0 {
        report(
          .error, "<\(frame.written)> has no \(slots[index].described)", frame.line, frame.column)
      }
    }
    if collector == stack.count {
      collector = nil
      let value = TBXConventions.normalized(collected)
      if frame.symbol == "term" {
        if value.allSatisfy(\.isWhitespace) {
          report(.error, "empty <term>", frame.line, frame.column)
        } else {
          term?.text = value
        }
      } else if let category = frame.category {
        readCategory(category, value, frame)
      } else if frame.symbol == "note" {
        readNote(value, frame)
      }
    }
    switch frame.symbol {
    case "conceptEntry", "termEntry":
      finishConcept()
    case "langSec", "langSet":
      language = nil
    case "termSec", "tig", "ntig":
      finishTerm()
    case "body" where glossary.concepts.count == conceptsAtBodyStart:
      report(.warning, "<body> has no entries", frame.line, frame.column)
    default:
      break
    }
  }

  // MARK: Checks

  /// Checks that an element may appear where it is, and advances its parent's content
  /// model.
  private mutating func checkPlacement(
    _ symbol: String, written: String, _ line: Int, _ column: Int
  ) {
    let parentIndex = stack.count - 1
    let parent = stack[parentIndex]
    switch parent.content {
    case .none:
      return
    case .text(let inline):
      if !inline.contains(symbol) {
        report(
          placementSeverity, "<\(written)> is not allowed inside <\(parent.written)>", line, column)
      }
    case .elements(let slots):
      guard let first = slots.firstIndex(where: { $0.names.contains(symbol) }) else {
        let allowed = slots.map(\.described).joined(separator: ", ")
        report(
          placementSeverity,
          "<\(written)> is not allowed in <\(parent.written)> (it may hold \(allowed))", line,
          column)
        return
      }
      var index = parent.slot
      var count = parent.count
      while index < slots.count {
        let slot = slots[index]
        if slot.names.contains(symbol) && (slot.repeats || count == 0) {
          stack[parentIndex].slot = index
          stack[parentIndex].count = count + 1
          stack[parentIndex].filled |= 1 << UInt64(index)
          return
        }
        if slot.required && count == 0 {
          report(
            placementSeverity,
            "expected \(slot.described) before <\(written)> in <\(parent.written)>", line, column)
          return
        }
        index += 1
        count = 0
      }
      if !slots[first].repeats && parent.filled & (1 << UInt64(first)) != 0 {
        report(
          placementSeverity,
          "a second <\(written)> in <\(parent.written)>, which may hold only one", line, column)
      } else {
        report(
          placementSeverity,
          "<\(written)> must come before \(slots[parent.slot].described) in <\(parent.written)>",
          line, column)
      }
    }
  }

  /// Checks a data category against the dialect: allowed, on the right element, at an
  /// allowed level. Picklists are checked when the value has been read.
  private mutating func checkCategory(
    _ name: String, element: String?, _ level: TBXSchema.Level?, _ line: Int, _ column: Int
  ) {
    guard version == .v3, let categories = dialect.categories else { return }
    guard let category = categories[name] else {
      let allowed = element.map { dialect.allowed(on: $0) } ?? ""
      let list = allowed.isEmpty ? "" : " (on <\(element ?? "")>: \(allowed))"
      report(.error, "'\(name)' is not a data category of \(dialect.name)\(list)", line, column)
      return
    }
    if let element, category.element != element {
      report(
        .error, "\(name) belongs on <\(category.element)>, not on <\(element)>", line, column)
    }
    if let levels = category.levels, let level, !levels.contains(level) {
      let places = ["conceptEntry", "langSec", "termSec"].filter {
        levels.contains(TBXSchema.Level(rawValue: $0) ?? .termSec)
      }
      report(
        .error,
        "\(name) is not allowed at the \(level.rawValue) level in \(dialect.name) (only in \(places.joined(separator: ", ")))",
        line, column)
    }
  }

  // MARK: Reading values

  private mutating func readCategory(_ name: String, _ value: String, _ frame: Frame) {
    // In DCA style, a category read from the wrong element is reported and not used.
    if frame.symbol != TBXSchema.dataCategoryTag,
      let element = TBXSchema.elementOfCategory[name], element != frame.symbol
    {
      return
    }
    let category = dialect.categories?[name]
    switch name {
    case "administrativeStatus", "normativeAuthorization", "usageStatus":
      guard let status = TermStatus(vendorValue: value) else {
        let known = (category?.picklist ?? TBXSchema.administrativeStatuses)
        report(
          .error,
          "unknown \(name) value '\(value)' (expected \(known.joined(separator: ", ")), or a word such as preferred, admitted, notRecommended, obsolete)",
          frame.line, frame.column)
        return
      }
      if let picklist = category?.picklist, version == .v3, !picklist.contains(value) {
        report(
          .warning,
          "'\(value)' is not one of \(dialect.name)'s \(name) values (\(picklist.joined(separator: ", "))); read as \(status.rawValue)",
          frame.line, frame.column)
      }
      guard frame.level == .termSec, term != nil else { return }
      if term?.status != nil {
        report(
          .warning, "a second status for one term; the first is kept", frame.line, frame.column)
      } else {
        term?.status = status
      }
      return
    default:
      break
    }
    if let picklist = category?.picklist, !picklist.contains(value) {
      report(
        .error,
        "'\(value)' is not a \(name) value of \(dialect.name) (expected \(picklist.joined(separator: ", ")))",
        frame.line, frame.column)
    }
    guard !frame.inTransaction else { return }
    switch (name, frame.level) {
    case ("termType", .termSec?):
      term?.type = TBXConventions.termType(tbxValue: value)
    case ("definition", .some):
      concept?.notes.append(value)
    case ("subjectField", .some):
      concept?.notes.append("Subject field: \(value)")
    case ("context", .termSec?):
      term?.noteLines.append("Context: \(value)")
    case ("context", .some):
      concept?.notes.append("Context: \(value)")
    case ("source", .conceptEntry?), ("source", .langSec?):
      addSource(value)
    case ("externalCrossReference", .conceptEntry?), ("externalCrossReference", .langSec?):
      addSource(frame.target ?? value)
    default:
      break
    }
  }

  private mutating func addSource(_ source: String) {
    guard !source.isEmpty, concept?.sources.contains(source) == false else { return }
    concept?.sources.append(source)
  }

  private mutating func readNote(_ value: String, _ frame: Frame) {
    guard !frame.inTransaction, let level = frame.level else { return }
    let convention = TBXConventions.parse(value)
    if level == .termSec {
      guard term != nil else { return }
      switch convention.flatMap({ TBXConventions.TermKey(rawValue: $0.key) }) {
      case .type?:
        let text = convention?.value ?? ""
        if let type = TermType(rawValue: text) {
          term?.typeFromNote = type
        } else {
          report(.warning, "unknown term type in '\(value)'", frame.line, frame.column)
        }
      case .status?:
        let text = convention?.value ?? ""
        if let status = TermStatus(rawValue: text) {
          term?.statusFromNote = status
        } else {
          report(.warning, "unknown term status in '\(value)'", frame.line, frame.column)
        }
      case .note?:
        term?.noteLines.append(convention?.value ?? "")
      case nil:
        if convention != nil {
          report(
            .warning, "unknown Tarjuman note '\(value)', kept as a note", frame.line, frame.column)
        }
        term?.noteLines.append(value)
      }
      return
    }
    guard concept != nil else { return }
    switch convention.flatMap({ TBXConventions.ConceptKey(rawValue: $0.key) }) {
    case .kind?:
      let text = convention?.value ?? ""
      if let kind = ConceptKind(rawValue: text) {
        concept?.kind = kind
      } else {
        report(.warning, "unknown concept kind in '\(value)'", frame.line, frame.column)
      }
    case .id?:
      let text = convention?.value ?? ""
      if Concept.isValidID(text) {
        concept?.idFromNote = text
      } else {
        report(.warning, "'\(text)' is not a valid concept id", frame.line, frame.column)
      }
    case .note?:
      concept?.notes.append(convention?.value ?? "")
    case nil:
      if convention != nil {
        report(
          .warning, "unknown Tarjuman note '\(value)', kept as a note", frame.line, frame.column)
      }
      concept?.notes.append(value)
    }
  }

  private mutating func finishTerm() {
    defer { term = nil }
    guard let built = term, let text = built.text, !text.isEmpty, let language else { return }
    concept?.terms.append(
      Term(
        text, language: language, status: built.statusFromNote ?? built.status ?? .admitted,
        type: built.typeFromNote ?? built.type ?? .fullForm,
        note: built.noteLines.isEmpty ? nil : built.noteLines.joined(separator: "\n"),
        location: SourceLocation(file: file, line: built.line)))
  }

  private mutating func finishConcept() {
    defer { concept = nil }
    guard let built = concept else { return }
    var id = built.idFromNote ?? built.id ?? ""
    if !Concept.isValidID(id) {
      let replacement = "entry-\(entryCount)"
      let reason =
        id.isEmpty
        ? "has no id"
        : "has the id '\(id)', which is not a valid concept id (letters, digits and - _ . / only)"
      report(
        .warning, "this entry \(reason); it is read as '\(replacement)'", built.line, built.column)
      id = replacement
    }
    glossary.concepts.append(
      Concept(
        id: id, kind: built.kind ?? .term, notes: built.notes, sources: built.sources,
        terms: built.terms, location: SourceLocation(file: file, line: built.line)))
  }

  // MARK: Helpers

  private static func level(of element: String) -> TBXSchema.Level? {
    switch element {
    case "conceptEntry", "termEntry": .conceptEntry
    case "langSec", "langSet": .langSec
    case "termSec", "tig", "ntig": .termSec
    default: nil
    }
  }

  /// Records a problem. The model's locations hold a line; the column goes in the message.
  private mutating func report(
    _ severity: Severity, _ message: String, _ line: Int, _ column: Int
  ) {
    problems.append(
      GlossaryProblem(
        severity, message, at: SourceLocation(file: file, line: line, column: column)))
  }
}
