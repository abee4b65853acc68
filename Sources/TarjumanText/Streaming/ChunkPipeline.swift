#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A chunk of whole lines and what the work made of it, handed between the threads of a
/// ``ChunkPipeline``: one thread at a time owns it (hence `Sendable`, unchecked in the
/// conforming classes).
protocol PipelineChunk: AnyObject, Sendable {
  /// The chunk's place in the stream, counting from 0.
  var sequence: Int { get set }
  /// The input it comes from: its index in the stream's inputs.
  var inputIndex: Int { get set }
  /// What stopped the reader before this chunk (the chunk then holds no input).
  var problem: PipelineProblem? { get set }
  /// Reads the next chunk of lines into the chunk, reusing its memory.
  ///
  /// - Returns: false, with no input, at the end of the input.
  func read(from reader: inout ChunkReader) throws(ChunkReader.Problem) -> Bool
  /// Forgets the input (after a read that failed).
  func clearInput()
  /// The input's bytes.
  var inputBytes: UnsafeBufferPointer<UInt8> { get }
  /// The lines the work went through.
  var lines: Int { get }
  /// Indexes (0-based within the chunk) and 1-based byte columns of invalid lines.
  var invalidLines: [(line: Int, column: Int)] { get }
  /// The index (0-based within the chunk) of a line longer than the limit.
  var tooLongLine: Int? { get }
}

/// What stops the reader of a ``ChunkPipeline``.
enum PipelineProblem: Sendable {
  /// An input could not be opened (the error names it).
  case cannotOpen(StreamError)
  /// Reading an input failed, at the line after the lines delivered before.
  case read(ChunkReader.Problem)
}

/// The streaming engine under ``LineScanner`` and `tarjuman normalize`: a reader thread
/// reads the inputs one after the other in chunks of lines, `jobs` worker threads do the
/// work on them, and the calling thread takes them in stream order (to write their output
/// and report what they found), so that reading, working and writing overlap and no
/// worker waits for the others.
///
/// A fixed number of chunks circulates (a few per worker), so memory stays flat whatever
/// the input size, and the order of everything the calling thread does with the chunks
/// is the stream's, whatever the number of workers. The threads (and each worker's
/// caches) serve the whole stream, however many files it has.
enum ChunkPipeline {
  /// Streams inputs through workers into a sink.
  ///
  /// - Parameters:
  ///   - makeChunk: makes one of the chunks that circulate (a few per worker: enough that
  ///     the reader keeps ahead of the workers and the workers of the caller).
  ///   - makeWorker: called once on each worker thread: the work on one chunk, with what
  ///     that thread keeps from chunk to chunk (its caches).
  ///   - write: called on the calling thread with each chunk, in stream order, with the
  ///     name of its input and the number of lines before it there: writes its output and
  ///     reports what was found. Line counts, warnings and errors are handled around it
  ///     (``StreamCursor``); when it throws, the workers stop and the error is rethrown.
  static func stream<Chunk: PipelineChunk>(
    inputs: [LineInput], chunkBytes: Int, maxLineBytes: Int, jobs: Int,
    makeChunk: () -> Chunk, makeWorker: @escaping @Sendable () -> (Chunk) -> Void,
    sink: OutputSink?, summary: inout LineFilterSummary, onInvalid: InvalidInputPolicy,
    warn: (StreamWarning) -> Void,
    write: (_ chunk: Chunk, _ path: String, _ linesBefore: Int) throws(StreamError) -> Void
  ) throws(StreamError) {
    var cursor = StreamCursor(inputs: inputs, maxLineBytes: maxLineBytes)
    try run(
      inputs: inputs, chunkBytes: chunkBytes, maxLineBytes: maxLineBytes,
      chunks: (0..<(jobs * 3 + 2)).map { _ in makeChunk() }, jobs: jobs,
      makeWorker: makeWorker
    ) { (chunk) throws(StreamError) in
      try cursor.take(
        chunk, sink: sink, summary: &summary, onInvalid: onInvalid, warn: warn, write: write)
    }
    try cursor.advance(to: inputs.count, sink: sink)
  }

