import CTarjumanCPU

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The fast path's table of two-byte code points (U+0080–U+07FF: Arabic, Persian, Latin
/// with accents) for one line language, indexed by the two bytes of the UTF-8 sequence as
/// one little-endian 16-bit load (lead byte low, continuation byte high), so that the loop
/// over a run of letters does no decoding: one 16-bit load, one table load and one test
/// per code point. Every index that is not a two-byte code point copied as is (ASCII, a
/// lead byte of three or four bytes, a bad continuation byte, a code point a rule or the
/// language changes) holds 0, and most of the table is never written: it is allocated
/// zeroed, so that its untouched pages cost no memory.
///
/// An entry holds, from the low bits, four counters added up over a run of code points
/// (so that the loop adds the entry and never overflows one into the next):
/// - bits 0–8: 1 for a Latin letter; bits 9–17: 1 for an Arabic-script letter;
/// - bits 18–29: Persian weight minus Arabic weight (two's complement; see
///   ``LanguageDetector``);
///
/// and facts that the sum turns into garbage, read from the entry itself (or from the OR
/// of the entries of a run):
/// - bits 30–37: the ``LanguageFeatures`` of the code point, shifted by
///   ``featureShift``: what some language writes otherwise (ی ک, ي ى ك, Eastern digits);
/// - bits 39–46: flags (``wordStart``, ``spaceMayFollow``, ``twoByteStarter``,
///   ``joinsFollowing``, ``joinsPreceding``, ``heh``, ``yeh``);
/// - bits 47–54: ``nextClassShift``, the combining class, or 1 for a starter: what the
///   following code point's class is compared with;
/// - bits 55–63: ``classShift``, the combining class, or 256 for a starter, or 0 for an
///   entry that stops the loop. A code point is copied when this is at least the last
///   one's `nextClass`: a mark out of canonical order, or an entry of 0, stops the loop
///   with a single comparison.
enum PlainTable {
  /// An Arabic or Latin letter that no rule looks at, before which a single space is
  /// copied as is (see `tj_copy_plain_text`).
  static let wordStart: UInt64 = TJ_PLAIN_WORD_START
  /// A single space after this code point is copied as is when a word or an opening
  /// bracket follows (all but `«`, where the bracket rule decides, and `ی`, where the
  /// loop first checks that the word is not the verb prefix می or نمی).
  static let spaceMayFollow: UInt64 = TJ_PLAIN_SPACE_MAY_FOLLOW
  /// Combining class 0.
  static let twoByteStarter: UInt64 = TJ_PLAIN_TWO_BYTE_STARTER
  /// The joining type joins the following letter (dual or join-causing): a ZWNJ after it
  /// may be kept.
  static let joinsFollowing: UInt64 = TJ_PLAIN_JOINS_FOLLOWING
  /// The joining type joins the preceding letter (dual, right or join-causing).
  static let joinsPreceding: UInt64 = TJ_PLAIN_JOINS_PRECEDING
  /// ه: after a space it may start a plural suffix (ها), which the Persian rules join.
  static let heh: UInt64 = TJ_PLAIN_HEH
  /// ی: before a space it may end the verb prefix می.
  static let yeh: UInt64 = TJ_PLAIN_YEH
  static let nextClassShift = UInt64(TJ_PLAIN_NEXT_CLASS_SHIFT)
  static let classShift = UInt64(TJ_PLAIN_CLASS_SHIFT)

  /// One Latin letter, in the counters.
  static let latinOne: UInt64 = 1
  /// Where an entry holds its ``LanguageFeatures``.
  static let featureShift = UInt64(TJ_PLAIN_FEATURE_SHIFT)

  /// The features of a run: the OR of its entries.
  @inline(__always)
  static func features(_ entries: UInt64) -> LanguageFeatures {
    LanguageFeatures(rawValue: UInt32(truncatingIfNeeded: entries >> featureShift) & 0xFF)
  }

  /// The longest run counted in one sum, in bytes: every byte adds at most 1 to a
  /// counter (a letter of two bytes adds 1), so that the 9-bit counters stay below 512
  /// and the signed one within ±1,750.
  static let maximumRun = Int(TJ_PLAIN_MAXIMUM_RUN)
  /// Entries per table: one per 16-bit value.
  static let count = Int(TJ_PLAIN_TABLE_ENTRIES)
  /// Entries from one table to the next: after a table's `count` entries, one whose bits
  /// say which 64-byte blocks the letter loop takes on it, then its block table
  /// (`tj_build_block_table`). (With the table rather than beside it in the rules that
  /// carry it: one field more there, or a second C function to call, cost the rules 2-3%
  /// on Arabic text.)
  static let stride = count + 1 + Int(TJ_BLOCK_TABLE_BYTES) / MemoryLayout<UInt64>.stride

