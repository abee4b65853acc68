import Foundation
import Testing

/// The development set's form (`Fixtures/README.md`): what the accuracy benchmark reads must
/// be what the README says.
@Suite("names development set")
struct DevelopmentSetTests {
  typealias Support = RomanizerTestSupport

  static let kinds: Set<String> = ["person", "place", "organization", "other"]
  static let renderings: Set<String> = ["transliteration", "translation"]

  /// The names of a list column (` | ` between them; empty for none).
  static func names(_ column: String) -> [String] {
    column.isEmpty ? [] : column.components(separatedBy: " | ")
  }

  @Test("eight columns, known kinds and renderings, unique ids")
  func columns() throws {
    let rows = try Support.devRows()
    #expect(rows.count >= 500)
    var ids = Set<String>()
    for row in rows {
      try #require(row.count == 8, "\(row.first ?? ""): \(row.count) columns")
      #expect(ids.insert(row[0]).inserted, "\(row[0]) twice")
      #expect(Self.kinds.contains(row[1]), "\(row[0]): kind \(row[1])")
      #expect(Self.renderings.contains(row[7]), "\(row[0]): rendering \(row[7])")
      #expect(row[2...4].allSatisfy { !$0.isEmpty }, "\(row[0]): a rendering is missing")
    }
  }

  @Test("variants and aliases: Latin names, none empty, none in both lists, none the English name")
  func variantsAndAliases() throws {
    for row in try Support.devRows() {
      let variants = Self.names(row[5])
      let aliases = Self.names(row[6])
      for name in variants + aliases {
        #expect(!name.trimmingCharacters(in: .whitespaces).isEmpty, "\(row[0]): an empty name")
        #expect(name == name.trimmingCharacters(in: .whitespaces), "\(row[0]): '\(name)'")
        #expect(
          !name.unicodeScalars.contains { $0.value >= 0x0600 && $0.value < 0x0700 },
          "\(row[0]): \(name) is not Latin")
        #expect(name != row[2], "\(row[0]): \(name) is the English name")
      }
      #expect(Set(variants).isDisjoint(with: aliases), "\(row[0]): a name in both lists")
      #expect(Set(variants).count == variants.count, "\(row[0]): a variant twice")
      #expect(Set(aliases).count == aliases.count, "\(row[0]): an alias twice")
    }
  }
}
