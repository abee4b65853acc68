import TarjumanICU
import TarjumanText

/// Normalizes each column with a profile, in the column's language (or per line).
public struct NormalizeStep: RecordStep {
  public var name: String { "normalize" }
  let normalizers: [TextNormalizer]

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
  }

  final class Workspace {
    let normalizer = NormalizerWorkspace()
    var output: [UInt8] = []
  }

  public func makeWorkspace() -> AnyObject? { Workspace() }

  public func apply(_ records: inout [Record], tally: inout Tally, workspace: AnyObject?) {
    guard let workspace = workspace as? Workspace else { return }
    for recordIndex in records.indices {
      // By index: a normalizer taken out of the array is retained and released, and its
      // count is shared by all the workers.
      for column in normalizers.indices where column < records[recordIndex].fields.count {
        workspace.output.removeAll(keepingCapacity: true)
        let valid = records[recordIndex].fields[column].withUnsafeBufferPointer {
          normalizers[column].normalizeLine(
            $0, into: &workspace.output, workspace: workspace.normalizer)
        }
        // Swapped, not copied: the old field's buffer becomes the next output buffer.
        if valid { swap(&records[recordIndex].fields[column], &workspace.output) }
      }
    }
  }
}
