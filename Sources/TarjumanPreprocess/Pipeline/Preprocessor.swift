import Dispatch
import Foundation
import Synchronization
import TarjumanText

/// How a run behaves, beyond its steps.
public struct PreprocessOptions: Sendable {
  /// Worker threads (default: all processors). The output is the same for any value.
  public var jobs: Int
  /// What to do with bad input: invalid UTF-8, a row with the wrong number of columns, a
  /// broken JSON line.
  public var onInvalid: InvalidInputPolicy = .fail
  /// Deduplication, if any.
  public var dedupe: DedupeMode?
  /// With `spillDirectory`: the most memory deduplication may use, in bytes (the table,
  /// and the indexes and filters of the runs on disk; 8 KiB at least).
  public var dedupeMemory = 1 << 30
  /// Where to write sorted runs of fingerprints when the table would pass
  /// `dedupeMemory`; nil keeps every fingerprint in memory.
  public var spillDirectory: String?
  /// The size of one unit of work.
  public var chunkBytes = 1 << 20
  /// The longest line accepted.
  public var maxLineBytes = 64 << 20
  /// Whether deduplicated runs skip the steps for lines read before (``LineMemo``); off
  /// only to check that the output is the same either way.
  var lineMemo = true

  /// Creates options.
  public init(jobs: Int? = nil) {
    self.jobs = max(1, jobs ?? LineFilter<TextNormalizer>.activeProcessorCount)
  }
}

/// Where the output goes: a path per output file (one, or one per column for parallel
/// output), nil for standard output.
public struct OutputSpec: Sendable {
  /// The output format.
  public var format: RecordFormat
  /// The paths; `[nil]` for standard output.
  public var paths: [String?]

  /// Creates an output specification.
  public init(format: RecordFormat, paths: [String?] = [nil]) {
    self.format = format
    self.paths = paths
  }
}

/// The corpus preprocessor: reads records, runs the steps on all cores in batches,
/// deduplicates and writes in input order.
///
/// The main thread reads a batch of chunks (about 1 MiB of whole lines each, two per
/// worker), the workers parse and transform them with their own workspaces, and the main
/// thread then takes the chunks in order: it reports bad input, looks each record's
/// fingerprint up in the set of those seen, and writes the record if it is new. Nothing
/// a worker does depends on another chunk, and everything that does (deduplication,
/// counting, writing) happens in input order on one thread, so the output is
/// byte-identical whatever the number of workers.
public final class Preprocessor {
  let spec: InputSpec
  let options: PreprocessOptions
  let source: RecordSource
  /// The columns of the input.
  public var inputColumns: [Column] { source.columns }
  /// The total size of the inputs in bytes, when known (for progress).
  public var totalBytes: Int64? { source.totalBytes }
  private var steps: [any RecordStep] = []
  private var outputColumns: [Column] = []

  /// Opens the inputs and reads what names the columns (headers, the first TMX unit).
  public init(input: InputSpec, options: PreprocessOptions) throws(PreprocessError) {
    spec = input
    self.options = options
    source = try RecordSource(
      input, chunkBytes: options.chunkBytes, maxLineBytes: options.maxLineBytes,
      onInvalid: options.onInvalid)
  }

  /// Sets the steps and the columns they write.
  public func configure(steps: [any RecordStep], outputColumns: [Column]) {
    self.steps = steps
    self.outputColumns = outputColumns
  }

  /// Runs the pipeline.
  ///
  /// - Parameters:
  ///   - output: where to write.
  ///   - progress: called on the main thread after each batch, with bytes and records
  ///     read so far.
  ///   - warn: called in input order for each bad line that was replaced or skipped.
  /// - Returns: the report.
  /// - Throws: ``PreprocessError``; no output file is left behind.
  public func run(
    output: OutputSpec, progress: (_ bytes: Int64, _ records: Int) -> Void = { _, _ in },
    warn: (String) -> Void = { _ in }
  ) throws(PreprocessError) -> PreprocessReport {
    let started = Date()
    let writer = RecordWriter(
      format: output.format, columns: outputColumns,
      splicesJSON: output.format == .jsonl && spec.format == .jsonl)
    if writer.sinkCount != output.paths.count {
      throw .usage(
        "\(output.format.rawValue) output needs \(writer.sinkCount) output path"
          + "\(writer.sinkCount == 1 ? "" : "s"), not \(output.paths.count)")
    }
    var sinks: [ByteWriter] = []
    do {
      for path in output.paths { sinks.append(try ByteWriter(path: path)) }
      let report = try process(writer: writer, sinks: sinks, progress: progress, warn: warn)
      for sink in sinks { try sink.commit() }
      var finished = report
      finished.seconds = Date().timeIntervalSince(started)
      return finished
    } catch {
      for sink in sinks { sink.abandon() }
      throw error
    }
  }

