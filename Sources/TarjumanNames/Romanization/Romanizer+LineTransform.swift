import TarjumanText

/// Romanization as a filter for ``LineFilter`` (`tarjuman translit`): each worker thread
/// gets its own workspace (hot words and scratch memory), and all threads share one
/// table of the words romanized so far (``SharedRomanizations``, without locks), so that
/// each distinct word is romanized about once per stream, whatever the number of threads.
///
/// The shared table belongs to the filter: use one filter per stream.
public struct RomanizerTransform: LineTransform {
  /// The romanizer the filter runs.
  public let romanizer: Romanizer
  private let sharedWords: SharedRomanizations?

  /// Wraps a romanizer.
  public init(_ romanizer: Romanizer) {
    self.init(romanizer, sharesWords: true)
  }

  /// Readies the memory of the table of words that the next transform over a romanizer
  /// with this cache capacity will share, on a thread of its own, when the stream is
  /// expected to be long (`inputBytes` of 4 MB or more; nil, for standard input, is
  /// short): the kernel's zeroing of its pages (16 MiB by default) then overlaps the
  /// process's start-up (the rules, the glossary) instead of slowing the threads that
  /// romanize. Call it first thing.
  public static func prepare(
    forInputBytes inputBytes: Int?, cacheCapacity: Int = Romanizer.defaultCacheCapacity
  ) {
    guard let inputBytes, inputBytes >= 4_000_000, cacheCapacity > 0 else { return }
    SharedRomanizations.ready(limit: cacheCapacity * 4)
  }

  /// Wraps a romanizer, with a shared table of words (for a stream) or without one (for
  /// text romanized with a workspace the caller passes, whose cache holds the words).
  init(_ romanizer: Romanizer, sharesWords: Bool) {
    self.romanizer = romanizer
    // Four times a workspace's cache: a stream is long.
    sharedWords =
      sharesWords && romanizer.cacheCapacity > 0
      ? SharedRomanizations(limit: romanizer.cacheCapacity * 4) : nil
  }

  /// A workspace, or nil when ICU cannot clone the transliterators (then each line goes
  /// through the romanizer's own, shared workspace).
  public func makeWorkspace() -> RomanizerWorkspace? {
    let workspace = try? romanizer.makeWorkspace()
    workspace?.sharedWords = sharedWords
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
}
