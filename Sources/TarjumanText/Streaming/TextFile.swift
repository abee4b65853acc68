import Foundation

/// Reads a whole text file into a string: UTF-8 (with or without a byte-order mark) or
/// UTF-16 with a byte-order mark, as spreadsheet programs and CAT tools save it.
///
/// For files meant to be read whole (glossaries, pipeline files); corpora go through
/// ``LineFilter``, which streams.
public enum TextFile {
  /// Why a file could not be read as text.
  public enum ReadError: Error, Equatable, CustomStringConvertible {
    /// The file does not exist.
    case missing(path: String)
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The bytes are not valid UTF-8 (or UTF-16) at this line and column (columns count bytes).
    case invalidEncoding(path: String, line: Int, column: Int)

    public var description: String {
      switch self {
      case .missing(let path): "\(path): no such file"
      case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
      case .invalidEncoding(let path, let line, let column):
        "\(path):\(line):\(column): not valid UTF-8 (convert the file to UTF-8)"
      }
    }
  }

  /// Reads and decodes a file.
  public static func read(_ url: URL, displayName: String? = nil) throws(ReadError) -> String {
    let name = displayName ?? url.path
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      if !FileManager.default.fileExists(atPath: url.path) { throw .missing(path: name) }
      throw .unreadable(path: name, reason: (error as NSError).localizedDescription)
    }
    return try decode(data, name: name)
  }

  /// Decodes bytes read from a file named `name` (for errors).
  public static func decode(_ data: Data, name: String) throws(ReadError) -> String {
    let bytes = [UInt8](data)
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      let littleEndian = bytes[0] == 0xFF
      var units: [UInt16] = []
      units.reserveCapacity(bytes.count / 2)
      var index = 2
      while index + 1 < bytes.count {
        let pair = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
        units.append(littleEndian ? pair.0 | pair.1 << 8 : pair.0 << 8 | pair.1)
        index += 2
      }
      var text = ""
      var line = 1
      var iterator = units.makeIterator()
      var decoder = UTF16()
      loop: while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar):
          if scalar == "\n" { line += 1 }
          text.unicodeScalars.append(scalar)
        case .emptyInput: break loop
        case .error: throw .invalidEncoding(path: name, line: line, column: 1)
        }
      }
      return text
    }
    let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    let body = bytes[start...]
    let invalid = body.withUnsafeBufferPointer { UTF8Decoding.firstInvalidOffset($0) }
    if let invalid {
      let before = body.prefix(invalid)
      let line = before.count(where: { $0 == 0x0A }) + 1
      let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? body.startIndex
      throw .invalidEncoding(
        path: name, line: line, column: body.startIndex + invalid - lineStart + 1)
    }
    return String(decoding: body, as: UTF8.self)
  }
}
