import Foundation
import TarjumanText

/// A set of name patterns, each the concatenation of the canonical forms of its words,
/// answering the two questions the finder asks while it walks a text word by word: does
/// this string complete a pattern, and could more words complete one?
///
/// Words are joined without a separator, so that `ابو محمد` and `ابومحمد`, or
/// `al-Jolani` and `al Jolani`, are one pattern; the walk only joins whole words of the
/// text, so a pattern never matches inside a longer word.
///
/// A class, built once and read-only afterwards: the finder passes it around in its inner
/// loops, where a struct of arrays and tables would be copied, retaining each of them.
final class PatternSet: @unchecked Sendable {
  // @unchecked: mutated only while the glossary is compiled (or read from a cache file).
  // `@exclusivity(unchecked)` on its tables: afterwards every thread only reads them, and
  // the runtime's check of each read (per word of a text) is pure cost.
  /// Each pattern string (an owner of patterns), in the order of their numbers: the
  /// strings' bytes one after the other, each string's start and length in `stringSpans`.
  @exclusivity(unchecked) private var stringBytes = RawBuffer<UInt8>(capacity: 1 << 12)
  @exclusivity(unchecked) private var stringSpans = RawBuffer<ByteSpan>(capacity: 1 << 10)
  /// The owners' numbers in the bytewise order of their strings, for prefix questions.
  @exclusivity(unchecked) private var sortedOwners = RawBuffer<Int32>(capacity: 1 << 10)
  /// Each pattern string, with its owner number as its data (a byte-keyed table: the
  /// finder asks for every word it meets, and hashing bytes directly beats
  /// `Dictionary<[UInt8], _>`).
  private let ownerIndex: TokenCache
  /// The patterns each owner stands for, while the set is built; then one after the
  /// other in `ownerPatterns`, each owner's start and count in `ownerSpans`.
  @exclusivity(unchecked) private var owners: [[Int32]] = []
  @exclusivity(unchecked) private var ownerPatterns = RawBuffer<Int32>(capacity: 1 << 10)
  @exclusivity(unchecked) private var ownerSpans = RawBuffer<ByteSpan>(capacity: 1 << 10)
  /// The beginnings of patterns up to a break (between two words, at a ZWNJ): what a walk
  /// over a text's words may have joined so far; and the same strings in a list (for the
  /// cache file).
  private let breakPrefixes: TokenCache
  @exclusivity(unchecked) private var prefixBytes = RawBuffer<UInt8>(capacity: 1 << 12)
  @exclusivity(unchecked) private var prefixSpans = RawBuffer<ByteSpan>(capacity: 1 << 10)
  /// One bit per hash value (its high bits) of every pattern string and break prefix: a
  /// form whose bit is clear is neither, which one load from a table of 32 KiB tells,
  /// where a probe of the tables above would often wait for memory (a text's vocabulary
  /// pushes them out of the processor's nearer caches).
  private let filter: UnsafeMutablePointer<UInt64>
  private static let filterBits = 18

  /// A set sized for about as many pattern strings and break prefixes (it grows past them).
  init(strings: Int = 1 << 12, breakPrefixes prefixes: Int = 1 << 12) {
    ownerIndex = TokenCache(capacity: strings, limit: .max)
    breakPrefixes = TokenCache(capacity: prefixes, limit: .max)
    filter = .allocate(capacity: (1 << Self.filterBits) / 64)
    filter.initialize(repeating: 0, count: (1 << Self.filterBits) / 64)
  }

  deinit {
    stringBytes.free()
    stringSpans.free()
    sortedOwners.free()
    ownerPatterns.free()
    ownerSpans.free()
    prefixBytes.free()
    prefixSpans.free()
    filter.deallocate()
  }

  @inline(__always)
  private static func filterBit(_ hash: UInt64) -> Int {
    Int(truncatingIfNeeded: hash >> UInt64(64 - filterBits))
  }

  private func addToFilter(_ hash: UInt64) {
    let bit = Self.filterBit(hash)
    filter[bit >> 6] |= 1 << UInt64(bit & 63)
  }

  @inline(__always)
  private func mayHold(_ hash: UInt64) -> Bool {
    let bit = Self.filterBit(hash)
    return filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0
  }

