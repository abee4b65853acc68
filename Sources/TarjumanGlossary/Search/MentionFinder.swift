import CTarjumanCPU
import Foundation
import TarjumanText

/// One mention of a glossary entry in a line of text.
public struct Mention: Sendable, Hashable {
  /// How the text met the term.
  public enum Match: String, Sendable {
    /// Written exactly as the term.
    case exact
    /// The same after normalization (yeh and kaf forms, diacritics, ZWNJ, case, spacing).
    case normalized
    /// With letters attached in front (`و ب ل`, `وال`) or a suffix (`‌ها`, `’s`).
    case affixed
    /// A spelling the glossary does not list, of a Latin name (`Joulani`).
    case variant
  }

  /// The concept's position in the glossary.
  public var conceptIndex: Int
  /// The term's position in the concept.
  public var termIndex: Int
  /// The words as written, as a byte range of the line (with a Latin article before).
  public var byteRange: Range<Int>
  /// The name inside `byteRange`: without letters attached in front or a suffix.
  public var nameRange: Range<Int>
  /// The column of the first character (1-based, counting Unicode scalars).
  public var column: Int
  /// The words as written.
  public var text: String
  /// How the text met the term.
  public var match: Match
  /// Why the mention is suspicious (letters of two scripts), if it is.
  public var flag: String?
}

/// Finds every mention of glossary entries in text, in any spelling or script.
///
/// The glossary's terms are compiled into patterns over canonical word forms (see
/// ``WordInfo``); a line is split into words, each word looked up in a per-thread cache
/// of word readings (text repeats, so almost every word is a cache hit), and only words
/// that can begin a pattern start a walk over the following words. The cost is one hash
/// and one probe per word whatever the size of the glossary.
///
/// What matches:
/// - spellings equal under the `key` profile (yeh, kaf, alef forms, harakat, tatweel, ZWNJ,
///   case, apostrophes) and spacing (`ابو محمد` = `ابومحمد`, `al-Jolani` = `al Jolani`);
/// - Arabic-script words with `و ف ب ل ک` and the article attached (`والجولاني`,
///   `بالجولانی`, `للجولاني`), and an Arabic article present or not (`الجولانی` = `جولانی`);
/// - a suffix after ZWNJ (`جولانی‌ها`) and an English possessive (`HTS’s`);
/// - capitalized Latin spellings the glossary does not list, when they read the same
///   (``NameToken/looseForm``: `Joulani`, `Djolani`), for names of at least three
///   consonants;
/// - Cyrillic or Greek look-alike letters inside a Latin word (ICU's confusable
///   skeleton), flagged; Arabic letters in a Persian line and the reverse, flagged.
///
/// Matches never start or end inside a word, and never cross a hard separator (`. , ; :`).
public final class MentionFinder: Sendable {
  /// The glossary searched.
  public let glossary: Glossary
  private let patterns: MentionPatterns
  private let analyzer: WordAnalyzer
  /// The words every thread has read.
  private let sharedWords = SharedWords()

  /// Compiles the patterns of a glossary's concepts.
  ///
  /// - Parameters:
  ///   - concepts: positions of the concepts to look for; nil for all.
  ///   - cacheFolder: where to keep the compiled patterns of all concepts, so that the next
  ///     process reads them instead of compiling them again (``MentionPatternsCache``;
  ///     `find` and `canonicalize` pass ``GlossaryIndex/defaultCacheFolder``); nil to
  ///     compile every time.
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public init(glossary: Glossary, concepts: Set<Int>? = nil, cacheFolder: URL? = nil) throws {
    self.glossary = glossary
    let file =
      concepts == nil
      ? cacheFolder.flatMap { MentionPatternsCache.file(for: glossary, in: $0) } : nil
    // The analyzer waits for the key normalizer, which a saved file does not need.
    let saved = file.flatMap { MentionPatternsCache.read($0, glossary: glossary) }
    let analyzer = try WordAnalyzer()
    self.analyzer = analyzer
    if let saved {
      patterns = saved
      return
    }
    var position = -1
    patterns = MentionPatterns(glossary: glossary, analyzer: analyzer) { _ in
      position += 1
      return concepts?.contains(position) ?? true
    }
    if let file { MentionPatternsCache.write(patterns, to: file) }
  }

