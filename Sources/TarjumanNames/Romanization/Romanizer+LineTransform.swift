import TarjumanText

/// Romanization as a filter for ``LineFilter`` (`tarjuman translit`): each worker thread
/// gets its own workspace (word cache and transliterator clones).
public struct RomanizerTransform: LineTransform {
  /// The romanizer the filter runs.
  public let romanizer: Romanizer

  /// Wraps a romanizer.
  public init(_ romanizer: Romanizer) {
    self.romanizer = romanizer
  }

  /// A workspace, or nil when ICU cannot clone the transliterators (then each line goes
  /// through the romanizer's own, shared workspace).
  public func makeWorkspace() -> RomanizerWorkspace? {
    let workspace = try? romanizer.makeWorkspace()
    workspace?.sharesNewWords = true
    return workspace
  }

  public func transform(
    _ line: UnsafeBufferPointer<UInt8>, into output: inout [UInt8],
    workspace: RomanizerWorkspace?
  ) -> Bool {
    if let workspace { return romanizer.romanizeLine(line, into: &output, workspace: workspace) }
    guard UTF8Decoding.firstInvalidOffset(line) == nil else { return false }
    output.append(contentsOf: romanizer.romanize(String(decoding: line, as: UTF8.self)).utf8)
    return true
  }

  /// Shares the words each thread romanized with all threads (see
  /// ``Romanizer/shareNewWords(of:)``).
  public func batchFinished(workspaces: [RomanizerWorkspace?]) {
    for workspace in workspaces { if let workspace { romanizer.shareNewWords(of: workspace) } }
  }
}
