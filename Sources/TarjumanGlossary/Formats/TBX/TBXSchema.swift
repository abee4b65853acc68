/// The structure rules TBX files are checked against: which children each element may
/// have, in which order and how many (after TBX-Core's RELAX NG grammar,
/// `TBXcoreStructV03.rng`, and TBX v2's `TBXcoreStructV02.dtd`), and which data
/// categories each dialect allows, where, with which values (after the dialects'
/// Schematron rules, such as `TBX-Basic_DCA.sch`).
enum TBXSchema {
  /// The TBX version a file is written in.
  enum Version {
    /// TBX v2 (ISO 30042:2008): `martif`, `termEntry`, `langSet`, `tig`/`ntig`.
    case v2
    /// TBX v3 (ISO 30042:2019): `tbx`, `conceptEntry`, `langSec`, `termSec`.
    case v3
  }

  /// How data categories are written in a v3 file.
  enum Style: String {
    /// Data category as attribute: `<termNote type="termType">`.
    case dca
    /// Data category as tag: `<basic:termType>`, in a namespace of the dialect's modules.
    case dct
  }

  /// The symbol that stands for any data category element written as a tag (DCT style)
  /// in the content models.
  static let dataCategoryTag = "#dct"

  /// Where an element can be in an entry: the three levels TBX attaches information to.
  enum Level: String {
    case conceptEntry, langSec, termSec
  }

  // MARK: Content models

  /// What an element may contain.
  enum Content {
    /// Child elements only, in the order of the slots (text other than whitespace is an
    /// error).
    case elements([Slot])
    /// Text, with these inline elements inside it.
    case text(inline: Set<String>)
  }

  /// One position in an element's sequence of children.
  struct Slot {
    /// The children that can fill it.
    var names: Set<String>
    /// Whether it must be filled at least once.
    var required: Bool
    /// Whether it may be filled more than once.
    var repeats: Bool

    static func one(_ names: String...) -> Slot {
      Slot(names: Set(names), required: true, repeats: false)
    }
    static func optional(_ names: String...) -> Slot {
      Slot(names: Set(names), required: false, repeats: false)
    }
    static func oneOrMore(_ names: String...) -> Slot {
      Slot(names: Set(names), required: true, repeats: true)
    }
    static func zeroOrMore(_ names: Set<String>) -> Slot {
      Slot(names: names, required: false, repeats: true)
    }

    /// The children, as a reader would name them: `<body>, <back>`.
    var described: String {
      names.sorted().map { $0 == TBXSchema.dataCategoryTag ? "a data category tag" : "<\($0)>" }
        .joined(separator: " or ")
    }
  }

  /// Inline elements of TBX v3 text (`entity.noteText`), and of term text
  /// (`entity.basicText`).
  static let noteInline: Set<String> = ["hi", "foreign", "sc", "ec", "ph"]
  static let termInline: Set<String> = ["hi"]
  /// TBX v2's inline elements.
  static let v2Inline: Set<String> = ["hi", "foreign", "bpt", "ept", "ph"]

  /// The content models of a version and style. Elements not listed are not checked
  /// inside (their parent already reports them when they are out of place).
  static func contentModels(_ version: Version, style: Style) -> [String: Content] {
    switch version {
    case .v3: v3Models(style)
    case .v2: v2Models
    }
  }

