import Foundation
import TarjumanGlossary
import TarjumanXML

/// Reads TMX 1.4b (and 1.1, 1.2) files unit by unit, in bounded memory, through
/// TarjumanXML's pull parser: UTF-8 or UTF-16 (LE or BE, with a byte-order mark),
/// numeric character references, no DTD loaded and no entity declared (a file that
/// declares one, as XXE and "billion laughs" attacks do, is refused).
///
/// **Languages.** `xml:lang` (TMX 1.4) or `lang` (TMX 1.1) on each `<tuv>`, compared
/// case-insensitively and kept in BCP 47's conventional case (`eN-uS` → `en-US`).
///
/// **Pairs.** With a source and a target language given (`--from`, `--to`), a `<tu>` gives
/// one unit from its variant in the source language to its variant in the target
/// language, or nothing when it lacks either. Otherwise the source language is the
/// `<tu>`'s `srclang`, else the header's; a `<tu>` gives one unit from that variant to each
/// other variant; with `srclang="*all*"` it gives every ordered pair of variants.
///
/// **Segments.** The text of `<seg>` is kept exactly (whitespace included). Inline codes
/// (`bpt ept it ph ut hi sub`) are kept as TMX markup in ``Segment/markup`` and written
/// back verbatim on export; the plain text (``Segment/text``) is the segment without the
/// codes' native content but with the text of `<hi>`.
///
/// **Unit data.** `<tu>` attributes (dates, ids, `usagecount`, `creationtool`) with the
/// `<tuv>`'s as a fallback; `<prop type="x-context">` as the context,
/// `<prop type="x-tarjuman-origin">` as the origin file; other properties and notes are
/// kept, those of a `<tuv>` with its language.
///
/// **Problems.** A `<tu>` with a `<tuv>` without a language or a `<seg>`, or an unknown
/// element in a segment, is a bad entry (``SourceItem/problem(_:)``) at the `<tu>`'s line
/// and column. A header without a required attribute is a warning. Malformed XML is an
/// error with file, line and column.
public struct TMXReader: UnitSource {
  public private(set) var warnings: [ImportProblem] = []
  private var parser: XMLPullParser
  private let path: String
  private let sourceLanguage: LanguageTag?
  private let targetLanguage: LanguageTag?
  private var headerSourceLanguage: String?
  private var headerTool: String?
  private var inBody = false
  private var sawRoot = false

  static let inlineElements: Set<String> = ["bpt", "ept", "it", "ph", "ut", "hi", "sub"]
  /// Inline elements whose content is native code, not text.
  static let codeElements: Set<String> = ["bpt", "ept", "it", "ph", "ut"]
  static let requiredHeaderAttributes = [
    "creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang",
    "datatype",
  ]

  /// Opens a TMX file.
  ///
  /// - Parameters:
  ///   - url: the file.
  ///   - path: its name in messages and in the units' origin.
  ///   - sourceLanguage, targetLanguage: the pair to read, or nil for the pairs the file
  ///     gives (see the type's description).
  /// - Throws: ``MemoryError/missingInput(path:)`` or ``MemoryError/unreadableInput(path:reason:)``.
  public init(
    url: URL, path: String, sourceLanguage: LanguageTag? = nil, targetLanguage: LanguageTag? = nil
  ) throws(MemoryError) {
    guard FileManager.default.fileExists(atPath: url.path) else { throw .missingInput(path: path) }
    do {
      parser = try XMLPullParser(contentsOf: url, displayName: path)
    } catch {
      throw .unreadableInput(path: path, reason: error.message)
    }
    self.path = path
    self.sourceLanguage = sourceLanguage
    self.targetLanguage = targetLanguage
  }

  /// Reads a TMX document held in memory (for tests).
  public init(
    bytes: [UInt8], name: String, sourceLanguage: LanguageTag? = nil,
    targetLanguage: LanguageTag? = nil
  ) {
    parser = XMLPullParser(bytes: bytes, name: name)
    path = name
    self.sourceLanguage = sourceLanguage
    self.targetLanguage = targetLanguage
  }

  private mutating func event() throws(MemoryError) -> XMLEvent? {
    do {
      return try parser.next()
    } catch {
      throw .malformedInput(
        path: path, line: error.line, column: error.column, message: error.message)
    }
  }

  private func malformed(_ message: String) -> MemoryError {
    .malformedInput(path: path, line: parser.line, column: parser.column, message: message)
  }

