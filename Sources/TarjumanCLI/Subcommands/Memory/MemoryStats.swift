import ArgumentParser
import Foundation
import TarjumanMemory

extension TarjumanCommand.Memory {
  /// `tarjuman tm stats`.
  struct MemoryStats: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "stats",
      abstract: "Count the units per language pair and origin.",
      discussion: """
        Examples:
          tarjuman tm stats
          tarjuman tm stats --format json
        """
    )

    @OptionGroup var storeOptions: MemoryStoreOptions

    @Option(help: "Output format: text, tsv or json.")
    var format: OutputFormat = .text

    @Flag(
      help:
        "Check the store's integrity (SQLite and both trigram indexes) first; exit 65 if not sound."
    )
    var check = false

    func run() throws {
      try reportingMemoryErrors {
        let store = try storeOptions.open()
        if check {
          let problems = try store.check()
          for problem in problems { Diagnostics().error("\(store.path): \(problem)") }
          if !problems.isEmpty { throw ExitCode(65) }
          FileHandle.standardError.write(Data("\(store.path): integrity ok\n".utf8))
        }
        let statistics = try store.statistics()
        switch format {
        case .json:
          printJSONLine(statistics)
        case .tsv:
          print("units\t\(statistics.units)")
          print("uses\t\(statistics.uses)")
          for pair in statistics.pairs {
            print("pair\t\(pair.sourceLanguage)\t\(pair.targetLanguage)\t\(pair.units)")
          }
          for origin in statistics.origins { print("origin\t\(origin.file)\t\(origin.units)") }
        case .text:
          print("store: \(store.path) (\(statistics.bytes / 1024) KiB)")
          print("units: \(statistics.units) (used \(statistics.uses) times)")
          for pair in statistics.pairs {
            print("  \(pair.sourceLanguage) → \(pair.targetLanguage): \(pair.units)")
          }
          if !statistics.origins.isEmpty { print("origins:") }
          for origin in statistics.origins.prefix(20) {
            print("  \(origin.file.isEmpty ? "(none)" : origin.file): \(origin.units)")
          }
          if statistics.unfinishedImports > 0 {
            print(
              "interrupted imports: \(statistics.unfinishedImports) (import the same file again to finish)"
            )
          }
        }
      }
    }
  }
}
