import Dispatch
import Foundation
import TarjumanICU

/// A compiled table of per-code-point replacements: every normalization step that maps
/// one code point to fixed text (tatweel removed, ي to ی, ٤ to 4, ’ to ') is folded into
/// one lookup, so the cost per character does not grow with the number of such steps.
///
/// The BMP has a direct table of 65,536 entries; an entry of 0 means "unchanged",
/// otherwise its high 24 bits are an offset into `pool` and its low 8 bits a length (0 for
/// a deletion). Code points beyond the BMP are computed on demand.
final class ScalarMap: Sendable {
  // Sendable: the memory is written once in init and only read afterwards.
  nonisolated(unsafe) let entries: UnsafeMutablePointer<UInt32>
  nonisolated(unsafe) let pool: UnsafeMutablePointer<UInt32>
  let poolCount: Int
  /// The mapping rule, for code points beyond the BMP.
  let rule: @Sendable (UInt32) -> [UInt32]?

  /// Builds the map of `rule` over `candidates` (the code points it may change).
  ///
  /// - Parameter name: a name for the map in the cache folder: the table is read from
  ///   there when a run of the same executable on the same ICU saved it (the rule and the
  ///   candidates are code compiled into the executable), and saved there otherwise.
  init(
    cachedAs name: String, rule: @escaping @Sendable (UInt32) -> [UInt32]?,
    candidates: some Sequence<UInt32>
  ) {
    let file = CacheFile.defaultFolder().flatMap {
      ScalarInfo.cacheFile(named: "scalarmap-" + name, in: $0)
    }
    var table: (entries: [UInt32], values: [UInt32])
    if let file, let bytes = CacheFile.contents(of: file), let saved = Self.read(bytes) {
      table = saved
    } else {
      table = Self.compute(rule: rule, candidates: candidates)
      if let file { CacheFile.write(Self.serialized(table.entries, table.values), to: file) }
    }
    entries = .allocate(capacity: table.entries.count)
    entries.initialize(from: table.entries, count: table.entries.count)
    pool = .allocate(capacity: table.values.count)
    pool.initialize(from: table.values, count: table.values.count)
    poolCount = table.values.count
    self.rule = rule
  }

  /// The entries of the BMP and the pool of replacements, computed.
  static func compute(
    rule: @escaping @Sendable (UInt32) -> [UInt32]?, candidates: some Sequence<UInt32>
  ) -> (entries: [UInt32], values: [UInt32]) {
    var table = [UInt32](repeating: 0, count: 0x10000)
    // Index 0 is never used, so that an entry of 0 can mean "unchanged".
    var values: [UInt32] = [0]
    // The rule costs ICU calls per code point: the candidates are evaluated on all cores
    // (a short-lived command pays this at start-up when the cache folder has no table),
    // then packed in order.
    let list = candidates.filter { $0 < 0x10000 }
    let results = ParallelTable.map(count: list.count) { rule(list[$0]) }
    for (value, result) in zip(list, results) {
      guard let replacement = result ?? nil else { continue }
      precondition(replacement.count < 256, "replacement of U+\(value) too long")
      table[Int(value)] = UInt32(values.count) << 8 | UInt32(replacement.count)
      values.append(contentsOf: replacement)
    }
    return (table, values)
  }

  private static let cacheMagic = Array("TJSCALARMAP1\n".utf8)

  /// A map's cache file: a magic line, the 65,536 entries, the pool's length and the pool,
  /// as little-endian words.
  static func serialized(_ entries: [UInt32], _ values: [UInt32]) -> [UInt8] {
    var output = CacheFileWriter(magic: cacheMagic)
    output.values(entries)
    output.integer(values.count)
    output.values(values)
    return output.data
  }

  /// The entries and pool of a cache file's bytes; nil for a file of another form, or
  /// whose entries point outside its pool.
  static func read(_ bytes: [UInt8]) -> (entries: [UInt32], values: [UInt32])? {
    var input = CacheFileReader(bytes)
    guard input.expect(cacheMagic), let entries = input.values(0x10000, of: UInt32.self),
      let count = input.integer(), count >= 1, count < 1 << 24,
      let values = input.values(count, of: UInt32.self), input.atEnd
    else { return nil }
    guard entries.allSatisfy({ $0 == 0 || Int($0 >> 8) + Int($0 & 0xFF) <= count }) else {
      return nil
    }
    return (entries, values)
  }

