import ArgumentParser
import Foundation
import TarjumanGlossary
import TarjumanNames
import TarjumanText

extension TarjumanCommand {
  /// `tarjuman lookup`: how a name is written in each language.
  struct Lookup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "lookup",
      abstract: "Say how a name or term is written in each language.",
      discussion: """
        The query may be any spelling in any script, with typos (Damacus), a part of the \
        name (Jolani for Abu Mohammad al-Jolani) or an abbreviation (HTS). Several words \
        are one query: tarjuman lookup Hayat Tahrir al-Sham.

        Each concept found shows its rendering per language (the house style's with \
        --style, else the glossary's preferred term), the other admitted terms, and the \
        deprecated and forbidden ones to avoid, with the score and why it matched.

        Exit status: 0 when something matched; 1 when nothing did (close concepts are \
        suggested on standard error); 65 when a glossary has errors; 66 when one is missing.

        Examples:
          tarjuman lookup Julani
          tarjuman lookup جولانی --lang en
          tarjuman lookup HTS --style wire --format json
        """
    )

    @Argument(help: "The name or term to look up (several words are one query).")
    var query: [String]

    @Option(
      name: .customLong("lang"),
      help: "Show renderings in this language (repeatable; default: all).")
    var languages: [String] = []

    @Option(help: "The house style whose renderings to show.")
    var style: String?

    @Option(help: "How many concepts to show at most.")
    var top: Int = 5

    @Option(name: .customLong("min"), help: "Leave out concepts scoring below this (0 to 1).")
    var minimumScore: Double = 0.75

    @Option(help: "Output format: text, tsv or json.")
    var format: OutputFormat = .text

    @OptionGroup var glossaryOptions: GlossaryOptions

    func validate() throws {
      if top < 1 { throw ValidationError("--top must be at least 1.") }
      if !(0...1).contains(minimumScore) { throw ValidationError("--min must be between 0 and 1.") }
      for language in languages where LanguageTag(language) == nil {
        throw ValidationError("'\(language)' is not a BCP 47 language tag.")
      }
    }

    func run() throws {
      // The key normalizer and the lexicon of name words are built while the glossaries
      // are read.
      TextNormalizer.warmUp(profile: .key)
      NameLexicon.warmUp(cacheFolder: GlossaryIndex.defaultCacheFolder)
      let glossary = try glossaryOptions.load()
      let houseStyle = try GlossaryOptions.style(style, in: glossary)
      let index = try GlossaryIndex(glossary, cacheFolder: GlossaryIndex.defaultCacheFolder)
      let text = query.joined(separator: " ")
      let hits = index.lookup(text, limit: top, minimumScore: minimumScore)
      let shown = languages.compactMap { LanguageTag($0) }
      var output = StandardOutput()
      defer { output.flush() }
      guard !hits.isEmpty else {
        let suggestions = index.suggestions(for: text)
        var message = "no glossary entry matches '\(text)'"
        if !suggestions.isEmpty {
          let names = suggestions.map { hit in
            "\(Glossary.rendering(of: hit.concept, in: hit.term.language, style: houseStyle)?.text ?? hit.term.text) (\(hit.concept.id))"
          }
          message += "; did you mean: " + names.joined(separator: ", ") + "?"
        }
        Diagnostics().error(message)
        throw ExitCode.failure
      }
      for (rank, hit) in hits.enumerated() {
        let card = ConceptCard(concept: hit.concept, style: houseStyle, languages: shown)
        switch format {
        case .text:
          output.line(
            "\(hit.concept.id) (\(hit.concept.kind.rawValue))  \(MatchPrinter.score(hit.score))  \(hit.reason)"
          )
          for line in card.textLines() { output.line("  " + line) }
          if rank < hits.count - 1 { output.line("") }
        case .tsv:
          for rendering in card.renderings {
            output.line(
              [
                text, String(rank + 1), hit.concept.id, MatchPrinter.score(hit.score),
                rendering.language.rawValue, rendering.preferred?.text ?? "",
              ].joined(separator: "\t"))
          }
        case .json:
          output.line(
            JSONLines.encode(
              LookupRecord(
                query: text, rank: rank + 1, concept: hit.concept.id,
                kind: hit.concept.kind.rawValue,
                score: (hit.score * 1000).rounded() / 1000, why: hit.reason,
                matched: TermRecord(hit.term), renderings: card.jsonRenderings())))
        }
      }
    }
  }
}

