import CTarjumanCPU
import TarjumanICU
import TarjumanText

/// The romanizer's loop over a normalized line, in two halves:
/// 1. a scan that finds the Arabic-script words (as ``RomanizerScalars/wordEnd(_:from:)``
///    cuts them) and, from the first word on, counts the letters ``LanguageDetector``
///    counts, with one table load per code point;
/// 2. once the language is known, the words' romanizations from the caches (the thread's
///    hot words, the stream's shared table, the thread's own cache) or the rules, and everything between the
///    words copied, with Arabic digits and punctuation in ASCII.
///
/// The caches are read through ``RomanizerWordCache/Reader``s, which hold no references,
/// so that the loop does no reference counting on objects the threads share.
extension Romanizer {
  /// The second half of ``romanizeLine(_:into:workspace:)``, on a normalized line. The
  /// line is written to the workspace's byte buffer, then appended to `output` at once.
  func romanizeNormalized(
    _ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8],
    workspace: RomanizerWorkspace
  ) {
    let tokens = workspace.tokens
    let letters = Self.scan(bytes, tokens: tokens, classes: lineClasses)
    var written = workspace.written
    defer { workspace.written = written }
    written.count = 0
    written.reserve(bytes.count * 2)
    var plainStart = 0
    if tokens.count > 0 {
      let language = self.language(of: letters, bytes: bytes, workspace: workspace)
      let languageTag: UInt8 = language == .fa ? 0 : 1
      let cache = workspace.cache
      // The thread's own cache, which holds every word outside a stream, and in a stream
      // only those the shared table had no room for.
      var own = cache.reader
      var ownIsEmpty = cache.count == 0
      let shared = workspace.sharedWords
      let sharedReader = workspace.sharedReader
      let hot = workspace.hotWords.slots
      let hotMask = workspace.hotWords.mask
      let hotEnabled = workspace.hotWords.isEnabled
      // The words' hashes, and a prefetch of each word's hot set, then, where that holds
      // another word, of its first slot in the shared table: the cache misses of a line's
      // words overlap instead of coming one after the other, and (being prefetches, not
      // loads) without holding up the instructions in between. The big table is the
      // shared one, or the only thread's own cache, which then holds every word.
      let big = sharedReader ?? own
      for position in 0..<tokens.count {
        let word = UnsafeBufferPointer(rebasing: bytes[tokens.range(position)])
        let hash = RomanizerWordCache.hash(word, tag: languageTag)
        tokens.hashes[position] = hash
        tj_prefetch(RomanizerHotWords.slot(hot, hotMask, hash))
      }
      for position in 0..<tokens.count {
        let hash = tokens.hashes[position]
        if !RomanizerHotWords.mayHold(hot, hotMask, hash) { tj_prefetch(big.firstSlot(hash)) }
      }
      for position in 0..<tokens.count {
        let range = tokens.range(position)
        // Most words are one space apart.
        if range.lowerBound &- plainStart == 1 && bytes[plainStart] == 0x20 {
          written.append(0x20)
        } else {
          Self.copyPlain(bytes, from: plainStart, to: range.lowerBound, into: &written)
        }
        plainStart = range.upperBound
        let word = UnsafeBufferPointer(rebasing: bytes[range])
        var tag = languageTag
        var hash = tokens.hashes[position]
        // A construct state needs ة (D8 A9) or ۃ (DB 83) last, or before harakat (D9 8B–D9
        // 9F).
        let last = bytes[range.upperBound - 1]
        if (last == 0xA9 || last == 0x83
          || (last >= 0x8B && last <= 0x9F && bytes[range.upperBound - 2] == 0xD9))
          && RomanizerScalars.isConstruct(bytes, word: range)
        {
          tag |= 2
          hash = RomanizerWordCache.hash(word, tag: tag)
        }
        if let known = RomanizerHotWords.value(hot, hotMask, of: word, tag: tag, hash: hash) {
          written.append(contentsOf: known)
          continue
        }
        if let sharedReader, let known = sharedReader.value(of: word, tag: tag, hash: hash) {
          written.append(contentsOf: known)
          if hotEnabled {
            RomanizerHotWords.insert(hot, hotMask, word, tag: tag, hash: hash, value: known)
          }
          continue
        }
        if !ownIsEmpty, let cached = own.value(of: word, tag: tag, hash: hash) {
          written.append(contentsOf: cached)
          if hotEnabled {
            RomanizerHotWords.insert(hot, hotMask, word, tag: tag, hash: hash, value: cached)
          }
          continue
        }
        var value = workspace.value
        value.count = 0
        romanizeUncached(
          word, language: language, construct: tag & 2 != 0, workspace: workspace,
          into: &value)
        workspace.value = value
        let buffer = value.elements
        written.append(contentsOf: buffer)
        if hotEnabled {
          RomanizerHotWords.insert(hot, hotMask, word, tag: tag, hash: hash, value: buffer)
        }
        if shared?.publish(word, tag: tag, hash: hash, value: buffer) != true {
          cache.insert(word, tag: tag, hash: hash, value: buffer)
          own = cache.reader
          ownIsEmpty = false
        }
      }
    }
    Self.copyPlain(bytes, from: plainStart, to: bytes.count, into: &written)
    output.append(contentsOf: written.elements)
  }

  /// The language of a line's words, from the letters the scan counted: what
  /// ``decideLanguage(_:from:workspace:)`` decides, without reading the line again.
  func language(
    of letters: LineLetters, bytes: UnsafeBufferPointer<UInt8>, workspace: RomanizerWorkspace
  ) -> TextLanguage {
    switch language {
    case .fixed(.fa): return .fa
    case .fixed(.ar): return .ar
    case .fixed(.en), .auto: break
    }
    // A code point the table does not cover: the detector itself.
    if letters.beyondTable {
      return decideLanguage(bytes, from: letters.firstWord, workspace: workspace)
    }
    // LanguageDetector on the line from the first word on.
    let latin = letters.gapLatin + letters.wordLatin
    let arabic = letters.gapArabic + letters.wordArabic
    if latin == 0 && arabic == 0 { return undecidedLanguage }
    if latin <= arabic {
      let persianWeight = letters.gapPersianWeight + letters.wordPersianWeight
      let arabicWeight = letters.gapArabicWeight + letters.wordArabicWeight
      if persianWeight > arabicWeight { return .fa }
      if arabicWeight > persianWeight { return .ar }
      return undecidedLanguage
    }
    // More Latin letters: the detector on the words' letters alone.
    if letters.wordLatin == 0 && letters.wordArabic == 0 { return undecidedLanguage }
    if letters.wordLatin > letters.wordArabic { return undecidedLanguage }
    if letters.wordPersianWeight > letters.wordArabicWeight { return .fa }
    if letters.wordArabicWeight > letters.wordPersianWeight { return .ar }
    return undecidedLanguage
  }

  /// Copies the bytes between two words (or before the first and after the last), with
  /// Persian and Arabic-Indic digits and Arabic punctuation in ASCII. Those are all two
  /// bytes long, with the lead byte D8, D9 or DB, which no other byte of UTF-8 equals.
  @inline(__always)
  static func copyPlain(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
    into written: inout RawBuffer<UInt8>
  ) {
    var index = start
    var copied = start
    while index < end {
      let byte = bytes[index]
      if byte == 0xD8 || byte == 0xD9 || byte == 0xDB {
        let value = UInt32(byte & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
        if let ascii = RomanizerScalars.asciiReplacement(value) {
          written.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
          written.append(ascii)
          copied = index + 2
        }
        index += 2
        continue
      }
      index += 1
    }
    written.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<end]))
  }

  /// The first half of the loop: records the words of a line in `tokens` and counts,
  /// from the first word on, the letters ``LanguageDetector`` counts (within the words
  /// and between them apart).
  static func scan(
    _ bytes: UnsafeBufferPointer<UInt8>, tokens: RomanizerTokens,
    classes: UnsafePointer<UInt64>
  ) -> LineLetters {
    var letters = LineLetters()
    let count = bytes.count
    // At most a word per two bytes: no check of the room in the loop.
    let bounds = tokens.reserve(count / 2 + 1)
    var index = 0
    // Before the first word nothing counts.
    while index < count {
      let lead = bytes[index]
      if lead < 0x80 {
        index &+= 1
        continue
      }
      let (value, length) = decode(bytes, at: index, lead: lead)
      if value < RomanizerLineTables.limit && classes[Int(value)] & RomanizerLineTables.word != 0 {
        break
      }
      index &+= length
    }
    guard index < count else { return letters }
    letters.firstWord = index
    // The entries of U+0600–U+06FF.
    let arabic = classes + 0x0600
    var tokenCount = 0
    // The counts, packed as the table's entries are (see RomanizerLineTables), added up
    // between flushes: a field holds 16,383, and each code point adds at most 4. ASCII
    // letters are counted apart. (Few variables live across the loop, so that they stay
    // in registers; the totals are only touched by the flushes.)
    var gap: UInt64 = 0
    var word: UInt64 = 0
    var asciiLetters = 0
    var flushed = index
    while index < count {
      let lead = bytes[index]
      if lead < 0x80 {
        if (lead | 0x20) &- 0x61 < 26 { asciiLetters &+= 1 }
        index &+= 1
        continue
      }
      let (value, length) = decode(bytes, at: index, lead: lead)
      guard value < RomanizerLineTables.limit else {
        letters.beyondTable = true
        index &+= length
        continue
      }
      let entry = classes[Int(value)]
      if entry & RomanizerLineTables.word == 0 {
        gap &+= entry & RomanizerLineTables.counts
        index &+= length
        if index &- flushed > 4000 {
          flush(&letters, word: &word, gap: &gap)
          flushed = index
        }
        continue
      }
      // A word: its letters and marks, and a ZWNJ or ZWJ between two of them (as
      // RomanizerScalars.wordEnd cuts it).
      let start = index
      word &+= entry & RomanizerLineTables.counts
      index &+= length
      while index < count {
        // The letters and marks of U+0600–U+06FF (D8–DB and a continuation byte), most of
        // a word, through a table of their own; no flush in between: a field holds the
        // counts of 4,000 of them.
        let fastEnd = min(count &- 1, flushed &+ 8000)
        while index < fastEnd {
          let lead = bytes[index]
          guard lead &- 0xD8 < 4 else { break }
          let entry = arabic[Int(lead & 3) &<< 6 | Int(bytes[index &+ 1] & 0x3F)]
          guard entry & RomanizerLineTables.word != 0 else { break }
          word &+= entry & RomanizerLineTables.counts
          index &+= 2
        }
        if index &- flushed > 4000 {
          flush(&letters, word: &word, gap: &gap)
          flushed = index
        }
        guard index < count else { break }
        let next = bytes[index]
        if next < 0x80 { break }
        let (value, length) = decode(bytes, at: index, lead: next)
        guard value < RomanizerLineTables.limit else { break }
        let entry = classes[Int(value)]
        if entry & RomanizerLineTables.word != 0 {
          word &+= entry & RomanizerLineTables.counts
          index &+= length
          continue
        }
        if entry & RomanizerLineTables.joiner != 0 && index &+ length < count {
          let after = bytes[index &+ length]
          if after >= 0x80 {
            let (following, _) = decode(bytes, at: index &+ length, lead: after)
            if following < RomanizerLineTables.limit
              && classes[Int(following)] & RomanizerLineTables.word != 0
            {
              // The joiner is no letter: it counts for nothing.
              index &+= length
              continue
            }
          }
        }
        break
      }
      bounds[2 &* tokenCount] = Int32(truncatingIfNeeded: start)
      bounds[2 &* tokenCount &+ 1] = Int32(truncatingIfNeeded: index)
      tokenCount &+= 1
    }
    flush(&letters, word: &word, gap: &gap)
    letters.gapLatin &+= asciiLetters
    tokens.count = tokenCount
    return letters
  }

  /// Adds the packed counts to the totals, and zeroes them.
  @inline(never)
  private static func flush(_ letters: inout LineLetters, word: inout UInt64, gap: inout UInt64) {
    letters.addWord(word)
    letters.addGap(gap)
    word = 0
    gap = 0
  }

  /// Decodes the code point at `index` of valid UTF-8 whose lead byte (not ASCII) is
  /// `lead`.
  @inline(__always)
  static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, lead: UInt8)
    -> (UInt32, Int)
  {
    if lead < 0xE0 {
      return (UInt32(lead & 0x1F) << 6 | UInt32(bytes[index &+ 1] & 0x3F), 2)
    }
    if lead < 0xF0 {
      return (
        UInt32(lead & 0x0F) << 12 | UInt32(bytes[index &+ 1] & 0x3F) << 6
          | UInt32(bytes[index &+ 2] & 0x3F), 3
      )
    }
    return RomanizerScalars.decode(bytes, at: index)
  }
}

