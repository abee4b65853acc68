import TarjumanText

/// How duplicates are found.
public enum DedupeMode: String, CaseIterable, Sendable {
  /// The same bytes in every column.
  case exact
  /// The same letters and digits after the `key` normalization profile (case, harakat,
  /// yeh, kaf, alef and digit forms, punctuation and spacing do not count).
  case near
}

/// 64-bit fingerprints of records: the same on every machine and in every run (no
/// random seed), so that a deduplicated output does not depend on where it was made.
enum Fingerprint {
  /// The hash of bytes, chained through `seed` (``ByteHash``: fixed constants, no random
  /// seed).
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
    ByteHash.hash(bytes, seed: seed)
  }

  /// The fingerprint of a record: its columns chained, so that ("a b", "c") and
  /// ("a", "b c") differ. For bitext it is the fingerprint of the pair.
  static func exact(_ record: Record) -> UInt64 {
    var state: UInt64 = 0x5441_524A_554D_414E
    for field in record.fields {
      state = field.withUnsafeBufferPointer { hash($0, seed: state) }
    }
    return state
  }

  /// The fingerprint of a record's key: each column through the `key` profile, keeping
  /// only letters and digits.
  static func near(
    _ record: Record, normalizer: TextNormalizer, workspace: NormalizerWorkspace,
    scratch: inout [UInt8]
  ) -> UInt64 {
    var state: UInt64 = 0x4E45_4152_4B45_5953
    for field in record.fields {
      scratch.removeAll(keepingCapacity: true)
      _ = field.withUnsafeBufferPointer {
        normalizer.normalizeLine($0, into: &scratch, workspace: workspace)
      }
      var kept: [UInt8] = []
      kept.reserveCapacity(scratch.count)
      for scalar in String(decoding: scratch, as: UTF8.self).unicodeScalars {
        let value = scalar.value
        let isASCIIWord =
          (value >= 0x30 && value <= 0x39) || (value >= 0x61 && value <= 0x7A)
          || (value >= 0x41 && value <= 0x5A)
        if isASCIIWord || (value >= 0x80 && scalar.properties.isAlphabetic) {
          kept.append(contentsOf: String(scalar).utf8)
        }
      }
      state = kept.withUnsafeBufferPointer { hash($0, seed: state) }
    }
    return state
  }
}
