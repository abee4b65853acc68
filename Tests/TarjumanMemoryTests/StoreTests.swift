import Foundation
import GRDB
import TarjumanGlossary
import Testing

@testable import TarjumanMemory

@Suite("the store")
struct StoreTests {
  @Test("migrations are named and recorded; the journal is WAL")
  func migrations() throws {
    let temporary = try TemporaryStore()
    let (names, mode) = try temporary.store.pool.read { db in
      (
        try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"),
        try String.fetchOne(db, sql: "PRAGMA journal_mode")
      )
    }
    #expect(
      names == [
        "1 units", "2 import runs", "3 trigram index", "4 import undo",
        "5 identity index by language pair",
      ])
    #expect(mode == "wal")
    // Opening again runs nothing new.
    let again = try MemoryStore(path: temporary.store.path)
    #expect(try again.count() == 0)
  }

  @Test("identical units are merged and their usage counts added")
  func merging() throws {
    let temporary = try TemporaryStore()
    let first = try temporary.store.add([
      unit("Open the file", "پرونده را باز کن"), unit("Open the file", "پرونده را باز کن"),
      unit("Open the file", "فایل را باز کن"),
    ])
    #expect(first.added == 2 && first.merged == 1)
    var again = unit("Open the file", "پرونده را باز کن")
    again.usageCount = 5
    again.lastUsed = Date(timeIntervalSince1970: 1_700_000_000)
    #expect(try temporary.store.add([again]).merged == 1)
    let units = try temporary.store.units()
    #expect(units.count == 2)
    let merged = try #require(units.first { $0.target.text == "پرونده را باز کن" })
    #expect(merged.usageCount == 7)
    #expect(merged.lastUsed == Date(timeIntervalSince1970: 1_700_000_000))
    // Different languages or inline codes make different units.
    var tagged = unit("Open the file", "پرونده را باز کن")
    tagged.source.markup = "Open the <ph x=\"1\"/>file"
    #expect(
      try temporary.store.add([tagged, unit("Open the file", "پرونده را باز کن", to: "ar")]).added
        == 2)
  }

  @Test("keys fold case, Arabic and Persian letters, and digits")
  func keys() {
    #expect(UnitKeys.key("Open THE File") == "open the file")
    #expect(UnitKeys.key("كتاب ۱۲") == UnitKeys.key("کتاب 12"))
    #expect(UnitKeys.key("line one\nline two") == "line one line two")
  }

  @Test("filters by language range, origin and date; deletes")
  func filtersAndDelete() throws {
    let temporary = try TemporaryStore()
    var old = unit("Old", "قدیمی")
    old.created = Date(timeIntervalSince1970: 1_000_000_000)
    old.origin = UnitOrigin(file: "old.tmx")
    var new = unit("New", "جديد", to: "ar-SY")
    new.created = Date(timeIntervalSince1970: 1_700_000_000)
    try temporary.store.add([old, new])
    #expect(try temporary.store.count(UnitFilter(targetLanguage: LanguageTag("AR"))) == 1)
    #expect(try temporary.store.count(UnitFilter(targetLanguage: LanguageTag("fa"))) == 1)
    #expect(try temporary.store.count(UnitFilter(originFile: "old.tmx")) == 1)
    #expect(
      try temporary.store.count(UnitFilter(since: Date(timeIntervalSince1970: 1_500_000_000)))
        == 1)
    #expect(try temporary.store.delete(UnitFilter(originFile: "old.tmx")) == 1)
    #expect(try temporary.store.count() == 1)
    let statistics = try temporary.store.statistics()
    #expect(statistics.units == 1 && statistics.pairs.first?.targetLanguage == "ar-SY")
    #expect(try temporary.store.integrityCheck() == "ok")
  }

  @Test("a store locked by another writer fails after the busy timeout, not hangs")
  func locked() throws {
    let temporary = try TemporaryStore()
    let other = try DatabaseQueue(path: temporary.store.path)
    let store = try MemoryStore(path: temporary.store.path, busyTimeout: 0.2)
    try other.inDatabase { db in
      // Another connection holds the write lock while the store tries to write.
      try db.execute(sql: "BEGIN IMMEDIATE")
      let started = Date()
      #expect(throws: MemoryError.storeLocked(path: temporary.store.path)) {
        try store.add([unit("a", "b")])
      }
      #expect(Date().timeIntervalSince(started) < 5)
      // Reading still works while the other connection writes (WAL).
      #expect(try store.count() == 0)
      try db.execute(sql: "ROLLBACK")
    }
  }

  @Test("a file that is not a database is refused with its name")
  func notADatabase() throws {
    let temporary = try TemporaryStore()
    let url = try temporary.file("not.sqlite", String(repeating: "not a database ", count: 200))
    #expect(throws: MemoryError.self) { try MemoryStore(path: url.path) }
    do {
      _ = try MemoryStore(path: url.path)
    } catch {
      #expect("\(error)".contains("not.sqlite"))
    }
  }

  @Test("the default path follows TARJUMAN_STORE, then XDG_DATA_HOME, then HOME")
  func defaultPath() {
    #expect(
      MemoryStore.defaultPath(environment: ["TARJUMAN_STORE": "/x/tm.sqlite"]) == "/x/tm.sqlite")
    #expect(
      MemoryStore.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/u"])
        == "/data/tarjuman/memory.sqlite")
    #expect(
      MemoryStore.defaultPath(environment: ["HOME": "/home/u"])
        == "/home/u/.local/share/tarjuman/memory.sqlite")
  }
}
