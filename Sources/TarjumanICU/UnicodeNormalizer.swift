internal import CTarjumanICU

/// A Unicode normalization form that ICU provides.
public enum NormalizationForm: String, CaseIterable, Sendable {
  /// Canonical decomposition, then canonical composition.
  case nfc
  /// Canonical decomposition.
  case nfd
  /// Compatibility decomposition, then canonical composition.
  case nfkc
  /// Compatibility decomposition.
  case nfkd
  /// NFKC with case folding and removal of default-ignorable code points, in one pass.
  case nfkcCasefold

  var shimValue: Int32 {
    switch self {
    case .nfc: Int32(TJ_NORMALIZER_NFC)
    case .nfd: Int32(TJ_NORMALIZER_NFD)
    case .nfkc: Int32(TJ_NORMALIZER_NFKC)
    case .nfkd: Int32(TJ_NORMALIZER_NFKD)
    case .nfkcCasefold: Int32(TJ_NORMALIZER_NFKC_CASEFOLD)
    }
  }
}

/// One of ICU's `Normalizer2` singletons (NFC, NFD, NFKC, NFKD, NFKC_Casefold).
///
/// ICU owns these objects, documents them as thread-safe and never frees them, so a
/// `UnicodeNormalizer` is a cheap value that any thread may use.
///
///     let nfc = UnicodeNormalizer.nfc
///     try nfc.normalize("e\u{301}")  // "é"
///
/// The corresponding ICU functions are `unorm2_getNFCInstance` and its siblings.
public struct UnicodeNormalizer: @unchecked Sendable {
  // @unchecked: the pointer is an immutable ICU singleton, documented as thread-safe.
  private let handle: OpaquePointer

  /// The normalization form this normalizer applies.
  public let form: NormalizationForm

  /// Gets ICU's instance for `form`.
  ///
  /// - Throws: `ICUError` when ICU's data cannot be loaded.
  public init(_ form: NormalizationForm) throws(ICUError) {
    var status: Int32 = 0
    let instance = tj_normalizer_instance(form.shimValue, &status)
    try status.checkICUSuccess("loading the \(form) normalizer")
    guard let instance else { throw ICUError(code: status, context: "loading \(form)") }
    self.handle = instance
    self.form = form
  }

  private static func shared(_ form: NormalizationForm) -> UnicodeNormalizer {
    do {
      return try UnicodeNormalizer(form)
    } catch {
      // ICU's built-in normalization data ships inside libicudata; without it ICU is broken.
      preconditionFailure("ICU normalization data is missing: \(error)")
    }
  }

  /// The NFC normalizer.
  public static let nfc = shared(.nfc)
  /// The NFD normalizer.
  public static let nfd = shared(.nfd)
  /// The NFKC normalizer.
  public static let nfkc = shared(.nfkc)
  /// The NFKD normalizer.
  public static let nfkd = shared(.nfkd)
  /// The NFKC_Casefold normalizer.
  public static let nfkcCasefold = shared(.nfkcCasefold)

  /// Normalizes a string.
  ///
  /// - Throws: `ICUError` if ICU fails.
  /// The corresponding ICU function is `unorm2_normalize`.
  public func normalize(_ text: String) throws(ICUError) -> String {
    let units = try text.withUTF16Buffer { (buffer) throws(ICUError) in try normalize(buffer) }
    return String(decoding: units, as: UTF16.self)
  }

  /// Normalizes UTF-16 code units.
  ///
  /// - Throws: `ICUError` if ICU fails.
  /// The corresponding ICU function is `unorm2_normalize`.
  public func normalize(_ source: UnsafeBufferPointer<UInt16>) throws(ICUError) -> [UInt16] {
    let handle = self.handle
    return try withResizingUTF16Buffer(
      estimate: source.count + source.count / 2 + 8, context: "normalizing to \(form)"
    ) { destination, capacity, status in
      tj_normalizer_normalize(
        handle, source.nonNullBase, Int32(source.count), destination, capacity,
        status)
    }
  }

  /// Whether a string is already in this normalization form.
  ///
  /// - Throws: `ICUError` if ICU fails.
  /// The corresponding ICU function is `unorm2_isNormalized`.
  public func isNormalized(_ text: String) throws(ICUError) -> Bool {
    var status: Int32 = 0
    let result = text.withUTF16Buffer { buffer in
      tj_normalizer_is_normalized(
        handle, buffer.nonNullBase, Int32(buffer.count), &status)
    }
    try status.checkICUSuccess("checking \(form)")
    return result != 0
  }

  /// Whether normalizing any text leaves this scalar and its neighbours untouched.
  /// The corresponding ICU function is `unorm2_isInert`.
  public func isInert(_ scalar: Unicode.Scalar) -> Bool {
    tj_normalizer_is_inert(handle, scalar.value) != 0
  }

  /// The composite of two code points (ا and ٔ give أ), or nil when they do not compose.
  /// The corresponding ICU function is `unorm2_composePair`.
  public func composePair(_ first: UInt32, _ second: UInt32) -> UInt32? {
    let composite = tj_normalizer_compose_pair(handle, first, second)
    return composite < 0 ? nil : UInt32(composite)
  }

  /// The canonical combining class of a scalar (0 for starters; 27–35 for Arabic harakat).
  /// The corresponding ICU function is `unorm2_getCombiningClass`.
  public func combiningClass(of scalar: Unicode.Scalar) -> UInt8 {
    tj_normalizer_combining_class(handle, scalar.value)
  }
}
