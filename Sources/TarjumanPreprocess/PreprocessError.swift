/// A failure that stops preprocessing, naming the file (and line) it comes from.
public enum PreprocessError: Error, Equatable, Sendable, CustomStringConvertible {
  /// An input could not be opened.
  case cannotOpen(path: String, reason: String)
  /// Reading an input failed.
  case readFailed(path: String, reason: String)
  /// The output could not be written.
  case writeFailed(path: String, reason: String)
  /// Bad input under `--on-invalid fail`: invalid UTF-8, a row with the wrong number of
  /// columns, a broken JSON line, a broken TMX unit, parallel files of different lengths;
  /// with the column (in Unicode scalars) when it is known.
  case invalid(path: String, line: Int, column: Int? = nil, message: String)
  /// A line longer than the limit.
  case lineTooLong(path: String, limit: Int)
  /// A pipeline file or an option that cannot be used.
  case usage(String)

  /// The exit status after sysexits.h: 64 usage, 65 data, 66 no input, 73 cannot create,
  /// 74 I/O error.
  public var exitCode: Int32 {
    switch self {
    case .usage: 64
    case .invalid, .lineTooLong: 65
    case .cannotOpen: 66
    case .writeFailed: 73
    case .readFailed: 74
    }
  }

  public var description: String {
    switch self {
    case .cannotOpen(let path, let reason): "\(path): cannot open: \(reason)"
    case .readFailed(let path, let reason): "\(path): read failed: \(reason)"
    case .writeFailed(let path, let reason): "\(path): write failed: \(reason)"
    case .invalid(let path, let line, let column?, let message):
      "\(path):\(line):\(column): \(message)"
    case .invalid(let path, let line, nil, let message): "\(path):\(line): \(message)"
    case .lineTooLong(let path, let limit):
      "\(path): a line is longer than \(limit) bytes (raise --max-line-bytes if intended)"
    case .usage(let message): message
    }
  }
}
