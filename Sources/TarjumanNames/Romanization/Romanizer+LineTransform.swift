import TarjumanText

/// Romanization as a filter for ``LineFilter`` (`tarjuman translit`): each worker thread
/// gets its own workspace (word caches and scratch memory). With more than one thread, the
/// words each thread romanized are shared with all threads between batches, so that each
/// distinct word is romanized about once per stream: they move into a layer all threads
/// read, and each thread's own cache is emptied, to hold only the words of the batch under
/// way. With one thread, its own cache holds every word, without a layer.
///
/// The shared layer belongs to the filter: use one filter per stream.
public struct RomanizerTransform: LineTransform {
  /// The romanizer the filter runs.
  public let romanizer: Romanizer
  private let sharedWords: SharedRomanizations?

  /// Wraps a romanizer.
  ///
  /// - Parameter threads: the number of threads the stream runs (nil: more than one).
  public init(_ romanizer: Romanizer, threads: Int? = nil) {
    self.romanizer = romanizer
    sharedWords =
      threads == 1 ? nil : SharedRomanizations(limit: romanizer.cacheCapacity * 4)
  }

  /// A workspace, or nil when ICU cannot clone the transliterators (then each line goes
  /// through the romanizer's own, shared workspace).
  public func makeWorkspace() -> RomanizerWorkspace? {
    guard let sharedWords else {
      // The only thread's cache holds as many words as the layer would.
      return try? romanizer.makeWorkspace(cacheCapacity: romanizer.cacheCapacity * 4)
    }
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
    // Not `if let`: that binding would retain and release the workspace for every line.
    if workspace != nil {
      return romanizer.romanizeLine(line, into: &output, workspace: workspace.unsafelyUnwrapped)
    }
    guard UTF8Decoding.firstInvalidOffset(line) == nil else { return false }
    output.append(contentsOf: romanizer.romanize(String(decoding: line, as: UTF8.self)).utf8)
    return true
  }

  /// Moves the words each thread romanized during the batch into the layer all threads
  /// read, and empties the threads' own caches (the streaming engine calls it when no
  /// thread romanizes).
  public func batchFinished(workspaces: [RomanizerWorkspace?]) {
    guard let sharedWords else { return }
    for workspace in workspaces {
      guard let workspace else { continue }
      sharedWords.merge(&workspace.newWords)
      workspace.cache.removeAllShrinking()
    }
    let reader = sharedWords.reader
    for workspace in workspaces { workspace?.layerReader = reader }
  }
}