/// The letters of a line from its first Arabic-script word on, as ``LanguageDetector``
/// counts them: inside the words and between them apart, since the detector reads the
/// words' letters alone when Latin letters outnumber the others.
struct LineLetters {
  var gapLatin = 0
  var gapArabic = 0
  var gapPersianWeight = 0
  var gapArabicWeight = 0
  var wordLatin = 0
  var wordArabic = 0
  var wordPersianWeight = 0
  var wordArabicWeight = 0
  /// A code point beyond the table after the first word: the detector must read the line.
  var beyondTable = false
  /// The offset of the first word.
  var firstWord = 0

  @inline(__always)
  mutating func addGap(_ packed: UInt64) {
    gapLatin &+= RomanizerLineTables.latin(packed)
    gapArabic &+= RomanizerLineTables.arabic(packed)
    gapPersianWeight &+= RomanizerLineTables.persianWeight(packed)
    gapArabicWeight &+= RomanizerLineTables.arabicWeight(packed)
  }

  @inline(__always)
  mutating func addWord(_ packed: UInt64) {
    wordLatin &+= RomanizerLineTables.latin(packed)
    wordArabic &+= RomanizerLineTables.arabic(packed)
    wordPersianWeight &+= RomanizerLineTables.persianWeight(packed)
    wordArabicWeight &+= RomanizerLineTables.arabicWeight(packed)
  }
}

