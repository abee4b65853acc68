import TarjumanICU

/// ICU transform rules compiled to run in Swift, without ICU: the romanizer's rule sets,
/// read from the same text ICU compiles, so that the rule files stay the one definition.
///
/// **Why.** ICU 72 runs every rule-based transliteration of a process under one global
/// mutex (`RuleBasedTransliterator::handleTransliterate`), so that ICU's work on new words
/// does not scale with threads; and each call converts strings and allocates. This engine
/// runs the same rules on each thread's own buffers.
///
/// **What it implements** is the part of ICU's rule language the rule sets use, with
/// ICU's semantics (`rbt_pars.cpp`, `rbt_rule.cpp`, `rbt_set.cpp`, `strmatch.cpp`,
/// `quant.cpp`, `uniset.cpp`):
/// - variables (`$name = ... ;`), sets (`[...]` with ranges, `^`, nested sets, `[:L:]`
///   and the other General_Category values of letters and marks, `\uXXXX`, variables),
///   literal characters, quoted strings and escapes;
/// - rules `ante { key } post > output ;` with the quantifier `?` (and `*`, `+`),
///   segments `( )` in the key or the post-context and their references `$1` in the
///   output;
/// - passes separated by `::Null ;`.
///
/// Anything else (other `::` IDs such as `::NFC` or `::Latin-ASCII`, reverse rules,
/// cursors, anchors, functions, pragmas, set operators, properties other than the
/// categories) makes ``init(_:)`` throw, and the caller runs ICU instead.
///
/// How a pass runs, as ICU's `TransliterationRuleSet::transliterate` does: at each
/// position the rules are tried in order, the first whose before-context, key and
/// after-context match replaces the key with its output, and the position moves past the
/// output; when no rule matches, one character is copied. The before-context is matched
/// backwards against the text already written by this pass, the key and the
/// after-context forwards against the text not yet read. A set at either end of the text
/// matches when it contains U+FFFF (ICU's `ETHER`), which is how `$wb` matches the edges
/// of a word. Quantifiers are greedy and never backtrack. Keys must begin with a literal
/// or a set, so that each step reads at least one character.
///
/// Set membership is tabulated, from ICU's properties, for U+0000–U+2FFF: text with a
/// code point beyond (never a Persian or Arabic word) is refused at run time
/// (``transliterate(_:into:scratch:)`` returns false) and goes to ICU.
final class CompiledRules: @unchecked Sendable {
  // @unchecked: immutable after init; the raw storage is only read.

  /// Why rules could not be compiled here.
  struct Unsupported: Error, CustomStringConvertible {
    /// What is not supported, or the syntax error.
    let reason: String
    /// The offset in the rule text (UTF-16) where it was found.
    let offset: Int

    var description: String { "\(reason) at offset \(offset)" }
  }

  /// Code points below this are in the sets' tables.
  static let tableLimit = 0x3000
  private static let wordsPerSet = tableLimit / 64 + 1  // the bitmap, then the ETHER bit

  /// One rule: ranges into `ops` (the before-context stored reversed, for matching
  /// backwards) and into `outputs`.
  struct Rule {
    var anteStart: Int32, anteEnd: Int32
    var keyStart: Int32, keyEnd: Int32
    var postStart: Int32, postEnd: Int32
    var outputStart: Int32, outputEnd: Int32
    var segmentCount: Int32
    /// ``anteDecided``, ``keyDecided``.
    var flags: Int32
    /// What the code point after the first of the key must be, when the key's first
    /// element takes exactly one: a literal (0...0xFFFF), a set (0x10000 + its index), or
    /// -1 (anything).
    var lookahead: Int32
  }

  /// A rule's ``Rule/lookahead``.
  static func lookahead(_ rule: ParsedRule) -> Int32 {
    /// The element a sequence's first code point must match, when the sequence's first
    /// element takes exactly one code point: `single` tells whether it does.
    func first(_ elements: [Element]) -> (element: Element?, single: Bool) {
      guard let element = elements.first else { return (nil, false) }
      switch element {
      case .char, .set: return (element, true)
      case .segment(_, let inner):
        let (found, single) = first(inner)
        return (found, single && inner.count == 1)
      case .quantifier: return (nil, false)
      }
    }
    guard first(rule.key).single else { return -1 }
    // The element after the first: the rest of the key, or the after-context.
    var rest = Array(rule.key.dropFirst())
    if case .segment(_, let inner)? = rule.key.first { rest = Array(inner.dropFirst()) + rest }
    if rest.isEmpty { rest = rule.post }
    switch first(rest).element {
    case .char(let unit): return Int32(unit)
    case .set(let index): return 0x10000 + Int32(index)
    default: return -1
    }
  }

  /// A rule's before-context is empty or one literal or set, which the index decides.
  static let anteDecided: Int32 = 1
  /// A rule's key is one literal or set, which the index decides.
  static let keyDecided: Int32 = 2

  /// The flags of a rule: what the index decides of it.
  static func flags(_ rule: ParsedRule) -> Int32 {
    func isSingle(_ elements: [Element]) -> Bool {
      guard elements.count == 1 else { return false }
      switch elements[0] {
      case .char, .set: return true
      default: return false
      }
    }
    return (rule.ante.isEmpty || isSingle(rule.ante) ? anteDecided : 0)
      | (isSingle(rule.key) ? keyDecided : 0)
  }

  /// Whether the index decides all of a rule, which then matches wherever it is tried.
  static func isDecided(_ rule: ParsedRule) -> Bool {
    flags(rule) == anteDecided | keyDecided && rule.post.isEmpty
  }

  /// One pass: its rules, indexed two ways. Each code point below ``tableLimit`` has a
  /// class for the keys that can begin with it, and a class for the before-contexts
  /// that can end with it (the edge of the text has one too); the list of a pair of
  /// classes holds, in order, the rules that can match there. A rule is left out of a list
  /// only when its first key element or the last element of its before-context cannot
  /// match, so that trying the list's rules in order is trying all of them.
  struct Pass {
    /// Per code point below `tableLimit`: its key class.
    var keyClasses: UnsafeMutablePointer<UInt16>
    /// Per code point below `tableLimit`: its before-context class; the edge of the text
    /// is `anteEdgeClass`.
    var anteClasses: UnsafeMutablePointer<UInt16>
    var anteEdgeClass: Int
    var anteClassCount: Int
    /// Per pair (key class × anteClassCount + before-context class): where its list
    /// starts in `candidates` and how many rules it holds (each a rule index and its
    /// lookahead).
    var lists: UnsafeMutablePointer<Int32>
  }