  /// Streams inputs through workers: the engine under ``stream(inputs:chunkBytes:maxLineBytes:jobs:makeChunk:makeWorker:sink:summary:onInvalid:warn:write:)``.
  ///
  /// - Parameter deliver: called on the calling thread with each chunk, in stream order (a
  ///   chunk with a `problem` last). When it throws, the workers stop and the error is
  ///   rethrown.
  private static func run<Chunk: PipelineChunk>(
    inputs: [LineInput], chunkBytes: Int, maxLineBytes: Int, chunks: [Chunk], jobs: Int,
    makeWorker: @escaping @Sendable () -> (Chunk) -> Void,
    deliver: (Chunk) throws(StreamError) -> Void
  ) throws(StreamError) {
    let state = State(chunks: chunks)
    let readerThread = Threads.start {
      read(inputs, chunkBytes: chunkBytes, maxLineBytes: maxLineBytes, state: state)
    }
    let workers = (0..<max(1, jobs)).map { _ in
      Threads.start { work(state: state, body: makeWorker()) }
    }
    var sequence = 0
    do throws(StreamError) {
      while true {
        let next = state.wait(as: .caller) { state -> Chunk?? in
          if let chunk = state.done.removeValue(forKey: sequence) { return .some(chunk) }
          if let produced = state.produced, produced == sequence { return .some(nil) }
          return nil
        }
        guard let chunk = next else { break }
        try deliver(chunk)
        sequence += 1
        state.update(waking: [.reader]) { $0.free.append(chunk) }
      }
    } catch {
      state.update(waking: [.reader, .workers]) { $0.cancelled = true }
      for worker in workers { Threads.join(worker) }
      // The reader may be blocked reading a terminal or a pipe: it is left to stop on its
      // own (it owns the readers and closes them), and never touches the caller's state.
      Threads.detach(readerThread)
      throw error
    }
    for worker in workers { Threads.join(worker) }
    Threads.join(readerThread)
  }

  /// The reader thread: fills free chunks from each input in turn, until the inputs end
  /// or one cannot be opened or read.
  private static func read<Chunk: PipelineChunk>(
    _ inputs: [LineInput], chunkBytes: Int, maxLineBytes: Int, state: State<Chunk>
  ) {
    var sequence = 0
    /// Hands the caller a chunk that says why reading stopped, and stops.
    func stop(_ chunk: Chunk, input: Int, _ problem: PipelineProblem) {
      chunk.sequence = sequence
      chunk.inputIndex = input
      chunk.problem = problem
      chunk.clearInput()
      state.update(waking: [.workers, .caller]) { state in
        state.done[sequence] = chunk
        state.produced = sequence + 1
      }
    }
    /// A free chunk, or nil when the caller has stopped the stream.
    func freeChunk() -> Chunk? {
      state.wait(as: .reader) { state -> Chunk?? in
        if state.cancelled { return .some(nil) }
        if let chunk = state.free.popLast() { return .some(chunk) }
        return nil
      }
    }
    for (index, input) in inputs.enumerated() {
      var reader: ChunkReader
      do {
        reader = try ChunkReader(input, chunkBytes: chunkBytes, maxLineBytes: maxLineBytes)
      } catch {
        if let chunk = freeChunk() { stop(chunk, input: index, .cannotOpen(error)) }
        return
      }
      defer { reader.close() }
      while true {
        guard let chunk = freeChunk() else { return }
        chunk.problem = nil
        chunk.sequence = sequence
        chunk.inputIndex = index
        let more: Bool
        do {
          more = try chunk.read(from: &reader)
        } catch {
          stop(chunk, input: index, .read(error))
          return
        }
        guard more else {
          state.update(waking: []) { $0.free.append(chunk) }
          break
        }
        sequence += 1
        state.update(waking: [.workers]) { $0.work.append(chunk) }
      }
    }
    state.update(waking: [.workers, .caller]) { $0.produced = sequence }
  }

