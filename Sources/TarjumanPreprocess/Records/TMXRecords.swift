import Foundation
import TarjumanText
import TarjumanXML

#if canImport(Glibc)
  import Glibc
#endif

/// Bad input found while reading, before the workers see it: where, what, and whether
/// the record was kept (repaired).
struct InputProblem: Sendable {
  var line: Int
  var column: Int?
  /// The kind counted in the report.
  var kind: String
  var message: String
  var kept: Bool
  /// The file, when it is not the batch's (the second of parallel files).
  var path: String?
}

/// Records from a TMX file: one per `<tu>` in `<body>`, one column per language.
///
/// A segment's text is its character data without the native code inside `<bpt>`,
/// `<ept>`, `<it>`, `<ph>` and `<ut>` (the text of `<hi>` and `<sub>` elsewhere is kept).
///
/// Bad units follow `--on-invalid`: a `<tuv>` without a language or a `<seg>`, an element
/// TMX does not allow in a segment, or a unit without a segment in a requested language
/// (`broken-tmx`); a document that stops being well-formed XML (`broken-xml`). Under
/// `fail` the first one stops the run with `file:line:column`; under `skip` the unit is
/// left out; under `replace` a unit is kept with what could be read (an unknown element's
/// text, an empty column for a missing language). After an XML error, `skip` and
/// `replace` go on at the next `<tu>` after the broken one, reading each later unit as a
/// document of its own (UTF-8 documents only).
final class TMXRecords {
  let path: String
  private(set) var languages: [String]
  private let onInvalid: InvalidInputPolicy
  private var parser: XMLPullParser
  private var resync: TMXResync?
  private let url: URL
  private var assembler = TMXUnitAssembler()
  private var pendingItems: [Item] = []
  private var temporary: String?
  private var size: Int64 = 0
  private var done = false
  private var sawRoot = false

  enum Item {
    case record(Record, line: Int)
    case problem(InputProblem)
  }