  /// Whether the letter loop takes 64-byte blocks of Arabic script on `table`.
  static func takesBlocks(_ table: UnsafePointer<UInt64>) -> Bool {
    table[count] & UInt64(TJ_PLAIN_ARABIC_BLOCKS) != 0
  }

  /// Whether the letter loop takes 64-byte blocks of ASCII on `table`.
  static func takesASCIIBlocks(_ table: UnsafePointer<UInt64>) -> Bool {
    table[count] & UInt64(TJ_PLAIN_ASCII_BLOCKS) != 0
  }

  /// Builds the block table of `table` and marks the table as taking blocks of Arabic
  /// script.
  static func buildBlocks(after table: UnsafeMutablePointer<UInt64>) {
    tj_build_block_table(
      table, UnsafeMutableRawPointer(table + count + 1).assumingMemoryBound(to: UInt8.self))
    table[count] |= UInt64(TJ_PLAIN_ARABIC_BLOCKS)
  }

  /// Marks `table` as taking blocks of ASCII (which need no table).
  static func takeASCIIBlocks(in table: UnsafeMutablePointer<UInt64>) {
    table[count] |= UInt64(TJ_PLAIN_ASCII_BLOCKS)
  }

  /// Allocates `tables` zeroed tables, `stride` entries apart.
  static func allocate(tables: Int) -> UnsafeMutablePointer<UInt64> {
    // calloc: the pages a table never writes stay untouched (and so cost nothing).
    guard let memory = calloc(tables * stride, MemoryLayout<UInt64>.stride) else {
      fatalError("out of memory for the normalizer's tables")
    }
    return memory.assumingMemoryBound(to: UInt64.self)
  }

  static func deallocate(_ tables: UnsafeMutablePointer<UInt64>) { free(tables) }

  /// The index of a two-byte code point: its UTF-8 bytes as a little-endian UInt16.
  @inline(__always)
  static func index(of value: Int) -> Int {
    (0xC0 | value >> 6) | (0x80 | value & 0x3F) << 8
  }

  /// Builds the table of one line language from the scalar facts and the language's
  /// replacements for U+0600–U+06FF (0 meaning unchanged).
  static func build(
    into table: UnsafeMutablePointer<UInt64>, info: UnsafePointer<UInt32>,
    languageBlock: UnsafePointer<UInt32>
  ) {
    for value in 0x80..<0x800 {
      let bits = info[value]
      let localizes = value >= 0x600 && value < 0x700 && languageBlock[value - 0x600] != 0
      // Copied as is: NFC_Quick_Check=Yes, no presentation form, nothing for the table or
      // a rule, not changed by the language; marks in canonical order.
      guard bits & ScalarInfo.plainRejectMask & ~ScalarInfo.combiningClassMask == 0, !localizes
      else { continue }
      let scalarInfo = ScalarInfo(bits: bits)
      let combining = UInt64(bits & ScalarInfo.combiningClassMask)
      var entry: UInt64 = 0
      let latin = UInt64((bits >> 13) & 1)
      let arabic = UInt64((bits >> 14) & 1)
      let features = UInt64(LanguageFeatures.of(UInt32(value)).rawValue)
      let weight =
        UInt64(UInt16(bitPattern: Int16(scalarInfo.persianWeight - scalarInfo.arabicWeight)))
        & 0xFFF
      entry |= latin | arabic << 9 | weight << 18 | features << featureShift
      if bits & ScalarInfo.plainRejectMask == 0
        && bits & (ScalarInfo.arabicLetterBit | ScalarInfo.latinLetterBit) != 0
      {
        entry |= wordStart
      }
      if value != 0xAB && value != 0x06CC { entry |= spaceMayFollow }
      if value == 0x06CC { entry |= yeh }
      if value == 0x0647 { entry |= heh }
      if combining == 0 { entry |= twoByteStarter }
      if scalarInfo.joiningType.joinsFollowing { entry |= joinsFollowing }
      if scalarInfo.joiningType.joinsPreceding { entry |= joinsPreceding }
      entry |= max(combining, 1) << nextClassShift
      entry |= (combining == 0 ? 256 : combining) << classShift
      table[index(of: value)] = entry
    }
  }