  /// Per-thread scratch state, a table of the words met most often, and the thread's own
  /// words (when the shared table is full).
  public final class Workspace {
    fileprivate let shared: SharedWords
    /// The front table of words met often (shared words and the thread's own), and the
    /// thread's own words, with their position in `store` (complemented: below zero) as
    /// their data and whether they can begin a match as their flag.
    fileprivate let cache: TokenCache
    /// The readings of the thread's own words, and of a new word before it is published.
    fileprivate var store = WordStore()
    /// The ranges of the shared regions this thread has reserved: next free position and end.
    fileprivate var infoNext = 0
    fileprivate var infoEnd = 0
    fileprivate var formNext = 0
    fileprivate var formEnd = 0
    fileprivate var byteNext = 0
    fileprivate var byteEnd = 0
    /// How much to reserve at a time.
    fileprivate let reservation: Int
    /// The words of the current line, and their hashes.
    fileprivate var words = RawBuffer<LineWord>(capacity: 256)
    fileprivate var hashes = RawBuffer<UInt64>(capacity: 256)
    /// The line's words with their harakat taken out, for those that have any.
    fileprivate var bare = RawBuffer<UInt8>(capacity: 4096)
    /// A walk's joined forms and the places where the text broke them.
    fileprivate var joined = RawBuffer<UInt8>(capacity: 256)
    fileprivate var breaks = RawBuffer<TextBreak>(capacity: 16)
    /// The patterns of the best match so far, and of a candidate.
    fileprivate var bestPatterns = RawBuffer<Int32>(capacity: 16)
    fileprivate var candidatePatterns = RawBuffer<Int32>(capacity: 16)
    fileprivate let scratch = WordAnalyzer.Scratch()

    /// - Parameter large: sized for a long text, or for a few lines.
    fileprivate init(shared: SharedWords, large: Bool) {
      self.shared = shared
      cache =
        large
        ? TokenCache(capacity: 1 << 12, limit: 1 << 20, frontSlots: 1 << 15)
        : TokenCache(capacity: 1 << 8, limit: 1 << 20, frontSlots: 1 << 8)
      reservation = large ? 1 << 10 : 1 << 4
    }

    deinit {
      store.deallocate()
      words.free()
      hashes.free()
      bare.free()
      joined.free()
      breaks.free()
      bestPatterns.free()
      candidatePatterns.free()
    }

    /// What the walks read of words: readings, start forms and bytes, shared (positions
    /// from zero) or the thread's own (complemented positions).
    fileprivate var view: WordView {
      WordView(
        sharedInfos: shared.infos, sharedForms: shared.forms, sharedBytes: shared.bytes,
        store: store)
    }
  }

  /// Readings by entry: a shared word's (an entry from zero) or the thread's own (below).
  fileprivate struct WordView {
    let sharedInfos: UnsafeMutablePointer<WordInfo>
    let sharedForms: UnsafeMutablePointer<StartForm>
    let sharedBytes: UnsafeMutablePointer<UInt8>
    let store: WordStore

    @inline(__always)
    func info(_ entry: Int32) -> WordInfo {
      entry >= 0 ? sharedInfos[Int(entry)] : store.infos[Int(~entry)]
    }

    @inline(__always)
    func form(_ index: Int, of entry: Int32) -> StartForm {
      entry >= 0 ? sharedForms[index] : store.forms[index]
    }

    @inline(__always)
    func bytes(_ span: ByteSpan, of entry: Int32) -> UnsafeBufferPointer<UInt8> {
      entry >= 0
        ? UnsafeBufferPointer(start: sharedBytes + Int(span.start), count: Int(span.count))
        : store.bytes(span)
    }
  }

  /// The entry of a word of the line not looked up yet.
  fileprivate static let pending = Int32.min

  /// A word of the current line.
  fileprivate struct LineWord: BitwiseCopyable {
    var start: Int
    var end: Int
    /// The bytes the word is looked up and read by: its own, or a copy without harakat.
    var lookup: UnsafePointer<UInt8>
    var lookupCount: Int
    /// The word's position in the workspace's store.
    var entry: Int32
    /// Only soft separators lie between the previous word and this one.
    var joinsPrevious: Bool
    var canStart: Bool
  }

