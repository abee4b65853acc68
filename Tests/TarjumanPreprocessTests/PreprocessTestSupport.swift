import Foundation
import TarjumanText
import Testing

@testable import TarjumanPreprocess

/// A temporary folder removed when the value goes away.
final class TemporaryFolder {
  let path: String

  init() {
    path = NSTemporaryDirectory() + "tarjuman-preprocess-tests-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// Writes a file and returns its path.
  func file(_ name: String, _ bytes: [UInt8]) -> String {
    let file = path + "/" + name
    let written = FileManager.default.createFile(atPath: file, contents: Data(bytes))
    precondition(written, "cannot write the fixture \(file)")
    return file
  }

  func file(_ name: String, _ text: String) -> String { file(name, Array(text.utf8)) }

  func read(_ name: String) -> String? {
    (try? Data(contentsOf: URL(fileURLWithPath: path + "/" + name)))
      .map { String(decoding: $0, as: UTF8.self) }
  }
}

/// Runs a pipeline over files and returns the output text and the report.
func preprocess(
  _ input: InputSpec, pipeline: PipelineSpec, to format: RecordFormat? = nil, jobs: Int = 1,
  onInvalid: InvalidInputPolicy = .fail, chunkBytes: Int = 1 << 20,
  spill: (directory: String, memory: Int)? = nil, lineMemo: Bool = true,
  folder: TemporaryFolder
) throws -> (String, PreprocessReport) {
  var options = PreprocessOptions(jobs: jobs)
  options.lineMemo = lineMemo
  if let spill {
    options.spillDirectory = spill.directory
    options.dedupeMemory = spill.memory
  }
  options.onInvalid = onInvalid
  options.dedupe = pipeline.dedupe
  options.chunkBytes = chunkBytes
  let preprocessor = try Preprocessor(input: input, options: options)
  let (steps, columns) = try pipeline.build(columns: preprocessor.inputColumns) {
    throw PreprocessError.usage("no glossary in these tests")
  }
  preprocessor.configure(steps: steps, outputColumns: columns)
  let name = "out-\(UUID().uuidString)"
  let report = try preprocessor.run(
    output: OutputSpec(format: format ?? input.format, paths: [folder.path + "/" + name]))
  return (folder.read(name) ?? "", report)
}
