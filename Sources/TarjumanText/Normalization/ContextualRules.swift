import CTarjumanCPU
import TarjumanICU

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The steps that look at a character's neighbours: Persian ZWNJ, punctuation and its
/// spacing, ASCII digits in Persian and Arabic lines, and whitespace. They run as one
/// pass over the code points the table pass produced, and write UTF-8.
///
/// The rules (each is a row in `Documentation/Normalization.md`):
/// - Spaces: a run of spaces becomes one; spaces at the end of the line are removed
///   (indentation at the start is kept in `clean` and removed in `key`); tabs are kept,
///   since they separate columns.
/// - No space before closing punctuation (`. , ; : ! ? ) ] } » ، ؛ ؟`) when it ends a word
///   (so `.NET` and ` .5` are left alone), none after an opening bracket (`( [ { «`).
/// - One space after `, ; ، ؛ ؟` when a letter follows directly and a letter precedes.
/// - Persian and Arabic lines: `,` `;` `?` after an Arabic-script letter become `،` `؛`
///   `؟` (a comma between digits is a thousands separator and stays); English lines:
///   `،` `؛` `؟` become `,` `;` `?`.
/// - ZWNJ: a run becomes one; a ZWNJ is kept only where it changes the shaping, that is
///   after a letter that joins forward (ب, ی, ...) and before a letter that joins backward
///   (not after ا د ذ ر ز ژ و, not next to a space, a digit, Latin text or the line's end).
/// - Persian lines: the space after a separate `می` or `نمی` before a verb becomes ZWNJ
///   (`می خواهم` → `می‌خواهم`), and the space before the plural suffixes `ها های هایی`
///   (and `هایم هایت هایش هایمان هایتان هایشان`) becomes ZWNJ (`کتاب ها` → `کتاب‌ها`), or
///   nothing after a letter that does not join forward (`دیوار ها` → `دیوارها`).
/// - With `--digits persian|arabic`, ASCII digits in Persian and Arabic lines become
///   Persian or Arabic-Indic digits, except when they touch a Latin letter (`F-16`, `G7`).
struct ContextualRules {
  let line: LineLanguage
  let digits: DigitStyle
  let isKey: Bool
  let info: UnsafePointer<UInt32>
  /// The language's replacements for U+0600–U+06FF (yeh, kaf, digits), 0 for unchanged.
  let languageBlock: UnsafePointer<UInt32>?
  /// The fast path's table of two-byte code points for this line's language (see
  /// ``PlainTable``), nil in `key`.
  let plainTable: UnsafePointer<UInt64>?

  static let space: UInt32 = 0x20
  static let tab: UInt32 = 0x09
  static let zwnj: UInt32 = 0x200C
  static let hamzaAbove: UInt32 = 0x0654

  @inline(__always)
  static func isClosingPunctuation(_ value: UInt32) -> Bool {
    switch value {
    case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x29, 0x5D, 0x7D, 0xBB, 0x060C, 0x061B, 0x061F:
      true
    default: false
    }
  }

  @inline(__always)
  static func isOpeningBracket(_ value: UInt32) -> Bool {
    value == 0x28 || value == 0x5B || value == 0x7B || value == 0xAB
  }

  /// Separators after which a space belongs when a word follows directly.
  @inline(__always)
  static func isSeparator(_ value: UInt32) -> Bool {
    value == 0x2C || value == 0x3B || value == 0x060C || value == 0x061B || value == 0x061F
  }

  /// ASCII punctuation that no rule changes by itself: everything but space, tab, the
  /// separators and question mark that change with the script (`,` `;` `?`), and the
  /// grave accent, which `clean` maps to an apostrophe. One bit per ASCII code (a literal,
  /// so that the hot loop reads no lazily initialized global).
  /// ``isASCIICopiedAsIs(_:)`` for U+0000–U+003F (tested against it).
  static let asciiCopiedAsIsLow: UInt64 = 0x7400_EFFE_0000_0000
  /// ``isASCIICopiedAsIs(_:)`` for U+0040–U+007F.
  static let asciiCopiedAsIsHigh: UInt64 = 0x7800_0000_F800_0001

  /// Whether an ASCII byte is copied as is.
  @inline(__always)
  static func asciiCopiedAsIs(_ byte: UInt8) -> Bool {
    let word = byte < 64 ? asciiCopiedAsIsLow : asciiCopiedAsIsHigh
    return (word >> UInt64(byte & 63)) & 1 != 0
  }

