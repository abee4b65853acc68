/// Why a document could not be read: not well-formed, an unsupported encoding, a
/// refused entity declaration, or a file that cannot be opened.
public struct XMLError: Error, Equatable, CustomStringConvertible {
  /// The file (or the name given to an in-memory document).
  public var file: String
  /// The line, counting from 1 (0 when the error is not at a place in the text, such as
  /// a file that cannot be opened).
  public var line: Int
  /// The column in Unicode scalars, counting from 1 (0 when `line` is 0).
  public var column: Int
  /// What is wrong, in words.
  public var message: String

  /// Creates an error.
  public init(file: String, line: Int, column: Int, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `file:line:col: message`, as compilers write it (`file: message` without a place).
  public var description: String {
    line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
  }
}
