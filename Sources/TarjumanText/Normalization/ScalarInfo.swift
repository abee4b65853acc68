import Foundation
import TarjumanICU

/// Per-code-point facts that the normalization loops need, read from ICU once per process
/// and packed into one 32-bit word per BMP code point (256 KiB), so that the hot loop does
/// one array load per character instead of several ICU calls.
struct ScalarInfo {
  /// The packed word: see the `*Mask` and `*Shift` constants.
  let bits: UInt32

  static let combiningClassMask: UInt32 = 0xFF
  static let nfcNotYesBit: UInt32 = 1 << 8
  static let presentationFormBit: UInt32 = 1 << 9
  static let joiningTypeShift: UInt32 = 10  // 3 bits
  static let latinLetterBit: UInt32 = 1 << 13
  static let arabicLetterBit: UInt32 = 1 << 14
  static let otherLetterBit: UInt32 = 1 << 15
  static let nonspacingMarkBit: UInt32 = 1 << 16
  static let decimalDigitBit: UInt32 = 1 << 17
  static let whiteSpaceBit: UInt32 = 1 << 18
  static let nfcMaybeBit: UInt32 = 1 << 19
  static let decomposesBit: UInt32 = 1 << 26
  /// The language-neutral table of `clean` changes this code point.
  static let cleanMappedBit: UInt32 = 1 << 27
  /// Some language's letters or digits change this code point (yeh, kaf, Eastern digits).
  static let languageSensitiveBit: UInt32 = 1 << 28
  /// A contextual rule looks at this code point: ZWNJ, Arabic punctuation, hamza above.
  static let contextualBit: UInt32 = 1 << 29
  /// What stops the fast path's inner copying loop.
  static let plainRejectMask =
    nfcNotYesBit | presentationFormBit | cleanMappedBit | combiningClassMask | contextualBit
  /// What sends a line from the fast path of `clean` to the general one.
  static let fastPathRejectMask = nfcNotYesBit | presentationFormBit | cleanMappedBit
  /// Language evidence (see ``LanguageDetector``): 3 bits of Persian weight, 3 of Arabic.
  static let persianWeightShift: UInt32 = 20
  static let arabicWeightShift: UInt32 = 23

  @inline(__always) var combiningClass: UInt32 { bits & Self.combiningClassMask }
  @inline(__always) var isNFCQuickCheckNotYes: Bool { bits & Self.nfcNotYesBit != 0 }
  /// NFC_Quick_Check=Maybe: the code point may compose with what precedes it.
  @inline(__always) var isNFCQuickCheckMaybe: Bool { bits & Self.nfcMaybeBit != 0 }
  /// Whether the code point has a canonical decomposition (NFD_Quick_Check=No).
  @inline(__always) var decomposes: Bool { bits & Self.decomposesBit != 0 }
  @inline(__always) var persianWeight: Int { Int((bits >> Self.persianWeightShift) & 7) }
  @inline(__always) var arabicWeight: Int { Int((bits >> Self.arabicWeightShift) & 7) }
  @inline(__always) var isPresentationForm: Bool { bits & Self.presentationFormBit != 0 }
  @inline(__always) var joiningType: UnicodeProperties.JoiningType {
    UnicodeProperties.JoiningType(rawValue: Int32((bits >> Self.joiningTypeShift) & 7))
      ?? .nonJoining
  }
  @inline(__always) var isLatinLetter: Bool { bits & Self.latinLetterBit != 0 }
  @inline(__always) var isArabicLetter: Bool { bits & Self.arabicLetterBit != 0 }
  @inline(__always) var isLetter: Bool {
    bits & (Self.latinLetterBit | Self.arabicLetterBit | Self.otherLetterBit) != 0
  }
  @inline(__always) var isNonspacingMark: Bool { bits & Self.nonspacingMarkBit != 0 }
  @inline(__always) var isDecimalDigit: Bool { bits & Self.decimalDigitBit != 0 }
  @inline(__always) var isWhiteSpace: Bool { bits & Self.whiteSpaceBit != 0 }
  @inline(__always) var isLetterOrMark: Bool {
    bits
      & (Self.latinLetterBit | Self.arabicLetterBit | Self.otherLetterBit
        | Self.nonspacingMarkBit) != 0
  }

