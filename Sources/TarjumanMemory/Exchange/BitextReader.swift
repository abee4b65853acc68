import Foundation
import TarjumanGlossary

/// Reads bilingual text: one unit per row, source and target in the first two columns and
/// an optional context in the third.
///
/// - `tsv`: fields separated by tabs, one row per line, no quoting.
/// - `csv`: RFC 4180: fields separated by commas, fields with commas, quotes or line
///   breaks in double quotes, `""` for a quote.
///
/// The languages come from the caller (`--from`, `--to`) or from a header row whose first
/// two fields are language tags (`en<TAB>fa`); a header row of words (`source,target`) is
/// skipped. Rows with fewer than two fields or an empty side are problems.
public struct BitextReader: UnitSource {
  /// The two delimited formats.
  public enum Format: String, Sendable, CaseIterable {
    case tsv, csv

    /// The format a file name suggests: `.csv` is CSV, anything else TSV.
    public static func guess(path: String) -> Format {
      path.lowercased().hasSuffix(".csv") ? .csv : .tsv
    }
  }

  public private(set) var warnings: [ImportProblem] = []
  private var lines: LineReader
  private let format: Format
  private var sourceLanguage: LanguageTag?
  private var targetLanguage: LanguageTag?
  private let origin: UnitOrigin
  private var firstRow = true

  /// Opens a bitext file.
  ///
  /// - Throws: ``MemoryError/missingInput(path:)`` and the other read errors.
  public init(
    url: URL, path: String, format: Format, sourceLanguage: LanguageTag?,
    targetLanguage: LanguageTag?
  ) throws(MemoryError) {
    lines = try LineReader(url: url, path: path)
    self.format = format
    self.sourceLanguage = sourceLanguage
    self.targetLanguage = targetLanguage
    origin = UnitOrigin(file: path, tool: "tarjuman")
  }

  public mutating func next() throws(MemoryError) -> SourceItem? {
    while let (fields, line) = try nextRow() {
      if firstRow {
        firstRow = false
        if try isHeader(fields, line: line) { continue }
      }
      if fields.allSatisfy({ $0.isEmpty }) { continue }
      guard let sourceLanguage, let targetLanguage else {
        throw .malformedInput(
          path: lines.path, line: line, column: 1,
          message: "no languages: give --from and --to, or a header row such as en<TAB>fa")
      }
      guard fields.count >= 2 else {
        return .problem(
          ImportProblem(
            path: lines.path, line: line, column: 1,
            message: "one field; a row needs a source and a target"))
      }
      let source = trimmed(fields[0])
      let target = trimmed(fields[1])
      guard !source.isEmpty, !target.isEmpty else {
        return .problem(
          ImportProblem(
            path: lines.path, line: line, column: 1,
            message: source.isEmpty ? "empty source" : "empty target"))
      }
      let context = fields.count > 2 && !fields[2].isEmpty ? fields[2] : nil
      return .units([
        TranslationUnit(
          sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
          source: Segment(text: source), target: Segment(text: target), origin: origin,
          context: context)
      ])
    }
    lines.close()
    return nil
  }

  /// A header row: two language tags (taken as the languages), or two words such as
  /// `source`/`target` (skipped).
  private mutating func isHeader(_ fields: [String], line: Int) throws(MemoryError) -> Bool {
    guard fields.count >= 2 else { return false }
    let names = fields.prefix(2).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    if names == ["source", "target"] || names == ["src", "tgt"] { return true }
    guard let first = LanguageTag(names[0]), let second = LanguageTag(names[1]),
      names.allSatisfy({ $0.count <= 12 })
    else { return false }
    if let sourceLanguage, let targetLanguage {
      // A header that disagrees with --from/--to is more likely an error than data.
      if !(first.matches(sourceLanguage) || sourceLanguage.matches(first))
        || !(second.matches(targetLanguage) || targetLanguage.matches(second))
      {
        warnings.append(
          ImportProblem(
            path: lines.path, line: line, column: 1,
            message:
              "the header names \(first) and \(second); importing as \(sourceLanguage) to \(targetLanguage)"
          ))
      }
      return true
    }
    sourceLanguage = first
    targetLanguage = second
    return true
  }

