import Foundation
import TarjumanGlossary
import TarjumanICU
import TarjumanTestSupport
import TarjumanText
import Testing

@testable import TarjumanPreprocess

@Suite("Preprocessing steps")
struct StepTests {
  static let english = [Column(name: "en", language: .fixed(.en))]
  static let persian = [Column(name: "fa", language: .fixed(.fa))]
  static let arabic = [Column(name: "ar", language: .fixed(.ar))]

  func run(_ step: any RecordStep, _ lines: [String]) throws -> ([String], Tally) {
    var records = lines.map { Record([$0]) }
    var tally = Tally()
    step.apply(&records, tally: &tally, workspace: try step.makeWorkspace())
    return (records.map { $0.strings.joined(separator: "\t") }, tally)
  }

  @Test(
    "English abbreviations do not end a sentence",
    arguments: [
      (
        "Mr. Smith met Dr. Jones in Beirut. They spoke for an hour.",
        ["Mr. Smith met Dr. Jones in Beirut.", "They spoke for an hour."]
      ),
      (
        "The U.S. envoy arrived in Damascus on Monday. He left on Tuesday.",
        ["The U.S. envoy arrived in Damascus on Monday.", "He left on Tuesday."]
      ),
      (
        "Several cities, e.g. Aleppo and Homs, were hit. Aid arrived later.",
        ["Several cities, e.g. Aleppo and Homs, were hit.", "Aid arrived later."]
      ),
      ("John F. Kennedy visited Berlin.", ["John F. Kennedy visited Berlin."]),
    ])
  func englishSentences(line: String, expected: [String]) throws {
    let (sentences, _) = try run(SentenceSplitStep(columns: Self.english), [line])
    #expect(sentences == expected)
  }

  @Test func persianAndArabicSentences() throws {
    let (persian, tally) = try run(
      SentenceSplitStep(columns: Self.persian),
      ["آتش‌بس در غزه اجرایی شد. مذاکرات ادامه دارد؟ بله."])
    #expect(persian == ["آتش‌بس در غزه اجرایی شد.", "مذاکرات ادامه دارد؟", "بله."])
    #expect(tally.recordsSplit == 1)
    let (arabic, _) = try run(
      SentenceSplitStep(columns: Self.arabic), ["وصل الوفد إلى دمشق. ثم غادر إلى بيروت."])
    #expect(arabic == ["وصل الوفد إلى دمشق.", "ثم غادر إلى بيروت."])
  }

  @Test(
    "canonicalize rewrites names in each column's language, counts them, and keeps the patterns it compiled"
  )
  func canonicalize() throws {
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(
        "TarjumanGlossaryTests/Fixtures/sample.glossary")
    let (glossary, problems) = try GlossaryFile.read(fixture)
    #expect(problems.isEmpty)
    let folder = TemporaryFolder()
    let cacheFolder = URL(fileURLWithPath: folder.path)
    let columns = Self.persian + Self.arabic + [Column(name: "en", language: .auto)]
    let lines = [
      "سخنان الجولاني\tقال للجولاني وبجولانی\tal-Julani spoke.",
      "هیچ\tلا شيء\tNothing to see here.",
    ]
    let expected = [
      "سخنان احمد الشرع\tقال لأحمد الشرع وبأحمد الشرع\tAhmed al-Sharaa spoke.",
      "هیچ\tلا شيء\tNothing to see here.",
    ]
    for _ in 0..<2 {
      // The second step reads the patterns the first one saved.
      let step = try CanonicalizeStep(
        glossary: glossary, style: nil, allForms: false, columns: columns,
        cacheFolder: cacheFolder)
      var records = lines.map { Record($0.split(separator: "\t").map(String.init)) }
      var tally = Tally()
      step.apply(&records, tally: &tally, workspace: step.makeWorkspace())
      #expect(records.map { $0.strings.joined(separator: "\t") } == expected)
      #expect(tally.canonicalized == ["ahmed-al-sharaa": 4])
      let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      #expect(files.count == 1 && files[0].hasPrefix("find-patterns-"))
    }
  }

