import ArgumentParser
import Foundation
import TarjumanGlossary
import TarjumanICU
import TarjumanText

extension TarjumanCommand {
  /// `tarjuman glossary`: check, convert, list and extend glossaries.
  struct GlossaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "glossary",
      abstract: "Check, convert, list and extend glossaries.",
      discussion: """
        Glossaries are read from the shipped Glossaries folder, the user's \
        $XDG_CONFIG_HOME/tarjuman/glossaries, TARJUMAN_GLOSSARY and --glossary. Formats: \
        the native .glossary (Documentation/Glossary.md), TBX (.tbx), TSV/CSV and JSON.
        """,
      subcommands: [
        Validate.self, Import.self, Export.self, List.self, Stats.self, Add.self, Places.self,
      ]
    )
  }
}

extension TarjumanCommand.GlossaryCommand {
  /// `glossary validate`.
  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "validate",
      abstract: "Report every problem in glossaries as file:line: what is wrong.",
      discussion: """
        Without paths, checks the glossaries Tarjuman reads by default. Exit status: 0 \
        when there are no errors (warnings allowed), 65 when there are.
        """)

    @Argument(help: "Glossary files or folders (default: the shipped and user glossaries).")
    var paths: [String] = []

    func run() throws {
      let loader = GlossaryLoader()
      let diagnostics = Diagnostics()
      let files: [URL]
      do {
        files = try loader.files(extra: paths, includeShipped: paths.isEmpty)
      } catch {
        diagnostics.error("\(error)")
        throw ExitCode(66)
      }
      var problems: [GlossaryProblem] = []
      var glossary = Glossary()
      for file in files {
        do {
          let (read, found) = try GlossaryFile.read(file)
          glossary.merge(read)
          problems += found
        } catch let error as TextFile.ReadError {
          problems.append(GlossaryProblem(.error, error.description, at: nil))
        } catch {
          problems.append(GlossaryProblem(.error, "\(file.path): \(error)", at: nil))
        }
      }
      problems += try GlossaryValidator().problems(in: glossary)
      for problem in problems { print(problem.description) }
      let errors = problems.filter { $0.severity == .error }.count
      let terms = glossary.concepts.reduce(0) { $0 + $1.terms.count }
      let summary =
        "\(files.count) file\(files.count == 1 ? "" : "s"), \(glossary.concepts.count) concepts, \(terms) terms, \(glossary.styles.count) styles: \(errors) error\(errors == 1 ? "" : "s"), \(problems.count - errors) warning\(problems.count - errors == 1 ? "" : "s")"
      FileHandle.standardError.write(Data("tarjuman: \(summary)\n".utf8))
      if errors > 0 { throw ExitCode(65) }
    }
  }

  /// `glossary import`.
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import",
      abstract: "Convert a TBX, TSV, CSV or JSON glossary into the native format.",
      discussion: """
        The input is checked as it is read; problems are reported as file:line and stop \
        the import (exit 65). OmegaT's glossary (source<TAB>target[<TAB>comment], no \
        header) names no languages: give them with --from and --to.

        Example:
          tarjuman glossary import terms.tbx -o Glossaries/terms.glossary
        """)

    @Argument(help: "The file to import.")
    var file: String

    @Option(
      help: "The input format (default: from the extension): glossary, tbx, tsv, csv or json.")
    var format: GlossaryFormat?

    @Option(help: "For OmegaT glossaries: the source language.")
    var from: String = "en"

    @Option(help: "For OmegaT glossaries: the target language.")
    var to: String = "fa"

    @Option(name: .shortAndLong, help: "Write the native glossary here (default: standard output).")
    var output: String?

    func run() throws {
      guard let source = LanguageTag(from), let target = LanguageTag(to) else {
        throw ValidationError("--from and --to must be BCP 47 language tags.")
      }
      let url = URL(fileURLWithPath: file)
      let glossary: Glossary
      var problems: [GlossaryProblem]
      do {
        let chosen = format ?? GlossaryFormat(path: file)
        if chosen == .tsv || chosen == .csv {
          (glossary, problems) = try DelimitedGlossaryFormat.read(
            try TextFile.read(url, displayName: file), file: file,
            separator: chosen == .tsv ? "\t" : ",", sourceLanguage: source, targetLanguage: target)
        } else {
          (glossary, problems) = try GlossaryFile.read(url, format: chosen)
        }
      } catch let error as TextFile.ReadError {
        Diagnostics().error(error.description)
        throw ExitCode(Diagnostics.exitCode(for: error))
      } catch let error as GlossaryLoadError {
        Diagnostics().error(error.description)
        throw ExitCode(66)
      }
      problems += try GlossaryValidator().problems(in: glossary)
      for problem in problems { Diagnostics().error(problem.description) }
      if problems.contains(where: { $0.severity == .error }) { throw ExitCode(65) }
      try writeText(NativeGlossaryFormat.write(glossary), to: output)
      FileHandle.standardError.write(
        Data("tarjuman: imported \(glossary.concepts.count) concepts from \(file)\n".utf8))
    }
  }

  /// `glossary export`.
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Write the glossaries as TBX, TSV, CSV, JSON or the native format.",
      discussion: """
        TBX is written as TBX v3, TBX-Basic dialect, DCA style. TSV and CSV have one \
        column per language (the first term of a cell is the preferred one); statuses other \
        than preferred and admitted, term types and styles need TBX, JSON or the native format.

        Example:
          tarjuman glossary export --format tbx -o region.tbx
        """)

    @Option(help: "Output format: glossary, tbx, tsv, csv or json.")
    var format: GlossaryFormat = .tbx

    @Option(name: .shortAndLong, help: "Write here (default: standard output).")
    var output: String?

    @OptionGroup var glossaryOptions: GlossaryOptions

    func run() throws {
      let glossary = try glossaryOptions.load()
      try writeText(try GlossaryFile.write(glossary, format: format), to: output)
    }
  }

  /// `glossary list`.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List concepts with their rendering, in the language's alphabetical order.")

    @Option(help: "Only concepts of this kind: person, organization, place, term, other.")
    var kind: ConceptKind?

    @Option(name: .customLong("lang"), help: "The language to show and sort by.")
    var language: String = "en"

    @Option(help: "The house style whose renderings to show.")
    var style: String?

    @Option(help: "Output format: text, tsv or json.")
    var format: OutputFormat = .text

    @OptionGroup var glossaryOptions: GlossaryOptions

    func run() throws {
      guard let tag = LanguageTag(language) else {
        throw ValidationError("'\(language)' is not a BCP 47 language tag.")
      }
      let glossary = try glossaryOptions.load()
      let houseStyle = try GlossaryOptions.style(style, in: glossary)
      let collator = try Collator(locale: tag.rawValue)
      var rows: [(key: [UInt8], concept: Concept, text: String)] = []
      for concept in glossary.concepts where kind == nil || concept.kind == kind {
        guard let term = Glossary.rendering(of: concept, in: tag, style: houseStyle) else {
          continue
        }
        rows.append((collator.sortKey(term.text), concept, term.text))
      }
      rows.sort { $0.key.lexicographicallyPrecedes($1.key) }
      var output = StandardOutput()
      for row in rows {
        switch format {
        case .text: output.line("\(row.text)  (\(row.concept.id), \(row.concept.kind.rawValue))")
        case .tsv: output.line("\(row.concept.id)\t\(row.concept.kind.rawValue)\t\(row.text)")
        case .json:
          output.line(
            JSONLines.encode([
              "concept": row.concept.id, "kind": row.concept.kind.rawValue, "rendering": row.text,
            ]))
        }
      }
      output.flush()
    }
  }

  /// `glossary stats`.
  struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "stats",
      abstract: "Count concepts, terms, languages, statuses and types.")

    @Option(help: "Output format: text, tsv or json.")
    var format: OutputFormat = .text

    @OptionGroup var glossaryOptions: GlossaryOptions

    func run() throws {
      let glossary = try glossaryOptions.load()
      var counts: [(String, String, Int)] = [("all", "concepts", glossary.concepts.count)]
      let terms = glossary.concepts.flatMap(\.terms)
      counts.append(("all", "terms", terms.count))
      counts.append(("all", "styles", glossary.styles.count))
      for kind in ConceptKind.allCases {
        counts.append(("kind", kind.rawValue, glossary.concepts.count { $0.kind == kind }))
      }
      var languages: [String: Int] = [:]
      for term in terms { languages[term.language.rawValue, default: 0] += 1 }
      for (language, number) in languages.sorted(by: { $0.key < $1.key }) {
        counts.append(("language", language, number))
      }
      for status in TermStatus.allCases {
        counts.append(("status", status.rawValue, terms.count { $0.status == status }))
      }
      for type in TermType.allCases {
        counts.append(("type", type.rawValue, terms.count { $0.type == type }))
      }
      var output = StandardOutput()
      for (group, name, number) in counts {
        switch format {
        case .text:
          output.line(
            "\(group.padding(toLength: 9, withPad: " ", startingAt: 0)) \(name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(number)"
          )
        case .tsv: output.line("\(group)\t\(name)\t\(number)")
        case .json:
          output.line(JSONLines.encode(StatRecord(group: group, name: name, count: number)))
        }
      }
      output.flush()
    }
  }

  /// `glossary add`.
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Add a concept to a native glossary file.",
      discussion: """
        The concept is checked against every glossary read (no id or spelling used \
        twice) before it is appended; the file is replaced in one step, so it is never \
        left half-written.

        Example:
          tarjuman glossary add --to my.glossary --id abu-mohammad --kind person \\
            --term 'en:Abu Mohammad' --term 'fa:ابومحمد' --term 'ar:أبو محمد'
        """)

    @Option(help: "The native glossary file to add to (created when missing).")
    var to: String

    @Option(help: "The concept's id.")
    var id: String

    @Option(help: "person, organization, place, term or other.")
    var kind: ConceptKind

    @Option(
      name: .customLong("term"),
      help:
        "LANG:TEXT[|status][|type][|note: ...] (repeatable); the first term per language is preferred."
    )
    var terms: [String]

    @Option(help: "A note (repeatable).")
    var note: [String] = []

    @Option(help: "A source (repeatable).")
    var source: [String] = []

    @OptionGroup var glossaryOptions: GlossaryOptions

    func run() throws {
      var block = "concept: \(id)\nkind: \(kind.rawValue)\n"
      for line in note { block += "note: \(line)\n" }
      for line in source { block += "source: \(line)\n" }
      var seenLanguages = Set<String>()
      for term in terms {
        guard let colon = term.firstIndex(of: ":") else {
          throw ValidationError("--term '\(term)' should be LANG:TEXT")
        }
        let language = String(term[..<colon])
        var rest = String(term[term.index(after: colon)...])
        // The attributes after the text, as the native format reads them.
        let attributes = rest.split(separator: "|").dropFirst().map {
          $0.trimmingCharacters(in: .whitespaces)
        }
        let hasStatus = attributes.contains { TermStatus(rawValue: $0) != nil }
        if seenLanguages.insert(language.lowercased()).inserted && !hasStatus {
          rest += " | preferred"
        }
        block += "\(language): \(rest)\n"
      }
      let (parsed, blockProblems) = NativeGlossaryFormat.read(block, file: "--term")
      var glossary = try glossaryOptions.load(allowEmpty: true)
      let existingURL = URL(fileURLWithPath: to)
      let existingText =
        FileManager.default.fileExists(atPath: to) ? try TextFile.read(existingURL) : ""
      if !glossaryOptions.glossaries.contains(to) && !existingText.isEmpty {
        glossary.merge(NativeGlossaryFormat.read(existingText, file: to).0)
      }
      glossary.merge(parsed)
      let problems =
        blockProblems
        + (try GlossaryValidator().problems(in: glossary)).filter { problem in
          problem.severity == .error && (problem.location?.file == "--term")
        }
      if !problems.isEmpty {
        for problem in problems { Diagnostics().error(problem.description) }
        throw ExitCode(65)
      }
      var text = existingText
      if !text.isEmpty && !text.hasSuffix("\n\n") { text += text.hasSuffix("\n") ? "\n" : "\n\n" }
      text += block
      try writeText(text, to: to)
      FileHandle.standardError.write(Data("tarjuman: added \(id) to \(to)\n".utf8))
    }
  }

  /// `glossary places`.
  struct Places: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "places",
      abstract: "Generate place names (regions and cities) from ICU's CLDR data.",
      discussion: """
        Writes a native glossary of region names (ISO 3166 and UN M.49 areas) and the \
        cities time zones are named after, in English, Persian and Arabic, from the CLDR \
        data of the ICU Tarjuman runs on. A place with a name another glossary already \
        uses is left out (the other glossary wins), so no name becomes ambiguous. The \
        shipped Glossaries/places-cldr.glossary is this command's output:
          tarjuman glossary places -o Glossaries/places-cldr.glossary
        """)

    @Option(name: .shortAndLong, help: "Write here (default: standard output).")
    var output: String?

    @OptionGroup var glossaryOptions: GlossaryOptions

    func run() throws {
      let loader = GlossaryLoader()
      let files = try loader.files(
        extra: glossaryOptions.glossaries, includeShipped: !glossaryOptions.noShipped
      )
      .filter { $0.lastPathComponent != Self.fileName }
      let (existing, _) = try loader.load(files)
      let result = try CLDRPlaces.generate(existing: existing)
      let header = [
        "Place names from the CLDR data in ICU \(icuVersion): regions and time-zone cities in en, fa and ar.",
        "Generated by `tarjuman glossary places -o Glossaries/\(Self.fileName)`; edit the other glossaries, not this file.",
        "\(result.glossary.concepts.count) places; \(result.skipped.count) left out because another glossary names them or a name is too short to find safely.",
      ]
      try writeText(NativeGlossaryFormat.write(result.glossary, header: header), to: output)
    }

    static let fileName = "places-cldr.glossary"
  }
}

struct StatRecord: Encodable {
  var group: String
  var name: String
  var count: Int
}

extension GlossaryFormat: ExpressibleByArgument {}
extension ConceptKind: ExpressibleByArgument {}

/// Writes text to a file (replacing it in one step) or to standard output.
func writeText(_ text: String, to path: String?) throws {
  guard let path else {
    var output = StandardOutput()
    output.line(String(text.dropLast(text.hasSuffix("\n") ? 1 : 0)))
    output.flush()
    return
  }
  do {
    try OutputFile.write(Array(text.utf8), to: path)
  } catch {
    Diagnostics().error("\(path): cannot write: \(error)")
    throw ExitCode(73)
  }
}