  private func process(
    writer: RecordWriter, sinks: [ByteWriter], progress: (Int64, Int) -> Void,
    warn: (String) -> Void
  ) throws(PreprocessError) -> PreprocessReport {
    var report = PreprocessReport(columns: outputColumns.map(\.name))
    report.jobs = options.jobs
    report.dedupe = options.dedupe?.rawValue
    for (index, bytes) in [writer.header()].enumerated() where !bytes.isEmpty {
      try sinks[index].write(bytes)
    }
    let seen = try FingerprintSet(
      memoryLimit: options.dedupeMemory,
      spillDirectory: options.dedupe == nil ? nil : options.spillDirectory)
    // With a spill folder, the memos stay within a share of the dedupe budget.
    let memoCapacity =
      options.spillDirectory == nil
      ? LineMemo.defaultCapacity
      : min(LineMemo.defaultCapacity, max(1 << 10, options.dedupeMemory / 64 / (options.jobs + 1)))
    let context = WorkerContext(
      parser: source.parser, steps: steps, writer: writer, dedupe: options.dedupe,
      onInvalid: options.onInvalid, memoCapacity: options.lineMemo ? memoCapacity : 0,
      sharedMemo: options.jobs > 1 && options.dedupe != nil && options.lineMemo
        ? SharedLineMemo(capacity: memoCapacity) : nil)
    let pool = WorkerPool()
    // Input and output buffers go round from unit to unit; the pool keeps up to twice what
    // the units in flight (two per worker, and the one being written) hold.
    let buffers = BufferPool(limit: 4 * (options.jobs + 1) * (1 + writer.sinkCount))
    source.buffers = buffers
    defer { source.buffers = nil }
    /// Reports a finished unit's bad input, deduplicates and writes its records.
    func merge(_ unit: WorkUnit) throws(PreprocessError) {
      let path = unit.batch.path
      for problem in unit.problems {
        report.invalid[problem.kind, default: 0] += 1
        let place = PreprocessError.invalid(
          path: problem.path ?? path, line: problem.line, column: problem.column,
          message: problem.message)
        switch options.onInvalid {
        case .fail:
          throw .invalid(
            path: problem.path ?? path, line: problem.line, column: problem.column,
            message: problem.message + " (use --on-invalid skip or replace to go on)")
        case .replace where problem.kept:
          report.invalidReplaced += 1
          warn("\(place), replaced")
        case .replace, .skip:
          report.invalidSkipped += 1
          warn("\(place), skipped")
        }
      }
      report.recordsIn += unit.recordsIn
      report.tally.add(unit.tally)
      if unit.duplicates > 0 { report.tally.drop("duplicate", unit.duplicates) }
      // Which records are new; the runs of new records are then written to each sink in
      // one piece each, rather than record by record.
      var kept = [Bool](repeating: true, count: unit.fingerprints.count)
      var duplicates = 0
      if options.dedupe != nil {
        let fingerprints = unit.fingerprints
        for record in fingerprints.indices {
          let ahead = record &+ FingerprintSet.lookahead
          if ahead < fingerprints.count { seen.prefetch(fingerprints[ahead]) }
          if !(try seen.insert(fingerprints[record])) {
            kept[record] = false
            duplicates += 1
          }
        }
      }
      if duplicates > 0 { report.tally.drop("duplicate", duplicates) }
      report.recordsOut += kept.count - duplicates
      let sinkCount = sinks.count
      for sink in 0..<sinkCount {
        try unit.outputs[sink].withUnsafeBufferPointer { (bytes) throws(PreprocessError) in
          // The run of new records not written yet starts at `runStart`; `start` is where
          // the current record starts in this sink's bytes.
          var runStart = 0
          var start = 0
          for record in kept.indices {
            let end = unit.ends[record * sinkCount + sink]
            if !kept[record] {
              if start > runStart {
                try sinks[sink].write(UnsafeBufferPointer(rebasing: bytes[runStart..<start]))
              }
              runStart = end
            }
            start = end
          }
          if start > runStart {
            try sinks[sink].write(UnsafeBufferPointer(rebasing: bytes[runStart..<start]))
          }
        }
      }
    }
    var sequence = 0
    func nextUnit() throws(PreprocessError) -> WorkUnit? {
      guard let batch = try source.next() else { return nil }
      defer { sequence += 1 }
      return WorkUnit(batch: batch, sequence: sequence)
    }
    if options.jobs == 1 {
      while var unit = try nextUnit() {
        try context.work(&unit, pool: pool, buffers: buffers)
        try merge(unit)
        buffers.recycle(&unit)
        report.bytesIn = source.bytesConsumed
        progress(report.bytesIn, report.recordsIn)
      }
    } else {
      // `jobs` worker threads take units from a queue while this thread reads the next
      // ones and merges the finished ones in input order: reading, deduplication and
      // writing overlap the work instead of waiting for a whole batch.
      let queue = UnitQueue(workers: options.jobs) { box in
        // Worked on in this thread's own memory: the counters a worker bumps on every
        // line must not share a cache line with the box another worker is filling.
        var unit = WorkUnit(batch: .lines([], path: "", firstLine: 0))
        swap(&unit, &box.unit)
        do throws(PreprocessError) {
          try context.work(&unit, pool: pool, buffers: buffers)
        } catch {
          box.error = error
        }
        swap(&unit, &box.unit)
      }
      defer { queue.finish() }
      var inFlight: [UnitBox] = []
      var next = 0
      var atEnd = false
      while true {
        while !atEnd && inFlight.count - next < options.jobs * 2 {
          guard let unit = try nextUnit() else {
            atEnd = true
            break
          }
          let box = UnitBox(unit)
          inFlight.append(box)
          queue.push(box)
        }
        guard next < inFlight.count else { break }
        let box = inFlight[next]
        inFlight[next] = UnitBox.done
        next += 1
        if next > 64 {
          inFlight.removeFirst(next)
          next = 0
        }
        box.wait()
        if let error = box.error { throw error }
        try merge(box.unit)
        buffers.recycle(&box.unit)
        report.bytesIn = source.bytesConsumed
        progress(report.bytesIn, report.recordsIn)
      }
    }
    let footer = writer.footer()
    if !footer.isEmpty { try sinks[0].write(footer) }
    report.spillRuns = seen.spills
    return report
  }
}

