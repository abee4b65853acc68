#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The streaming engine of `tarjuman normalize`: a reader thread fills chunks of lines, `jobs`
/// worker threads normalize them (each line straight into its chunk's output), and the
/// calling thread writes the outputs in input order, so that reading, normalizing and
/// writing overlap and no worker waits for a batch to be read or written.
///
/// A fixed number of chunks circulates (a few per worker), so memory stays flat whatever
/// the input size. The output, the diagnostics and their order are those of the batch
/// engine in ``LineScanner`` with one job: a chunk is written whole or, when one of its
/// lines fails, not at all, and everything before it is written.
enum NormalizerPipeline {
  /// One unit of work, handed between threads under the pipeline's lock.
  final class Chunk: @unchecked Sendable {
    // @unchecked: a chunk belongs to one thread at a time (reader, a worker, the writer),
    // and is handed over under the lock.
    var input = RawBuffer<UInt8>(capacity: 1)
    var output = RawBuffer<UInt8>(capacity: 1)
    var sequence = 0
    var lines = 0
    var invalidLines: [(line: Int, column: Int)] = []
    var tooLongLine: Int?
    /// What stopped the reader before this chunk (the chunk holds no input then).
    var problem: ChunkReader.Problem?

    init(chunkBytes: Int) {
      input = RawBuffer(capacity: chunkBytes + 64 << 10)
      output = RawBuffer(capacity: chunkBytes + chunkBytes / 4 + 64 << 10)
    }

    deinit {
      input.free()
      output.free()
    }
  }

  /// The queues between the threads, under one lock.
  final class State: @unchecked Sendable {
    // @unchecked: every stored property is touched only with `mutex` held.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// One condition per kind of waiter (``Waiter``), so that a change wakes only the
    /// threads it concerns.
    private let conditions = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 3)
    var free: [Chunk]
    /// Chunks read and not yet normalized, oldest first.
    var work: [Chunk] = []
    var workHead = 0
    /// Chunks normalized, by sequence number.
    var done: [Int: Chunk] = [:]
    /// The number of chunks the reader produced, once it has stopped.
    var produced: Int?
    var cancelled = false

    init(chunks: [Chunk]) {
      free = chunks
      pthread_mutex_init(mutex, nil)
      for waiter in 0..<3 { pthread_cond_init(conditions + waiter, nil) }
    }

    deinit {
      for waiter in 0..<3 { pthread_cond_destroy(conditions + waiter) }
      pthread_mutex_destroy(mutex)
      conditions.deallocate()
      mutex.deallocate()
    }

    /// Who waits for what: the reader for a free chunk, the workers for work, the writer
    /// for the next chunk done.
    enum Waiter: Int { case reader, workers, writer }

    /// Runs `body` with the lock held and wakes the threads that wait for what it changed.
    func update<Result>(waking waiters: [Waiter], _ body: (State) -> Result) -> Result {
      pthread_mutex_lock(mutex)
      let result = body(self)
      for waiter in waiters { pthread_cond_broadcast(conditions + waiter.rawValue) }
      pthread_mutex_unlock(mutex)
      return result
    }