  // Element encoding in `ops` (Int32 each):
  //   literal:    0, code unit
  //   set:        1, set index
  //   quantifier: 2, min, max, length of the sequence that follows, then that sequence
  //   segment:    3, number (1-based), length, then the sequence
  private static let literalOp: Int32 = 0
  private static let setOp: Int32 = 1
  private static let quantifierOp: Int32 = 2
  private static let segmentOp: Int32 = 3
  /// Segments a rule may have (references `$1` to `$9` and beyond).
  static let maximumSegments = 32

  private let ops: UnsafeMutablePointer<Int32>
  /// Output items: a code unit (>= 0), or -n for a reference to segment n.
  private let outputs: UnsafeMutablePointer<Int32>
  private let rules: UnsafeMutablePointer<Rule>
  private let sets: UnsafeMutablePointer<UInt64>
  private let candidates: UnsafeMutablePointer<Int32>
  private let passes: [Pass]
  /// The longest output of a rule, in code units, segments not counted.
  private let longestOutput: Int

  /// The number of passes.
  var passCount: Int { passes.count }

  /// Compiles rules in ICU transform syntax.
  ///
  /// - Throws: ``Unsupported`` for text this engine does not implement (then use ICU).
  init(_ text: String) throws(Unsupported) {
    var parser = RuleParser(text)
    let parsed = try parser.parse()
    let passRules = parsed.passes.filter { !$0.isEmpty }
    // Flatten.
    var ops: [Int32] = []
    var outputs: [Int32] = []
    var rules: [Rule] = []
    var longestOutput = 0
    for pass in passRules {
      for rule in pass {
        var flat = Rule(
          anteStart: 0, anteEnd: 0, keyStart: 0, keyEnd: 0, postStart: 0, postEnd: 0,
          outputStart: 0, outputEnd: 0, segmentCount: Int32(rule.segmentCount),
          flags: Self.flags(rule), lookahead: Self.lookahead(rule))
        flat.anteStart = Int32(ops.count)
        Self.encode(Self.reversed(rule.ante), into: &ops)
        flat.anteEnd = Int32(ops.count)
        flat.keyStart = Int32(ops.count)
        Self.encode(rule.key, into: &ops)
        flat.keyEnd = Int32(ops.count)
        flat.postStart = Int32(ops.count)
        Self.encode(rule.post, into: &ops)
        flat.postEnd = Int32(ops.count)
        flat.outputStart = Int32(outputs.count)
        for item in rule.output {
          switch item {
          case .char(let unit): outputs.append(Int32(unit))
          case .segmentReference(let number): outputs.append(-Int32(number))
          }
        }
        flat.outputEnd = Int32(outputs.count)
        longestOutput = max(longestOutput, rule.output.count)
        rules.append(flat)
      }
    }
    // Index each pass by the first code point of the keys.
    var candidates: [Int32] = []
    var compiled: [Pass] = []
    var offset = 0
    for pass in passRules {
      compiled.append(
        try Self.index(rules: pass, sets: parsed.sets, offset: offset, candidates: &candidates))
      offset += pass.count
    }
    self.ops = Self.copy(ops)
    self.outputs = Self.copy(outputs)
    self.rules = UnsafeMutablePointer<Rule>.allocate(capacity: max(rules.count, 1))
    self.rules.initialize(from: rules, count: rules.count)
    let words = parsed.sets.flatMap { $0.words }
    self.sets = UnsafeMutablePointer<UInt64>.allocate(capacity: max(words.count, 1))
    self.sets.initialize(from: words, count: words.count)
    self.candidates = Self.copy(candidates)
    self.passes = compiled
    self.longestOutput = longestOutput
  }

  deinit {
    ops.deallocate()
    outputs.deallocate()
    rules.deallocate()
    sets.deallocate()
    candidates.deallocate()
    for pass in passes {
      pass.keyClasses.deallocate()
      pass.anteClasses.deallocate()
      pass.lists.deallocate()
    }
  }

  private static func copy(_ values: [Int32]) -> UnsafeMutablePointer<Int32> {
    let pointer = UnsafeMutablePointer<Int32>.allocate(capacity: max(values.count, 1))
    pointer.initialize(from: values, count: values.count)
    return pointer
  }

  /// A sequence reversed for matching backwards: the elements in reverse order, and the
  /// sequences inside quantifiers reversed too (as ICU's `StringMatcher` reads its
  /// pattern backwards).
  private static func reversed(_ elements: [Element]) -> [Element] {
    elements.reversed().map { element in
      switch element {
      case .char, .set: element
      case .quantifier(let inner, let min, let max): .quantifier(reversed(inner), min, max)
      case .segment(let number, let inner): .segment(number, reversed(inner))
      }
    }
  }

  private static func encode(_ elements: [Element], into ops: inout [Int32]) {
    for element in elements {
      switch element {
      case .char(let unit):
        ops += [literalOp, Int32(unit)]
      case .set(let index):
        ops += [setOp, Int32(index)]
      case .quantifier(let inner, let min, let max):
        var body: [Int32] = []
        encode(inner, into: &body)
        ops += [quantifierOp, Int32(min), Int32(clamping: max), Int32(body.count)] + body
      case .segment(let number, let inner):
        var body: [Int32] = []
        encode(inner, into: &body)
        ops += [segmentOp, Int32(number), Int32(body.count)] + body
      }
    }
  }

  /// The element a key's first code point must match: its first literal or set, inside
  /// segments and quantifiers (the parser lets no key begin with a quantifier that may
  /// match nothing).
  private static func firstElement(_ elements: [Element]) -> Element? {
    guard let element = elements.first else { return nil }
    switch element {
    case .char, .set: return element
    case .quantifier(let inner, let min, _): return min > 0 ? firstElement(inner) : nil
    case .segment(_, let inner): return firstElement(inner)
    }
  }

  /// The last element of a before-context, which matches the last code point written
  /// (nil: the rule has no before-context, or one whose end may match nothing).
  private static func lastElement(_ ante: [Element]) -> Element? {
    guard let element = ante.last else { return nil }
    switch element {
    case .char, .set: return element
    case .quantifier(let inner, let min, _): return min > 0 ? lastElement(inner) : nil
    case .segment(_, let inner): return lastElement(inner)
    }
  }

