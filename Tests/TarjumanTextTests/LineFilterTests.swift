import Foundation
import TarjumanTestSupport
import Testing

@testable import TarjumanText

@Suite("streaming line filter")
struct LineFilterTests {
  func read(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
  }

  func filter(
    jobs: Int = 1, onInvalid: InvalidInputPolicy = .fail, chunkBytes: Int = 1 << 20,
    maxLineBytes: Int = 1 << 20
  ) throws -> LineFilter<TextNormalizer> {
    LineFilter(
      transform: try TextNormalizer(profile: .clean, language: .auto), jobs: jobs,
      onInvalid: onInvalid, maxLineBytes: maxLineBytes, chunkBytes: chunkBytes)
  }

  @Test("output is byte-identical for any number of jobs and any chunk size")
  func deterministic() throws {
    let folder = TemporaryFolder()
    var corpus: [UInt8] = []
    for file in sampleCorpusFiles() { corpus += try read(file.path) }
    corpus += Array("كتاب\r\nعلي\r\nno newline at the end".utf8)
    let input = folder.file("input.txt", corpus)
    var outputs: [[UInt8]] = []
    for (jobs, chunk) in [(1, 1 << 20), (2, 4096), (4, 777), (3, 1)] {
      let output = folder.path("out-\(jobs)-\(chunk).txt")
      let summary = try filter(jobs: jobs, chunkBytes: chunk).run(
        inputs: [.file(input)], output: .file(output))
      #expect(summary.bytesRead == corpus.count)
      outputs.append(try read(output))
    }
    #expect(Set(outputs).count == 1)
    let lineCount = corpus.filter { $0 == 0x0A }.count + 1
    #expect(outputs[0].filter { $0 == 0x0A }.count + 1 == lineCount)
    #expect(outputs[0].last != 0x0A, "the last line had no line break and gets none")
  }

  @Test("invalid UTF-8, CRLF and bidi controls at chunk edges: the same output for any chunking")
  func chunkEdges() throws {
    let folder = TemporaryFolder()
    var corpus: [UInt8] = []
    let lines: [[UInt8]] = [
      Array("قال:\u{200F}\u{200F} أنا\r\n".utf8),
      [0xD8, 0xA8, 0xE2, 0x80, 0x8F, 0xD9, 0x8E, 0x0D, 0x0A],
      [0xE2, 0x80, 0x8F, 0xD8, 0x0A], [0x61, 0x62, 0xE2, 0x80, 0x0A], Array("کتاب ها\n".utf8),
      [0xD8, 0xA8, 0xE2, 0x80, 0x8F, 0xFF, 0xD8, 0xA7, 0x0A], Array("مُحَمَّدٌ\u{200C}ها\r\n".utf8),
    ]
    for round in 0..<200 { corpus += lines[round % lines.count] + lines[(round * 3) % lines.count] }
    corpus += [0xD8]
    let input = folder.file("input.txt", corpus)
    var outputs: [[UInt8]] = []
    for (jobs, chunk) in [(1, 1 << 20), (2, 4096), (4, 777), (3, 1), (2, 13)] {
      let output = folder.path("out-\(jobs)-\(chunk).txt")
      let summary = try filter(jobs: jobs, onInvalid: .replace, chunkBytes: chunk).run(
        inputs: [.file(input)], output: .file(output))
      #expect(summary.bytesRead == corpus.count)
      #expect(summary.linesReplaced > 0)
      outputs.append(try read(output))
    }
    #expect(Set(outputs).count == 1)
  }

  @Test("several inputs form one stream, in order")
  func severalInputs() throws {
    let folder = TemporaryFolder()
    let first = folder.file("a.txt", Array("كتاب\n".utf8))
    let second = folder.file("b.txt", Array("علي\n".utf8))
    let output = folder.path("out.txt")
    let summary = try filter().run(inputs: [.file(first), .file(second)], output: .file(output))
    #expect(summary.linesRead == 2)
    #expect(try read(output) == Array("كتاب\nعلي\n".utf8))
  }

