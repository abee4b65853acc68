import TarjumanText

/// Romanization as a filter for ``LineFilter`` (`tarjuman translit`): each worker thread
/// gets its own workspace (word cache and transliterator clones), and the words each
/// thread romanized are shared with all threads between batches: ICU's rule-based
/// transliterators run one at a time in a process (ICU 72 locks one mutex around every one
/// of them), so each distinct word should meet ICU once, not once per thread.
///
/// The shared layer belongs to the filter: use one filter per stream.
public struct RomanizerTransform: LineTransform {
  /// The romanizer the filter runs.
  public let romanizer: Romanizer
  private let sharedWords: SharedRomanizations

  /// Wraps a romanizer.
  public init(_ romanizer: Romanizer) {
    self.romanizer = romanizer
    sharedWords = SharedRomanizations(limit: romanizer.cacheCapacity * 4)
  }

  /// A workspace, or nil when ICU cannot clone the transliterators (then each line goes
  /// through the romanizer's own, shared workspace).
  public func makeWorkspace() -> RomanizerWorkspace? {
    let workspace = try? romanizer.makeWorkspace()
    workspace?.sharedLayer = sharedWords
    // A batch may be running: the layer does not change until it ends.
    workspace?.layerReader = sharedWords.reader
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

  /// Moves the words each thread romanized during the batch into the layer all threads
  /// read (the streaming engine calls it when no thread romanizes).
  public func batchFinished(workspaces: [RomanizerWorkspace?]) {
    for workspace in workspaces { if let workspace { sharedWords.merge(&workspace.newWords) } }
    let reader = sharedWords.reader
    for workspace in workspaces { workspace?.layerReader = reader }
  }
}