  /// Computes the facts for one code point from ICU.
  static func compute(_ value: UInt32) -> ScalarInfo {
    guard let scalar = Unicode.Scalar(value) else { return ScalarInfo(bits: 0) }
    var bits = UInt32(UnicodeNormalizer.nfc.combiningClass(of: scalar))
    let quickCheck = UnicodeProperties.nfcQuickCheck(scalar)
    if quickCheck != 1 { bits |= nfcNotYesBit }
    if quickCheck == 2 { bits |= nfcMaybeBit }
    if UnicodeProperties.nfdQuickCheck(scalar) == 0 { bits |= decomposesBit }
    if ScalarRules.clean(value) != nil { bits |= cleanMappedBit }
    let isLanguageSensitive =
      (0x0600..<0x0700).contains(value)
      && LineLanguage.allCases.contains { language in
        DigitStyle.allCases.contains { style in
          ScalarRules.languageSpecific(value, line: language, digits: style) != nil
        }
      }
    if isLanguageSensitive { bits |= languageSensitiveBit }
    if value == 0x200C || (0x060C...0x061F).contains(value) || value == 0x0654 {
      bits |= contextualBit
    }
    bits |= UInt32(LanguageDetector.persianWeight(of: value)) << persianWeightShift
    bits |= UInt32(LanguageDetector.arabicWeight(of: value)) << arabicWeightShift
    if (0xFB50...0xFDFF).contains(value) || (0xFE70...0xFEFF).contains(value) {
      // Only code points that NFKC changes count: U+FEFF (BOM) and unassigned ones do not.
      if !UnicodeNormalizer.nfkc.isInert(scalar) && value != 0xFEFF { bits |= presentationFormBit }
    }
    bits |= UInt32(UnicodeProperties.joiningType(of: scalar).rawValue) << joiningTypeShift
    let category = UnicodeProperties.generalCategory(of: scalar)
    // ICU's UCharCategory: 1–5 letters, 6 Mn, 7 Me, 9 Nd, 12–14 separators.
    if (1...5).contains(category) {
      switch UnicodeProperties.scriptCode(of: scalar) {
      case UnicodeProperties.latinScriptCode: bits |= latinLetterBit
      case UnicodeProperties.arabicScriptCode: bits |= arabicLetterBit
      default: bits |= otherLetterBit
      }
    }
    if category == 6 || category == 7 { bits |= nonspacingMarkBit }
    if category == 9 { bits |= decimalDigitBit }
    if UnicodeProperties.isWhiteSpace(scalar) { bits |= whiteSpaceBit }
    return ScalarInfo(bits: bits)
  }

  /// The table for U+0000–U+FFFF, built on first use and kept for the life of the process.
  /// Building it asks ICU 65,536 times (most of a short command's start-up), so the table
  /// is saved in the cache folder and read from there by the next run of the same
  /// executable on the same ICU.
  nonisolated(unsafe) static let basicMultilingualPlane: UnsafePointer<UInt32> = {
    let table = UnsafeMutablePointer<UInt32>.allocate(capacity: planeSize)
    let file = CacheFile.defaultFolder().flatMap(cacheFile(in:))
    if let file, let bytes = CacheFile.contents(of: file), read(bytes, into: table) {
      return UnsafePointer(table)
    }
    computePlane(into: table)
    if let file { CacheFile.write(serialized(table), to: file) }
    return UnsafePointer(table)
  }()

  static let planeSize = 0x10000
  private static let cacheMagic = Array("TJSCALARS1\n".utf8)

  /// Computes the facts of every code point of the BMP from ICU, on all cores.
  static func computePlane(into table: UnsafeMutablePointer<UInt32>) {
    let bits = ParallelTable.map(count: planeSize) { compute(UInt32($0)).bits }
    for value in 0..<planeSize { table[value] = bits[value] ?? 0 }
  }

  /// The cache file of the table for this executable and ICU, or nil when the executable
  /// cannot be identified (the facts come from code compiled into it and from ICU's data).
  static func cacheFile(in folder: URL) -> URL? {
    cacheFile(named: "scalars", in: folder)
  }

  /// A cache file of tables computed from code compiled into this executable and from
  /// ICU's data: `NAME-FINGERPRINT.bin`, the fingerprint of both; nil when the executable
  /// cannot be identified.
  static func cacheFile(named name: String, in folder: URL) -> URL? {
    guard let executable = CacheFile.executableIdentity() else { return nil }
    let fingerprint = Array((icuVersion + "\n" + executable).utf8).withUnsafeBufferPointer {
      ByteHash.hash($0, seed: 0x5343_414C)
    }
    return folder.appendingPathComponent(name + "-" + String(fingerprint, radix: 16) + ".bin")
  }

  /// The table's cache file: a magic line, then one little-endian word per code point.
  static func serialized(_ table: UnsafePointer<UInt32>) -> [UInt8] {
    var output = CacheFileWriter(magic: cacheMagic)
    output.values(UnsafeBufferPointer(start: table, count: planeSize))
    return output.data
  }

  /// Fills `table` from a cache file's bytes; false, for a file of another form or size.
  static func read(_ bytes: [UInt8], into table: UnsafeMutablePointer<UInt32>) -> Bool {
    var input = CacheFileReader(bytes)
    guard input.expect(cacheMagic), let words = input.values(planeSize, of: UInt32.self),
      input.atEnd
    else { return false }
    table.update(from: words, count: planeSize)
    return true
  }

  /// The facts for any code point: a table load in the BMP, ICU calls beyond it.
  @inline(__always)
  static func of(_ value: UInt32, table: UnsafePointer<UInt32>) -> ScalarInfo {
    value < 0x10000 ? ScalarInfo(bits: table[Int(value)]) : compute(value)
  }
}