/// One unit of work and, once a worker is done, its results.
struct WorkUnit: @unchecked Sendable {
  // @unchecked: each unit is handed to exactly one worker at a time.
  var batch: RawBatch
  var outputs: [[UInt8]] = []
  /// Per output record: the end offset in each sink (flat, `sinks` per record).
  var ends: [Int] = []
  var fingerprints: [UInt64] = []
  /// Bad input, in input order.
  var problems: [InputProblem] = []
  var tally = Tally()
  var recordsIn = 0
  /// The position of the unit in the input (for ``LineMemo``).
  var sequence = 0
  /// Records of lines seen before (``LineMemo``), all duplicates, not in `fingerprints`.
  var duplicates = 0
}

/// Everything a worker needs; immutable and shared.
private struct WorkerContext: Sendable {
  let parser: LineParser
  let steps: [any RecordStep]
  let writer: RecordWriter
  let dedupe: DedupeMode?
  let onInvalid: InvalidInputPolicy
  /// The most lines each worker's ``LineMemo`` remembers.
  let memoCapacity: Int
  /// The workers' common memo, with more than one worker and deduplication.
  let sharedMemo: SharedLineMemo?

  func work(
    _ unit: inout WorkUnit, pool: WorkerPool, buffers: BufferPool
  ) throws(PreprocessError) {
    let state: WorkerState
    if let free = pool.take() {
      state = free
    } else {
      state = try WorkerState(steps: steps, dedupe: dedupe, memoCapacity: memoCapacity)
    }
    defer { pool.give(state) }
    let sinkCount = writer.sinkCount
    var outputs = (0..<sinkCount).map { _ in buffers.take() }
    for sink in outputs.indices { outputs[sink].reserveCapacity(1 << 20) }
    let sequence = unit.sequence
    // The memo and the workspaces are reached without a reference count on every line (the
    // state keeps them alive): a retain or release is an atomic operation, which waits for
    // the stores before it to complete (the line's output just written, a memo slot that
    // missed the caches), and these were 3-4% of the time.
    let memo = dedupe == nil ? nil : Unmanaged.passUnretained(state.memo)
    // The lines of this unit that went through the steps, for the shared memo: added in
    // one locked pass at the end (a lock per line kept two workers waiting on each other).
    state.made.removeAll(keepingCapacity: true)

    /// Runs the steps on one record, then writes and fingerprints what they leave.
    func finish(_ record: Record, key: LineMemo.Key?) {
      state.records.removeAll(keepingCapacity: true)
      state.records.append(record)
      finishRecords(key: key)
    }

    /// Runs the steps on the record in `state.records`, then writes and fingerprints what
    /// they leave (left in `state.records` until the next line reuses their buffers).
    func finishRecords(key: LineMemo.Key?) {
      var tally = Tally()
      // By index: a step taken out of the array would be a copy, retained and released
      // on every line (and its counts shared with the other workers).
      for index in steps.indices {
        if let workspace = state.unretainedWorkspaces[index] {
          workspace._withUnsafeGuaranteedRef {
            steps[index].apply(&state.records, tally: &tally, workspace: $0)
          }
        } else {
          steps[index].apply(&state.records, tally: &tally, workspace: nil)
        }
        if state.records.isEmpty { break }
      }
      for record in state.records {
        writer.write(record, into: &outputs)
        for sink in outputs.indices { unit.ends.append(outputs[sink].count) }
        switch dedupe {
        case .near:
          if let normalizer = state.keyNormalizer {
            unit.fingerprints.append(
              Fingerprint.near(
                record, normalizer: normalizer, workspace: state.keyWorkspace,
                scratch: &state.scratch))
          } else {
            unit.fingerprints.append(Fingerprint.exact(record))
          }
        case .exact: unit.fingerprints.append(Fingerprint.exact(record))
        case nil: unit.fingerprints.append(0)
        }
      }
      if let key, let memo {
        let outputs = state.records.count
        memo._withUnsafeGuaranteedRef {
          $0.insert(key, sequence: sequence, outputs: outputs, tally: tally)
        }
        if sharedMemo != nil {
          state.made.append(
            LineMemo.Made(
              key: key, outputs: state.records.count, tally: tally.isEmpty ? nil : tally))
        }
      }
      if !tally.isEmpty { unit.tally.add(tally) }
    }

    switch unit.batch {
    case .lines(let bytes, _, let firstLine):
      // The keys of all the unit's lines first: each line's slot in the memo is then
      // fetched a few lines ahead of its lookup. With a shared memo, what it knows of
      // these lines is looked up under one lock and copied into this worker's memo.
      state.keys.removeAll(keepingCapacity: true)
      if memo != nil {
        Self.lineKeys(bytes, csv: parser.format == .csv, into: &state.keys)
      }
      let keys = state.keys
      var keyPosition = 0
      if let memo = memo?.takeUnretainedValue(), let shared = sharedMemo {
        // The worker's memo holds this unit's lines only: the shared memo knows the units
        // before, and a memo of the whole stream per worker would be one more table of
        // every line, probed and filled out of the processor's caches. It is empty here,
        // so every line is asked of the shared memo.
        memo.removeAll()
        shared.lookup(keys, before: sequence) { position, outcome, read in
          memo.insert(keys[position], sequence: read, outcome: outcome)
        }
      }
      func parseRecord(_ index: Int, _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var key: LineMemo.Key?
        if let memo {
          // With deduplication, a line seen before in input order makes only records
          // seen before: it counts as read, its records as duplicates, and the steps'
          // counts of its first reading are added again; the steps do not run.
          let found = keys.isEmpty ? LineMemo.Key(line) : keys[keyPosition]
          let ahead = keyPosition &+ Self.memoLookahead
          keyPosition += 1
          let earlier = memo._withUnsafeGuaranteedRef { memo in
            if ahead < keys.count { memo.prefetchSlot(keys[ahead]) }
            return memo.lookup(found, before: sequence)
          }
          if let earlier {
            unit.recordsIn += 1
            unit.duplicates += earlier.outputs
            if let tally = earlier.tally { unit.tally.add(tally) }
            return true
          }
          key = found
        }
        // Plain text: the line goes into the buffers of the previous line's record
        // instead of new ones.
        if parser.format == .text, UTF8Check.firstInvalidOffset(line) == nil {
          state.setLine(line)
          finishRecords(key: key)
          unit.recordsIn += 1
          return true
        }
        switch parser.parse(line) {
        case .record(let record):
          finish(record, key: key)
        case .problem(let kind, let message, let repaired):
          let kept = onInvalid == .replace && repaired != nil
          unit.problems.append(
            InputProblem(
              line: firstLine + index, kind: kind, message: message, kept: kept))
          if onInvalid == .fail { return false }
          if kept, let repaired { finish(repaired, key: nil) }
        }
        unit.recordsIn += 1
        return true
      }
      bytes.withUnsafeBufferPointer { buffer in
        if parser.format == .csv {
          Self.forEachCSVRecord(buffer, parseRecord)
        } else {
          Self.forEachLine(buffer, parseRecord)
        }
      }
    case .parallel(let chunks, let paths, let firstLine):
      var columns: [[[UInt8]]] = []
      for chunk in chunks {
        var lines: [[UInt8]] = []
        chunk.withUnsafeBufferPointer { buffer in
          Self.forEachLine(buffer) { _, line in
            lines.append(Array(line))
            return true
          }
        }
        columns.append(lines)
      }
      let count = columns.map(\.count).min() ?? 0
      for index in 0..<count {
        var record = Record(fields: columns.map { $0[index] })
        unit.recordsIn += 1
        if let bad = record.fields.firstIndex(where: { !UTF8Check.isValid($0) }) {
          let offset = record.fields[bad].withUnsafeBufferPointer {
            UTF8Check.firstInvalidOffset($0) ?? 0
          }
          let kept = onInvalid == .replace
          unit.problems.append(
            InputProblem(
              line: firstLine + index, kind: "invalid-utf8",
              message: "invalid UTF-8 at byte \(offset + 1)", kept: kept,
              path: bad < paths.count ? paths[bad] : nil))
          if onInvalid == .fail { break }
          if !kept { continue }
          record.fields = record.fields.map { field in
            field.withUnsafeBufferPointer { UTF8Check.repaired($0) }
          }
        }
        finish(record, key: nil)
      }
    case .records(let given, _, _, let problems):
      unit.problems = problems
      unit.recordsIn = given.count + problems.filter { !$0.kept }.count
      for record in given { finish(record, key: nil) }
    }
    sharedMemo?.insert(state.made, sequence: sequence)
    unit.outputs = outputs
  }

