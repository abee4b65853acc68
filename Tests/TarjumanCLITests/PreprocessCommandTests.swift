import Foundation
import Testing

@Suite("tarjuman preprocess")
struct PreprocessCommandTests {
  @Test func standardInputToStandardOutput() throws {
    let input = "Mr. Smith met Dr. Jones. They talked.\nMr. Smith met Dr. Jones. They talked.\n"
    let result = try runTarjuman(
      ["preprocess", "--lang", "en", "--split", "--dedupe", "exact", "--no-progress"],
      input: Array(input.utf8))
    #expect(result.status == 0)
    #expect(result.standardOutput == "Mr. Smith met Dr. Jones.\nThey talked.\n")
    #expect(result.standardError.contains("2 records in, 2 out"))
  }

  @Test func gzipRoundTripAndReport() throws {
    let folder = NSTemporaryDirectory() + "tarjuman-cli-pre-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let compressed = folder + "/pairs.tsv.gz"
    let first = try runTarjuman([
      "preprocess", "--normalize", "clean", "--max-ratio", "3", "--dedupe", "near",
      "--report", folder + "/report.json", "-o", compressed, "Corpora/parallel/en-fa.tsv",
    ])
    #expect(first.status == 0)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: compressed))
    #expect(bytes.starts(with: [0x1F, 0x8B]))
    let report = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: folder + "/report.json")))
    let fields = try #require(report as? [String: Any])
    #expect(fields["recordsIn"] as? Int == 127)
    #expect(fields["columns"] as? [String] == ["en", "fa"])
    let back = try runTarjuman(["preprocess", "--to", "tsv", "--no-progress", compressed])
    #expect(back.status == 0)
    #expect(back.standardOutput.hasPrefix("en\tfa\n"))
    #expect(
      back.standardOutput.split(separator: "\n").count == (fields["recordsOut"] as? Int ?? 0) + 1)
  }

  @Test func badInputFailsWithFileAndLineAndNoOutputFile() throws {
    let folder = NSTemporaryDirectory() + "tarjuman-cli-pre-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let input = folder + "/bad.tsv"
    try Data("en\tfa\nOne\tیک\nTwo\n".utf8).write(to: URL(fileURLWithPath: input))
    let output = folder + "/out.tsv"
    let result = try runTarjuman(["preprocess", "-o", output, input])
    #expect(result.status == 65)
    #expect(result.standardError.contains("\(input):3: 1 column where the header has 2"))
    #expect(!FileManager.default.fileExists(atPath: output))
    let skipped = try runTarjuman(["preprocess", "--on-invalid", "skip", input])
    #expect(skipped.status == 0)
    #expect(skipped.standardOutput == "en\tfa\nOne\tیک\n")
  }

  @Test func usageErrorsAndMissingInput() throws {
    let missing = try runTarjuman(["preprocess", "no-such-file.txt"])
    #expect(missing.status == 66)
    let badLanguage = try runTarjuman(["preprocess", "--lang", "xx"], input: Array("a\n".utf8))
    #expect(badLanguage.status == 64)
    let both = try runTarjuman(["preprocess", "--pipeline", "p.txt", "--split"])
    #expect(both.status == 64)
  }

  @Test func jobsDoNotChangeTheOutput() throws {
    let arguments = [
      "preprocess", "--lang", "auto", "--normalize", "clean", "--split", "--tokenize",
      "--dedupe", "near", "--no-progress", "Corpora/mixed/mixed.txt", "Corpora/fa/news.txt",
    ]
    let one = try runTarjuman(arguments + ["--jobs", "1"])
    let two = try runTarjuman(arguments + ["--jobs", "2"])
    #expect(one.status == 0)
    #expect(one.outputBytes == two.outputBytes)
  }

  /// A folder removed when the test ends.
  final class Folder {
    let path = NSTemporaryDirectory() + "tarjuman-cli-pre-\(UUID().uuidString)"
    init() throws {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func write(_ name: String, _ text: String) throws -> String {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name))
      return path + "/" + name
    }
    var contents: [String] { (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] }
  }

  @Test func csvRecordsSpanLines() throws {
    let csv = "id,text\n1,\"two\nlines, \"\"quoted\"\"\"\n2,plain\n"
    let same = try runTarjuman(
      ["preprocess", "--format", "csv", "--no-progress"], input: Array(csv.utf8))
    #expect(same.status == 0)
    #expect(same.standardOutput == csv)
    let tsv = try runTarjuman(
      ["preprocess", "--format", "csv", "--to", "tsv", "--no-progress"], input: Array(csv.utf8))
    #expect(tsv.standardOutput == "id\ttext\n1\ttwo lines, \"quoted\"\n2\tplain\n")
    let folder = try Folder()
    let bad = try folder.write("bad.csv", "id,text\n1,\"a\nb\"\n2,\"open\n3,c\n")
    let failed = try runTarjuman(["preprocess", "-o", folder.path + "/out.csv", bad])
    #expect(failed.status == 65)
    #expect(failed.standardError.contains("\(bad):4: a quoted field is not closed"))
    #expect(folder.contents == ["bad.csv"])
    let skipped = try runTarjuman(["preprocess", "--on-invalid", "skip", "--no-progress", bad])
    #expect(skipped.status == 0)
    #expect(skipped.standardOutput == "id,text\n1,\"a\nb\"\n3,c\n")
  }

  @Test func brokenTMXFollowsOnInvalid() throws {
    let folder = try Folder()
    let tmx = try folder.write(
      "bad.tmx",
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <tmx version="1.4"><header srclang="en"/><body>
      <tu><tuv xml:lang="en"><seg>One</seg></tuv><tuv xml:lang="fa"><seg>یک</seg></tuv></tu>
      <tu><tuv xml:lang="en"><seg>Fish & chips</seg></tuv><tuv xml:lang="fa"><seg>ماهی</seg></tuv></tu>
      <tu><tuv xml:lang="en"><seg>Three</seg></tuv></tu>
      <tu><tuv xml:lang="en"><seg>Four</seg></tuv><tuv xml:lang="fa"><seg>چهار</seg></tuv></tu>
      </body></tmx>

      """)
    let output = folder.path + "/out.tsv"
    let failed = try runTarjuman(["preprocess", "--to", "tsv", "-o", output, tmx])
    #expect(failed.status == 65)
    #expect(failed.standardError.contains("\(tmx):4:34: '&' must be written '&amp;'"))
    #expect(!FileManager.default.fileExists(atPath: output))
    let report = folder.path + "/report.json"
    let skipped = try runTarjuman([
      "preprocess", "--to", "tsv", "--on-invalid", "skip", "--report", report, "-o", output, tmx,
    ])
    #expect(skipped.status == 0)
    #expect(try String(contentsOfFile: output, encoding: .utf8) == "en\tfa\nOne\tیک\nFour\tچهار\n")
    let fields = try #require(
      JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report)))
        as? [String: Any])
    #expect(fields["invalid"] as? [String: Int] == ["broken-xml": 1, "broken-tmx": 1])
    #expect(fields["invalidSkipped"] as? Int == 2)
  }

  @Test func dedupeSpillWritesWhatMemoryWrites() throws {
    let folder = try Folder()
    let spill = folder.path + "/spill"
    try FileManager.default.createDirectory(atPath: spill, withIntermediateDirectories: true)
    let lines = (0..<20_000).map { "line \(($0 &* 7919) % 6_000)" }.joined(separator: "\n")
    let input = try folder.write("lines.txt", lines + "\n")
    let memory = try runTarjuman(["preprocess", "--dedupe", "exact", "--no-progress", input])
    let report = folder.path + "/report.json"
    let spilled = try runTarjuman([
      "preprocess", "--dedupe", "exact", "--dedupe-spill", spill, "--dedupe-memory", "8K",
      "--report", report, input,
    ])
    #expect(spilled.status == 0)
    #expect(spilled.outputBytes == memory.outputBytes)
    #expect(memory.standardOutput.split(separator: "\n").count == 6_000)
    let fields = try #require(
      JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report)))
        as? [String: Any])
    #expect((fields["spillRuns"] as? Int ?? 0) > 1)
    #expect(try FileManager.default.contentsOfDirectory(atPath: spill).isEmpty)
    let notFolder = try runTarjuman([
      "preprocess", "--dedupe", "exact", "--dedupe-spill", folder.path + "/none", input,
    ])
    #expect(notFolder.status == 73)
    let noDedupe = try runTarjuman(["preprocess", "--dedupe-spill", spill, input])
    #expect(noDedupe.status == 64)
  }

  @Test func parallelFilesOfDifferentLengths() throws {
    let folder = try Folder()
    let english = try folder.write("en.txt", "One\nTwo\nThree\n")
    let persian = try folder.write("fa.txt", "یک\nدو\n")
    let result = try runTarjuman([
      "preprocess", "--parallel", english, persian, "--to", "parallel", "-o",
      folder.path + "/en.out", "-o", folder.path + "/fa.out",
    ])
    #expect(result.status == 65)
    #expect(result.standardError.contains("\(persian):3: shorter than \(english)"))
    #expect(Set(folder.contents) == ["en.txt", "fa.txt"])
    let aligned = try folder.write("fa2.txt", "یک\nدو\nسه\n")
    let good = try runTarjuman([
      "preprocess", "--parallel", english, aligned, "--to", "parallel", "-o",
      folder.path + "/en.out.gz", "-o", folder.path + "/fa.out", "--no-progress",
    ])
    #expect(good.status == 0)
    #expect(try String(contentsOfFile: folder.path + "/fa.out", encoding: .utf8) == "یک\nدو\nسه\n")
    let back = try runTarjuman(["preprocess", "--no-progress", folder.path + "/en.out.gz"])
    #expect(back.standardOutput == "One\nTwo\nThree\n")
  }

  @Test func pipelineFileAndFieldsInAnyOrder() throws {
    let folder = try Folder()
    let pipeline = try folder.write(
      "steps.txt", "# clean\nnormalize profile=clean\nsplit\nfilter min-chars=2\ndedupe exact\n")
    let lines = try folder.write(
      "in.jsonl",
      "{\"id\":1,\"en\":\"It rained.  Then it stopped.\",\"fa\":\"باران بارید. سپس بند آمد.\"}\n{\"id\":2,\"en\":\"x\",\"fa\":\"y\"}\n"
    )
    let result = try runTarjuman([
      "preprocess", "--pipeline", pipeline, "--field", "fa,en", "--lang", "fa,en",
      "--no-progress", lines,
    ])
    #expect(result.status == 0)
    #expect(
      result.standardOutput
        == "{\"id\":1,\"en\":\"It rained.\",\"fa\":\"باران بارید.\"}\n"
        + "{\"id\":1,\"en\":\"Then it stopped.\",\"fa\":\"سپس بند آمد.\"}\n")
    let badStep = try folder.write("bad.txt", "normalize\nshout\n")
    let bad = try runTarjuman(["preprocess", "--pipeline", badStep, lines])
    #expect(bad.status == 64)
    #expect(bad.standardError.contains("\(badStep):2: unknown step 'shout'"))
    let report = try runTarjuman(
      ["preprocess", "--report", folder.path + "/no/such/folder/r.json", lines])
    #expect(report.status == 64)
  }
}
