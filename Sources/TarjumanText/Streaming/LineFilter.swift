#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a filter reads from: a file, or standard input.
public enum LineInput: Sendable, Hashable {
  /// Standard input, named "<stdin>" in messages.
  case standardInput
  /// A file path.
  case file(String)

  /// The name used in diagnostics.
  public var displayName: String {
    switch self {
    case .standardInput: "<stdin>"
    case .file(let path): path
    }
  }
}

/// Where a filter writes to: standard output, or a file that appears only when the run
/// succeeds.
public enum LineOutput: Sendable, Equatable {
  /// Standard output.
  case standardOutput
  /// A file, written to a temporary name beside it and renamed into place at the end, so
  /// that a failed run never leaves a partial file (and never clobbers an existing one).
  case file(String)
}

/// Counts from a finished run.
public struct LineFilterSummary: Sendable, Equatable {
  /// Lines read.
  public var linesRead = 0
  /// Lines written.
  public var linesWritten = 0
  /// Bytes read.
  public var bytesRead = 0
  /// Lines whose invalid UTF-8 was replaced.
  public var linesReplaced = 0
  /// Lines left out because of invalid UTF-8.
  public var linesSkipped = 0

  /// Applies `policy` to the lines of one chunk that held invalid UTF-8, in input order.
  ///
  /// Shared by both streaming engines so that they count, warn and fail alike.
  /// - Throws: `StreamError.invalidUTF8` for the first such line under `.fail`; the
  ///   chunk's output must then not be written (a chunk is all or nothing).
  mutating func account(
    invalidLines: [(line: Int, column: Int)], linesBefore: Int, path: String,
    policy: InvalidInputPolicy, warn: (StreamWarning) -> Void
  ) throws(StreamError) {
    for invalid in invalidLines {
      let line = linesBefore + invalid.line + 1
      switch policy {
      case .fail:
        throw .invalidUTF8(path: path, line: line, column: invalid.column)
      case .replace:
        linesReplaced += 1
        warn(StreamWarning(path: path, line: line, message: "invalid UTF-8 replaced with U+FFFD"))
      case .skip:
        linesSkipped += 1
        warn(StreamWarning(path: path, line: line, message: "invalid UTF-8, line skipped"))
      }
    }
  }
}

/// Streams lines through a ``LineTransform`` on several threads with bounded memory,
/// writing the results in input order.
///
/// Input is read in chunks that end at a line break; worker threads transform chunks as
/// they are read, and the results are written in input order (see ``ChunkPipeline``), so
/// the output is byte-identical whatever the number of threads and memory stays at about
/// `(jobs × 3 + 2) × chunkBytes × 3` whatever the input size. Each output line ends the
/// way its input line did (LF, CRLF, or nothing at the end of the input).
public struct LineFilter<Transform: LineTransform>: Sendable {
  /// The transformation to apply.
  public var transform: Transform
  /// Worker threads; the default is the number of active processors.
  public var jobs: Int
  /// What to do with lines that are not UTF-8.
  public var onInvalid: InvalidInputPolicy
  /// The longest line accepted, in bytes.
  public var maxLineBytes: Int
  /// The size of one unit of work.
  public var chunkBytes: Int

  /// Creates a filter.
  public init(
    transform: Transform, jobs: Int? = nil, onInvalid: InvalidInputPolicy = .fail,
    maxLineBytes: Int = 64 << 20, chunkBytes: Int = 256 << 10
  ) {
    self.transform = transform
    self.jobs = max(1, jobs ?? Self.activeProcessorCount)
    self.onInvalid = onInvalid
    self.maxLineBytes = max(1, maxLineBytes)
    self.chunkBytes = max(1, chunkBytes)
  }

  /// The number of processors available to this process.
  public static var activeProcessorCount: Int {
    Int(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }

  /// Runs the filter over `inputs` (in order, as one stream) into `output`.
  ///
  /// - Parameter warn: called, in input order, for each line replaced or skipped.
  /// - Returns: counts of what was read and written.
  /// - Throws: `StreamError`; with an output file, nothing is left at its path.
  public func run(
    inputs: [LineInput], output: LineOutput, warn: (StreamWarning) -> Void = { _ in }
  ) throws(StreamError) -> LineFilterSummary {
    let scanner = LineScanner(
      visitor: TransformVisitor(transform: transform), jobs: jobs, onInvalid: onInvalid,
      maxLineBytes: maxLineBytes, chunkBytes: chunkBytes)
    return try scanner.run(inputs: inputs, output: output, warn: warn) { _, _ in }
  }
}

/// Visits lines with a ``LineTransform``: the transform's output is the line's output.
private struct TransformVisitor<Transform: LineTransform>: LineVisitor {
  let transform: Transform