    /// Waits, with the lock held, until `take` returns a value (nil: keep waiting).
    func wait<Result>(as waiter: Waiter, _ take: (State) -> Result?) -> Result {
      pthread_mutex_lock(mutex)
      defer { pthread_mutex_unlock(mutex) }
      while true {
        if let result = take(self) { return result }
        pthread_cond_wait(conditions + waiter.rawValue, mutex)
      }
    }
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
    // Enough chunks that the reader keeps ahead of the workers and the workers of the
    // writer, few enough that memory stays small.
    let state = State(chunks: (0..<(jobs * 3 + 2)).map { _ in Chunk(chunkBytes: chunkBytes) })
    let readerThread = Threads.start { [reader] in
      var reader = reader
      defer { reader.close() }
      read(with: &reader, state: state)
    }
    let workers = (0..<jobs).map { _ in
      Threads.start {
        normalize(
          state: state, normalizer: normalizer, writesOutput: writesOutput, onInvalid: onInvalid,
          maxLineBytes: maxLineBytes)
      }
    }
    var linesBefore = 0
    var lastByte: UInt8?
    var sequence = 0
    do throws(StreamError) {
      while true {
        let next = state.wait(as: .writer) { state -> Chunk?? in
          if let chunk = state.done.removeValue(forKey: sequence) { return .some(chunk) }
          if let produced = state.produced, produced == sequence { return .some(nil) }
          return nil
        }
        guard let chunk = next else { break }
        if let problem = chunk.problem {
          switch problem {
          case .tooLong:
            throw .lineTooLong(path: path, line: linesBefore + 1, limit: maxLineBytes)
          case .readFailed(let code): throw .readFailed(path: path, errno: code)
          case .utf16(let bigEndian): throw .utf16(path: path, bigEndian: bigEndian)
          }
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
        sequence += 1
        state.update(waking: [.reader]) { $0.free.append(chunk) }
      }
    } catch {
      state.update(waking: [.reader, .workers]) { $0.cancelled = true }
      for worker in workers { Threads.join(worker) }
      // The reader may be blocked reading a terminal or a pipe: it is left to stop on its
      // own (it owns the reader and closes it), and never touches the sink.
      Threads.detach(readerThread)
      throw error
    }
    for worker in workers { Threads.join(worker) }
    Threads.join(readerThread)
    return lastByte.map { $0 != 0x0A } ?? false
  }

  /// The reader thread: fills free chunks until the input ends or fails.
  private static func read(with reader: inout ChunkReader, state: State) {
    var sequence = 0
    while true {
      let next = state.wait(as: .reader) { state -> Chunk?? in
        if state.cancelled { return .some(nil) }
        if let chunk = state.free.popLast() { return .some(chunk) }
        return nil
      }
      guard let chunk = next else { return }
      chunk.problem = nil
      chunk.sequence = sequence
      let more: Bool
      do {
        more = try reader.next(into: &chunk.input)
      } catch {
        chunk.problem = error
        chunk.input.count = 0
        state.update(waking: [.workers, .writer]) { state in
          state.done[sequence] = chunk
          state.produced = sequence + 1
        }
        return
      }
      guard more else {
        state.update(waking: [.workers, .writer]) { state in
          state.free.append(chunk)
          state.produced = sequence
        }
        return
      }
      sequence += 1
      state.update(waking: [.workers]) { $0.work.append(chunk) }
    }
  }

  /// A worker thread: normalizes chunks until the reader has stopped and no work is left.
  private static func normalize(
    state: State, normalizer: TextNormalizer, writesOutput: Bool, onInvalid: InvalidInputPolicy,
    maxLineBytes: Int
  ) {
    let workspace = NormalizerWorkspace()
    while true {
      let next = state.wait(as: .workers) { state -> Chunk?? in
        if state.cancelled { return .some(nil) }
        if state.workHead < state.work.count {
          let chunk = state.work[state.workHead]
          state.workHead += 1
          if state.workHead > 64 {
            state.work.removeFirst(state.workHead)
            state.workHead = 0
          }
          return .some(chunk)
        }
        if state.produced != nil { return .some(nil) }
        return nil
      }
      guard let chunk = next else { return }
      visitLines(
        chunk, normalizer: normalizer, workspace: workspace, writesOutput: writesOutput,
        onInvalid: onInvalid, maxLineBytes: maxLineBytes)
      state.update(waking: [.writer]) { $0.done[chunk.sequence] = chunk }
    }
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

/// Threads of our own (POSIX), for the pipeline's reader and workers: they block on a
/// condition variable, which Dispatch's worker threads should not.
enum Threads {
  private final class Body {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
  }

  /// Starts a thread running `body`.
  static func start(_ body: @escaping @Sendable () -> Void) -> pthread_t {
    let box = Unmanaged.passRetained(Body(body)).toOpaque()
    var thread = pthread_t()
    let result = pthread_create(
      &thread, nil,
      { argument in
        guard let argument else { return nil }
        Unmanaged<Body>.fromOpaque(argument).takeRetainedValue().run()
        return nil
      }, box)
    precondition(result == 0, "pthread_create failed: \(result)")
    return thread
  }

  static func join(_ thread: pthread_t) { pthread_join(thread, nil) }
  static func detach(_ thread: pthread_t) { pthread_detach(thread) }
}