  init(
    _ input: PreprocessInput, languages wanted: [String], onInvalid: InvalidInputPolicy
  ) throws(PreprocessError) {
    path = input.displayName
    self.onInvalid = onInvalid
    if input.isCompressed || input == .standardInput {
      // zlib or a pipe gives no file to map: the document goes to a temporary file first.
      let reader = try ByteReader(input)
      let name =
        NSTemporaryDirectory() + "tarjuman-tmx-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmx"
      let writer = try ByteWriter(path: name)
      let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 8)
      defer { buffer.deallocate() }
      do {
        while true {
          let count = try reader.read(into: buffer, count: 1 << 20)
          if count == 0 { break }
          try writer.write(
            UnsafeBufferPointer(start: buffer.assumingMemoryBound(to: UInt8.self), count: count))
        }
        try writer.commit()
      } catch {
        writer.abandon()
        throw error
      }
      temporary = name
      TemporaryFiles.register(name)
      url = URL(fileURLWithPath: name)
    } else if case .file(let file) = input {
      url = URL(fileURLWithPath: file)
    } else {
      throw .usage("TMX input needs a file")
    }
    do {
      parser = try XMLPullParser(contentsOf: url, displayName: path)
    } catch {
      throw .cannotOpen(path: path, reason: error.message)
    }
    size = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int64) ?? 0
    languages = wanted
    if languages.isEmpty {
      // The columns are the languages of the first unit.
      while languages.isEmpty, let item = try readItem() {
        pendingItems.append(item)
      }
      if languages.isEmpty {
        throw .invalid(path: path, line: max(parser.line, 1), message: "no <tu> in the document")
      }
    }
  }

  deinit {
    if let temporary {
      unlink(temporary)
      TemporaryFiles.unregister(temporary)
    }
  }

  /// Input bytes read so far, for progress: the whole file once it is read (the parser
  /// does not tell its offset), or the resumed reader's position.
  var position: Int64 { done ? size : resync?.offset ?? 0 }

  /// The next batch of up to `count` records and the problems found among them.
  func next(count: Int) throws(PreprocessError) -> RawBatch? {
    var records: [Record] = []
    var lines: [Int] = []
    var problems: [InputProblem] = []
    reading: while records.count < count {
      let item: Item
      if !pendingItems.isEmpty {
        item = pendingItems.removeFirst()
      } else if let read = try readItem() {
        item = read
      } else {
        break
      }
      switch item {
      case .record(let record, let line):
        records.append(record)
        lines.append(line)
      case .problem(let problem):
        problems.append(problem)
        if onInvalid == .fail { break reading }
      }
    }
    if records.isEmpty && problems.isEmpty { return nil }
    return .records(records, lines: lines, path: path, problems: problems)
  }

  /// The next record or problem, nil at the end of the document.
  private func readItem() throws(PreprocessError) -> Item? {
    while !done {
      if let resync {
        guard let slice = try resync.nextUnit() else {
          done = true
          return nil
        }
        if let item = unit(from: slice) { return item }
        continue
      }
      let event: XMLEvent?
      do {
        event = try parser.next()
      } catch {
        return try recover(from: error)
      }
      guard let event else {
        done = true
        return nil
      }
      if !sawRoot, case .startElement(let name, _, _) = event {
        sawRoot = true
        guard name == "tmx" else {
          throw .invalid(
            path: path, line: parser.line, column: parser.column,
            message: "not a TMX document: the root is <\(name)>")
        }
        continue
      }
      if let unit = assembler.feed(event, line: parser.line, column: parser.column) {
        return item(for: unit)
      }
    }
    return nil
  }

  /// A unit parsed as a document of its own, after an XML error.
  private func unit(from slice: TMXResync.Slice) -> Item? {
    var parser = XMLPullParser(bytes: slice.bytes, name: path)
    var assembler = TMXUnitAssembler(inBody: true)
    let place = { (line: Int, column: Int) -> (Int, Int) in
      (slice.line + line - 1, line == 1 ? slice.column + column - 1 : column)
    }
    do {
      while let event = try parser.next() {
        let (line, column) = place(parser.line, parser.column)
        if let unit = assembler.feed(event, line: line, column: column) {
          return item(for: unit)
        }
      }
      let (line, column) = place(1, 1)
      return .problem(
        InputProblem(
          line: line, column: column, kind: "broken-xml", message: "<tu> is not closed",
          kept: false))
    } catch {
      let (line, column) = place(error.line, error.column)
      return .problem(
        InputProblem(
          line: line, column: column, kind: "broken-xml", message: error.message, kept: false))
    }
  }

  /// After an XML error: under `fail` the error; else a problem, and the rest of the
  /// document is read unit by unit.
  private func recover(from error: XMLError) throws(PreprocessError) -> Item? {
    let problem = InputProblem(
      line: error.line, column: error.column, kind: "broken-xml", message: error.message,
      kept: false)
    guard onInvalid != .fail, error.line > 0 else {
      done = true
      return .problem(problem)
    }
    if let resumed = try TMXResync(url: url, line: error.line, column: error.column) {
      resync = resumed
      assembler = TMXUnitAssembler(inBody: true)
      return .problem(problem)
    }
    throw .invalid(
      path: path, line: error.line, column: error.column,
      message: error.message + " (reading cannot go on after it in a document that is not UTF-8)")
  }

  /// The record for a unit, or a problem.
  private func item(for unit: TMXUnitAssembler.Unit) -> Item {
    if languages.isEmpty { languages = unit.segments.map(\.name) }
    var problem = unit.problem
    var fields: [[UInt8]] = []
    for wanted in languages {
      // The same tag, else a more specific one (fa for fa-IR), else the same language
      // (fa-IR for fa, fa-AF for fa-IR).
      let key = wanted.lowercased()
      let primary = key.split(separator: "-").first.map(String.init) ?? key
      let match =
        unit.segments.first { $0.language == key }
        ?? unit.segments.first { $0.language.hasPrefix(key + "-") }
        ?? unit.segments.first {
          $0.language == primary || $0.language.hasPrefix(primary + "-")
        }
      if match == nil && problem == nil {
        problem = (unit.line, unit.column, "<tu> without a \(wanted) segment")
      }
      fields.append(Array((match?.text ?? "").utf8))
    }
    guard let problem else { return .record(Record(fields: fields), line: unit.line) }
    let kept = onInvalid == .replace
    let reported = InputProblem(
      line: problem.line, column: problem.column, kind: "broken-tmx", message: problem.message,
      kept: kept)
    if kept {
      // The problem goes first, then the record kept.
      pendingItems.insert(.record(Record(fields: fields), line: unit.line), at: 0)
    }
    return .problem(reported)
  }
}

