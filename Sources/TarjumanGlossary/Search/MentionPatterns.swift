import Foundation

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
  // @unchecked: mutated only by `insert` and `finish` while the glossary is compiled.
  /// Pattern strings, sorted bytewise, for prefix questions.
  private var sorted: [[UInt8]] = []
  /// Each pattern string, with its position in `owners` as its data (a byte-keyed table: the finder asks
  /// for every word it meets, and hashing bytes directly beats `Dictionary<[UInt8], _>`).
  private let ownerIndex = TokenCache(capacity: 1 << 12, limit: .max)
  /// The patterns each string stands for.
  private var owners: [[Int32]] = []
  /// The beginnings of patterns up to a break (between two words, at a ZWNJ): what a walk
  /// over a text's words may have joined so far.
  private let breakPrefixes = TokenCache(capacity: 1 << 12, limit: .max)

  func insert(_ form: [UInt8], pattern: Int32, breaks: [Int32] = []) {
    guard !form.isEmpty else { return }
    form.withUnsafeBufferPointer { bytes in
      let (found, hash) = ownerIndex.find(bytes)
      if let found {
        owners[Int(ownerIndex.data(at: found))].append(pattern)
      } else {
        ownerIndex.insert(bytes, hash: hash, data: Int32(owners.count))
        owners.append([pattern])
        sorted.append(form)
      }
      for offset in breaks where offset > 0 && Int(offset) < form.count {
        let prefix = UnsafeBufferPointer(rebasing: bytes[..<Int(offset)])
        let (known, prefixHash) = breakPrefixes.find(prefix)
        if known == nil { breakPrefixes.insert(prefix, hash: prefixHash) }
      }
    }
  }

  func finish() {
    sorted.sort { Self.compare($0, $1) < 0 }
  }

  /// The patterns `form` completes.
  func patterns(completedBy form: [UInt8]) -> [Int32]? {
    form.withUnsafeBufferPointer { bytes in
      ownerIndex.find(bytes).slot.map { owners[Int(ownerIndex.data(at: $0))] }
    }
  }

  /// Whether some pattern is longer than `form` and starts with it.
  func isProperPrefix(_ form: [UInt8]) -> Bool {
    // The first pattern not below `form`; if any pattern extends `form`, this one does.
    var low = 0
    var high = sorted.count
    while low < high {
      let middle = (low + high) / 2
      if Self.compare(sorted[middle], form) < 0 { low = middle + 1 } else { high = middle }
    }
    var index = low
    while index < sorted.count, sorted[index].starts(with: form) {
      if sorted[index].count > form.count { return true }
      index += 1
    }
    return false
  }

  /// Whether a walk that has joined `form` may go on to the next word: `form` ends
  /// where some pattern breaks, or (after a particle, where a text may break a name the
  /// term writes glued: `ابو محمد` for `ابومحمد`) anywhere inside a pattern.
  func continues(_ form: [UInt8], afterParticle: Bool) -> Bool {
    if afterParticle { return isProperPrefix(form) }
    return form.withUnsafeBufferPointer { breakPrefixes.find($0).slot != nil }
  }

  /// Whether a word read as `form` completes a pattern or may begin one.
  func beginsOrCompletes(_ form: [UInt8], isParticle: Bool) -> Bool {
    !form.isEmpty
      && (patterns(completedBy: form) != nil || continues(form, afterParticle: isParticle))
  }

  private static func compare(_ left: [UInt8], _ right: [UInt8]) -> Int {
    let common = min(left.count, right.count)
    let order = left.withUnsafeBufferPointer { l in
      right.withUnsafeBufferPointer { r in
        guard common > 0, let lBase = l.baseAddress, let rBase = r.baseAddress else {
          return Int32(0)
        }
        return memcmp(lBase, rBase, common)
      }
    }
    if order != 0 { return Int(order) }
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
  private let exactByCase = [PatternSet(), PatternSet(), PatternSet()]
  /// Loose forms (``NameToken/looseForm``): Latin names of people, organizations and
  /// places with at least three consonants, for spellings the glossary does not list.
  let loose = PatternSet()

  /// The patterns a text word of this case may begin.
  func exact(for shape: CaseShape) -> PatternSet { exactByCase[shape.rawValue] }

  /// Compiles the terms of the glossary's concepts (`include` chooses which concepts).
  init(glossary: Glossary, analyzer: WordAnalyzer, include: (Concept) -> Bool) {
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
            let analysis = analyzer.analyze(word, patterns: nil, scratch: scratch)
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