  /// How many lines ahead of its lookup a line's memo slot is fetched: enough for the
  /// fetch to complete (a line's steps take a microsecond or so, a miss of the caches a
  /// tenth of that), few enough that the slots stay in the nearest caches.
  static let memoLookahead = 8

  /// The ``LineMemo`` key of each line (each CSV record) of a unit, in order, appended to
  /// `keys`.
  static func lineKeys(_ bytes: [UInt8], csv: Bool, into keys: inout [LineMemo.Key]) {
    bytes.withUnsafeBufferPointer { buffer in
      if csv {
        forEachCSVRecord(buffer) { _, line in
          keys.append(LineMemo.Key(line))
          return true
        }
      } else {
        forEachLine(buffer) { _, line in
          keys.append(LineMemo.Key(line))
          return true
        }
      }
    }
  }

  /// Calls `body` with each CSV record (without its final LF or CRLF; line breaks inside
  /// quoted fields kept) and the index of its first line; stops when `body` returns false.
  static func forEachCSVRecord(
    _ bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Bool
  ) {
    var scanner = CSVBoundaries()
    var start = 0
    var line = 0
    var stopped = false
    func emit(_ end: Int, _ next: Int) -> Bool {
      var contentEnd = end
      if contentEnd > start && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
      if !body(line, UnsafeBufferPointer(rebasing: bytes[start..<contentEnd])) { return false }
      for byte in bytes[start..<next] where byte == 0x0A { line += 1 }
      start = next
      return true
    }
    while !stopped && scanner.position < bytes.count {
      scanner.scan(bytes, atEnd: true, limit: scanner.records + 1)
      if scanner.lastBoundary > start {
        stopped = !emit(scanner.lastBoundary - 1, scanner.lastBoundary)
      }
    }
    // A last record without a line feed, or one whose quote is never closed.
    if !stopped && start < bytes.count { _ = emit(bytes.count, bytes.count) }
  }