/// Turns the events of `<tu>` elements into units: their segments by language, and the
/// first thing wrong with them.
struct TMXUnitAssembler {
  /// A finished unit.
  struct Unit {
    var line: Int
    var column: Int
    /// Segments in document order: the language lowercased and as written; the first
    /// segment of a language wins.
    var segments: [(language: String, name: String, text: String)]
    var problem: (line: Int, column: Int, message: String)?
  }

  /// Inline elements TMX allows in a segment.
  static let inlineElements: Set<String> = ["bpt", "ept", "it", "ph", "ut", "hi", "sub"]
  /// Inline elements whose content is native code, not text.
  static let codeElements: Set<String> = ["bpt", "ept", "it", "ph", "ut"]

  private var inBody: Bool
  private var unit: Unit?
  private var language: String?
  private var languageName = ""
  private var inVariant = false
  private var sawSegment = false
  private var inSegment = false
  private var text = ""
  /// Elements open inside the segment, and how many of them are (inside) native code.
  private var depth = 0
  private var codeDepth = 0

  init(inBody: Bool = false) { self.inBody = inBody }

  private mutating func problem(_ message: String, _ line: Int, _ column: Int) {
    if unit?.problem == nil { unit?.problem = (line, column, message) }
  }

  /// Takes one event; returns the unit it finishes, if any.
  mutating func feed(_ event: XMLEvent, line: Int, column: Int) -> Unit? {
    switch event {
    case .startElement(let name, let attributes, _):
      if inSegment {
        depth += 1
        if codeDepth > 0 || Self.codeElements.contains(name) { codeDepth += 1 }
        if !Self.inlineElements.contains(name) {
          problem("<\(name)> is not allowed in a <seg>", line, column)
        }
      } else if name == "body" {
        inBody = true
      } else if name == "tu" && inBody {
        unit = Unit(line: line, column: column, segments: [])
      } else if name == "tuv" && unit != nil {
        inVariant = true
        sawSegment = false
        languageName = attributes[name: "xml:lang"] ?? attributes[name: "lang"] ?? ""
        language = languageName.isEmpty ? nil : languageName.lowercased()
        if language == nil { problem("<tuv> without xml:lang", line, column) }
      } else if name == "seg" && inVariant {
        inSegment = true
        text = ""
        depth = 0
        codeDepth = 0
      }
    case .text(let value):
      if inSegment && codeDepth == 0 { text += value }
    case .endElement(let name):
      if inSegment {
        if depth == 0 {
          inSegment = false
          sawSegment = true
          if let language, unit?.segments.contains(where: { $0.language == language }) == false {
            unit?.segments.append((language, languageName, text))
          }
        } else {
          depth -= 1
          if codeDepth > 0 { codeDepth -= 1 }
        }
      } else if name == "tuv" && inVariant {
        inVariant = false
        if !sawSegment { problem("<tuv> without <seg>", line, column) }
      } else if name == "tu", let finished = unit {
        unit = nil
        return finished
      } else if name == "body" {
        inBody = false
      }
    }
    return nil
  }
}