  private static func v3Models(_ style: Style) -> [String: Content] {
    let tag = dataCategoryTag
    let dca = style == .dca
    // entity.auxInfo and entity.noteLinkInfo: the DCA or the DCT alternative.
    let auxInfo: Set<String> =
      dca
      ? ["descrip", "descripGrp", "admin", "adminGrp", "transacGrp", "note", "ref", "xref"]
      : ["note", "adminGrp", "descripGrp", "transacGrp", tag]
    let noteLinkInfo: Set<String> =
      dca
      ? ["admin", "adminGrp", "transacGrp", "note", "ref", "xref"]
      : ["adminGrp", "transacGrp", "note", tag]
    var models: [String: Content] = [
      "tbx": .elements([.one("tbxHeader"), .one("text")]),
      "tbxHeader": .elements([
        .one("fileDesc"), .optional("encodingDesc"), .optional("revisionDesc"),
      ]),
      "fileDesc": .elements([
        .optional("titleStmt"), .optional("publicationStmt"), .oneOrMore("sourceDesc"),
      ]),
      "titleStmt": .elements([.one("title"), .zeroOrMore(["note"])]),
      "publicationStmt": .elements([.oneOrMore("p")]),
      "sourceDesc": .elements([.oneOrMore("p")]),
      "encodingDesc": .elements([.oneOrMore("p")]),
      "revisionDesc": .elements([.oneOrMore("change")]),
      "change": .elements([.oneOrMore("p")]),
      "text": .elements([.one("body"), .optional("back")]),
      // The grammar asks for one conceptEntry or more; an empty body is only warned about,
      // so that an empty glossary can be exported and read back.
      "body": .elements([.zeroOrMore(["conceptEntry"])]),
      "back": .elements([.zeroOrMore(["refObjectSec"])]),
      "refObjectSec": .elements([.oneOrMore("refObject")]),
      "refObject": .elements([.oneOrMore("itemSet", "itemGrp", "item")]),
      "itemSet": .elements([.oneOrMore("item", "itemGrp")]),
      "itemGrp": .elements([.one("item"), .zeroOrMore(noteLinkInfo)]),
      "conceptEntry": .elements([.zeroOrMore(auxInfo), .oneOrMore("langSec")]),
      "langSec": .elements([.zeroOrMore(auxInfo), .oneOrMore("termSec")]),
      "termSec": .elements([
        .one("term"), .zeroOrMore(dca ? ["termNote", "termNoteGrp"] : [tag]), .zeroOrMore(auxInfo),
      ]),
      "descripGrp": .elements(
        dca
          ? [
            .one("descrip"),
            .zeroOrMore(["descripNote", "admin", "adminGrp", "transacGrp", "note", "ref", "xref"]),
          ]
          : [.one(tag), .zeroOrMore(["note", "adminGrp", "transacGrp", tag])]),
      "adminGrp": .elements(
        dca
          ? [.one("admin"), .zeroOrMore(["adminNote", "note", "ref", "xref"])]
          : [.one(tag), .zeroOrMore(["note", tag])]),
      "transacGrp": .elements(
        dca
          ? [.one("transac"), .zeroOrMore(["transacNote", "date", "note", "ref", "xref"])]
          : [.one(tag), .zeroOrMore(["date", "note", tag])]),
      "termNoteGrp": .elements([.one(dca ? "termNote" : tag), .zeroOrMore(noteLinkInfo)]),
      "term": .text(inline: termInline),
    ]
    for name in ["note", "admin", "descrip", "termNote", "p", "item", "foreign", tag] {
      models[name] = .text(inline: noteInline)
    }
    for name in [
      "title", "transac", "transacNote", "ref", "xref", "date", "adminNote", "descripNote", "hi",
      "sc", "ec", "ph",
    ] {
      models[name] = .text(inline: [])
    }
    return models
  }

  private static let v2Models: [String: Content] = {
    let auxInfo: Set<String> = [
      "descrip", "descripGrp", "admin", "adminGrp", "transacGrp", "note", "ref", "xref",
    ]
    var models: [String: Content] = [
      "martif": .elements([.one("martifHeader"), .one("text")]),
      "text": .elements([.one("body"), .optional("back")]),
      "body": .elements([.zeroOrMore(["termEntry"])]),
      "termEntry": .elements([.zeroOrMore(auxInfo), .oneOrMore("langSet")]),
      "langSet": .elements([.zeroOrMore(auxInfo), .oneOrMore("tig", "ntig")]),
      "tig": .elements([.one("term"), .zeroOrMore(["termNote"]), .zeroOrMore(auxInfo)]),
      "ntig": .elements([.one("termGrp"), .zeroOrMore(auxInfo)]),
      "termGrp": .elements([
        .one("term"), .zeroOrMore(["termNote", "termNoteGrp"]), .zeroOrMore(["termCompList"]),
      ]),
      "descripGrp": .elements([
        .one("descrip"),
        .zeroOrMore(["descripNote", "admin", "adminGrp", "transacGrp", "note", "ref", "xref"]),
      ]),
      "adminGrp": .elements([.one("admin"), .zeroOrMore(["adminNote", "note", "ref", "xref"])]),
      "transacGrp": .elements([
        .one("transac"), .zeroOrMore(["transacNote", "date", "note", "ref", "xref"]),
      ]),
      "termNoteGrp": .elements([
        .one("termNote"), .zeroOrMore(["admin", "adminGrp", "transacGrp", "note", "ref", "xref"]),
      ]),
      "term": .text(inline: v2Inline),
    ]
    for name in ["note", "admin", "descrip", "termNote"] {
      models[name] = .text(inline: v2Inline)
    }
    for name in ["transac", "transacNote", "ref", "xref", "date", "adminNote", "descripNote"] {
      models[name] = .text(inline: v2Inline)
    }
    return models
  }()

  /// The elements that carry a data category in their `type` attribute (DCA style).
  static let typedElements: Set<String> = [
    "admin", "adminNote", "descrip", "descripNote", "termNote", "transac", "transacNote", "ref",
    "xref",
  ]

  /// The attributes an element must have (besides those of the root, checked apart).
  static func requiredAttributes(_ element: String, _ version: Version) -> [String] {
    switch element {
    case "langSec", "langSet": ["xml:lang"]
    case "xref" where version == .v3: ["type", "target"]
    case _ where typedElements.contains(element): ["type"]
    case "refObjectSec": ["type"]
    default: []
    }
  }

  // MARK: Data categories and dialects