  /// A transform on the generic engine (the normalizer has an engine of its own).
  struct Uppercase: LineTransform {
    func makeWorkspace() -> Int { 0 }
    func transform(_ line: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], workspace: Int)
      -> Bool
    {
      guard UTF8Decoding.firstInvalidOffset(line) == nil else { return false }
      for byte in line { output.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte) }
      return true
    }
  }

  @Test(
    "files in one stream: a line break after a file that lacks one (not after the last), errors with each file's own line numbers",
    arguments: [1, 2, 3], [7, 1 << 20])
  func streamOfFiles(jobs: Int, chunkBytes: Int) throws {
    let folder = TemporaryFolder()
    let unterminated = folder.file("a.txt", Array("one\ntwo".utf8))
    let empty = folder.file("empty.txt", [])
    let last = folder.file("b.txt", Array("three\nfour".utf8))
    let bad = folder.file("bad.txt", Array("five\nsi".utf8) + [0xFF] + Array("x\n".utf8))
    let missing = folder.path("missing.txt")
    let normalizer = try filter(jobs: jobs, chunkBytes: chunkBytes)
    let upper = LineFilter(transform: Uppercase(), jobs: jobs, chunkBytes: chunkBytes)
    let output = folder.path("out.txt")
    let inputs: [LineInput] = [.file(unterminated), .file(empty), .file(last)]
    _ = try normalizer.run(inputs: inputs, output: .file(output))
    #expect(try read(output) == Array("one\ntwo\nthree\nfour".utf8))
    _ = try upper.run(inputs: inputs, output: .file(output))
    #expect(try read(output) == Array("ONE\nTWO\nTHREE\nFOUR".utf8))
    // A last file that is empty still makes the one before it end with a line break.
    _ = try upper.run(inputs: [.file(unterminated), .file(empty)], output: .file(output))
    #expect(try read(output) == Array("ONE\nTWO\n".utf8))
    let runs: [([LineInput]) throws -> Void] = [
      { _ = try normalizer.run(inputs: $0, output: .file(output)) },
      { _ = try upper.run(inputs: $0, output: .file(output)) },
    ]
    for run in runs {
      #expect(throws: StreamError.invalidUTF8(path: bad, line: 2, column: 3)) {
        try run([.file(unterminated), .file(bad)])
      }
      #expect(throws: StreamError.cannotOpen(path: missing, errno: ENOENT)) {
        try run([.file(last), .file(missing), .file(unterminated)])
      }
    }
  }

  @Test("invalid UTF-8 fails with file and line, and leaves no output file")
  func invalidFails() throws {
    let folder = TemporaryFolder()
    let input = folder.file(
      "bad.txt", Array("one\ntwo\nth".utf8) + [0xC3, 0x28] + Array("ree\n".utf8))
    let output = folder.path("out.txt")
    #expect(throws: StreamError.invalidUTF8(path: input, line: 3, column: 3)) {
      try filter().run(inputs: [.file(input)], output: .file(output))
    }
    #expect(!FileManager.default.fileExists(atPath: output))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["bad.txt"])
  }

  @Test("a failed run does not touch an existing output file")
  func existingOutputKept() throws {
    let folder = TemporaryFolder()
    let input = folder.file("bad.txt", [0xFF, 0x0A])
    let output = folder.file("out.txt", Array("precious\n".utf8))
    #expect(throws: StreamError.self) {
      try filter().run(inputs: [.file(input)], output: .file(output))
    }
    #expect(try read(output) == Array("precious\n".utf8))
  }

  @Test("replace and skip report each bad line")
  func replaceAndSkip() throws {
    let folder = TemporaryFolder()
    let input = folder.file(
      "bad.txt", Array("one\n".utf8) + [0x61, 0xFF, 0x62, 0x0A] + Array("three\n".utf8))
    var warnings: [StreamWarning] = []
    let replaced = folder.path("replaced.txt")
    let summary = try filter(onInvalid: .replace).run(
      inputs: [.file(input)], output: .file(replaced), warn: { warnings.append($0) })
    #expect(try read(replaced) == Array("one\na\u{FFFD}b\nthree\n".utf8))
    #expect(summary.linesReplaced == 1)
    #expect(warnings.map(\.line) == [2])
    let skipped = folder.path("skipped.txt")
    let skipSummary = try filter(onInvalid: .skip).run(
      inputs: [.file(input)], output: .file(skipped))
    #expect(try read(skipped) == Array("one\nthree\n".utf8))
    #expect(skipSummary.linesSkipped == 1 && skipSummary.linesWritten == 2)
  }

  @Test("a UTF-16 file is named as such")
  func utf16() throws {
    let folder = TemporaryFolder()
    let input = folder.file("utf16.txt", [0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00])
    #expect(throws: StreamError.utf16(path: input, bigEndian: false)) {
      try filter().run(inputs: [.file(input)], output: .file(folder.path("out.txt")))
    }
  }

  @Test("a line over the limit is an error with its line number")
  func tooLong() throws {
    let folder = TemporaryFolder()
    let input = folder.file(
      "long.txt", Array("short\n".utf8) + [UInt8](repeating: 0x61, count: 5000) + [0x0A])
    #expect(throws: StreamError.lineTooLong(path: input, line: 2, limit: 1000)) {
      try filter(chunkBytes: 100, maxLineBytes: 1000).run(
        inputs: [.file(input)], output: .file(folder.path("out.txt")))
    }
  }

  @Test("a missing input is an error naming it")
  func missing() throws {
    let folder = TemporaryFolder()
    let path = folder.path("missing.txt")
    #expect(throws: StreamError.cannotOpen(path: path, errno: ENOENT)) {
      try filter().run(inputs: [.file(path)], output: .file(folder.path("out.txt")))
    }
    #expect(throws: StreamError.cannotOpen(path: folder.url.path, errno: EISDIR)) {
      try filter().run(inputs: [.file(folder.url.path)], output: .file(folder.path("out.txt")))
    }
  }

  @Test("an empty input gives an empty output")
  func empty() throws {
    let folder = TemporaryFolder()
    let input = folder.file("empty.txt", [])
    let output = folder.path("out.txt")
    let summary = try filter().run(inputs: [.file(input)], output: .file(output))
    #expect(summary.linesRead == 0)
    #expect(try read(output).isEmpty)
  }
}