/// A concept's renderings per language, as `lookup` and `glossary list` show them.
struct ConceptCard {
  struct Rendering {
    var language: LanguageTag
    var preferred: Term?
    var admitted: [Term]
    var avoided: [Term]
  }

  var renderings: [Rendering] = []

  init(concept: Concept, style: HouseStyle?, languages: [LanguageTag]) {
    let chosen = languages.isEmpty ? concept.languages : languages
    for language in chosen {
      let terms = concept.terms(in: language)
      guard !terms.isEmpty else { continue }
      let preferred = Glossary.rendering(of: concept, in: language, style: style)
      renderings.append(
        Rendering(
          language: language, preferred: preferred,
          admitted: terms.filter { $0 != preferred && $0.status <= .admitted },
          avoided: terms.filter { $0.status >= .deprecated }))
    }
  }

  func textLines() -> [String] {
    var lines: [String] = []
    for rendering in renderings {
      let tag = rendering.language.rawValue.padding(toLength: 4, withPad: " ", startingAt: 0)
      lines.append("\(tag)\(rendering.preferred?.text ?? "-")")
      if !rendering.admitted.isEmpty {
        lines.append("    also  " + rendering.admitted.map(Self.describe).joined(separator: ", "))
      }
      if !rendering.avoided.isEmpty {
        lines.append("    avoid " + rendering.avoided.map(Self.describe).joined(separator: ", "))
      }
    }
    return lines
  }

  static func describe(_ term: Term) -> String {
    var notes: [String] = []
    if term.type != .fullForm {
      notes.append(term.type.rawValue.replacingOccurrences(of: "-", with: " "))
    }
    if term.status >= .deprecated { notes.append(term.status.rawValue) }
    if let note = term.note { notes.append(note) }
    return notes.isEmpty ? term.text : "\(term.text) (\(notes.joined(separator: "; ")))"
  }

  func jsonRenderings() -> [String: RenderingRecord] {
    var result: [String: RenderingRecord] = [:]
    for rendering in renderings {
      result[rendering.language.rawValue] = RenderingRecord(
        preferred: rendering.preferred?.text,
        admitted: rendering.admitted.map(TermRecord.init),
        deprecated: rendering.avoided.filter { $0.status == .deprecated }.map(TermRecord.init),
        forbidden: rendering.avoided.filter { $0.status == .forbidden }.map(TermRecord.init))
    }
    return result
  }
}

/// A term in JSON output.
struct TermRecord: Encodable {
  var language: String
  var text: String
  var status: String
  var type: String
  var note: String?

  init(_ term: Term) {
    language = term.language.rawValue
    text = term.text
    status = term.status.rawValue
    type = term.type.rawValue
    note = term.note
  }
}

struct RenderingRecord: Encodable {
  var preferred: String?
  var admitted: [TermRecord]
  var deprecated: [TermRecord]
  var forbidden: [TermRecord]
}

struct LookupRecord: Encodable {
  var query: String
  var rank: Int
  var concept: String
  var kind: String
  var score: Double
  var why: String
  var matched: TermRecord
  var renderings: [String: RenderingRecord]
}

/// One JSON object per line, keys sorted, slashes and non-ASCII left as they are.
enum JSONLines {
  private static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }()

  static func encode<Value: Encodable>(_ value: Value) -> String {
    (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }
}