  /// Calls `body` with each line (without its LF or CRLF) and its index; stops when
  /// `body` returns false.
  static func forEachLine(
    _ bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Bool
  ) {
    guard let base = bytes.baseAddress else { return }
    var start = 0
    var index = 0
    let count = bytes.count
    while start < count {
      var end = count
      if let found = memchr(base + start, 0x0A, count - start) {
        end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
      }
      var contentEnd = end
      if contentEnd > start && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
      if !body(index, UnsafeBufferPointer(rebasing: bytes[start..<contentEnd])) { return }
      index += 1
      start = end + 1
    }
  }
}

/// A worker's workspaces, one per step, and scratch buffers.
final class WorkerState {
  let workspaces: [AnyObject?]
  let keyNormalizer: TextNormalizer?
  let keyWorkspace = NormalizerWorkspace()
  // `@exclusivity(unchecked)`: one worker uses a state at a time, and the runtime's check
  // of each access (several per line) cost about 4% of the time.
  @exclusivity(unchecked) var scratch: [UInt8] = []
  /// The records of the line in hand, reused from line to line.
  @exclusivity(unchecked) var records: [Record] = []

  /// Makes `records` one record of one field, `line`, in the buffers of the previous
  /// line's first record when it has one field (no allocation once warm, also after a
  /// line split into sentences).
  func setLine(_ line: UnsafeBufferPointer<UInt8>) {
    if !records.isEmpty && records[0].fields.count == 1 && records[0].raw.isEmpty
      && records[0].spans.isEmpty
    {
      if records.count > 1 { records.removeSubrange(1...) }
      records[0].fields[0].removeAll(keepingCapacity: true)
      records[0].fields[0].append(contentsOf: line)
    } else {
      records.removeAll(keepingCapacity: true)
      records.append(Record(fields: [Array(line)]))
    }
  }
  /// The lines this worker has run the steps on.
  let memo: LineMemo
  /// `workspaces`, to be borrowed without a reference count.
  let unretainedWorkspaces: [Unmanaged<AnyObject>?]
  /// With a shared memo: the keys of the unit's lines, and the lines the steps ran on, kept
  /// from unit to unit (a unit's arrays, fresh each time, were written into new pages).
  @exclusivity(unchecked) var keys: [LineMemo.Key] = []
  @exclusivity(unchecked) var made: [LineMemo.Made] = []

