import Foundation
import TarjumanTestSupport
import TarjumanText
import Testing

@testable import TarjumanPreprocess

@Suite("Preprocessing engine")
struct EngineTests {
  static let corpus: String = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent("Corpora").path
  }()

  @Test func outputIsTheSameForAnyNumberOfJobs() throws {
    let folder = TemporaryFolder()
    // Small chunks: many batches, so that the workers really interleave.
    let pipeline = PipelineSpec(
      steps: [.normalize(.clean, .keep), .split, .tokenize], dedupe: .near)
    var input = InputSpec(format: .text, inputs: [.file(Self.corpus + "/mixed/mixed.txt")])
    input.languages = [.auto]
    let (one, oneReport) = try preprocess(
      input, pipeline: pipeline, jobs: 1, chunkBytes: 512, folder: folder)
    let (two, twoReport) = try preprocess(
      input, pipeline: pipeline, jobs: 2, chunkBytes: 512, folder: folder)
    let (four, _) = try preprocess(
      input, pipeline: pipeline, jobs: 4, chunkBytes: 700, folder: folder)
    #expect(one == two)
    #expect(one == four)
    #expect(!one.isEmpty)
    #expect(oneReport.recordsIn == 150)
    #expect(oneReport.recordsOut == twoReport.recordsOut)
    #expect(oneReport.tally == twoReport.tally)
  }

  /// Lines read again skip the steps under deduplication: the output and the report
  /// (drops by reason, splits, mismatches, duplicates) are those of running them.
  @Test(arguments: [DedupeMode.exact, .near], [1, 2, 3])
  func repeatedLinesSkipTheSteps(mode: DedupeMode, jobs: Int) throws {
    let folder = TemporaryFolder()
    var text = ""
    for name in ["en/news.txt", "fa/news.txt", "ar/news.txt", "mixed/mixed.txt"] {
      text += try String(contentsOfFile: Self.corpus + "/" + name, encoding: .utf8)
    }
    // Lines of several sentences, so that splits are counted too.
    text += """
      Mr. Smith met Dr. Jones in Beirut. They spoke for an hour about the ceasefire.
      آتش‌بس در غزه اجرایی شد. مذاکرات ادامه دارد؟ بله، ادامه دارد.
      وصل الوفد إلى دمشق. ثم غادر إلى بيروت بعد ظهر اليوم.

      """
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    // Each line several times, far apart and close together, with a few bad lines.
    var repeated: [UInt8] = []
    for round in 0..<3 {
      for (index, line) in lines.enumerated() where (index + round) % (round + 1) == 0 {
        repeated += Array(line.utf8) + [0x0A]
        if index % 7 == 0 { repeated += Array(line.utf8) + [0x0A] }
        if index % 50 == 0 { repeated += [0x41, 0xFF, 0x0A] }
      }
    }
    let file = folder.file("repeated.txt", repeated)
    var input = InputSpec(format: .text, inputs: [.file(file)])
    input.languages = [.auto]
    var filter = FilterOptions()
    filter.minChars = 20
    filter.dropURL = true
    let pipeline = PipelineSpec(
      steps: [.normalize(.clean, .keep), .split, .filter(filter), .tokenize], dedupe: mode)
    let (fast, fastReport) = try preprocess(
      input, pipeline: pipeline, jobs: jobs, onInvalid: .replace, chunkBytes: 4096,
      folder: folder)
    let (slow, slowReport) = try preprocess(
      input, pipeline: pipeline, jobs: jobs, onInvalid: .replace, chunkBytes: 4096,
      lineMemo: false, folder: folder)
    #expect(fast == slow)
    #expect(!fast.isEmpty)
    #expect(fastReport.recordsIn == slowReport.recordsIn)
    #expect(fastReport.recordsOut == slowReport.recordsOut)
    #expect(fastReport.tally == slowReport.tally)
    #expect(fastReport.invalid == slowReport.invalid)
    #expect((fastReport.tally.dropped["duplicate"] ?? 0) > 0)
    #expect(fastReport.tally.recordsSplit > 0)
  }

  @Test func dedupeExactAndNear() throws {
    let folder = TemporaryFolder()
    let file = folder.file(
      "dup.txt",
      """
      Hello world.
      Hello world.
      hello, WORLD!
      كتاب جديد
      کتاب جدید
      Something else.

      """)
    let input = InputSpec(format: .text, inputs: [.file(file)])
    let (exact, exactReport) = try preprocess(
      input, pipeline: PipelineSpec(dedupe: .exact), folder: folder)
    #expect(
      exact == "Hello world.\nhello, WORLD!\nكتاب جديد\nکتاب جدید\nSomething else.\n")
    #expect(exactReport.tally.dropped["duplicate"] == 1)
    let (near, nearReport) = try preprocess(
      input, pipeline: PipelineSpec(dedupe: .near), folder: folder)
    #expect(near == "Hello world.\nكتاب جديد\nSomething else.\n")
    #expect(nearReport.tally.dropped["duplicate"] == 3)
  }

  @Test(
    "Dedupe with a tiny memory budget spills and writes the same bytes",
    arguments: [DedupeMode.exact, .near])
  func dedupeSpillMatchesMemory(mode: DedupeMode) throws {
    let folder = TemporaryFolder()
    let spill = TemporaryFolder()
    // 30,000 lines, 9,000 distinct texts (and fewer keys for near: case and digits
    // forms), repeats far apart.
    var lines: [String] = []
    for index in 0..<30_000 {
      let value = (index &* 7919) % 9_000
      lines.append(index % 3 == 0 ? "Line NUMBER \(value)!" : "line number \(value)")
    }
    let file = folder.file("many.txt", lines.joined(separator: "\n") + "\n")
    let input = InputSpec(format: .text, inputs: [.file(file)])
    let pipeline = PipelineSpec(dedupe: mode)
    let (memory, memoryReport) = try preprocess(input, pipeline: pipeline, folder: folder)
    let (spilled, spillReport) = try preprocess(
      input, pipeline: pipeline, jobs: 2, chunkBytes: 4096,
      spill: (spill.path, 8 << 10), folder: folder)
    #expect(spilled == memory)
    #expect(spillReport.recordsOut == memoryReport.recordsOut)
    #expect(spillReport.spillRuns >= 5)
    #expect(memoryReport.spillRuns == 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: spill.path).isEmpty)
  }

  @Test func bitextDedupeIsOnThePair() throws {
    let folder = TemporaryFolder()
    let file = folder.file(
      "pairs.tsv",
      "en\tfa\nPeace talks.\tمذاکرات صلح.\nPeace talks.\tگفت‌وگوهای صلح.\nPeace talks.\tمذاکرات صلح.\n"
    )
    let (output, report) = try preprocess(
      InputSpec(format: .tsv, inputs: [.file(file)]), pipeline: PipelineSpec(dedupe: .exact),
      folder: folder)
    #expect(output == "en\tfa\nPeace talks.\tمذاکرات صلح.\nPeace talks.\tگفت‌وگوهای صلح.\n")
    #expect(report.recordsOut == 2)
  }

  @Test func invalidInputPolicies() throws {
    let folder = TemporaryFolder()
    let file = folder.file(
      "bad.txt", Array("good line\n".utf8) + [0x61, 0xFF, 0x62, 0x0A] + Array("last\n".utf8))
    let input = InputSpec(format: .text, inputs: [.file(file)])
    #expect(
      throws: PreprocessError.invalid(
        path: file, line: 2,
        message: "invalid UTF-8 at byte 2 (use --on-invalid skip or replace to go on)")
    ) {
      try preprocess(input, pipeline: PipelineSpec(), folder: folder)
    }
    let (skipped, skipReport) = try preprocess(
      input, pipeline: PipelineSpec(), onInvalid: .skip, folder: folder)
    #expect(skipped == "good line\nlast\n")
    #expect(skipReport.invalid["invalid-utf8"] == 1)
    #expect(skipReport.invalidSkipped == 1)
    let (replaced, replaceReport) = try preprocess(
      input, pipeline: PipelineSpec(), onInvalid: .replace, folder: folder)
    #expect(replaced == "good line\na\u{FFFD}b\nlast\n")
    #expect(replaceReport.invalidReplaced == 1)
  }

  @Test func wrongColumnCountAndBrokenJSON() throws {
    let folder = TemporaryFolder()
    let table = folder.file("t.tsv", "en\tfa\nOne\tیک\nTwo\nThree\tسه\n")
    #expect(
      throws: PreprocessError.invalid(
        path: table, line: 3,
        message: "1 column where the header has 2 (use --on-invalid skip or replace to go on)")
    ) {
      try preprocess(
        InputSpec(format: .tsv, inputs: [.file(table)]), pipeline: PipelineSpec(),
        folder: folder)
    }
    let (rows, _) = try preprocess(
      InputSpec(format: .tsv, inputs: [.file(table)]), pipeline: PipelineSpec(),
      onInvalid: .skip, folder: folder)
    #expect(rows == "en\tfa\nOne\tیک\nThree\tسه\n")
    let lines = folder.file(
      "j.jsonl",
      """
      {"id": 1, "text": "Mr. Smith arrived. He left.", "tags": ["a", {"b": null}]}
      {"id": 2, "text": "broken
      {"id": 3, "text": "\\u0633\\u0644\\u0627\\u0645 \\"quoted\\""}

      """)
    var input = InputSpec(format: .jsonl, inputs: [.file(lines)])
    input.languages = [.fixed(.en)]
    #expect(throws: PreprocessError.self) {
      try preprocess(input, pipeline: PipelineSpec(), folder: folder)
    }
    let (json, report) = try preprocess(
      input, pipeline: PipelineSpec(steps: [.split]), onInvalid: .skip, folder: folder)
    #expect(
      json == """
        {"id": 1, "text": "Mr. Smith arrived.", "tags": ["a", {"b": null}]}
        {"id": 1, "text": "He left.", "tags": ["a", {"b": null}]}
        {"id": 3, "text": "سلام \\"quoted\\""}

        """)
    #expect(report.invalid["broken-json"] == 1)
  }

  @Test func parallelFilesAndFormats() throws {
    let folder = TemporaryFolder()
    let english = folder.file("en.txt", "Peace talks resumed.\nhttps://example.com\nGaza.\n")
    let persian = folder.file("fa.txt", "مذاکرات صلح از سر گرفته شد.\nhttps://example.com\nغزه.\n")
    var input = InputSpec(format: .parallel, inputs: [.file(english), .file(persian)])
    input.languages = [.fixed(.en), .fixed(.fa)]
    var filter = FilterOptions()
    filter.dropSame = true
    let (tsv, report) = try preprocess(
      input, pipeline: PipelineSpec(steps: [.filter(filter)]), to: .tsv, folder: folder)
    #expect(tsv == "en\tfa\nPeace talks resumed.\tمذاکرات صلح از سر گرفته شد.\nGaza.\tغزه.\n")
    #expect(report.tally.dropped["same-as-source"] == 1)
    let (tmx, _) = try preprocess(input, pipeline: PipelineSpec(), to: .tmx, folder: folder)
    let tmxFile = folder.file("round.tmx", tmx)
    let (back, _) = try preprocess(
      InputSpec(format: .tmx, inputs: [.file(tmxFile)]), pipeline: PipelineSpec(), to: .csv,
      folder: folder)
    #expect(
      back
        == "en,fa\nPeace talks resumed.,مذاکرات صلح از سر گرفته شد.\nhttps://example.com,https://example.com\nGaza.,غزه.\n"
    )
    let short = folder.file("short.txt", "one line\n")
    #expect(throws: PreprocessError.self) {
      try preprocess(
        InputSpec(format: .parallel, inputs: [.file(english), .file(short)]),
        pipeline: PipelineSpec(), to: .tsv, folder: folder)
    }
  }

  @Test func gzipRoundTrip() throws {
    let folder = TemporaryFolder()
    let preprocessor = try Preprocessor(
      input: InputSpec(format: .text, inputs: [.file(Self.corpus + "/fa/news.txt")]),
      options: PreprocessOptions(jobs: 2))
    preprocessor.configure(steps: [], outputColumns: preprocessor.inputColumns)
    _ = try preprocessor.run(
      output: OutputSpec(format: .text, paths: [folder.path + "/fa.txt.gz"]))
    let compressed = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/fa.txt.gz"))
    #expect(compressed.starts(with: [0x1F, 0x8B]))
    let (text, report) = try preprocess(
      InputSpec(format: .text, inputs: [.file(folder.path + "/fa.txt.gz")]),
      pipeline: PipelineSpec(), folder: folder)
    let original = try String(contentsOfFile: Self.corpus + "/fa/news.txt", encoding: .utf8)
    #expect(text == original)
    #expect(report.recordsIn == 331)
  }
}

