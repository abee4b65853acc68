import Foundation
import Testing

@testable import TarjumanXML

/// Every event of a document, read in chunks of `chunkSize` bytes (the whole document
/// at once by default).
func events(_ bytes: [UInt8], chunkSize: Int? = nil) throws(XMLError) -> [XMLEvent] {
  var parser = XMLPullParser(bytes: bytes, name: "test.xml", chunkSize: chunkSize ?? bytes.count)
  var result: [XMLEvent] = []
  while let event = try parser.next() { result.append(event) }
  return result
}

func events(_ document: String, chunkSize: Int? = nil) throws(XMLError) -> [XMLEvent] {
  try events(Array(document.utf8), chunkSize: chunkSize)
}

/// The error reading a document gives, or nil when it reads without one.
func failure(_ bytes: [UInt8], chunkSize: Int? = nil) -> XMLError? {
  do {
    _ = try events(bytes, chunkSize: chunkSize)
    return nil
  } catch {
    return error
  }
}

func failure(_ document: String, chunkSize: Int? = nil) -> XMLError? {
  failure(Array(document.utf8), chunkSize: chunkSize)
}

/// Shorthands for expected events.
func start(_ name: String, _ attributes: [(String, String)] = [], empty: Bool = false)
  -> XMLEvent
{
  .startElement(
    name: name, attributes: attributes.map { XMLAttribute(name: $0.0, value: $0.1) },
    isEmpty: empty)
}

func end(_ name: String) -> XMLEvent { .endElement(name: name) }

func text(_ string: String) -> XMLEvent { .text(string) }

@Suite("XML pull parser: events")
struct XMLPullParserEventTests {
  /// Documents and the events they give.
  static let documents: [(String, [XMLEvent], String)] = [
    ("<a/>", [start("a", empty: true), end("a")], "an empty element is followed by its end"),
    (
      "<a x=\"1\" y='2'>t</a>", [start("a", [("x", "1"), ("y", "2")]), text("t"), end("a")],
      "both kinds of quotes"
    ),
    (
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- before -->\n<a>x<!-- inside -->y<![CDATA[<z>&amp;]]>w</a>\n<!-- after -->\n",
      [start("a"), text("xy<z>&amp;w"), end("a")],
      "declaration and comments skipped; text, CDATA and text merged across a comment"
    ),
    (
      "<a>&lt;&gt;&amp;&quot;&apos;&#65;&#x41;&#x1F600;&#x6cc;</a>",
      [start("a"), text("<>&\"'AA😀ی"), end("a")], "predefined entities and character references"
    ),
    (
      "<a v=\"x&#10;y&#9;z&#13;\" w=\"a\nb\tc\r\nd\" q=\"it's\" r='say \"hi\"'/>",
      [
        start(
          "a",
          [("v", "x\ny\tz\r"), ("w", "a b c d"), ("q", "it's"), ("r", "say \"hi\"")],
          empty: true),
        end("a"),
      ],
      "attribute values: references kept, literal whitespace normalized to spaces"
    ),
    ("<a>x\r\ny\rz\n</a>", [start("a"), text("x\ny\nz\n"), end("a")], "line ends normalized"),
    (
      "<tbx xml:lang=\"en\" xmlns:basic=\"http://www.tbxinfo.net/ns/basic\"><basic:termType>fullForm</basic:termType></tbx>",
      [
        start("tbx", [("xml:lang", "en"), ("xmlns:basic", "http://www.tbxinfo.net/ns/basic")]),
        start("basic:termType"), text("fullForm"), end("basic:termType"), end("tbx"),
      ],
      "prefixes kept on element and attribute names"
    ),
    (
      "<!DOCTYPE martif SYSTEM \"TBXcoreStructV02.dtd\">\n<martif/>",
      [start("martif", empty: true), end("martif")], "a DOCTYPE with an external DTD is skipped"
    ),
    (
      "<!DOCTYPE a [\n<!ELEMENT a (#PCDATA)>\n<!ATTLIST a x CDATA \"]>\">\n<!-- no <!ENTITY here -->\n]>\n<a/>",
      [start("a", empty: true), end("a")],
      "an internal subset without entities is skipped, quotes and comments included"
    ),
    (
      "<a>\n  <b/>\n</a>",
      [start("a"), text("\n  "), start("b", empty: true), end("b"), text("\n"), end("a")],
      "whitespace between tags is reported"
    ),
    (
      "<seg xml:lang=\"fa\">می‌خواهم ابومحمد جولانی</seg>",
      [start("seg", [("xml:lang", "fa")]), text("می‌خواهم ابومحمد جولانی"), end("seg")],
      "Persian with a ZWNJ"
    ),
    (
      "<seg>أبو محمد الجولاني</seg>", [start("seg"), text("أبو محمد الجولاني"), end("seg")],
      "Arabic"
    ),
    (
      "<a><?pi some data?>x<?other?></a>", [start("a"), text("x"), end("a")],
      "processing instructions skipped"
    ),
    (
      "<a>]] ]> ]</a>", [start("a"), text("]] ]> ]"), end("a")],
      "brackets that do not make ']]>'"
    ),
    (
      "<a  b = \"1\"\n\tc='2' ></a >", [start("a", [("b", "1"), ("c", "2")]), end("a")],
      "whitespace inside tags"
    ),
    (
      "<a><![CDATA[]]></a>", [start("a"), text(""), end("a")],
      "an empty CDATA section is an empty text"
    ),
    (
      "<élément attribut=\"é\">x</élément>",
      [start("élément", [("attribut", "é")]), text("x"), end("élément")], "non-ASCII names"
    ),
  ]

