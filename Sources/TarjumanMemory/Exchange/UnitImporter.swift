import Foundation
import GRDB

/// What to do with a bad entry (a `<tu>` without a segment, a row with one field).
public enum ImportErrorPolicy: String, Sendable, CaseIterable {
  /// Import nothing if any entry is bad: a bad entry undoes what the import wrote.
  case fail
  /// Skip bad entries, count them and report where they are.
  case skip
}

/// The outcome of an import.
public struct ImportSummary: Sendable, Hashable {
  /// Units that were new to the store.
  public var added = 0
  /// Units identical to stored ones, merged into them (their usage counts added).
  public var merged = 0
  /// Bad entries skipped (`--on-error skip`).
  public var skipped = 0
  /// The first bad entries (at most ``UnitImporter/problemLimit``), with their positions.
  public var problems: [ImportProblem] = []
  /// Warnings about the file as a whole.
  public var warnings: [ImportProblem] = []
  /// Entries of the file that an earlier, interrupted import had committed, and that this
  /// one did not read again.
  public var resumedAfter = 0
  /// Whether the same file, read with the same settings, had been imported completely
  /// before (nothing was done).
  public var alreadyImported = false
}

/// Imports units from a ``UnitSource`` into a ``MemoryStore`` in batches.
///
/// **Crash safety.** Each batch is one transaction that writes its units and, in the same
/// transaction, the number of the file's entries done so far (the `importRun` row). Killing
/// the process at any moment (even with SIGKILL) leaves the store as it was after the last
/// committed batch: SQLite's WAL never exposes half a transaction. Importing the same file
/// again (same size and content fingerprint, same settings) resumes after the last
/// committed entry, so nothing is added twice; a file already imported completely is not
/// imported again unless `again` is set.
///
/// **Errors.** With ``ImportErrorPolicy/fail`` the file is read once, and what the run
/// writes is recorded (the ids it added, the merged units as they were): at a bad entry or
/// an XML error the run is undone, and the store is left as it was before. With
/// ``ImportErrorPolicy/skip`` bad entries are skipped and counted; a file that cannot be
/// read further (an XML error) stops the import there, and the units before it stay.
public struct UnitImporter {
  /// Units written per transaction.
  public var batchSize: Int
  /// Import even if the same file was imported completely before.
  public var again: Bool
  /// What to do with bad entries.
  public var onError: ImportErrorPolicy
  /// Problems kept in the summary (all are counted).
  public static let problemLimit = 100

  /// Creates an importer.
  public init(batchSize: Int = 20_000, onError: ImportErrorPolicy = .fail, again: Bool = false) {
    self.batchSize = max(batchSize, 1)
    self.onError = onError
    self.again = again
  }

