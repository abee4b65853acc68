import Foundation
import TarjumanTestSupport
import TarjumanText
import Testing

@testable import TarjumanPreprocess

@Suite("CSV records")
struct CSVTests {
  /// CSV input, and the same records written as TSV (line breaks flattened to spaces).
  @Test(
    "Quoted fields may hold line breaks, quotes and commas",
    arguments: [
      (
        "id,text\n1,\"two\nlines\"\n2,plain\n",
        "id\ttext\n1\ttwo lines\n2\tplain\n"
      ),
      (
        "id,text\n1,\"say \"\"hi\"\"\nthere, then\"\n",
        "id\ttext\n1\tsay \"hi\" there, then\n"
      ),
      (
        // CRLF line ends; the CRLF inside the field is kept (and flattened in TSV).
        "id,text\r\n1,\"a\r\nb\"\r\n2,c\r\n",
        "id\ttext\n1\ta  b\n2\tc\n"
      ),
      (
        // A quote inside an unquoted field is a character.
        "id,text\n1,5\" pipe\n\"2\",\"\"\n",
        "id\ttext\n1\t5\" pipe\n2\t\n"
      ),
      (
        // A header with a quoted name, a last record without a line feed.
        "\"id\",\"the\ntext\"\n1,\"x\ny\"",
        "id\tthe text\n1\tx y\n"
      ),
      (
        // An empty quoted field that ends the record, then an empty line (one column).
        "id,text\n1,\"\"\n2,\"\n\"\n",
        "id\ttext\n1\t\n2\t \n"
      ),
    ])
  func multiLineRecords(csv: String, tsv: String) throws {
    let folder = TemporaryFolder()
    let file = folder.file("in.csv", csv)
    let input = InputSpec(format: .csv, inputs: [.file(file)])
    // Tiny chunks and several workers: records cut across chunk boundaries.
    for (jobs, chunk) in [(1, 1 << 20), (1, 3), (2, 5), (3, 11)] {
      let (output, report) = try preprocess(
        input, pipeline: PipelineSpec(), to: .tsv, jobs: jobs, chunkBytes: chunk,
        folder: folder)
      #expect(output == tsv, "jobs \(jobs), chunk \(chunk)")
      #expect(report.invalid.isEmpty)
    }
  }

  @Test func writingQuotesWhatNeedsIt() throws {
    let folder = TemporaryFolder()
    let csv = "id,text\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,\"cr\r\"\n5,plain\n"
    let file = folder.file("in.csv", csv)
    let (same, _) = try preprocess(
      InputSpec(format: .csv, inputs: [.file(file)]), pipeline: PipelineSpec(), folder: folder)
    #expect(same == csv)
    let (json, _) = try preprocess(
      InputSpec(format: .csv, inputs: [.file(file)], columns: ["text"]),
      pipeline: PipelineSpec(), to: .jsonl, folder: folder)
    #expect(
      json
        == "{\"text\":\"a, b\"}\n{\"text\":\"say \\\"hi\\\"\"}\n{\"text\":\"two\\nlines\"}\n"
        + "{\"text\":\"cr\\r\"}\n{\"text\":\"plain\"}\n")
  }

  /// Bad records: the line named is the record's first line, and lines after a record
  /// with line breaks keep their numbers.
  @Test(
    "Errors name the first line of the record",
    arguments: [
      (
        "a,b\n1,x\n\"multi\nline\",2,3\n4,y\n", 3,
        "3 columns where the header has 2", "wrong-column-count", "a\tb\n1\tx\n4\ty\n"
      ),
      (
        "a,b\n\"x\ny\",1\n2\n3,z\n", 4, "1 column where the header has 2",
        "wrong-column-count", "a\tb\nx y\t1\n3\tz\n"
      ),
      (
        // A quote never closed: its first line is the bad record; reading goes on at the
        // next line.
        "a,b\n1,x\n2,\"open\n3,y\n4,z\n", 3, "a quoted field is not closed", "broken-csv",
        "a\tb\n1\tx\n3\ty\n4\tz\n"
      ),
    ])
  func badRecords(
    csv: String, line: Int, message: String, kind: String, skipped: String
  ) throws {
    let folder = TemporaryFolder()
    let file = folder.file("bad.csv", csv)
    let input = InputSpec(format: .csv, inputs: [.file(file)])
    for chunk in [1 << 20, 4] {
      #expect(
        throws: PreprocessError.invalid(
          path: file, line: line,
          message: message + " (use --on-invalid skip or replace to go on)")
      ) {
        try preprocess(
          input, pipeline: PipelineSpec(), to: .tsv, chunkBytes: chunk, folder: folder)
      }
      let (output, report) = try preprocess(
        input, pipeline: PipelineSpec(), to: .tsv, onInvalid: .skip, chunkBytes: chunk,
        folder: folder)
      #expect(output == skipped)
      #expect(report.invalid == [kind: 1])
      #expect(report.invalidSkipped == 1)
    }
  }

  @Test func invalidUTF8InAMultiLineRecord() throws {
    let folder = TemporaryFolder()
    let bytes = Array("a,b\n1,\"x\n".utf8) + [0xFF] + Array("y\"\n2,z\n".utf8)
    let file = folder.file("bad.csv", bytes)
    let input = InputSpec(format: .csv, inputs: [.file(file)])
    #expect(
      throws: PreprocessError.invalid(
        path: file, line: 2,
        message: "invalid UTF-8 at byte 6 (use --on-invalid skip or replace to go on)")
    ) {
      try preprocess(input, pipeline: PipelineSpec(), folder: folder)
    }
    let (replaced, report) = try preprocess(
      input, pipeline: PipelineSpec(), onInvalid: .replace, folder: folder)
    #expect(replaced == "a,b\n1,\"x\n\u{FFFD}y\"\n2,z\n")
    #expect(report.invalidReplaced == 1)
  }

  @Test func unclosedQuoteLongerThanTheLimitIsBadRecord() throws {
    let folder = TemporaryFolder()
    let file = folder.file("long.csv", "a,b\n1,\"open\n" + String(repeating: "2,x\n", count: 60))
    var options = PreprocessOptions(jobs: 1)
    options.onInvalid = .skip
    options.maxLineBytes = 100
    options.chunkBytes = 64
    let preprocessor = try Preprocessor(
      input: InputSpec(format: .csv, inputs: [.file(file)]), options: options)
    preprocessor.configure(steps: [], outputColumns: preprocessor.inputColumns)
    let report = try preprocessor.run(
      output: OutputSpec(format: .csv, paths: [folder.path + "/out.csv"]))
    #expect(report.invalid == ["broken-csv": 1])
    #expect(report.recordsOut == 60)
    // A single line over the limit is too long, quoted or not.
    let line = folder.file("line.csv", "a,b\n1,\"" + String(repeating: "x", count: 200) + "\n")
    #expect(throws: PreprocessError.lineTooLong(path: line, limit: 100)) {
      let preprocessor = try Preprocessor(
        input: InputSpec(format: .csv, inputs: [.file(line)]), options: options)
      preprocessor.configure(steps: [], outputColumns: preprocessor.inputColumns)
      _ = try preprocessor.run(
        output: OutputSpec(format: .csv, paths: [folder.path + "/out2.csv"]))
    }
  }
}