  public mutating func next() throws(MemoryError) -> SourceItem? {
    while let event = try event() {
      switch event {
      case .startElement(let name, let attributes, _):
        if !sawRoot {
          sawRoot = true
          guard name == "tmx" else { throw malformed("not a TMX document: the root is <\(name)>") }
          let version = attributes["version"] ?? ""
          if !["1.1", "1.2", "1.3", "1.4", "1.4a", "1.4b"].contains(version) {
            warn("TMX version \"\(version)\" is not 1.1 to 1.4b; reading it as 1.4b")
          }
          continue
        }
        switch name {
        case "header": try readHeader(attributes)
        case "body": inBody = true
        case "tu" where inBody: return try readUnit(attributes)
        default: try skipElement(name)
        }
      case .endElement(let name):
        if name == "body" { inBody = false }
      case .text:
        continue
      }
    }
    if !sawRoot { throw .malformedInput(path: path, line: 1, column: 1, message: "empty document") }
    return nil
  }

  private mutating func warn(_ message: String) {
    warnings.append(
      ImportProblem(path: path, line: parser.line, column: parser.column, message: message))
  }

  private mutating func readHeader(_ attributes: [XMLAttribute]) throws(MemoryError) {
    let missing = Self.requiredHeaderAttributes.filter { attributes[$0] == nil }
    if !missing.isEmpty {
      warn("the header lacks \(missing.joined(separator: ", ")) (required by TMX 1.4b)")
    }
    headerSourceLanguage = attributes["srclang"]
    headerTool = Self.tool(attributes)
    try skipElement("header")
  }

  static func tool(_ attributes: [XMLAttribute]) -> String? {
    guard let tool = attributes["creationtool"] else { return nil }
    if let version = attributes["creationtoolversion"] { return tool + " " + version }
    return tool
  }

  /// Skips to the end of the element just started.
  private mutating func skipElement(_ name: String) throws(MemoryError) {
    var depth = 1
    while let event = try event() {
      switch event {
      case .startElement: depth += 1
      case .endElement:
        depth -= 1
        if depth == 0 { return }
      case .text: break
      }
    }
  }

  /// One `<tuv>` as read.
  private struct Variant {
    var language: LanguageTag
    var segment: Segment
    var attributes: [XMLAttribute]
  }

  private mutating func readUnit(_ attributes: [XMLAttribute]) throws(MemoryError) -> SourceItem {
    let line = parser.line
    let column = parser.column
    var variants: [Variant] = []
    var notes: [UnitNote] = []
    var properties: [UnitProperty] = []
    var context: String?
    var originFile: String?
    var problem: String?

    while let event = try event() {
      switch event {
      case .startElement(let name, let elementAttributes, _):
        switch name {
        case "note":
          notes.append(UnitNote(text: try readText(name)))
        case "prop":
          let type = elementAttributes["type"] ?? ""
          let value = try readText(name)
          switch type {
          case "x-context": context = value
          case "x-tarjuman-origin": originFile = value
          default: properties.append(UnitProperty(type: type, value: value))
          }
        case "tuv":
          let (variant, variantNotes, variantProperties, variantProblem) = try readVariant(
            elementAttributes)
          if let variant {
            variants.append(variant)
            let language = variant.language.rawValue
            notes += variantNotes.map { UnitNote(text: $0.text, language: language) }
            properties += variantProperties.map {
              UnitProperty(type: $0.type, value: $0.value, language: language)
            }
          }
          if problem == nil { problem = variantProblem }
        default:
          if problem == nil { problem = "unexpected <\(name)> in <tu>" }
          try skipElement(name)
        }
      case .endElement:  // </tu>
        if let problem {
          return .problem(ImportProblem(path: path, line: line, column: column, message: problem))
        }
        return pairs(
          variants, unit: attributes, notes: notes, properties: properties, context: context,
          originFile: originFile, line: line, column: column)
      case .text:
        continue
      }
    }
    throw malformed("the document ends inside a <tu>")
  }

  private func pairs(
    _ variants: [Variant], unit attributes: [XMLAttribute], notes: [UnitNote],
    properties: [UnitProperty], context: String?, originFile: String?, line: Int, column: Int
  ) -> SourceItem {
    func make(_ source: Variant, _ target: Variant) -> TranslationUnit {
      func value(_ name: String) -> String? { attributes[name] ?? source.attributes[name] }
      let lower = [source.language.rawValue.lowercased(), target.language.rawValue.lowercased()]
      return TranslationUnit(
        sourceLanguage: source.language, targetLanguage: target.language,
        source: source.segment, target: target.segment,
        origin: UnitOrigin(
          file: originFile ?? path,
          tool: Self.tool(attributes) ?? Self.tool(source.attributes) ?? headerTool),
        created: value("creationdate").flatMap(Self.date), createdBy: value("creationid"),
        changed: value("changedate").flatMap(Self.date), changedBy: value("changeid"),
        lastUsed: value("lastusagedate").flatMap(Self.date),
        usageCount: value("usagecount").flatMap { Int($0) } ?? 1, context: context,
        properties: properties.filter {
          $0.language.map { lower.contains($0.lowercased()) } ?? true
        },
        notes: notes.filter { $0.language.map { lower.contains($0.lowercased()) } ?? true })
    }
    var units: [TranslationUnit] = []
    if let sourceLanguage, let targetLanguage {
      if let source = variants.first(where: { $0.language.matches(sourceLanguage) }),
        let target = variants.first(where: {
          $0.language.matches(targetLanguage) && $0.language != source.language
        })
      {
        units.append(make(source, target))
      }
      return .units(units)
    }
    let declared = attributes["srclang"] ?? headerSourceLanguage ?? "*all*"
    if declared.lowercased() == "*all*" {
      for source in variants {
        for target in variants where target.language != source.language {
          units.append(make(source, target))
        }
      }
      return .units(units)
    }
    guard let range = LanguageTag(declared) else {
      return .problem(
        ImportProblem(
          path: path, line: line, column: column,
          message: "srclang \"\(declared)\" is not a language tag"))
    }
    guard let source = variants.first(where: { $0.language.matches(range) }) else {
      return .problem(
        ImportProblem(
          path: path, line: line, column: column,
          message: "no <tuv> in the source language \(declared)"))
    }
    for target in variants where target.language != source.language {
      units.append(make(source, target))
    }
    return .units(units)
  }

