import Foundation
import TarjumanGlossary
import TarjumanNames
import TarjumanText

/// Rewrites variant spellings of glossary names into a house style's rendering, in each
/// column's language, and counts the names rewritten per concept.
public struct CanonicalizeStep: RecordStep {
  public var name: String { "canonicalize" }
  let columns: [Column]
  let finder: MentionFinder
  /// The finder, reached without a reference count: the workers share it, and each
  /// retain of an object two threads retain moves its cache line between their cores.
  private let unretainedFinder: Unmanaged<MentionFinder>
  /// Indexed by ``TextLanguage/index``.
  let canonicalizers: [Canonicalizer]
  /// The concept identifiers, by concept index.
  let conceptIDs: [String]

  /// Creates the step.
  ///
  /// - Parameter cacheFolder: where to keep the glossary's compiled patterns for the next
  ///   process (``MentionFinder/init(glossary:concepts:cacheFolder:)``); nil to compile
  ///   them every time.
  /// - Throws: ``PreprocessError/usage(_:)`` when the glossary cannot be indexed.
  public init(
    glossary: Glossary, style: HouseStyle?, allForms: Bool, columns: [Column],
    cacheFolder: URL? = nil
  ) throws(PreprocessError) {
    self.columns = columns
    do {
      finder = try MentionFinder(glossary: glossary, cacheFolder: cacheFolder)
    } catch {
      throw .usage("cannot index the glossary: \(error)")
    }
    let finder = self.finder
    unretainedFinder = Unmanaged.passUnretained(finder)
    canonicalizers = TextLanguage.allCases.map { language in
      let tag: LanguageTag =
        switch language {
        case .en: .english
        case .fa: .persian
        case .ar: .arabic
        }
      return Canonicalizer(
        finder: finder, style: style, language: tag, options: .init(allForms: allForms))
    }
    conceptIDs = finder.glossary.concepts.map(\.id)
  }

  /// `@exclusivity(unchecked)`: used by one thread, one access at a time, on every line.
  final class Workspace: UsesLanguageMemo {
    let finder: MentionFinder.Workspace
    @exclusivity(unchecked) var languages = LanguageMemo()
    @exclusivity(unchecked) var mentions: [Mention] = []
    @exclusivity(unchecked) var output: [UInt8] = []
    @exclusivity(unchecked) var replacements: [Canonicalizer.Replacement] = []
    init(_ finder: MentionFinder.Workspace) { self.finder = finder }
  }

  public func makeWorkspace() -> AnyObject? { Workspace(finder.makeWorkspace()) }

  public func apply(_ records: inout [Record], tally: inout Tally, workspace: AnyObject?) {
    guard let workspace = workspace as? Workspace else { return }
    for recordIndex in records.indices {
      for column in records[recordIndex].fields.indices where column < columns.count {
        // Most lines name nothing: they are scanned, and neither copied nor read for their
        // language.
        workspace.mentions.removeAll(keepingCapacity: true)
        let valid = records[recordIndex].fields[column].withUnsafeBufferPointer { field in
          unretainedFinder._withUnsafeGuaranteedRef {
            $0.scan(field, workspace: workspace.finder, into: &workspace.mentions)
          }
        }
        guard valid, !workspace.mentions.isEmpty else { continue }
        let field = records[recordIndex].fields[column]
        let language = workspace.languages.language(of: field, in: columns[column])
        workspace.output.removeAll(keepingCapacity: true)
        workspace.replacements.removeAll(keepingCapacity: true)
        field.withUnsafeBufferPointer {
          canonicalizers[language.index].rewrite(
            $0, mentions: workspace.mentions, into: &workspace.output,
            replacements: &workspace.replacements)
        }
        guard !workspace.replacements.isEmpty else { continue }
        swap(&records[recordIndex].fields[column], &workspace.output)
        for replacement in workspace.replacements {
          tally.canonicalized[conceptIDs[replacement.conceptIndex], default: 0] += 1
        }
      }
    }
  }
}

/// Adds a romanized column after the columns, for each Arabic-script (or `auto`) column.
public struct RomanizeStep: RecordStep {
  public var name: String { "romanize" }
  /// The columns romanized, and their romanizers.
  let romanized: [(column: Int, romanizer: Romanizer)]

  /// The columns the step romanizes: those not declared English.
  public static func romanizedColumns(_ columns: [Column]) -> [Int] {
    columns.indices.filter { columns[$0].language != .fixed(.en) }
  }

  /// Creates the step.
  ///
  /// - Throws: ``PreprocessError/usage(_:)`` when the romanization rules cannot be built.
  public init(scheme: RomanizationScheme, columns: [Column]) throws(PreprocessError) {
    var made: [(Int, Romanizer)] = []
    for column in Self.romanizedColumns(columns) {
      do {
        made.append((column, try Romanizer(scheme: scheme, language: columns[column].language)))
      } catch {
        throw .usage("cannot build the romanizer: \(error)")
      }
    }
    romanized = made
  }

  final class Workspace {
    let romanizers: [RomanizerWorkspace]
    var output: [UInt8] = []
    init(_ romanizers: [RomanizerWorkspace]) { self.romanizers = romanizers }
  }

  public func makeWorkspace() throws(PreprocessError) -> AnyObject? {
    do {
      return Workspace(
        try romanized.map { (entry) throws(RomanizerError) in
          try entry.romanizer.makeWorkspace()
        })
    } catch {
      throw .usage("cannot build the romanizer: \(error)")
    }
  }

  public func apply(_ records: inout [Record], tally: inout Tally, workspace: AnyObject?) {
    guard let workspace = workspace as? Workspace else { return }
    for recordIndex in records.indices {
      var added: [[UInt8]] = []
      for (position, entry) in romanized.enumerated() {
        workspace.output.removeAll(keepingCapacity: true)
        let field = records[recordIndex].fields[entry.column]
        _ = field.withUnsafeBufferPointer {
          entry.romanizer.romanizeLine(
            $0, into: &workspace.output, workspace: workspace.romanizers[position])
        }
        added.append(workspace.output)
      }
      records[recordIndex].fields.append(contentsOf: added)
    }
  }
}
