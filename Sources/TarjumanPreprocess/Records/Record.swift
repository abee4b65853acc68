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
    var index = 0
    let count = bytes.count
    while index < count {
      let byte = bytes[index]
      if byte < 0x80 {
        index += 1
        continue
      }
      let length: Int
      var lower: UInt8 = 0x80
      var upper: UInt8 = 0xBF
      switch byte {
      case 0xC2...0xDF: length = 2
      case 0xE0:
        length = 3
        lower = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED:
        length = 3
        upper = 0x9F
      case 0xF0:
        length = 4
        lower = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4:
        length = 4
        upper = 0x8F
      default: return index
      }
      guard index + length <= count else { return index }
      let second = bytes[index + 1]
      guard second >= lower && second <= upper else { return index }
      for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return index }
      index += length
    }
    return nil
  }

  static func isValid(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { firstInvalidOffset($0) == nil }
  }

  /// The bytes with each ill-formed sequence replaced by U+FFFD.
  static func repaired(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    Array(String(decoding: bytes, as: UTF8.self).utf8)
  }
}
