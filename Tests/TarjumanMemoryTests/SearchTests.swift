import Foundation
import TarjumanGlossary
import Testing

@testable import TarjumanMemory

@Suite("fuzzy search")
struct SearchTests {
  static func store() throws -> TemporaryStore {
    let temporary = try TemporaryStore()
    var units = [
      unit("Open the file", "پرونده را باز کن"), unit("Open the folder", "پوشه را باز کن"),
      unit("Close the file", "پرونده را ببند"), unit("UN", "سازمان ملل"),
      unit("HTS", "هیئت تحریر الشام"), unit("Assad", "اسد"), unit("Iran", "ایران"),
      unit("Open the file", "فتح الملف", to: "ar"), unit("Delete 5 files", "حذف ۵ پرونده"),
    ]
    for index in 0..<300 {
      units.append(unit("Filler sentence number \(index) about nothing", "جمله \(index)"))
    }
    try temporary.store.add(units)
    return temporary
  }

  @Test("the identical source comes first at 100%, then fuzzy ones, in the target language")
  func ranking() throws {
    let temporary = try Self.store()
    let searcher = MemorySearcher(store: temporary.store)
    let matches = try searcher.search("Open the file", from: .english, to: .persian, minimum: 60)
    #expect(matches.first?.score.score == 100)
    #expect(matches.first?.unit.target.text == "پرونده را باز کن")
    #expect(matches.map(\.unit.target.text).contains("پوشه را باز کن"))
    #expect(matches.allSatisfy { $0.unit.targetLanguage == .persian })
    #expect(matches.map(\.score.score) == matches.map(\.score.score).sorted(by: >))
    let arabic = try searcher.search(
      "Open the file", from: LanguageTag("EN") ?? .english, to: .arabic)
    #expect(arabic.map(\.unit.target.text) == ["فتح الملف"])
  }

  @Test("short names of two to four letters are found", arguments: ["UN", "HTS", "Iran", "un"])
  func shortNames(_ name: String) throws {
    let temporary = try Self.store()
    let matches = try MemorySearcher(store: temporary.store).search(
      name, from: .english, to: .persian, minimum: 90)
    #expect(matches.first.map { UnitKeys.key($0.unit.source.text) } == UnitKeys.key(name))
  }

  @Test("--min and --top are honoured; nothing below the minimum")
  func limits() throws {
    let temporary = try Self.store()
    let searcher = MemorySearcher(store: temporary.store)
    let top = try searcher.search(
      "Filler sentence number 7 about nothing", from: .english, to: nil, minimum: 50, top: 3)
    #expect(top.count == 3 && top.first?.score.score == 100)
    #expect(try searcher.search("Completely unrelated words here", from: .english, to: nil).isEmpty)
  }

  @Test("the index finds what scoring every unit finds")
  func agreesWithBruteForce() throws {
    let temporary = try Self.store()
    let searcher = MemorySearcher(store: temporary.store)
    let everything = try temporary.store.units()
    for query in ["Open a file", "Close the folder", "Filler sentence number 12", "Delete 6 files"]
    {
      let prepared = PreparedText(query)
      let best = everything.filter { $0.targetLanguage == .persian }
        .map { FuzzyScore(query: prepared, candidate: PreparedText($0.source.text)).score }.max()
      let found = try searcher.search(query, from: .english, to: .persian, minimum: 0, top: 1)
      #expect(found.first?.score.score == best, "\(query)")
    }
  }
}