  /// The bits ``asciiCopiedAsIsLow`` (`offset` 0) or ``asciiCopiedAsIsHigh`` (64) must hold.
  static func asciiBits(_ offset: Int) -> UInt64 {
    var bits: UInt64 = 0
    for code in offset..<offset + 64 where isASCIICopiedAsIs(UInt8(code)) {
      bits |= 1 << UInt64(code - offset)
    }
    return bits
  }

  static func isASCIICopiedAsIs(_ byte: UInt8) -> Bool {
    guard byte > 0x20 && byte < 0x7F else { return false }
    if (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 { return false }
    return ![UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "?"), UInt8(ascii: "`")]
      .contains(byte)
  }

  static let persianPluralSuffixes: [[UInt32]] = [
    "هایشان", "هایتان", "هایمان", "هایی", "هایم", "هایت", "هایش", "های", "ها",
  ].map { $0.unicodeScalars.map(\.value) }

  @inline(__always)
  func info(_ value: UInt32) -> ScalarInfo { ScalarInfo.of(value, table: info) }

  /// A code point with the language's letters and digits applied.
  @inline(__always)
  func localized(_ value: UInt32) -> UInt32 {
    guard let languageBlock, value &- 0x0600 < 0x100 else { return value }
    let replacement = languageBlock[Int(value &- 0x0600)]
    return replacement == 0 ? value : replacement
  }

  /// Writes UTF-8 through a raw pointer and reads back what it wrote: the rules that look
  /// behind (the word before a space, the letter before a ZWNJ) decode the last few code
  /// points of the output when they need them, so the loop over ordinary letters keeps no
  /// state but the write position.
  struct Writer {
    /// Where the line's output starts; the rules never look back past it.
    let start: UnsafeMutablePointer<UInt8>
    var position: UnsafeMutablePointer<UInt8>
    let info: UnsafePointer<UInt32>

    @inline(__always)
    mutating func emit(_ value: UInt32) {
      if value < 0x80 {
        position[0] = UInt8(truncatingIfNeeded: value)
        position += 1
      } else if value < 0x800 {
        position[0] = UInt8(truncatingIfNeeded: 0xC0 | value >> 6)
        position[1] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
        position += 2
      } else if value < 0x10000 {
        position[0] = UInt8(truncatingIfNeeded: 0xE0 | value >> 12)
        position[1] = UInt8(truncatingIfNeeded: 0x80 | (value >> 6) & 0x3F)
        position[2] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
        position += 3
      } else {
        position[0] = UInt8(truncatingIfNeeded: 0xF0 | value >> 18)
        position[1] = UInt8(truncatingIfNeeded: 0x80 | (value >> 12) & 0x3F)
        position[2] = UInt8(truncatingIfNeeded: 0x80 | (value >> 6) & 0x3F)
        position[3] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
        position += 4
      }
    }

    /// Writes a combining mark at its canonical place among the marks just written: after
    /// every mark of a lower or equal combining class (UAX #15 canonical ordering), so
    /// that shadda typed before fatha comes out after it.
    mutating func emitReordering(_ value: UInt32) {
      let combining = ScalarInfo.of(value, table: info).combiningClass
      var insertion = position
      while let (before, first) = scalar(before: insertion) {
        let beforeClass = ScalarInfo.of(before, table: info).combiningClass
        if beforeClass == 0 || beforeClass <= combining { break }
        insertion = first
      }
      guard insertion != position else {
        emit(value)
        return
      }
      // Encode the mark at the end, then rotate it into place.
      let tailLength = position - insertion
      let end = position
      emit(value)
      let markLength = position - end
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: markLength) { mark in
        let base = mark.baseAddress.unsafelyUnwrapped
        base.update(from: end, count: markLength)
        // The regions overlap: memmove, not a copy.
        memmove(insertion + markLength, insertion, tailLength)
        insertion.update(from: base, count: markLength)
      }
    }

    /// The code point that ends just before `end` and where it starts, or nil at the start.
    func scalar(before end: UnsafeMutablePointer<UInt8>) -> (UInt32, UnsafeMutablePointer<UInt8>)? {
      guard end > start else { return nil }
      var first = end - 1
      while first > start && first[0] & 0xC0 == 0x80 { first -= 1 }
      let lead = UInt32(first[0])
      var value: UInt32
      switch end - first {
      case 1: value = lead
      case 2: value = (lead & 0x1F) << 6
      case 3: value = (lead & 0x0F) << 12
      default: value = (lead & 0x07) << 18
      }
      var shift = UInt32(6 * (end - first - 1))
      var byte = first + 1
      while byte < end {
        shift -= 6
        value |= (UInt32(byte[0]) & 0x3F) << shift
        byte += 1
      }
      return (value, first)
    }