  /// Imports the units that `makeSource` reads.
  ///
  /// - Parameters:
  ///   - store: the store to write to.
  ///   - files: the files read (for the fingerprint that recognizes a file imported
  ///     before).
  ///   - settings: everything else that decides which units the files give (format,
  ///     languages), as text.
  ///   - makeSource: opens the file; called a second time when an interrupted import is
  ///     resumed, or when the first call failed (its error is then thrown in order).
  /// - Throws: ``MemoryError``: the file cannot be read or is malformed (with file, line
  ///   and column), or the store cannot be written (locked, full).
  public func run<Source: UnitSource>(
    into store: MemoryStore, files: [URL], settings: String, readAhead: ImportReadAhead? = nil,
    makeSource: () throws(MemoryError) -> Source
  ) throws(MemoryError) -> ImportSummary {
    var summary = ImportSummary()
    func startReader(skipping: Int) throws(MemoryError) -> BatchChannel {
      try self.startReader(makeSource, skipping: skipping)
    }
    // The reader starts at once (or was started by `readAhead` while an earlier file was
    // written), reading ahead while the file's fingerprint is computed and earlier runs
    // are looked up; it is stopped if the file turns out to be imported already, and
    // started again past the entries done if partly. Errors opening the file are left to
    // the usual order below.
    var early: BatchChannel?
    var fingerprinted: Result<String, MemoryError>?
    if let readAhead {
      readAhead.channel.widen(to: channelCapacity)
      early = readAhead.channel
      if readAhead.files == files { fingerprinted = readAhead.fingerprint() }
    } else {
      early = try? startReader(skipping: 0)
    }
    defer { early?.cancel() }
    let fingerprint = try
      (fingerprinted
      ?? Result { () throws(MemoryError) in
        try Self.fingerprint(files)
      }).get()
    let path = files.map(\.path).joined(separator: " ")

    // Find an interrupted run of the same file to resume, or a finished one.
    let previous: (id: Int64, done: Int, added: Int, merged: Int, skipped: Int)? =
      try store.write { db in
        if !again,
          try Int64.fetchOne(
            db,
            sql: """
              SELECT id FROM importRun WHERE fingerprint = ? AND settings = ?
              AND finishedAt IS NOT NULL
              """, arguments: [fingerprint, settings]) != nil,
          try Int64.fetchOne(
            db,
            sql:
              "SELECT id FROM importRun WHERE fingerprint = ? AND settings = ? AND finishedAt IS NULL",
            arguments: [fingerprint, settings]) == nil
        {
          return (-1, 0, 0, 0, 0)
        }
        guard
          let row = try Row.fetchOne(
            db,
            sql: """
              SELECT id, itemsDone, added, merged, skipped FROM importRun
              WHERE fingerprint = ? AND settings = ? AND finishedAt IS NULL
              ORDER BY id DESC LIMIT 1
              """, arguments: [fingerprint, settings])
        else { return nil }
        return (row[0], row[1], row[2], row[3], row[4])
      }
    if previous?.id == -1 {
      summary.alreadyImported = true
      return summary
    }

    let channel: BatchChannel
    if let early, (previous?.done ?? 0) == 0 {
      channel = early
    } else {
      early?.cancel()
      early = nil
      channel = try startReader(skipping: previous?.done ?? 0)
    }
    defer { channel.cancel() }
    let runID: Int64
    if let previous {
      runID = previous.id
      summary.resumedAfter = previous.done
      summary.added = previous.added
      summary.merged = previous.merged
      summary.skipped = previous.skipped
    } else {
      runID = try store.write { db in
        try db.execute(
          sql: """
            INSERT INTO importRun (path, fingerprint, settings, startedAt) VALUES (?, ?, ?, ?)
            """,
          arguments: [path, fingerprint, settings, UnitWriter.seconds(Date())])
        return db.lastInsertedRowID
      }
    }

    // The log is copied into the database beside the writer, not by it.
    let checkpointer = BackgroundCheckpointer(store: store)
    defer { checkpointer.stop() }
    var problemsKept = summary.problems.count
    let undoRun = onError == .fail ? runID : nil
    while true {
      // One transaction per batch: its chunks are written as they come, and the batch's
      // index segments and checkpoint are written with the last of them.
      var failure: MemoryError?
      var outcome: (added: Int, merged: Int, skips: Int, last: Bool, error: MemoryError?)?
      do {
        outcome = try store.write { db in
          let writer = try UnitWriter(db, collectsGrams: false, undoRun: undoRun)
          var added = 0
          var merged = 0
          var skips = 0
          while var chunk = channel.receive() {
            defer { SpentChunks.dispose(&chunk) }
            for problem in chunk.problems where problemsKept < Self.problemLimit {
              summary.problems.append(problem)
              problemsKept += 1
            }
            if chunk.isLast { summary.warnings = chunk.warnings }
            if let error = chunk.error, error.isStoreError { throw error }
            if onError == .fail {
              // A bad entry or a malformed file: this batch is rolled back, and what the
              // run committed before is undone below.
              if let problem = chunk.problems.first {
                failure = .malformedInput(
                  path: problem.path, line: problem.line, column: problem.column,
                  message: problem.message)
              } else if let error = chunk.error {
                failure = error
              }
              if let failure { throw failure }
            }
            // Each unit is written in place: copying one out of the array retains its
            // strings.
            for index in chunk.units.indices {
              switch try writer.write(chunk.units[index]) {
              case .added: added += 1
              case .merged: merged += 1
              }
            }
            skips += chunk.skips
            guard chunk.endsBatch else { continue }
            try writer.finish(
              grams: (chunk.sourceGrams, chunk.targetGrams),
              encoded: chunk.encoded)
            let finished = chunk.isLast && chunk.error == nil
            if finished, let undoRun {
              try db.execute(
                sql: "DELETE FROM importAddedUnits WHERE run = ?", arguments: [undoRun])
              try db.execute(
                sql: "DELETE FROM importMergedUnit WHERE run = ?", arguments: [undoRun])
            }
            try db.execute(
              sql: """
                UPDATE importRun SET itemsDone = ?, added = added + ?, merged = merged + ?,
                skipped = skipped + ?, finishedAt = ? WHERE id = ?
                """,
              arguments: [
                chunk.itemsDone, added, merged, skips,
                finished ? UnitWriter.seconds(Date()) : nil, runID,
              ])
            return (added, merged, skips, chunk.isLast, chunk.error)
          }
          return nil
        }
      } catch {
        if let failure {
          try Self.undo(run: runID, in: store)
          throw failure
        }
        throw error
      }
      guard let outcome else { break }
      // Merging the index's segments is a transaction of its own: a crash during it
      // leaves the segments as they were.
      try store.write { db in try GramIndex.merge(db) }
      summary.added += outcome.added
      summary.merged += outcome.merged
      summary.skipped += outcome.skips
      // Keep what was read before an error; the run stays unfinished.
      if let error = outcome.error { throw error }
      if outcome.last { break }
    }
    return summary
  }