  /// The mentions in one line of text.
  public func mentions(in line: String) -> [Mention] {
    var line = line
    var found: [Mention] = []
    let workspace = Workspace(shared: sharedWords, large: false)
    // A Swift string is always valid UTF-8: the scan cannot refuse it.
    line.withUTF8 { bytes in _ = scan(bytes, workspace: workspace, into: &found) }
    return found
  }

  /// Appends the mentions in one line (without its terminator) to `found`.
  ///
  /// - Returns: false, appending nothing, when the line is not valid UTF-8.
  @discardableResult
  public func scan(
    _ line: UnsafeBufferPointer<UInt8>, workspace: Workspace, into found: inout [Mention]
  ) -> Bool {
    guard let base = line.baseAddress, line.count > 0 else { return true }
    let cache = workspace.cache
    if cache.isFull {
      cache.removeAll()
      workspace.store.removeAll()
    }
    // The workspace's buffers are taken into locals for the line (and put back after), so
    // that the loops below do not go through the class's storage at every access.
    var words = workspace.words
    words.removeAll()
    // Room for every word without its harakat, taken before the split so that the
    // pointers into it stay put.
    var bare = workspace.bare
    bare.removeAll()
    let bareBase = bare.reserve(line.count)
    workspace.bare = bare
    var bareNext = 0
    // Each word is hashed as it is split, and its pair of the front table fetched, so
    // that the lookups below find their slots in the nearest cache: the front table is
    // as large as the core's second-level cache, and these loads were a third of the
    // scan's time (ar 0.99, mixed 0.99 of the time with the first slot loaded at lookup).
    var hashes = workspace.hashes
    hashes.removeAll()
    let hashBase = hashes.reserve(line.count)
    workspace.hashes = hashes
    var wordCount = 0
    // Words that end before the line's first haraka have none: most Persian and English
    // lines are not copied word by word.
    let firstHaraka = tj_first_haraka(base, line.count)
    let valid = WordSplitter.split(line) { start, end, joinsPrevious in
      var lookup = UnsafePointer(base + start)
      var lookupCount = end &- start
      if end > firstHaraka, base[start] >= 0xC0,
        let kept = Self.withoutHarakat(lookup, count: lookupCount, into: bareBase + bareNext)
      {
        lookup = UnsafePointer(bareBase + bareNext)
        lookupCount = kept
        bareNext &+= kept
      }
      let hash = TokenCache.hash(UnsafeBufferPointer(start: lookup, count: lookupCount))
      hashBase[wordCount] = hash
      wordCount &+= 1
      cache.prefetchFront(hash)
      words.append(
        LineWord(
          start: start, end: end, lookup: lookup, lookupCount: lookupCount,
          entry: Self.pending, joinsPrevious: joinsPrevious, canStart: false))
    }
    workspace.words = words
    guard valid else { return false }
    let count = words.count
    guard count > 0 else { return true }
    // Each word in the front table (the common words) first; for the others, a prefetch
    // of the slot where their probe of the shared table starts, so that these misses of
    // the nearer caches overlap instead of coming one after the other.
    let shared = workspace.shared
    var anyStart = false
    var pending = 0
    for index in 0..<count {
      let word = words[index]
      let bytes = UnsafeBufferPointer(start: word.lookup, count: word.lookupCount)
      let hash = hashBase[index]
      if let known = cache.findInFront(bytes, hash: hash) {
        words[index].entry = known.data
        words[index].canStart = known.flag
        anyStart = anyStart || known.flag
      } else {
        shared.prefetch(hash)
        pending &+= 1
      }
    }
    if pending > 0 {
      for index in 0..<count where words[index].entry == Self.pending {
        let word = words[index]
        let bytes = UnsafeBufferPointer(start: word.lookup, count: word.lookupCount)
        let hash = hashBase[index]
        let entry: Int32
        let canStart: Bool
        if let slot = shared.find(bytes, hash: hash) {
          entry = slot.data
          canStart = slot.meta & SharedWords.flagBit != 0
          cache.keepInFront(slot)
        } else if cache.count > 0, let known = cache.findAndKeep(bytes, hash: hash) {
          entry = known.data
          canStart = known.flag
        } else {
          (entry, canStart) = readNew(bytes, hash: hash, workspace: workspace)
        }
        words[index].entry = entry
        words[index].canStart = canStart
        anyStart = anyStart || canStart
      }
    }
    guard anyStart else { return true }
    var index = 0
    while index < count {
      guard words[index].canStart else {
        index += 1
        continue
      }
      if let match = longestMatch(at: index, line: line, workspace: workspace) {
        record(match, line: line, workspace: workspace, into: &found)
        index = match.end + 1
      } else {
        index += 1
      }
    }
    return true
  }

