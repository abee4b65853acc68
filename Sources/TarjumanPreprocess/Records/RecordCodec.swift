import Foundation
import TarjumanText
import TarjumanXML

/// Turns one input line into a record, for the line-based formats (text, TSV, CSV,
/// JSON Lines). Used on worker threads; immutable.
struct LineParser: Sendable {
  let format: RecordFormat
  /// TSV/CSV: the number of columns in the header.
  let headerCount: Int
  /// TSV/CSV: the header positions of the columns kept, in order.
  let selected: [Int]
  /// JSON Lines: the names of the fields processed.
  let fieldNames: [[UInt8]]

  enum Outcome {
    case record(Record)
    /// The line is bad: its kind for the report (`invalid-utf8`, `wrong-column-count`,
    /// `broken-csv`, `broken-json`), what is wrong, and with `repaired` the record to use
    /// under `--on-invalid replace`.
    case problem(kind: String, message: String, repaired: Record?)
  }

  func parse(_ line: UnsafeBufferPointer<UInt8>) -> Outcome {
    if let bad = UTF8Check.firstInvalidOffset(line) {
      let fixed = UTF8Check.repaired(line)
      let repaired = fixed.withUnsafeBufferPointer { parseValid($0) }
      let message = "invalid UTF-8 at byte \(bad + 1)"
      if case .record(let record) = repaired {
        return .problem(kind: "invalid-utf8", message: message, repaired: record)
      }
      return .problem(kind: "invalid-utf8", message: message, repaired: nil)
    }
    return parseValid(line)
  }

  private func parseValid(_ line: UnsafeBufferPointer<UInt8>) -> Outcome {
    switch format {
    case .text, .parallel, .tmx:
      return .record(Record(fields: [Array(line)]))
    case .tsv, .csv:
      let cells = format == .tsv ? Self.splitTSV(line) : Self.splitCSV(line)
      guard let cells else {
        return .problem(
          kind: "broken-csv", message: "a quoted field is not closed", repaired: nil)
      }
      let pick = { (cells: [[UInt8]]) in Record(fields: selected.map { cells[$0] }) }
      if cells.count != headerCount {
        var padded = Array(cells.prefix(headerCount))
        while padded.count < headerCount { padded.append([]) }
        return .problem(
          kind: "wrong-column-count",
          message:
            "\(cells.count) column\(cells.count == 1 ? "" : "s") where the header has \(headerCount)",
          repaired: pick(padded))
      }
      return .record(pick(cells))
    case .jsonl:
      switch JSONLine.locate(line, fields: fieldNames) {
      case .failure(let problem):
        return .problem(kind: "broken-json", message: problem.message, repaired: nil)
      case .success(let ranges):
        var record = Record(
          fields: ranges.map { JSONLine.decode(UnsafeBufferPointer(rebasing: line[$0])) })
        record.raw = Array(line)
        record.spans = ranges
        return .record(record)
      }
    }
  }

  static func splitTSV(_ line: UnsafeBufferPointer<UInt8>) -> [[UInt8]]? {
    line.split(separator: 0x09, omittingEmptySubsequences: false).map { Array($0) }
  }

  /// RFC 4180 fields of one record (a quoted field may hold line breaks); nil when a quoted
  /// field is not closed.
  static func splitCSV(_ line: UnsafeBufferPointer<UInt8>) -> [[UInt8]]? {
    var cells: [[UInt8]] = []
    var cell: [UInt8] = []
    var index = 0
    var quoted = false
    var wasQuoted = false
    while index < line.count {
      let byte = line[index]
      if quoted {
        if byte == UInt8(ascii: "\"") {
          if index + 1 < line.count && line[index + 1] == UInt8(ascii: "\"") {
            cell.append(byte)
            index += 2
            continue
          }
          quoted = false
        } else {
          cell.append(byte)
        }
      } else if byte == UInt8(ascii: "\"") && cell.isEmpty && !wasQuoted {
        quoted = true
        wasQuoted = true
      } else if byte == UInt8(ascii: ",") {
        cells.append(cell)
        cell = []
        wasQuoted = false
      } else {
        cell.append(byte)
      }
      index += 1
    }
    if quoted { return nil }
    cells.append(cell)
    return cells
  }
}

/// Writes records in an output format. Immutable; used on worker threads.
struct RecordWriter: Sendable {
  let format: RecordFormat
  let columns: [Column]
  /// Whether records carry their JSON line (JSON Lines in and out): fields are written
  /// back into it.
  let splicesJSON: Bool

  /// The number of output files: one per column for parallel output, else one.
  var sinkCount: Int { format == .parallel ? columns.count : 1 }