  init(steps: [any RecordStep], dedupe: DedupeMode?, memoCapacity: Int) throws(PreprocessError) {
    workspaces = try steps.map { (step) throws(PreprocessError) in try step.makeWorkspace() }
    unretainedWorkspaces = workspaces.map { $0.map { Unmanaged.passUnretained($0) } }
    // One language memo for all the steps of this worker.
    let languages = LanguageMemo()
    for workspace in workspaces { (workspace as? UsesLanguageMemo)?.languages = languages }
    memo = LineMemo(capacity: memoCapacity)
    if dedupe == .near {
      keyNormalizer = try? TextNormalizer.shared(profile: .key)
    } else {
      keyNormalizer = nil
    }
  }
}

/// Byte buffers of units written, for the next units to read into and write into: a new
/// buffer of a megabyte is 256 new pages, each a fault and a page zeroed by the system on
/// first touch (a sixth of the CPU time of the page faults' work with two jobs).
final class BufferPool: Sendable {
  private let free = Mutex<[[UInt8]]>([])
  /// The most buffers kept.
  private let limit: Int

  init(limit: Int) { self.limit = limit }

  /// An empty buffer, with the capacity of one handed back if there is one.
  func take() -> [UInt8] { free.withLock { $0.popLast() } ?? [] }