  /// Starts reading a file's units on a thread of its own, to pass to ``run`` later as
  /// `readAhead`: while one file of several is written, the next is parsed, so that the
  /// writer does not wait for its first units (about 10 ms a file). The thread first
  /// computes the files' fingerprint, which the writer would otherwise compute (reading
  /// up to 2 MB a file). A few chunks are read ahead, so memory stays about as it was.
  /// Nil when the file cannot be opened (``run`` then reports it).
  ///
  /// - Parameters:
  ///   - files: the files `makeSource` reads, as ``run`` will be given them.
  ///   - makeSource: opens the file.
  public func readAhead<Source: UnitSource>(
    files: [URL], makeSource: () throws(MemoryError) -> Source
  ) -> ImportReadAhead? {
    let fingerprint = FingerprintBox()
    return
      (try? startReader(
        makeSource, skipping: 0, capacity: Self.readAheadChunks,
        first: {
          fingerprint.set(
            Result { () throws(MemoryError) in try Self.fingerprint(files) })
        }))
      .map { ImportReadAhead($0, files: files, fingerprint: fingerprint) }
  }

  /// Chunks read ahead of an import.
  static let readAheadChunks = 8

  /// How many chunks the reader may queue for the writer: about two batches.
  private var channelCapacity: Int {
    let chunkSize = min(batchSize, Self.chunkSize)
    return 2 * (batchSize + chunkSize - 1) / chunkSize
  }

  /// A reader thread parses the file and computes keys, identities and trigrams while the
  /// writer writes. It sends chunks of a batch, so that the writer starts on a batch before
  /// the reader has finished it; at most about two batches wait between them, so memory
  /// stays bounded.
  private func startReader<Source: UnitSource>(
    _ makeSource: () throws(MemoryError) -> Source, skipping: Int, capacity: Int? = nil,
    first: (@Sendable () -> Void)? = nil
  ) throws(MemoryError) -> BatchChannel {
    let batchSize = self.batchSize
    let chunkSize = min(batchSize, Self.chunkSize)
    let stopsAtProblem = onError == .fail
    let reader = SourceBox(try makeSource())
    let channel = BatchChannel(capacity: capacity ?? channelCapacity)
    let thread = Thread {
      first?()
      Self.read(
        reader, skipping: skipping, batchSize: batchSize, chunkSize: chunkSize,
        stopsAtProblem: stopsAtProblem, into: channel)
    }
    thread.stackSize = 8 << 20
    thread.start()
    return channel
  }

  /// Undoes an import run with `--on-error fail`: deletes the units it added, puts the
  /// units it merged into back as they were, and forgets the run.
  static func undo(run: Int64, in store: MemoryStore) throws(MemoryError) {
    try store.write { db in
      // The earliest record of a unit merged twice is put back last.
      let merged = try Row.fetchAll(
        db,
        sql: """
          SELECT unit, usageCount, changedAt, changedBy, lastUsedAt FROM importMergedUnit
          WHERE run = ? ORDER BY rowid DESC
          """, arguments: [run])
      for row in merged {
        try db.execute(
          sql: """
            UPDATE unit SET usageCount = ?, changedAt = ?, changedBy = ?, lastUsedAt = ?
            WHERE id = ?
            """,
          arguments: [row[1], row[2], row[3], row[4], row[0]])
      }
      let ranges = try Row.fetchAll(
        db, sql: "SELECT firstUnit, lastUnit FROM importAddedUnits WHERE run = ?",
        arguments: [run])
      for range in ranges {
        try db.execute(
          sql: "DELETE FROM unit WHERE id BETWEEN ? AND ?", arguments: [range[0], range[1]])
      }
      try db.execute(sql: "DELETE FROM importMergedUnit WHERE run = ?", arguments: [run])
      try db.execute(sql: "DELETE FROM importAddedUnits WHERE run = ?", arguments: [run])
      try db.execute(sql: "DELETE FROM importRun WHERE id = ?", arguments: [run])
    }
  }