    /// The last two code points written, most recent first (0 where there are fewer).
    var lastTwo: (UInt32, UInt32) {
      guard let (first, firstStart) = scalar(before: position) else { return (0, 0) }
      return (first, scalar(before: firstStart)?.0 ?? 0)
    }

    /// The last code point written.
    @inline(__always)
    var previous: UInt32 {
      // Most lookbacks end in ASCII or a two-byte letter: decode those without a loop.
      guard position > start else { return 0 }
      let last = position[-1]
      if last < 0x80 { return UInt32(last) }
      if position - start >= 2 && position[-2] & 0xE0 == 0xC0 {
        return (UInt32(position[-2]) & 0x1F) << 6 | UInt32(last) & 0x3F
      }
      return scalar(before: position)?.0 ?? 0
    }

    /// The last code point written that is not a nonspacing mark (marks do not join).
    var lastBase: UInt32 {
      var end = position
      while let (value, first) = scalar(before: end) {
        if !ScalarInfo.of(value, table: info).isNonspacingMark { return value }
        end = first
      }
      return 0
    }

    /// Whether the output ends with the standalone word می or نمی.
    func endsWithVerbPrefix() -> Bool {
      // ی is DB 8C in UTF-8: reject every other word ending without decoding.
      guard position - start >= 4, position[-1] == 0x8C, position[-2] == 0xDB,
        let (yeh, yehStart) = scalar(before: position), yeh == 0x06CC,
        let (meem, meemStart) = scalar(before: yehStart), meem == 0x0645
      else { return false }
      guard let (letterBefore, beforeStart) = scalar(before: meemStart) else { return true }
      var before = letterBefore
      if before == 0x0646 {
        guard let (letter, _) = scalar(before: beforeStart) else { return true }
        before = letter
      }
      return !ScalarInfo.of(before, table: info).isLetterOrMark
    }
  }

  /// Applies the rules to the code points of one line and appends its UTF-8 to `bytes`.
  @inline(__always)
  func apply<Input: ScalarCursor>(_ input: Input, into bytes: inout RawBuffer<UInt8>) {
    var scan = Scan(countsLetters: false)
    reserve(for: input, in: &bytes)
    let start = bytes.base + bytes.count
    if let writer = run(
      input, checking: false, copiesPlainRuns: false, scan: &scan,
      writer: Writer(start: start, position: start, info: info))
    {
      bytes.count += writer.position - start
    }
  }

  /// Applies the rules to a line of valid UTF-8 that needs nothing else (the output of
  /// `key`'s table), copying its plain runs as the fast path of `clean` does, and appends
  /// the output to `bytes`.
  @inline(__always)
  func applyCopyingPlainRuns(_ line: UnsafeBufferPointer<UInt8>, into bytes: inout RawBuffer<UInt8>)
  {
    let input = UTF8Cursor(bytes: line)
    var scan = Scan(countsLetters: false)
    reserve(for: input, in: &bytes)
    let start = bytes.base + bytes.count
    if let writer = run(
      input, checking: false, copiesPlainRuns: true, scan: &scan,
      writer: Writer(start: start, position: start, info: info))
    {
      bytes.count += writer.position - start
    }
  }

  /// What the checking pass learns about a line besides its output.
  struct Scan {
    /// Letters for `--lang auto`, counted when `countsLetters` is set.
    var counts = LanguageDetector.LetterCounts()
    let countsLetters: Bool
    /// What in the line has an output that depends on the language: a yeh, kaf or
    /// Eastern digit, punctuation that changes with the script, ASCII digits that may be
    /// converted, a place where a Persian-only rule applies.
    var features: LanguageFeatures = []

    init(countsLetters: Bool) { self.countsLetters = countsLetters }
  }

  /// The fast path of `clean`: applies the rules to raw UTF-8 while checking that the
  /// line needs nothing else (valid UTF-8, the BMP only, nothing for the table, NFC
  /// apart from the order of marks, which it fixes as it writes).
  ///
  /// - Returns: what it learnt, or nil, with `bytes` unchanged, when the line needs the
  ///   general path.
  @inline(__always)
  func applyChecking(
    _ line: UnsafeBufferPointer<UInt8>, countsLetters: Bool, into bytes: inout RawBuffer<UInt8>
  ) -> Scan? {
    let input = UTF8Cursor(bytes: line)
    var scan = Scan(countsLetters: countsLetters)
    reserve(for: input, in: &bytes)
    let start = bytes.base + bytes.count
    guard
      let writer = run(
        input, checking: true, copiesPlainRuns: true, scan: &scan,
        writer: Writer(start: start, position: start, info: info))
    else { return nil }
    bytes.count += writer.position - start
    return scan
  }

  @inline(__always)
  private func reserve<Input: ScalarCursor>(for input: Input, in bytes: inout RawBuffer<UInt8>) {
    // Every input code point writes at most two (itself and a space), of at most 4 bytes
    // each, and takes at least one byte or code unit of input.
    bytes.reserve(input.endIndex * 8 + 8)
  }

  /// The first code point at or after `start` that is not a nonspacing mark, localized.
  @inline(__always)
  private func nextBase<Input: ScalarCursor>(_ input: Input, from start: Int) -> UInt32? {
    var index = start
    while index < input.endIndex {
      let (value, next) = input.read(index)
      if !info(value).isNonspacingMark { return localized(value) }
      index = next
    }
    return nil
  }

  /// Whether a Persian plural suffix (ها, های, ...) stands as a word at `start`.
  private func hasPluralSuffix<Input: ScalarCursor>(_ input: Input, at start: Int) -> Bool {
    let (first, second) = input.read(start)
    guard first == 0x0647, second < input.endIndex, input.read(second).0 == 0x0627 else {
      return false
    }
    suffixes: for suffix in Self.persianPluralSuffixes {
      var index = start
      for letter in suffix {
        guard index < input.endIndex else { continue suffixes }
        let (value, next) = input.read(index)
        guard localized(value) == letter else { continue suffixes }
        index = next
      }
      if index == input.endIndex || !info(input.read(index).0).isLetterOrMark { return true }
    }
    return false
  }

  @inline(__always)
  private func isLatin(_ value: UInt32) -> Bool { value != 0 && info(value).isLatinLetter }

  /// Whether no rule looks at this (localized) code point: letters and marks other than
  /// the few that rules handle, ASCII letters, and ASCII digits unless they are converted.
  @inline(__always)
  private func isOrdinary(_ value: UInt32, convertsASCIIDigits: Bool) -> Bool {
    if value >= 0x80 {
      // ZWNJ, Arabic punctuation (U+060C–U+061F) and hamza above have rules.
      return value != Self.zwnj && value &- 0x060C >= 0x14 && value != Self.hamzaAbove
    }
    if (value | 0x20) &- 0x61 < 26 { return true }
    return value &- 0x30 < 10 && !convertsASCIIDigits
  }

  /// The inner loop of the fast path: copies ASCII letters and two-byte letters that no
  /// rule looks at (most of a Persian or Arabic line) straight from input to output,
  /// counting letters, and stops at anything else.
  ///
  /// - Returns: the position of the first byte it did not handle.
  @inline(__always)
  private func copyPlainRun(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into out: inout Writer,
    scan: inout Scan, convertsASCIIDigits: Bool
  ) -> Int {
    var index = start
    let count = bytes.count
    var position = out.position
    // The combining class of the last code point written: marks in canonical order are
    // copied, a mark out of order goes to the general rules, which reorder it.
    var lastClass = info(out.previous).combiningClass
    // Locals, so that the loop keeps them in registers.
    let countsLetters = scan.countsLetters
    var counts = scan.counts
    var features = scan.features
    defer {
      out.position = position
      scan.counts = counts
      scan.features = features
    }
    let keepsArabicPunctuation = line != .en
    while index < count {
      if let plainTable, index &+ 1 < count, let base = bytes.baseAddress {
        // Most of a line: words of letters that are copied as they are, one load from the
        // language's table and one test per code point, the letters counted in the sum of
        // the entries (see `PlainTable`), added to the counts when the run ends. A run is
        // at most `PlainTable.maximumRun` bytes, so that no counter of the sum overflows.
        var run = tj_plain_run(index: index, position: position, lastClass: lastClass, entries: 0)
        let sum = tj_copy_plain_text(
          base, count, &run, out.start, plainTable, info, Self.asciiCopiedAsIsLow,
          Self.asciiCopiedAsIsHigh, convertsASCIIDigits, keepsArabicPunctuation)
        index = run.index
        position = run.position
        lastClass = run.lastClass
        PlainTable.flush(sum, into: &counts)
        features.formUnion(PlainTable.features(run.entries))
        guard index < count else { break }
      }
      // What stopped the run, or the last two bytes of the line, one code point at a time.
      let lead = bytes[index]
      if lead < 0x80 {
        if (lead | 0x20) &- 0x61 < 26 {
          if countsLetters { counts.latin &+= 1 }
          position[0] = lead
          position += 1
          index &+= 1
          lastClass = 0
          continue
        }
        if Self.asciiCopiedAsIs(lead) || (lead &- 0x30 < 10 && !convertsASCIIDigits) {
          // Punctuation no rule changes by itself (the rules about the spaces around it
          // are decided at the spaces), and digits that stay ASCII (in this language:
          // another may convert them, so the line depends on its language).
          if lead &- 0x30 < 10 { features.insert(.asciiDigits) }
          position[0] = lead
          position += 1
          index &+= 1
          lastClass = 0
          continue
        }
        // One space between two words, where no rule applies, is copied too: that is
        // every space but those after an opening bracket or a tab, after a word ending in
        // می (D9 85 DB 8C), and before ها (D9 87 D8 A7), where the Persian rules decide.
        // (A space the C loop stopped at, after a code point handled here; narrower than
        // the loop's test, which also takes a space before a bracket and after اسلامی:
        // what this one leaves goes to the rules, which give the same output.)
        guard lead == 0x20, index &+ 2 < count, position > out.start else { break }
        let previous = position[-1]
        if previous == 0x28 || previous == 0x5B || previous == 0x7B || previous == 0x09
          || previous == 0xAB
          || (previous == 0x8C && position - out.start >= 4 && position[-2] == 0xDB
            && position[-3] == 0x85 && position[-4] == 0xD9)
        {
          break
        }
        let next = bytes[index &+ 1]
        if next < 0x80 {
          guard (next | 0x20) &- 0x61 < 26 else { break }
        } else {
          guard next >= 0xC2 && next < 0xE0 else { break }
          let nextSecond = bytes[index &+ 2]
          guard nextSecond & 0xC0 == 0x80 else { break }
          if next == 0xD9 && nextSecond == 0x87 && index &+ 4 < count
            && bytes[index &+ 3] == 0xD8 && bytes[index &+ 4] == 0xA7
          {
            break
          }
          let nextBits = info[Int((UInt32(next) & 0x1F) << 6 | UInt32(nextSecond) & 0x3F)]
          guard nextBits & ScalarInfo.plainRejectMask == 0,
            nextBits & (ScalarInfo.arabicLetterBit | ScalarInfo.latinLetterBit) != 0
          else { break }
        }
        position[0] = 0x20
        position += 1
        index &+= 1
        lastClass = 0
        continue
      }
      if lead == 0xE2 {
        // A single ZWNJ between two letters of two bytes each: kept where it changes the
        // joining, dropped elsewhere. Runs and other neighbours go to the general rules.
        guard index &+ 4 < count, bytes[index &+ 1] == 0x80, bytes[index &+ 2] == 0x8C,
          position - out.start >= 2, position[-2] >= 0xC2, position[-2] < 0xE0
        else { break }
        let next = bytes[index &+ 3]
        let nextSecond = bytes[index &+ 4]
        guard next >= 0xC2 && next < 0xE0 && nextSecond & 0xC0 == 0x80 else { break }
        let beforeBits = info[
          Int((UInt32(position[-2]) & 0x1F) << 6 | UInt32(position[-1]) & 0x3F)]
        let afterBits = info[Int((UInt32(next) & 0x1F) << 6 | UInt32(nextSecond) & 0x3F)]
        guard beforeBits & ScalarInfo.combiningClassMask == 0,
          afterBits & ScalarInfo.plainRejectMask == 0
        else { break }
        if ScalarInfo(bits: beforeBits).joiningType.joinsFollowing
          && ScalarInfo(bits: afterBits).joiningType.joinsPreceding
        {
          position[0] = 0xE2
          position[1] = 0x80
          position[2] = 0x8C
          position += 3
        }
        index &+= 3
        lastClass = 0
        continue
      }
      guard lead >= 0xC2 && lead < 0xE0 && index &+ 1 < count else { break }
      let second = bytes[index &+ 1]
      guard second & 0xC0 == 0x80 else { break }
      let value = (UInt32(lead) & 0x1F) << 6 | UInt32(second) & 0x3F
      let bits = info[Int(value)]
      guard bits & ScalarInfo.plainRejectMask & ~ScalarInfo.combiningClassMask == 0 else {
        break
      }
      let combining = bits & ScalarInfo.combiningClassMask
      if combining != 0 && combining < lastClass { break }
      lastClass = combining
      if countsLetters { counts.add(ScalarInfo(bits: bits)) }
      if bits & ScalarInfo.languageSensitiveBit != 0 {
        features.formUnion(LanguageFeatures.of(value))
        let localizedValue = localized(value)
        if localizedValue != value {
          out.position = position
          out.emit(localizedValue)
          position = out.position
          index &+= 2
          continue
        }
      }
      position[0] = lead
      position[1] = second
      position += 2
      index &+= 2
    }
    return index
  }

  /// Writes an Arabic mark with NFC_Quick_Check=Maybe (madda, hamza above or below) that
  /// follows a letter directly in the input, as the general path would: composed with
  /// the letter when NFC composes the pair, written after it otherwise.
  ///
  /// - Returns: false, writing nothing, when anything but a letter of two bytes comes
  ///   before the mark (another mark, which NFC may reorder or compose past, or a
  ///   character a rule removed): the line then takes the general path.
  @inline(__always)
  private func composeArabicMark(
    _ mark: UInt32, at index: Int, in bytes: UnsafeBufferPointer<UInt8>, into out: inout Writer,
    lastClass: inout UInt32
  ) -> Bool {
    guard index >= 2, bytes[index &- 2] &- 0xC2 < 0x1E, bytes[index &- 1] & 0xC0 == 0x80 else {
      return false
    }
    let raw = (UInt32(bytes[index &- 2]) & 0x1F) << 6 | UInt32(bytes[index &- 1]) & 0x3F
    // A letter with a decomposition of its own (أ + ٕ) is left to ICU, as the general
    // path does: NFC decomposes it first and may reorder the marks.
    guard info(raw).combiningClass == 0, !info(raw).decomposes,
      let (written, first) = out.scalar(before: out.position), written == localized(raw)
    else { return false }
    // NFC composes the letter as written, before the language's letters apply.
    if let composite = UnicodeNormalizer.nfc.composePair(raw, mark) {
      out.position = first
      out.emit(localized(composite))
      lastClass = 0
      return true
    }
    // The hamza rule on a yeh the language changed (ی → ي) holds only if no mark of a
    // lower class follows, which NFC would put between them: left to the general path.
    if mark == Self.hamzaAbove && written == 0x064A { return false }
    out.emit(mark)
    lastClass = info(mark).combiningClass
    return true
  }

  @inline(__always)
  private func run<Input: ScalarCursor>(
    _ input: Input, checking: Bool, copiesPlainRuns: Bool, scan: inout Scan, writer: Writer
  ) -> Writer? {
    var out = writer
    let count = input.endIndex
    let isArabicScriptLine = line.isArabicScript
    let convertsASCIIDigits =
      isArabicScriptLine && !isKey && (digits == .persian || digits == .arabic)
    let persianRules = line == .fa && !isKey
    // When checking: the combining class of the last code point written, for reordering.
    var lastClass: UInt32 = 0

    var index = 0
    // Leading indentation is kept in `clean`; `key` trims it.
    while index < count {
      let (value, next) = input.read(index)
      guard value == Self.space || value == Self.zwnj else { break }
      if value == Self.space && !isKey { out.emit(Self.space) }
      index = next
    }
    while index < count {
      if copiesPlainRuns, let bytes = input.utf8 {
        let before = index
        index = copyPlainRun(
          bytes, from: index, into: &out, scan: &scan, convertsASCIIDigits: convertsASCIIDigits)
        guard index < count else { break }
        if index != before { lastClass = info(out.previous).combiningClass }
      }
      let (raw, afterValue) = input.read(index)
      if checking {
        if raw >= 0x80 {
          // Beyond the BMP, or ill-formed (`UTF8Cursor.invalid`): the general path.
          guard raw < 0x10000 else { return nil }
          let bits = info[Int(raw)]
          if bits & ScalarInfo.nfcMaybeBit != 0 && raw &- 0x0653 < 3 {
            // Madda, hamza above or below right after a letter (ا + ٔ → أ, a third of
            // Arabic news lines): composed here rather than sending the line to the
            // general path.
            guard let bytes = input.utf8,
              composeArabicMark(raw, at: index, in: bytes, into: &out, lastClass: &lastClass)
            else { return nil }
            if scan.countsLetters { scan.counts.add(ScalarInfo(bits: bits)) }
            scan.features.insert(.hamza)
            index = afterValue
            continue
          }
          if bits & ScalarInfo.fastPathRejectMask != 0 { return nil }
          if scan.countsLetters { scan.counts.add(ScalarInfo(bits: bits)) }
          if bits & ScalarInfo.languageSensitiveBit != 0 {
            scan.features.formUnion(LanguageFeatures.of(raw))
          }
          let combining = bits & ScalarInfo.combiningClassMask
          if combining != 0 {
            if combining < lastClass {
              out.emitReordering(localized(raw))
            } else {
              out.emit(localized(raw))
              lastClass = combining
            }
            index = afterValue
            continue
          }
        } else {
          if scan.countsLetters { scan.counts.addASCII(UInt8(raw)) }
          if info[Int(raw)] & ScalarInfo.cleanMappedBit != 0 { return nil }
          if raw == 0x2C || raw == 0x3B || raw == 0x3F { scan.features.insert(.asciiPunctuation) }
          if raw &- 0x30 < 10 { scan.features.insert(.asciiDigits) }
        }
        lastClass = 0
      }
      let value = localized(raw)
      if isOrdinary(value, convertsASCIIDigits: convertsASCIIDigits) {
        out.emit(value)
        index = afterValue
        continue
      }
      if checking {
        if value == Self.zwnj { scan.features.insert(.persianRules) }
        if value &- 0x060C < 0x14 { scan.features.insert(.arabicPunctuation) }
        if value == Self.hamzaAbove { scan.features.insert(.hamza) }
      }
      if value == Self.space || value == Self.zwnj {
        // Skip the run of ZWNJ, then of spaces and ZWNJ.
        var end = index
        var nextValue: UInt32 = 0
        while end < count {
          let (current, next) = input.read(end)
          if current != Self.zwnj { break }
          end = next
        }
        let zwnjOnly = value == Self.zwnj && (end == count || input.read(end).0 != Self.space)
        if zwnjOnly {
          // A ZWNJ run inside a word: one ZWNJ, only where it changes the joining.
          index = end
          let before = out.lastBase
          if before != 0, let after = nextBase(input, from: end),
            info(before).joiningType.joinsFollowing, info(after).joiningType.joinsPreceding
          {
            out.emit(Self.zwnj)
          }
          continue
        }
        // A run of spaces (ZWNJ next to a space cannot join anything).
        while end < count {
          let (current, next) = input.read(end)
          if current != Self.space && current != Self.zwnj {
            nextValue = localized(current)
            break
          }
          end = next
        }
        index = end
        guard end < count else { break }  // Trailing spaces are dropped.
        if nextValue == Self.tab { continue }
        let previous = out.previous
        if previous == Self.tab || Self.isOpeningBracket(previous) { continue }
        if Self.isClosingPunctuation(nextValue) && endsWord(input, at: end) { continue }
        if persianRules || (checking && !isKey) {
          // Checked in every line, so that a line whose language was guessed wrongly is
          // known to need the Persian rules.
          if info(nextValue).isArabicLetter && out.endsWithVerbPrefix() {
            scan.features.insert(.persianRules)
            if persianRules {
              out.emit(Self.zwnj)
              continue
            }
          }
          if hasPluralSuffix(input, at: end) {
            let before = out.lastBase
            if before != 0 && info(before).isArabicLetter {
              scan.features.insert(.persianRules)
              if persianRules {
                if info(before).joiningType.joinsFollowing { out.emit(Self.zwnj) }
                continue
              }
            }
          }
        }
        out.emit(Self.space)
        continue
      }
      if value == Self.tab {
        out.emit(Self.tab)
        index = afterValue
        while index < count {
          let (current, next) = input.read(index)
          if current != Self.space { break }
          index = next
        }
        continue
      }
      if convertsASCIIDigits && value >= 0x30 && value <= 0x39 {
        var end = index
        while end < count {
          let (current, next) = input.read(end)
          if current < 0x30 || current > 0x39 { break }
          end = next
        }
        // A digit run is part of a Latin token when a Latin letter touches it directly or
        // through one hyphen (F-16, G7, MH-17, 5G).
        let tail = out.lastTwo
        var after: UInt32 = 0
        var afterHyphen: UInt32 = 0
        if end < count {
          let (current, next) = input.read(end)
          after = current
          if next < count { afterHyphen = input.read(next).0 }
        }
        let touchesLatin =
          isLatin(tail.0) || (tail.0 == 0x2D && isLatin(tail.1))
          || isLatin(after) || (after == 0x2D && isLatin(afterHyphen))
        let zero = digits == .persian ? ScalarRules.persianZero : ScalarRules.arabicIndicZero
        while index < end {
          let (digit, next) = input.read(index)
          out.emit(touchesLatin ? digit : zero + digit - 0x30)
          index = next
        }
        continue
      }
      if value == Self.hamzaAbove {
        // In an Arabic line ی became ي, which composes with a hamza above as NFC does.
        if let (previous, first) = out.scalar(before: out.position), previous == 0x064A {
          out.position = first
          out.emit(0x0626)
        } else {
          out.emit(value)
        }
        index = afterValue
        continue
      }
      var punctuation = value
      let following: UInt32 = afterValue < count ? input.read(afterValue).0 : 0
      if !isKey {
        if isArabicScriptLine && (value == 0x2C || value == 0x3B || value == 0x3F) {
          // After a Persian or Arabic-Indic digit, a comma followed by a digit is a
          // thousands separator and stays; after an Arabic-script letter it is a comma.
          let last = out.lastBase
          let nextIsDigit = following != 0 && info(following).isDecimalDigit
          let afterEasternDigit = last >= 0x0660 && last <= 0x06F9 && info(last).isDecimalDigit
          if last != 0 && (info(last).isArabicLetter || (afterEasternDigit && !nextIsDigit)) {
            punctuation = value == 0x2C ? 0x060C : value == 0x3B ? 0x061B : 0x061F
          }
        } else if line == .en {
          if value == 0x060C { punctuation = 0x2C }
          if value == 0x061B { punctuation = 0x3B }
          if value == 0x061F { punctuation = 0x3F }
        }
      }
      let before = out.previous
      out.emit(punctuation)
      index = afterValue
      if Self.isSeparator(punctuation), following != 0, info(following).isLetter,
        before != 0, info(before).isLetterOrMark
      {
        out.emit(Self.space)
      }
    }
    return out
  }

  /// Whether the punctuation at `index` ends a word: nothing, a space or more punctuation
  /// follows (so that `.NET`, `.5` and `:30` are not touched).
  @inline(__always)
  private func endsWord<Input: ScalarCursor>(_ input: Input, at index: Int) -> Bool {
    let next = input.read(index).1
    guard next < input.endIndex else { return true }
    let value = input.read(next).0
    if value == Self.space || value == Self.tab || Self.isClosingPunctuation(value) { return true }
    return value == 0x22 || value == 0x27 || value == 0x201D
  }
}