  @Test func bitextSplitsOnlyWhenCountsAgree() throws {
    let columns = [
      Column(name: "en", language: .fixed(.en)), Column(name: "fa", language: .fixed(.fa)),
    ]
    let step = SentenceSplitStep(columns: columns)
    var records = [
      Record(["It rained. Then it stopped.", "باران بارید. سپس بند آمد."]),
      Record(["It rained. Then it stopped.", "باران بارید و سپس بند آمد."]),
    ]
    var tally = Tally()
    step.apply(&records, tally: &tally, workspace: try step.makeWorkspace())
    #expect(
      records.map(\.strings) == [
        ["It rained.", "باران بارید."], ["Then it stopped.", "سپس بند آمد."],
        ["It rained. Then it stopped.", "باران بارید و سپس بند آمد."],
      ])
    #expect(tally.splitMismatches == 1)
  }

  @Test func tokenizeKeepsZWNJWordsWhole() throws {
    let (persian, _) = try run(
      TokenizeStep(columns: Self.persian), ["می‌روم به خانه‌ها، کتاب‌ها را خواندم."])
    #expect(persian == ["می‌روم به خانه‌ها ، کتاب‌ها را خواندم ."])
    let (english, _) = try run(
      TokenizeStep(columns: Self.english), ["Hezbollah's leader, in Beirut (Lebanon)."])
    #expect(english == ["Hezbollah's leader , in Beirut ( Lebanon ) ."])
  }

  @Test func normalizePerColumnLanguage() throws {
    let columns = [
      Column(name: "fa", language: .fixed(.fa)), Column(name: "ar", language: .fixed(.ar)),
    ]
    let step = try NormalizeStep(profile: .clean, digits: .keep, columns: columns)
    var records = [Record(["رسانه هاي محلي", "مدينة كبيرة"])]
    var tally = Tally()
    step.apply(&records, tally: &tally, workspace: step.makeWorkspace())
    #expect(records[0].strings[0] == "رسانه\u{200C}های محلی")
    #expect(records[0].strings[1] == "مدينة كبيرة")
  }

  @Test(
    "filters drop with a reason",
    arguments: [
      ("https://example.com/news", "url-or-email"),
      ("press@example.org", "url-or-email"),
      ("2024-11-03 12:45:00 9981", "too-many-digits"),
      ("Ceasefire talks resumed", "wrong-script"),
      ("هو في المدينة الكبيرة", "wrong-script"),
      ("!!! ??? ### ***", "too-many-symbols"),
      ("آتش‌بس در غزه اجرایی شد.", nil),
    ] as [(String, String?)])
  func persianColumnFilters(line: String, reason: String?) {
    var options = FilterOptions()
    options.script = true
    options.dropURL = true
    options.maxDigits = 0.5
    options.maxSymbols = 0.5
    let step = FilterStep(options: options, columns: Self.persian)
    #expect(step.rejection(of: Record([line])) == reason)
  }

  @Test func bitextFilters() {
    let columns = [
      Column(name: "en", language: .fixed(.en)), Column(name: "fa", language: .fixed(.fa)),
    ]
    var options = FilterOptions()
    options.maxRatio = 2
    options.dropSame = true
    options.minChars = 2
    options.maxTokens = 20
    let step = FilterStep(options: options, columns: columns)
    #expect(step.rejection(of: Record(["The ceasefire took effect.", "آتش‌بس اجرایی شد."])) == nil)
    #expect(
      step.rejection(of: Record(["The ceasefire in Gaza took effect on Sunday morning.", "غزه"]))
        == "length-ratio")
    #expect(step.rejection(of: Record(["Gaza 2024", "Gaza 2024"])) == "same-as-source")
    #expect(step.rejection(of: Record(["A", "آ"])) == "too-short")
    #expect(
      step.rejection(of: Record([String(repeating: "word ", count: 21), "کلمه"]))
        == "too-many-tokens")
  }

  @Test func pipelineFile() throws {
    let spec = try PipelineSpec(
      parsing: """
        # clean a Persian corpus
        normalize profile=clean digits=persian
        filter script url
        split
        tokenize
        filter min-chars=3 max-ratio=2.5
        dedupe near
        """, path: "p.pipeline")
    var early = FilterOptions()
    early.script = true
    early.dropURL = true
    var late = FilterOptions()
    late.minChars = 3
    late.maxRatio = 2.5
    #expect(
      spec.steps == [
        .normalize(.clean, .persian), .filter(early), .split, .tokenize, .filter(late),
      ])
    #expect(spec.dedupe == .near)
    #expect(
      throws: PreprocessError.usage(
        "p:2: unknown step 'shout' (normalize, split, tokenize, canonicalize, romanize, filter, dedupe)"
      )
    ) {
      try PipelineSpec(parsing: "split\nshout", path: "p")
    }
    #expect(throws: PreprocessError.usage("p:1: unknown option 'colour' for split")) {
      try PipelineSpec(parsing: "split colour=red", path: "p")
    }
  }

  @Test func fingerprintsAreStable() throws {
    #expect(Fingerprint.exact(Record(["a b", "c"])) != Fingerprint.exact(Record(["a", "b c"])))
    #expect(Fingerprint.exact(Record(["سلام"])) == Fingerprint.exact(Record(["سلام"])))
    let set = try? FingerprintSet()
    for value in 0..<100_000 { #expect((try? set?.insert(UInt64(value) &* 7919)) == true) }
    #expect((try? set?.insert(7919 * 5)) == false)
  }

  /// Deterministic fingerprints with repeats far apart: a key comes back after it has
  /// gone to a run, often after several merges.
  static func keys(_ count: Int, distinct: UInt64) -> [UInt64] {
    var state: UInt64 = 0x1234_5678_9ABC_DEF0
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return ((state >> 33) % distinct) &* 0x9E37_79B9_7F4A_7C15
    }
  }

  @Test(
    "A spilling set answers exactly like a set in memory",
    arguments: [
      (8 << 10, 60_000, UInt64(20_000)),  // filters for the first runs, none later
      (64 << 10, 60_000, UInt64(50_000)),
      (1 << 20, 300_000, UInt64(250_000)),
      (8 << 10, 5_000, UInt64(1 << 40)),  // almost all new
    ])
  func spillingSetIsExact(budget: Int, count: Int, distinct: UInt64) throws {
    let folder = TemporaryFolder()
    let set = try FingerprintSet(memoryLimit: budget, spillDirectory: folder.path)
    var reference = Set<UInt64>()
    var disagreements = 0
    for key in Self.keys(count, distinct: distinct) {
      let stored = key == 0 ? 1 : key
      if try set.insert(key) != reference.insert(stored).inserted { disagreements += 1 }
    }
    #expect(disagreements == 0)
    #expect(set.spills >= 2)
    #expect(set.runCount < set.spills || set.spills == 1)
    // Runs are unlinked as soon as they are made.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }

  @Test func spillFolderMustBeWritable() {
    #expect(throws: PreprocessError.self) {
      try FingerprintSet(memoryLimit: 1 << 20, spillDirectory: "/no/such/folder")
    }
  }

  @Test func bloomFilterHasNoFalseNegatives() {
    var filter = BloomFilter(keys: 10_000)
    let keys = Self.keys(10_000, distinct: 1 << 50)
    for key in keys { filter.insert(key) }
    #expect(keys.allSatisfy { filter.mayContain($0) })
    let others = Self.keys(20_000, distinct: 1 << 50).suffix(10_000).map { $0 ^ 0xDEAD_BEEF }
    let falsePositives = others.filter { filter.mayContain($0) }.count
    #expect(falsePositives < 500)  // about 2%
  }
}