  /// The fields of the next row and the line it starts on.
  private mutating func nextRow() throws(MemoryError) -> ([String], Int)? {
    guard let line = try lines.next() else { return nil }
    let number = lines.lineNumber
    switch format {
    case .tsv:
      // Split on the tab byte: splitting the String by Characters costs more than the
      // rest of the row's reading.
      var fields: [String] = []
      var line = line
      line.withUTF8 { bytes in
        var start = 0
        for index in 0..<bytes.count where bytes[index] == 0x09 {
          fields.append(
            String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
          start = index + 1
        }
        fields.append(
          String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
      }
      return (fields, number)
    case .csv:
      var fields: [String] = []
      var field = ""
      var quoted = false
      var current = line
      var index = current.startIndex
      var fieldStarted = false
      while true {
        if index == current.endIndex {
          if quoted {
            // A quoted field goes on over the line break.
            guard let more = try lines.next() else {
              throw .malformedInput(
                path: lines.path, line: number, column: 1, message: "a quoted field is not closed")
            }
            field.append("\n")
            current = more
            index = current.startIndex
            continue
          }
          fields.append(field)
          return (fields, number)
        }
        let character = current[index]
        index = current.index(after: index)
        if quoted {
          if character == "\"" {
            if index < current.endIndex && current[index] == "\"" {
              field.append("\"")
              index = current.index(after: index)
            } else {
              quoted = false
            }
          } else {
            field.append(character)
          }
        } else if character == "," {
          fields.append(field)
          field = ""
          fieldStarted = false
        } else if character == "\"" && !fieldStarted {
          quoted = true
          fieldStarted = true
        } else {
          field.append(character)
          fieldStarted = true
        }
      }
    }
  }
}

/// Reads two line-aligned files, the source and its translation, as units: line N of one
/// is the translation of line N of the other. Empty lines on either side are skipped; files
/// of different lengths are an error at the first line one of them lacks.
public struct ParallelFileReader: UnitSource {
  public private(set) var warnings: [ImportProblem] = []
  private var sourceLines: LineReader
  private var targetLines: LineReader
  private let sourceLanguage: LanguageTag
  private let targetLanguage: LanguageTag
  private let origin: UnitOrigin

  /// Opens the two files.
  ///
  /// - Throws: ``MemoryError/missingInput(path:)`` and the other read errors.
  public init(
    source: URL, sourcePath: String, target: URL, targetPath: String,
    sourceLanguage: LanguageTag, targetLanguage: LanguageTag
  ) throws(MemoryError) {
    sourceLines = try LineReader(url: source, path: sourcePath)
    targetLines = try LineReader(url: target, path: targetPath)
    self.sourceLanguage = sourceLanguage
    self.targetLanguage = targetLanguage
    origin = UnitOrigin(file: sourcePath, tool: "tarjuman")
  }

  public mutating func next() throws(MemoryError) -> SourceItem? {
    while true {
      let source = try sourceLines.next()
      let target = try targetLines.next()
      switch (source, target) {
      case (nil, nil):
        sourceLines.close()
        targetLines.close()
        return nil
      case (nil, _):
        throw .malformedInput(
          path: sourceLines.path, line: targetLines.lineNumber, column: 1,
          message: "the source file ends here but \(targetLines.path) goes on")
      case (_, nil):
        throw .malformedInput(
          path: targetLines.path, line: sourceLines.lineNumber, column: 1,
          message: "the target file ends here but \(sourceLines.path) goes on")
      case (let source?, let target?):
        let sourceText = trimmed(source)
        let targetText = trimmed(target)
        if sourceText.isEmpty && targetText.isEmpty { continue }
        guard !sourceText.isEmpty, !targetText.isEmpty else {
          return .problem(
            ImportProblem(
              path: sourceText.isEmpty ? sourceLines.path : targetLines.path,
              line: sourceLines.lineNumber, column: 1, message: "empty line opposite a translation")
          )
        }
        return .units([
          TranslationUnit(
            sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
            source: Segment(text: sourceText), target: Segment(text: targetText), origin: origin)
        ])
      }
    }
  }
}

/// The text without spaces and tabs at either end (most fields have none: they are
/// returned as they are, without Foundation's trimming).
func trimmed(_ text: String) -> String {
  guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else {
    return text
  }
  if !isWhitespace(first) && !isWhitespace(last) { return text }
  return text.trimmingCharacters(in: .whitespaces)
}

/// Unicode's White_Space, answered without the property tables for ASCII and the Arabic
/// block (the ends of almost every field), whose lookup cost more than the rest of a
/// field's reading.
@inline(__always)
private func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
  switch scalar.value {
  case 0x09...0x0D, 0x20: true
  case 0..<0x80, 0x0600...0x06FF: false
  default: scalar.properties.isWhitespace
  }
}