  /// Whether an element (a literal or a set) matches a code point, or the edge of the text
  /// (`unit` nil: a set holding U+FFFF).
  private static func element(_ element: Element?, matches unit: Int?, sets: [CharSet]) -> Bool {
    switch element {
    case .char(let value): return unit == Int(value)
    case .set(let index): return unit.map { sets[index].contains($0) } ?? sets[index].ether
    default: return true
    }
  }

  /// Classes of code points that the same elements match: a code point's signature is
  /// which literal it is and which of the sets hold it.
  private static func classify(
    _ elements: [Element?], sets: [CharSet]
  ) throws(Unsupported) -> (classes: UnsafeMutablePointer<UInt16>, representatives: [Int]) {
    var literals = CharSet()
    var keySets: [Int] = []
    for element in elements {
      switch element {
      case .char(let value): literals.insert(Int(value))
      case .set(let index): if !keySets.contains(index) { keySets.append(index) }
      default: break
      }
    }
    guard keySets.count <= 40 else {
      throw Unsupported(reason: "more than 40 sets at the edges of the rules of a pass", offset: 0)
    }
    let classes = UnsafeMutablePointer<UInt16>.allocate(capacity: tableLimit)
    var representatives: [Int] = []
    var signatures: [UInt64: UInt16] = [:]
    // Neighbouring code points mostly share a signature: the last one is kept at hand.
    var lastSignature = UInt64.max
    var lastClass: UInt16 = 0
    // The sets' bitmaps side by side: word w of set s at s × words + w.
    let words = tableLimit / 64
    var bitmaps = [UInt64](repeating: 0, count: keySets.count * words)
    for (slot, set) in keySets.enumerated() {
      for word in 0..<words { bitmaps[slot * words + word] = sets[set].bits[word] }
    }
    let literalBits = literals.bits
    var unit = 0
    while unit < tableLimit {
      let word = unit >> 6
      let bit = UInt64(unit & 63)
      // A block of 64 code points that no literal names and each set holds whole or not
      // at all shares one signature: the first one's class goes to all.
      if bit == 0 && literalBits[word] == 0
        && (0..<keySets.count).allSatisfy({
          bitmaps[$0 * words + word] == 0 || bitmaps[$0 * words + word] == ~0
        })
      {
        var signature: UInt64 = 0
        for slot in 0..<keySets.count where bitmaps[slot * words + word] != 0 {
          signature |= 1 << UInt64(slot)
        }
        let id: UInt16
        if signature == lastSignature {
          id = lastClass
        } else if let known = signatures[signature] {
          id = known
        } else {
          id = UInt16(representatives.count)
          representatives.append(unit)
          signatures[signature] = id
        }
        for member in unit..<unit + 64 { classes[member] = id }
        lastSignature = signature
        lastClass = id
        unit += 64
        continue
      }
      defer { unit += 1 }
      var signature = (literalBits[word] >> bit) & 1 != 0 ? UInt64(unit + 1) << 40 : 0
      var slot = 0
      while slot < keySets.count {
        signature |= ((bitmaps[slot * words + word] >> bit) & 1) << UInt64(slot)
        slot += 1
      }
      if signature == lastSignature {
        classes[unit] = lastClass
        continue
      }
      lastSignature = signature
      if let known = signatures[signature] {
        classes[unit] = known
        lastClass = known
        continue
      }
      let id = UInt16(representatives.count)
      representatives.append(unit)
      signatures[signature] = id
      classes[unit] = id
      lastClass = id
    }
    return (classes, representatives)
  }

  /// A bit of a key class: no rule begins with its code points.
  private static let copiedClass: UInt16 = 0x8000

  /// The index of a pass.
  private static func index(
    rules: [ParsedRule], sets: [CharSet], offset: Int, candidates: inout [Int32]
  ) throws(Unsupported) -> Pass {
    let firsts = rules.map { firstElement($0.key) }
    let lasts = rules.map { lastElement($0.ante) }
    let keys = try classify(firsts, sets: sets)
    let antes = try classify(lasts, sets: sets)
    // The edge of the text is a class of its own.
    let anteCount = antes.representatives.count + 1
    var lists: [Int32] = []
    for (keyClass, keyUnit) in keys.representatives.enumerated() {
      let listsBefore = candidates.count
      for anteClass in 0..<anteCount {
        let anteUnit: Int? =
          anteClass < antes.representatives.count ? antes.representatives[anteClass] : nil
        let start = Int32(candidates.count)
        for position in rules.indices
        where element(firsts[position], matches: keyUnit, sets: sets)
          && (rules[position].ante.isEmpty
            || element(lasts[position], matches: anteUnit, sets: sets))
        {
          // The rule and its lookahead side by side: most candidates are ruled out by
          // the lookahead without reading the rule.
          candidates.append(Int32(offset + position))
          candidates.append(lookahead(rules[position]))
          // A rule the index decides matches: the rules after it are never tried.
          if isDecided(rules[position]) { break }
        }
        lists += [start, (Int32(candidates.count) - start) / 2]
      }
      // No rule can begin with these code points: the pass copies them.
      if candidates.count == listsBefore {
        for unit in 0..<tableLimit where keys.classes[unit] == UInt16(keyClass) {
          keys.classes[unit] |= Self.copiedClass
        }
      }
    }
    return Pass(
      keyClasses: keys.classes, anteClasses: antes.classes,
      anteEdgeClass: antes.representatives.count, anteClassCount: anteCount,
      lists: copy(lists))
  }

  // MARK: - Running

  /// Scratch memory for ``transliterate(_:workspace:)``, reused from word to word; one per
  /// thread.
  final class Workspace {
    fileprivate var buffers: (UnsafeMutablePointer<UInt16>, UnsafeMutablePointer<UInt16>)
    fileprivate var capacity: Int
    /// Per segment: start and limit in the pass's input.
    fileprivate let segments: UnsafeMutablePointer<Int>

    init() {
      capacity = 256
      buffers = (.allocate(capacity: capacity), .allocate(capacity: capacity))
      segments = .allocate(capacity: 2 * (CompiledRules.maximumSegments + 1))
    }

    deinit {
      buffers.0.deallocate()
      buffers.1.deallocate()
      segments.deallocate()
    }

