import Foundation
import TarjumanGlossary
import Testing

/// The repository's root folder.
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The tests' own small glossary (Fixtures/sample.glossary).
let sampleGlossaryURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("Fixtures/sample.glossary")

/// The sample glossary, read and checked.
func sampleGlossary() throws -> Glossary {
  let (glossary, problems) = try GlossaryFile.read(sampleGlossaryURL)
  #expect(problems.isEmpty, "\(problems)")
  return glossary
}

/// Every glossary shipped in Glossaries/.
func shippedGlossary() throws -> (Glossary, [GlossaryProblem]) {
  let folder = repositoryRoot.appendingPathComponent("Glossaries")
  let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    .filter { $0.hasSuffix(".glossary") }.sorted()
  var glossary = Glossary()
  var problems: [GlossaryProblem] = []
  for file in files {
    let (read, found) = try GlossaryFile.read(folder.appendingPathComponent(file))
    glossary.merge(read)
    problems += found
  }
  return (glossary, problems)
}

/// The code points of a string, for failure messages: `U+0627 U+0644`.
func codePoints(_ text: String) -> String {
  text.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ")
}
