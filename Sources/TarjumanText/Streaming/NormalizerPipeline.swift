#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `tarjuman normalize` on a ``ChunkPipeline``: each line is normalized straight into
/// its chunk's output buffer. The output, the diagnostics and their order are those of
/// ``LineScanner`` with the normalizer as a transform: a chunk is written whole or, when
/// one of its lines fails, not at all, and everything before it is written.
enum NormalizerPipeline {
  /// One unit of work: lines in, normalized lines out.
  final class Chunk: PipelineChunk, @unchecked Sendable {
    // @unchecked: a chunk belongs to one thread at a time (see ChunkPipeline).
    var input = RawBuffer<UInt8>(capacity: 1)
    var output = RawBuffer<UInt8>(capacity: 1)
    var sequence = 0
    var lines = 0
    var invalidLines: [(line: Int, column: Int)] = []
    var tooLongLine: Int?
    var problem: ChunkReader.Problem?

    init(chunkBytes: Int) {
      input = RawBuffer(capacity: chunkBytes + 64 << 10)
      output = RawBuffer(capacity: chunkBytes + chunkBytes / 4 + 64 << 10)
    }

    deinit {
      input.free()
      output.free()
    }

    func read(from reader: inout ChunkReader) throws(ChunkReader.Problem) -> Bool {
      try reader.next(into: &input)
    }

    func clearInput() { input.count = 0 }
  }

  /// Streams one input through the normalizer into the sink.
  ///
  /// - Returns: whether the input ended without a line break after its last line.
  static func run(
    _ input: LineInput, normalizer: TextNormalizer, jobs: Int, chunkBytes: Int,
    maxLineBytes: Int, onInvalid: InvalidInputPolicy, sink: OutputSink?,
    summary: inout LineFilterSummary, warn: (StreamWarning) -> Void
  ) throws(StreamError) -> Bool {
    let reader = try ChunkReader(input, chunkBytes: chunkBytes, maxLineBytes: maxLineBytes)
    let path = input.displayName
    let writesOutput = sink != nil
    var linesBefore = 0
    var lastByte: UInt8?
    try ChunkPipeline.run(
      reader: reader, chunks: (0..<(jobs * 3 + 2)).map { _ in Chunk(chunkBytes: chunkBytes) },
      jobs: jobs,
      makeWorker: {
        let workspace = NormalizerWorkspace()
        return { chunk in
          visitLines(
            chunk, normalizer: normalizer, workspace: workspace, writesOutput: writesOutput,
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
        summary.bytesRead += chunk.input.count
        try summary.account(
          invalidLines: chunk.invalidLines, linesBefore: linesBefore, path: path,
          policy: onInvalid, warn: warn)
        try sink?.write(chunk.output.elements)
        summary.linesRead += chunk.lines
        summary.linesWritten += chunk.lines - (onInvalid == .skip ? chunk.invalidLines.count : 0)
        linesBefore += chunk.lines
        if chunk.input.count > 0 { lastByte = chunk.input.base[chunk.input.count - 1] }
      })
    return lastByte.map { $0 != 0x0A } ?? false
  }

  /// Normalizes every line of a chunk into its output: the loop of `visitLines` in
  /// `LineFilter.swift`, writing straight into the chunk's raw buffer.
  static func visitLines(
    _ chunk: Chunk, normalizer: TextNormalizer, workspace: NormalizerWorkspace,
    writesOutput: Bool, onInvalid: InvalidInputPolicy, maxLineBytes: Int
  ) {
    var output = chunk.output
    defer { chunk.output = output }
    output.count = 0
    var lines = 0
    var invalid: [(line: Int, column: Int)] = []
    var tooLong: Int?
    let base = UnsafePointer(chunk.input.base)
    let count = chunk.input.count
    let bytes = UnsafeBufferPointer(start: base, count: count)
    var start = 0
    while start < count {
      let end: Int
      if let found = memchr(base + start, 0x0A, count - start) {
        end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
      } else {
        end = count
      }
      let hasLF = end < count
      var contentEnd = end
      if contentEnd > start && base[contentEnd - 1] == 0x0D { contentEnd -= 1 }
      if contentEnd - start > maxLineBytes {
        tooLong = lines
        break
      }
      let line = UnsafeBufferPointer(rebasing: bytes[start..<contentEnd])
      let mark = output.count
      if normalizer.normalizeLine(line, into: &output, workspace: workspace) {
        if !writesOutput {
          output.count = mark
        } else if hasLF && contentEnd == end {
          // Most lines end with a bare LF.
          output.reserve(1)
          output.appendUnchecked(0x0A)
        } else {
          output.append(
            contentsOf: UnsafeBufferPointer(rebasing: bytes[contentEnd..<(hasLF ? end + 1 : end)]))
        }
      } else {
        output.count = mark
        let column = (UTF8Decoding.firstInvalidOffset(line) ?? 0) + 1
        invalid.append((lines, column))
        if onInvalid == .replace {
          let repaired = UTF8Decoding.repaired(line)
          repaired.withUnsafeBufferPointer {
            _ = normalizer.normalizeLine($0, into: &output, workspace: workspace)
          }
          if writesOutput {
            output.append(
              contentsOf: UnsafeBufferPointer(rebasing: bytes[contentEnd..<(hasLF ? end + 1 : end)])
            )
          } else {
            output.count = mark
          }
        } else if onInvalid == .fail {
          lines += 1
          break
        }
      }
      lines += 1
      start = end + 1
    }
    chunk.lines = lines
    chunk.invalidLines = invalid
    chunk.tooLongLine = tooLong
  }
}