  @Test("documents give their events", arguments: documents)
  func documentEvents(_ example: (String, [XMLEvent], String)) throws {
    #expect(try events(example.0) == example.1, "\(example.2)")
  }

  /// Chunk sizes that put boundaries inside tags, names, references, multi-byte
  /// characters, CRLF pairs and `]]>`.
  static let chunkSizes = [1, 2, 3, 5, 7, 13]

  @Test("chunk boundaries anywhere give the same events", arguments: chunkSizes)
  func chunkBoundaries(_ chunkSize: Int) throws {
    for (document, expected, why) in Self.documents {
      #expect(try events(document, chunkSize: chunkSize) == expected, "\(why)")
    }
  }

  @Test("events report where they start")
  func eventPositions() throws {
    let document = "<?xml version=\"1.0\"?>\n<a>\n  <b x=\"1\">هیئت</b>\r\n  <c/>\n</a>"
    var parser = XMLPullParser(bytes: Array(document.utf8), name: "positions.xml", chunkSize: 4)
    var seen: [String] = []
    while let event = try parser.next() {
      let label =
        switch event {
        case .startElement(let name, _, _): "<\(name)>"
        case .endElement(let name): "</\(name)>"
        case .text(let text): text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
      seen.append("\(label)@\(parser.line):\(parser.column)")
    }
    #expect(
      seen == [
        "<a>@2:1", "@2:4", "<b>@3:3", "هیئت@3:12", "</b>@3:16", "@3:20", "<c>@4:3", "</c>@4:3",
        "@4:7", "</a>@5:1",
      ])
  }
}

