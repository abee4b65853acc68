import ArgumentParser
import Foundation
import TarjumanGlossary
import TarjumanMemory

extension TarjumanCommand.Memory {
  /// `tarjuman tm search`.
  struct MemorySearch: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "search",
      abstract: "Find stored translations of a text: fuzzy matches with CAT-style percentages.",
      discussion: """
        Without TEXT, reads one query per line from standard input and answers them all \
        in one process (pre-translation of a whole file). 100% means the stored source is \
        identical to the query; the formula (an edit distance over normalized tokens, with \
        penalties for differing numbers, names and inline codes) is in \
        Documentation/Memory.md, and --explain prints its parts.

        Output rows (--format tsv): \
        query<TAB>rank<TAB>score<TAB>source<TAB>target<TAB>target language<TAB>unit id. \
        A query with no match at or above --min prints no row.

        Examples:
          tarjuman tm search --from en --to fa 'Open the file'
          tarjuman tm search --from en --to fa --min 80 --format tsv < segments.txt
        """
    )

    @OptionGroup var storeOptions: MemoryStoreOptions

    @Option(help: "The language of the query (BCP 47).")
    var from: LanguageTag

    @Option(help: "The language of the translations wanted (default: any).")
    var to: LanguageTag?

    @Option(name: .customLong("min"), help: "Leave out matches below this percentage.")
    var minimum: Int = 70

    @Option(help: "How many matches to print per query.")
    var top: Int = 5

    @Option(help: "Output format: text, tsv or json.")
    var format: OutputFormat = .text

    @Flag(help: "Explain each score (text and json).")
    var explain = false

    @Argument(help: "The text to look up (standard input, one per line, when none is given).")
    var text: String?

    func validate() throws {
      if top < 1 { throw ValidationError("--top must be at least 1.") }
      if !(0...100).contains(minimum) { throw ValidationError("--min must be between 0 and 100.") }
      if explain && format == .tsv {
        throw ValidationError("--explain needs --format text or json.")
      }
    }

    private struct JSONMatch: Encodable {
      var rank: Int
      var score: Int
      var source: String
      var target: String
      var sourceLanguage: String
      var targetLanguage: String
      var id: Int64
      var usageCount: Int
      var explanation: String?
    }

    private struct JSONLine: Encodable {
      var query: String
      var matches: [JSONMatch]
    }

    func run() throws {
      try reportingMemoryErrors {
        let searcher = MemorySearcher(store: try storeOptions.open())
        var anyMatched = false
        func answer(_ query: String) throws {
          let matches = try searcher.search(query, from: from, to: to, minimum: minimum, top: top)
          anyMatched = anyMatched || !matches.isEmpty
          print(query: query, matches: matches)
        }
        if let text {
          try answer(text)
        } else {
          try searcher.preloadTrigramCounts()
          var input = StandardInputLines()
          defer { input.close() }
          while let line = try input.next() {
            if !line.isEmpty { try answer(line) }
          }
        }
        if !anyMatched { throw ExitCode.failure }
      }
    }

    private func print(query: String, matches: [MemoryMatch]) {
      switch format {
      case .tsv:
        for (rank, match) in matches.enumerated() {
          Swift.print(
            [
              query, String(rank + 1), String(match.score.score), match.unit.source.text,
              match.unit.target.text, match.unit.targetLanguage.rawValue,
              String(match.unit.id ?? 0),
            ].map(Self.field).joined(separator: "\t"))
        }
      case .text:
        Swift.print(query)
        if matches.isEmpty { Swift.print("  (no match)") }
        for (rank, match) in matches.enumerated() {
          Swift.print(
            "  \(rank + 1). \(match.score.score)%  \(match.unit.source.text)  →  "
              + "\(match.unit.target.text)  [\(match.unit.targetLanguage)]")
          if explain { Swift.print("     \(match.score.explanation)") }
        }
      case .json:
        printJSONLine(
          JSONLine(
            query: query,
            matches: matches.enumerated().map { rank, match in
              JSONMatch(
                rank: rank + 1, score: match.score.score, source: match.unit.source.text,
                target: match.unit.target.text,
                sourceLanguage: match.unit.sourceLanguage.rawValue,
                targetLanguage: match.unit.targetLanguage.rawValue, id: match.unit.id ?? 0,
                usageCount: match.unit.usageCount,
                explanation: explain ? match.score.explanation : nil)
            }))
      }
    }

    /// A TSV field: tabs and line breaks become spaces.
    static func field(_ text: String) -> String {
      guard text.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
      else { return text }
      return String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }
  }
}