  /// Units the reader sends to the writer at a time.
  static let chunkSize = 1_000

  /// Reads entries on the reader thread and sends them in chunks of prepared units; the
  /// chunk that ends a batch carries the trigrams of the batch's keys and the count of
  /// entries read. With `stopsAtProblem`, the first bad entry ends the reading: its chunk
  /// is the last.
  private static func read<Source: UnitSource>(
    _ box: SourceBox<Source>, skipping done: Int, batchSize: Int, chunkSize: Int,
    stopsAtProblem: Bool, into channel: BatchChannel
  ) {
    var chunk = ImportBatch()
    chunk.units.reserveCapacity(chunkSize)
    var source = GramCollector()
    var target = GramCollector()
    var inBatch = 0
    var ordinal = 0
    do {
      reading: while let item = try box.source.next() {
        ordinal += 1
        if ordinal <= done { continue }  // Committed by the interrupted run.
        switch item {
        case .units(let units):
          for unit in units {
            let prepared = PreparedUnit(unit)
            let position = Int32(inBatch)
            source.add(prepared.sourceKey, ordinal: position)
            target.add(prepared.targetKey, ordinal: position)
            chunk.units.append(prepared)
            inBatch += 1
          }
        case .problem(let problem):
          chunk.skips += 1
          chunk.problems.append(problem)
          if stopsAtProblem { break reading }
        }
        if inBatch >= batchSize {
          chunk.itemsDone = ordinal
          chunk.endsBatch = true
          chunk.finishBatch(source: source, target: target)
          source = GramCollector()
          target = GramCollector()
          inBatch = 0
        } else if chunk.units.count < chunkSize {
          continue
        }
        guard channel.send(chunk) else { return }
        chunk = ImportBatch()
        chunk.units.reserveCapacity(chunkSize)
      }
    } catch {
      chunk.error = error
    }
    chunk.itemsDone = max(ordinal, done)
    chunk.endsBatch = true
    chunk.isLast = true
    chunk.warnings = box.source.warnings
    chunk.finishBatch(source: source, target: target)
    _ = channel.send(chunk)
  }

  /// Identifies a file by its size and a hash of its first and last megabyte.
  static func fingerprint(_ files: [URL]) throws(MemoryError) -> String {
    var parts: [String] = []
    for url in files {
      guard let handle = try? FileHandle(forReadingFrom: url) else {
        if !FileManager.default.fileExists(atPath: url.path) {
          throw .missingInput(path: url.path)
        }
        throw .unreadableInput(path: url.path, reason: "cannot open")
      }
      defer { try? handle.close() }
      let size = (try? handle.seekToEnd()) ?? 0
      var hash = Hash64(seed: 0xCBF2_9CE4_8422_2325, prime: 0x0000_0100_0000_01B3)
      try? handle.seek(toOffset: 0)
      let head = (try? handle.read(upToCount: 1 << 20)) ?? Data()
      hash.add(String(decoding: head, as: UTF8.self))
      if size > 1 << 20 {
        try? handle.seek(toOffset: size - (1 << 20))
        let tail = (try? handle.read(upToCount: 1 << 20)) ?? Data()
        hash.add(String(decoding: tail, as: UTF8.self))
      }
      parts.append("\(size):\(String(hash.finish(), radix: 16))")
    }
    return parts.joined(separator: "+")
  }
}

extension MemoryError {
  /// Whether the error is the store's (nothing more can be written).
  public var isStoreError: Bool {
    switch self {
    case .storeLocked, .storeFailed, .cannotOpenStore: true
    default: false
    }
  }
}

/// A chunk of a batch: units read and prepared on the reader thread, with the problems
/// met; the chunk that ends a batch also has the count of the file's entries read up to
/// there and the trigrams of all the batch's keys.
struct ImportBatch: Sendable {
  var units: [PreparedUnit] = []
  /// The trigrams of the batch's source and target keys, by position in the batch.
  var sourceGrams = BatchGrams()
  var targetGrams = BatchGrams()
  var problems: [ImportProblem] = []
  var skips = 0
  var itemsDone = 0
  /// The batch's index segments, encoded as if no unit were merged into a stored one.
  var encoded: (source: EncodedSegment, target: EncodedSegment)?
  var endsBatch = false
  var isLast = false
  var warnings: [ImportProblem] = []
  var error: MemoryError?
}

