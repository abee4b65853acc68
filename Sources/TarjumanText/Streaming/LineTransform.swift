/// A per-line text transformation that the streaming engine can run on many threads.
///
/// The transform itself is immutable and shared; each thread gets its own workspace.
public protocol LineTransform: Sendable {
  /// Per-thread scratch state.
  associatedtype Workspace

  /// Creates scratch state for one thread.
  func makeWorkspace() -> Workspace

  /// Transforms one line (without its terminator) and appends the result to `output`.
  ///
  /// - Returns: false, appending nothing, when the line is not valid UTF-8.
  func transform(
    _ line: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], workspace: Workspace
  ) -> Bool
}

extension LineTransform {
  /// Applies the transform to each line of a string; line ends (LF or CRLF, or none at the
  /// end) are kept as they are. A `String` is valid UTF-8, so every line is transformed.
  public func apply(to text: String, workspace: Workspace) -> String {
    var text = text
    var output: [UInt8] = []
    output.reserveCapacity(text.utf8.count + text.utf8.count / 4)
    text.withUTF8 { bytes in
      var start = 0
      while start <= bytes.count {
        var end = start
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        var lineEnd = end
        if lineEnd > start && end < bytes.count && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        _ = transform(
          UnsafeBufferPointer(rebasing: bytes[start..<lineEnd]), into: &output,
          workspace: workspace)
        output.append(contentsOf: bytes[lineEnd..<min(end + 1, bytes.count)])
        start = end + 1
      }
    }
    return String(decoding: output, as: UTF8.self)
  }
}

extension TextNormalizer: LineTransform {
  public func makeWorkspace() -> NormalizerWorkspace { NormalizerWorkspace() }

  public func transform(
    _ line: UnsafeBufferPointer<UInt8>, into output: inout [UInt8],
    workspace: NormalizerWorkspace
  ) -> Bool {
    normalizeLine(line, into: &output, workspace: workspace)
  }
}

/// What to do with a line that is not valid UTF-8.
public enum InvalidInputPolicy: String, CaseIterable, Sendable {
  /// Stop with an error naming the file and line (exit status 65); an output file is
  /// not left behind.
  case fail
  /// Replace each ill-formed sequence with U+FFFD and go on, with a warning.
  case replace
  /// Leave the line out of the output and go on, with a warning.
  case skip
}
