internal import CTarjumanICU

/// Character properties read from ICU's Unicode data (the same Unicode version as the
/// normalizers, so that tables built from them agree).
public enum UnicodeProperties {
  // UProperty numbers from <unicode/uchar.h>; stable across ICU versions.
  private static let bidiControlProperty: Int32 = 2
  private static let joinControlProperty: Int32 = 20
  private static let defaultIgnorableProperty: Int32 = 5
  private static let joiningTypeProperty: Int32 = 0x1007
  private static let nfcQuickCheckProperty: Int32 = 0x100E
  private static let nfdQuickCheckProperty: Int32 = 0x100C
  private static let whiteSpaceProperty: Int32 = 31
  private static let changesWhenNFKCCasefoldedProperty: Int32 = 56
  private static let nfkdQuickCheckProperty: Int32 = 0x100D

  /// How an Arabic-script letter joins its neighbours (Unicode's Joining_Type).
  public enum JoiningType: Int32, Sendable {
    /// Does not join (spaces, digits, Latin letters).
    case nonJoining = 0
    /// Joins to the following letter only.
    case joinCausing = 1
    /// Joins on both sides, like ب and ی.
    case dualJoining = 2
    /// Joins on its left only (rare in Arabic script).
    case leftJoining = 3
    /// Joins to the preceding letter only, like ا د ر و.
    case rightJoining = 4
    /// Transparent to joining, like harakat.
    case transparent = 5

    /// Whether a letter of this type connects to the letter that follows it.
    public var joinsFollowing: Bool {
      self == .dualJoining || self == .leftJoining || self == .joinCausing
    }

    /// Whether a letter of this type connects to the letter that precedes it.
    public var joinsPreceding: Bool {
      self == .dualJoining || self == .rightJoining || self == .joinCausing
    }
  }

  /// The joining type of a scalar.
  /// The corresponding ICU function is `u_getIntPropertyValue(c, UCHAR_JOINING_TYPE)`.
  public static func joiningType(of scalar: Unicode.Scalar) -> JoiningType {
    JoiningType(rawValue: tj_int_property_value(scalar.value, joiningTypeProperty)) ?? .nonJoining
  }

  /// Whether a scalar is a bidi control (LRM, RLM, ALM, embeddings, overrides, isolates).
  /// The corresponding ICU function is `u_hasBinaryProperty(c, UCHAR_BIDI_CONTROL)`.
  public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
    tj_has_binary_property(scalar.value, bidiControlProperty) != 0
  }

  /// Whether a scalar is ZWJ or ZWNJ.
  /// The corresponding ICU function is `u_hasBinaryProperty(c, UCHAR_JOIN_CONTROL)`.
  public static func isJoinControl(_ scalar: Unicode.Scalar) -> Bool {
    tj_has_binary_property(scalar.value, joinControlProperty) != 0
  }

  /// Whether a scalar is default-ignorable (invisible unless a font chooses to show it).
  /// The corresponding ICU function is `u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)`.
  public static func isDefaultIgnorable(_ scalar: Unicode.Scalar) -> Bool {
    tj_has_binary_property(scalar.value, defaultIgnorableProperty) != 0
  }

  /// The NFC quick-check value: 0 no, 1 yes, 2 maybe.
  /// The corresponding ICU function is `u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK)`.
  public static func nfcQuickCheck(_ scalar: Unicode.Scalar) -> Int32 {
    tj_int_property_value(scalar.value, nfcQuickCheckProperty)
  }

  /// The NFD quick-check value: 0 (no) when the scalar has a canonical decomposition.
  /// The corresponding ICU function is `u_getIntPropertyValue(c, UCHAR_NFD_QUICK_CHECK)`.
  public static func nfdQuickCheck(_ scalar: Unicode.Scalar) -> Int32 {
    tj_int_property_value(scalar.value, nfdQuickCheckProperty)
  }

  /// The general category of a scalar as ICU's `UCharCategory` number
  /// (for example 6 for nonspacing marks, 12 for space separators).
  /// The corresponding ICU function is `u_charType`.
  public static func generalCategory(of scalar: Unicode.Scalar) -> Int8 {
    tj_char_type(scalar.value)
  }

  /// The value of a decimal digit of any script (ASCII, Arabic-Indic, Persian), or nil.
  /// The corresponding ICU function is `u_charDigitValue`.
  public static func digitValue(of scalar: Unicode.Scalar) -> Int? {
    let value = tj_digit_value(scalar.value)
    return value < 0 ? nil : Int(value)
  }

  /// ICU's `UScriptCode` for Arabic (`USCRIPT_ARABIC`).
  public static let arabicScriptCode: Int32 = 2
  /// ICU's `UScriptCode` for Latin (`USCRIPT_LATIN`).
  public static let latinScriptCode: Int32 = 25

  /// The script of a scalar as ICU's `UScriptCode` number (no string is made, for tables
  /// built over every code point).
  /// The corresponding ICU function is `uscript_getScript`.
  public static func scriptCode(of scalar: Unicode.Scalar) -> Int32 {
    var status: Int32 = 0
    let code = tj_script(scalar.value, &status)
    return status <= 0 ? code : -1
  }

  /// Whether NFKC_Casefold leaves a scalar alone and it has no decomposition of any kind:
  /// then no folding step of a matching key can change it (most letters of most scripts).
  /// The corresponding ICU function is `u_hasBinaryProperty(c,
  /// UCHAR_CHANGES_WHEN_NFKC_CASEFOLDED)`, with `UCHAR_NFKD_QUICK_CHECK`.
  public static func isStableUnderCompatibilityFolding(_ scalar: Unicode.Scalar) -> Bool {
    tj_has_binary_property(scalar.value, changesWhenNFKCCasefoldedProperty) == 0
      && tj_int_property_value(scalar.value, nfkdQuickCheckProperty) == 1
  }

  /// Whether a scalar has Unicode's White_Space property.
  /// The corresponding ICU function is `u_hasBinaryProperty(c, UCHAR_WHITE_SPACE)`.
  public static func isWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
    tj_has_binary_property(scalar.value, whiteSpaceProperty) != 0
  }

  /// The script of a scalar as its ISO 15924 code ("Arab", "Latn", "Zyyy" for common).
  /// The corresponding ICU function is `uscript_getScript`.
  public static func script(of scalar: Unicode.Scalar) -> String {
    var status: Int32 = 0
    let code = tj_script(scalar.value, &status)
    guard status <= 0, let name = tj_script_short_name(code) else { return "Zzzz" }
    return String(cString: name)
  }

  /// Full Unicode case folding of a string (ß becomes ss).
  ///
  /// - Throws: `ICUError` if ICU fails.
  /// The corresponding ICU function is `u_strFoldCase`.
  public static func foldCase(_ text: String) throws(ICUError) -> String {
    let units = try text.withUTF16Buffer { (source) throws(ICUError) in
      try withResizingUTF16Buffer(estimate: source.count + 8, context: "case folding") {
        destination, capacity, status in
        tj_fold_case(source.nonNullBase, Int32(source.count), destination, capacity, status)
      }
    }
    return String(decoding: units, as: UTF16.self)
  }
}
