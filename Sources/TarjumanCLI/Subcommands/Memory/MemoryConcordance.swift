import ArgumentParser
import Foundation
import TarjumanMemory

extension TarjumanCommand.Memory {
  /// `tarjuman tm concordance`.
  struct MemoryConcordance: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "concordance",
      abstract: "Find units whose source or target contains a term, in any spelling or script.",
      discussion: """
        The term is compared by normalized key (case, diacritics, Arabic and Persian \
        letter forms do not matter), and names are also looked for in the other scripts: \
        Jolani finds units with الجولاني or جولانی, and الجولاني finds Jolani, al-Julani and \
        Golani. See Documentation/Memory.md.

        Output rows (--format tsv): side<TAB>source<TAB>target<TAB>source language<TAB>\
        target language<TAB>usage count<TAB>spelling found<TAB>unit id.

        Examples:
          tarjuman tm concordance Jolani
          tarjuman tm concordance --to fa 'Tahrir al-Sham' --format tsv
        """
    )

    @OptionGroup var storeOptions: MemoryStoreOptions
    @OptionGroup var languages: LanguagePairOptions

    @Option(help: "How many units to print at most.")
    var top: Int = 50

    @Option(help: "Output format: text, tsv or json.")
    var format: OutputFormat = .text

    @Argument(help: "The word or name to look for.")
    var term: String

    func validate() throws {
      if top < 1 { throw ValidationError("--top must be at least 1.") }
      if term.trimmingCharacters(in: .whitespaces).isEmpty {
        throw ValidationError("Give a term to look for.")
      }
    }

    private struct JSONHit: Encodable {
      var side: String
      var source: String
      var target: String
      var sourceLanguage: String
      var targetLanguage: String
      var usageCount: Int
      var spelling: String
      var id: Int64
    }

    func run() throws {
      try reportingMemoryErrors {
        let store = try storeOptions.open()
        let concordance: Concordance
        do {
          concordance = try Concordance(store: store)
        } catch {
          Diagnostics().error("cannot build the name rules: \(error)")
          throw ExitCode(70)
        }
        let hits = try concordance.find(
          term, sourceLanguage: languages.from, targetLanguage: languages.to, limit: top)
        for hit in hits {
          let unit = hit.unit
          switch format {
          case .tsv:
            print(
              [
                hit.side.rawValue, unit.source.text, unit.target.text, unit.sourceLanguage.rawValue,
                unit.targetLanguage.rawValue, String(unit.usageCount), hit.spelling,
                String(unit.id ?? 0),
              ].map(MemorySearch.field).joined(separator: "\t"))
          case .text:
            print(
              "[\(unit.sourceLanguage)→\(unit.targetLanguage)] \(unit.source.text)  →  "
                + "\(unit.target.text)   (\(hit.side.rawValue): \(hit.spelling))")
          case .json:
            printJSONLine(
              JSONHit(
                side: hit.side.rawValue, source: unit.source.text, target: unit.target.text,
                sourceLanguage: unit.sourceLanguage.rawValue,
                targetLanguage: unit.targetLanguage.rawValue, usageCount: unit.usageCount,
                spelling: hit.spelling, id: unit.id ?? 0))
          }
        }
        if hits.isEmpty {
          if format == .text { print("(no unit contains \(term))") }
          throw ExitCode.failure
        }
      }
    }
  }
}