  /// Builds the table of `key`, for its output of the table pass (no marks, no ZWNJ, no
  /// presentation forms, nothing to reorder): every two-byte code point is copied but
  /// Arabic punctuation (U+060C–U+061F, which `key` writes as ASCII) and hamza above.
  static func buildKey(into table: UnsafeMutablePointer<UInt64>, info: UnsafePointer<UInt32>) {
    for value in 0x80..<0x800 {
      if value &- 0x060C < 0x14 || value == 0x0654 { continue }
      let bits = info[value]
      var entry: UInt64 = 256 << classShift | 1 << nextClassShift | twoByteStarter
      if bits & ScalarInfo.plainRejectMask == 0
        && bits & (ScalarInfo.arabicLetterBit | ScalarInfo.latinLetterBit) != 0
      {
        entry |= wordStart
      }
      if value != 0xAB && value != 0x06CC { entry |= spaceMayFollow }
      if value == 0x06CC { entry |= yeh }
      table[index(of: value)] = entry
    }
  }

  /// The combining class an entry compares with the last `nextClass` (0: stop).
  @inline(__always)
  static func order(_ entry: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: entry >> classShift) }

  /// What an entry leaves for the next code point to compare with.
  @inline(__always)
  static func nextClass(_ entry: UInt64) -> UInt32 {
    UInt32(truncatingIfNeeded: entry >> nextClassShift) & 0xFF
  }

  /// Adds the counters summed over a run to the letter counts.
  @inline(__always)
  static func flush(_ sum: UInt64, into counts: inout LanguageDetector.LetterCounts) {
    counts.latin &+= Int(sum & 0x1FF)
    counts.arabicScript &+= Int((sum >> 9) & 0x1FF)
    // Only the difference of the two weights decides a line: 12-bit two's complement.
    counts.persianWeight &+= Int(Int16(truncatingIfNeeded: (sum >> 18) << 4) >> 4)
  }
}

/// What in a line makes its output depend on the line's language, one bit per kind, so
/// that `--lang auto`'s fast path, which guesses a line's language before counting its
/// letters, runs a line again only when the language it finds writes something in the
/// line otherwise than the guess (``differing(_:_:)``), not whenever the two differ.
struct LanguageFeatures: OptionSet {
  let rawValue: UInt32

  /// ی ک ڪ, which Arabic lines write ي ك.
  static let persianLetters = LanguageFeatures(rawValue: 1)
  /// ي ى ك ڪ, which Persian lines write ی ک.
  static let arabicLetters = LanguageFeatures(rawValue: 2)
  /// Persian and Arabic-Indic digits, which `--digits` converts differently in English
  /// lines.
  static let easternDigits = LanguageFeatures(rawValue: 4)
  /// ASCII digits, converted with `--digits persian|arabic` in Arabic-script lines.
  static let asciiDigits = LanguageFeatures(
    rawValue: UInt32(TJ_PLAIN_FEATURE_ASCII_DIGITS))
  /// `,` `;` `?`, which Arabic-script lines write `،` `؛` `؟`.
  static let asciiPunctuation = LanguageFeatures(rawValue: 16)
  /// `،` `؛` `؟` (U+060C–U+061F), which English lines write `,` `;` `?`.
  static let arabicPunctuation = LanguageFeatures(
    rawValue: UInt32(TJ_PLAIN_FEATURE_ARABIC_PUNCTUATION))
  /// A place where a Persian rule applies (ZWNJ, the verb prefix می, the plural ها).
  static let persianRules = LanguageFeatures(rawValue: 64)
  /// A madda or hamza mark composed with the letter before it. Its output depends on the
  /// language only through that letter (ي after ی became it, ئ from ي + ٔ), whose own
  /// feature is in the line: ``differing(_:_:)`` never names it.
  static let hamza = LanguageFeatures(rawValue: 128)

  /// The features of one code point of the table (letters and digits).
  static func of(_ value: UInt32) -> LanguageFeatures {
    var features: LanguageFeatures = []
    switch value {
    case 0x06CC, 0x06A9: features.insert(.persianLetters)
    case 0x064A, 0x0649, 0x0643: features.insert(.arabicLetters)
    case 0x06AA: features.formUnion([.persianLetters, .arabicLetters])
    case 0x0660...0x0669, 0x06F0...0x06F9: features.insert(.easternDigits)
    default: break
    }
    return features
  }

  /// The features whose output differs between two line languages.
  static func differing(_ first: LineLanguage, _ second: LineLanguage) -> LanguageFeatures {
    var features: LanguageFeatures = []
    if (first == .ar) != (second == .ar) { features.insert(.persianLetters) }
    if (first == .fa) != (second == .fa) { features.formUnion([.arabicLetters, .persianRules]) }
    if (first == .en) != (second == .en) {
      features.formUnion([.easternDigits, .arabicPunctuation])
    }
    if first.isArabicScript != second.isArabicScript {
      features.formUnion([.asciiDigits, .asciiPunctuation])
    }
    return features
  }
}
