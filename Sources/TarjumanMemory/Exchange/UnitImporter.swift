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
  ///   - makeSource: opens the file.
  /// - Throws: ``MemoryError``: the file cannot be read or is malformed (with file, line
  ///   and column), or the store cannot be written (locked, full).
  public func run<Source: UnitSource>(
    into store: MemoryStore, files: [URL], settings: String,
    makeSource: () throws(MemoryError) -> Source
  ) throws(MemoryError) -> ImportSummary {
    var summary = ImportSummary()
    let fingerprint = try Self.fingerprint(files)
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

    let source = try makeSource()
    let runID: Int64
    var done = 0
    if let previous {
      runID = previous.id
      done = previous.done
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

    // A reader thread parses the file and computes keys and identities while this
    // thread writes: two batches at most wait between them, so memory stays bounded.
    let channel = BatchChannel(capacity: 2)
    let reader = SourceBox(source)
    let batchSize = self.batchSize
    let skipping = done
    let stopsAtProblem = onError == .fail
    let thread = Thread {
      Self.read(
        reader, skipping: skipping, batchSize: batchSize, stopsAtProblem: stopsAtProblem,
        into: channel)
    }
    thread.stackSize = 8 << 20
    thread.start()
    defer { channel.cancel() }

    var problemsKept = summary.problems.count
    while let batch = channel.receive() {
      for problem in batch.problems where problemsKept < Self.problemLimit {
        summary.problems.append(problem)
        problemsKept += 1
      }
      let finished = batch.isLast && batch.error == nil
      if batch.isLast { summary.warnings = batch.warnings }
      if let error = batch.error, error.isStoreError { throw error }
      if onError == .fail {
        // A bad entry or a malformed file: take back what this run wrote.
        if let problem = batch.problems.first {
          try Self.undo(run: runID, in: store)
          throw .malformedInput(
            path: problem.path, line: problem.line, column: problem.column,
            message: problem.message)
        }
        if let error = batch.error {
          try Self.undo(run: runID, in: store)
          throw error
        }
      }
      let undoRun = onError == .fail ? runID : nil
      let (added, merged) = try store.write { db in
        let writer = try UnitWriter(db, collectsGrams: false, undoRun: undoRun)
        var added = 0
        var merged = 0
        for unit in batch.units {
          switch try writer.write(unit) {
          case .added: added += 1
          case .merged: merged += 1
          }
        }
        try writer.finish(grams: (batch.sourceGrams, batch.targetGrams))
        if finished, let undoRun {
          try db.execute(sql: "DELETE FROM importAddedUnits WHERE run = ?", arguments: [undoRun])
          try db.execute(sql: "DELETE FROM importMergedUnit WHERE run = ?", arguments: [undoRun])
        }
        try db.execute(
          sql: """
            UPDATE importRun SET itemsDone = ?, added = added + ?, merged = merged + ?,
            skipped = skipped + ?, finishedAt = ? WHERE id = ?
            """,
          arguments: [
            batch.itemsDone, added, merged, batch.skips,
            finished ? UnitWriter.seconds(Date()) : nil, runID,
          ])
        return (added, merged)
      }
      // Merging the index's segments is a transaction of its own: a crash during it
      // leaves the segments as they were.
      try store.write { db in try GramIndex.merge(db) }
      summary.added += added
      summary.merged += merged
      summary.skipped += batch.skips
      // Keep what was read before an error; the run stays unfinished.
      if let error = batch.error { throw error }
      if batch.isLast { break }
    }
    return summary
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

  /// Reads entries on the reader thread and sends them in batches of prepared units, with
  /// the trigrams of their keys. With `stopsAtProblem`, the first bad entry ends the
  /// reading: its batch is the last.
  private static func read<Source: UnitSource>(
    _ box: SourceBox<Source>, skipping done: Int, batchSize: Int, stopsAtProblem: Bool,
    into channel: BatchChannel
  ) {
    var batch = ImportBatch()
    batch.units.reserveCapacity(batchSize)
    var source = GramCollector()
    var target = GramCollector()
    var ordinal = 0
    do {
      reading: while let item = try box.source.next() {
        ordinal += 1
        if ordinal <= done { continue }  // Committed by the interrupted run.
        switch item {
        case .units(let units):
          for unit in units {
            let prepared = PreparedUnit(unit)
            let position = Int32(batch.units.count)
            source.add(prepared.sourceKey, ordinal: position)
            target.add(prepared.targetKey, ordinal: position)
            batch.units.append(prepared)
          }
        case .problem(let problem):
          batch.skips += 1
          batch.problems.append(problem)
          if stopsAtProblem { break reading }
        }
        if batch.units.count >= batchSize {
          batch.itemsDone = ordinal
          batch.sourceGrams = source.finish()
          batch.targetGrams = target.finish()
          guard channel.send(batch) else { return }
          batch = ImportBatch()
          batch.units.reserveCapacity(batchSize)
          source = GramCollector()
          target = GramCollector()
        }
      }
    } catch {
      batch.error = error
    }
    batch.itemsDone = max(ordinal, done)
    batch.isLast = true
    batch.warnings = box.source.warnings
    batch.sourceGrams = source.finish()
    batch.targetGrams = target.finish()
    _ = channel.send(batch)
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

/// Units read and prepared on the reader thread, with the problems met and the count of
/// the file's entries read up to the end of the batch.
struct ImportBatch: Sendable {
  var units: [PreparedUnit] = []
  /// The trigrams of the units' source and target keys, by position in `units`.
  var sourceGrams = BatchGrams()
  var targetGrams = BatchGrams()
  var problems: [ImportProblem] = []
  var skips = 0
  var itemsDone = 0
  var isLast = false
  var warnings: [ImportProblem] = []
  var error: MemoryError?
}

/// A unit source handed to the reader thread, which alone uses it from then on.
final class SourceBox<Source: UnitSource>: @unchecked Sendable {
  // @unchecked: only the reader thread touches `source` after the box is made.
  var source: Source
  init(_ source: Source) { self.source = source }
}

/// A bounded queue of batches between the reader thread and the writer.
final class BatchChannel: @unchecked Sendable {
  // @unchecked: every stored property is guarded by `condition`.
  private let condition = NSCondition()
  private var queue: [ImportBatch] = []
  private var cancelled = false
  private var closed = false
  private let capacity: Int

  init(capacity: Int) { self.capacity = capacity }

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