@Suite("Sentence fast path")
struct SentenceFastPathTests {
  /// The fast path must agree with ICU on every line of the sample corpora.
  @Test func agreesWithICU() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Corpora")
    let iterators = try BreakIterators(kind: .sentence)
    for (name, language) in [
      ("en/news.txt", TextLanguage.en), ("fa/news.txt", .fa), ("ar/news.txt", .ar),
    ] {
      let text = try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
      for line in text.split(separator: "\n") {
        let field = Array(line.utf8)
        guard SentenceSplitStep.isOneSentence(field) else { continue }
        let pieces = iterators.segments(field, language: language)
          .filter { !trimmed(field[$0.0]).isEmpty }
        #expect(pieces.count == 1, "\(line)")
      }
    }
  }
}

@Suite("Sentence fast path: tails and periods")
struct SentenceTailTests {
  /// Words with periods: some ICU never breaks after (`3.5`, `e.g`, `U.S`), some it may.
  static let tokens = [
    "3.5", "e.g.", "U.S.", "v1.2.3", "file.txt", "x.Y", "3.X", "a.b.", "Dr.Smith", "A.b",
    "www.example.com", "ok.", "x.\u{200C}y", ".5", "5.", "...", "a..b", "x.\"y", "(a.b)",
    "٣.٥", "کتاب.txt", "الف.ب", "Mr.", "i.e.", "p.m.", "1.", "x.Ж", "é.b", "a.É",
  ]
  static let words = ["the", "rate", "rose", "in", "کتاب", "خانه", "العربية", "قال", "Idlib"]
  /// Ends of lines: terminators, closing marks and spaces in many orders.
  static let tails = [
    ". '", ".'", ". )", ".) ", "? \"", "!\" ", ". .", ". .'", ".. ", "؟ )", "؟'", ". ] .",
    ".' )", "! ' !", "؟ ؟ '",
  ]