  private mutating func readVariant(_ attributes: [XMLAttribute]) throws(MemoryError) -> (
    Variant?, [UnitNote], [UnitProperty], String?
  ) {
    var notes: [UnitNote] = []
    var properties: [UnitProperty] = []
    var segment: Segment?
    var problem: String?
    let tag = attributes["xml:lang"] ?? attributes["lang"]
    let language = tag.flatMap { LanguageTag($0) }
    if tag == nil {
      problem = "a <tuv> without xml:lang"
    } else if language == nil {
      problem = "xml:lang=\"\(tag ?? "")\" is not a language tag"
    }
    while let event = try event() {
      switch event {
      case .startElement(let name, let elementAttributes, _):
        switch name {
        case "note": notes.append(UnitNote(text: try readText(name)))
        case "prop":
          properties.append(
            UnitProperty(type: elementAttributes["type"] ?? "", value: try readText(name)))
        case "seg":
          let (read, segmentProblem) = try readSegment()
          segment = read
          if problem == nil { problem = segmentProblem }
        default:
          if problem == nil { problem = "unexpected <\(name)> in <tuv>" }
          try skipElement(name)
        }
      case .endElement:  // </tuv>
        if segment == nil && problem == nil { problem = "a <tuv> without <seg>" }
        guard let language, let segment, problem == nil else {
          return (nil, [], [], problem)
        }
        return (
          Variant(language: language, segment: segment, attributes: attributes), notes,
          properties, nil
        )
      case .text:
        continue
      }
    }
    throw malformed("the document ends inside a <tuv>")
  }

  /// The text content of an element without children (`note`, `prop`).
  private mutating func readText(_ name: String) throws(MemoryError) -> String {
    var text = ""
    var depth = 1
    while let event = try event() {
      switch event {
      case .text(let string): text += string
      case .startElement: depth += 1
      case .endElement:
        depth -= 1
        if depth == 0 { return text }
      }
    }
    throw malformed("the document ends inside a <\(name)>")
  }

  /// Reads a `<seg>`: its plain text and, when it has inline codes, its markup.
  private mutating func readSegment() throws(MemoryError) -> (Segment, String?) {
    var text = ""
    var markup = ""
    var hasCodes = false
    var problem: String?
    // The inline elements open around the current position.
    var open: [String] = []
    while let event = try event() {
      switch event {
      case .text(let string):
        markup += XMLEscaping.text(string)
        if !open.contains(where: { Self.codeElements.contains($0) }) { text += string }
      case .startElement(let name, let attributes, _):
        if !Self.inlineElements.contains(name), problem == nil {
          problem = "unexpected <\(name)> in <seg>"
        }
        hasCodes = true
        open.append(name)
        markup += "<" + name
        for attribute in attributes {
          markup += " \(attribute.name)=\"\(XMLEscaping.attribute(attribute.value))\""
        }
        markup += ">"
      case .endElement(let name):
        if open.isEmpty {  // </seg>
          return (Segment(text: text, markup: hasCodes ? markup : nil), problem)
        }
        open.removeLast()
        markup += "</\(name)>"
      }
    }
    throw malformed("the document ends inside a <seg>")
  }

  /// A TMX date, `YYYYMMDDThhmmssZ` (UTC).
  static func date(_ text: String) -> Date? {
    let digits = Array(text.utf8)
    guard digits.count == 16, digits[8] == UInt8(ascii: "T"), digits[15] == UInt8(ascii: "Z")
    else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for index in range {
        let byte = digits[index]
        guard byte >= 0x30 && byte <= 0x39 else { return nil }
        value = value * 10 + Int(byte - 0x30)
      }
      return value
    }
    guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
      let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15)
    else { return nil }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
    return calendar.date(
      from: DateComponents(
        year: year, month: month, day: day, hour: hour, minute: minute, second: second))
  }
}
