import GRDB
import GRDBSQLite

/// The few places where the memory calls SQLite's C functions itself, on statements that
/// GRDB prepared and caches: the hot loops (posting lists in a search, the insert of an
/// import, the trigram index's blocks), where building GRDB's argument and value wrappers
/// costs more than SQLite's own work. Everything else goes through GRDB.
enum SQLiteCalls {
  /// SQLite copies the bound text (`SQLITE_TRANSIENT`, a macro Swift cannot import).
  static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  /// The rows of the search's chunk statement (id, source language, source, markup, key,
  /// usage count, date), bound with `ids` then `texts`, read without GRDB's row objects.
  static func candidateRows(_ statement: Statement, ids: [Int64], texts: [String]) throws -> [(
    String, MemorySearcher.Candidate
  )] {
    let handle = statement.sqliteStatement
    sqlite3_reset(handle)
    var index: Int32 = 1
    for id in ids {
      try bind(handle, index, id)
      index += 1
    }
    for text in texts {
      try bind(handle, index, text)
      index += 1
    }
    defer { sqlite3_reset(handle) }
    func text(_ column: Int32) -> String? {
      guard let pointer = sqlite3_column_text(handle, column) else { return nil }
      let count = Int(sqlite3_column_bytes(handle, column))
      return String(
        decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }
    var rows: [(String, MemorySearcher.Candidate)] = []
    while true {
      let code = sqlite3_step(handle)
      if code == SQLITE_DONE { break }
      guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
      rows.append(
        (
          text(1) ?? "",
          MemorySearcher.Candidate(
            id: sqlite3_column_int64(handle, 0), source: text(2) ?? "", markup: text(3),
            key: text(4) ?? "", uses: Int(sqlite3_column_int64(handle, 5)),
            changed: sqlite3_column_int64(handle, 6))
        ))
    }
    return rows
  }

  /// Binds a parameter (1-based): text, an integer, a blob or NULL.
  static func bind(_ handle: OpaquePointer, _ index: Int32, _ value: String?) throws {
    guard var text = value else { return try check(sqlite3_bind_null(handle, index)) }
    try text.withUTF8 { bytes in
      try check(
        sqlite3_bind_text(
          handle, index, UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self),
          Int32(bytes.count), transient))
    }
  }

  static func bind(_ handle: OpaquePointer, _ index: Int32, _ value: Int64?) throws {
    guard let value else { return try check(sqlite3_bind_null(handle, index)) }
    try check(sqlite3_bind_int64(handle, index, value))
  }

  static func bind(_ handle: OpaquePointer, _ index: Int32, blob: [UInt8]) throws {
    try blob.withUnsafeBytes { bytes in
      try check(sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), transient))
    }
  }

  /// Steps a statement that returns one integer row (an `INSERT ... RETURNING`), then
  /// resets it.
  static func stepReturningInteger(_ handle: OpaquePointer) throws -> Int64? {
    defer { sqlite3_reset(handle) }
    let code = sqlite3_step(handle)
    if code == SQLITE_ROW { return sqlite3_column_int64(handle, 0) }
    if code == SQLITE_DONE { return nil }
    throw DatabaseError(resultCode: ResultCode(rawValue: code))
  }

  /// Steps a statement that returns one row of two integers, then resets it.
  static func stepReturningTwoIntegers(_ handle: OpaquePointer) throws -> (Int64, Int64)? {
    defer { sqlite3_reset(handle) }
    let code = sqlite3_step(handle)
    if code == SQLITE_ROW {
      return (sqlite3_column_int64(handle, 0), sqlite3_column_int64(handle, 1))
    }
    if code == SQLITE_DONE { return nil }
    throw DatabaseError(resultCode: ResultCode(rawValue: code))
  }

  /// Steps a statement that returns no row, then resets it.
  static func stepDone(_ handle: OpaquePointer) throws {
    defer { sqlite3_reset(handle) }
    let code = sqlite3_step(handle)
    guard code == SQLITE_DONE || code == SQLITE_ROW else {
      throw DatabaseError(resultCode: ResultCode(rawValue: code))
    }
  }

  /// Text and blob parameters bound without a copy each: their bytes are gathered in one
  /// buffer kept from row to row, bound as `SQLITE_STATIC` and stepped while the buffer is
  /// pinned. With `SQLITE_TRANSIENT` SQLite allocates, copies and frees every value: a
  /// tenth of a bulk import's writer.
  struct Parameters {
    private enum Kind { case text, blob, null }
    /// Never empty: an empty text is bound with a pointer, not NULL.
    private var bytes: [UInt8] = [0]
    private var values: [(index: Int32, kind: Kind, start: Int, count: Int)] = []

    /// Forgets the previous row's values, keeping the memory.
    mutating func removeAll() {
      bytes.removeSubrange(1...)
      values.removeAll(keepingCapacity: true)
    }

    /// Adds a text parameter (1-based index), or NULL.
    mutating func add(_ index: Int32, _ text: String?) {
      guard let text else { return values.append((index, .null, 0, 0)) }
      let start = bytes.count
      bytes.append(contentsOf: text.utf8)
      values.append((index, .text, start, bytes.count - start))
    }

    /// Adds a blob parameter.
    mutating func add(_ index: Int32, blob: [UInt8]) {
      let start = bytes.count
      bytes.append(contentsOf: blob)
      values.append((index, .blob, start, blob.count))
    }

    /// Binds the values to `handle`, steps it once and resets it.
    func step(_ handle: OpaquePointer) throws {
      try bytes.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        for value in values {
          let pointer = base + value.start
          switch value.kind {
          case .null: try check(sqlite3_bind_null(handle, value.index))
          case .text:
            try check(
              sqlite3_bind_text(
                handle, value.index, UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self),
                Int32(value.count), nil))
          case .blob:
            try check(sqlite3_bind_blob(handle, value.index, pointer, Int32(value.count), nil))
          }
        }
        // The pointers serve this step only: every row binds all of them again.
        try stepDone(handle)
      }
    }
  }

  static func check(_ code: Int32) throws {
    guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
  }
}
