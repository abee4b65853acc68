import ArgumentParser
import Foundation
import TarjumanMemory

extension TarjumanCommand.Memory {
  /// `tarjuman tm delete`.
  struct MemoryDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "delete",
      abstract: "Delete units by id, language pair, origin or date.",
      discussion: """
        Deletes in one transaction the units that meet every condition given. At least \
        one condition (or --all) is required. Prints the number deleted.

        Examples:
          tarjuman tm delete --id 42 --id 43
          tarjuman tm delete --origin old-memory.tmx
          tarjuman tm delete --from en --to ar --before 2020-01-01
        """
    )

    @OptionGroup var storeOptions: MemoryStoreOptions
    @OptionGroup var languages: LanguagePairOptions
    @OptionGroup var selection: UnitSelectionOptions

    @Option(help: "Delete the unit with this id (repeatable).")
    var id: [Int64] = []

    @Flag(help: "Delete every unit.")
    var all = false

    func validate() throws {
      let conditions =
        !id.isEmpty || !selection.isEmpty || languages.from != nil || languages.to != nil
      if !conditions && !all {
        throw ValidationError("Say which units to delete (--id, --from, --origin, ...) or --all.")
      }
      if all && conditions { throw ValidationError("--all takes no other condition.") }
    }

    func run() throws {
      try reportingMemoryErrors {
        let store = try storeOptions.open()
        let deleted: Int
        if !id.isEmpty {
          deleted = try store.delete(ids: id)
        } else {
          deleted = try store.delete(try selection.filter(languages))
        }
        print("\(deleted) units deleted")
      }
    }
  }
}