    /// Makes both buffers hold at least `needed` code units, keeping the first's contents.
    fileprivate func reserve(_ needed: Int, keeping count: Int) {
      guard needed > capacity else { return }
      var grown = capacity * 2
      while grown < needed { grown *= 2 }
      let first = UnsafeMutablePointer<UInt16>.allocate(capacity: grown)
      first.update(from: buffers.0, count: count)
      buffers.0.deallocate()
      buffers.1.deallocate()
      buffers = (first, .allocate(capacity: grown))
      capacity = grown
    }
  }

  /// Runs every pass over `input`.
  ///
  /// - Returns: the result, valid until the next call with this workspace; or nil when
  ///   the text holds a code point at or beyond ``tableLimit`` (then run ICU).
  func transliterate(_ input: UnsafeBufferPointer<UInt16>, workspace: Workspace)
    -> UnsafeBufferPointer<UInt16>?
  {
    workspace.reserve(input.count * (longestOutput + 1) + 16, keeping: 0)
    if let base = input.baseAddress { workspace.buffers.0.update(from: base, count: input.count) }
    var count = input.count
    for pass in passes {
      // A pass writes at most `longestOutput` units per unit it reads, plus the segments
      // it copies (at most what it read): room for that, before it starts.
      workspace.reserve(count * (longestOutput + 1) + 16, keeping: count)
      guard
        let written = run(
          pass, workspace.buffers.0, count: count, into: workspace.buffers.1,
          capacity: workspace.capacity, segments: workspace.segments)
      else { return nil }
      workspace.buffers = (workspace.buffers.1, workspace.buffers.0)
      count = written
    }
    return UnsafeBufferPointer(start: workspace.buffers.0, count: count)
  }

  /// One pass from `text` into `output`.
  ///
  /// - Returns: the number of code units written, or nil for a code point the tables do
  ///   not cover or an output longer than `capacity` (which rules that copy segments may
  ///   write).
  private func run(
    _ pass: Pass, _ text: UnsafeMutablePointer<UInt16>, count: Int,
    into output: UnsafeMutablePointer<UInt16>, capacity: Int,
    segments: UnsafeMutablePointer<Int>
  ) -> Int? {
    // The pass's tables in locals, and wrapping arithmetic on offsets that cannot
    // overflow: this loop runs for every code point of every new word.
    let keyClasses = pass.keyClasses
    let anteClasses = pass.anteClasses
    let lists = pass.lists
    let anteClassCount = pass.anteClassCount
    let anteEdgeClass = pass.anteEdgeClass
    let candidates = self.candidates
    var index = 0
    var written = 0
    while index < count {
      let unit = Int(text[index])
      guard unit < Self.tableLimit, written < capacity else { return nil }
      let keyClass = Int(keyClasses[unit])
      if keyClass & Int(Self.copiedClass) != 0 {
        output[written] = UInt16(truncatingIfNeeded: unit)
        written &+= 1
        index &+= 1
        continue
      }
      // What this pass wrote last is below tableLimit: input read, or the rules' output.
      let anteClass = written > 0 ? Int(anteClasses[Int(output[written &- 1])]) : anteEdgeClass
      let list = lists + ((keyClass &* anteClassCount &+ anteClass) &<< 1)
      var candidate = Int(list[0])
      let end = candidate &+ Int(list[1]) &<< 1
      var matched = false
      let next = index &+ 1
      while candidate < end {
        let ruleIndex = Int(candidates[candidate])
        let lookahead = candidates[candidate &+ 1]
        candidate &+= 2
        // The code point after this one, which many rules name: a rule it rules out is
        // not tried (at the end of the text, a set may match the edge).
        if lookahead >= 0 {
          if lookahead < 0x10000 {
            if next >= count || Int32(text[next]) != lookahead { continue }
          } else {
            let set = Int(lookahead &- 0x10000)
            if next >= count {
              if !setContainsEther(set) { continue }
            } else {
              let following = Int(text[next])
              if following >= Self.tableLimit || !setContains(set, following) { continue }
            }
          }
        }
        if let keyEnd = apply(
          rules[ruleIndex], text: text, count: count, at: index, output: output,
          capacity: capacity, written: &written, segments: segments)
        {
          guard keyEnd >= 0 else { return nil }
          index = keyEnd
          matched = true
          break
        }
      }
      if !matched {
        output[written] = UInt16(truncatingIfNeeded: unit)
        written &+= 1
        index &+= 1
      }
    }
    return written
  }

  /// Tries one rule at `index`: on a match writes its output and returns the end of the
  /// key (or -1 when the output does not fit in `capacity`); otherwise returns nil and
  /// writes nothing.
  @inline(__always)
  private func apply(
    _ rule: Rule, text: UnsafeMutablePointer<UInt16>, count: Int, at index: Int,
    output: UnsafeMutablePointer<UInt16>, capacity: Int, written: inout Int,
    segments: UnsafeMutablePointer<Int>
  ) -> Int? {
    if rule.flags & Self.anteDecided == 0 {
      // Backwards over what this pass wrote; its start is the text's start.
      var offset = written - 1
      guard
        match(
          ops + Int(rule.anteStart), ops + Int(rule.anteEnd), text: output, offset: &offset,
          limit: -1, forward: false, segments: segments)
      else { return nil }
    }
    if rule.segmentCount > 0 {
      for slot in 0..<(2 * Int(rule.segmentCount) + 2) { segments[slot] = -1 }
    }
    var offset = index + 1
    if rule.flags & Self.keyDecided == 0 {
      offset = index
      guard
        match(
          ops + Int(rule.keyStart), ops + Int(rule.keyEnd), text: text, offset: &offset,
          limit: count, forward: true, segments: segments)
      else { return nil }
    }
    let keyEnd = offset
    if rule.postEnd > rule.postStart {
      guard
        match(
          ops + Int(rule.postStart), ops + Int(rule.postEnd), text: text, offset: &offset,
          limit: count, forward: true, segments: segments)
      else { return nil }
    }
    var item = Int(rule.outputStart)
    let end = Int(rule.outputEnd)
    var needed = end - item
    if rule.segmentCount > 0 {
      for position in item..<end where outputs[position] < 0 {
        let number = Int(-outputs[position])
        needed += max(0, segments[2 * number + 1] - segments[2 * number])
      }
    }
    guard written + needed <= capacity else { return -1 }
    while item < end {
      let value = outputs[item]
      item += 1
      if value >= 0 {
        output[written] = UInt16(truncatingIfNeeded: value)
        written += 1
      } else {
        let number = Int(-value)
        let start = segments[2 * number]
        let limit = segments[2 * number + 1]
        if start >= 0 && limit > start {
          (output + written).update(from: text + start, count: limit - start)
          written += limit - start
        }
      }
    }
    return keyEnd
  }

