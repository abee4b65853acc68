internal import CTarjumanICU

/// An ICU call that failed, with ICU's status code and its symbolic name.
///
/// ICU reports failures through a `UErrorCode`; this type carries that number and the
/// name ICU gives it (`U_ILLEGAL_ARGUMENT_ERROR`), so that no ICU failure reaches the
/// user as a crash or as silently empty output.
public struct ICUError: Error, Hashable, Sendable, CustomStringConvertible {
  /// ICU's `UErrorCode` number: positive for errors.
  public let code: Int32

  /// What the library was doing when ICU failed, such as "opening transliterator Any-Latin".
  public let context: String

  /// Creates an error from an ICU status code.
  public init(code: Int32, context: String = "") {
    self.code = code
    self.context = context
  }

  /// ICU's symbolic name for the status, such as `U_BUFFER_OVERFLOW_ERROR`.
  /// The corresponding ICU function is `u_errorName`.
  public var name: String { String(cString: tj_error_name(code)) }

  @inline(never)
  public var description: String {
    context.isEmpty ? "ICU error \(name) (\(code))" : "\(context): ICU error \(name) (\(code))"
  }

  /// `U_BUFFER_OVERFLOW_ERROR`: an output buffer was too small.
  public static let bufferOverflow = ICUError(code: Int32(TJ_BUFFER_OVERFLOW_ERROR))
  /// `U_ILLEGAL_ARGUMENT_ERROR`.
  public static let illegalArgument = ICUError(code: 1)
  /// `U_INVALID_FORMAT_ERROR`: malformed data, such as transform rules with a syntax error.
  public static let invalidFormat = ICUError(code: 3)

  /// Matches errors by code only, so that `catch ICUError.bufferOverflow` works whatever
  /// the context.
  public static func ~= (pattern: ICUError, value: any Error) -> Bool {
    (value as? ICUError)?.code == pattern.code
  }
}

extension Int32 {
  /// Throws unless this ICU status is a success or a warning (ICU's warnings are negative).
  @inline(__always)
  func checkICUSuccess(_ context: @autoclosure () -> String) throws(ICUError) {
    if self > 0 { throw ICUError(code: self, context: context()) }
  }
}

/// The version of the system ICU library, such as "72.1".
/// The corresponding ICU constant is `U_ICU_VERSION`.
public var icuVersion: String { String(cString: tj_icu_version()) }