@Suite("XML pull parser: errors")
struct XMLPullParserErrorTests {
  /// Documents that are not well-formed, with where and why.
  static let errors: [(String, Int, Int, String)] = [
    ("<a>\n  <b></a>", 2, 6, "end tag </a> does not match <b> opened at 2:3"),
    ("<a>\n<b>text", 2, 8, "<b> opened at 2:1 is not closed"),
    ("<a x=1/>", 1, 6, "must be in quotes"),
    ("<a x=\"1\" x=\"2\"/>", 1, 10, "duplicate attribute 'x'"),
    ("<a x=\"a<b\"/>", 1, 8, "'<' is not allowed in an attribute value"),
    ("<a x=\"1\"y=\"2\"/>", 1, 9, "expected whitespace"),
    ("<a x/>", 1, 5, "attribute 'x' of <a> has no value"),
    ("<a/>\nx", 2, 1, "text after the end of the root element"),
    ("x<a/>", 1, 1, "text before the root element"),
    ("<a/>\n<b/>", 2, 1, "a second root element <b>"),
    ("<a/></a>", 1, 5, "end tag </a> after the end of the root element"),
    ("<a>\n<!-- x", 2, 1, "unterminated comment"),
    ("<a><!-- x -- y --></a>", 1, 11, "'--' is not allowed inside a comment"),
    ("<a><![CDATA[x</a>", 1, 4, "unterminated CDATA section"),
    ("<a>\u{1}</a>", 1, 4, "illegal control character U+0001"),
    ("<a x=\"\u{8}\"/>", 1, 7, "illegal control character U+0008"),
    ("<a>&nbsp;</a>", 1, 4, "undefined entity '&nbsp;'"),
    ("<a>a & b</a>", 1, 6, "'&' must be written '&amp;'"),
    ("<a>&#0;</a>", 1, 4, "'&#0;' does not refer to a character"),
    ("<a>&#xD800;</a>", 1, 4, "'&#xD800;' does not refer to a character"),
    ("<a>&#xFFFE;</a>", 1, 4, "'&#xFFFE;' does not refer to a character"),
    ("<a>&#x110000;</a>", 1, 4, "does not refer to a character"),
    ("<a>&#X41;</a>", 1, 4, "does not refer to a character"),
    ("<a>x ]]> y</a>", 1, 6, "']]>' is not allowed in character data"),
    ("", 1, 1, "the document has no root element"),
    ("<!-- only -->\n", 2, 1, "the document has no root element"),
    ("\n<?xml version=\"1.0\"?><a/>", 2, 1, "only allowed at the very start"),
    ("<a><?pi x</a>", 1, 4, "unterminated processing instruction"),
    ("<a/><!DOCTYPE a>", 1, 5, "only allowed before the root element"),
    ("<a>< b/></a>", 1, 5, "expected an element name after '<'"),
    ("<a><b", 1, 4, "the document ends inside the start tag <b>"),
    ("<a x=\"1", 1, 6, "unterminated attribute value"),
    ("<a></b", 1, 7, "expected '>' to end </b>"),
    ("<a>\n<!x></a>", 2, 1, "'<!' must start a comment"),
  ]

  @Test("errors name the line and column", arguments: errors)
  func errorPlaces(_ example: (String, Int, Int, String)) throws {
    let error = try #require(failure(example.0), "\(example.3)")
    #expect(error.line == example.1 && error.column == example.2, "\(error)")
    #expect(error.message.contains(example.3), "\(error)")
    #expect(error.description.hasPrefix("test.xml:\(example.1):\(example.2): "))
  }

  @Test("errors are found at the same place across chunk boundaries", arguments: [1, 2, 3])
  func errorPlacesInChunks(_ chunkSize: Int) throws {
    for (document, line, column, _) in Self.errors {
      let error = try #require(failure(document, chunkSize: chunkSize))
      #expect(error.line == line && error.column == column, "\(error) in \(document)")
    }
  }

  @Test("invalid UTF-8 is reported where it starts")
  func invalidUTF8() throws {
    let cases: [([UInt8], Int, Int)] = [
      (Array("<a>\nab".utf8) + [0xFF] + Array("</a>".utf8), 2, 3),
      (Array("<a>é".utf8) + [0xC3, 0x28] + Array("</a>".utf8), 1, 5),
      (Array("<a>".utf8) + [0xED, 0xA0, 0x80] + Array("</a>".utf8), 1, 4),  // a surrogate
      (Array("<a>".utf8) + [0xEF, 0xBF, 0xBF] + Array("</a>".utf8), 1, 4),  // U+FFFF
      (Array("<a x=\"".utf8) + [0xC3], 1, 7),  // cut off
    ]
    for (bytes, line, column) in cases {
      for chunkSize in [bytes.count, 1, 2] {
        let error = try #require(failure(bytes, chunkSize: chunkSize))
        #expect(error.line == line && error.column == column, "\(error)")
      }
    }
  }

