import Foundation
import TarjumanGlossary

/// One side of a unit: the text as plain characters, and the same text with its TMX
/// inline codes (`bpt ept it ph hi ut sub`) when it has any.
public struct Segment: Hashable, Sendable {
  /// The text without inline codes: what keys, search and concordance read.
  public var text: String
  /// The content of the TMX `<seg>` as XML (inline elements kept, text escaped), or nil
  /// when the segment has no inline codes. Exported verbatim.
  public var markup: String?

  /// Creates a segment from plain text and, optionally, its TMX inline markup.
  public init(text: String, markup: String? = nil) {
    self.text = text
    self.markup = markup
  }

  /// The number of inline codes in the markup (each start tag counts once).
  public var inlineCodeCount: Int {
    guard let markup else { return 0 }
    var count = 0
    var previous: Character = " "
    for character in markup {
      if previous == "<" && character != "/" { count += 1 }
      previous = character
    }
    return count
  }
}

/// Where a unit came from.
public struct UnitOrigin: Hashable, Sendable {
  /// The file it was imported from (as given on the command line), if any.
  public var file: String?
  /// The tool that created it (TMX `creationtool` and `creationtoolversion`), if known.
  public var tool: String?

  /// Creates an origin.
  public init(file: String? = nil, tool: String? = nil) {
    self.file = file
    self.tool = tool
  }
}

/// A TMX `<prop type="...">` value, kept as it was.
public struct UnitProperty: Hashable, Sendable, Codable {
  /// The `type` attribute (`x-client`, `x-domain`, ...).
  public var type: String
  /// The text.
  public var value: String
  /// The language of the variant it was attached to, when it was on a `<tuv>`.
  public var language: String?

  /// Creates a property.
  public init(type: String, value: String, language: String? = nil) {
    self.type = type
    self.value = value
    self.language = language
  }
}

/// A TMX `<note>`, kept as it was.
public struct UnitNote: Hashable, Sendable, Codable {
  /// The text.
  public var text: String
  /// The language of the variant it was attached to, when it was on a `<tuv>`.
  public var language: String?

  /// Creates a note.
  public init(text: String, language: String? = nil) {
    self.text = text
    self.language = language
  }
}

/// A translation unit: a source segment and its translation, with where and when they
/// were made.
///
/// Two units with the same languages and the same source and target (inline codes
/// included) are the same unit: the store merges them and adds their usage counts.
public struct TranslationUnit: Hashable, Sendable {
  /// The row id in the store, nil before the unit is stored.
  public var id: Int64?
  /// The language of the source.
  public var sourceLanguage: LanguageTag
  /// The language of the target.
  public var targetLanguage: LanguageTag
  /// The source segment.
  public var source: Segment
  /// The target segment.
  public var target: Segment
  /// Where the unit came from.
  public var origin: UnitOrigin
  /// When the unit was created, and by whom (TMX `creationdate`, `creationid`).
  public var created: Date?
  public var createdBy: String?
  /// When the unit was last changed, and by whom (TMX `changedate`, `changeid`).
  public var changed: Date?
  public var changedBy: String?
  /// When the unit was last used (TMX `lastusagedate`).
  public var lastUsed: Date?
  /// How many times the unit was used or imported (TMX `usagecount`, at least 1).
  public var usageCount: Int
  /// Free-form context (TMX `x-context` property, or the bitext file's context column).
  public var context: String?
  /// TMX properties other than the context.
  public var properties: [UnitProperty]
  /// TMX notes.
  public var notes: [UnitNote]

  /// Creates a unit; dates default to nil and the usage count to 1.
  public init(
    id: Int64? = nil, sourceLanguage: LanguageTag, targetLanguage: LanguageTag, source: Segment,
    target: Segment, origin: UnitOrigin = UnitOrigin(), created: Date? = nil,
    createdBy: String? = nil, changed: Date? = nil, changedBy: String? = nil,
    lastUsed: Date? = nil, usageCount: Int = 1, context: String? = nil,
    properties: [UnitProperty] = [], notes: [UnitNote] = []
  ) {
    self.id = id
    self.sourceLanguage = sourceLanguage
    self.targetLanguage = targetLanguage
    self.source = source
    self.target = target
    self.origin = origin
    self.created = created
    self.createdBy = createdBy
    self.changed = changed
    self.changedBy = changedBy
    self.lastUsed = lastUsed
    self.usageCount = usageCount
    self.context = context
    self.properties = properties
    self.notes = notes
  }
}
