import Foundation
import TarjumanText
import TarjumanXML

/// What to read and how: the format, the inputs, and which columns in which languages.
public struct InputSpec: Sendable {
  /// The input format.
  public var format: RecordFormat
  /// The inputs: files read one after the other, or for `.parallel` the aligned files.
  public var inputs: [PreprocessInput]
  /// The columns to keep (TSV, CSV), or the names to give them (text, parallel files, TMX
  /// languages); nil for all, or the default names.
  public var columns: [String]?
  /// JSON Lines: the string fields to process.
  public var fields: [String] = ["text"]
  /// The language of each column, or one for all; empty: from the column names when they
  /// are language codes, else `auto`.
  public var languages: [LanguageSetting] = []

  /// Creates a specification.
  public init(format: RecordFormat, inputs: [PreprocessInput], columns: [String]? = nil) {
    self.format = format
    self.inputs = inputs
    self.columns = columns
  }
}

/// A unit of input handed to a worker.
enum RawBatch {
  /// Whole lines of one input, the first being line `firstLine`.
  case lines([UInt8], path: String, firstLine: Int)
  /// The same number of whole lines from each parallel file.
  case parallel([[UInt8]], paths: [String], firstLine: Int)
  /// Records already parsed (TMX), with their line numbers, and the problems found
  /// among them.
  case records([Record], lines: [Int], path: String, problems: [InputProblem])
}

/// Reads inputs and hands out batches; runs on the main thread.
final class RecordSource {
  let spec: InputSpec
  private(set) var columns: [Column] = []
  private(set) var parser: LineParser
  private let chunkBytes: Int
  private let maxLineBytes: Int
  private var inputIndex = 0
  private var readers: [LineChunkReader] = []
  private var line = 1
  private var tmx: TMXRecords?
  private var header: [String]?
  /// Bytes read so far from finished inputs.
  private var finishedBytes: Int64 = 0
  /// The total size of the inputs, when known.
  let totalBytes: Int64?
  /// Where the buffers of plain-text batches come from (those of written units).
  var buffers: BufferPool?