  func makeWorkspace() -> Transform.Workspace { transform.makeWorkspace() }

  func visit(
    _ line: UnsafeBufferPointer<UInt8>, index: Int, into output: inout [UInt8],
    findings: inout [LineFinding<Never>], workspace: Transform.Workspace
  ) -> Bool {
    transform.transform(line, into: &output, workspace: workspace)
  }
}

/// Something a ``LineVisitor`` found on a line, tagged with the line's index in its chunk
/// (the scanner turns it into a line number).
public struct LineFinding<Finding: Sendable>: Sendable {
  /// The 0-based index of the line within the chunk being visited, as passed to
  /// ``LineVisitor/visit(_:index:into:findings:workspace:)``.
  public var index: Int
  /// What was found.
  public var finding: Finding

  /// Creates a finding for the line with the given index.
  public init(index: Int, _ finding: Finding) {
    self.index = index
    self.finding = finding
  }
}

/// Work done on each line by a ``LineScanner``: it may write output for the line and report
/// findings (mentions, replacements) that the scanner hands back with file and line.
public protocol LineVisitor: Sendable {
  /// Per-thread scratch state.
  associatedtype Workspace
  /// What the visitor reports about a line.
  associatedtype Finding: Sendable

  /// Creates scratch state for one thread.
  func makeWorkspace() -> Workspace

  /// Visits one line (without its terminator).
  ///
  /// - Parameters:
  ///   - index: the line's index within its chunk, to tag findings with.
  ///   - output: the line's output, when the scanner writes one (the terminator is added).
  ///   - findings: where to append what was found on the line.
  /// - Returns: false, appending nothing, when the line is not valid UTF-8.
  func visit(
    _ line: UnsafeBufferPointer<UInt8>, index: Int, into output: inout [UInt8],
    findings: inout [LineFinding<Finding>], workspace: Workspace
  ) -> Bool
}

/// The engine under ``LineFilter`` and the commands that report on lines (`find`,
/// `canonicalize`): chunks of lines visited on several threads, output written and
/// findings reported in input order, with bounded memory.
public struct LineScanner<Visitor: LineVisitor>: Sendable {
  /// The work to do on each line.
  public var visitor: Visitor
  /// Worker threads.
  public var jobs: Int
  /// What to do with lines that are not UTF-8.
  public var onInvalid: InvalidInputPolicy
  /// The longest line accepted, in bytes.
  public var maxLineBytes: Int
  /// The size of one unit of work.
  public var chunkBytes: Int

  /// Creates a scanner.
  public init(
    visitor: Visitor, jobs: Int? = nil, onInvalid: InvalidInputPolicy = .fail,
    maxLineBytes: Int = 64 << 20, chunkBytes: Int = 256 << 10
  ) {
    self.visitor = visitor
    self.jobs = max(1, jobs ?? LineFilter<TextNormalizer>.activeProcessorCount)
    self.onInvalid = onInvalid
    self.maxLineBytes = max(1, maxLineBytes)
    self.chunkBytes = max(1, chunkBytes)
  }

  /// Scans `inputs` in order, as one stream.
  ///
  /// - Parameters:
  ///   - output: where the visitor's output goes, or nil to write nothing.
  ///   - warn: called, in input order, for each line replaced or skipped.
  ///   - report: called in input order with each finding, its input and its 1-based line.
  /// - Returns: counts of what was read and written.
  /// - Throws: `StreamError`; with an output file, nothing is left at its path.
  public func run(
    inputs: [LineInput], output: LineOutput?, warn: (StreamWarning) -> Void = { _ in },
    report: (_ at: StreamPosition, _ finding: Visitor.Finding) -> Void
  ) throws(StreamError) -> LineFilterSummary {
    var sink = try output.map { (output) throws(StreamError) in try OutputSink(output) }
    do {
      var summary = LineFilterSummary()
      for (position, input) in inputs.enumerated() {
        let unterminated = try process(
          input, into: &sink, summary: &summary, warn: warn, report: report)
        // A file whose last line has no line break must not run into the next file.
        if unterminated && position < inputs.count - 1 { try sink?.write([0x0A]) }
      }
      try sink?.commit()
      return summary
    } catch {
      sink?.abandon()
      throw error
    }
  }