/// What the line loop knows of each code point below ``limit``, from ICU's properties:
/// whether it is a word scalar (``RomanizerScalars/isWordScalar(_:)``) or a joiner, and
/// what ``LanguageDetector`` counts for it (a Latin letter, an Arabic-script letter,
/// Persian and Arabic weights), packed so that adding entries adds up the counts.
///
/// An entry: bits 0–7 flags; then four fields of 14 bits: Latin letters (from bit 8),
/// Arabic-script letters (22), the Persian weight (36), the Arabic weight (50).
enum RomanizerLineTables {
  static let limit: UInt32 = 0x3000
  static let word: UInt64 = 1
  /// ZWNJ and ZWJ, part of a word between two word scalars.
  static let joiner: UInt64 = 2
  /// The counts of an entry, without its flags.
  static let counts: UInt64 = ~0xFF

  @inline(__always) static func latin(_ packed: UInt64) -> Int { Int(packed >> 8 & 0x3FFF) }
  @inline(__always) static func arabic(_ packed: UInt64) -> Int { Int(packed >> 22 & 0x3FFF) }
  @inline(__always) static func persianWeight(_ packed: UInt64) -> Int {
    Int(packed >> 36 & 0x3FFF)
  }
  @inline(__always) static func arabicWeight(_ packed: UInt64) -> Int {
    Int(packed >> 50 & 0x3FFF)
  }

