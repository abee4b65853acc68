import ArgumentParser
import Foundation
import TarjumanGlossary
import TarjumanText

extension TarjumanCommand {
  /// `tarjuman find`: every mention of glossary entries in text.
  struct Find: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "find",
      abstract: "Find every mention of glossary entries in text, in any spelling or script.",
      discussion: """
        With a query (any spelling: Jolani, HTS, جولانی), only the concept it names is \
        looked for, in all its spellings and scripts; without one, every entry of the \
        glossary. The first argument is the query unless it is an existing file or \
        contains a slash (or use --query). Files are read in order; standard input when none are given.

        Each mention prints as file:line:col: text → concept (rendering), the rendering \
        in the language of the term found (or --lang, or the --style's). Columns count \
        characters. Words attached to a name are understood (والجولاني, بالجولانی, \
        HTS’s), as are spacing and ZWNJ variants, Arabic and Persian letter forms, and \
        unlisted Latin spellings (Joulani); look-alike letters of another script are \
        found and flagged.

        Exit status: 0 when something was found, 1 when nothing was, 65 bad input \
        (see --on-invalid), 66 a file cannot be read.

        Examples:
          tarjuman find Corpora/fa/news.txt
          tarjuman find Jolani Corpora/*/news.txt
          tarjuman find --count --format tsv Corpora/ar/news.txt
        """
    )

    @Argument(help: "An optional query, then the files to search.")
    var arguments: [String] = []

    @Option(
      name: .customLong("query"), help: "The concept to look for (instead of the first argument).")
    var explicitQuery: String?

    @Flag(help: "Print how often each concept is mentioned instead of each mention.")
    var count = false

    @Option(name: .customLong("lang"), help: "Show renderings in this language.")
    var language: String?

    @Option(help: "The house style whose renderings to show.")
    var style: String?

    @Option(help: "Output format: text, tsv or json.")
    var format: OutputFormat = .text

    @Option(help: "Colour the text output: auto (on a terminal), always or never.")
    var color: ColorChoice = .auto

    @OptionGroup var scan: ScanOptions

    @OptionGroup var glossaryOptions: GlossaryOptions

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
      case auto, always, never
    }

    func validate() throws {
      if let language, LanguageTag(language) == nil {
        throw ValidationError("'\(language)' is not a BCP 47 language tag.")
      }
    }

    /// The query and the files, by the rule in the discussion.
    private var queryAndFiles: (String?, [String]) {
      if let explicitQuery { return (explicitQuery, arguments) }
      guard let first = arguments.first else { return (nil, []) }
      // A name never contains a slash: `find docs/x.txt` with a mistyped path is an error
      // about the file, not a query.
      if first == "-" || first.contains("/") || FileManager.default.fileExists(atPath: first) {
        return (nil, arguments)
      }
      return (first, Array(arguments.dropFirst()))
    }

    func run() throws {
      // The key normalizer is built while the glossaries are read.
      TextNormalizer.warmUp(profile: .key)
      let glossary = try glossaryOptions.load()
      let houseStyle = try GlossaryOptions.style(style, in: glossary)
      let (query, files) = queryAndFiles
      var concepts: Set<Int>?
      if let query {
        let hits = try GlossaryIndex(glossary, cacheFolder: GlossaryIndex.defaultCacheFolder)
          .lookup(query, limit: 10)
        guard let best = hits.first else {
          Diagnostics().error("no glossary entry matches '\(query)' (see 'tarjuman lookup')")
          throw ExitCode.failure
        }
        concepts = Set(hits.filter { $0.score >= best.score - 0.001 }.map(\.conceptIndex))
      }
      let finder = try MentionFinder(
        glossary: glossary, concepts: concepts, cacheFolder: GlossaryIndex.defaultCacheFolder)
      let scanner = LineScanner(
        visitor: finder, jobs: scan.jobs, onInvalid: scan.onInvalid,
        maxLineBytes: scan.maxLineBytes)
      let inputs = ScanOptions.inputs(files)
      let colored = color == .always || (color == .auto && StandardOutput.isTerminal)
      let rendering = language.flatMap { LanguageTag($0) }
      var output = StandardOutput()
      var reporter = Diagnostics()
      var counts: [Int: Int] = [:]
      var found = 0
      do {
        let summary = try scanner.run(
          inputs: inputs, output: nil, warn: { reporter.warning($0.description) }
        ) { position, mention in
          found += 1
          if count {
            counts[mention.conceptIndex, default: 0] += 1
            return
          }
          let concept = glossary.concepts[mention.conceptIndex]
          let term = concept.terms[mention.termIndex]
          let shown =
            Glossary.rendering(of: concept, in: rendering ?? term.language, style: houseStyle)?.text
            ?? term.text
          switch format {
          case .text:
            var line = "\(position.path):\(position.line):\(mention.column): "
            line += colored ? "\u{1B}[1;31m\(mention.text)\u{1B}[0m" : mention.text
            line +=
              " → " + (colored ? "\u{1B}[36m\(concept.id)\u{1B}[0m" : concept.id) + " (\(shown))"
            if let flag = mention.flag { line += " [\(flag)]" }
            output.line(line)
          case .tsv:
            output.line(
              [
                position.path, String(position.line), String(mention.column), mention.text,
                concept.id, shown, mention.match.rawValue, mention.flag ?? "",
              ].joined(separator: "\t"))
          case .json:
            output.line(
              JSONLines.encode(
                MentionRecord(
                  file: position.path, line: position.line, column: mention.column,
                  text: mention.text,
                  concept: concept.id, rendering: shown, term: TermRecord(term),
                  match: mention.match.rawValue,
                  flag: mention.flag)))
          }
        }
        reporter.finish(replaced: summary.linesReplaced, skipped: summary.linesSkipped)
      } catch {
        output.flush()
        reporter.error(error.description)
        throw ExitCode(Diagnostics.exitCode(for: error))
      }
      if count {
        let ordered = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        for (conceptIndex, mentions) in ordered {
          let concept = glossary.concepts[conceptIndex]
          let shown =
            Glossary.rendering(of: concept, in: rendering ?? .english, style: houseStyle)?.text
            ?? concept.terms.first?.text ?? ""
          switch format {
          case .text: output.line("\(String(mentions).leftPadded(to: 7))  \(concept.id) (\(shown))")
          case .tsv: output.line("\(concept.id)\t\(mentions)\t\(shown)")
          case .json:
            output.line(
              JSONLines.encode(CountRecord(concept: concept.id, rendering: shown, count: mentions)))
          }
        }
      }
      output.flush()
      if found == 0 { throw ExitCode.failure }
    }
  }
}

struct MentionRecord: Encodable {
  var file: String
  var line: Int
  var column: Int
  var text: String
  var concept: String
  var rendering: String
  var term: TermRecord
  var match: String
  var flag: String?
}

struct CountRecord: Encodable {
  var concept: String
  var rendering: String
  var count: Int
}

extension String {
  func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
