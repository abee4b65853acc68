import ArgumentParser
import Foundation
import TarjumanGlossary
import TarjumanText

extension TarjumanCommand {
  /// `tarjuman canonicalize`: variant spellings of names rewritten to the house style.
  struct Canonicalize: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "canonicalize",
      abstract: "Rewrite variant spellings of glossary names into the house style's rendering.",
      discussion: """
        A line-preserving filter: each output line is its input line with names \
        rewritten, and nothing else changed. A variant, deprecated or forbidden spelling, \
        an unlisted spelling of a Latin name, and a term of another language in the same \
        script become the style's rendering in --lang; a right term written differently \
        (Arabic yeh in Persian, harakat, missing ZWNJ) becomes the term as the glossary \
        writes it. With --all-forms, short forms, noms de guerre and abbreviations are \
        rewritten too. Letters attached to a name (و ب ل) are kept.

        What was replaced is summarized on standard error; --report FILE writes every \
        replacement as JSON Lines (file, line, column, original, replacement, concept).

        Examples:
          tarjuman canonicalize --style wire --lang en Corpora/en/news.txt
          tarjuman canonicalize --lang fa --report changes.jsonl < draft.txt > final.txt
        """
    )

    @Option(
      help: "The house style whose renderings to write (default: the glossary's preferred terms).")
    var style: String?

    @Option(name: .customLong("lang"), help: "The language of the text (en, fa, ar, ...).")
    var language: String

    @Flag(help: "Also rewrite admitted forms (short forms, abbreviations) into the rendering.")
    var allForms = false

    @Option(help: "Write every replacement to this file as JSON Lines.")
    var report: String?

    @OptionGroup var stream: StreamOptions
    @OptionGroup var glossaryOptions: GlossaryOptions

    func validate() throws {
      if LanguageTag(language) == nil {
        throw ValidationError("'\(language)' is not a BCP 47 language tag.")
      }
    }

    func run() throws {
      // The key normalizer is built while the glossaries are read.
      TextNormalizer.warmUp(profile: .key)
      let glossary = try glossaryOptions.load()
      let houseStyle = try GlossaryOptions.style(style, in: glossary)
      guard let tag = LanguageTag(language) else {
        throw ValidationError("'\(language)' is not a BCP 47 language tag.")
      }
      let canonicalizer = Canonicalizer(
        finder: try MentionFinder(
          glossary: glossary, cacheFolder: GlossaryIndex.defaultCacheFolder),
        style: houseStyle, language: tag,
        options: .init(allForms: allForms))
      let scanner = LineScanner(
        visitor: canonicalizer, jobs: stream.jobs, onInvalid: stream.onInvalid,
        maxLineBytes: stream.maxLineBytes)
      var reporter = Diagnostics()
      var reportLines: [String] = []
      var tally: [String: Int] = [:]
      var lines = 0
      var lastLine: StreamPosition?
      do {
        _ = try scanner.run(
          inputs: stream.inputs, output: stream.output.map(LineOutput.file) ?? .standardOutput,
          warn: { reporter.warning($0.description) }
        ) { position, replacement in
          let concept = glossary.concepts[replacement.conceptIndex].id
          tally["\(replacement.original) → \(replacement.replacement) (\(concept))", default: 0] +=
            1
          // Findings arrive in input order: a new position is a new line.
          if position != lastLine {
            lines += 1
            lastLine = position
          }
          if report != nil {
            reportLines.append(
              JSONLines.encode(
                ReplacementRecord(
                  file: position.path, line: position.line, column: replacement.column,
                  original: replacement.original, replacement: replacement.replacement,
                  concept: concept)))
          }
        }
      } catch {
        reporter.error(error.description)
        throw ExitCode(Diagnostics.exitCode(for: error))
      }
      if let report {
        let text = reportLines.map { $0 + "\n" }.joined()
        do {
          try OutputFile.write(Array(text.utf8), to: report)
        } catch {
          reporter.error("\(report): cannot write the report: \(error)")
          throw ExitCode(73)
        }
      }
      let total = tally.values.reduce(0, +)
      var summary =
        "canonicalized \(total) name\(total == 1 ? "" : "s") on \(lines) line\(lines == 1 ? "" : "s")"
      let ordered = tally.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      for (change, times) in ordered.prefix(20) { summary += "\n  \(times)× \(change)" }
      if ordered.count > 20 { summary += "\n  ... \(ordered.count - 20) more (see --report)" }
      FileHandle.standardError.write(Data(("tarjuman: " + summary + "\n").utf8))
    }
  }
}

struct ReplacementRecord: Encodable {
  var file: String
  var line: Int
  var column: Int
  var original: String
  var replacement: String
  var concept: String
}
