/// One attribute of a start tag, as written: the name keeps its prefix (`xml:lang`,
/// `xmlns:basic`) and the value has its references decoded and its whitespace
/// normalized as XML 1.0 §3.3.3 says (a literal tab, line feed or carriage return
/// becomes a space; `&#10;` stays a line feed).
public struct XMLAttribute: Equatable, Sendable {
  /// The qualified name, prefix included.
  public var name: String
  /// The value, with references decoded.
  public var value: String

  /// Creates an attribute.
  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}

/// What ``XMLPullParser/next()`` reads: a start tag, an end tag or character data.
///
/// Comments, processing instructions, the XML declaration and the document type
/// declaration are not reported.
public enum XMLEvent: Equatable, Sendable {
  /// A start tag. `isEmpty` is true for `<x/>`, which is followed by an `endElement`
  /// all the same, so that callers need only one code path.
  case startElement(name: String, attributes: [XMLAttribute], isEmpty: Bool)
  /// An end tag (or the end of an empty-element tag).
  case endElement(name: String)
  /// Character data inside the root element, with references decoded, line ends
  /// normalized to `\n`, CDATA sections included, and adjacent runs merged (also across
  /// comments and processing instructions). Whitespace between tags is reported too.
  case text(String)
}

extension Array where Element == XMLAttribute {
  /// The value of the attribute with a name (prefix included), if there is one.
  public subscript(name name: String) -> String? {
    first { $0.name == name }?.value
  }

  /// The value of the attribute with a name (prefix included), if there is one:
  /// `attributes["xml:lang"]`.
  public subscript(_ name: String) -> String? {
    self[name: name]
  }
}
