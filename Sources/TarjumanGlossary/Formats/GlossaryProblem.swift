/// Something wrong in a glossary file, with where it is.
public struct GlossaryProblem: Error, Sendable, Equatable, CustomStringConvertible {
  /// How bad it is.
  public enum Severity: String, Sendable, Comparable {
    /// Worth fixing; the glossary still loads.
    case warning
    /// The glossary is not used until it is fixed.
    case error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
      lhs == .warning && rhs == .error
    }
  }

  /// Where, when known.
  public var location: SourceLocation?
  /// Error or warning.
  public var severity: Severity
  /// What is wrong, in words.
  public var message: String

  /// Creates a problem.
  public init(_ severity: Severity, _ message: String, at location: SourceLocation?) {
    self.severity = severity
    self.message = message
    self.location = location
  }

  /// `file:line: error: message`, as compilers write it.
  public var description: String {
    let place = location.map { "\($0): " } ?? ""
    return "\(place)\(severity.rawValue): \(message)"
  }
}