  /// Copies a word of Arabic script into `output` without its harakat (U+064B to U+0652),
  /// and returns how many bytes are left; nil, copying what it may, when the word has none
  /// or has nothing else of Arabic script.
  ///
  /// A word is read through its `key` form, which drops harakat, and its scripts, which
  /// harakat do not change while an Arabic-script letter remains: the word reads the same
  /// without them. Looked up without them, the vowelled spellings of a word are one entry
  /// of the tables instead of one each, and most vowelled words fit the front table's 16
  /// bytes (a third of the words of vowelled Arabic news are longer with their harakat).
  @inline(__always)
  fileprivate static func withoutHarakat(
    _ word: UnsafePointer<UInt8>, count: Int, into output: UnsafeMutablePointer<UInt8>
  ) -> Int? {
    let kept = tj_copy_without_harakat(word, count, output)
    return kept < count ? kept : nil
  }

  /// Reads a word met for the first time and publishes its reading for every thread (or,
  /// when the shared table is full, keeps it in the thread's own table).
  private func readNew(
    _ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, workspace: Workspace
  ) -> (entry: Int32, canStart: Bool) {
    var store = workspace.store
    defer { workspace.store = store }
    let marks = store.marks
    let local = analyzer.read(bytes, patterns: patterns, into: &store, scratch: workspace.scratch)
    let info = store.infos[Int(local)]
    let canStart = info.canStart
    if let entry = publish(
      bytes, hash: hash, info: info, marks: marks, store: store, workspace: workspace)
    {
      store.truncate(to: marks)
      return (entry, canStart)
    }
    workspace.cache.insert(bytes, hash: hash, flag: canStart, data: ~local)
    return (~local, canStart)
  }

  /// Copies a reading (appended to `store` after `marks`) into the thread's ranges of the
  /// shared regions and publishes it: its shared position, or nil when the shared
  /// regions are full.
  private func publish(
    _ word: UnsafeBufferPointer<UInt8>, hash: UInt64, info: WordInfo, marks: WordStore.Marks,
    store: WordStore, workspace: Workspace
  ) -> Int32? {
    let shared = workspace.shared
    let readingBytes = store.bytes.count - marks.bytes
    let wordBytes = word.count > SharedWords.inlineBytes ? word.count : 0
    let formNumber = Int(info.formCount)
    if workspace.infoNext + 1 > workspace.infoEnd
      || workspace.formNext + formNumber > workspace.formEnd
      || workspace.byteNext + readingBytes + wordBytes > workspace.byteEnd
    {
      let size = workspace.reservation
      let infos = size
      let forms = max(size * 2, formNumber)
      let bytesNeeded = max(size * 32, readingBytes + wordBytes)
      guard let start = shared.reserve(infos: infos, forms: forms, bytes: bytesNeeded) else {
        return nil
      }
      workspace.infoNext = start.info
      workspace.infoEnd = start.info + infos
      workspace.formNext = start.form
      workspace.formEnd = start.form + forms
      workspace.byteNext = start.byte
      workspace.byteEnd = start.byte + bytesNeeded
    }
    let byteStart = workspace.byteNext
    (shared.bytes + byteStart).initialize(
      from: store.bytes.base + marks.bytes, count: readingBytes)
    let delta = Int32(byteStart - marks.bytes)
    @inline(__always) func moved(_ span: ByteSpan) -> ByteSpan {
      span.exists ? ByteSpan(start: span.start + delta, count: span.count) : span
    }
    var published = info
    published.canonical = moved(info.canonical)
    published.withoutSuffix = moved(info.withoutSuffix)
    published.loose = moved(info.loose)
    published.firstForm = Int32(workspace.formNext)
    for index in 0..<formNumber {
      var form = store.forms[Int(info.firstForm) + index]
      form.form = moved(form.form)
      shared.forms[workspace.formNext + index] = form
    }
    var wordOffset = 0
    if wordBytes > 0, let base = word.baseAddress {
      wordOffset = byteStart + readingBytes
      (shared.bytes + wordOffset).initialize(from: base, count: wordBytes)
    }
    let position = Int32(workspace.infoNext)
    shared.infos[workspace.infoNext] = published
    workspace.infoNext += 1
    workspace.formNext += formNumber
    workspace.byteNext += readingBytes + wordBytes
    guard
      let entry = shared.publish(
        word, hash: hash, flag: info.canStart, data: position, wordOffset: wordOffset)
    else {
      // The table is full: the reading is valid, kept in the thread's own table.
      workspace.cache.insert(word, hash: hash, flag: info.canStart, data: position)
      return position
    }
    return entry
  }

