import CTarjumanSQLite
import Foundation
import GRDB

/// The translation memory's store: one SQLite file, opened through GRDB in WAL mode.
///
/// The file lives at `--store PATH`, else `$TARJUMAN_STORE`, else
/// `$XDG_DATA_HOME/tarjuman/memory.sqlite` (`~/.local/share/tarjuman/memory.sqlite` when
/// `XDG_DATA_HOME` is unset); see ``defaultPath(environment:)``. Its folders are created.
/// Opening runs the named migrations that have not run yet (see
/// ``MemoryStore/migrator``), each in its own transaction.
///
/// Readers never wait for the writer (WAL). A writer waits at most `busyTimeout` seconds
/// for another process's write lock, then fails with ``MemoryError/storeLocked(path:)``.
public final class MemoryStore: Sendable {
  /// The path of the SQLite file.
  public let path: String
  let pool: DatabasePool

  /// SQLite's multi-thread mode, set once before the process's first connection: GRDB
  /// already gives each connection to one thread at a time, so the per-call mutexes of the
  /// default (serialized) mode only cost time, about 8% of a bulk import's writer. If SQLite
  /// was used before (the status is then `SQLITE_MISUSE`), it stays serialized, which is
  /// as correct.
  private static let sqliteMode: Int32 = tj_sqlite_use_multithread_mode()

  /// Opens (creating if needed) the store at `path` and brings its schema up to date.
  ///
  /// - Parameters:
  ///   - path: the SQLite file.
  ///   - busyTimeout: how long to wait for another process's lock before failing.
  /// - Throws: ``MemoryError/storeLocked(path:)`` when another process holds the lock,
  ///   ``MemoryError/cannotOpenStore(path:reason:)`` when the file cannot be opened or is
  ///   not a database.
  public init(path: String, busyTimeout: TimeInterval = 3) throws(MemoryError) {
    _ = Self.sqliteMode
    self.path = path
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw .cannotOpenStore(path: path, reason: "cannot create \(folder.path)")
    }
    var configuration = Configuration()
    configuration.busyMode = .timeout(busyTimeout)
    configuration.label = "tarjuman.memory"
    configuration.prepareDatabase { db in
      // NORMAL is safe in WAL mode: a crash of the process (even kill -9) never corrupts
      // the file or loses a committed transaction; a power cut may lose the last ones.
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
      try db.execute(sql: "PRAGMA cache_size = -32768")  // 32 MB per connection
      try db.execute(sql: "PRAGMA temp_store = MEMORY")
      // Checkpoint the WAL every 32 MB rather than 4 MB: a bulk import rewrites the same
      // index pages many times between checkpoints.
      try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192")
    }
    do {
      pool = try DatabasePool(path: path, configuration: configuration)
      // Checking needs no write lock: a store that is up to date opens while another
      // process imports into it.
      let migrator = Self.migrator
      if try !pool.read({ try migrator.hasCompletedMigrations($0) }) {
        try migrator.migrate(pool)
      }
    } catch {
      throw Self.translate(error, path: path, opening: true)
    }
  }

  /// The default location of the store: `$TARJUMAN_STORE`, else
  /// `$XDG_DATA_HOME/tarjuman/memory.sqlite`, else `$HOME/.local/share/tarjuman/memory.sqlite`.
  public static func defaultPath(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String {
    if let store = environment["TARJUMAN_STORE"], !store.isEmpty { return store }
    let dataHome: String
    if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
      dataHome = xdg
    } else {
      let home = environment["HOME"] ?? NSHomeDirectory()
      dataHome = home + "/.local/share"
    }
    return dataHome + "/tarjuman/memory.sqlite"
  }

  /// Turns GRDB's and SQLite's errors into ``MemoryError``s that name the store.
  static func translate(_ error: any Error, path: String, opening: Bool = false) -> MemoryError {
    if let error = error as? MemoryError { return error }
    if let error = error as? DatabaseError {
      switch error.resultCode {
      case .SQLITE_BUSY, .SQLITE_LOCKED: return .storeLocked(path: path)
      case .SQLITE_NOTADB, .SQLITE_CORRUPT:
        return .cannotOpenStore(
          path: path, reason: "not a translation memory (\(error.message ?? "corrupt"))")
      case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
        return .cannotOpenStore(path: path, reason: error.message ?? "cannot open")
      case .SQLITE_FULL: return .storeFailed(path: path, reason: "the disk is full")
      default:
        return opening
          ? .cannotOpenStore(path: path, reason: error.message ?? "\(error)")
          : .storeFailed(path: path, reason: error.message ?? "\(error)")
      }
    }
    return .storeFailed(path: path, reason: "\(error)")
  }

  /// Runs `body` in a read transaction, translating errors.
  func read<T>(_ body: (Database) throws -> T) throws(MemoryError) -> T {
    do {
      return try pool.read(body)
    } catch {
      throw Self.translate(error, path: path)
    }
  }

  /// Runs `body` in a write transaction, translating errors.
  func write<T>(_ body: (Database) throws -> T) throws(MemoryError) -> T {
    do {
      return try pool.write(body)
    } catch {
      throw Self.translate(error, path: path)
    }
  }

  /// Checks the whole store: SQLite's `PRAGMA integrity_check`, the trigram index against
  /// the stored keys (every unit in the lists of its keys' trigrams, and in no other; see
  /// ``GramIndex/check(_:)``), and that no unit lacks a side. Returns the problems found,
  /// none for a sound store.
  public func check() throws(MemoryError) -> [String] {
    try read { db in
      var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
      problems += try GramIndex.check(db)
      let empty =
        try Int.fetchOne(
          db, sql: "SELECT count(*) FROM unit WHERE source = '' OR target = '' OR sourceKey IS NULL"
        )
        ?? 0
      if empty > 0 { problems.append("\(empty) units without a source or a target") }
      return problems
    }
  }

  /// SQLite's `PRAGMA integrity_check`: "ok" for a sound file, else the problems found.
  public func integrityCheck() throws(MemoryError) -> String {
    try read { db in
      try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n")
    }
  }
}
