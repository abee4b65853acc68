import Dispatch
import TarjumanICU
import Testing

@Suite("Transliterator")
struct TransliteratorTests {
  /// A small Persian romanization in ICU transform rule syntax. `::NFC;` first composes
  /// decomposed input (ا + madda → آ) so that the rule for آ sees one character.
  static let persianRules = """
    ::NFC;
    آ > aa;
    ا > a;
    ب > b;
    پ > p;
    ت > t;
    خ > kh;
    د > d;
    ر > r;
    ز > z;
    ش > sh;
    م > m;
    ن > n;
    و > v;
    ه > h;
    ی > i;
    \\u200C > '-';
    """

  @Test(
    "Any-Latin; Latin-ASCII romanizes Russian",
    arguments: [
      ("Москва", "Moskva"),
      ("Санкт-Петербург", "Sankt-Peterburg"),
      ("", ""),
    ])
  func builtIn(input: String, expected: String) throws {
    let romanizer = try Transliterator(id: "Any-Latin; Latin-ASCII")
    #expect(romanizer.id == "Any-Latin; Latin-ASCII")
    #expect(!romanizer.isRuleBased)
    expectSameScalars(try romanizer.transliterate(input), expected)
  }

  @Test("Latin-ASCII strips accents and expands ligatures")
  func latinASCII() throws {
    let ascii = try Transliterator(id: "Latin-ASCII")
    expectSameScalars(try ascii.transliterate("Café Straße æ"), "Cafe Strasse ae")
  }

  @Test(
    "A rule set of our own compiles and romanizes Persian words",
    arguments: [
      ("شاه", "shah"),
      ("خانم", "khanm"),
      ("تهران", "thran"),
      ("آب", "aab"),
      // Decomposed آ (ا + U+0653 madda) is composed by ::NFC before the rules run.
      ("\u{627}\u{653}b", "aab"),
      ("\u{627}\u{653}\u{628}", "aab"),
      // ZWNJ inside می‌خواهم becomes a hyphen.
      ("می\u{200C}خواهم", "mi-khvahm"),
      // Characters without a rule pass through.
      ("شاه 12", "shah 12"),
    ])
  func persianRuleSet(input: String, expected: String) throws {
    let persian = try Transliterator(id: "fa-Tarjuman", rules: Self.persianRules)
    #expect(persian.isRuleBased)
    #expect(persian.id == "fa-Tarjuman")
    expectSameScalars(try persian.transliterate(input), expected)
  }

  @Test("The in-place UTF-16 API gives the same result as the String API")
  func inPlaceUnits() throws {
    let persian = try Transliterator(id: "fa-Tarjuman", rules: Self.persianRules)
    var units = Array("خانه".utf16)
    try persian.transliterate(&units)
    #expect(String(decoding: units, as: UTF16.self) == "khanh")
    #expect(units == Array("khanh".utf16))
  }

  @Test(
    "Rules with a syntax error throw TransliteratorError with a rule position",
    arguments: [
      "ش > sh;\nخ > (kh;",  // unclosed segment
      "a > b;\nc } d } e > f;",  // two after-contexts
      "$undefined > x;",  // undefined variable
    ])
  func syntaxError(rules: String) {
    do {
      let transliterator = try Transliterator(id: "broken", rules: rules)
      Issue.record("rules \(rules.debugDescription) compiled into \(transliterator.id)")
    } catch {
      #expect(error.id == "broken")
      #expect(error.status.code > 0, "status \(error.status.name) is not an error")
      #expect(error.status.name.hasPrefix("U_"))
      // ICU 72's transform rule parser reports the offset in the rules and always 0 as
      // the line ("we are not using line numbers"), but the position is present.
      #expect(error.ruleLine != nil)
      #expect(error.ruleOffset != nil)
      #expect(error.description.contains("broken"))
    }
  }

