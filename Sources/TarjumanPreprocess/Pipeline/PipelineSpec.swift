import Foundation
import TarjumanGlossary
import TarjumanNames
import TarjumanText

/// One step as written on the command line or in a pipeline file.
public enum StepSpec: Sendable, Equatable {
  case normalize(NormalizationProfile, DigitStyle)
  case split
  case tokenize
  case canonicalize(style: String?, allForms: Bool)
  case romanize(RomanizationScheme)
  case filter(FilterOptions)
}

/// The steps to run, in order, and the deduplication that ends them.
///
/// A pipeline file has one step per line, `#` starts a comment, options are `key=value`
/// words or bare flags:
///
///     normalize profile=clean digits=keep
///     filter script url max-digits=0.5
///     split
///     canonicalize style=wire
///     tokenize
///     romanize scheme=news
///     filter min-chars=2 max-chars=2000 max-ratio=3 same
///     dedupe near
public struct PipelineSpec: Sendable, Equatable {
  /// The steps, in order.
  public var steps: [StepSpec] = []
  /// Deduplication after the last step, if any.
  public var dedupe: DedupeMode?

  /// Creates a pipeline.
  public init(steps: [StepSpec] = [], dedupe: DedupeMode? = nil) {
    self.steps = steps
    self.dedupe = dedupe
  }

  /// Parses a pipeline file's text; `path` names it in errors.
  public init(parsing text: String, path: String) throws(PreprocessError) {
    for (lineNumber, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let line =
        rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        .first.map(String.init)?.trimmingSpaces ?? ""
      if line.isEmpty { continue }
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      let fail = { (message: String) in
        PreprocessError.usage("\(path):\(lineNumber + 1): \(message)")
      }
      var options: [String: String] = [:]
      for word in words.dropFirst() {
        let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
        options[parts[0]] = parts.count > 1 ? parts[1] : ""
      }
      var used: Set<String> = []
      func take(_ key: String) -> String? {
        used.insert(key)
        return options[key]
      }
      func number<T: LosslessStringConvertible>(_ key: String) throws(PreprocessError) -> T? {
        guard let text = take(key) else { return nil }
        guard let value = T(text) else { throw fail("'\(key)=\(text)' is not a number") }
        return value
      }
      if dedupe != nil { throw fail("dedupe must be the last step") }
      switch words[0] {
      case "normalize":
        let profileName = take("profile") ?? "clean"
        let digitsName = take("digits") ?? "keep"
        guard let profile = NormalizationProfile(rawValue: profileName) else {
          throw fail("unknown profile '\(profileName)' (nfc, nfkc, clean, key)")
        }
        guard let digits = DigitStyle(rawValue: digitsName) else {
          throw fail("unknown digits '\(digitsName)' (keep, ascii, persian, arabic)")
        }
        steps.append(.normalize(profile, digits))
      case "split": steps.append(.split)
      case "tokenize": steps.append(.tokenize)
      case "canonicalize":
        steps.append(.canonicalize(style: take("style"), allForms: take("all-forms") != nil))
      case "romanize":
        let name = take("scheme") ?? "news"
        guard let scheme = RomanizationScheme(rawValue: name) else {
          throw fail("unknown scheme '\(name)' (news, strict, ascii)")
        }
        steps.append(.romanize(scheme))
      case "filter":
        var filter = FilterOptions()
        filter.minChars = try number("min-chars")
        filter.maxChars = try number("max-chars")
        filter.minTokens = try number("min-tokens")
        filter.maxTokens = try number("max-tokens")
        filter.maxRatio = try number("max-ratio")
        filter.maxDigits = try number("max-digits")
        filter.maxSymbols = try number("max-symbols")
        filter.script = take("script") != nil
        filter.dropSame = take("same") != nil
        filter.dropURL = take("url") != nil
        steps.append(.filter(filter))
      case "dedupe":
        let name = words.count > 1 ? words[1] : "exact"
        used.insert(name)
        guard let mode = DedupeMode(rawValue: name) else {
          throw fail("unknown dedupe '\(name)' (exact, near)")
        }
        dedupe = mode
      default:
        throw fail(
          "unknown step '\(words[0])' (normalize, split, tokenize, canonicalize, romanize, "
            + "filter, dedupe)")
      }
      if let unknown = options.keys.sorted().first(where: { !used.contains($0) }) {
        throw fail("unknown option '\(unknown)' for \(words[0])")
      }
    }
  }

  /// Builds the steps for the columns.
  ///
  /// - Parameters:
  ///   - glossary: called once if a step canonicalizes.
  ///   - cacheFolder: where the canonicalize step keeps the glossary's compiled patterns
  ///     (see ``CanonicalizeStep/init(glossary:style:allForms:columns:cacheFolder:)``).
  /// - Returns: the steps and the columns of their output (romanization adds columns).
  public func build(
    columns: [Column], cacheFolder: URL? = nil, glossary: () throws -> Glossary
  ) throws -> (steps: [any RecordStep], columns: [Column]) {
    var current = columns
    var built: [any RecordStep] = []
    var loaded: Glossary?
    for step in steps {
      switch step {
      case .normalize(let profile, let digits):
        built.append(try NormalizeStep(profile: profile, digits: digits, columns: current))
      case .split: built.append(SentenceSplitStep(columns: current))
      case .tokenize: built.append(TokenizeStep(columns: current))
      case .canonicalize(let styleName, let allForms):
        let glossary = try loaded ?? glossary()
        loaded = glossary
        var style: HouseStyle?
        if let styleName {
          guard let found = glossary.style(named: styleName) else {
            let known = glossary.styles.map(\.id).joined(separator: ", ")
            throw PreprocessError.usage(
              "no style '\(styleName)' (styles: \(known.isEmpty ? "none" : known))")
          }
          style = found
        }
        built.append(
          try CanonicalizeStep(
            glossary: glossary, style: style, allForms: allForms, columns: current,
            cacheFolder: cacheFolder))
      case .romanize(let scheme):
        built.append(try RomanizeStep(scheme: scheme, columns: current))
        for index in RomanizeStep.romanizedColumns(current) {
          current.append(Column(name: current[index].name + "-latn", language: .fixed(.en)))
        }
      case .filter(let options): built.append(FilterStep(options: options, columns: current))
      }
    }
    return (built, current)
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    var text = Substring(self)
    while let first = text.first, first == " " || first == "\t" || first == "\r" {
      text.removeFirst()
    }
    while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
    return String(text)
  }
}