@Suite("Line memo")
struct LineMemoTests {
  static func key(_ line: String) -> LineMemo.Key {
    Array(line.utf8).withUnsafeBufferPointer { LineMemo.Key($0) }
  }

  @Test("a line is known from the unit it was read in on, and forgotten when emptied")
  func lookupAndEmpty() {
    let memo = LineMemo(capacity: 1 << 16)
    var tally = Tally()
    tally.canonicalized["jolani"] = 1
    memo.insert(Self.key("الجولاني"), sequence: 3, outputs: 2, tally: tally)
    memo.insert(Self.key("Damascus"), sequence: 3, outputs: 1, tally: Tally())
    #expect(memo.lookup(Self.key("الجولاني"), before: 2) == nil)
    let found = memo.lookup(Self.key("الجولاني"), before: 3)
    #expect(found?.outputs == 2)
    #expect(found?.tally?.canonicalized["jolani"] == 1)
    #expect(memo.lookup(Self.key("Damascus"), before: 9)?.tally == nil)
    #expect(memo.lookup(Self.key("Damascu"), before: 9) == nil)
    memo.removeAll()
    #expect(memo.lookup(Self.key("الجولاني"), before: 9) == nil)
    #expect(memo.lookup(Self.key("Damascus"), before: 9) == nil)
    // Usable again, and past its first size (16,384 slots).
    for index in 0..<20_000 {
      memo.insert(Self.key("line \(index)"), sequence: 5, outputs: 1, tally: Tally())
    }
    #expect(memo.lookup(Self.key("line 19999"), before: 5)?.outputs == 1)
    #expect(memo.lookup(Self.key("الجولاني"), before: 9) == nil)
  }
}
