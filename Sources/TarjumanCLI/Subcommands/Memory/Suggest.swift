import ArgumentParser
import Foundation
import TarjumanGlossary
import TarjumanMemory
import TarjumanText

extension TarjumanCommand {
  /// `tarjuman suggest`: the renderings to use for the names in a text, with what the
  /// translation memory used before, and the closest translations.
  struct Suggest: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "suggest",
      abstract: "Suggest renderings for the names in a text, from the glossary and the memory.",
      discussion: """
        For each glossary name or term found in TEXT (any spelling or script), prints the \
        rendering to use in --to (the --style's, else the glossary's preferred term), the \
        renderings the translation memory has used for it with counts and last use, and a \
        warning where the memory used a deprecated or forbidden term, or several \
        renderings; then the memory's best fuzzy matches for the whole text. Without \
        TEXT, each line of standard input is a text. Works in both directions (en to fa, \
        fa or ar to en).

        Examples:
          tarjuman suggest --from en --to fa 'Jolani met Russian officers in Damascus'
          tarjuman suggest --from fa --to en --style wire < draft.txt
        """
    )

    @Argument(help: "The text (several words are one text; standard input when none).")
    var text: [String] = []

    @Option(help: "The language of the text (BCP 47).")
    var from: LanguageTag

    @Option(help: "The language to translate into (BCP 47).")
    var to: LanguageTag

    @Option(help: "The house style whose renderings to suggest.")
    var style: String?

    @Option(help: "How many fuzzy matches to show.")
    var top: Int = 3

    @Option(name: .customLong("min"), help: "The lowest fuzzy match to show, in percent.")
    var minimum: Int = 70

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var glossaryOptions: GlossaryOptions
    @OptionGroup var storeOptions: MemoryStoreOptions

    func validate() throws {
      if format == .tsv { throw ValidationError("--format must be text or json.") }
      if top < 0 { throw ValidationError("--top must be 0 or more.") }
      if !(0...100).contains(minimum) { throw ValidationError("--min must be 0 to 100.") }
    }

    func run() throws {
      TextNormalizer.warmUp(profile: .key)
      let glossary = try glossaryOptions.load()
      let houseStyle = try GlossaryOptions.style(style, in: glossary)
      let advisor = Advisor(
        glossary: glossary, finder: try MentionFinder(glossary: glossary), style: houseStyle,
        from: from, to: to, store: try storeOptions.open())
      // One searcher for every line: it keeps what it learns of the store between queries.
      let searcher = MemorySearcher(store: advisor.store)
      var output = StandardOutput()
      defer { output.flush() }
      var texts = [text.joined(separator: " ")]
      if text.isEmpty {
        texts = []
        var input = StandardInputLines()
        defer { input.close() }
        while let line = try input.next() { texts.append(line) }
      }
      for (position, line) in texts.enumerated() where !line.isEmpty {
        let names: [Advisor.NameAdvice]
        let matches: [MemoryMatch]
        do {
          names = try advisor.names(in: line)
          matches = try searcher.search(
            line, from: from, to: to, minimum: minimum, top: top)
        } catch {
          throw MemoryFailure(error)
        }
        switch format {
        case .text, .tsv:
          if position > 0 { output.line("") }
          output.line(line)
          for advice in names { advice.textLines().forEach { output.line("  " + $0) } }
          if names.isEmpty { output.line("  (no glossary name found)") }
          for match in matches {
            output.line(
              "  \(match.score.score)%  \(match.unit.source.text)  →  \(match.unit.target.text)")
          }
        case .json:
          output.line(
            JSONLines.encode(
              SuggestionRecord(
                text: line, names: names.map(\.record),
                matches: matches.map {
                  MatchRecord(
                    score: $0.score.score, source: $0.unit.source.text, target: $0.unit.target.text)
                })))
        }
      }
    }
  }
}

/// Works out, for one text, what to write for each name it holds.
final class Advisor {
  /// The advice for one concept found in the text.
  struct NameAdvice {
    /// A rendering the memory used, with how often and when last.
    struct Use {
      var text: String
      var count: Int
      var lastUsed: Date?
      var status: TermStatus?
    }

    var concept: Concept
    var found: String
    var rendering: Term?
    var uses: [Use]
    var warnings: [String]