  // MARK: - Work units

  /// A unit of work. Chunks circulate between the pipeline's threads, so that their
  /// buffers are allocated (and their pages faulted in) once, not for every chunk of
  /// input.
  private final class Chunk: PipelineChunk, @unchecked Sendable {
    // @unchecked: a chunk belongs to one thread at a time (see ChunkPipeline).
    var bytes: [UInt8] = []
    var output: [UInt8] = []
    var findings: [LineFinding<Visitor.Finding>] = []
    var sequence = 0
    var problem: ChunkReader.Problem?
    var lines = 0
    /// Indexes (0-based within the chunk) and 1-based byte columns of invalid lines.
    var invalidLines: [(line: Int, column: Int)] = []
    /// The index (0-based within the chunk) of a line longer than the limit.
    var tooLongLine: Int?

    func read(from reader: inout ChunkReader) throws(ChunkReader.Problem) -> Bool {
      try reader.next(into: &bytes)
    }

    func clearInput() { bytes.removeAll(keepingCapacity: true) }
  }

  /// Streams one input into the sink.
  ///
  /// - Returns: whether the input ended without a line break after its last line.
  private func process(
    _ input: LineInput, into sink: inout OutputSink?, summary: inout LineFilterSummary,
    warn: (StreamWarning) -> Void, report: (StreamPosition, Visitor.Finding) -> Void
  ) throws(StreamError) -> Bool {
    // The normalizer (`tarjuman normalize`) writes into raw buffers of its own.
    if let normalizer = (visitor as? TransformVisitor<TextNormalizer>)?.transform {
      return try NormalizerPipeline.run(
        input, normalizer: normalizer, jobs: jobs, chunkBytes: chunkBytes,
        maxLineBytes: maxLineBytes, onInvalid: onInvalid, sink: sink, summary: &summary,
        warn: warn)
    }
    let reader = try ChunkReader(input, chunkBytes: chunkBytes, maxLineBytes: maxLineBytes)
    let path = input.displayName
    let writesOutput = sink != nil
    let visitor = self.visitor
    let onInvalid = self.onInvalid
    let maxLineBytes = self.maxLineBytes
    var linesBefore = 0
    var lastByte: UInt8?
    try ChunkPipeline.run(
      reader: reader, chunks: (0..<(jobs * 3 + 2)).map { _ in Chunk() }, jobs: jobs,
      makeWorker: {
        // Each worker's workspace (its caches) stays with it from chunk to chunk.
        let workspace = visitor.makeWorkspace()
        return { chunk in
          Self.visitChunk(
            chunk, visitor: visitor, workspace: workspace, writesOutput: writesOutput,
            onInvalid: onInvalid, maxLineBytes: maxLineBytes)
        }
      },
      deliver: { (chunk) throws(StreamError) in
        if let problem = chunk.problem {
          throw StreamError(problem, path: path, line: linesBefore + 1, limit: maxLineBytes)
        }
        if let tooLong = chunk.tooLongLine {
          throw .lineTooLong(path: path, line: linesBefore + tooLong + 1, limit: maxLineBytes)
        }
        summary.bytesRead += chunk.bytes.count
        try summary.account(
          invalidLines: chunk.invalidLines, linesBefore: linesBefore, path: path,
          policy: onInvalid, warn: warn)
        try sink?.write(chunk.output)
        for found in chunk.findings {
          report(StreamPosition(path: path, line: linesBefore + found.index + 1), found.finding)
        }
        summary.linesRead += chunk.lines
        summary.linesWritten += chunk.lines - (onInvalid == .skip ? chunk.invalidLines.count : 0)
        linesBefore += chunk.lines
        lastByte = chunk.bytes.last ?? lastByte
      })
    return lastByte.map { $0 != 0x0A } ?? false
  }