  deinit {
    entries.deallocate()
    pool.deallocate()
  }

  /// The replacement of a BMP code point, or nil when it is unchanged.
  func replacement(of value: UInt32) -> UnsafeBufferPointer<UInt32>? {
    let entry = entries[Int(value)]
    guard entry != 0 else { return nil }
    return UnsafeBufferPointer(start: pool + Int(entry >> 8), count: Int(entry & 0xFF))
  }
}

/// The per-code-point rules of each profile, kept in one place so that the tables, the
/// documentation and the tests agree.
enum ScalarRules {
  // MARK: - clean

  static let bidiControls: Set<UInt32> = [
    0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068,
    0x2069,
  ]
  static let tatweel: UInt32 = 0x0640
  static let zeroWidthSpace: UInt32 = 0x200B
  static let zwnj: UInt32 = 0x200C
  static let zwj: UInt32 = 0x200D
  /// Soft hyphen, word joiner, byte-order mark (zero-width no-break space), Mongolian
  /// vowel separator: invisible, and never meaningful in en/fa/ar text.
  static let invisibles: Set<UInt32> = [0x00AD, 0x2060, 0xFEFF, 0x180E]
  static let apostrophes: Set<UInt32> = [
    0x2019, 0x2018, 0x201B, 0x02BC, 0x02BE, 0x02BF, 0x2032, 0x0060, 0x00B4, 0xFF07,
  ]
  static let hyphens: Set<UInt32> = [0x2010, 0x2011, 0x2012, 0x2212, 0xFE63, 0xFF0D]
  static let horizontalBar: UInt32 = 0x2015
  static let emDash: UInt32 = 0x2014
  static let oddSpaces: Set<UInt32> = Set(
    [0x00A0, 0x1680, 0x202F, 0x205F, 0x3000] + Array(0x2000...0x200A))

  /// Arabic-Indic digits ٠–٩ start here.
  static let arabicIndicZero: UInt32 = 0x0660
  /// Extended Arabic-Indic (Persian) digits ۰–۹ start here.
  static let persianZero: UInt32 = 0x06F0

  /// Yeh and kaf as Persian writes them: ي and ى become ی, ك and ڪ become ک.
  static let persianYehKaf: [UInt32: UInt32] = [
    0x064A: 0x06CC, 0x0649: 0x06CC, 0x0643: 0x06A9, 0x06AA: 0x06A9,
  ]
  /// Yeh and kaf as Arabic writes them: ی becomes ي, ک and ڪ become ك. Alef maksura stays.
  static let arabicYehKaf: [UInt32: UInt32] = [0x06CC: 0x064A, 0x06A9: 0x0643, 0x06AA: 0x0643]

  /// ``cleanCandidates`` as bits, one per BMP code point.
  private static let cleanCandidateBits: [UInt64] = {
    var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
    for value in cleanCandidates where value < 0x10000 {
      bits[Int(value >> 6)] |= 1 << (value & 63)
    }
    return bits
  }()

  /// The code points ``clean(_:)`` may change (the table builder visits only these).
  static let cleanCandidates: [UInt32] = Array(
    bidiControls.union(invisibles).union(apostrophes).union(hyphens).union(oddSpaces)
      .union([tatweel, zeroWidthSpace, horizontalBar]))

  /// What `clean` does to one code point whatever the language, or nil when it leaves the
  /// code point alone. Presentation forms (which need NFC afterwards), ZWNJ, punctuation,
  /// ASCII digits (which need context) and the language's letters and digits
  /// (``languageSpecific(_:language:digits:)``) are handled elsewhere.
  ///
  /// A zero-width space becomes ZWNJ: between two Arabic-script letters it breaks the
  /// joining exactly as ZWNJ does (Persian text uses it as a makeshift half-space), and
  /// the ZWNJ rules then remove it wherever it changes nothing.
  static func clean(_ value: UInt32) -> [UInt32]? {
    // Most code points are none of these: one bit says so (the tables are built by
    // asking this for every code point of the BMP).
    if value < 0x10000 && cleanCandidateBits[Int(value >> 6)] & (1 << (value & 63)) == 0 {
      return nil
    }
    if bidiControls.contains(value) || invisibles.contains(value) || value == tatweel {
      return []
    }
    if value == zeroWidthSpace { return [zwnj] }
    if apostrophes.contains(value) { return [0x27] }
    if hyphens.contains(value) { return [0x2D] }
    if value == horizontalBar { return [emDash] }
    if oddSpaces.contains(value) { return [0x20] }
    return nil
  }

