internal import CTarjumanICU

/// Confusable detection after Unicode Technical Standard #39: the skeleton of a string
/// maps look-alike characters (Cyrillic `а` and Latin `a`, Arabic `ي` and Persian `ی`) to
/// one representative, so that two strings that look the same get the same skeleton.
///
/// Checks on one `USpoofChecker` must not run on two threads at once: this type is for
/// one thread; take a ``clone()`` for another.
///
/// The corresponding ICU functions are `uspoof_open`, `uspoof_clone` and `uspoof_close`.
public final class SpoofChecker {
  private let handle: OpaquePointer

  /// Opens a spoof checker with ICU's default checks.
  ///
  /// - Throws: `ICUError` if ICU's confusables data cannot be loaded.
  public init() throws(ICUError) {
    var status: Int32 = 0
    let opened = tj_spoof_checker_open(&status)
    try status.checkICUSuccess("opening spoof checker")
    guard let opened else { throw ICUError(code: 7, context: "opening spoof checker") }
    self.handle = opened
  }

  private init(handle: OpaquePointer) { self.handle = handle }

  deinit { tj_spoof_checker_close(handle) }

  /// A new, independent checker for another thread.
  ///
  /// - Throws: `ICUError` if ICU cannot clone it.
  /// The corresponding ICU function is `uspoof_clone`.
  public func clone() throws(ICUError) -> SpoofChecker {
    var status: Int32 = 0
    let copy = tj_spoof_checker_clone(handle, &status)
    try status.checkICUSuccess("cloning spoof checker")
    guard let copy else { throw ICUError(code: 7, context: "cloning spoof checker") }
    return SpoofChecker(handle: copy)
  }

  /// The confusable skeleton of a string; equal skeletons mean the strings look alike.
  ///
  /// - Throws: `ICUError` if ICU fails.
  /// The corresponding ICU function is `uspoof_getSkeleton`.
  public func skeleton(_ text: String) throws(ICUError) -> String {
    let handle = self.handle
    let units = try text.withUTF16Buffer { (source) throws(ICUError) in
      try withResizingUTF16Buffer(estimate: source.count * 2 + 8, context: "confusable skeleton") {
        destination, capacity, status in
        tj_spoof_checker_skeleton(
          handle, source.nonNullBase, Int32(source.count), destination, capacity, status)
      }
    }
    return String(decoding: units, as: UTF16.self)
  }

  /// Whether a string fails any of ICU's default spoof checks, such as mixing scripts in a
  /// way no real writing system does (a Cyrillic `а` inside a Latin word).
  ///
  /// - Throws: `ICUError` if ICU fails.
  /// The corresponding ICU function is `uspoof_check`.
  public func isSuspicious(_ text: String) throws(ICUError) -> Bool {
    var status: Int32 = 0
    let result = text.withUTF16Buffer { source in
      tj_spoof_checker_check(handle, source.nonNullBase, Int32(source.count), &status)
    }
    try status.checkICUSuccess("spoof check")
    return result != 0
  }
}
