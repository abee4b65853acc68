internal import CTarjumanICU

/// Locale-aware string ordering (for glossary listings in Persian, Arabic or English order).
///
/// ICU documents comparison on one `UCollator` as thread-safe once its attributes are
/// set; this class sets them only in `init`, so it may be shared between threads.
///
/// The corresponding ICU functions are `ucol_open`, `ucol_strcoll` and `ucol_close`.
public final class Collator: @unchecked Sendable {
  // @unchecked: the handle is never mutated after init, and ucol_strcoll is thread-safe.
  private let handle: OpaquePointer

  /// How many differences count: base letters only, accents, case, and so on.
  public enum Strength: Int32, Sendable {
    /// Base letters only: "a" = "á" = "A".
    case primary = 0
    /// Base letters and accents: "a" = "A", "a" ≠ "á".
    case secondary = 1
    /// Also case and variants: the default.
    case tertiary = 2
    /// Also punctuation when it is ignorable otherwise.
    case quaternary = 3
    /// Every code point difference.
    case identical = 15
  }

  /// The locale the collator was opened for.
  public let locale: String

  /// Opens the collator for a locale, such as "fa", "ar" or "en".
  ///
  /// - Throws: `ICUError` if ICU cannot open it.
  public init(locale: String, strength: Strength = .tertiary) throws(ICUError) {
    var status: Int32 = 0
    let opened = tj_collator_open(locale, &status)
    try status.checkICUSuccess("opening collator for \(locale)")
    guard let opened else { throw ICUError(code: 7, context: "opening collator") }
    tj_collator_set_strength(opened, strength.rawValue)
    self.handle = opened
    self.locale = locale
  }

  deinit { tj_collator_close(handle) }

  /// Compares two strings in the locale's order.
  /// The corresponding ICU function is `ucol_strcoll`.
  public func compare(_ left: String, _ right: String) -> Int {
    left.withUTF16Buffer { leftBuffer in
      right.withUTF16Buffer { rightBuffer in
        Int(
          tj_collator_compare(
            handle, leftBuffer.nonNullBase, Int32(leftBuffer.count), rightBuffer.nonNullBase,
            Int32(rightBuffer.count)))
      }
    }
  }

  /// The sort key of a string: comparing keys bytewise orders strings as `compare` does,
  /// so a list is sorted with one ICU call per entry instead of one per comparison.
  /// The corresponding ICU function is `ucol_getSortKey`.
  public func sortKey(_ text: String) -> [UInt8] {
    text.withUTF16Buffer { source in
      var key = [UInt8](repeating: 0, count: source.count * 4 + 16)
      var length = key.withUnsafeMutableBufferPointer {
        tj_collator_sort_key(
          handle, source.nonNullBase, Int32(source.count), $0.baseAddress, Int32($0.count))
      }
      if Int(length) > key.count {
        key = [UInt8](repeating: 0, count: Int(length))
        length = key.withUnsafeMutableBufferPointer {
          tj_collator_sort_key(
            handle, source.nonNullBase, Int32(source.count), $0.baseAddress, Int32($0.count))
        }
      }
      // Drop the terminating NUL, which carries no order.
      return Array(key[0..<max(Int(length) - 1, 0)])
    }
  }

  /// Sorts strings in the locale's order, computing one sort key per string.
  public func sorted(_ strings: [String]) -> [String] {
    strings.map { (sortKey($0), $0) }
      .sorted { $0.0.lexicographicallyPrecedes($1.0) }
      .map(\.1)
  }
}
