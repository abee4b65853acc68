import ArgumentParser
import Foundation
import TarjumanGlossary
import TarjumanNames
import TarjumanText

extension TarjumanCommand {
  /// `tarjuman match`: the names in a list most like each query, in any script.
  struct Match: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "match",
      abstract: "Find the names in a list most like each query, in any script.",
      discussion: """
        Queries come from the arguments, or one per line from standard input. Candidates \
        come from --candidates, one per line. Either side may be in Latin, Persian or \
        Arabic script: Jolani finds أبو محمد الجولاني, and جولانی finds al-Julani.

        Names are compared by sound, and word by word through a lexicon of name words, so \
        that translated names match (Syrian Democratic Forces finds قوات سوريا \
        الديمقراطية). A query and a candidate that are names of one glossary concept \
        match with score 1 (Damascus finds دمشق; --explain says glossary: <concept id>): \
        the glossaries are read as by lookup (the shipped ones, --glossary, \
        TARJUMAN_GLOSSARY and the XDG folder); --no-glossary leaves them out. An \
        abbreviation in capitals finds the Latin names whose initials spell it, and the \
        other way round (IRGC finds Islamic Revolutionary Guard Corps; --explain says \
        acronym: IRGC).

        Output rows (--format tsv) are exactly: query<TAB>rank<TAB>candidate<TAB>score, \
        rank counting from 1, score from 0 to 1. A query with nothing at or above --min \
        prints no row. --explain (text and json) says which words matched which, and how \
        well. See Documentation/Names.md for the score.

        Exit status: 0 when some query matched, 1 when none did, 64 bad usage, 65 the \
        candidates file is not UTF-8 (or UTF-16 with a byte-order mark) or a query line on \
        standard input is not UTF-8, 66 the candidates file cannot be read.

        Examples:
          tarjuman match --candidates names.txt Jolani 'Hayat Tahrir al-Sham'
          cut -f1 queries.tsv | tarjuman match --candidates fa-names.txt --top 3 --format tsv
        """
    )

    /// Queries read from standard input before a batch is answered.
    static let batchSize = 1_024

    @Option(help: "A file with one candidate name per line.")
    var candidates: String

    @Option(help: "How many matches to print per query.")
    var top: Int = 5

    @Option(name: .customLong("min"), help: "Leave out matches scoring below this (0 to 1).")
    var minimumScore: Double = 0.6

    @Option(help: "Output format: text, tsv or json.")
    var format: OutputFormat = .text

    @Flag(help: "Explain each score (text and json).")
    var explain = false

    @Flag(
      name: .customLong("no-glossary"),
      help: "Compare by sound and the lexicon only, without the names the glossaries know.")
    var noGlossary = false

    @OptionGroup var glossaryOptions: GlossaryOptions

    @Argument(help: "Names to look for (standard input, one per line, when none are given).")
    var queries: [String] = []

    func validate() throws {
      if top < 1 { throw ValidationError("--top must be at least 1.") }
      if !(0...1).contains(minimumScore) { throw ValidationError("--min must be between 0 and 1.") }
      if explain && format == .tsv {
        throw ValidationError("--explain needs --format text or json; tsv rows have four fields.")
      }
    }

    func run() throws {
      let names: [String]
      do {
        // UTF-8, or UTF-16 with a byte-order mark; bad bytes are named by line and column.
        names = try TextFile.read(URL(fileURLWithPath: candidates), displayName: candidates)
          .split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
      } catch {
        Diagnostics().error("\(error) (the candidates)")
        if case .invalidEncoding = error { throw ExitCode(65) }
        throw ExitCode(66)
      }
      var gazetteer: NameGazetteer?
      if !noGlossary {
        // The key normalizer is built while the glossaries are read.
        TextNormalizer.warmUp(profile: .key)
        let glossary = try glossaryOptions.load(allowEmpty: true)
        if !glossary.concepts.isEmpty { gazetteer = try NameGazetteer(glossary: glossary) }
      }
      let matcher = try NameMatcher(
        candidates: names, lexicon: NameLexicon.shipped(), gazetteer: gazetteer)
      var anyMatched = false
      var printer = MatchPrinter(format: format, explain: explain)
      // Queries are answered in batches on all cores and printed in input order.
      func answer(_ batch: [String]) {
        let results = matcher.matches(for: batch, top: top, minimumScore: minimumScore)
        for (query, matches) in zip(batch, results) {
          anyMatched = anyMatched || !matches.isEmpty
          printer.print(query: query, matches: matches)
        }
      }
      if queries.isEmpty {
        var batch: [String] = []
        var input = StandardInputLines()
        defer { input.close() }
        while let line = try input.next() {
          if !line.isEmpty { batch.append(line) }
          if batch.count == Self.batchSize {
            answer(batch)
            batch.removeAll(keepingCapacity: true)
          }
        }
        answer(batch)
      } else {
        answer(queries)
      }
      if !anyMatched { throw ExitCode.failure }
    }
  }
}

/// Prints match results in the chosen format.
struct MatchPrinter {
  let format: OutputFormat
  let explain: Bool

  private struct JSONMatch: Encodable {
    var rank: Int
    var candidate: String
    var score: Double
    var explanation: String?
  }

  private struct JSONLine: Encodable {
    var query: String
    var matches: [JSONMatch]
  }

  private let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }()

  mutating func print(query: String, matches: [NameMatcher.Match]) {
    switch format {
    case .tsv:
      for (rank, match) in matches.enumerated() {
        Swift.print("\(query)\t\(rank + 1)\t\(match.candidate)\t\(Self.score(match.score))")
      }
    case .text:
      Swift.print(query)
      if matches.isEmpty { Swift.print("  (no match)") }
      for (rank, match) in matches.enumerated() {
        var line = "  \(rank + 1). \(match.candidate)  \(Self.score(match.score))"
        if explain { line += "  [\(match.explanation)]" }
        Swift.print(line)
      }
    case .json:
      let line = JSONLine(
        query: query,
        matches: matches.enumerated().map { rank, match in
          JSONMatch(
            rank: rank + 1, candidate: match.candidate,
            score: (match.score * 1000).rounded() / 1000,
            explanation: explain ? match.explanation : nil)
        })
      if let data = try? encoder.encode(line) {
        Swift.print(String(decoding: data, as: UTF8.self))
      }
    }
  }

  static func score(_ value: Double) -> String {
    String(format: "%.3f", value)
  }
}
