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