  @inline(__always)
  private func setContains(_ set: Int, _ unit: Int) -> Bool {
    let words = sets + set * Self.wordsPerSet
    return (words[unit >> 6] >> UInt64(unit & 63)) & 1 != 0
  }

  @inline(__always)
  private func setContainsEther(_ set: Int) -> Bool {
    sets[set * Self.wordsPerSet + Self.wordsPerSet - 1] & 1 != 0
  }

  /// ``match(_:_:text:offset:limit:forward:segments:)`` for the sequences inside
  /// quantifiers and segments: a function of its own, which may call itself.
  @inline(never)
  private func matchNested(
    _ start: UnsafeMutablePointer<Int32>, _ end: UnsafeMutablePointer<Int32>,
    text: UnsafeMutablePointer<UInt16>, offset: inout Int, limit: Int, forward: Bool,
    segments: UnsafeMutablePointer<Int>
  ) -> Bool {
    match(
      start, end, text: text, offset: &offset, limit: limit, forward: forward,
      segments: segments)
  }

  /// Matches a sequence of elements as ICU's `StringMatcher` does: element after
  /// element, from `offset` towards `limit` (forwards, or backwards for a before-context,
  /// whose sequence is stored reversed). On a match moves `offset` past it; otherwise
  /// leaves it.
  @inline(__always)
  private func match(
    _ start: UnsafeMutablePointer<Int32>, _ end: UnsafeMutablePointer<Int32>,
    text: UnsafeMutablePointer<UInt16>, offset: inout Int, limit: Int, forward: Bool,
    segments: UnsafeMutablePointer<Int>
  ) -> Bool {
    var cursor = offset
    var op = start
    while op < end {
      switch op[0] {
      case Self.literalOp:
        let unit = UInt16(truncatingIfNeeded: op[1])
        op += 2
        if forward {
          guard cursor < limit && text[cursor] == unit else { return false }
          cursor += 1
        } else {
          guard cursor > limit && text[cursor] == unit else { return false }
          cursor -= 1
        }
      case Self.setOp:
        let set = Int(op[1])
        op += 2
        if cursor == limit {
          // The edge of the text: ICU's ETHER, U+FFFF, which a set may hold.
          guard setContainsEther(set) else { return false }
          continue
        }
        if forward {
          guard cursor < limit else { return false }
        } else {
          guard cursor > limit else { return false }
        }
        let unit = Int(text[cursor])
        guard unit < Self.tableLimit, setContains(set, unit) else { return false }
        cursor += forward ? 1 : -1
      case Self.quantifierOp:
        let minimum = Int(op[1])
        let maximum = Int(op[2])
        let body = op + 4
        let bodyEnd = body + Int(op[3])
        op = bodyEnd
        var matches = 0
        let before = cursor
        while matches < maximum {
          let position = cursor
          guard
            matchNested(
              body, bodyEnd, text: text, offset: &cursor, limit: limit, forward: forward,
              segments: segments)
          else { break }
          matches += 1
          if cursor == position { break }  // a match of nothing: do not repeat it
        }
        if matches < minimum {
          cursor = before
          return false
        }
      default:  // segment
        let number = Int(op[1])
        let body = op + 3
        let bodyEnd = body + Int(op[2])
        op = bodyEnd
        let before = cursor
        guard
          matchNested(
            body, bodyEnd, text: text, offset: &cursor, limit: limit, forward: forward,
            segments: segments)
        else { return false }
        // Segments are only in keys and after-contexts, which match forwards.
        segments[2 * number] = before
        segments[2 * number + 1] = cursor
      }
    }
    offset = cursor
    return true
  }
}

// MARK: - Parsing

/// An element of a pattern.
indirect enum Element: Equatable {
  case char(UInt16)
  case set(Int)
  /// A sequence matched `min` to `max` times (ICU's `Quantifier` over a `StringMatcher`).
  case quantifier([Element], Int, Int)
  /// A sequence whose match a reference `$n` copies (1-based).
  case segment(Int, [Element])
}

/// An item of a rule's output.
enum OutputItem: Equatable {
  case char(UInt16)
  case segmentReference(Int)
}

/// A rule as parsed.
struct ParsedRule {
  var ante: [Element]
  var key: [Element]
  var post: [Element]
  var output: [OutputItem]
  var segmentCount: Int
}

/// A set of code points: a bitmap of U+0000 to `CompiledRules.tableLimit`, and whether
/// it holds U+FFFF (ICU's ETHER, which the edges of the text match).
struct CharSet: Equatable {
  var bits = [UInt64](repeating: 0, count: CompiledRules.tableLimit / 64)
  var ether = false

  var words: [UInt64] { bits + [ether ? 1 : 0] }

  func contains(_ unit: Int) -> Bool {
    guard unit < CompiledRules.tableLimit else { return unit == 0xFFFF && ether }
    return (bits[unit >> 6] >> UInt64(unit & 63)) & 1 != 0
  }

  mutating func insert(_ value: Int) {
    if value == 0xFFFF { ether = true }
    guard value < CompiledRules.tableLimit else { return }
    bits[value >> 6] |= 1 << UInt64(value & 63)
  }

  mutating func insert(_ range: ClosedRange<Int>) {
    if range.contains(0xFFFF) { ether = true }
    guard range.lowerBound < CompiledRules.tableLimit else { return }
    for value in range.lowerBound...min(range.upperBound, CompiledRules.tableLimit - 1) {
      bits[value >> 6] |= 1 << UInt64(value & 63)
    }
  }

  mutating func formUnion(_ other: CharSet) {
    for index in bits.indices { bits[index] |= other.bits[index] }
    ether = ether || other.ether
  }

  mutating func complement() {
    for index in bits.indices { bits[index] = ~bits[index] }
    ether.toggle()
  }