  /// A worker thread: works on chunks until the reader has stopped and no work is left.
  private static func work<Chunk: PipelineChunk>(state: State<Chunk>, body: (Chunk) -> Void) {
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
      body(chunk)
      state.update(waking: [.caller]) { $0.done[chunk.sequence] = chunk }
    }
  }

  /// The queues between the threads, under one lock.
  final class State<Chunk: PipelineChunk>: @unchecked Sendable {
    // @unchecked: every stored property is touched only with `mutex` held.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// One condition per kind of waiter (``Waiter``), so that a change wakes only the
    /// threads it concerns.
    private let conditions = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 3)
    var free: [Chunk]
    /// Chunks read and not yet worked on, oldest first.
    var work: [Chunk] = []
    var workHead = 0
    /// Chunks worked on, by sequence number.
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

    /// Who waits for what: the reader for a free chunk, the workers for work, the caller
    /// for the next chunk done.
    enum Waiter: Int { case reader, workers, caller }

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

/// The calling thread's place in a stream of inputs as a ``ChunkPipeline`` delivers its
/// chunks: the input in hand, the lines before the chunk in it, and how it ended.
struct StreamCursor {
  let inputs: [LineInput]
  let maxLineBytes: Int
  /// The index of the input in hand.
  private(set) var input = 0
  /// The lines of the input in hand before the chunk in hand.
  var linesBefore = 0
  /// The last byte read from the input in hand.
  var lastByte: UInt8?

  init(inputs: [LineInput], maxLineBytes: Int) {
    self.inputs = inputs
    self.maxLineBytes = maxLineBytes
  }

  /// The name of the input in hand.
  var path: String { inputs[input].displayName }

  /// Moves on to input `index` (that of the chunk in hand, or `inputs.count` at the end of
  /// the stream). An input left whose last line has no line break gets one, unless it is
  /// the stream's last input: it must not run into the next file.
  mutating func advance(to index: Int, sink: OutputSink?) throws(StreamError) {
    guard index != input else { return }
    if let lastByte, lastByte != 0x0A, input < inputs.count - 1 { try sink?.write([0x0A]) }
    input = index
    linesBefore = 0
    lastByte = nil
  }

  /// Takes the next chunk of the stream: moves on to its input, fails with what stopped
  /// the reader or with a line too long, accounts for its lines (warnings included), and
  /// calls `write` with the chunk, the name of its input and the number of lines before it
  /// there, to write its output and report its findings.
  mutating func take<Chunk: PipelineChunk>(
    _ chunk: Chunk, sink: OutputSink?, summary: inout LineFilterSummary,
    onInvalid: InvalidInputPolicy, warn: (StreamWarning) -> Void,
    write: (_ chunk: Chunk, _ path: String, _ linesBefore: Int) throws(StreamError) -> Void
  ) throws(StreamError) {
    try advance(to: chunk.inputIndex, sink: sink)
    if let problem = chunk.problem { throw error(for: problem) }
    let path = self.path
    if let tooLong = chunk.tooLongLine {
      throw .lineTooLong(path: path, line: linesBefore + tooLong + 1, limit: maxLineBytes)
    }
    let bytes = chunk.inputBytes
    summary.bytesRead += bytes.count
    try summary.account(
      invalidLines: chunk.invalidLines, linesBefore: linesBefore, path: path,
      policy: onInvalid, warn: warn)
    try write(chunk, path, linesBefore)
    summary.linesRead += chunk.lines
    summary.linesWritten += chunk.lines - (onInvalid == .skip ? chunk.invalidLines.count : 0)
    linesBefore += chunk.lines
    if let last = bytes.last { lastByte = last }
  }

  /// The error for what stopped the reader before the chunk in hand.
  func error(for problem: PipelineProblem) -> StreamError {
    switch problem {
    case .cannotOpen(let error): error
    case .read(let problem):
      StreamError(problem, path: path, line: linesBefore + 1, limit: maxLineBytes)
    }
  }
}