  @Test("An unclosed segment is reported as U_UNCLOSED_SEGMENT at its offset")
  func unclosedSegment() throws {
    let error = try #require(throws: TransliteratorError.self) {
      try Transliterator(id: "broken", rules: "ش > sh;\nخ > (kh;")
    }
    #expect(error.status.name == "U_UNCLOSED_SEGMENT")
    #expect(error.ruleLine == 0)
    #expect((error.ruleOffset ?? -1) > 0)
  }

  @Test("An unknown ID throws U_INVALID_ID without a rule position")
  func unknownID() throws {
    let error = try #require(throws: TransliteratorError.self) {
      try Transliterator(id: "Klingon-Elvish")
    }
    #expect(error.id == "Klingon-Elvish")
    #expect(error.status.name == "U_INVALID_ID")
    #expect(error.ruleLine == nil)
    #expect(error.ruleOffset == nil)
    #expect(error.description == "cannot open transliterator Klingon-Elvish: U_INVALID_ID")
  }

  @Test("clone() behaves like the original")
  func clone() throws {
    let persian = try Transliterator(id: "fa-Tarjuman", rules: Self.persianRules)
    let copy = try persian.clone()
    #expect(copy !== persian)
    #expect(copy.id == persian.id)
    #expect(copy.isRuleBased)
    for word in ["شاه", "می\u{200C}خواهم", "\u{627}\u{653}ب", "تهران"] {
      expectSameScalars(try copy.transliterate(word), try persian.transliterate(word))
    }
    let romanizer = try Transliterator(id: "Any-Latin; Latin-ASCII")
    let romanizerCopy = try romanizer.clone()
    #expect(!romanizerCopy.isRuleBased)
    expectSameScalars(try romanizerCopy.transliterate("Москва"), "Moskva")
  }

  @Test("reverse runs the rules backwards")
  func reverse() throws {
    let rules = "a <> ب; b <> پ;"
    let forward = try Transliterator(id: "pair", rules: rules)
    let backward = try Transliterator(id: "pair", rules: rules, reverse: true)
    expectSameScalars(try forward.transliterate("ab"), "بپ")
    expectSameScalars(try backward.transliterate("بپ"), "ab")
  }

  // The first buffer holds twice the input; 40 × 1,000 letters needs 40,000 units, so
  // ICU reports U_BUFFER_OVERFLOW_ERROR and the transliterator must retry.
  @Test("A rule that expands each letter 40-fold returns the full result (buffer retry)")
  func expansionRetry() throws {
    let forty = String(repeating: "x", count: 40)
    let expander = try Transliterator(id: "expander", rules: "a > \(forty);")
    let input = String(repeating: "a", count: 1_000)
    let result = try expander.transliterate(input)
    #expect(result.utf16.count == 40_000)
    expectSameScalars(result, String(repeating: forty, count: 1_000))

    // The in-place UTF-16 API takes the same path.
    var units = Array(input.utf16)
    try expander.transliterate(&units)
    #expect(units.count == 40_000)
    #expect(units.allSatisfy { $0 == UInt16(UInt8(ascii: "x")) })
  }

  @Test("Growth just past the first buffer (2 × input) also returns the full result")
  func modestExpansionRetry() throws {
    // 100 letters into 300 units: past the 200-unit first buffer.
    let expander = try Transliterator(id: "tripler", rules: "a > xyz;")
    let result = try expander.transliterate(String(repeating: "a", count: 100))
    expectSameScalars(result, String(repeating: "xyz", count: 100))
    // Doubling exactly fills the first buffer and needs no retry.
    let doubler = try Transliterator(id: "doubler", rules: "a > xy;")
    expectSameScalars(
      try doubler.transliterate(String(repeating: "a", count: 100)),
      String(repeating: "xy", count: 100))
  }

  @Test("Shrinking output is trimmed to its real length")
  func shrinking() throws {
    let shrinker = try Transliterator(id: "shrinker", rules: "abc > z; d > ;")
    expectSameScalars(try shrinker.transliterate("abcdabcd-abc"), "zz-z")
  }

  @Test("One shared Transliterator gives correct results to 4 concurrent tasks")
  func concurrentUse() async throws {
    let persian = try Transliterator(id: "fa-Tarjuman", rules: Self.persianRules)
    let words = ["شاه", "خانم", "تهران", "آب", "می\u{200C}خواهم"]
    let expected = ["shah", "khanm", "thran", "aab", "mi-khvahm"]
    let failures = await withTaskGroup(of: Int.self) { group in
      for task in 0..<4 {
        group.addTask {
          var failures = 0
          for index in 0..<1_000 {
            let pick = (index + task) % words.count
            // Vary the length too, so tasks do not all send the same text.
            let count = 1 + (index % 7)
            let input = Array(repeating: words[pick], count: count).joined(separator: " ")
            let want = Array(repeating: expected[pick], count: count).joined(separator: " ")
            guard let got = try? persian.transliterate(input), sameScalars(got, want) else {
              failures += 1
              continue
            }
          }
          return failures
        }
      }
      return await group.reduce(0, +)
    }
    #expect(failures == 0)
  }

  @Test("Concurrent use through DispatchQueue.concurrentPerform is also correct")
  func concurrentPerform() throws {
    let romanizer = try Transliterator(id: "Any-Latin; Latin-ASCII")
    let inputs = ["Москва", "Киев", "Минск", "Казань"]
    let expected = ["Moskva", "Kiev", "Minsk", "Kazan'"]
    let counter = FailureCounter()
    DispatchQueue.concurrentPerform(iterations: 4) { worker in
      for index in 0..<1_000 {
        let pick = (index + worker) % inputs.count
        let got = try? romanizer.transliterate(inputs[pick])
        if got.map({ sameScalars($0, expected[pick]) }) != true { counter.add() }
      }
    }
    #expect(counter.value == 0)
  }
}