    func textLines() -> [String] {
      var lines = ["\(found) → \(rendering?.text ?? "(no rendering)")  (\(concept.id))"]
      if !uses.isEmpty {
        lines.append(
          "  memory: "
            + uses.map { use in
              let last = use.lastUsed.map { ", last \(Self.day($0))" } ?? ""
              return "\(use.text) ×\(use.count)\(last)"
            }.joined(separator: "; "))
      }
      lines += warnings.map { "  warning: \($0)" }
      return lines
    }

    var record: NameRecord {
      NameRecord(
        concept: concept.id, found: found, rendering: rendering?.text,
        memory: uses.map {
          UseRecord(
            text: $0.text, count: $0.count, lastUsed: $0.lastUsed.map(Self.day),
            status: $0.status?.rawValue)
        }, warnings: warnings)
    }

    /// `2025-08-12` (a value-type format style: nothing to build per call).
    static func day(_ date: Date) -> String {
      date.formatted(.iso8601.year().month().day())
    }
  }

  let glossary: Glossary
  let finder: MentionFinder
  let style: HouseStyle?
  let from: LanguageTag
  let to: LanguageTag
  let store: MemoryStore
  /// A finder for each concept met so far, to read which of its terms a stored
  /// translation wrote (compiled once per concept, not once per line).
  private var conceptFinders: [Int: MentionFinder] = [:]

  init(
    glossary: Glossary, finder: MentionFinder, style: HouseStyle?, from: LanguageTag,
    to: LanguageTag, store: MemoryStore
  ) {
    self.glossary = glossary
    self.finder = finder
    self.style = style
    self.from = from
    self.to = to
    self.store = store
  }

  private func finder(for conceptIndex: Int) -> MentionFinder? {
    if let known = conceptFinders[conceptIndex] { return known }
    let made = try? MentionFinder(glossary: glossary, concepts: [conceptIndex])
    conceptFinders[conceptIndex] = made
    return made
  }

  func names(in text: String) throws(MemoryError) -> [NameAdvice] {
    var seen = Set<Int>()
    var advice: [NameAdvice] = []
    for mention in finder.mentions(in: text) where seen.insert(mention.conceptIndex).inserted {
      let concept = glossary.concepts[mention.conceptIndex]
      let rendering = Glossary.rendering(of: concept, in: to, style: style)
      var spellings = concept.terms(in: from).map(\.text)
      if !spellings.contains(mention.text) { spellings.append(mention.text) }
      let usages = try store.usages(
        of: spellings, sourceLanguage: from, targetLanguage: to, limit: 500)
      // Which of the concept's terms each stored translation wrote.
      let targetFinder = finder(for: mention.conceptIndex)
      var uses: [String: NameAdvice.Use] = [:]
      var without = 0
      for usage in usages {
        let written = targetFinder?.mentions(in: usage.target) ?? []
        guard let first = written.first else {
          without += usage.usageCount
          continue
        }
        let term = concept.terms[first.termIndex]
        let key = first.text
        var use =
          uses[key] ?? NameAdvice.Use(text: key, count: 0, lastUsed: nil, status: term.status)
        use.count += usage.usageCount
        if let last = usage.lastUsed, last > (use.lastUsed ?? .distantPast) { use.lastUsed = last }
        uses[key] = use
      }
      let ordered = uses.values.sorted {
        $0.count != $1.count ? $0.count > $1.count : $0.text < $1.text
      }
      var warnings: [String] = []
      for use in ordered where use.status == .deprecated || use.status == .forbidden {
        warnings.append("the memory used \(use.status?.rawValue ?? "") '\(use.text)' \(use.count)×")
      }
      if ordered.count > 1 {
        warnings.append(
          "the memory is inconsistent: \(ordered.map { "'\($0.text)'" }.joined(separator: ", "))")
      } else if let only = ordered.first, let rendering, only.text != rendering.text {
        warnings.append("the memory used '\(only.text)', the style writes '\(rendering.text)'")
      }
      if without > 0 {
        warnings.append(
          "\(without) stored translation(s) of this name use no glossary term: check them")
      }
      advice.append(
        NameAdvice(
          concept: concept, found: mention.text, rendering: rendering, uses: ordered,
          warnings: warnings))
    }
    return advice
  }
}

struct UseRecord: Encodable {
  var text: String
  var count: Int
  var lastUsed: String?
  var status: String?
}

struct NameRecord: Encodable {
  var concept: String
  var found: String
  var rendering: String?
  var memory: [UseRecord]
  var warnings: [String]
}

struct MatchRecord: Encodable {
  var score: Int
  var source: String
  var target: String
}

struct SuggestionRecord: Encodable {
  var text: String
  var names: [NameRecord]
  var matches: [MatchRecord]
}
