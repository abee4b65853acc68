/// The fast path's table of two-byte code points (U+0080–U+07FF: Arabic, Persian, Latin
/// with accents) for one line language: one 64-bit word per code point that says whether
/// the fast path copies it as it is, its combining class, and what it adds to the letter
/// counts of `--lang auto`, so that the loop over a run of letters does one load and one
/// test per code point.
///
/// An entry holds, from the low bits, four counters added up over a run of code points
/// (so that the loop adds the entry and never overflows one into the next):
/// - bits 0–11: 1 for a Latin letter; bits 12–23: 1 for an Arabic-script letter;
/// - bits 24–35: 1 for a code point some language writes otherwise (yeh, kaf, Eastern
///   digits: the line is then sensitive to its language);
/// - bits 36–51: Persian weight minus Arabic weight (two's complement; see
///   ``LanguageDetector``);
///
/// and facts that the sum turns into garbage, read from the entry itself:
/// - bits 52–59: the combining class;
/// - bit 60 (``stopBit``): the code point is not copied as is (a rule or the table changes
///   it, the language writes it otherwise, it is not NFC_Quick_Check=Yes, or it is an
///   overlong encoding of ASCII): the loop stops and the general code handles it;
/// - bit 61 (``wordStartBit``): an Arabic or Latin letter that no rule looks at, after
///   which a single space is copied as is (see `ContextualRules.copyPlainRun`).
enum PlainTable {
  static let stopBit: UInt64 = 1 << 60
  static let wordStartBit: UInt64 = 1 << 61
  static let combiningClassShift: UInt64 = 52
  /// The longest run counted in one sum, in bytes: at most 4,000 code points, so that
  /// the 12-bit counters stay below 4,096 and the signed one within ±16,000.
  static let maximumRun = 8_000
  /// Entries per table.
  static let count = 0x800

  /// Builds the table of one line language from the scalar facts and the language's
  /// replacements for U+0600–U+06FF (0 meaning unchanged).
  static func build(
    into table: UnsafeMutablePointer<UInt64>, info: UnsafePointer<UInt32>,
    languageBlock: UnsafePointer<UInt32>
  ) {
    for value in 0..<count {
      let bits = info[value]
      let scalarInfo = ScalarInfo(bits: bits)
      var entry = UInt64(bits & ScalarInfo.combiningClassMask) << combiningClassShift
      let localizes = value >= 0x600 && value < 0x700 && languageBlock[value - 0x600] != 0
      if value < 0x80 || bits & ScalarInfo.plainRejectMask & ~ScalarInfo.combiningClassMask != 0
        || localizes
      {
        entry |= stopBit
      }
      if value >= 0x80 && bits & ScalarInfo.plainRejectMask == 0
        && bits & (ScalarInfo.arabicLetterBit | ScalarInfo.latinLetterBit) != 0
      {
        entry |= wordStartBit
      }
      if value >= 0x80 {
        let latin = UInt64((bits >> 13) & 1)
        let arabic = UInt64((bits >> 14) & 1)
        let sensitive: UInt64 = bits & ScalarInfo.languageSensitiveBit != 0 ? 1 : 0
        let weight = UInt64(
          UInt16(bitPattern: Int16(scalarInfo.persianWeight - scalarInfo.arabicWeight)))
        entry |= latin | arabic << 12 | sensitive << 24 | weight << 36
      }
      table[value] = entry
    }
  }

  /// Adds the counters summed over a run to the letter counts; returns whether the run
  /// held a code point that depends on the language.
  @inline(__always)
  static func flush(_ sum: UInt64, into counts: inout LanguageDetector.LetterCounts) -> Bool {
    counts.latin &+= Int(sum & 0xFFF)
    counts.arabicScript &+= Int((sum >> 12) & 0xFFF)
    // Only the difference of the two weights decides a line.
    counts.persianWeight &+= Int(Int16(truncatingIfNeeded: sum >> 36))
    return (sum >> 24) & 0xFFF != 0
  }
}