  func insert(_ form: [UInt8], pattern: Int32, breaks: [Int32] = []) {
    guard !form.isEmpty else { return }
    form.withUnsafeBufferPointer { bytes in
      let (found, hash) = ownerIndex.find(bytes)
      if let found {
        owners[Int(ownerIndex.data(at: found))].append(pattern)
      } else {
        addString(bytes, hash: hash)
        owners.append([pattern])
      }
      for offset in breaks where offset > 0 && Int(offset) < form.count {
        addBreakPrefix(UnsafeBufferPointer(rebasing: bytes[..<Int(offset)]))
      }
    }
  }

  /// A new pattern string, its owner number the next.
  private func addString(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) {
    addToFilter(hash)
    ownerIndex.insert(bytes, hash: hash, data: Int32(stringSpans.count))
    stringSpans.append(ByteSpan(start: Int32(stringBytes.count), count: Int32(bytes.count)))
    stringBytes.append(contentsOf: bytes)
  }

  private func addBreakPrefix(_ prefix: UnsafeBufferPointer<UInt8>) {
    addBreakPrefix(prefix, hash: TokenCache.hash(prefix))
  }

  private func addBreakPrefix(_ prefix: UnsafeBufferPointer<UInt8>, hash: UInt64) {
    guard breakPrefixes.find(prefix, hash: hash).slot == nil else { return }
    addToFilter(hash)
    breakPrefixes.insert(prefix, hash: hash)
    prefixSpans.append(ByteSpan(start: Int32(prefixBytes.count), count: Int32(prefix.count)))
    prefixBytes.append(contentsOf: prefix)
  }

  func finish() {
    for list in owners {
      ownerSpans.append(ByteSpan(start: Int32(ownerPatterns.count), count: Int32(list.count)))
      list.withUnsafeBufferPointer { ownerPatterns.append(contentsOf: $0) }
    }
    owners = []
    // Numbers sorted by their strings: values without references move cheaply.
    var order = (0..<Int32(stringSpans.count)).map { $0 }
    order.sort { Self.compare(string($0), string($1)) < 0 }
    for owner in order { sortedOwners.append(owner) }
  }

  @inline(__always)
  private func string(_ owner: Int32) -> UnsafeBufferPointer<UInt8> {
    let span = stringSpans[Int(owner)]
    return stringBytes.buffer(Int(span.start), Int(span.count))
  }

  // MARK: Cache files

  /// The set as the cache file keeps it.
  func write(to output: inout CacheFileWriter) {
    output.integer(stringSpans.count)
    output.integer(prefixSpans.count)
    for owner in 0..<stringSpans.count {
      output.bytes(string(Int32(owner)))
      output.int32List(patterns(of: Int32(owner)))
    }
    output.int32List(sortedOwners.elements)
    for index in 0..<prefixSpans.count {
      let span = prefixSpans[index]
      output.bytes(prefixBytes.buffer(Int(span.start), Int(span.count)))
    }
  }

  /// Reads a set written by ``write(to:)`` (of `patternCount` patterns); nil when the
  /// file's bytes do not make one.
  static func read(from input: inout CacheFileReader, patternCount: Int) -> PatternSet? {
    guard let count = input.integer(), let prefixCount = input.integer(), count < 1 << 24,
      prefixCount < 1 << 24
    else { return nil }
    // Tables sized for what follows, so that they never grow while it is read.
    let set = PatternSet(strings: count, breakPrefixes: prefixCount)
    return set.read(
      from: &input, count: count, prefixCount: prefixCount, patternCount: patternCount)
      ? set : nil
  }

  private func read(
    from input: inout CacheFileReader, count: Int, prefixCount: Int, patternCount: Int
  ) -> Bool {
    for _ in 0..<count {
      guard
        input.withBytes({ bytes -> Bool in
          let hash = TokenCache.hash(bytes)
          guard !bytes.isEmpty, ownerIndex.find(bytes, hash: hash).slot == nil else {
            return false
          }
          addString(bytes, hash: hash)
          return true
        }) == true
      else { return false }
      let start = ownerPatterns.count
      guard
        let listCount = input.int32List({ value in
          guard value >= 0 && Int(value) < patternCount else { return false }
          ownerPatterns.append(value)
          return true
        }),
        listCount > 0
      else { return false }
      ownerSpans.append(ByteSpan(start: Int32(start), count: Int32(listCount)))
    }
    guard
      input.int32List({ value in
        guard value >= 0 && Int(value) < count else { return false }
        sortedOwners.append(value)
        return true
      }) == count
    else { return false }
    for _ in 0..<prefixCount {
      guard
        input.withBytes({ bytes -> Bool in
          guard !bytes.isEmpty else { return false }
          addBreakPrefix(bytes, hash: TokenCache.hash(bytes))
          return true
        }) == true
      else { return false }
    }
    return true
  }