  @Test("an error is thrown again by every later call")
  func errorsStick() throws {
    var parser = XMLPullParser(bytes: Array("<a><b></a>".utf8), name: "sticky.xml")
    _ = try parser.next()
    _ = try parser.next()
    #expect(throws: XMLError.self) { try parser.next() }
    #expect(throws: XMLError.self) { try parser.next() }
  }
}

@Suite("XML pull parser: security")
struct XMLPullParserSecurityTests {
  static let billionLaughs = """
    <?xml version="1.0"?>
    <!DOCTYPE lolz [
     <!ENTITY lol "lol">
     <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
     <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
    ]>
    <lolz>&lol3;</lolz>
    """

  static let externalEntity = """
    <?xml version="1.0" encoding="UTF-8"?>
    <!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
    <foo>&xxe;</foo>
    """

  static let parameterEntity = """
    <!DOCTYPE foo [ <!ENTITY % remote SYSTEM "http://example.com/evil.dtd"> %remote; ]>
    <foo/>
    """

  @Test(
    "entity declarations are refused",
    arguments: [
      (billionLaughs, 3, 2), (externalEntity, 2, 17), (parameterEntity, 1, 17),
    ])
  func entityDeclarationsRefused(_ example: (String, Int, Int)) throws {
    let error = try #require(failure(example.0))
    #expect(error.line == example.1 && error.column == example.2, "\(error)")
    #expect(error.message.contains("XXE") && error.message.contains("billion laughs"))
  }

  @Test("an entity used without a declaration is undefined, not looked up")
  func undefinedEntity() throws {
    let error = try #require(
      failure("<!DOCTYPE foo SYSTEM \"file:///etc/passwd\"><foo>&xxe;</foo>"))
    #expect(error.message.contains("undefined entity '&xxe;'"))
  }
}

@Suite("XML pull parser: encodings")
struct XMLPullParserEncodingTests {
  static let document =
    "<?xml version=\"1.0\" encoding=\"UTF-16\"?><tu xml:lang=\"fa\">جولانی 😀</tu>"
  static let expected = [start("tu", [("xml:lang", "fa")]), text("جولانی 😀"), end("tu")]

  static func utf16(_ string: String, bigEndian: Bool, bom: Bool) -> [UInt8] {
    var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
    for unit in string.utf16 {
      let high = UInt8(unit >> 8)
      let low = UInt8(unit & 0xFF)
      bytes += bigEndian ? [high, low] : [low, high]
    }
    return bytes
  }

  @Test(
    "UTF-16 in both byte orders, with and without a byte order mark",
    arguments: [(false, true), (true, true), (false, false), (true, false)])
  func utf16Input(_ form: (bigEndian: Bool, bom: Bool)) throws {
    let bytes = Self.utf16(Self.document, bigEndian: form.bigEndian, bom: form.bom)
    for chunkSize in [bytes.count, 1, 3] {
      #expect(try events(bytes, chunkSize: chunkSize) == Self.expected)
    }
  }

  @Test("UTF-16 errors are found at their place")
  func utf16Errors() throws {
    var bytes = Self.utf16("<a>\nxy", bigEndian: false, bom: true)
    bytes += [0x00, 0xDC]  // a low surrogate alone
    bytes += Self.utf16("</a>", bigEndian: false, bom: false)
    let error = try #require(failure(bytes))
    #expect(error.line == 2 && error.column == 3 && error.message.contains("surrogate"))
  }

