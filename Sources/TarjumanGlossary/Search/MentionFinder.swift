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
/// ``WordAnalysis``); a line is split into words, each word looked up in a per-thread
/// cache of analyses (text repeats, so almost every word is a cache hit), and only words
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

  /// Compiles the patterns of a glossary's concepts.
  ///
  /// - Parameter concepts: positions of the concepts to look for; nil for all.
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public init(glossary: Glossary, concepts: Set<Int>? = nil) throws {
    self.glossary = glossary
    let analyzer = try WordAnalyzer()
    self.analyzer = analyzer
    var position = -1
    patterns = MentionPatterns(glossary: glossary, analyzer: analyzer) { _ in
      position += 1
      return concepts?.contains(position) ?? true
    }
  }

  /// Per-thread scratch state and the cache of word analyses.
  public final class Workspace {
    /// The words all threads have met, shared read-only while workers run.
    fileprivate let shared: SharedWords
    fileprivate let cache = TokenCache()
    fileprivate var analyses: [WordAnalysis] = []
    /// Analyses by key, for Arabic-script words that differ only in harakat, tatweel or
    /// letter forms: one analysis serves them all (its position is each key's data).
    fileprivate let byKey = TokenCache(capacity: 1 << 12)
    /// For the words of the current line: whether each can begin a match.
    fileprivate var starts: [Bool] = []
    fileprivate var words: [WordSplitter.Word] = []
    fileprivate var entries: [Int32] = []
    fileprivate let scratch = WordAnalyzer.Scratch()

    fileprivate init(shared: SharedWords) {
      self.shared = shared
    }

    /// The analysis an entry of the line's word list stands for: a word of the shared
    /// layer (entries below zero) or of this thread's own.
    @inline(__always)
    fileprivate func analysis(_ entry: Int32) -> WordAnalysis {
      entry < 0 ? shared.analyses[Int(~entry)] : analyses[Int(entry)]
    }
  }

  /// Words analyzed by any thread, merged between batches (when no worker runs) so that
  /// a second thread does not analyze the vocabulary again. Read-only while workers run.
  fileprivate final class SharedWords: @unchecked Sendable {
    // @unchecked: written only in `merge`, which the line scanner calls between batches,
    // when no worker reads.
    /// Each word with the position of its analysis in `analyses` as its data, and whether
    /// it can begin a match as its flag.
    let cache = TokenCache(capacity: 1 << 14, limit: 1 << 21)
    var analyses: [WordAnalysis] = []

    /// Moves a thread's new words into the shared layer and empties the thread's own.
    func merge(_ workspace: Workspace) {
      if cache.isFull {
        cache.removeAll()
        analyses.removeAll(keepingCapacity: true)
      }
      // Where each of the thread's analyses went (-1: not yet), by its position: words
      // that share an analysis (by key) keep sharing it.
      var moved = [Int32](repeating: -1, count: workspace.analyses.count)
      workspace.cache.forEach { bytes, hash, canStart, own in
        guard cache.find(bytes, hash: hash).slot == nil else { return }
        var index = moved[Int(own)]
        if index < 0 {
          index = Int32(analyses.count)
          analyses.append(workspace.analyses[Int(own)])
          moved[Int(own)] = index
        }
        cache.insert(bytes, hash: hash, flag: canStart, data: index)
      }
      workspace.cache.removeAll()
      workspace.byKey.removeAll()
      workspace.analyses.removeAll(keepingCapacity: true)
    }
  }

  private let sharedWords = SharedWords()

  /// The mentions in one line of text.
  public func mentions(in line: String) -> [Mention] {
    var line = line
    var found: [Mention] = []
    let workspace = makeWorkspace()
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
    let cache = workspace.cache
    if cache.isFull {
      cache.removeAll()
      workspace.byKey.removeAll()
      workspace.analyses.removeAll(keepingCapacity: true)
    }
    var words = workspace.words
    workspace.words = []
    let valid = WordSplitter.split(line, into: &words)
    defer { workspace.words = words }
    guard valid else { return false }
    guard !words.isEmpty else { return true }
    // Taken out of the workspace (and put back below) so that each array stays uniquely
    // referenced and is reused, not copied, from line to line.
    var entries = workspace.entries
    workspace.entries = []
    entries.removeAll(keepingCapacity: true)
    var starts = workspace.starts
    workspace.starts = []
    starts.removeAll(keepingCapacity: true)
    var anyStart = false
    let shared = workspace.shared.cache
    for word in words {
      let bytes = UnsafeBufferPointer(rebasing: line[word.range])
      let hash = TokenCache.hash(bytes)
      // An empty shared layer (one thread, or before the first merge) is not probed: its
      // slots are memory the probe would wait for, for nothing.
      if shared.count > 0, let known = shared.find(bytes, hash: hash).slot {
        let canStart = shared.flag(at: known)
        entries.append(~shared.data(at: known))
        starts.append(canStart)
        anyStart = anyStart || canStart
        continue
      }
      if let cached = cache.find(bytes, hash: hash).slot {
        let canStart = cache.flag(at: cached)
        entries.append(cache.data(at: cached))
        starts.append(canStart)
        anyStart = anyStart || canStart
        continue
      }
      let entry = analyzeNew(bytes, workspace: workspace)
      let canStart = workspace.analyses[Int(entry)].canStart
      cache.insert(bytes, hash: hash, flag: canStart, data: entry)
      entries.append(entry)
      starts.append(canStart)
      anyStart = anyStart || canStart
    }
    workspace.entries = entries
    workspace.starts = starts
    guard anyStart else { return true }
    var index = 0
    while index < words.count {
      guard starts[index] else {
        index += 1
        continue
      }
      if let match = longestMatch(at: index, words: words, entries: entries, workspace: workspace) {
        record(
          match, line: line, words: words, entries: entries, workspace: workspace, into: &found)
        index = match.end + 1
      } else {
        index += 1
      }
    }
    return true
  }

  /// The analysis of a word not in the cache: shared with an earlier word of the same key
  /// when the analysis depends on nothing else, computed otherwise.
  private func analyzeNew(_ bytes: UnsafeBufferPointer<UInt8>, workspace: Workspace) -> Int32 {
    let prepared = analyzer.prepare(bytes, scratch: workspace.scratch)
    if prepared.sharesAnalysisByKey {
      let sharingKey = prepared.sharingKey
      return sharingKey.withUnsafeBufferPointer { key in
        let (known, hash) = workspace.byKey.find(key)
        if let known { return workspace.byKey.data(at: known) }
        let entry = appendAnalysis(bytes, prepared, workspace)
        workspace.byKey.insert(key, hash: hash, data: entry)
        return entry
      }
    }
    return appendAnalysis(bytes, prepared, workspace)
  }

  private func appendAnalysis(
    _ bytes: UnsafeBufferPointer<UInt8>, _ prepared: WordAnalyzer.Prepared, _ workspace: Workspace
  ) -> Int32 {
    workspace.analyses.append(
      analyzer.analyze(bytes, prepared: prepared, patterns: patterns, scratch: workspace.scratch))
    return Int32(workspace.analyses.count - 1)
  }

  // MARK: - Matching

  private struct Candidate {
    var start: Int
    var end: Int
    var patterns: [Int32]
    var prefixLetters: Int
    var suffix: Bool
    var loose: Bool
  }

  /// The longest pattern starting at word `start`; between equal lengths, the reading
  /// with fewer letters taken off wins, and an exact form wins over a loose one.
  ///
  /// Words are joined without spaces, so that spacing does not matter; but a text may
  /// break a name only where the term breaks (between its words, at a ZWNJ) or after a
  /// particle (`ابو محمد` for `ابومحمد`), so that two common words never join into a
  /// name (`از هر` is not `الازهر`).
  private func longestMatch(
    at start: Int, words: [WordSplitter.Word], entries: [Int32], workspace: Workspace
  ) -> Candidate? {
    let first = workspace.analysis(entries[start])
    var best: Candidate?
    func consider(
      _ found: [Int32]?, end: Int, prefixLetters: Int, suffix: Bool, loose: Bool,
      breaks: [TextBreak]
    ) {
      guard let found else { return }
      // Without breaks in the text, every pattern allows it: no filtered copy.
      let allowed =
        loose || breaks.isEmpty
        ? found : found.filter { allows(patterns.patterns[Int($0)], breaks) }
      guard !allowed.isEmpty else { return }
      let candidate = Candidate(
        start: start, end: end, patterns: allowed, prefixLetters: prefixLetters, suffix: suffix,
        loose: loose)
      guard let current = best else {
        best = candidate
        return
      }
      if candidate.end > current.end
        || (candidate.end == current.end && candidate.prefixLetters < current.prefixLetters)
      {
        best = candidate
      }
    }
    let maximumWords = 12
    let exact = patterns.exact(for: first.caseShape)
    for reading in first.startForms {
      var joined = reading.form
      var breaks: [TextBreak] = []
      consider(
        reading.completed, end: start, prefixLetters: reading.prefixLetters,
        suffix: reading.suffix, loose: false, breaks: breaks)
      // A word read without its suffix ends the name.
      if reading.suffix { continue }
      var previousIsParticle = first.isParticle
      var position = start
      while position + 1 < words.count, words[position + 1].joinsPrevious,
        position - start < maximumWords,
        position == start
          ? reading.continues : exact.continues(joined, afterParticle: previousIsParticle)
      {
        position += 1
        let next = workspace.analysis(entries[position])
        if next.isArticle { continue }
        breaks.append(TextBreak(offset: joined.count, afterParticle: previousIsParticle))
        previousIsParticle = next.isParticle
        if let shorter = next.withoutSuffix {
          consider(
            exact.patterns(completedBy: joined + shorter), end: position,
            prefixLetters: reading.prefixLetters, suffix: true, loose: false, breaks: breaks)
        }
        joined += next.canonical
        consider(
          exact.patterns(completedBy: joined), end: position,
          prefixLetters: reading.prefixLetters, suffix: false, loose: false, breaks: breaks)
      }
    }
    if best != nil { return best }
    guard first.looseStarts, var joined = first.loose else { return nil }
    consider(
      patterns.loose.patterns(completedBy: joined), end: start, prefixLetters: 0, suffix: false,
      loose: true, breaks: [])
    var position = start
    var previousIsParticle = first.isParticle
    while position + 1 < words.count, words[position + 1].joinsPrevious,
      position - start < maximumWords,
      patterns.loose.continues(joined, afterParticle: previousIsParticle)
    {
      position += 1
      let next = workspace.analysis(entries[position])
      if next.isArticle { continue }
      guard let loose = next.loose else { break }
      previousIsParticle = next.isParticle
      joined += loose
      consider(
        patterns.loose.patterns(completedBy: joined), end: position, prefixLetters: 0,
        suffix: false, loose: true, breaks: [])
    }
    return best
  }

  /// A place where the text breaks a name between two words.
  private struct TextBreak {
    var offset: Int
    var afterParticle: Bool
  }

  /// Whether a pattern may be written with the text's breaks.
  private func allows(_ pattern: MentionPatterns.Pattern, _ breaks: [TextBreak]) -> Bool {
    breaks.allSatisfy { $0.afterParticle || pattern.breaks.contains(Int32($0.offset)) }
  }

  private func record(
    _ candidate: Candidate, line: UnsafeBufferPointer<UInt8>, words: [WordSplitter.Word],
    entries: [Int32], workspace: Workspace, into found: inout [Mention]
  ) {
    var spanStart = words[candidate.start].range.lowerBound
    // A Latin article before the name belongs to it: al-Jolani, el Assad.
    if candidate.start > 0, words[candidate.start].joinsPrevious,
      workspace.analysis(entries[candidate.start - 1]).isArticle
    {
      spanStart = words[candidate.start - 1].range.lowerBound
    }
    let spanEnd = words[candidate.end].range.upperBound
    let nameStart = Self.offset(
      afterLetters: candidate.prefixLetters, in: line, from: words[candidate.start].range.lowerBound
    )
    var nameEnd = spanEnd
    if candidate.suffix {
      nameEnd = Self.suffixStart(in: line, word: words[candidate.end].range) ?? spanEnd
    }
    let nameLower = candidate.prefixLetters > 0 ? nameStart : spanStart
    let name = String(decoding: line[nameLower..<nameEnd], as: UTF8.self)
    let text = String(decoding: line[spanStart..<spanEnd], as: UTF8.self)
    let column = line[..<spanStart].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    var flag: String?
    var arabicOnly = false
    var persianOnly = false
    for position in candidate.start...candidate.end {
      let analysis = workspace.analysis(entries[position])
      flag = flag ?? analysis.flag
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
    let ordered = candidate.patterns.sorted { first, second in
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
  public func makeWorkspace() -> Workspace { Workspace(shared: sharedWords) }

  /// Shares what each thread learned: its new words move into the shared layer.
  public func batchFinished(workspaces: [Workspace]) {
    // A single thread has no one to share with: its words stay in its own cache, where
    // moving them would cost a probe and a copy each, for nothing.
    guard workspaces.count > 1 else { return }
    for workspace in workspaces { sharedWords.merge(workspace) }
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