  /// The table, built on first use.
  nonisolated(unsafe) static let classes: UnsafePointer<UInt64> = {
    let table = UnsafeMutablePointer<UInt64>.allocate(capacity: Int(limit))
    for value in 0..<limit { table[Int(value)] = entry(value) }
    return UnsafePointer(table)
  }()

  static func entry(_ value: UInt32) -> UInt64 {
    guard let scalar = Unicode.Scalar(value) else { return 0 }
    var entry: UInt64 = 0
    if RomanizerScalars.isWordScalar(value) { entry |= word }
    if value == 0x200C || value == 0x200D { entry |= joiner }
    // As LanguageDetector's table counts letters: General_Category L (ICU's 1–5) in the
    // Latin or the Arabic script; ASCII letters as Latin.
    let category = UnicodeProperties.generalCategory(of: scalar)
    if (1...5).contains(category) {
      switch UnicodeProperties.scriptCode(of: scalar) {
      case UnicodeProperties.latinScriptCode: entry |= 1 << 8
      case UnicodeProperties.arabicScriptCode: entry |= 1 << 22
      default: break
      }
    }
    entry |= UInt64(LanguageDetector.persianWeight(of: value)) << 36
    entry |= UInt64(LanguageDetector.arabicWeight(of: value)) << 50
    return entry
  }

  /// Per code point of U+0600–U+06FF: its Persian weight less its Arabic weight.
  nonisolated(unsafe) static let weightBalance: UnsafePointer<Int8> = {
    let table = UnsafeMutablePointer<Int8>.allocate(capacity: 256)
    for offset in 0..<256 {
      let value = UInt32(0x0600 + offset)
      table[offset] = Int8(
        LanguageDetector.persianWeight(of: value) - LanguageDetector.arabicWeight(of: value))
    }
    return UnsafePointer(table)
  }()
}

/// The words of a line (start and end offsets) and their hashes, in memory a workspace
/// owns and reuses.
final class RomanizerTokens {
  private(set) var bounds: UnsafeMutablePointer<Int32>
  private(set) var hashes: UnsafeMutablePointer<UInt32>
  private var capacity = 256
  var count = 0

  init() {
    bounds = .allocate(capacity: 2 * capacity)
    hashes = .allocate(capacity: capacity)
  }

  deinit {
    bounds.deallocate()
    hashes.deallocate()
  }

  /// Makes room for `words` words, forgetting those there are; returns where their
  /// bounds go (start and end of each).
  @inline(__always)
  func reserve(_ words: Int) -> UnsafeMutablePointer<Int32> {
    count = 0
    if words > capacity {
      while capacity < words { capacity *= 2 }
      bounds.deallocate()
      bounds = .allocate(capacity: 2 * capacity)
      hashes.deallocate()
      hashes = .allocate(capacity: capacity)
    }
    return bounds
  }

  @inline(__always)
  func range(_ position: Int) -> Range<Int> {
    Range(
      uncheckedBounds: (Int(bounds[position &<< 1]), Int(bounds[position &<< 1 &+ 1])))
  }
}