  /// What a set knows of one form: the patterns it completes, and whether a pattern
  /// breaks right after it.
  struct Lookup {
    /// The owner the form completes (``patterns(of:)``), or -1.
    var owner: Int32
    /// Whether the form is a beginning of a pattern up to a break.
    var breakPrefix: Bool
  }

  /// Both questions about a form, with one hash.
  @inline(__always)
  func lookup(_ form: UnsafeBufferPointer<UInt8>) -> Lookup {
    let hash = TokenCache.hash(form)
    guard mayHold(hash) else { return Lookup(owner: -1, breakPrefix: false) }
    let owner = ownerIndex.find(form, hash: hash).slot.map { ownerIndex.data(at: $0) } ?? -1
    return Lookup(owner: owner, breakPrefix: breakPrefixes.find(form, hash: hash).slot != nil)
  }

  /// The owner `form` completes: a number for ``patterns(of:)``, or -1 when it completes
  /// no pattern.
  @inline(__always)
  func owner(of form: UnsafeBufferPointer<UInt8>) -> Int32 {
    let hash = TokenCache.hash(form)
    guard mayHold(hash), let slot = ownerIndex.find(form, hash: hash).slot else { return -1 }
    return ownerIndex.data(at: slot)
  }

  /// The patterns an owner stands for.
  @inline(__always)
  func patterns(of owner: Int32) -> UnsafeBufferPointer<Int32> {
    let span = ownerSpans[Int(owner)]
    return ownerPatterns.buffer(Int(span.start), Int(span.count))
  }

  /// Whether some pattern is longer than `form` and starts with it.
  func isProperPrefix(_ form: UnsafeBufferPointer<UInt8>) -> Bool {
    // The first pattern not below `form`; if any pattern extends `form`, this one does.
    var low = 0
    var high = sortedOwners.count
    while low < high {
      let middle = (low + high) / 2
      if Self.compare(sorted(middle), form) < 0 { low = middle + 1 } else { high = middle }
    }
    var index = low
    while index < sortedOwners.count {
      let candidate = sorted(index)
      guard candidate.count >= form.count,
        Self.compare(candidate.extracting(..<form.count), form) == 0
      else { break }
      if candidate.count > form.count { return true }
      index += 1
    }
    return false
  }

  @inline(__always)
  private func sorted(_ index: Int) -> UnsafeBufferPointer<UInt8> {
    string(sortedOwners[index])
  }

  /// Whether a walk that has joined `form` may go on to the next word: `form` ends
  /// where some pattern breaks, or (after a particle, where a text may break a name the
  /// term writes glued: `ابو محمد` for `ابومحمد`) anywhere inside a pattern.
  @inline(__always)
  func continues(_ form: UnsafeBufferPointer<UInt8>, afterParticle: Bool) -> Bool {
    if afterParticle { return isProperPrefix(form) }
    let hash = TokenCache.hash(form)
    return mayHold(hash) && breakPrefixes.find(form, hash: hash).slot != nil
  }

  /// Whether a word read as `form` completes a pattern or may begin one.
  func beginsOrCompletes(_ form: UnsafeBufferPointer<UInt8>, isParticle: Bool) -> Bool {
    guard !form.isEmpty else { return false }
    let found = lookup(form)
    return found.owner >= 0 || (isParticle ? isProperPrefix(form) : found.breakPrefix)
  }

  private static func compare(_ left: [UInt8], _ right: [UInt8]) -> Int {
    left.withUnsafeBufferPointer { l in right.withUnsafeBufferPointer { r in compare(l, r) } }
  }

  private static func compare(
    _ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>
  )
    -> Int
  {
    let common = min(left.count, right.count)
    if common > 0, let lBase = left.baseAddress, let rBase = right.baseAddress {
      let order = memcmp(lBase, rBase, common)
      if order != 0 { return Int(order) }
    }
    return left.count - right.count
  }
}

/// The patterns of a glossary, compiled for ``MentionFinder``.
///
/// A class, for the reason ``PatternSet`` is one.
final class MentionPatterns: Sendable {
  /// One term of one concept.
  struct Pattern: Sendable {
    var concept: Int32
    var term: Int32
    /// Offsets into the pattern's canonical form where the term breaks between words or
    /// at a ZWNJ: the only places (besides after a particle) a text may break it.
    var breaks: [Int32]
  }

