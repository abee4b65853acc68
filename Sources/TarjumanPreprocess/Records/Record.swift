import TarjumanText

/// The layout of input and output data.
public enum RecordFormat: String, CaseIterable, Sendable {
  /// Plain text, one segment per line.
  case text
  /// Tab-separated values with a header row naming the columns.
  case tsv
  /// Comma-separated values (RFC 4180 quoting, one record per line) with a header row.
  case csv
  /// JSON Lines: one object per line; `--field` names the string fields processed.
  case jsonl
  /// TMX: one record per `<tu>`, one column per language.
  case tmx
  /// Line-aligned files, one column per file (`--parallel a.txt b.txt`).
  case parallel

  /// The format a file name suggests (after a final `.gz`), text when nothing does.
  public static func guess(from name: String) -> RecordFormat {
    let base = name.hasSuffix(".gz") ? String(name.dropLast(3)) : name
    let lowered = base.lowercased()
    if lowered.hasSuffix(".tsv") || lowered.hasSuffix(".tab") { return .tsv }
    if lowered.hasSuffix(".csv") { return .csv }
    if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") { return .jsonl }
    if lowered.hasSuffix(".tmx") { return .tmx }
    return .text
  }
}

/// A named column of the records and the language of its text.
public struct Column: Sendable, Equatable {
  /// The column's name (a TSV/CSV header, a JSON field, a TMX language, a file's name).
  public var name: String
  /// The language of the text, or `.auto` to decide per line.
  public var language: LanguageSetting

  /// Creates a column.
  public init(name: String, language: LanguageSetting) {
    self.name = name
    self.language = language
  }

  /// The language code for the column ("en", "fa", "ar", or "auto").
  public var languageCode: String {
    switch language {
    case .auto: "auto"
    case .fixed(let language): language.rawValue
    }
  }
}

/// One unit of data: the text of each column, as UTF-8.
public struct Record: Sendable, Equatable {
  /// The text of each column, in the order of the columns.
  public var fields: [[UInt8]]
  /// For JSON Lines input: the whole line, so that the fields not processed are written
  /// back as they were.
  var raw: [UInt8] = []
  /// For JSON Lines input: where each column's JSON string (quotes included) is in `raw`.
  var spans: [Range<Int>] = []

  /// Creates a record from its fields.
  public init(fields: [[UInt8]]) {
    self.fields = fields
  }

  /// Creates a record from strings.
  public init(_ fields: [String]) {
    self.fields = fields.map { Array($0.utf8) }
  }

  /// The fields as strings.
  public var strings: [String] { fields.map { String(decoding: $0, as: UTF8.self) } }
}

/// UTF-8 checks that do not build strings.
enum UTF8Check {
  /// The byte offset of the first ill-formed sequence, or nil when the bytes are valid.
  static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    UTF8Decoding.firstInvalidOffset(bytes)
  }

  static func isValid(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { firstInvalidOffset($0) == nil }
  }

  /// The bytes with each ill-formed sequence replaced by U+FFFD.
  static func repaired(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    Array(String(decoding: bytes, as: UTF8.self).utf8)
  }
}