  /// Lines of words, tokens and tails from a fixed pseudo-random sequence.
  static func lines(count: Int) -> [String] {
    var state: UInt64 = 0x7065_7269_6F64
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33)
    }
    var lines: [String] = []
    for tail in tails {
      for word in words { lines.append("\(word) said: 'yes\(tail)") }
    }
    for token in tokens {
      for word in words {
        lines.append("\(word) \(token) \(word)")
        lines.append("\(token) \(word)")
        lines.append("\(word) \(token)")
        lines.append("\(word)\(token)\(word).")
      }
    }
    for _ in 0..<count {
      var parts: [String] = []
      for _ in 0..<(1 + next() % 8) {
        parts.append(next() % 3 == 0 ? tokens[next() % tokens.count] : words[next() % words.count])
      }
      let tail = next() % 2 == 0 ? tails[next() % tails.count] : ""
      lines.append(parts.joined(separator: next() % 5 == 0 ? "" : " ") + tail)
    }
    return lines
  }

  /// Whatever the fast path calls one sentence, ICU splits into one sentence, in every
  /// language's rules; and the one-pass check says what the two-pass one says.
  @Test func agreesWithICU() throws {
    let iterators = try BreakIterators(kind: .sentence)
    var taken = 0
    for line in Self.lines(count: 3000) {
      let field = Array(line.utf8)
      #expect(
        SentenceSplitStep.isOneSentence(field) == SentenceSplitStep.isOneSentenceTwoPass(field),
        "\(line)")
      guard SentenceSplitStep.isOneSentence(field) else { continue }
      taken += 1
      for language in TextLanguage.allCases {
        let pieces = iterators.segments(field, language: language)
          .filter { !trimmed(field[$0.0]).isEmpty }
        #expect(
          pieces.count == 1,
          "\(language): \(line) [\(line.unicodeScalars.map { String($0.value, radix: 16) })]")
      }
    }
    #expect(taken > 500)
    // A closing mark after the space that follows a terminator starts a sentence.
    #expect(!SentenceSplitStep.isOneSentence(Array("He said: 'Bear witness. '".utf8)))
    #expect(SentenceSplitStep.isOneSentence(Array("He said: 'Bear witness.' ".utf8)))
    #expect(SentenceSplitStep.isOneSentence(Array("He said: 'Bear witness. .'".utf8)))
  }
}