  /// What `clean` does to a code point of the Arabic block (U+0600–U+06FF) in a line of
  /// the given language: yeh and kaf of the language, Eastern digits in the chosen style
  /// (between the two Eastern sets in any line that is not English; to ASCII in every
  /// line). Every such change maps one code point to one.
  static func languageSpecific(_ value: UInt32, line: LineLanguage, digits: DigitStyle)
    -> UInt32?
  {
    switch line {
    case .fa: if let mapped = persianYehKaf[value] { return mapped }
    case .ar: if let mapped = arabicYehKaf[value] { return mapped }
    case .en, .arabicScript, .unknown: break
    }
    let isArabicIndic = (arabicIndicZero..<arabicIndicZero + 10).contains(value)
    let isPersian = (persianZero..<persianZero + 10).contains(value)
    guard isArabicIndic || isPersian else { return nil }
    let digit = value - (isArabicIndic ? arabicIndicZero : persianZero)
    switch digits {
    case .keep: return nil
    case .ascii: return 0x30 + digit
    case .persian: return isPersian || line == .en ? nil : persianZero + digit
    case .arabic: return isArabicIndic || line == .en ? nil : arabicIndicZero + digit
    }
  }

  // MARK: - key

  /// Arabic-script letters that `key` unifies: alef wasla, teh marbuta, alef maksura,
  /// Arabic yeh, Arabic kaf, swash kaf, ae and heh doachashmee.
  static let keyArabicLetters: [UInt32: UInt32] = [
    0x0671: 0x0627, 0x0629: 0x0647, 0x0649: 0x06CC, 0x064A: 0x06CC, 0x0643: 0x06A9,
    0x06AA: 0x06A9, 0x06D5: 0x0647, 0x06BE: 0x0647, 0x06C1: 0x0647,
  ]
  /// Latin letters without a canonical decomposition, folded to the ASCII letters they
  /// are read as (after case folding, so only lowercase forms).
  static let keyLatinLetters: [UInt32: [UInt32]] = [
    0x0131: [0x69], 0x0142: [0x6C], 0x00F8: [0x6F], 0x0111: [0x64], 0x0127: [0x68],
    0x00E6: [0x61, 0x65], 0x0153: [0x6F, 0x65], 0x00F0: [0x64], 0x00FE: [0x74, 0x68],
    0x0180: [0x62], 0x0268: [0x69],
  ]
  /// Signs for hamza and ayn in romanizations, removed by `key` like apostrophes.
  static let keyRemovedSigns: Set<UInt32> = apostrophes.union([0x27, 0x02BB, 0x02BD, 0x02B9])
  /// Arabic punctuation and number signs that `key` writes as ASCII.
  static let keyASCIIPunctuation: [UInt32: UInt32] = [
    0x060C: 0x2C, 0x061B: 0x3B, 0x061F: 0x3F, 0x066A: 0x25, 0x066B: 0x2E, 0x066C: 0x2C,
    0x06D4: 0x2E,
  ]

  /// What `key` does to one code point, or nil when it leaves it alone.
  ///
  /// Each code point's key is computed on its own, so the key of a string is the
  /// concatenation of the keys of its code points; this is exact because every
  /// composition NFC could make ends up decomposed again and its marks removed.
  static func key(_ value: UInt32) -> [UInt32]? {
    // Most code points: nothing folds them and no explicit rule names them.
    if let scalar = Unicode.Scalar(value),
      UnicodeProperties.isStableUnderCompatibilityFolding(scalar),
      !isNamedByKeyRules(value)
    {
      let category = UnicodeProperties.generalCategory(of: scalar)
      if category != 6 && category != 7 && category != 9
        && !UnicodeProperties.isWhiteSpace(scalar)
      {
        return nil
      }
    }
    var current: [UInt32] = [value]
    // Iterate to a fixed point, so that the key of a key is itself (at most a few rounds).
    for _ in 0..<4 {
      let next = keyRound(current)
      if next == current { break }
      current = next
    }
    return current == [value] ? nil : current
  }