  /// Keeps `buffer`'s memory for ``take()``, leaving `buffer` empty.
  func give(_ buffer: inout [UInt8]) {
    var kept: [UInt8] = []
    swap(&kept, &buffer)
    guard kept.capacity > 0 else { return }
    kept.removeAll(keepingCapacity: true)
    free.withLock { free in
      if free.count < limit { free.append(kept) }
    }
  }

  /// Takes a written unit's input and output buffers.
  func recycle(_ unit: inout WorkUnit) {
    for sink in unit.outputs.indices { give(&unit.outputs[sink]) }
    if case .lines(var bytes, let path, let firstLine) = unit.batch {
      // The unit's own reference goes first, so that the buffer is not shared (and then
      // copied when it is next written).
      unit.batch = .lines([], path: path, firstLine: firstLine)
      give(&bytes)
    }
  }
}

/// Worker states not in use, handed from unit to unit.
final class WorkerPool: @unchecked Sendable {
  // @unchecked: `free` is only touched under `lock`; a state taken out is used by one
  // thread until it is given back.
  private let lock = Mutex(())
  private var free: [WorkerState] = []

  func take() -> WorkerState? { lock.withLock { _ in free.popLast() } }
  func give(_ state: WorkerState) { lock.withLock { _ in free.append(state) } }
}

/// A unit handed to a worker thread, and the signal that it is done.
final class UnitBox: @unchecked Sendable {
  // @unchecked: `unit` and `error` are written by one worker before `signal()`, and read
  // by the merging thread only after `wait()` returns.
  var unit: WorkUnit
  var error: PreprocessError?
  private let finished = DispatchSemaphore(value: 0)

  init(_ unit: WorkUnit) { self.unit = unit }

  /// A placeholder for a slot already merged.
  static let done = UnitBox(WorkUnit(batch: .lines([], path: "", firstLine: 0)))

  func signal() { finished.signal() }
  func wait() { finished.wait() }
}

/// Worker threads that take units first in, first out.
final class UnitQueue: @unchecked Sendable {
  // @unchecked: `pending` and `closed` are only touched under `condition`.
  private let condition = NSCondition()
  private var pending: [UnitBox] = []
  private var head = 0
  private var closed = false
  private var running: Int

  init(workers: Int, work: @escaping @Sendable (UnitBox) -> Void) {
    running = workers
    for _ in 0..<workers {
      let thread = Thread { [self] in
        while let box = self.pop() {
          work(box)
          box.signal()
        }
        self.condition.lock()
        self.running -= 1
        self.condition.broadcast()
        self.condition.unlock()
      }
      thread.stackSize = 8 << 20
      thread.start()
    }
  }

  func push(_ box: UnitBox) {
    condition.lock()
    pending.append(box)
    condition.signal()
    condition.unlock()
  }

  private func pop() -> UnitBox? {
    condition.lock()
    defer { condition.unlock() }
    while head == pending.count && !closed { condition.wait() }
    guard head < pending.count else { return nil }
    let box = pending[head]
    head += 1
    if head > 64 {
      pending.removeFirst(head)
      head = 0
    }
    return box
  }

  /// Drops the units not started, and waits for the workers to stop.
  func finish() {
    condition.lock()
    closed = true
    pending.removeAll()
    head = 0
    condition.broadcast()
    while running > 0 { condition.wait() }
    condition.unlock()
  }
}

extension RawBatch {
  var path: String {
    switch self {
    case .lines(_, let path, _), .records(_, _, let path, _): path
    case .parallel(_, let paths, _): paths.first ?? "-"
    }
  }
}