/// Random access to the code points of a line, by position: the rules read the output of
/// the table pass (an array of code points) or, on the fast path, the UTF-8 input itself.
protocol ScalarCursor {
  /// The position after the last code point.
  var endIndex: Int { get }
  /// The UTF-8 bytes, when positions are byte offsets into them.
  var utf8: UnsafeBufferPointer<UInt8>? { get }
  /// The code point at a position, and the position of the next one.
  func read(_ index: Int) -> (UInt32, Int)
}

/// Code points in an array: positions are indexes.
struct ScalarArrayCursor: ScalarCursor {
  let scalars: UnsafeBufferPointer<UInt32>
  var endIndex: Int { scalars.count }
  var utf8: UnsafeBufferPointer<UInt8>? { nil }
  @inline(__always)
  func read(_ index: Int) -> (UInt32, Int) { (scalars[index], index + 1) }
}

/// UTF-8: positions are byte offsets. Ill-formed sequences read as ``invalid`` and
/// one byte, so that reading never leaves the buffer.
struct UTF8Cursor: ScalarCursor {
  /// The value read for an ill-formed sequence.
  static let invalid = UTF8Decoding.invalid

  let bytes: UnsafeBufferPointer<UInt8>
  var endIndex: Int { bytes.count }
  var utf8: UnsafeBufferPointer<UInt8>? { bytes }

  @inline(__always)
  func read(_ index: Int) -> (UInt32, Int) {
    let lead = bytes[index]
    if lead < 0x80 { return (UInt32(lead), index &+ 1) }
    if lead >= 0xC2 && lead < 0xE0 && index &+ 1 < bytes.count {
      let second = bytes[index &+ 1]
      if second & 0xC0 == 0x80 {
        return ((UInt32(lead) & 0x1F) << 6 | UInt32(second) & 0x3F, index &+ 2)
      }
      return (Self.invalid, index &+ 1)
    }
    let (value, length) = UTF8Decoding.decode(bytes, at: index)
    return (value, index &+ length)
  }
}
