import TarjumanText

/// Rewrites variant spellings of glossary names into a house style's preferred rendering,
/// line by line, leaving everything else byte for byte as it was.
///
/// A mention found by ``MentionFinder`` is rewritten when
/// - its term is a `variant`, or `deprecated` or `forbidden`, or the text is a spelling
///   the glossary does not list (a loose match), or the term belongs to another language
///   written in the same script (Arabic `الجولاني` in a Persian text): it becomes the
///   style's rendering of the concept in the target language;
/// - it is the right term written differently (Arabic yeh in Persian, harakat, a ZWNJ
///   missing): it becomes the term as the glossary writes it;
/// - with ``Options/allForms``, any term other than the style's rendering.
///
/// Letters attached in front (`و`, `ب`) and suffixes (`‌ها`) are kept around the new name.
/// A span that names two concepts is ambiguous and left as written.
/// Latin text is only rewritten for Latin-script target languages, Arabic-script text
/// only for Arabic-script ones.
public struct Canonicalizer: Sendable {
  /// What changed, for the report.
  public struct Replacement: Sendable, Hashable {
    /// The concept's position in the glossary.
    public var conceptIndex: Int
    /// The column of the text replaced (1-based, Unicode scalars).
    public var column: Int
    /// The text replaced.
    public var original: String
    /// The text written instead.
    public var replacement: String
  }

  /// Choices beyond the style and language.
  public struct Options: Sendable {
    /// Rewrite every form (short forms, noms de guerre, abbreviations) into the rendering,
    /// not only variants and wrong spellings.
    public var allForms = false

    /// Creates options.
    public init(allForms: Bool = false) { self.allForms = allForms }
  }

  /// The finder that locates names.
  public let finder: MentionFinder
  /// The style whose renderings are written (nil: the glossary's preferred terms).
  public let style: HouseStyle?
  /// The language of the text.
  public let language: LanguageTag
  /// Choices beyond the style and language.
  public let options: Options

  /// Creates a canonicalizer.
  public init(
    finder: MentionFinder, style: HouseStyle?, language: LanguageTag, options: Options = Options()
  ) {
    self.finder = finder
    self.style = style
    self.language = language
    self.options = options
  }

  /// Rewrites one line of text; returns the new line and what was replaced.
  public func canonicalize(_ line: String) -> (String, [Replacement]) {
    var line = line
    var output: [UInt8] = []
    var replacements: [Replacement] = []
    let workspace = finder.makeWorkspace()
    line.withUTF8 { bytes in
      // A Swift string is always valid UTF-8: the rewrite cannot refuse it.
      _ = rewrite(bytes, into: &output, replacements: &replacements, workspace: workspace)
    }
    return (String(decoding: output, as: UTF8.self), replacements)
  }

  /// - Returns: false, writing nothing, when the line is not valid UTF-8.
  @discardableResult
  private func rewrite(
    _ line: UnsafeBufferPointer<UInt8>, into output: inout [UInt8],
    replacements: inout [Replacement], workspace: MentionFinder.Workspace
  ) -> Bool {
    var mentions: [Mention] = []
    guard finder.scan(line, workspace: workspace, into: &mentions) else { return false }
    rewrite(line, mentions: mentions, into: &output, replacements: &replacements)
    return true
  }

  /// Appends a line to `output` with the mentions ``MentionFinder/scan(_:workspace:into:)``
  /// found in it rewritten, and what was replaced to `replacements`.
  ///
  /// A caller that scans first can leave a line without mentions as it is, and choose the
  /// canonicalizer (the language) only for lines with some.
  public func rewrite(
    _ line: UnsafeBufferPointer<UInt8>, mentions: [Mention], into output: inout [UInt8],
    replacements: inout [Replacement]
  ) {
    var copied = 0
    // A span that names two concepts (`Golani`: a brigade, and a spelling of al-Jolani)
    // is ambiguous: it is left as written.
    var conceptsAtSpan: [Range<Int>: Int] = [:]
    for mention in mentions { conceptsAtSpan[mention.byteRange, default: 0] += 1 }
    for mention in mentions
    where mention.nameRange.lowerBound >= copied && conceptsAtSpan[mention.byteRange] == 1 {
      let original = String(decoding: line[mention.nameRange], as: UTF8.self)
      guard var replacement = replacement(for: mention, writtenAs: original) else { continue }
      // ل before the article: Arabic writes لل, not لال.
      if mention.nameRange.lowerBound >= 2,
        line[mention.nameRange.lowerBound - 2] == 0xD9,
        line[mention.nameRange.lowerBound - 1] == 0x84,
        mention.nameRange.lowerBound > mention.byteRange.lowerBound,
        replacement.hasPrefix("ال")
      {
        replacement.removeFirst()
      }
      output.append(contentsOf: line[copied..<mention.nameRange.lowerBound])
      output.append(contentsOf: replacement.utf8)
      copied = mention.nameRange.upperBound
      let column = line[..<mention.nameRange.lowerBound].reduce(1) {
        $0 + ($1 & 0xC0 == 0x80 ? 0 : 1)
      }
      replacements.append(
        Replacement(
          conceptIndex: mention.conceptIndex, column: column, original: original,
          replacement: replacement))
    }
    output.append(contentsOf: line[copied...])
  }

  /// The text to write for a mention, or nil to leave it.
  func replacement(for mention: Mention, writtenAs written: String) -> String? {
    let concept = finder.glossary.concepts[mention.conceptIndex]
    let term = concept.terms[mention.termIndex]
    guard Self.script(of: term.language) == Self.script(of: language),
      let rendering = Glossary.rendering(of: concept, in: language, style: style)
    else { return nil }
    // A wrong term (a variant, a deprecated or forbidden one, another language's) gives
    // way to the rendering; a right term written another way is written as the glossary
    // writes it.
    let wrongTerm =
      term.type == .variant || term.status >= .deprecated || !term.language.matches(language)
    let target: String
    if wrongTerm || (options.allForms && term != rendering) {
      target = rendering.text
    } else if mention.match != .exact {
      target = term.text
    } else {
      return nil
    }
    return written == target ? nil : target
  }

  private enum Script { case latin, arabic, other }

  private static func script(of language: LanguageTag) -> Script {
    switch language.language {
    case "fa", "ar", "ur", "ps", "ku", "ckb", "sd", "ug": .arabic
    case "en", "fr", "de", "es", "it", "tr", "nl", "pt", "az", "id", "ms": .latin
    default: .other
    }
  }
}

extension Canonicalizer: LineVisitor {
  public func makeWorkspace() -> MentionFinder.Workspace { finder.makeWorkspace() }

  public func visit(
    _ line: UnsafeBufferPointer<UInt8>, index: Int, into output: inout [UInt8],
    findings: inout [LineFinding<Replacement>], workspace: MentionFinder.Workspace
  ) -> Bool {
    var replacements: [Replacement] = []
    guard rewrite(line, into: &output, replacements: &replacements, workspace: workspace) else {
      return false
    }
    for replacement in replacements { findings.append(LineFinding(index: index, replacement)) }
    return true
  }
}
