/// How an organization regards a term: the four statuses of TBX's
/// `administrativeStatus`, which other tools' values map onto (see ``TermStatus/init(vendorValue:)``).
public enum TermStatus: String, CaseIterable, Sendable, Codable, Comparable {
  /// The rendering to use. At most one per concept and language (a house style may pick
  /// another).
  case preferred
  /// An acceptable rendering.
  case admitted
  /// A rendering to avoid: seen in the wild, not to be written.
  case deprecated
  /// A rendering that must not be written (wrong or offensive).
  case forbidden

  /// Better statuses sort first: preferred < admitted < deprecated < forbidden.
  public static func < (lhs: TermStatus, rhs: TermStatus) -> Bool {
    rank(lhs) < rank(rhs)
  }

  private static func rank(_ status: TermStatus) -> Int {
    switch status {
    case .preferred: 0
    case .admitted: 1
    case .deprecated: 2
    case .forbidden: 3
    }
  }

  /// Maps the status values of TBX dialects and other tools onto the model: TBX's
  /// `preferredTerm-admn-sts`, `admittedTerm-admn-sts`, `deprecatedTerm-admn-sts`,
  /// `supersededTerm-admn-sts`, `normativeAuthorization` values (`preferredTerm`,
  /// `admittedTerm`, `deprecatedTerm`, `supersededTerm`, `legalTerm`, `regulatedTerm`,
  /// `standardizedTerm`), and vendor words (`approved`, `notRecommended`, `obsolete`,
  /// `rejected`, ...). Case, spaces and hyphens do not matter.
  public init?(vendorValue: String) {
    let word = String(vendorValue.lowercased().filter { $0.isLetter })
    let stripped =
      word.hasSuffix("admnsts") ? String(word.dropLast("admnsts".count)) : word
    switch stripped {
    case "preferred", "preferredterm", "approved", "standardized", "standardizedterm", "legalterm",
      "regulatedterm", "recommended", "mandatory", "validated":
      self = .preferred
    case "admitted", "admittedterm", "permitted", "allowed", "acceptable", "accepted",
      "proposed", "provisionallyprocessed", "new":
      self = .admitted
    case "deprecated", "deprecatedterm", "notrecommended", "obsolete", "supersededterm",
      "superseded", "outdated", "avoid", "nonstandardized", "archaic":
      self = .deprecated
    case "forbidden", "forbiddenterm", "rejected", "prohibited", "donotuse", "notallowed",
      "banned":
      self = .forbidden
    default:
      return nil
    }
  }
}

/// What kind of name a term is.
public enum TermType: String, CaseIterable, Sendable, Codable {
  /// The full form (`Hay'at Tahrir al-Sham`).
  case fullForm = "full-form"
  /// A shortened form (`Jolani`, `Tahrir al-Sham`).
  case shortForm = "short-form"
  /// An abbreviation or acronym (`HTS`, `IRGC`).
  case abbreviation
  /// A name taken for war or underground work (`Abu Mohammad al-Jolani`).
  case nomDeGuerre = "nom-de-guerre"
  /// The name a person was born with (`Ahmed al-Sharaa`).
  case birthName = "birth-name"
  /// A transliteration or spelling variant (`al-Julani`, `Golani`).
  case variant
}

/// Where something was read from, for diagnostics.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
  /// The file, as the user named it.
  public var file: String
  /// The line, counting from 1.
  public var line: Int
  /// The column, counting characters from 1, when the format knows it (XML).
  public var column: Int?

  /// Creates a location.
  public init(file: String, line: Int, column: Int? = nil) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line` or `file:line:column`.
  public var description: String {
    column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
  }
}

/// One way of writing a concept in one language.
public struct Term: Sendable, Equatable {
  /// The term as written.
  public var text: String
  /// Its language.
  public var language: LanguageTag
  /// Preferred, admitted, deprecated or forbidden.
  public var status: TermStatus
  /// Full form, short form, abbreviation, nom de guerre, birth name or variant.
  public var type: TermType
  /// When to use it, where it was seen.
  public var note: String?
  /// Where the term was read from; not part of equality.
  public var location: SourceLocation?

  /// Creates a term.
  public init(
    _ text: String, language: LanguageTag, status: TermStatus = .admitted,
    type: TermType = .fullForm, note: String? = nil, location: SourceLocation? = nil
  ) {
    self.text = text
    self.language = language
    self.status = status
    self.type = type
    self.note = note
    self.location = location
  }

  public static func == (lhs: Term, rhs: Term) -> Bool {
    lhs.text == rhs.text && lhs.language == rhs.language && lhs.status == rhs.status
      && lhs.type == rhs.type && lhs.note == rhs.note
  }
}
