import Foundation
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

  @Test func fingerprintsAreStable() {
    #expect(Fingerprint.exact(Record(["a b", "c"])) != Fingerprint.exact(Record(["a", "b c"])))
    #expect(Fingerprint.exact(Record(["سلام"])) == Fingerprint.exact(Record(["سلام"])))
    let set = FingerprintSet()
    for value in 0..<100_000 { #expect((try? set.insert(UInt64(value) &* 7919)) == true) }
    #expect((try? set.insert(7919 * 5)) == false)
  }

  @Test func fingerprintSetSpillsToDisk() throws {
    let folder = TemporaryFolder()
    let set = FingerprintSet(memoryLimit: 1 << 20, spillDirectory: folder.path)
    for value in 1...400_000 { _ = try set.insert(UInt64(value) &* 0x9E37_79B9) }
    #expect(set.runCount >= 1)
    #expect(try set.insert(123 &* 0x9E37_79B9) == false)
    #expect(try set.insert(399_999 &* 0x9E37_79B9) == false)
    #expect(try set.insert(400_001 &* 0x9E37_79B9) == true)
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