  /// The code points whose General_Category is one of `categories` (ICU's
  /// `UCharCategory` values).
  static func category(_ categories: Set<Int8>) -> CharSet {
    var mask: UInt32 = 0
    for category in categories { mask |= 1 << UInt32(category) }
    var set = CharSet()
    for value in 0..<CompiledRules.tableLimit
    where (mask >> UInt32(generalCategories[value])) & 1 != 0 {
      set.bits[value >> 6] |= 1 << UInt64(value & 63)
    }
    set.ether = categories.contains(
      UnicodeProperties.generalCategory(of: Unicode.Scalar(UInt32(0xFFFF)).unsafelyUnwrapped))
    return set
  }

  /// ICU's General_Category of U+0000 to `tableLimit` (surrogates: 18, Cs).
  static let generalCategories: [Int8] = (0..<CompiledRules.tableLimit).map { value in
    guard let scalar = Unicode.Scalar(UInt32(value)) else { return 18 }
    return UnicodeProperties.generalCategory(of: scalar)
  }
}

/// A parser for the subset of ICU's transform rule syntax that ``CompiledRules`` runs,
/// following `TransliteratorParser` (`rbt_pars.cpp`) and `UnicodeSet::applyPattern`.
struct RuleParser {
  private let text: [UInt16]
  private var position = 0
  private var variables: [String: [Element]] = [:]
  private(set) var sets: [CharSet] = []

  init(_ rules: String) {
    text = Array(rules.utf16)
  }

  struct Parsed {
    var passes: [[ParsedRule]]
    var sets: [CharSet]
  }

  private func fail(_ reason: String, at offset: Int? = nil) -> CompiledRules.Unsupported {
    CompiledRules.Unsupported(reason: reason, offset: offset ?? position)
  }

  /// ICU's `PatternProps::isWhiteSpace`.
  static func isWhiteSpace(_ unit: UInt16) -> Bool {
    switch unit {
    case 0x09...0x0D, 0x20, 0x85, 0x200E, 0x200F, 0x2028, 0x2029: true
    default: false
    }
  }

  private func at(_ offset: Int) -> UInt16? { offset < text.count ? text[offset] : nil }

  mutating func parse() throws(CompiledRules.Unsupported) -> Parsed {
    if text.contains(where: { $0 & 0xF800 == 0xD800 }) {
      throw fail("code points beyond the BMP", at: 0)
    }
    var passes: [[ParsedRule]] = []
    var inRules = false
    while position < text.count {
      let unit = text[position]
      if Self.isWhiteSpace(unit) {
        position += 1
        continue
      }
      if unit == 0x23 {  // '#': the rest of the line is a comment
        while position < text.count && text[position] != 0x0A { position += 1 }
        continue
      }
      if unit == 0x3B {  // an empty rule
        position += 1
        continue
      }
      if unit == 0x3A && at(position + 1) == 0x3A {  // "::ID ;"
        let start = position
        position += 2
        var id: [UInt16] = []
        while let next = at(position), next != 0x3B {
          if !Self.isWhiteSpace(next) { id.append(next) }
          position += 1
        }
        guard at(position) == 0x3B else { throw fail("an ID without ';'", at: start) }
        position += 1
        guard String(decoding: id, as: UTF16.self) == "Null" else {
          throw fail("the ID ::\(String(decoding: id, as: UTF16.self))", at: start)
        }
        inRules = false
        continue
      }
      if !inRules {
        passes.append([])
        inRules = true
      }
      if let rule = try parseRule() { passes[passes.count - 1].append(rule) }
    }
    return Parsed(passes: passes, sets: sets)
  }

  // MARK: Rules

  /// What one half of a rule holds.
  private struct Half {
    var elements: [Element] = []
    var ante: Int?
    var post: Int?
    var outputs: [OutputItem] = []
    var isOutput = false
    var segmentCount = 0
    /// The name of a variable used before its definition (the left side of `$x = ...`).
    var undefined: String?
  }

  /// Parses one rule or variable definition, up to and including its ';'.
  private mutating func parseRule() throws(CompiledRules.Unsupported) -> ParsedRule? {
    let start = position
    var left = Half()
    try parseSection(&left, inSegment: false)
    guard let op = at(position) else { throw fail("a rule without an operator", at: start) }
    switch op {
    case 0x3D:  // '=': a variable definition
      position += 1
      guard let name = left.undefined, left.elements.isEmpty, left.ante == nil,
        left.post == nil
      else { throw fail("a malformed variable definition", at: start) }
      var right = Half()
      try parseSection(&right, inSegment: false)
      try endRule(start)
      guard right.ante == nil, right.post == nil, right.undefined == nil else {
        throw fail("a malformed variable definition", at: start)
      }
      variables[name] = right.elements
      return nil
    case 0x3E, 0x2192:  // '>' or '→'
      position += 1
    default:
      throw fail("a rule that is not a forward rule", at: start)
    }
    if left.undefined != nil { throw fail("an undefined variable", at: start) }
    var right = Half()
    right.isOutput = true
    right.segmentCount = left.segmentCount
    try parseSection(&right, inSegment: false)
    try endRule(start)
    guard right.ante == nil, right.post == nil, right.undefined == nil else {
      throw fail("context on the output side", at: start)
    }
    let ante = left.ante ?? 0
    let post = left.post ?? left.elements.count
    guard ante <= post else { throw fail("'}' before '{'", at: start) }
    let rule = ParsedRule(
      ante: Array(left.elements[..<ante]), key: Array(left.elements[ante..<post]),
      post: Array(left.elements[post...]), output: right.outputs,
      segmentCount: left.segmentCount)
    if containsSegment(rule.ante) { throw fail("a segment in a before-context", at: start) }
    guard rule.segmentCount <= CompiledRules.maximumSegments else {
      throw fail("too many segments", at: start)
    }
    guard beginsWithCharacter(rule.key) else {
      throw fail("a key that may match nothing", at: start)
    }
    // A literal beyond the tables could take such a code point into a key past the check
    // that refuses text holding one (sets never match one).
    guard literalsWithinTables(rule.ante + rule.key + rule.post) else {
      throw fail("a literal beyond the engine's tables", at: start)
    }
    for item in rule.output {
      switch item {
      case .char(let unit):
        guard Int(unit) < CompiledRules.tableLimit else {
          throw fail("output beyond the engine's tables", at: start)
        }
      case .segmentReference(let number):
        guard number <= rule.segmentCount else { throw fail("an undefined segment", at: start) }
      }
    }
    return rule
  }

