import Foundation
import Testing

/// The code points of a string, as `U+0643 U+062A`, so that a failure on ي against ی
/// can be read.
func codePoints(_ text: String) -> String {
  text.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(to: 4) }
    .joined(separator: " ")
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}

/// Expects two strings to hold the same code points in the same order, printing both as
/// code points when they do not. (Not `==`, which holds canonically equivalent strings
/// equal: shadda before fatha and fatha before shadda, a normalizer's very output.)
func expectSameText(
  _ actual: String, _ expected: String, _ context: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    actual.unicodeScalars.elementsEqual(expected.unicodeScalars),
    """
    \(context)
      actual:   \(actual)  [\(codePoints(actual))]
      expected: \(expected)  [\(codePoints(expected))]
    """,
    sourceLocation: sourceLocation)
}

/// The repository's root folder, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The text files of the shipped sample corpora (`Corpora/**/*.txt` and `*.tsv`).
func sampleCorpusFiles() -> [URL] {
  let corpora = repositoryRoot.appendingPathComponent("Corpora")
  guard
    let enumerator = FileManager.default.enumerator(
      at: corpora, includingPropertiesForKeys: nil)
  else { return [] }
  return enumerator.compactMap { $0 as? URL }
    .filter { ["txt", "tsv"].contains($0.pathExtension) }
    .sorted { $0.path < $1.path }
}

/// The fixtures folder of this test target.
let fixturesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("Fixtures")

/// Debian's copy of the Unicode Consortium's normalization conformance file.
let normalizationTestPath = "/usr/share/unicode/NormalizationTest.txt.bz2"

/// The data lines of NormalizationTest.txt, each as its five columns.
func loadNormalizationTest() throws -> [[String]] {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/bzcat")
  process.arguments = [normalizationTestPath]
  let pipe = Pipe()
  process.standardOutput = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  let text = String(decoding: data, as: UTF8.self)
  return text.split(separator: "\n").compactMap { line -> [String]? in
    if line.hasPrefix("#") || line.hasPrefix("@") { return nil }
    let fields = line.split(separator: ";", omittingEmptySubsequences: false).prefix(5)
    guard fields.count == 5 else { return nil }
    return fields.map { field in
      String(
        String.UnicodeScalarView(
          field.split(separator: " ").compactMap {
            UInt32($0, radix: 16).flatMap(Unicode.Scalar.init)
          }))
    }
  }
}
