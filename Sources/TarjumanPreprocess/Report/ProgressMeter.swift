import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A one-line progress display on standard error: bytes, records, rate and, when the
/// input size is known, the time left. Redrawn at most four times a second.
public final class ProgressMeter {
  private let total: Int64?
  private let started = Date()
  private var lastDraw = Date.distantPast
  private var drawn = false

  /// Creates a meter; `total` is the input size in bytes, when known.
  public init(total: Int64?) {
    self.total = total
  }

  /// Whether standard error is a terminal (progress is shown by default only then).
  public static var isTerminal: Bool { isatty(STDERR_FILENO) != 0 }

  /// Updates the display.
  public func update(bytes: Int64, records: Int) {
    let now = Date()
    guard now.timeIntervalSince(lastDraw) >= 0.25 else { return }
    lastDraw = now
    let elapsed = max(now.timeIntervalSince(started), 0.001)
    let rate = Double(bytes) / elapsed
    var line =
      "\r\u{1B}[K\(Self.size(Double(bytes)))  \(records) records  \(Self.size(rate))/s"
    if let total, total > 0, rate > 0 {
      let left = max(Double(total - bytes) / rate, 0)
      let percent = min(100, Int(Double(bytes) * 100 / Double(total)))
      line += "  \(percent)%  ETA \(Int(left) / 60):\(String(format: "%02d", Int(left) % 60))"
    }
    write(line)
    drawn = true
  }

  /// Clears the line.
  public func finish() {
    if drawn { write("\r\u{1B}[K") }
  }

  private func write(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBufferPointer {
      Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count)
    }
  }

  static func size(_ bytes: Double) -> String {
    if bytes >= Double(1 << 30) { return String(format: "%.2f GB", bytes / Double(1 << 30)) }
    if bytes >= Double(1 << 20) { return String(format: "%.1f MB", bytes / Double(1 << 20)) }
    return String(format: "%.0f kB", bytes / 1024)
  }
}
