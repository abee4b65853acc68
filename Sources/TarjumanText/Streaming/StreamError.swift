#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A failure while streaming text through a filter, naming the file and line.
public enum StreamError: Error, Equatable, Sendable, CustomStringConvertible {
  /// An input file could not be opened (missing, a directory, no permission).
  case cannotOpen(path: String, errno: Int32)
  /// Reading failed in the middle of an input.
  case readFailed(path: String, errno: Int32)
  /// A line is not valid UTF-8; `column` is the 1-based byte offset of the first bad byte.
  case invalidUTF8(path: String, line: Int, column: Int)
  /// The input starts with a UTF-16 byte-order mark.
  case utf16(path: String, bigEndian: Bool)
  /// A line is longer than the limit, which protects memory from a file with no line breaks.
  case lineTooLong(path: String, line: Int, limit: Int)
  /// The output could not be created or written.
  case writeFailed(path: String, errno: Int32)

  /// Whether the error is about the content of the input (exit status 65, `EX_DATAERR`)
  /// rather than about files that could not be opened, read or written.
  public var isDataError: Bool {
    switch self {
    case .invalidUTF8, .utf16, .lineTooLong: true
    case .cannotOpen, .readFailed, .writeFailed: false
    }
  }

  public var description: String {
    switch self {
    case .cannotOpen(let path, let code):
      "\(path): cannot open: \(Self.message(code))"
    case .readFailed(let path, let code):
      "\(path): read failed: \(Self.message(code))"
    case .invalidUTF8(let path, let line, let column):
      "\(path):\(line):\(column): invalid UTF-8 (use --on-invalid replace or skip to go on)"
    case .utf16(let path, let bigEndian):
      "\(path):1:1: the file is UTF-16 \(bigEndian ? "BE" : "LE") (byte-order mark), not UTF-8; "
        + "convert it first, for example: uconv -f UTF-16 -t UTF-8 \(path)"
    case .lineTooLong(let path, let line, let limit):
      "\(path):\(line): line longer than \(limit) bytes (raise --max-line-bytes if this is intended)"
    case .writeFailed(let path, let code):
      "\(path): write failed: \(Self.message(code))"
    }
  }

  private static func message(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
  }
}

/// A problem in the input that did not stop processing (a replaced or skipped line).
public struct StreamWarning: Sendable, Equatable, CustomStringConvertible {
  /// The input's path, or "<stdin>".
  public var path: String
  /// The 1-based line number.
  public var line: Int
  /// What happened.
  public var message: String

  /// `path:line: message`, the form the command-line tool prints after its "warning:".
  public var description: String { "\(path):\(line): \(message)" }
}

extension StreamError {
  /// The error for what stopped a ``ChunkReader``, at a line of the input: a line too long
  /// starts at `line`.
  init(_ problem: ChunkReader.Problem, path: String, line: Int, limit: Int) {
    switch problem {
    case .tooLong: self = .lineTooLong(path: path, line: line, limit: limit)
    case .readFailed(let code): self = .readFailed(path: path, errno: code)
    case .utf16(let bigEndian): self = .utf16(path: path, bigEndian: bigEndian)
    }
  }
}
