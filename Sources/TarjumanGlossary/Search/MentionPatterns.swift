import Foundation

/// A set of name patterns, each the concatenation of the canonical forms of its words,
/// answering the two questions the finder asks while it walks a text word by word: does
/// this string complete a pattern, and could more words complete one?
///
/// Words are joined without a separator, so that `ابو محمد` and `ابومحمد`, or
/// `al-Jolani` and `al Jolani`, are one pattern; the walk only joins whole words of the
/// text, so a pattern never matches inside a longer word.
struct PatternSet: Sendable {
  /// Pattern strings, sorted bytewise, for prefix questions.
  private var sorted: [[UInt8]] = []
  /// Each pattern string and the patterns it stands for.
  private var owners: [[UInt8]: [Int32]] = [:]

  mutating func insert(_ form: [UInt8], pattern: Int32) {
    guard !form.isEmpty else { return }
    if owners[form] == nil { sorted.append(form) }
    owners[form, default: []].append(pattern)
  }

  mutating func finish() {
    sorted.sort { Self.compare($0, $1) < 0 }
  }

  var isEmpty: Bool { sorted.isEmpty }

  /// The patterns `form` completes.
  func patterns(completedBy form: [UInt8]) -> [Int32]? { owners[form] }

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

  /// Whether `form` completes a pattern or could be continued into one.
  func beginsOrCompletes(_ form: [UInt8]) -> Bool {
    !form.isEmpty && (owners[form] != nil || isProperPrefix(form))
  }

  private static func compare(_ left: [UInt8], _ right: [UInt8]) -> Int {
    let common = min(left.count, right.count)
    let order = left.withUnsafeBufferPointer { l in
      right.withUnsafeBufferPointer { r in
        common == 0 ? 0 : memcmp(l.baseAddress!, r.baseAddress!, common)
      }
    }
    if order != 0 { return Int(order) }
    return left.count - right.count
  }
}

/// The patterns of a glossary, compiled for ``MentionFinder``.
struct MentionPatterns: Sendable {
  /// One term of one concept.
  struct Pattern: Sendable {
    var concept: Int32
    var term: Int32
  }

  var patterns: [Pattern] = []
  /// Canonical forms (the `key` profile, articles off): every term.
  var exact = PatternSet()
  /// Loose forms (``NameToken/looseForm``): Latin names of people, organizations and
  /// places with at least three consonants, for spellings the glossary does not list.
  var loose = PatternSet()

  /// Compiles the terms of the glossary's concepts (`include` chooses which concepts).
  init(glossary: Glossary, analyzer: WordAnalyzer, include: (Concept) -> Bool) {
    let scratch = WordAnalyzer.Scratch()
    for (conceptIndex, concept) in glossary.concepts.enumerated() where include(concept) {
      for (termIndex, term) in concept.terms.enumerated() {
        let id = Int32(patterns.count)
        patterns.append(Pattern(concept: Int32(conceptIndex), term: Int32(termIndex)))
        var exactForm: [UInt8] = []
        var looseForm: [UInt8] = []
        var looseUsable = [.person, .organization, .place].contains(concept.kind)
        var text = term.text
        text.withUTF8 { bytes in
          for range in WordSplitter.words(in: bytes) {
            let word = UnsafeBufferPointer(rebasing: bytes[range])
            let analysis = analyzer.analyze(word, patterns: nil, scratch: scratch)
            if analysis.isArticle { continue }
            exactForm += analysis.canonical
            if let loose = analysis.loose {
              looseForm += loose
            } else {
              looseUsable = false
            }
          }
        }
        exact.insert(exactForm, pattern: id)
        let consonants = looseForm.filter { $0 != UInt8(ascii: "*") }.count
        if looseUsable && consonants >= 3 { loose.insert(looseForm, pattern: id) }
      }
    }
    exact.finish()
    loose.finish()
  }
}
