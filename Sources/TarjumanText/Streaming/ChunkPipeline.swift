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
  /// The chunk's place in its input, counting from 0.
  var sequence: Int { get set }
  /// What stopped the reader before this chunk (the chunk then holds no input).
  var problem: ChunkReader.Problem? { get set }
  /// Reads the next chunk of lines into the chunk, reusing its memory.
  ///
  /// - Returns: false, with no input, at the end of the input.
  func read(from reader: inout ChunkReader) throws(ChunkReader.Problem) -> Bool
  /// Forgets the input (after a read that failed).
  func clearInput()
}

/// The streaming engine under ``LineScanner`` and `tarjuman normalize`: a reader thread
/// fills chunks of lines, `jobs` worker threads do the work on them, and the calling
/// thread takes them in input order (to write their output and report what they found),
/// so that reading, working and writing overlap and no worker waits for the others.
///
/// A fixed number of chunks circulates (a few per worker), so memory stays flat whatever
/// the input size, and the order of everything the calling thread does with the chunks
/// is the input's, whatever the number of workers.
enum ChunkPipeline {
  /// Streams an input through workers.
  ///
  /// - Parameters:
  ///   - chunks: the chunks that circulate: enough that the reader keeps ahead of the
  ///     workers and the workers of the caller.
  ///   - makeWorker: called once on each worker thread: the work on one chunk, with what
  ///     that thread keeps from chunk to chunk (its caches).
  ///   - deliver: called on the calling thread with each chunk, in input order (a chunk
  ///     with a `problem` last). When it throws, the workers stop and the error is
  ///     rethrown.
  static func run<Chunk: PipelineChunk>(
    reader: ChunkReader, chunks: [Chunk], jobs: Int,
    makeWorker: @escaping @Sendable () -> (Chunk) -> Void,
    deliver: (Chunk) throws(StreamError) -> Void
  ) throws(StreamError) {
    let state = State(chunks: chunks)
    let readerThread = Threads.start { [reader] in
      var reader = reader
      defer { reader.close() }
      read(with: &reader, state: state)
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
      // own (it owns the reader and closes it), and never touches the caller's state.
      Threads.detach(readerThread)
      throw error
    }
    for worker in workers { Threads.join(worker) }
    Threads.join(readerThread)
  }

  /// The reader thread: fills free chunks until the input ends or fails.
  private static func read<Chunk: PipelineChunk>(
    with reader: inout ChunkReader, state: State<Chunk>
  ) {
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
        more = try chunk.read(from: &reader)
      } catch {
        chunk.problem = error
        chunk.clearInput()
        state.update(waking: [.workers, .caller]) { state in
          state.done[sequence] = chunk
          state.produced = sequence + 1
        }
        return
      }
      guard more else {
        state.update(waking: [.workers, .caller]) { state in
          state.free.append(chunk)
          state.produced = sequence
        }
        return
      }
      sequence += 1
      state.update(waking: [.workers]) { $0.work.append(chunk) }
    }
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
