import TarjumanICU
import TarjumanText

/// Normalizes each column with a profile, in the column's language (or per line).
public struct NormalizeStep: RecordStep {
  public var name: String { "normalize" }
  let normalizers: [TextNormalizer]
  /// The same normalizers, reached without a reference count: they are shared by the
  /// workers, and each retain of an object two threads retain moves its cache line from
  /// one core to the other (with two jobs, that retain was 2-3% of the time).
  private let unretained: [Unmanaged<TextNormalizer>]

  /// Creates the step for the columns.
  ///
  /// - Throws: ``PreprocessError/usage(_:)`` when ICU's normalization data is missing.
  public init(
    profile: NormalizationProfile, digits: DigitStyle, columns: [Column]
  ) throws(PreprocessError) {
    do {
      normalizers = try columns.map { (column) throws(ICUError) in
        try TextNormalizer.shared(profile: profile, language: column.language, digits: digits)
      }
    } catch {
      throw .usage("cannot build the normalizer: \(error)")
    }
    unretained = normalizers.map { Unmanaged.passUnretained($0) }
  }

  final class Workspace {
    let normalizer = NormalizerWorkspace()
    // `@exclusivity(unchecked)`: used by one thread, one access at a time, on every line.
    @exclusivity(unchecked) var output: [UInt8] = []
  }

  public func makeWorkspace() -> AnyObject? { Workspace() }

  public func apply(_ records: inout [Record], tally: inout Tally, workspace: AnyObject?) {
    guard let workspace = workspace as? Workspace else { return }
    for recordIndex in records.indices {
      // Borrowed (`normalizers` keeps them alive): a normalizer taken out of the array is
      // retained and released, and its count is shared by all the workers.
      for column in unretained.indices where column < records[recordIndex].fields.count {
        workspace.output.removeAll(keepingCapacity: true)
        let valid = records[recordIndex].fields[column].withUnsafeBufferPointer { field in
          unretained[column]._withUnsafeGuaranteedRef {
            $0.normalizeLine(field, into: &workspace.output, workspace: workspace.normalizer)
          }
        }
        // Swapped, not copied: the old field's buffer becomes the next output buffer.
        if valid { swap(&records[recordIndex].fields[column], &workspace.output) }
      }
    }
  }
}