  // MARK: - Matching

  fileprivate struct Candidate {
    var start: Int
    var end: Int
    var prefixLetters: Int
    var suffix: Bool
    var loose: Bool
  }

  /// The longest pattern starting at word `start`; between equal lengths, the reading
  /// with fewer letters taken off wins, and an exact form wins over a loose one. The
  /// patterns it stands for are left in the workspace's `bestPatterns`.
  ///
  /// Words are joined without spaces, so that spacing does not matter; but a text may
  /// break a name only where the term breaks (between its words, at a ZWNJ) or after a
  /// particle (`ابو محمد` for `ابومحمد`), so that two common words never join into a
  /// name (`از هر` is not `الازهر`).
  private func longestMatch(
    at start: Int, line: UnsafeBufferPointer<UInt8>, workspace: Workspace
  ) -> Candidate? {
    let words = workspace.words
    let count = words.count
    let view = workspace.view
    var joined = workspace.joined
    var breaks = workspace.breaks
    var bestPatterns = workspace.bestPatterns
    var candidatePatterns = workspace.candidatePatterns
    defer {
      workspace.joined = joined
      workspace.breaks = breaks
      workspace.bestPatterns = bestPatterns
      workspace.candidatePatterns = candidatePatterns
    }
    let firstEntry = words[start].entry
    let first = view.info(firstEntry)
    var best: Candidate?
    /// Makes a candidate of the patterns of `owner` in `set` the best one, when it is
    /// longer than the best so far (or as long with fewer letters taken off) and the
    /// text's breaks allow one of them at least.
    func consider(
      _ owner: Int32, in set: PatternSet, end: Int, prefixLetters: Int, suffix: Bool, loose: Bool
    ) {
      guard owner >= 0 else { return }
      if let current = best,
        !(end > current.end || (end == current.end && prefixLetters < current.prefixLetters))
      {
        return
      }
      let found = set.patterns(of: owner)
      candidatePatterns.removeAll()
      for pattern in found where loose || breaks.count == 0 || allows(pattern, breaks) {
        candidatePatterns.append(pattern)
      }
      guard candidatePatterns.count > 0 else { return }
      swap(&bestPatterns, &candidatePatterns)
      best = Candidate(
        start: start, end: end, prefixLetters: prefixLetters, suffix: suffix, loose: loose)
    }
    let maximumWords = 12
    let exact = patterns.exact(for: CaseShape(rawValue: Int(first.caseShape)) ?? .lower)
    for formIndex in 0..<Int(first.formCount) {
      let reading = view.form(Int(first.firstForm) + formIndex, of: firstEntry)
      joined.removeAll()
      joined.append(contentsOf: view.bytes(reading.form, of: firstEntry))
      breaks.removeAll()
      let prefixLetters = Int(reading.prefixLetters)
      consider(
        reading.completed, in: exact, end: start, prefixLetters: prefixLetters,
        suffix: reading.suffix, loose: false)
      // A word read without its suffix ends the name.
      if reading.suffix { continue }
      var previousIsParticle = first.isParticle
      var position = start
      // Whether the walk may go on from what it has joined: known for the word's reading;
      // after each word, from the lookup of the joined form (or, after a particle, a
      // prefix search), made only when the walk gets that far.
      var goesOn = reading.continues
      var breakPrefix = false
      var known = true
      while position + 1 < count, words[position + 1].joinsPrevious,
        position - start < maximumWords
      {
        if !known {
          goesOn = previousIsParticle ? exact.isProperPrefix(joined.elements) : breakPrefix
          known = true
        }
        guard goesOn else { break }
        position += 1
        let nextEntry = words[position].entry
        let next = view.info(nextEntry)
        if next.isArticle { continue }
        breaks.append(TextBreak(offset: joined.count, afterParticle: previousIsParticle))
        previousIsParticle = next.isParticle
        let joinedCount = joined.count
        if next.withoutSuffix.exists {
          joined.append(contentsOf: view.bytes(next.withoutSuffix, of: nextEntry))
          consider(
            exact.owner(of: joined.elements), in: exact, end: position,
            prefixLetters: prefixLetters,
            suffix: true, loose: false)
          joined.truncate(to: joinedCount)
        }
        joined.append(contentsOf: view.bytes(next.canonical, of: nextEntry))
        let found = exact.lookup(joined.elements)
        consider(
          found.owner, in: exact, end: position, prefixLetters: prefixLetters, suffix: false,
          loose: false)
        breakPrefix = found.breakPrefix
        known = false
      }
    }
    if best != nil { return best }
    guard first.looseStarts, first.loose.exists else { return nil }
    joined.removeAll()
    joined.append(contentsOf: view.bytes(first.loose, of: firstEntry))
    breaks.removeAll()
    let loose = patterns.loose
    consider(
      loose.owner(of: joined.elements), in: loose, end: start, prefixLetters: 0, suffix: false,
      loose: true)
    var position = start
    var previousIsParticle = first.isParticle
    while position + 1 < count, words[position + 1].joinsPrevious,
      position - start < maximumWords,
      loose.continues(joined.elements, afterParticle: previousIsParticle)
    {
      position += 1
      let nextEntry = words[position].entry
      let next = view.info(nextEntry)
      if next.isArticle { continue }
      guard next.loose.exists else { break }
      previousIsParticle = next.isParticle
      joined.append(contentsOf: view.bytes(next.loose, of: nextEntry))
      consider(
        loose.owner(of: joined.elements), in: loose, end: position, prefixLetters: 0, suffix: false,
        loose: true)
    }
    return best
  }

