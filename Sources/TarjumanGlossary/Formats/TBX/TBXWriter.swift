import TarjumanXML

/// Writes a glossary as TBX v3, dialect TBX-Basic, DCA style, in UTF-8.
///
/// Each concept is a `conceptEntry` with its notes (`note`) and sources
/// (`admin type="source"`); each run of terms in one language a `langSec`; each term a
/// `termSec` with its `administrativeStatus` and `termType` (`termNote`) and its note,
/// one `note` per line. What TBX-Basic has no data category for travels in notes that
/// start with `tarjuman:` (see ``TBXConventions``), which ``TBXReader`` maps back:
///
/// | model | written as |
/// |---|---|
/// | concept kind other than `term` | `<note>tarjuman:kind=person</note>` |
/// | an id that is not an XML ID (`region/IR`, `1999-war`) or repeats | a derived `id` and `<note>tarjuman:id=region/IR</note>` |
/// | status `forbidden` | `deprecatedTerm-admn-sts` and `<note>tarjuman:status=forbidden</note>` |
/// | type `nom-de-guerre`, `birth-name` | `fullForm` and `<note>tarjuman:type=nom-de-guerre</note>` |
/// | a note starting with `tarjuman:` | `<note>tarjuman:note=tarjuman:...</note>` |
///
/// Reading the output gives back an equal glossary, except for house styles, which TBX
/// has no place for and which are not written, and line breaks inside a concept's note or
/// source or a term, which become spaces (a term's note keeps its lines). The output
/// passes the checks ``TBXReader`` applies for TBX-Basic and the rules of
/// `TBX-Basic_DCA.sch`.
public enum TBXWriter {
  /// Writes a glossary as TBX-Basic.
  ///
  /// - Parameter glossary: the glossary; its styles are left out.
  /// - Returns: the document, starting with an XML declaration.
  public static func write(_ glossary: Glossary) -> String {
    var output = """
      <?xml version="1.0" encoding="UTF-8"?>
      <tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="\(TBXSchema.namespace)">
        <tbxHeader>
          <fileDesc>
            <sourceDesc>
              <p>Written by Tarjuman. Notes that start with "tarjuman:" hold what TBX-Basic has no data category for: a concept's kind, an identifier that is not an XML ID, the term types nom-de-guerre and birth-name, the status forbidden.</p>
            </sourceDesc>
          </fileDesc>
        </tbxHeader>
        <text>
          <body>

      """
    var usedIDs = Set<String>()
    // Identifiers that are XML IDs as they are: a derived one must not take any of them.
    let reserved = Set(glossary.concepts.map(\.id).filter(isXMLID))
    for concept in glossary.concepts {
      var id = concept.id
      var idNote: String?
      if !isXMLID(id) || usedIDs.contains(id) {
        id = derivedID(concept.id, avoiding: reserved.union(usedIDs))
        idNote = concept.id
      }
      usedIDs.insert(id)
      output += "      <conceptEntry id=\"\(XMLEscaping.attribute(id))\">\n"
      if concept.kind != .term {
        output += note(TBXConventions.note("kind", concept.kind.rawValue), indent: 8)
      }
      if let idNote { output += note(TBXConventions.note("id", idNote), indent: 8) }
      for text in concept.notes { output += note(TBXConventions.escapedNote(text), indent: 8) }
      for source in concept.sources {
        output += "        <admin type=\"source\">\(XMLEscaping.text(source))</admin>\n"
      }
      // One langSec per run of terms in a language keeps the terms in their order.
      var index = concept.terms.startIndex
      while index < concept.terms.endIndex {
        let language = concept.terms[index].language
        output += "        <langSec xml:lang=\"\(XMLEscaping.attribute(language.rawValue))\">\n"
        while index < concept.terms.endIndex && concept.terms[index].language == language {
          output += termSection(concept.terms[index])
          index += 1
        }
        output += "        </langSec>\n"
      }
      output += "      </conceptEntry>\n"
    }
    output += """
          </body>
        </text>
      </tbx>

      """
    return output
  }

  private static func termSection(_ term: Term) -> String {
    let (status, statusNeedsNote) = TBXConventions.administrativeStatus(term.status)
    let (type, typeNeedsNote) = TBXConventions.termType(term.type)
    var output = "          <termSec>\n"
    output += "            <term>\(XMLEscaping.text(term.text))</term>\n"
    output += "            <termNote type=\"administrativeStatus\">\(status)</termNote>\n"
    output += "            <termNote type=\"termType\">\(type)</termNote>\n"
    if statusNeedsNote {
      output += note(TBXConventions.note("status", term.status.rawValue), indent: 12)
    }
    if typeNeedsNote {
      output += note(TBXConventions.note("type", term.type.rawValue), indent: 12)
    }
    if let text = term.note {
      for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        output += note(TBXConventions.escapedNote(String(line)), indent: 12)
      }
    }
    output += "          </termSec>\n"
    return output
  }

  private static func note(_ text: String, indent: Int) -> String {
    String(repeating: " ", count: indent) + "<note>\(XMLEscaping.text(text))</note>\n"
  }

  /// Whether an identifier can be an XML `id` (an NCName): a letter or `_` first, then
  /// letters, digits, `-`, `.`, `_`. Concept ids are ASCII, so ASCII rules suffice.
  static func isXMLID(_ id: String) -> Bool {
    guard let first = id.utf8.first, isLetter(first) || first == UInt8(ascii: "_") else {
      return false
    }
    return id.utf8.allSatisfy { byte in
      isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E
        || byte == 0x5F
    }
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
  }

  /// An XML ID made from a concept id (`region/IR` → `region_IR`, `1999-war` →
  /// `c-1999-war`), numbered when it would repeat one in use.
  static func derivedID(_ id: String, avoiding used: Set<String>) -> String {
    var base = String(id.map { $0 == "/" || !($0.isASCII) ? "_" : $0 })
    if !isXMLID(base) { base = "c-" + base }
    if !isXMLID(base) { base = "c" }
    var candidate = base
    var number = 2
    while used.contains(candidate) {
      candidate = "\(base)-\(number)"
      number += 1
    }
    return candidate
  }
}