  /// Whether an explicit rule of `clean` or `key` names the code point.
  private static func isNamedByKeyRules(_ value: UInt32) -> Bool {
    clean(value) != nil || value == zwnj || value == zwj || keyRemovedSigns.contains(value)
      || keyArabicLetters[value] != nil || keyLatinLetters[value] != nil
      || keyASCIIPunctuation[value] != nil
  }

  private static func keyRound(_ input: [UInt32]) -> [UInt32] {
    var cleaned: [UInt32] = []
    for value in input {
      cleaned.append(contentsOf: clean(value) ?? [value])
    }
    // UTF-16 in and out of ICU, without building strings: this runs for thousands of
    // code points whenever a `key` normalizer is built.
    var units: [UInt16] = []
    for value in cleaned {
      guard let scalar = Unicode.Scalar(value) else { continue }
      units.append(contentsOf: scalar.utf16)
    }
    let folded: [UInt16] =
      (try? units.withUnsafeBufferPointer { (source) throws(ICUError) in
        try UnicodeNormalizer.nfkcCasefold.normalize(source).withUnsafeBufferPointer {
          (casefolded) throws(ICUError) in try UnicodeNormalizer.nfd.normalize(casefolded)
        }
      }) ?? units
    var scalars: [Unicode.Scalar] = []
    var index = 0
    while index < folded.count {
      var value = UInt32(folded[index])
      index += 1
      // A surrogate pair; ICU's output is well-formed UTF-16.
      if UTF16.isLeadSurrogate(folded[index - 1]), index < folded.count,
        UTF16.isTrailSurrogate(folded[index])
      {
        value = 0x10000 + ((value - 0xD800) << 10) + (UInt32(folded[index]) - 0xDC00)
        index += 1
      }
      if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
    }
    var output: [UInt32] = []
    for scalar in scalars {
      let value = scalar.value
      let category = UnicodeProperties.generalCategory(of: scalar)
      if category == 6 || category == 7 { continue }  // Mn, Me: harakat, accents
      if value == zwnj || value == zwj || keyRemovedSigns.contains(value) { continue }
      if scalar.properties.isWhitespace {
        output.append(0x20)
      } else if let mapped = keyArabicLetters[value] {
        output.append(mapped)
      } else if let mapped = keyLatinLetters[value] {
        output.append(contentsOf: mapped)
      } else if let mapped = keyASCIIPunctuation[value] {
        output.append(mapped)
      } else if category == 9, let digit = UnicodeProperties.digitValue(of: scalar) {
        output.append(0x30 + UInt32(digit))
      } else {
        output.append(value)
      }
    }
    return output
  }

  /// The BMP code points whose key may differ from themselves: everything except the
  /// large blocks that no step touches (CJK ideographs, Hangul syllables, surrogates,
  /// private use), which keeps building the table to a few milliseconds.
  static var keyCandidates: [UInt32] {
    let skipped: [ClosedRange<UInt32>] = [
      0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xD800...0xF8FF,
    ]
    return (0..<0x10000).filter { value in
      !skipped.contains { $0.contains(UInt32(value)) }
    }.map(UInt32.init)
  }
}

/// Evaluates a pure function over `0..<count` on all cores, results in order.
enum ParallelTable {
  static func map<Element>(count: Int, _ body: @Sendable (Int) -> Element) -> [Element?] {
    var results = [Element?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
      let shared = SharedBuffer(pointer: buffer)
      let slices = max(1, min(16, count / 1024))
      DispatchQueue.concurrentPerform(iterations: slices) { slice in
        var index = slice * count / slices
        let end = (slice + 1) * count / slices
        while index < end {
          shared.pointer[index] = body(index)
          index += 1
        }
      }
    }
    return results
  }

  /// Lets the workers write disjoint ranges of one buffer.
  private struct SharedBuffer<Element>: @unchecked Sendable {
    // @unchecked: each worker writes only its own range, inside withUnsafeMutableBufferPointer.
    let pointer: UnsafeMutableBufferPointer<Element>
  }
}