  /// A place where the text breaks a name between two words.
  fileprivate struct TextBreak: BitwiseCopyable {
    var offset: Int
    var afterParticle: Bool
  }

  /// Whether a pattern may be written with the text's breaks.
  private func allows(_ patternID: Int32, _ breaks: RawBuffer<TextBreak>) -> Bool {
    let pattern = patterns.patterns[Int(patternID)]
    for index in 0..<breaks.count {
      let textBreak = breaks[index]
      if !textBreak.afterParticle && !pattern.breaks.contains(Int32(textBreak.offset)) {
        return false
      }
    }
    return true
  }

  private func record(
    _ candidate: Candidate, line: UnsafeBufferPointer<UInt8>, workspace: Workspace,
    into found: inout [Mention]
  ) {
    let words = workspace.words
    let view = workspace.view
    func info(_ position: Int) -> WordInfo { view.info(words[position].entry) }
    let startWord = words[candidate.start]
    var spanStart = startWord.start
    // A Latin article before the name belongs to it: al-Jolani, el Assad.
    if candidate.start > 0, startWord.joinsPrevious, info(candidate.start - 1).isArticle {
      spanStart = words[candidate.start - 1].start
    }
    let endWord = words[candidate.end]
    let spanEnd = endWord.end
    let nameStart = Self.offset(
      afterLetters: candidate.prefixLetters, in: line, from: startWord.start)
    var nameEnd = spanEnd
    if candidate.suffix {
      nameEnd = Self.suffixStart(in: line, word: endWord.start..<endWord.end) ?? spanEnd
    }
    let nameLower = candidate.prefixLetters > 0 ? nameStart : spanStart
    let name = String(decoding: line[nameLower..<nameEnd], as: UTF8.self)
    let text = String(decoding: line[spanStart..<spanEnd], as: UTF8.self)
    let column = line[..<spanStart].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    var flag: String?
    var arabicOnly = false
    var persianOnly = false
    for position in candidate.start...candidate.end {
      let analysis = info(position)
      flag = flag ?? WordAnalyzer.flagText(analysis.flag)
      arabicOnly = arabicOnly || analysis.hasArabicOnlyLetters
      persianOnly = persianOnly || analysis.hasPersianOnlyLetters
    }
    if flag == nil && arabicOnly != persianOnly {
      let language = LanguageDetector.detect(utf8: line)
      if arabicOnly && language == .fa {
        flag = "Arabic letters (ي ك) in Persian text"
      } else if persianOnly && language == .ar {
        flag = "Persian letters (ی ک) in Arabic text"
      }
    }
    var concepts = Set<Int32>()
    // Of the terms one form stands for (`Bashar Assad`, `Bashar al-Assad`), the one written
    // exactly explains the mention best.
    let ordered = Array(workspace.bestPatterns.elements).sorted { first, second in
      let firstExact = term(of: first).text == name
      let secondExact = term(of: second).text == name
      return firstExact && !secondExact
    }
    for patternID in ordered {
      let pattern = patterns.patterns[Int(patternID)]
      guard concepts.insert(pattern.concept).inserted else { continue }
      let term = term(of: patternID)
      let match: Mention.Match =
        candidate.loose
        ? .variant
        : candidate.prefixLetters > 0 || candidate.suffix
          ? .affixed : name == term.text ? .exact : .normalized
      found.append(
        Mention(
          conceptIndex: Int(pattern.concept), termIndex: Int(pattern.term),
          byteRange: spanStart..<spanEnd, nameRange: nameLower..<nameEnd, column: column,
          text: text, match: match, flag: flag))
    }
  }

