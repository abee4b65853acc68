import Foundation
import GRDB

/// Copies the write-ahead log into the database on a thread of its own while a bulk import
/// writes, so that the writer never stops to checkpoint (copy pages and wait for the disk).
///
/// The writer's automatic checkpoints are turned off while it runs; a connection of its own
/// runs PASSIVE checkpoints, which never block the writer and never lose a transaction:
/// they copy only committed frames, and SQLite restarts the log once all of it is copied.
/// ``stop()`` waits for the thread, then the writer's automatic checkpoints come back.
final class BackgroundCheckpointer: @unchecked Sendable {
  // @unchecked: `stopped` is read and written under `condition`.
  private let store: MemoryStore
  private let connection: DatabaseQueue?
  private let condition = NSCondition()
  private var stopped = false
  private var finished = false

  /// Starts checkpointing `store`; does nothing (and ``stop()`` nothing) if the second
  /// connection cannot be opened.
  init(store: MemoryStore) {
    self.store = store
    var configuration = Configuration()
    configuration.label = "tarjuman.memory.checkpoint"
    connection = try? DatabaseQueue(path: store.path, configuration: configuration)
    guard connection != nil else { return }
    _ = try? store.write { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
    let thread = Thread { [self] in loop() }
    thread.start()
  }

  private func loop() {
    defer {
      condition.lock()
      finished = true
      condition.broadcast()
      condition.unlock()
    }
    while true {
      condition.lock()
      if !stopped { _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05)) }
      let stop = stopped
      condition.unlock()
      if stop { return }
      _ = try? connection?.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
    }
  }

  /// Stops the thread and gives the writer its automatic checkpoints back.
  func stop() {
    guard connection != nil else { return }
    condition.lock()
    stopped = true
    condition.broadcast()
    while !finished { condition.wait() }
    condition.unlock()
    _ = try? store.write { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192") }
  }
}