@Suite("Sentence split on UTF-8")
struct UTF8BreakTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Corpora")

  static func lines() throws -> [(String, TextLanguage)] {
    var lines: [(String, TextLanguage)] = []
    for (name, language) in [
      ("en/news.txt", TextLanguage.en), ("fa/news.txt", .fa), ("ar/news.txt", .ar),
      ("mixed/mixed.txt", .en),
    ] {
      let text = try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
      lines += text.split(separator: "\n").map { (String($0), language) }
    }
    // Edge cases: supplementary characters, joiners and marks after terminators, Arabic
    // terminators at the very end, control characters, empty text.
    let edges: [(String, TextLanguage)] = [
      ("Hi. 😀 there! Next?", .en), ("Dr. Who. 𝐀𝐁𝐂 ok.", .en), ("آیا؟ بله؟", .fa),
      ("پایان۔", .fa), ("قال: «نعم». ثم ذهب؟", .ar), ("a.\u{200C}b", .fa), ("end.\u{00A0}", .en),
      ("x!\u{2019}", .en), ("tab\there. Next.", .en), ("", .en), ("...", .en),
      ("(Mr. Smith.) Then \"U.S.\" left.", .en), ("؟", .ar), ("a؟ ", .ar), ("a؟b", .ar),
    ]
    return lines + edges
  }

  /// Breaks on the UTF-8 bytes are ICU's breaks on the same text as UTF-16.
  @Test(arguments: [BreakIterator.Kind.sentence, .word])
  func utf8BoundariesMatchUTF16(kind: BreakIterator.Kind) throws {
    let iterators = try BreakIterators(kind: kind)
    for (line, language) in try Self.lines() {
      let locale = language == .en && kind == .sentence ? "en@ss=standard" : language.rawValue
      let reference = try BreakIterator(kind, locale: locale)
      let units = Array(line.utf16)
      let expected = try units.withUnsafeBufferPointer { (buffer) throws(ICUError) in
        try reference.boundaries(in: buffer)
      }.map { boundary in
        (
          String(decoding: units[..<boundary.offset], as: UTF16.self).utf8.count,
          boundary.ruleStatus
        )
      }
      var found: [BreakIterator.Boundary] = []
      try Array(line.utf8).withUnsafeBufferPointer { (buffer) throws(ICUError) in
        try iterators.iterators[language.index].appendBoundaries(utf8: buffer, to: &found)
      }
      let codePoints = line.unicodeScalars.map { String($0.value, radix: 16) }
      #expect(found.map(\.offset) == expected.map(\.0), "\(codePoints)")
      #expect(found.map(\.ruleStatus) == expected.map(\.1), "\(codePoints)")
    }
  }

  /// The one-pass check says what the two-pass one said.
  @Test func oneSentenceOnePassMatchesTwoPass() throws {
    var lines = try Self.lines().map(\.0)
    // Every prefix and suffix of a few lines with terminators in odd places.
    for sample in ["a. b", "ok؟ «x»", "end. )", "x.\u{200C}", "آیا؟ ", "q? ' ] \"", "۔a"] {
      for cut in 0...sample.unicodeScalars.count {
        let scalars = Array(sample.unicodeScalars)
        lines.append(String(String.UnicodeScalarView(scalars[..<cut])))
        lines.append(String(String.UnicodeScalarView(scalars[cut...])))
      }
    }
    for line in lines {
      let field = Array(line.utf8)
      #expect(
        SentenceSplitStep.isOneSentence(field) == SentenceSplitStep.isOneSentenceTwoPass(field),
        "\(line.unicodeScalars.map { String($0.value, radix: 16) })")
    }
  }
}