  func header() -> [UInt8] {
    switch format {
    case .tsv:
      var line: [UInt8] = []
      for (index, column) in columns.enumerated() {
        if index > 0 { line.append(0x09) }
        Self.appendTSV(Array(column.name.utf8), to: &line)
      }
      line.append(0x0A)
      return line
    case .csv:
      var line: [UInt8] = []
      for (index, column) in columns.enumerated() {
        if index > 0 { line.append(UInt8(ascii: ",")) }
        Self.appendCSV(Array(column.name.utf8), to: &line)
      }
      line.append(0x0A)
      return line
    case .tmx:
      let source = columns.first?.name ?? "en"
      return Array(
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <tmx version="1.4">
        <header creationtool="tarjuman" creationtoolversion="1" segtype="sentence" \
        o-tmf="tarjuman" adminlang="en" srclang="\(XMLEscaping.attribute(source))" \
        datatype="plaintext"/>
        <body>

        """.utf8)
    case .text, .jsonl, .parallel: return []
    }
  }

  func footer() -> [UInt8] {
    format == .tmx ? Array("</body>\n</tmx>\n".utf8) : []
  }

  /// Appends one record to the output buffers (one per sink).
  func write(_ record: Record, into outputs: inout [[UInt8]]) {
    switch format {
    case .text:
      for (index, field) in record.fields.enumerated() {
        if index > 0 { outputs[0].append(0x09) }
        Self.appendFlat(field, to: &outputs[0])
      }
      outputs[0].append(0x0A)
    case .parallel:
      for (index, field) in record.fields.enumerated() where index < outputs.count {
        Self.appendFlat(field, to: &outputs[index])
        outputs[index].append(0x0A)
      }
    case .tsv:
      for (index, field) in record.fields.enumerated() {
        if index > 0 { outputs[0].append(0x09) }
        Self.appendTSV(field, to: &outputs[0])
      }
      outputs[0].append(0x0A)
    case .csv:
      for (index, field) in record.fields.enumerated() {
        if index > 0 { outputs[0].append(UInt8(ascii: ",")) }
        Self.appendCSV(field, to: &outputs[0])
      }
      outputs[0].append(0x0A)
    case .jsonl:
      if splicesJSON && !record.raw.isEmpty && record.spans.count <= record.fields.count {
        var copied = 0
        let spans = record.spans
        // --field may name the fields in another order than the line has them.
        let inOrder = zip(spans, spans.dropFirst()).allSatisfy { $0.upperBound <= $1.lowerBound }
        let order =
          inOrder
          ? Array(spans.indices)
          : spans.indices.sorted {
            spans[$0].lowerBound < spans[$1].lowerBound
          }
        for index in order {
          outputs[0].append(contentsOf: record.raw[copied..<spans[index].lowerBound])
          JSONLine.encode(record.fields[index], into: &outputs[0])
          copied = spans[index].upperBound
        }
        outputs[0].append(contentsOf: record.raw[copied...])
        // Columns added by steps (romanization) go at the end of the object.
        if record.fields.count > record.spans.count,
          let close = outputs[0].lastIndex(of: UInt8(ascii: "}"))
        {
          var extra: [UInt8] = []
          for index in record.spans.count..<record.fields.count where index < columns.count {
            extra.append(UInt8(ascii: ","))
            JSONLine.encode(Array(columns[index].name.utf8), into: &extra)
            extra.append(UInt8(ascii: ":"))
            JSONLine.encode(record.fields[index], into: &extra)
          }
          outputs[0].insert(contentsOf: extra, at: close)
        }
      } else {
        outputs[0].append(UInt8(ascii: "{"))
        for (index, field) in record.fields.enumerated() where index < columns.count {
          if index > 0 { outputs[0].append(UInt8(ascii: ",")) }
          JSONLine.encode(Array(columns[index].name.utf8), into: &outputs[0])
          outputs[0].append(UInt8(ascii: ":"))
          JSONLine.encode(field, into: &outputs[0])
        }
        outputs[0].append(UInt8(ascii: "}"))
      }
      outputs[0].append(0x0A)
    case .tmx:
      outputs[0].append(contentsOf: Array("<tu>".utf8))
      for (index, field) in record.fields.enumerated() where index < columns.count {
        let text = XMLEscaping.text(String(decoding: field, as: UTF8.self))
        let language = XMLEscaping.attribute(columns[index].name)
        outputs[0].append(
          contentsOf: Array("<tuv xml:lang=\"\(language)\"><seg>\(text)</seg></tuv>".utf8))
      }
      outputs[0].append(contentsOf: Array("</tu>\n".utf8))
    }
  }

  /// Line breaks and tabs inside a field would break the line structure: spaces instead.
  private static func appendFlat(_ field: [UInt8], to output: inout [UInt8]) {
    let flat = field.withUnsafeBufferPointer { bytes in
      guard let base = bytes.baseAddress else { return true }
      return memchr(base, 0x0A, bytes.count) == nil && memchr(base, 0x0D, bytes.count) == nil
    }
    if flat {
      // From the buffer: `append(contentsOf:)` takes an array argument as its own, a
      // retain and a release per field.
      field.withUnsafeBufferPointer { output.append(contentsOf: $0) }
      return
    }
    for byte in field { output.append(byte == 0x0A || byte == 0x0D ? 0x20 : byte) }
  }

  /// Tabs and line breaks would split the field: spaces instead.
  private static func appendTSV(_ field: [UInt8], to output: inout [UInt8]) {
    for byte in field { output.append(byte == 0x09 || byte == 0x0A || byte == 0x0D ? 0x20 : byte) }
  }

  private static func appendCSV(_ field: [UInt8], to output: inout [UInt8]) {
    let needsQuotes = field.contains {
      $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
    }
    guard needsQuotes else {
      output.append(contentsOf: field)
      return
    }
    output.append(UInt8(ascii: "\""))
    for byte in field {
      if byte == UInt8(ascii: "\"") { output.append(byte) }
      output.append(byte)
    }
    output.append(UInt8(ascii: "\""))
  }
}
