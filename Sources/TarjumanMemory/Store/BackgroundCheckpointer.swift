import Foundation
import GRDB

/// Copies the write-ahead log into the database on a thread of its own while a bulk import
/// writes, so that the writer never stops to checkpoint (copy pages and wait for the disk).
///
/// The writer's automatic checkpoints are turned off while it runs; a connection of its own
/// runs PASSIVE checkpoints, which never block the writer and never lose a transaction:
/// they copy only committed frames, and SQLite restarts the log once all of it is copied.
/// After ``stop()`` the writer's automatic checkpoints come back and the thread ends.
final class BackgroundCheckpointer: @unchecked Sendable {
  // @unchecked: `stopped` is read and written under `condition`.
  private let store: MemoryStore
  private let connection: DatabaseQueue?
  private let condition = NSCondition()
  private var stopped = false

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
    while true {
      condition.lock()
      if !stopped { _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05)) }
      let stop = stopped
      condition.unlock()
      if stop { return }
      _ = try? connection?.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
    }
  }

  /// Gives the writer its automatic checkpoints back and tells the thread to stop. It
  /// does not wait for a checkpoint under way: that one ends on its own (the thread keeps
  /// its connection until then); an automatic checkpoint of the writer that meets it is
  /// skipped by SQLite and tried again at a later commit.
  func stop() {
    guard connection != nil else { return }
    condition.lock()
    stopped = true
    condition.broadcast()
    condition.unlock()
    _ = try? store.write { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192") }
  }
}