/// A thread-safe failure count for DispatchQueue workers.
final class FailureCounter: @unchecked Sendable {
  private let queue = DispatchQueue(label: "FailureCounter")
  private var count = 0
  func add() { queue.sync { count += 1 } }
  var value: Int { queue.sync { count } }
}

@Suite("TransliteratorCache")
struct TransliteratorCacheTests {
  @Test("Cached transliterators are separate clones that behave the same")
  func sameBehaviour() throws {
    let first = try TransliteratorCache.transliterator(id: "Any-Latin; Latin-ASCII")
    let second = try TransliteratorCache.transliterator(id: "Any-Latin; Latin-ASCII")
    #expect(first !== second)
    #expect(first.id == second.id)
    for word in ["Москва", "Αθήνα", "Ελλάδα"] {
      expectSameScalars(try first.transliterate(word), try second.transliterate(word))
    }
    expectSameScalars(try first.transliterate("Москва"), "Moskva")
  }

  @Test("Rule sets are cached by their rule text, not only their ID")
  func keyedByRules() throws {
    let a = try TransliteratorCache.transliterator(id: "cache-test", rules: "a > b;")
    let a2 = try TransliteratorCache.transliterator(id: "cache-test", rules: "a > b;")
    let c = try TransliteratorCache.transliterator(id: "cache-test", rules: "a > c;")
    let reversed = try TransliteratorCache.transliterator(
      id: "cache-test", rules: "a <> b;", reverse: true)
    expectSameScalars(try a.transliterate("aaa"), "bbb")
    expectSameScalars(try a2.transliterate("aaa"), "bbb")
    expectSameScalars(try c.transliterate("aaa"), "ccc")
    expectSameScalars(try reversed.transliterate("bab"), "aaa")
    #expect(a.isRuleBased && c.isRuleBased)
  }

  @Test("Rule-based entries survive removeAll and recompile")
  func removeAll() throws {
    let rules = TransliteratorTests.persianRules
    let before = try TransliteratorCache.transliterator(id: "fa-cache", rules: rules)
    TransliteratorCache.removeAll()
    let after = try TransliteratorCache.transliterator(id: "fa-cache", rules: rules)
    expectSameScalars(try before.transliterate("شاه"), "shah")
    expectSameScalars(try after.transliterate("شاه"), "shah")
  }

  @Test("Errors are not cached: bad rules throw every time")
  func errorsThrowEveryTime() {
    for _ in 0..<2 {
      #expect(throws: TransliteratorError.self) {
        try TransliteratorCache.transliterator(id: "broken", rules: "a > (b;")
      }
    }
    #expect(throws: TransliteratorError.self) {
      try TransliteratorCache.transliterator(id: "Klingon-Elvish")
    }
  }

  @Test("Concurrent callers each get a working transliterator")
  func concurrentCallers() async throws {
    let results = await withTaskGroup(of: String?.self) { group in
      for _ in 0..<8 {
        group.addTask {
          try? TransliteratorCache.transliterator(id: "Any-Latin; Latin-ASCII")
            .transliterate("Москва")
        }
      }
      return await group.reduce(into: [String?]()) { $0.append($1) }
    }
    #expect(results.count == 8)
    #expect(results.allSatisfy { $0 == "Moskva" })
  }
}