  init(
    _ spec: InputSpec, chunkBytes: Int, maxLineBytes: Int, onInvalid: InvalidInputPolicy
  ) throws(PreprocessError) {
    self.spec = spec
    self.chunkBytes = chunkBytes
    self.maxLineBytes = maxLineBytes
    parser = LineParser(format: spec.format, headerCount: 1, selected: [0], fieldNames: [])
    var total: Int64 = 0
    var known = true
    for input in spec.inputs {
      guard case .file(let path) = input,
        let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int64
      else {
        known = false
        continue
      }
      total += size
    }
    totalBytes = known ? total : nil
    var names: [String]
    switch spec.format {
    case .text:
      names = [spec.columns?.first ?? "text"]
    case .jsonl:
      names = spec.fields
      if let twice = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
        throw .usage("--field names '\(twice)' twice")
      }
      parser = LineParser(
        format: .jsonl, headerCount: 0, selected: [], fieldNames: names.map { Array($0.utf8) })
    case .parallel:
      guard spec.inputs.count >= 2 else {
        throw .usage("--parallel needs two or more files")
      }
      readers = try spec.inputs.map { (input) throws(PreprocessError) in
        LineChunkReader(try ByteReader(input), chunkBytes: chunkBytes, maxLineBytes: maxLineBytes)
      }
      let codes = spec.languages.compactMap(\.code)
      if let given = spec.columns {
        names = given
      } else if codes.count == spec.inputs.count {
        names = codes
      } else {
        names = spec.inputs.map { Self.stem($0.displayName) }
      }
    case .tsv, .csv:
      let found = try openNextTable()
      let selected: [Int]
      if let wanted = spec.columns {
        selected = try wanted.map { (name) throws(PreprocessError) in
          guard let index = found.firstIndex(of: name) else {
            throw .usage(
              "\(spec.inputs[0].displayName): no column '\(name)' "
                + "(columns: \(found.joined(separator: ", ")))")
          }
          return index
        }
      } else {
        selected = Array(found.indices)
      }
      names = selected.map { found[$0] }
      parser = LineParser(
        format: spec.format, headerCount: found.count, selected: selected, fieldNames: [])
    case .tmx:
      guard spec.inputs.count == 1, let input = spec.inputs.first else {
        throw .usage("TMX input is one file")
      }
      let reader = try TMXRecords(
        input, languages: spec.columns ?? spec.languages.compactMap(\.code), onInvalid: onInvalid)
      tmx = reader
      names = reader.languages
    }
    columns = try Self.columns(names: names, languages: spec.languages)
    if spec.format == .text && spec.columns == nil { columns[0].name = "text" }
  }

  private static func columns(
    names: [String], languages: [LanguageSetting]
  ) throws(PreprocessError) -> [Column] {
    if languages.count > 1 && languages.count != names.count {
      throw .usage(
        "--lang gives \(languages.count) languages for \(names.count) columns "
          + "(\(names.joined(separator: ", ")))")
    }
    return names.enumerated().map { index, name in
      let language =
        languages.isEmpty
        ? (LanguageSetting(name.split(separator: "-").first.map(String.init) ?? name) ?? .auto)
        : languages[languages.count == 1 ? 0 : index]
      return Column(name: name, language: language)
    }
  }

  static func stem(_ path: String) -> String {
    var name = path.split(separator: "/").last.map(String.init) ?? path
    if name.hasSuffix(".gz") { name.removeLast(3) }
    if let dot = name.lastIndex(of: "."), dot > name.startIndex {
      name = String(name[..<dot])
    }
    return name
  }

  /// Opens the next TSV/CSV input and reads its header.
  private func openNextTable() throws(PreprocessError) -> [String] {
    let input = spec.inputs[inputIndex]
    let reader = LineChunkReader(
      try ByteReader(input), chunkBytes: chunkBytes, maxLineBytes: maxLineBytes,
      csvRecords: spec.format == .csv)
    readers = [reader]
    line = 1
    var first: [UInt8] = []
    guard try reader.next(into: &first, lineLimit: 1) else {
      throw .invalid(path: input.displayName, line: 1, message: "no header row")
    }
    let headerLines = Self.lineCount(first)
    while let last = first.last, last == 0x0A || last == 0x0D { first.removeLast() }
    guard UTF8Check.isValid(first) else {
      throw .invalid(path: input.displayName, line: 1, message: "invalid UTF-8 in the header")
    }
    guard
      let cells = first.withUnsafeBufferPointer({
        spec.format == .tsv ? LineParser.splitTSV($0) : LineParser.splitCSV($0)
      })
    else {
      throw .invalid(
        path: input.displayName, line: 1, message: "a quoted field is not closed in the header")
    }
    let names = cells.map { String(decoding: $0, as: UTF8.self) }
    if let header, header != names {
      throw .invalid(
        path: input.displayName, line: 1,
        message: "the header differs from the first file's (\(header.joined(separator: ", ")))")
    }
    header = names
    line = 1 + headerLines
    return names
  }

  /// Bytes consumed so far, for progress.
  var bytesConsumed: Int64 {
    finishedBytes + (readers.first.map { $0.reader.position } ?? 0) + (tmx?.position ?? 0)
  }

  /// The next batch, or nil at the end of the inputs.
  func next() throws(PreprocessError) -> RawBatch? {
    if let tmx {
      return try tmx.next(count: 2048)
    }
    while true {
      if spec.format == .parallel {
        var chunks: [[UInt8]] = []
        var first: [UInt8] = []
        guard try readers[0].next(into: &first) else {
          for (index, reader) in readers.enumerated().dropFirst() {
            var extra: [UInt8] = []
            if try reader.next(into: &extra, lineLimit: 1) {
              throw .invalid(
                path: spec.inputs[index].displayName, line: line,
                message: "longer than \(spec.inputs[0].displayName) (\(line - 1) lines)")
            }
          }
          return nil
        }
        let count = Self.lineCount(first)
        chunks.append(first)
        for (index, reader) in readers.enumerated().dropFirst() {
          var chunk: [UInt8] = []
          _ = try reader.next(into: &chunk, lineLimit: count)
          let got = Self.lineCount(chunk)
          if got < count {
            throw .invalid(
              path: spec.inputs[index].displayName, line: line + got,
              message: "shorter than \(spec.inputs[0].displayName): the files are not aligned")
          }
          chunks.append(chunk)
        }
        let batch = RawBatch.parallel(
          chunks, paths: spec.inputs.map(\.displayName), firstLine: line)
        line += count
        return batch
      }
      if readers.isEmpty {
        guard inputIndex < spec.inputs.count else { return nil }
        if spec.format == .tsv || spec.format == .csv {
          _ = try openNextTable()
        } else {
          readers = [
            LineChunkReader(
              try ByteReader(spec.inputs[inputIndex]), chunkBytes: chunkBytes,
              maxLineBytes: maxLineBytes)
          ]
          line = 1
        }
      }
      var chunk = buffers?.take() ?? []
      if let reader = readers.first, try reader.next(into: &chunk) {
        let batch = RawBatch.lines(
          chunk, path: spec.inputs[inputIndex].displayName, firstLine: line)
        line += Self.lineCount(chunk)
        return batch
      }
      finishedBytes += readers.first.map { $0.reader.position } ?? 0
      readers.first?.reader.close()
      readers = []
      inputIndex += 1
    }
  }

  /// Lines in a chunk (a last line without a line break counts).
  static func lineCount(_ bytes: [UInt8]) -> Int {
    guard !bytes.isEmpty else { return 0 }
    let breaks = bytes.withUnsafeBufferPointer { buffer -> Int in
      var count = 0
      guard let base = buffer.baseAddress else { return 0 }
      var start = 0
      while start < buffer.count,
        let found = memchr(base + start, 0x0A, buffer.count - start)
      {
        count += 1
        start = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
      }
      return count
    }
    return breaks + (bytes.last == 0x0A ? 0 : 1)
  }
}

extension LanguageSetting {
  /// "en", "fa", "ar", or nil for auto.
  var code: String? {
    if case .fixed(let language) = self { return language.rawValue }
    return nil
  }
}