  private mutating func endRule(_ start: Int) throws(CompiledRules.Unsupported) {
    guard let unit = at(position) else { return }
    guard unit == 0x3B else { throw fail("a rule that does not end with ';'", at: start) }
    position += 1
  }

  private func containsSegment(_ elements: [Element]) -> Bool {
    elements.contains { element in
      switch element {
      case .char, .set: false
      case .segment: true
      case .quantifier(let inner, _, _): containsSegment(inner)
      }
    }
  }

  private func literalsWithinTables(_ elements: [Element]) -> Bool {
    elements.allSatisfy { element in
      switch element {
      case .char(let unit): Int(unit) < CompiledRules.tableLimit
      case .set: true
      case .quantifier(let inner, _, _), .segment(_, let inner): literalsWithinTables(inner)
      }
    }
  }

  private func beginsWithCharacter(_ elements: [Element]) -> Bool {
    guard let first = elements.first else { return false }
    switch first {
    case .char, .set: return true
    case .segment(_, let inner): return beginsWithCharacter(inner)
    case .quantifier(let inner, let min, _): return min > 0 && beginsWithCharacter(inner)
    }
  }

  /// ICU's `RuleHalf::parseSection`: one side of a rule, or a segment's content, up to
  /// an operator, ';' or (in a segment) ')'.
  private mutating func parseSection(_ half: inout Half, inSegment: Bool)
    throws(CompiledRules.Unsupported)
  {
    let sectionStart = half.isOutput ? half.outputs.count : half.elements.count
    // Where the most recent quoted string and variable reference begin and end, for a
    // quantifier after them.
    var quote: Range<Int>?
    var variable: Range<Int>?
    func count() -> Int { half.isOutput ? half.outputs.count : half.elements.count }
    while let unit = at(position) {
      position += 1
      if Self.isWhiteSpace(unit) { continue }
      switch unit {
      case 0x3D, 0x3E, 0x3C, 0x2192, 0x2190, 0x2194, 0x3B:  // = > < → ← ↔ ;
        if inSegment { throw fail("an unclosed segment") }
        position -= 1
        return
      case 0x5B:  // '[': a set
        guard !half.isOutput else { throw fail("a set in the output") }
        position -= 1
        let set = try parseSet()
        half.elements.append(.set(set))
      case 0x5C:  // '\\': an escape
        let character = try parseEscape()
        append(character, to: &half)
      case 0x27:  // a quote
        if at(position) == 0x27 {
          append(0x27, to: &half)
          position += 1
          continue
        }
        let start = count()
        while true {
          guard let close = text[position...].firstIndex(of: 0x27) else {
            throw fail("an unterminated quote")
          }
          for character in text[position..<close] { append(character, to: &half) }
          position = close + 1
          if at(position) == 0x27 {
            // '' inside quotes is an apostrophe; the quote goes on.
            append(0x27, to: &half)
            position += 1
          } else {
            break
          }
        }
        quote = start..<count()
      case 0x24:  // '$': a variable or a segment reference
        guard let next = at(position) else { throw fail("an anchor at the end") }
        if next >= 0x31 && next <= 0x39 {
          var number = 0
          while let digit = at(position), digit >= 0x30 && digit <= 0x39 {
            number = number * 10 + Int(digit - 0x30)
            position += 1
          }
          guard half.isOutput else { throw fail("a segment reference in a pattern") }
          half.outputs.append(.segmentReference(number))
          continue
        }
        guard let name = parseName() else { throw fail("an anchor") }
        guard let value = variables[name] else {
          guard half.undefined == nil, !half.isOutput else {
            throw fail("an undefined variable $\(name)")
          }
          half.undefined = name
          continue
        }
        let start = count()
        if half.isOutput {
          for element in value {
            guard case .char(let character) = element else {
              throw fail("a variable that is not text in the output")
            }
            half.outputs.append(.char(character))
          }
        } else {
          half.elements += value
        }
        variable = start..<count()
      case 0x28:  // '(': a segment
        guard !half.isOutput else { throw fail("a segment in the output") }
        half.segmentCount += 1
        let number = half.segmentCount
        var inner = Half()
        inner.segmentCount = half.segmentCount
        try parseSection(&inner, inSegment: true)
        guard inner.ante == nil, inner.post == nil, inner.undefined == nil else {
          throw fail("context inside a segment")
        }
        half.segmentCount = inner.segmentCount
        half.elements.append(.segment(number, inner.elements))
      case 0x29:  // ')'
        guard inSegment else { throw fail("')' outside a segment") }
        return
      case 0x3F, 0x2A, 0x2B:  // ? * +
        guard !half.isOutput else { throw fail("a quantifier in the output") }
        let end = half.elements.count
        guard end > sectionStart else { throw fail("a quantifier with nothing before it") }
        let quantified: Range<Int>
        if let quote, quote.upperBound == end {
          quantified = quote
        } else if let variable, variable.upperBound == end {
          quantified = variable
        } else {
          quantified = (end - 1)..<end
        }
        let inner = Array(half.elements[quantified])
        half.elements.removeSubrange(quantified)
        let minimum = unit == 0x2B ? 1 : 0
        let maximum = unit == 0x3F ? 1 : Int(Int32.max)
        half.elements.append(.quantifier(inner, minimum, maximum))
      case 0x7B:  // '{'
        guard !inSegment, !half.isOutput, half.ante == nil else { throw fail("a misplaced '{'") }
        half.ante = half.elements.count
      case 0x7D:  // '}'
        guard !inSegment, !half.isOutput, half.post == nil else { throw fail("a misplaced '}'") }
        half.post = half.elements.count
      default:
        // ICU reserves unquoted printable ASCII other than letters and digits (cursors,
        // anchors, functions, the dot: not supported here either).
        if unit >= 0x21 && unit <= 0x7E
          && !((unit >= 0x30 && unit <= 0x39) || (unit | 0x20) &- 0x61 < 26)
        {
          throw fail("the special character \(Character(Unicode.Scalar(unit) ?? " "))")
        }
        append(unit, to: &half)
      }
    }
    if inSegment { throw fail("an unclosed segment") }
  }

  private func append(_ unit: UInt16, to half: inout Half) {
    if half.isOutput {
      half.outputs.append(.char(unit))
    } else {
      half.elements.append(.char(unit))
    }
  }