  @Test("UTF-8 with a byte order mark")
  func utf8BOM() throws {
    #expect(
      try events([0xEF, 0xBB, 0xBF] + Array("<a>é</a>".utf8)) == [start("a"), text("é"), end("a")])
  }

  @Test("ISO-8859-1 is transcoded and US-ASCII read as UTF-8")
  func latin1AndASCII() throws {
    let latin1: [UInt8] =
      Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a v=\"".utf8) + [0xE9]
      + Array("\">caf".utf8) + [0xE9] + Array("</a>".utf8)
    #expect(try events(latin1) == [start("a", [("v", "é")]), text("café"), end("a")])
    let ascii = "<?xml version='1.0' encoding='us-ascii'?><a>plain</a>"
    #expect(try events(ascii) == [start("a"), text("plain"), end("a")])
  }

  @Test(
    "other declared encodings are refused",
    arguments: ["windows-1252", "Shift_JIS", "EBCDIC-US"])
  func unsupportedEncoding(_ name: String) throws {
    let error = try #require(failure("<?xml version=\"1.0\" encoding=\"\(name)\"?><a/>"))
    #expect(error.line == 1 && error.column == 1)
    #expect(error.message.contains("unsupported encoding '\(name)'"))
  }

  @Test("a document declared UTF-16 but written in single bytes is refused")
  func falseUTF16() throws {
    let error = try #require(failure("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>"))
    #expect(error.message.contains("is not UTF-16"))
  }
}

@Suite("XML pull parser: files")
struct XMLPullParserFileTests {
  @Test("a file is read in chunks")
  func fileInChunks() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("tarjuman-xml-\(UUID().uuidString).xml")
    defer { try? FileManager.default.removeItem(at: url) }
    var document = "<?xml version=\"1.0\"?>\n<body>\n"
    for index in 0..<500 {
      document += "  <tu id=\"\(index)\"><seg>جولانی &amp; Jolani \(index)</seg></tu>\n"
    }
    document += "</body>\n"
    try Data(document.utf8).write(to: url)
    for chunkSize in [7, 4096, XMLPullParser.defaultChunkSize] {
      var parser = try XMLPullParser(contentsOf: url, displayName: "tus.xml", chunkSize: chunkSize)
      var segments = 0
      var lastText = ""
      while let event = try parser.next() {
        if case .text(let text) = event, text.contains("Jolani") {
          segments += 1
          lastText = text
        }
      }
      #expect(segments == 500)
      #expect(lastText == "جولانی & Jolani 499")
    }
  }

  @Test("a missing file is an error that names it")
  func missingFile() {
    let url = URL(fileURLWithPath: "/nonexistent/tarjuman.xml")
    #expect(
      throws: XMLError(
        file: "/nonexistent/tarjuman.xml", line: 0, column: 0, message: "no such file")
    ) {
      _ = try XMLPullParser(contentsOf: url)
    }
  }
}

@Suite("XML escaping")
struct XMLEscapingTests {
  static let values: [String] = [
    "plain", "a & b < c > d", "say \"hi\" and 'bye'", "line\nbreak\ttab\rreturn",
    "ابومحمد جولانی‌ها", "]]>", "&amp; already escaped",
  ]

  @Test("escaped text and attributes read back unchanged", arguments: values)
  func roundTrip(_ value: String) throws {
    let document = "<a v=\"\(XMLEscaping.attribute(value))\">\(XMLEscaping.text(value))</a>"
    #expect(try events(document) == [start("a", [("v", value)]), text(value), end("a")])
  }

  @Test("escaping")
  func escapes() {
    #expect(XMLEscaping.text("a & <b> \"c\"") == "a &amp; &lt;b&gt; \"c\"")
    #expect(XMLEscaping.attribute("a & <b> \"c\"\n") == "a &amp; &lt;b&gt; &quot;c&quot;&#xA;")
    #expect(XMLEscaping.text("bell\u{7}") == "bell\u{FFFD}")
  }
}
