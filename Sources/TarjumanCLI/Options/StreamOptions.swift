import ArgumentParser
import TarjumanText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Options of every command that reads lines: threads and bad input.
struct ScanOptions: ParsableArguments {
  @Option(help: "Worker threads (default: all processors). Output is the same for any value.")
  var jobs: Int?

  @Option(
    name: .customLong("on-invalid"),
    help: "For lines that are not UTF-8: fail (exit 65), replace (with U+FFFD) or skip.")
  var onInvalid: InvalidInputPolicy = .fail

  @Option(name: .customLong("max-line-bytes"), help: "Reject lines longer than this (bytes).")
  var maxLineBytes: Int = 64 << 20

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
    if maxLineBytes < 1 { throw ValidationError("--max-line-bytes must be at least 1.") }
  }

  /// The inputs named on the command line: files, standard input for none or `-`.
  static func inputs(_ files: [String]) -> [LineInput] {
    files.isEmpty ? [.standardInput] : files.map { $0 == "-" ? .standardInput : .file($0) }
  }
}

/// Options shared by the line filters: inputs, output, threads and bad input.
struct StreamOptions: ParsableArguments {
  @Option(
    name: .shortAndLong,
    help:
      "Write to this file (put in place only if the run succeeds; a device such as /dev/null is written as it goes)."
  )
  var output: String?

  @OptionGroup var scan: ScanOptions

  @Argument(
    help: "Input files (standard input when none are given; '-' also means standard input).")
  var files: [String] = []

  var jobs: Int? { scan.jobs }
  var onInvalid: InvalidInputPolicy { scan.onInvalid }
  var maxLineBytes: Int { scan.maxLineBytes }

  var inputs: [LineInput] { ScanOptions.inputs(files) }

  /// The bytes the inputs hold, when all are regular files (nil with standard input or a
  /// pipe, whose length is not known before it is read; a file that cannot be read counts
  /// for nothing here, and fails when it is opened).
  var inputByteCount: Int? {
    var total = 0
    for input in inputs {
      guard case .file(let path) = input else { return nil }
      var status = stat()
      guard stat(path, &status) == 0 else { continue }
      guard (status.st_mode & S_IFMT) == S_IFREG else { return nil }
      total += Int(status.st_size)
    }
    return total
  }

  /// Runs `transform` over the inputs, reporting warnings and errors on standard error.
  func run<Transform: LineTransform>(_ transform: Transform) throws {
    let filter = LineFilter(
      transform: transform, jobs: jobs, onInvalid: onInvalid, maxLineBytes: maxLineBytes)
    var reporter = Diagnostics()
    do {
      let summary = try filter.run(
        inputs: inputs, output: output.map(LineOutput.file) ?? .standardOutput,
        warn: { reporter.warning($0.description) })
      reporter.finish(
        replaced: summary.linesReplaced, skipped: summary.linesSkipped)
    } catch {
      reporter.error(error.description)
      throw ExitCode(Diagnostics.exitCode(for: error))
    }
  }
}