extension ImportBatch {
  /// Ends the batch with the trigrams of its keys, grouped and encoded.
  mutating func finishBatch(source: GramCollector, target: GramCollector) {
    sourceGrams = source.finish()
    targetGrams = target.finish()
    encoded = (
      EncodedSegment(side: .source, grams: sourceGrams),
      EncodedSegment(side: .target, grams: targetGrams)
    )
  }
}

/// A unit source handed to the reader thread, which alone uses it from then on.
final class SourceBox<Source: UnitSource>: @unchecked Sendable {
  // @unchecked: only the reader thread touches `source` after the box is made.
  var source: Source
  init(_ source: Source) { self.source = source }
}

/// A file's units being read ahead of its import (``UnitImporter/readAhead(files:makeSource:)``).
/// Pass it to the import of the same file by the same importer; ``cancel()`` stops the
/// reading when that import will not happen.
public final class ImportReadAhead: Sendable {
  let channel: BatchChannel
  /// The files read, whose fingerprint the reading thread computes.
  let files: [URL]
  private let fingerprintBox: FingerprintBox

  init(_ channel: BatchChannel, files: [URL], fingerprint: FingerprintBox) {
    self.channel = channel
    self.files = files
    fingerprintBox = fingerprint
  }

  /// The files' fingerprint, waiting for the reading thread to compute it.
  func fingerprint() -> Result<String, MemoryError> { fingerprintBox.wait() }

  /// Stops the reading thread.
  public func cancel() { channel.cancel() }
}

/// A fingerprint computed on a reading thread, for the writer to wait for.
final class FingerprintBox: @unchecked Sendable {
  // @unchecked: `result` is guarded by `condition`.
  private let condition = NSCondition()
  private var result: Result<String, MemoryError>?

  func set(_ result: Result<String, MemoryError>) {
    condition.lock()
    self.result = result
    condition.broadcast()
    condition.unlock()
  }

  func wait() -> Result<String, MemoryError> {
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let result { return result }
      condition.wait()
    }
  }
}

/// Chunks the writer is done with, freed on a thread of their own: a chunk holds a
/// thousand units' strings and the batch's trigrams, and freeing them took about 4% of the
/// writer's time, which bounds the import's rate.
enum SpentChunks {
  private static let queue = DispatchQueue(label: "tarjuman.import.spent", qos: .utility)

  /// A chunk moved out of the writer's hands, so that its last release is the queue's.
  private final class Box: @unchecked Sendable {
    // @unchecked: written once before the box is sent, then only by the queue.
    var chunk = ImportBatch()
  }

  /// Moves `chunk` to the queue and leaves an empty one in its place.
  static func dispose(_ chunk: inout ImportBatch) {
    let box = Box()
    swap(&box.chunk, &chunk)
    queue.async { box.chunk = ImportBatch() }
  }
}

/// A bounded queue of chunks between the reader thread and the writer.
final class BatchChannel: @unchecked Sendable {
  // @unchecked: every stored property is guarded by `condition`.
  private let condition = NSCondition()
  private var queue: [ImportBatch] = []
  private var cancelled = false
  private var closed = false
  private var capacity: Int

  init(capacity: Int) { self.capacity = capacity }

  /// Lets the reader queue up to `capacity` chunks (a read-ahead becomes an import).
  func widen(to capacity: Int) {
    condition.lock()
    self.capacity = max(self.capacity, capacity)
    condition.broadcast()
    condition.unlock()
  }

  /// Waits for room, then queues a batch; false when the writer gave up.
  func send(_ batch: ImportBatch) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while queue.count >= capacity && !cancelled { condition.wait() }
    guard !cancelled else { return false }
    queue.append(batch)
    if batch.isLast { closed = true }
    condition.broadcast()
    return true
  }

  /// The next batch, or nil when the last one was taken.
  func receive() -> ImportBatch? {
    condition.lock()
    defer { condition.unlock() }
    while queue.isEmpty && !closed && !cancelled { condition.wait() }
    guard !queue.isEmpty else { return nil }
    let batch = queue.removeFirst()
    condition.broadcast()
    return batch
  }

  /// Tells the reader to stop.
  func cancel() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    condition.unlock()
  }
}