  private func term(of patternID: Int32) -> Term {
    let pattern = patterns.patterns[Int(patternID)]
    return glossary.concepts[Int(pattern.concept)].terms[Int(pattern.term)]
  }

  /// The byte offset after `letters` letters from `start` (marks, tatweel and invisible
  /// characters between them are skipped, as the key profile removes them).
  private static func offset(
    afterLetters letters: Int, in line: UnsafeBufferPointer<UInt8>, from start: Int
  ) -> Int {
    var index = start
    var remaining = letters
    while remaining > 0, index < line.count {
      let (value, length) = UTF8Decoding.decode(line, at: index)
      index += max(length, 1)
      let isMarkOrFormat =
        (0x064B...0x065F).contains(value) || value == 0x0670 || value == 0x0640
        || (0x200B...0x200F).contains(value)
      if !isMarkOrFormat { remaining -= 1 }
    }
    // Marks that belong to the last letter taken off stay with it.
    while index < line.count {
      let (value, length) = UTF8Decoding.decode(line, at: index)
      guard (0x064B...0x065F).contains(value) || value == 0x0670 || value == 0x0640 else { break }
      index += max(length, 1)
    }
    return index
  }

  /// Where a suffix starts in a word: at its last ZWNJ, or at an English possessive.
  private static func suffixStart(in line: UnsafeBufferPointer<UInt8>, word: Range<Int>) -> Int? {
    var index = word.upperBound - 3
    while index >= word.lowerBound {
      if line[index] == 0xE2 && line[index + 1] == 0x80
        && (line[index + 2] == 0x8C || line[index + 2] == 0x99)
      {
        return index
      }
      index -= 1
    }
    if word.count > 2 && line[word.upperBound - 2] == 0x27 { return word.upperBound - 2 }
    return nil
  }
}

extension MentionFinder: LineVisitor {
  public func makeWorkspace() -> Workspace {
    sharedWords.preferHugePages()
    return Workspace(shared: sharedWords, large: true)
  }

  public func visit(
    _ line: UnsafeBufferPointer<UInt8>, index: Int, into output: inout [UInt8],
    findings: inout [LineFinding<Mention>], workspace: Workspace
  ) -> Bool {
    var found: [Mention] = []
    guard scan(line, workspace: workspace, into: &found) else { return false }
    for mention in found { findings.append(LineFinding(index: index, mention)) }
    return true
  }
}
