import ArgumentParser
import Foundation
import TarjumanTestSupport
import Testing

@testable import TarjumanCLI

@Suite("tarjuman normalize, end to end")
struct NormalizeCommandTests {
  @Test("stdin to stdout, one output line per input line, line ends kept")
  func filter() throws {
    let input = Array("كتاب علي\r\nمی خواهم\nHay’at\u{A0}Tahrir".utf8)
    let result = try runTarjuman(["normalize", "--lang", "fa"], input: input)
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput == "کتاب علی\r\nمی\u{200C}خواهم\nHay'at Tahrir")
    #expect(result.standardError.isEmpty)
  }

  @Test("key profile on names in three scripts")
  func key() throws {
    let input = Array("هيئة تحرير الشام\nهیئه تحریر الشام\nHAYʼAT TAḤRĪR AL-SHĀM\n".utf8)
    let result = try runTarjuman(["normalize", "--profile", "key"], input: input)
    #expect(result.status == 0)
    let lines = result.standardOutput.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines[0] == lines[1])
    #expect(lines[2] == "hayat tahrir al-sham")
  }

  @Test("the same output with --jobs 1 and --jobs 2 on the sample corpora")
  func jobs() throws {
    let files = ["Corpora/fa/news.txt", "Corpora/ar/news.txt", "Corpora/en/news.txt"]
    let one = try runTarjuman(["normalize", "--jobs", "1"] + files)
    let two = try runTarjuman(["normalize", "--jobs", "2"] + files)
    #expect(one.status == 0 && two.status == 0)
    #expect(one.outputBytes == two.outputBytes)
    #expect(!one.outputBytes.isEmpty)
  }

  @Test("invalid UTF-8 on stdin: exit 65 naming the line")
  func invalidInput() throws {
    let result = try runTarjuman(["normalize"], input: Array("ok\n".utf8) + [0x61, 0xFF, 0x0A])
    #expect(result.status == 65)
    #expect(result.standardError.contains("<stdin>:2:2: invalid UTF-8"), "\(result.standardError)")
  }

  @Test("--on-invalid replace goes on with a warning")
  func replace() throws {
    let result = try runTarjuman(
      ["normalize", "--on-invalid", "replace"], input: Array("ok\n".utf8) + [0x61, 0xFF, 0x0A])
    #expect(result.status == 0)
    #expect(result.standardOutput == "ok\na\u{FFFD}\n")
    #expect(result.standardError.contains("warning: <stdin>:2: invalid UTF-8 replaced"))
  }

  @Test("a failed run leaves no output file")
  func noPartialOutput() throws {
    let folder = TemporaryFolder()
    let bad = folder.file("bad.txt", Array("line\n".utf8) + [0xC0, 0x0A])
    let output = folder.path("out.txt")
    let result = try runTarjuman(["normalize", "-o", output, bad])
    #expect(result.status == 65)
    #expect(result.standardError.contains("\(bad):2:1: invalid UTF-8"))
    #expect(!FileManager.default.fileExists(atPath: output))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["bad.txt"])
  }

  @Test("a missing file: exit 66 naming it")
  func missingFile() throws {
    let result = try runTarjuman(["normalize", "no/such/file.txt"])
    #expect(result.status == 66)
    #expect(
      result.standardError.contains("no/such/file.txt: cannot open: No such file or directory"))
  }

  @Test("a UTF-16 file is rejected with advice")
  func utf16() throws {
    let folder = TemporaryFolder()
    let file = folder.file("utf16.txt", [0xFE, 0xFF, 0x00, 0x61, 0x00, 0x0A])
    let result = try runTarjuman(["normalize", file])
    #expect(result.status == 65)
    #expect(result.standardError.contains("UTF-16 BE"))
  }

  @Test("bad usage: exit 64")
  func usage() throws {
    #expect(try runTarjuman(["normalize", "--jobs", "0"]).status == 64)
    #expect(try runTarjuman(["normalize", "--profile", "nfx"]).status == 64)
    #expect(try runTarjuman(["normalize", "--lang", "de"]).status == 64)
  }

  @Test("options parse in process")
  func parse() throws {
    let command = try TarjumanCommand.parseAsRoot([
      "normalize", "--profile", "key", "--lang", "ar", "--digits", "ascii", "--jobs", "3",
      "--on-invalid", "skip", "-o", "out.txt", "a.txt", "b.txt",
    ])
    let normalize = try #require(command as? TarjumanCommand.Normalize)
    #expect(normalize.profile == .key)
    #expect(normalize.language == .ar)
    #expect(normalize.digits == .ascii)
    #expect(normalize.stream.jobs == 3)
    #expect(normalize.stream.onInvalid == .skip)
    #expect(normalize.stream.output == "out.txt")
    #expect(normalize.stream.files == ["a.txt", "b.txt"])
  }

  @Test("help names every profile and the exit codes")
  func help() {
    let help = TarjumanCommand.helpMessage(for: TarjumanCommand.Normalize.self, columns: 100)
    for word in ["nfc", "nfkc", "clean", "key", "--lang", "--digits", "--on-invalid", "65"] {
      #expect(help.contains(word), "help lacks \(word)")
    }
  }
}