  /// A data category: its element (in DCA style), where it may be, and its picklist.
  struct DataCategory {
    /// The name (`administrativeStatus`), which is the `type` in DCA style and the local
    /// name in DCT style.
    var name: String
    /// The element that carries it in DCA style (`termNote`).
    var element: String
    /// The levels it may appear at (directly or in a group); nil for anywhere its element
    /// may be.
    var levels: Set<Level>?
    /// The values allowed, when the dialect has a picklist.
    var picklist: [String]?
  }

  /// TBX-Basic's four `administrativeStatus` values.
  static let administrativeStatuses = [
    "preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts",
    "supersededTerm-admn-sts",
  ]

  /// TBX-Min's data categories (the `min` module), plus `usageStatus`, TBX-Min's 2014 name
  /// for the status, which LTAC's own TBX-Min and TBX-Basic test files still use.
  static let minModule: [DataCategory] = [
    DataCategory(name: "customerSubset", element: "admin", levels: [.conceptEntry, .termSec]),
    DataCategory(name: "subjectField", element: "descrip", levels: [.conceptEntry]),
    DataCategory(
      name: "administrativeStatus", element: "termNote", levels: [.termSec],
      picklist: administrativeStatuses),
    DataCategory(
      name: "partOfSpeech", element: "termNote", levels: [.termSec],
      picklist: ["adjective", "noun", "other", "verb", "adverb"]),
    DataCategory(
      name: "externalCrossReference", element: "xref", levels: [.conceptEntry, .langSec, .termSec]),
    DataCategory(name: "usageStatus", element: "termNote", levels: [.termSec]),
  ]

  /// The `basic` module, which TBX-Basic adds to TBX-Min's (`TBX-Basic_DCA.sch`).
  static let basicModule: [DataCategory] = [
    DataCategory(name: "projectSubset", element: "admin", levels: [.conceptEntry, .termSec]),
    DataCategory(name: "source", element: "admin", levels: [.conceptEntry, .langSec, .termSec]),
    DataCategory(name: "context", element: "descrip", levels: [.termSec]),
    DataCategory(name: "definition", element: "descrip", levels: [.conceptEntry, .langSec]),
    DataCategory(name: "crossReference", element: "ref", levels: [.conceptEntry, .termSec]),
    DataCategory(
      name: "grammaticalGender", element: "termNote", levels: [.termSec],
      picklist: ["masculine", "feminine", "neuter", "other"]),
    DataCategory(
      name: "termLocation", element: "termNote", levels: [.termSec],
      picklist: [
        "checkBox", "comboBox", "comboBoxElement", "dialogBox", "groupBox", "informativeMessage",
        "interactiveMessage", "menuItem", "progressBar", "pushButton", "radioButton", "slider",
        "spinBox", "tab", "tableText", "textBox", "toolTip", "user-definedType",
      ]),
    DataCategory(
      name: "termType", element: "termNote", levels: [.termSec],
      picklist: ["fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"]),
    DataCategory(name: "geographicalUsage", element: "termNote", levels: [.termSec]),
    // The Schematron also has a picklist for transactionType (origination,
    // modification); it is not applied, because LTAC's own basic_good.tbx writes
    // "creation" and transactions are not read.
    DataCategory(
      name: "transactionType", element: "transac", levels: [.conceptEntry, .langSec, .termSec]),
    DataCategory(
      name: "responsibility", element: "transacNote", levels: [.conceptEntry, .langSec, .termSec]),
    DataCategory(name: "xGraphic", element: "xref", levels: [.conceptEntry, .langSec]),
  ]

  /// A TBX dialect: the data categories it allows, or every one (TBX-Core).
  struct Dialect {
    /// The name, as in the root's `type` (`TBX-Basic`).
    var name: String
    /// The data categories by name; nil when the dialect allows any.
    var categories: [String: DataCategory]?

    /// TBX-Core: the structure only.
    static let core = Dialect(name: "TBX-Core", categories: nil)
    /// TBX-Min.
    static let min = Dialect(
      name: "TBX-Min",
      categories: Dictionary(uniqueKeysWithValues: minModule.map { ($0.name, $0) }))
    /// TBX-Basic.
    static let basic = Dialect(
      name: "TBX-Basic",
      categories: Dictionary(uniqueKeysWithValues: (minModule + basicModule).map { ($0.name, $0) }))

    /// The dialect a root `type` names, if it is one of these.
    static func named(_ type: String) -> Dialect? {
      [core, min, basic].first { $0.name.lowercased() == type.lowercased() }
    }

    /// The data categories of an element, for messages: `source, customerSubset`.
    func allowed(on element: String) -> String {
      (categories ?? [:]).values.filter { $0.element == element }.map(\.name).sorted()
        .joined(separator: ", ")
    }
  }

  /// The DCA element of each data category any dialect here knows, for reading DCT tags
  /// in TBX-Core files and checking that a `type` sits on the right element.
  static let elementOfCategory: [String: String] = {
    var elements: [String: String] = ["normativeAuthorization": "termNote"]
    for category in minModule + basicModule { elements[category.name] = category.element }
    return elements
  }()

  /// The namespace of TBX v3 elements.
  static let namespace = "urn:iso:std:iso:30042:ed-2"
}