  /// Visits every line of a chunk, into `chunk.output` and `chunk.findings`.
  private static func visitChunk(
    _ chunk: Chunk, visitor: Visitor, workspace: Visitor.Workspace, writesOutput: Bool,
    onInvalid: InvalidInputPolicy, maxLineBytes: Int
  ) {
    var output = chunk.output
    chunk.output = []
    output.removeAll(keepingCapacity: true)
    if writesOutput { output.reserveCapacity(chunk.bytes.count + chunk.bytes.count / 8) }
    var findings = chunk.findings
    chunk.findings = []
    findings.removeAll(keepingCapacity: true)
    var result = VisitedLines()
    chunk.bytes.withUnsafeBufferPointer { bytes in
      result = visitLines(
        bytes, visitor: visitor, workspace: workspace, output: &output, findings: &findings,
        writesOutput: writesOutput, onInvalid: onInvalid, maxLineBytes: maxLineBytes)
    }
    chunk.output = output
    chunk.findings = findings
    chunk.lines = result.lines
    chunk.invalidLines = result.invalid
    chunk.tooLongLine = result.tooLong
  }
}

/// What visiting the lines of a chunk found besides the output.
private struct VisitedLines {
  var lines = 0
  /// Indexes (0-based within the chunk) and 1-based byte columns of invalid lines.
  var invalid: [(line: Int, column: Int)] = []
  /// The index (0-based within the chunk) of a line longer than the limit.
  var tooLong: Int?
}

/// Visits every line of a chunk's bytes: the loop of ``LineScanner``, generic over the
/// visitor so that it can be specialized for one.
@inline(__always)
private func visitLines<Visitor: LineVisitor>(
  _ bytes: UnsafeBufferPointer<UInt8>, visitor: Visitor, workspace: Visitor.Workspace,
  output: inout [UInt8], findings: inout [LineFinding<Visitor.Finding>], writesOutput: Bool,
  onInvalid: InvalidInputPolicy, maxLineBytes: Int
) -> VisitedLines {
  var lines = 0
  var invalid: [(line: Int, column: Int)] = []
  var tooLong: Int?
  var start = 0
  let count = bytes.count
  while start < count {
    var end = start
    // The scan for LF is the only per-byte work outside the visitor.
    if let base = bytes.baseAddress,
      let found = memchr(base + start, 0x0A, count - start)
    {
      end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    } else {
      end = count
    }
    let hasLF = end < count
    var contentEnd = end
    if contentEnd > start && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
    if contentEnd - start > maxLineBytes {
      tooLong = lines
      break
    }
    let line = UnsafeBufferPointer(rebasing: bytes[start..<contentEnd])
    let mark = output.count
    if visitor.visit(
      line, index: lines, into: &output, findings: &findings, workspace: workspace)
    {
      if writesOutput {
        // Most lines end with a bare LF: one byte, not a slice.
        if hasLF && contentEnd == end {
          output.append(0x0A)
        } else {
          output.append(contentsOf: bytes[contentEnd..<(hasLF ? end + 1 : end)])
        }
      }
    } else {
      // A visitor that fails appends no finding (see `LineVisitor.visit`), so the findings
      // are not counted before each line: in code generic over the visitor, that count
      // asks the runtime for the findings' type on every line, under a lock other threads
      // contend for.
      output.removeSubrange(mark...)
      let column = (UTF8Decoding.firstInvalidOffset(line) ?? 0) + 1
      invalid.append((lines, column))
      if onInvalid == .replace {
        let repaired = UTF8Decoding.repaired(line)
        repaired.withUnsafeBufferPointer {
          _ = visitor.visit(
            $0, index: lines, into: &output, findings: &findings, workspace: workspace)
        }
        if writesOutput {
          output.append(contentsOf: bytes[contentEnd..<(hasLF ? end + 1 : end)])
        }
      } else if onInvalid == .fail {
        lines += 1
        break
      }
    }
    lines += 1
    start = end + 1
  }
  return VisitedLines(lines: lines, invalid: invalid, tooLong: tooLong)
}

/// A file (or standard input) and a 1-based line in it.
public struct StreamPosition: Sendable, Hashable, CustomStringConvertible {
  /// The input's name (`<stdin>` for standard input).
  public var path: String
  /// The line, counting from 1.
  public var line: Int

  /// Creates a position.
  public init(path: String, line: Int) {
    self.path = path
    self.line = line
  }

  public var description: String { "\(path):\(line)" }
}