  let patterns: [Pattern]
  /// Canonical forms (the `key` profile, articles off), by the case a text's first word
  /// must have for them: a lowercase word may begin only terms written in lowercase
  /// (`takfiri`), a capitalized word also names (`Jolani`), a word in capitals also
  /// abbreviations (`HTS`). Arabic-script terms ask for no case.
  private let exactByCase: [PatternSet]
  /// Loose forms (``NameToken/looseForm``): Latin names of people, organizations and
  /// places with at least three consonants, for spellings the glossary does not list.
  let loose: PatternSet

  /// The patterns a text word of this case may begin.
  func exact(for shape: CaseShape) -> PatternSet { exactByCase[shape.rawValue] }

  /// The patterns as ``MentionPatternsCache`` keeps them.
  func write(to output: inout CacheFileWriter) {
    output.integer(patterns.count)
    for pattern in patterns {
      output.integer(Int(pattern.concept))
      output.integer(Int(pattern.term))
      pattern.breaks.withUnsafeBufferPointer { output.int32List($0) }
    }
    for set in exactByCase + [loose] { set.write(to: &output) }
  }

  /// Patterns read back from a cache file (of this glossary: the file's name says so);
  /// nil when the bytes do not make them.
  init?(reading input: inout CacheFileReader, glossary: Glossary) {
    guard let count = input.integer() else { return nil }
    var patterns: [Pattern] = []
    patterns.reserveCapacity(count)
    for _ in 0..<count {
      guard let concept = input.integer(), let term = input.integer(),
        let breaks = input.int32List(), concept < glossary.concepts.count,
        term < glossary.concepts[concept].terms.count
      else { return nil }
      patterns.append(Pattern(concept: Int32(concept), term: Int32(term), breaks: breaks))
    }
    self.patterns = patterns
    var sets: [PatternSet] = []
    for _ in 0..<4 {
      guard let set = PatternSet.read(from: &input, patternCount: count) else { return nil }
      sets.append(set)
    }
    exactByCase = Array(sets[0..<3])
    loose = sets[3]
    guard input.atEnd else { return nil }
  }

  /// Compiles the terms of the glossary's concepts (`include` chooses which concepts).
  init(glossary: Glossary, analyzer: WordAnalyzer, include: (Concept) -> Bool) {
    let exactByCase = [PatternSet(), PatternSet(), PatternSet()]
    let loose = PatternSet()
    self.exactByCase = exactByCase
    self.loose = loose
    let scratch = WordAnalyzer.Scratch()
    var patterns: [Pattern] = []
    for (conceptIndex, concept) in glossary.concepts.enumerated() where include(concept) {
      for (termIndex, term) in concept.terms.enumerated() {
        let id = Int32(patterns.count)
        var exactForm: [UInt8] = []
        var looseForm: [UInt8] = []
        var firstShape: CaseShape?
        var breaks: [Int32] = []
        var looseBreaks: [Int32] = []
        var looseUsable = [.person, .organization, .place].contains(concept.kind)
        var text = term.text
        text.withUTF8 { bytes in
          for range in WordSplitter.words(in: bytes) {
            let word = UnsafeBufferPointer(rebasing: bytes[range])
            let analysis = analyzer.termWord(word, scratch: scratch)
            if analysis.isArticle { continue }
            let isFirst = firstShape == nil
            if isFirst {
              firstShape = analysis.caseShape
            } else {
              breaks.append(Int32(exactForm.count))
            }
            let form = isFirst ? analysis.initial : analysis.canonical
            let shift = analysis.canonical.count - form.count
            for soft in analysis.softBreaks where soft > shift {
              breaks.append(Int32(exactForm.count + soft - shift))
            }
            exactForm += form
            if let loose = analysis.loose {
              if !isFirst { looseBreaks.append(Int32(looseForm.count)) }
              looseForm += loose
            } else {
              looseUsable = false
            }
          }
        }
        patterns.append(
          Pattern(concept: Int32(conceptIndex), term: Int32(termIndex), breaks: breaks))
        // A term asks its first word to be written at least as its own is.
        let shape = firstShape ?? .lower
        for textShape in [CaseShape.lower, .capitalized, .allCaps] where shape <= textShape {
          exactByCase[textShape.rawValue].insert(exactForm, pattern: id, breaks: breaks)
        }
        let consonants = looseForm.filter { !"aiu".utf8.contains($0) }.count
        if looseUsable && consonants >= 3 {
          loose.insert(looseForm, pattern: id, breaks: looseBreaks)
        }
      }
    }
    self.patterns = patterns
    for set in exactByCase { set.finish() }
    loose.finish()
  }
}