/// Reads the rest of a TMX document after an XML error, one `<tu>…</tu>` at a time.
final class TMXResync {
  /// A unit's bytes and where they start.
  struct Slice {
    var bytes: [UInt8]
    var line: Int
    var column: Int
  }

  private let reader: ByteReader
  private var pending: [UInt8] = []
  private var atEnd = false
  /// The line and column (in Unicode scalars) of `pending[0]`.
  private var line = 1
  private var column = 1
  /// Bytes of the document consumed, for progress.
  private(set) var offset: Int64 = 0

  /// Opens the document again and moves past the unit broken at `line`:`column`; nil when
  /// the document is not UTF-8 (units cannot be cut from its bytes).
  init?(url: URL, line errorLine: Int, column errorColumn: Int) throws(PreprocessError) {
    reader = try ByteReader(.file(url.path))
    try fill()
    let head = pending.prefix(256)
    if head.contains(0) || head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
      return nil
    }
    let declaration = String(decoding: head, as: UTF8.self).lowercased()
    if let range = declaration.range(of: "encoding=") {
      let value = declaration[range.upperBound...].dropFirst().prefix {
        $0 != "\"" && $0 != "'"
      }
      if !["utf-8", "utf8", "us-ascii", "ascii"].contains(String(value)) { return nil }
    }
    // To the error's line and column.
    while line < errorLine, let lineFeed = try find(Array("\n".utf8)) { consume(lineFeed + 1) }
    while column < errorColumn && line == errorLine {
      if pending.isEmpty {
        if atEnd { break }
        try fill()
        continue
      }
      var length = 1
      while length < pending.count && pending[length] & 0xC0 == 0x80 { length += 1 }
      consume(length)
    }
    // Past the broken unit: after its `</tu>`, unless a new `<tu` comes first.
    let close = try find(Array("</tu>".utf8))
    let open = try findUnitStart()
    if let close, open.map({ close < $0 }) ?? true { consume(close + 5) }
  }

  /// The next unit, or nil at the end.
  func nextUnit() throws(PreprocessError) -> Slice? {
    guard let start = try findUnitStart() else {
      consume(pending.count)
      return nil
    }
    consume(start)
    let end = try find(Array("</tu>".utf8)).map { $0 + 5 } ?? pending.count
    let slice = Slice(bytes: Array(pending[..<end]), line: line, column: column)
    consume(end)
    return slice
  }

  /// The offset of the next `<tu` followed by a space, `>` or `/`.
  private func findUnitStart() throws(PreprocessError) -> Int? {
    var from = 0
    while let found = try find(Array("<tu".utf8), from: from) {
      while found + 3 >= pending.count && !atEnd { try fill() }
      if found + 3 >= pending.count { return nil }
      switch pending[found + 3] {
      case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/"): return found
      default: from = found + 1
      }
    }
    return nil
  }

  /// The offset of `pattern` in `pending` from `start`, reading more as needed.
  private func find(_ pattern: [UInt8], from start: Int = 0) throws(PreprocessError) -> Int? {
    var index = start
    while true {
      while index + pattern.count <= pending.count {
        if pending[index..<index + pattern.count].elementsEqual(pattern) { return index }
        index += 1
      }
      if atEnd { return nil }
      try fill()
    }
  }

  /// Drops `count` bytes from the front, following the line and column.
  private func consume(_ count: Int) {
    for byte in pending[..<count] {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    pending.removeSubrange(..<count)
    offset += Int64(count)
  }

  private func fill() throws(PreprocessError) {
    let start = pending.count
    pending.append(contentsOf: repeatElement(0, count: 1 << 16))
    let reader = self.reader
    let result = pending.withUnsafeMutableBytes { bytes in
      Result { () throws(PreprocessError) -> Int in
        try reader.read(into: bytes.baseAddress.unsafelyUnwrapped + start, count: 1 << 16)
      }
    }
    let received = (try? result.get()) ?? 0
    pending.removeSubrange((start + received)...)
    if received == 0 { atEnd = true }
    if case .failure(let error) = result { throw error }
  }
}
