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
}
