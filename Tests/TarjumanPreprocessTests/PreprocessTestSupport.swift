import Foundation
import TarjumanTestSupport
import TarjumanText
import Testing

@testable import TarjumanPreprocess

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
