import Foundation

/// Why a translation-memory operation failed. Each case names the file and, for bad
/// input, the line and column.
public enum MemoryError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Another process holds the store's write lock and did not release it in time.
  case storeLocked(path: String)
  /// The store cannot be opened or created (a folder that cannot be made, a file that is
  /// not a database).
  case cannotOpenStore(path: String, reason: String)
  /// SQLite reported an error while reading or writing the store.
  case storeFailed(path: String, reason: String)
  /// The input file does not exist.
  case missingInput(path: String)
  /// The input file exists but cannot be read.
  case unreadableInput(path: String, reason: String)
  /// The input is not what its format requires, at this line and column (1-based; 0 when
  /// unknown).
  case malformedInput(path: String, line: Int, column: Int, message: String)
  /// A language tag that is not well-formed BCP 47.
  case invalidLanguage(String)
  /// An output file cannot be written.
  case cannotWrite(path: String, reason: String)

  public var description: String {
    switch self {
    case .storeLocked(let path):
      "\(path): the translation memory is locked by another process (try again when it is done)"
    case .cannotOpenStore(let path, let reason):
      "\(path): cannot open the translation memory: \(reason)"
    case .storeFailed(let path, let reason): "\(path): \(reason)"
    case .missingInput(let path): "\(path): no such file"
    case .unreadableInput(let path, let reason): "\(path): cannot read: \(reason)"
    case .malformedInput(let path, let line, let column, let message):
      line > 0 ? "\(path):\(line):\(column): \(message)" : "\(path): \(message)"
    case .invalidLanguage(let tag): "'\(tag)' is not a well-formed language tag (BCP 47)"
    case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
    }
  }

  /// Whether the error is about the input's content (exit status 65).
  public var isDataError: Bool {
    switch self {
    case .malformedInput, .invalidLanguage: true
    default: false
    }
  }
}

/// A unit that could not be imported, and where it is in its file.
public struct ImportProblem: Hashable, Sendable, CustomStringConvertible {
  /// The file, as named on the command line.
  public var path: String
  /// The line and column where the bad unit starts (1-based).
  public var line: Int
  public var column: Int
  /// What is wrong.
  public var message: String

  /// Creates a problem report.
  public init(path: String, line: Int, column: Int, message: String) {
    self.path = path
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String { "\(path):\(line):\(column): \(message)" }
}