extension LineFilterTests {
  @Test("errors and warnings name the same line whatever the jobs and the chunk size")
  func errorsAnyJobs() throws {
    let folder = TemporaryFolder()
    var corpus: [UInt8] = []
    for line in 0..<3000 { corpus += Array("کتاب \(line) ها\n".utf8) }
    let bad = corpus + [0x61, 0xFF, 0x0A] + corpus
    let input = folder.file("bad.txt", bad)
    for (jobs, chunk) in [(1, 1 << 20), (2, 4096), (4, 777), (3, 1)] {
      #expect(throws: StreamError.invalidUTF8(path: input, line: 3001, column: 2)) {
        try filter(jobs: jobs, chunkBytes: chunk).run(
          inputs: [.file(input)], output: .file(folder.path("out.txt")))
      }
      var warnings: [StreamWarning] = []
      let summary = try filter(jobs: jobs, onInvalid: .skip, chunkBytes: chunk).run(
        inputs: [.file(input)], output: .file(folder.path("skipped-\(jobs).txt")),
        warn: { warnings.append($0) })
      #expect(warnings.map(\.line) == [3001])
      #expect(summary.linesRead == 6001 && summary.linesWritten == 6000)
      #expect(summary.bytesRead == bad.count)
    }
    let long = corpus + [UInt8](repeating: 0x62, count: 5000) + [0x0A]
    let longInput = folder.file("long.txt", long)
    for (jobs, chunk) in [(1, 100), (2, 4096), (4, 777)] {
      #expect(throws: StreamError.lineTooLong(path: longInput, line: 3001, limit: 1000)) {
        try filter(jobs: jobs, chunkBytes: chunk, maxLineBytes: 1000).run(
          inputs: [.file(longInput)], output: .file(folder.path("out.txt")))
      }
    }
  }

  @Test("a file without a final line break does not run into the next one")
  func unterminatedInputs() throws {
    let folder = TemporaryFolder()
    let first = folder.file("a.txt", Array("a".utf8))
    let second = folder.file("b.txt", Array("b\n".utf8))
    let third = folder.file("c.txt", Array("c".utf8))
    let output = folder.path("out.txt")
    _ = try filter().run(
      inputs: [.file(first), .file(second), .file(third)], output: .file(output))
    #expect(try read(output) == Array("a\nb\nc".utf8))
  }
}
