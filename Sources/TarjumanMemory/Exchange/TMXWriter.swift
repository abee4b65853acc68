import Foundation
import TarjumanGlossary
import TarjumanXML

/// Writes units as TMX 1.4b in UTF-8, valid against the TMX 1.4b DTD, streaming: the
/// header, then each unit as it comes, through a buffer flushed to `sink`.
///
/// Each unit becomes a `<tu>` with two `<tuv>`s. Unit dates, ids and the usage count go
/// in the `<tu>`'s attributes (`creationdate`, `creationid`, `changedate`, `changeid`,
/// `lastusagedate`, `usagecount`, `creationtool`); the context in `<prop type="x-context">`
/// and the origin file in `<prop type="x-tarjuman-origin">`; properties and notes as they
/// were imported (those of a variant inside its `<tuv>`). A segment with inline codes is
/// written with its stored markup verbatim.
public struct TMXWriter {
  private var buffer: [UInt8] = []
  private let sink: ([UInt8]) throws -> Void
  /// Units written so far.
  public private(set) var count = 0

  /// Starts a document: writes the XML declaration and the header.
  ///
  /// - Parameters:
  ///   - sourceLanguage: the header's `srclang`: the source language of every unit, or
  ///     nil for `*all*`.
  ///   - toolVersion: the `creationtoolversion`.
  ///   - sink: receives the bytes, about a megabyte at a time.
  public init(
    sourceLanguage: LanguageTag?, toolVersion: String,
    sink: @escaping ([UInt8]) throws -> Void
  ) throws {
    self.sink = sink
    buffer.reserveCapacity(1 << 20)
    let now = Self.date(Date())
    append(
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <!DOCTYPE tmx SYSTEM "tmx14.dtd">
      <tmx version="1.4">
        <header creationtool="Tarjuman" creationtoolversion="\(Self.attribute(toolVersion))" \
      segtype="sentence" o-tmf="tarjuman" adminlang="en" \
      srclang="\(Self.attribute(sourceLanguage?.rawValue ?? "*all*"))" datatype="plaintext" \
      creationdate="\(now)"/>
        <body>

      """)
  }

  /// Writes one unit.
  public mutating func write(_ unit: TranslationUnit) throws {
    var attributes = ""
    func add(_ name: String, _ value: String?) {
      if let value { attributes += " \(name)=\"\(Self.attribute(value))\"" }
    }
    add("srclang", unit.sourceLanguage.rawValue)
    add("creationtool", unit.origin.tool)
    add("creationdate", unit.created.map(Self.date))
    add("creationid", unit.createdBy)
    add("changedate", unit.changed.map(Self.date))
    add("changeid", unit.changedBy)
    add("lastusagedate", unit.lastUsed.map(Self.date))
    add("usagecount", String(unit.usageCount))
    var text = "    <tu\(attributes)>\n"
    for note in unit.notes where note.language == nil {
      text += "      <note>\(Self.text(note.text))</note>\n"
    }
    if let context = unit.context {
      text += "      <prop type=\"x-context\">\(Self.text(context))</prop>\n"
    }
    if let file = unit.origin.file {
      text += "      <prop type=\"x-tarjuman-origin\">\(Self.text(file))</prop>\n"
    }
    for property in unit.properties where property.language == nil {
      text +=
        "      <prop type=\"\(Self.attribute(property.type))\">\(Self.text(property.value))</prop>\n"
    }
    for (language, segment) in [
      (unit.sourceLanguage, unit.source), (unit.targetLanguage, unit.target),
    ] {
      text += "      <tuv xml:lang=\"\(Self.attribute(language.rawValue))\">\n"
      let lower = language.rawValue.lowercased()
      for note in unit.notes where note.language?.lowercased() == lower {
        text += "        <note>\(Self.text(note.text))</note>\n"
      }
      for property in unit.properties where property.language?.lowercased() == lower {
        text +=
          "        <prop type=\"\(Self.attribute(property.type))\">\(Self.text(property.value))</prop>\n"
      }
      text += "        <seg>\(segment.markup ?? Self.text(segment.text))</seg>\n"
      text += "      </tuv>\n"
    }
    text += "    </tu>\n"
    append(text)
    count += 1
    if buffer.count >= 1 << 20 { try flush() }
  }

  /// Closes the document and flushes the buffer.
  public mutating func finish() throws {
    append("  </body>\n</tmx>\n")
    try flush()
  }

  private mutating func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

  private mutating func flush() throws {
    guard !buffer.isEmpty else { return }
    try sink(buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  /// A TMX date: `YYYYMMDDThhmmssZ`, UTC.
  public static func date(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    return String(
      format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
      c.minute ?? 0, c.second ?? 0)
  }

  /// Character data, escaped by TarjumanXML's ``XMLEscaping/text(_:)``.
  static func text(_ string: String) -> String { XMLEscaping.text(string) }

  /// An attribute value in double quotes (``XMLEscaping/attribute(_:)``).
  static func attribute(_ string: String) -> String { XMLEscaping.attribute(string) }
}

extension MemoryStore {
  /// Exports the units that pass `filter` as TMX 1.4b.
  ///
  /// - Returns: the number of units written.
  /// - Throws: ``MemoryError`` from the store, or what `sink` throws.
  @discardableResult
  public func exportTMX(
    _ filter: UnitFilter = UnitFilter(), toolVersion: String,
    sink: @escaping ([UInt8]) throws -> Void
  ) throws -> Int {
    let (condition, arguments) = filter.sql
    let languages: [String] = try read { db in
      try String.fetchAll(
        db, sql: "SELECT DISTINCT sourceLanguage FROM unit WHERE \(condition) LIMIT 2",
        arguments: arguments)
    }
    let sourceLanguage = languages.count == 1 ? LanguageTag(languages[0]) : nil
    var writer = try TMXWriter(
      sourceLanguage: sourceLanguage, toolVersion: toolVersion, sink: sink)
    try forEachUnit(filter) { try writer.write($0) }
    try writer.finish()
    return writer.count
  }
}