  /// A variable name after '$' (ASCII identifiers, which is all the rule sets use).
  private mutating func parseName() -> String? {
    let start = position
    while let unit = at(position) {
      let isStart = (unit | 0x20) &- 0x61 < 26 || unit == 0x5F
      let isPart = isStart || (unit >= 0x30 && unit <= 0x39)
      if position == start ? !isStart : !isPart { break }
      position += 1
    }
    guard position > start else { return nil }
    return String(decoding: text[start..<position], as: UTF16.self)
  }

  /// An escape after '\\' (ICU's `unescapeAt`): `\uXXXX`, `\UXXXXXXXX`, or a punctuation
  /// character standing for itself.
  private mutating func parseEscape() throws(CompiledRules.Unsupported) -> UInt16 {
    guard let unit = at(position) else { throw fail("a trailing backslash") }
    if unit == 0x75 || unit == 0x55 {  // u, U
      let digits = unit == 0x75 ? 4 : 8
      var value = 0
      for offset in 1...digits {
        guard let digit = at(position + offset), let hex = Self.hexValue(digit) else {
          throw fail("a malformed \\u escape")
        }
        value = value * 16 + hex
      }
      position += digits + 1
      guard value < 0xD800 || (value > 0xDFFF && value < 0x10000) else {
        throw fail("an escape beyond the BMP")
      }
      return UInt16(value)
    }
    // Letters and digits start escapes this engine does not read (\x, \n, octal, ...).
    guard !((unit | 0x20) &- 0x61 < 26 || (unit >= 0x30 && unit <= 0x39)) else {
      throw fail("the escape \\\(Character(Unicode.Scalar(unit) ?? " "))")
    }
    position += 1
    return unit
  }

  private static func hexValue(_ unit: UInt16) -> Int? {
    switch unit {
    case 0x30...0x39: Int(unit - 0x30)
    case 0x41...0x46: Int(unit - 0x41 + 10)
    case 0x61...0x66: Int(unit - 0x61 + 10)
    default: nil
    }
  }

  // MARK: Sets

  /// A set pattern at `position` (which is at '['): ICU's `UnicodeSet` syntax with
  /// `USET_IGNORE_SPACE`, for characters, ranges, nested sets, categories and
  /// variables. Returns the set's index.
  private mutating func parseSet() throws(CompiledRules.Unsupported) -> Int {
    let set = try parseSetBody()
    if let existing = sets.firstIndex(of: set) { return existing }
    sets.append(set)
    return sets.count - 1
  }

  private mutating func skipSpace() {
    while let unit = at(position), Self.isWhiteSpace(unit) { position += 1 }
  }

  private mutating func parseSetBody() throws(CompiledRules.Unsupported) -> CharSet {
    let start = position
    guard at(position) == 0x5B else { throw fail("a set expected") }
    position += 1
    if at(position) == 0x3A {  // "[:name:]"
      return try parseProperty(from: start)
    }
    var set = CharSet()
    skipSpace()
    var negated = false
    if at(position) == 0x5E {
      negated = true
      position += 1
    }
    // The last single character, which a '-' may turn into a range.
    var pending: UInt16?
    var first = true
    while true {
      skipSpace()
      guard let unit = at(position) else { throw fail("an unterminated set", at: start) }
      if unit == 0x5D {  // ']'
        position += 1
        break
      }
      if unit == 0x5B {
        set.formUnion(try parseSetBody())
        pending = nil
        first = false
        continue
      }
      if unit == 0x2D {  // '-'
        position += 1
        skipSpace()
        if first || at(position) == 0x5D {
          // A '-' first or last is itself.
          set.insert(0x2D)
          pending = 0x2D
          first = false
          continue
        }
        guard let low = pending else { throw fail("a set operator", at: start) }
        let high = try parseSetCharacter(start)
        guard high >= low else { throw fail("a reversed range", at: start) }
        set.insert(Int(low)...Int(high))
        pending = nil
        continue
      }
      if unit == 0x24 {  // '$': a variable
        position += 1
        guard let name = parseName(), let value = variables[name] else {
          throw fail("an anchor or an undefined variable in a set", at: start)
        }
        // The variable's text stands in the pattern: characters, or a set.
        pending = nil
        for element in value {
          switch element {
          case .char(let character):
            set.insert(Int(character))
            pending = character
          case .set(let index):
            set.formUnion(sets[index])
            pending = nil
          default: throw fail("a variable in a set that is not a set or text", at: start)
          }
        }
        first = false
        continue
      }
      let character = try parseSetCharacter(start)
      set.insert(Int(character))
      pending = character
      first = false
    }
    if negated { set.complement() }
    return set
  }

  /// One character of a set: literal or escaped.
  private mutating func parseSetCharacter(_ start: Int) throws(CompiledRules.Unsupported)
    -> UInt16
  {
    guard let unit = at(position) else { throw fail("an unterminated set", at: start) }
    position += 1
    switch unit {
    case 0x5C: return try parseEscape()
    case 0x5B, 0x5D, 0x26, 0x7B, 0x7D, 0x5E, 0x3A, 0x27, 0x24:  // [ ] & { } ^ : ' $
      throw fail("set syntax this engine does not read", at: start)
    default: return unit
    }
  }

  /// The General_Category values a property name of one or two letters stands for.
  private static let categories: [String: Set<Int8>] = [
    "L": [1, 2, 3, 4, 5], "Lu": [1], "Ll": [2], "Lt": [3], "Lm": [4], "Lo": [5],
    "M": [6, 7, 8], "Mn": [6], "Me": [7], "Mc": [8],
  ]

  /// "[:L:]" and the like, from the '['.
  private mutating func parseProperty(from start: Int) throws(CompiledRules.Unsupported)
    -> CharSet
  {
    position += 1  // ':'
    var name: [UInt16] = []
    while let unit = at(position), unit != 0x3A {
      if !Self.isWhiteSpace(unit) { name.append(unit) }
      position += 1
    }
    guard at(position) == 0x3A, at(position + 1) == 0x5D else {
      throw fail("a malformed property", at: start)
    }
    position += 2
    guard let categories = Self.categories[String(decoding: name, as: UTF16.self)] else {
      throw fail("the property \(String(decoding: name, as: UTF16.self))", at: start)
    }
    return CharSet.category(categories)
  }
}
