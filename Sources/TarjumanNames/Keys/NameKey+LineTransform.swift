import TarjumanText

/// The name key of each line, as a filter for ``LineFilter`` (`tarjuman key`).
public struct NameKeyTransform: LineTransform {
  private let reader: NameReader

  /// Creates the filter.
  ///
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public init() throws {
    reader = try NameReader()
  }

  public func makeWorkspace() {}

  public func transform(
    _ line: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], workspace: Void
  )
    -> Bool
  {
    guard UTF8Decoding.firstInvalidOffset(line) == nil else { return false }
    let name = String(decoding: line, as: UTF8.self)
    output.append(contentsOf: NameKey.key(of: reader.tokens(of: name)).utf8)
    return true
  }
}
