import TarjumanText

#if canImport(Glibc)
  import Glibc
#endif

/// Writes diagnostics to standard error as `tarjuman: warning: ...`, coloured only when
/// standard error is a terminal, and caps repeated warnings.
struct Diagnostics {
  /// Warnings printed one by one before the rest are only counted.
  static let warningLimit = 20

  private var warningsShown = 0
  private let colored = isatty(STDERR_FILENO) != 0

  mutating func warning(_ message: String) {
    warningsShown += 1
    guard warningsShown <= Self.warningLimit else { return }
    write(label: "warning", color: "35", message)
  }

  func error(_ message: String) {
    write(label: "error", color: "31", message)
  }

  /// Prints the count of warnings beyond the limit.
  func finish(replaced: Int, skipped: Int) {
    guard warningsShown > Self.warningLimit else { return }
    var parts: [String] = []
    if replaced > 0 { parts.append("\(replaced) lines with invalid UTF-8 replaced") }
    if skipped > 0 { parts.append("\(skipped) lines with invalid UTF-8 skipped") }
    write(label: "warning", color: "35", parts.joined(separator: ", ") + " in all")
  }

  private func write(label: String, color: String, _ message: String) {
    let prefix = colored ? "\u{1B}[1;\(color)m\(label):\u{1B}[0m" : "\(label):"
    let text = "tarjuman: \(prefix) \(message)\n"
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBufferPointer {
      Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count)
    }
  }

  /// The exit status for a file that cannot be read as text, after sysexits.h.
  static func exitCode(for error: TextFile.ReadError) -> Int32 {
    switch error {
    case .missing, .unreadable: 66  // EX_NOINPUT
    case .invalidEncoding: 65  // EX_DATAERR
    }
  }

  /// The exit status for a stream error, after BSD's sysexits.h.
  static func exitCode(for error: StreamError) -> Int32 {
    switch error {
    case .invalidUTF8, .utf16, .lineTooLong: 65  // EX_DATAERR
    case .cannotOpen: 66  // EX_NOINPUT
    case .readFailed: 74  // EX_IOERR
    case .writeFailed: 73  // EX_CANTCREAT
    }
  }
}
