import Foundation

/// A streaming XML reader: one event at a time, in bounded memory, with no DTD, no
/// external entities and no entity expansion.
///
/// ```swift
/// var parser = try XMLPullParser(contentsOf: url)
/// while let event = try parser.next() {
///   if case .startElement(let name, let attributes, _) = event { ... }
/// }
/// ```
///
/// What it reads: UTF-8 (with or without a byte order mark), UTF-16 little- and
/// big-endian (with a byte order mark, or recognized from the bytes of `<?xml`), and
/// documents that declare US-ASCII (read as UTF-8) or ISO-8859-1 (transcoded). Any other
/// declared encoding is an error. Text and attribute values have the five predefined
/// entities and numeric character references decoded and line ends normalized.
///
/// What it refuses (XML 1.0 well-formedness, and safety): mismatched or unclosed tags,
/// unquoted or duplicate attributes, `<` in an attribute value, a reference to any entity
/// other than the predefined five, invalid UTF-8 or UTF-16, control characters XML does
/// not allow, text or a second element after the root, and any `<!ENTITY` declaration in
/// a document type declaration (the guard against external entities, XXE, and entity
/// expansion, "billion laughs"). A document type declaration without one is skipped;
/// external DTDs are never loaded, so default attributes from a DTD are not applied.
///
/// Names keep their prefixes (`xml:lang`, `basic:termType`); namespaces are not resolved.
///
/// Files are read in 1 MiB chunks, so memory stays bounded by the chunk size plus the
/// largest single text or tag, whatever the size of the file.
///
/// - Complexity: linear in the size of the input. Measured on a shared 2-core machine
///   with a release build: 115–130 MB/s on a generated 200 MB UTF-8 TMX document
///   (English, Persian and Arabic segments, 1.9 million elements), events and strings
///   included, in 25 MB of memory.
///
/// A parser is one reading position in one stream: copies of it share that position.
public struct XMLPullParser {
  private var scanner: XMLScanner

  /// The chunk size for reading files.
  static let defaultChunkSize = 1 << 20

  /// Opens a file for reading.
  ///
  /// - Parameters:
  ///   - url: a file URL.
  ///   - displayName: the name to give in errors; the path by default.
  /// - Throws: ``XMLError`` when the file cannot be opened.
  public init(contentsOf url: URL, displayName: String? = nil) throws(XMLError) {
    try self.init(contentsOf: url, displayName: displayName, chunkSize: Self.defaultChunkSize)
  }

  /// Opens a file, reading it in chunks of a given size (small sizes test chunk
  /// boundaries).
  init(contentsOf url: URL, displayName: String?, chunkSize: Int) throws(XMLError) {
    let name = displayName ?? url.path
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw XMLError(file: name, line: 0, column: 0, message: "no such file")
    }
    let handle: FileHandle
    do {
      handle = try FileHandle(forReadingFrom: url)
    } catch {
      throw XMLError(
        file: name, line: 0, column: 0, message: "cannot open: \(error.localizedDescription)")
    }
    scanner = XMLScanner(source: .file(handle), name: name, chunkSize: max(1, chunkSize))
  }

  /// Reads a document held in memory.
  ///
  /// - Parameters:
  ///   - bytes: the document, in any supported encoding.
  ///   - name: the name to give in errors.
  public init(bytes: [UInt8], name: String) {
    self.init(bytes: bytes, name: name, chunkSize: max(1, bytes.count))
  }

  /// Reads a document held in memory, handing it to the scanner in chunks of a given
  /// size (small sizes test chunk boundaries).
  init(bytes: [UInt8], name: String, chunkSize: Int) {
    scanner = XMLScanner(
      source: .memory(bytes, offset: 0), name: name, chunkSize: max(1, chunkSize))
  }

  /// Reads the next event.
  ///
  /// - Returns: the event, or nil at the end of the document.
  /// - Throws: ``XMLError`` at the first well-formedness, encoding or safety error; every
  ///   later call throws the same error.
  public mutating func next() throws(XMLError) -> XMLEvent? {
    try scanner.next()
  }

  /// The line of the start of the last event returned, counting from 1.
  public var line: Int { scanner.eventLine }

  /// The column of the start of the last event returned, in Unicode scalars, counting
  /// from 1.
  public var column: Int { scanner.eventColumn }

  /// The name given in errors.
  public var name: String { scanner.name }
}

// Bytes the scanner compares against.
private let lessThan = UInt8(ascii: "<")
private let greaterThan = UInt8(ascii: ">")
private let ampersand = UInt8(ascii: "&")
private let slash = UInt8(ascii: "/")
private let questionMark = UInt8(ascii: "?")
private let exclamationMark = UInt8(ascii: "!")
private let equalsSign = UInt8(ascii: "=")
private let doubleQuote = UInt8(ascii: "\"")
private let singleQuote = UInt8(ascii: "'")
private let closingBracket = UInt8(ascii: "]")
private let openingBracket = UInt8(ascii: "[")
private let hyphen = UInt8(ascii: "-")
private let semicolon = UInt8(ascii: ";")
private let space = UInt8(ascii: " ")
private let tab: UInt8 = 0x09
private let lineFeed: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D

@inline(__always)
private func isWhitespace(_ byte: UInt8) -> Bool {
  byte == space || byte == lineFeed || byte == tab || byte == carriageReturn
}

/// A control character XML 1.0 does not allow (everything below U+0020 except tab,
/// line feed and carriage return).
@inline(__always)
private func isIllegalControl(_ byte: UInt8) -> Bool {
  byte < 0x20 && byte != tab && byte != lineFeed && byte != carriageReturn
}

/// A byte that can start a name. Bytes from 0x80 are parts of non-ASCII letters (the
/// input is valid UTF-8 by then); XML's finer exclusions among them are not checked.
@inline(__always)
private func isNameStart(_ byte: UInt8) -> Bool {
  (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F || byte == 0x3A || byte >= 0x80
}

@inline(__always)
private func isNameByte(_ byte: UInt8) -> Bool {
  isNameStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == hyphen || byte == 0x2E
}

/// Whether a code point is a character XML 1.0 allows.
private func isXMLCharacter(_ value: UInt32) -> Bool {
  switch value {
  case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
  default: false
  }
}

/// A byte as a user would recognize it in a message.
private func describe(_ byte: UInt8) -> String {
  switch byte {
  case 0x20..<0x7F: "'\(Character(Unicode.Scalar(byte)))'"
  case lineFeed: "a line break"
  default: "byte 0x\(hex(byte))"
  }
}

/// The state of one parse: the decoded bytes not yet consumed, the position of the
/// first of them, and the open elements.
///
/// A struct rather than a class: its properties are then checked for exclusive access at
/// compile time, where a class pays for checks at run time (a third of the parse time).
struct XMLScanner {
  let name: String
  private var source: XMLByteSource
  private let chunkSize: Int
  private var decoder = XMLDecoder(encoding: .utf8)
  private var inputDone = false
  private var inputError: String?

  /// Decoded UTF-8; `buffer[position...]` is not consumed yet.
  private var buffer: [UInt8] = []
  private var position = 0
  /// The start of a token being scanned (a tag, a name); bytes from here are kept when
  /// the buffer is refilled. -1 when none is.
  private var mark = -1

  // The line and column of `buffer[trackedIndex]`, advanced lazily.
  private var trackedIndex = 0
  private var trackedLine = 1
  private var trackedColumn = 1
  private var lastWasCarriageReturn = false

  private(set) var eventLine = 0
  private(set) var eventColumn = 0

  private struct OpenElement {
    var name: String
    var line: Int
    var column: Int
  }
  private var stack: [OpenElement] = []
  private var pendingEnd = false
  private var started = false
  private var atDocumentStart = true
  private var seenRoot = false
  private var seenDoctype = false
  private var finished = false
  private var failure: XMLError?

  /// Character data of the text event being built.
  private var text: [UInt8] = []
  private var textLine = 0
  private var textColumn = 0
  /// An attribute value being built.
  private var value: [UInt8] = []

  init(source: XMLByteSource, name: String, chunkSize: Int) {
    self.source = source
    self.name = name
    self.chunkSize = chunkSize
  }

  // MARK: Events

  mutating func next() throws(XMLError) -> XMLEvent? {
    if let failure { throw failure }
    do {
      return try nextEvent()
    } catch {
      failure = error
      source.close()
      throw error
    }
  }

  private mutating func nextEvent() throws(XMLError) -> XMLEvent? {
    if pendingEnd {
      pendingEnd = false
      let element = stack.removeLast()
      return .endElement(name: element.name)
    }
    if finished { return nil }
    if !started { try start() }
    var hasText = false
    text.removeAll(keepingCapacity: true)
    while true {
      defer { atDocumentStart = false }
      guard try ensure(1) else {
        if let open = stack.last {
          throw error(
            at: buffer.count,
            "the document ends before </\(open.name)>: <\(open.name)> opened at \(open.line):\(open.column) is not closed"
          )
        }
        if !seenRoot { throw error(at: buffer.count, "the document has no root element") }
        finished = true
        source.close()
        return nil
      }
      guard buffer[position] == lessThan else {
        if stack.isEmpty {
          try skipWhitespaceOutsideRoot()
          continue
        }
        if !hasText {
          hasText = true
          (textLine, textColumn) = place(at: position)
        }
        try scanText()
        continue
      }
      guard try ensure(2) else {
        throw error(at: position, "the document ends after '<'")
      }
      switch buffer[position + 1] {
      case exclamationMark:
        if try lookingAt("<!--") {
          try skipComment()
        } else if try lookingAt("<![CDATA[") {
          guard !stack.isEmpty else {
            throw error(at: position, "a CDATA section outside the root element")
          }
          if !hasText {
            hasText = true
            (textLine, textColumn) = place(at: position)
          }
          try scanCDATA()
        } else if try lookingAt("<!DOCTYPE") {
          try skipDoctype()
        } else {
          throw error(
            at: position, "'<!' must start a comment, a CDATA section or a DOCTYPE declaration")
        }
        continue
      case questionMark:
        try skipProcessingInstruction()
        continue
      default:
        break
      }
      if hasText {
        eventLine = textLine
        eventColumn = textColumn
        return .text(String(decoding: text, as: UTF8.self))
      }
      return buffer[position + 1] == slash ? try endTag() : try startTag()
    }
  }

  private mutating func startTag() throws(XMLError) -> XMLEvent {
    let (line, column) = place(at: position)
    mark = position
    position += 1
    guard let name = try scanName() else {
      throw try unexpected("an element name after '<'")
    }
    if stack.isEmpty && seenRoot {
      throw XMLError(
        file: self.name, line: line, column: column,
        message: "a second root element <\(name)>: a document has one root element")
    }
    var attributes: [XMLAttribute] = []
    var isEmpty = false
    while true {
      let spaced = try skipWhitespace()
      guard try ensure(1) else {
        throw XMLError(
          file: self.name, line: line, column: column,
          message: "the document ends inside the start tag <\(name)>")
      }
      let byte = buffer[position]
      if byte == greaterThan {
        position += 1
        break
      }
      if byte == slash {
        guard try ensure(2), buffer[position + 1] == greaterThan else {
          throw error(at: position, "expected '/>' to end the empty element <\(name)>")
        }
        position += 2
        isEmpty = true
        break
      }
      guard spaced else {
        throw error(
          at: position,
          "expected whitespace, '>' or '/>' in <\(name)>, found \(describe(byte))")
      }
      let nameOffset = position - mark
      guard let attributeName = try scanName() else {
        throw try unexpected("an attribute name, '>' or '/>' in <\(name)>")
      }
      _ = try skipWhitespace()
      guard try ensure(1), buffer[position] == equalsSign else {
        throw error(
          at: position, "attribute '\(attributeName)' of <\(name)> has no value (expected '=')")
      }
      position += 1
      _ = try skipWhitespace()
      guard try ensure(1), buffer[position] == doubleQuote || buffer[position] == singleQuote
      else {
        throw error(
          at: position,
          "the value of attribute '\(attributeName)' of <\(name)> must be in quotes")
      }
      let value = try scanAttributeValue()
      if attributes.contains(where: { $0.name == attributeName }) {
        throw error(at: mark + nameOffset, "duplicate attribute '\(attributeName)' in <\(name)>")
      }
      attributes.append(XMLAttribute(name: attributeName, value: value))
    }
    mark = -1
    seenRoot = true
    stack.append(OpenElement(name: name, line: line, column: column))
    eventLine = line
    eventColumn = column
    pendingEnd = isEmpty
    return .startElement(name: name, attributes: attributes, isEmpty: isEmpty)
  }

  private mutating func endTag() throws(XMLError) -> XMLEvent {
    let (line, column) = place(at: position)
    mark = position
    position += 2
    guard let name = try scanName() else {
      throw try unexpected("an element name after '</'")
    }
    _ = try skipWhitespace()
    guard try ensure(1), buffer[position] == greaterThan else {
      throw error(at: position, "expected '>' to end </\(name)>")
    }
    position += 1
    mark = -1
    guard let open = stack.last else {
      throw XMLError(
        file: self.name, line: line, column: column,
        message: "end tag </\(name)> after the end of the root element")
    }
    guard open.name == name else {
      throw XMLError(
        file: self.name, line: line, column: column,
        message:
          "end tag </\(name)> does not match <\(open.name)> opened at \(open.line):\(open.column)")
    }
    stack.removeLast()
    eventLine = line
    eventColumn = column
    return .endElement(name: name)
  }

  // MARK: Character data

  /// Appends character data up to the next `<` (not consumed) or the end of the input.
  private mutating func scanText() throws(XMLError) {
    while true {
      let start = position
      let stop = buffer.withUnsafeBufferPointer { bytes -> Int in
        var index = start
        let count = bytes.count
        while index < count {
          let byte = bytes[index]
          // One comparison for letters and non-ASCII; the rest only for rarer bytes.
          if byte <= closingBracket
            && (byte == lessThan || byte == ampersand || byte == closingBracket
              || (byte < 0x20 && byte != tab && byte != lineFeed))
          {
            return index
          }
          index += 1
        }
        return count
      }
      if stop > start {
        text.append(contentsOf: buffer[start..<stop])
        position = stop
      }
      guard stop < buffer.count else {
        guard try ensure(1) else { return }
        continue
      }
      switch buffer[position] {
      case lessThan:
        return
      case ampersand:
        appendUTF8(try scanReference(), to: &text)
      case carriageReturn:
        position += 1
        text.append(lineFeed)
        if try ensure(1), buffer[position] == lineFeed { position += 1 }
      case closingBracket:
        if try lookingAt("]]>") {
          throw error(at: position, "']]>' is not allowed in character data (write ]]&gt;)")
        }
        text.append(closingBracket)
        position += 1
      default:
        throw illegalControl(at: position)
      }
    }
  }

  private mutating func scanCDATA() throws(XMLError) {
    let (line, column) = place(at: position)
    position += 9
    while true {
      let start = position
      let stop = buffer.withUnsafeBufferPointer { bytes -> Int in
        var index = start
        while index < bytes.count {
          let byte = bytes[index]
          if byte == closingBracket || (byte < 0x20 && byte != tab && byte != lineFeed) {
            return index
          }
          index += 1
        }
        return bytes.count
      }
      text.append(contentsOf: buffer[start..<stop])
      position = stop
      let reachedEnd = stop == buffer.count
      guard try ensure(1) else {
        throw XMLError(
          file: name, line: line, column: column,
          message: "unterminated CDATA section: no ']]>' before the end of the document")
      }
      if reachedEnd { continue }
      switch buffer[position] {
      case closingBracket:
        if try lookingAt("]]>") {
          position += 3
          return
        }
        text.append(closingBracket)
        position += 1
      case carriageReturn:
        position += 1
        text.append(lineFeed)
        if try ensure(1), buffer[position] == lineFeed { position += 1 }
      default:
        throw illegalControl(at: position)
      }
    }
  }

  /// Reads a reference at `&` and returns the code point it stands for.
  private mutating func scanReference() throws(XMLError) -> UInt32 {
    // References are short: look ahead for the `;` in the bytes after `&`.
    var length = 1
    while true {
      guard try ensure(length + 1) else {
        throw error(at: position, "'&' must be written '&amp;' (the document ends in a reference)")
      }
      let byte = buffer[position + length]
      if byte == semicolon { break }
      guard length < 64, isNameByte(byte) || (length == 1 && byte == UInt8(ascii: "#")) else {
        throw error(
          at: position,
          "'&' must be written '&amp;' unless it starts a reference such as '&lt;' or '&#x5D;'")
      }
      length += 1
    }
    let body = buffer[(position + 1)..<(position + length)]
    let referenceText = String(decoding: body, as: UTF8.self)
    let scalar: UInt32
    switch referenceText {
    case "amp": scalar = 0x26
    case "lt": scalar = 0x3C
    case "gt": scalar = 0x3E
    case "quot": scalar = 0x22
    case "apos": scalar = 0x27
    default:
      guard referenceText.hasPrefix("#") else {
        if referenceText.isEmpty {
          throw error(at: position, "'&;' is not a reference ('&' must be written '&amp;')")
        }
        throw error(
          at: position,
          "undefined entity '&\(referenceText);' (only &amp; &lt; &gt; &quot; &apos; and character references such as &#233; are read; DTD entities are never loaded)"
        )
      }
      let digits = referenceText.dropFirst()
      let parsed =
        digits.hasPrefix("x")
        ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
      guard let parsed, isXMLCharacter(parsed) else {
        throw error(
          at: position, "'&\(referenceText);' does not refer to a character XML allows")
      }
      scalar = parsed
    }
    position += length + 1
    return scalar
  }

  /// Reads a quoted attribute value at its opening quote. Requires `mark` to be set.
  private mutating func scanAttributeValue() throws(XMLError) -> String {
    let quote = buffer[position]
    let quoteOffset = position - mark
    position += 1
    value.removeAll(keepingCapacity: true)
    while true {
      let start = position
      let stop = buffer.withUnsafeBufferPointer { bytes -> Int in
        var index = start
        while index < bytes.count {
          let byte = bytes[index]
          if byte < 0x20 || byte == doubleQuote || byte == singleQuote || byte == lessThan
            || byte == ampersand
          {
            return index
          }
          index += 1
        }
        return bytes.count
      }
      value.append(contentsOf: buffer[start..<stop])
      position = stop
      let reachedEnd = stop == buffer.count
      guard try ensure(1) else {
        throw error(
          at: mark + quoteOffset,
          "unterminated attribute value: no closing \(describe(quote)) before the end of the document"
        )
      }
      if reachedEnd { continue }
      let byte = buffer[position]
      switch byte {
      case quote:
        position += 1
        return String(decoding: value, as: UTF8.self)
      case doubleQuote, singleQuote:
        value.append(byte)
        position += 1
      case lessThan:
        throw error(at: position, "'<' is not allowed in an attribute value (write &lt;)")
      case ampersand:
        appendUTF8(try scanReference(), to: &value)
      case tab, lineFeed:
        value.append(space)
        position += 1
      case carriageReturn:
        value.append(space)
        position += 1
        if try ensure(1), buffer[position] == lineFeed { position += 1 }
      default:
        throw illegalControl(at: position)
      }
    }
  }

  // MARK: Markup that produces no events

  private mutating func skipWhitespaceOutsideRoot() throws(XMLError) {
    while try ensure(1) {
      let byte = buffer[position]
      if byte == lessThan { return }
      guard isWhitespace(byte) else {
        if isIllegalControl(byte) { throw illegalControl(at: position) }
        throw error(
          at: position,
          seenRoot
            ? "text after the end of the root element" : "text before the root element")
      }
      position += 1
    }
  }

  private mutating func skipComment() throws(XMLError) {
    let (line, column) = place(at: position)
    position += 4
    let unterminated = XMLError(
      file: name, line: line, column: column,
      message: "unterminated comment: no '-->' before the end of the document")
    while true {
      let start = position
      position = buffer.withUnsafeBufferPointer { bytes -> Int in
        var index = start
        while index < bytes.count {
          let byte = bytes[index]
          if byte == hyphen || isIllegalControl(byte) { return index }
          index += 1
        }
        return bytes.count
      }
      guard try ensure(1) else { throw unterminated }
      let byte = buffer[position]
      guard byte == hyphen else {
        if isIllegalControl(byte) { throw illegalControl(at: position) }
        continue
      }
      guard try ensure(3) else { throw unterminated }
      if buffer[position + 1] == hyphen {
        guard buffer[position + 2] == greaterThan else {
          throw error(at: position, "'--' is not allowed inside a comment")
        }
        position += 3
        return
      }
      position += 1
    }
  }

  private mutating func skipProcessingInstruction() throws(XMLError) {
    let (line, column) = place(at: position)
    let isFirst = atDocumentStart
    mark = position
    position += 2
    guard let target = try scanName() else {
      throw try unexpected("a processing instruction target after '<?'")
    }
    mark = -1
    if target.lowercased() == "xml" && !isFirst {
      throw XMLError(
        file: name, line: line, column: column,
        message:
          "the XML declaration '<?xml ...?>' is only allowed at the very start of the document")
    }
    while true {
      guard try ensure(2) else {
        throw XMLError(
          file: name, line: line, column: column,
          message: "unterminated processing instruction: no '?>' before the end of the document")
      }
      let byte = buffer[position]
      if byte == questionMark && buffer[position + 1] == greaterThan {
        position += 2
        return
      }
      if isIllegalControl(byte) { throw illegalControl(at: position) }
      position += 1
    }
  }

  /// Skips a document type declaration, refusing one whose internal subset declares an
  /// entity. Nothing it names is loaded.
  private mutating func skipDoctype() throws(XMLError) {
    let (line, column) = place(at: position)
    guard !seenRoot else {
      throw XMLError(
        file: name, line: line, column: column,
        message: "a DOCTYPE declaration is only allowed before the root element")
    }
    guard !seenDoctype else {
      throw XMLError(
        file: name, line: line, column: column, message: "a second DOCTYPE declaration")
    }
    seenDoctype = true
    let unterminated = XMLError(
      file: name, line: line, column: column,
      message: "unterminated DOCTYPE declaration: no '>' before the end of the document")
    position += 9
    var quote: UInt8 = 0
    var inSubset = false
    while true {
      guard try ensure(1) else { throw unterminated }
      let byte = buffer[position]
      if quote != 0 {
        if byte == quote { quote = 0 }
        position += 1
        continue
      }
      switch byte {
      case doubleQuote, singleQuote:
        quote = byte
      case openingBracket where !inSubset:
        inSubset = true
      case closingBracket where inSubset:
        inSubset = false
      case greaterThan where !inSubset:
        position += 1
        return
      case lessThan where inSubset:
        if try lookingAt("<!--") {
          try skipComment()
          continue
        }
        if try lookingAt("<!ENTITY") {
          throw error(
            at: position,
            "the DOCTYPE declares an entity (<!ENTITY ...>): entity declarations are refused, to guard against external entities (XXE) and entity expansion (billion laughs)"
          )
        }
        if try lookingAt("<?") {
          try skipProcessingInstruction()
          continue
        }
      default:
        if isIllegalControl(byte) { throw illegalControl(at: position) }
      }
      position += 1
    }
  }

  // MARK: Names and whitespace

  /// Reads a name at the current position, or returns nil when no name starts there.
  private mutating func scanName() throws(XMLError) -> String? {
    guard try ensure(1), isNameStart(buffer[position]) else { return nil }
    let ownsMark = mark < 0
    if ownsMark { mark = position }
    let offset = position - mark
    position += 1
    while true {
      let start = position
      position = buffer.withUnsafeBufferPointer { bytes -> Int in
        var index = start
        while index < bytes.count && isNameByte(bytes[index]) { index += 1 }
        return index
      }
      if position < buffer.count { break }
      guard try ensure(1) else { break }
    }
    let name = String(decoding: buffer[(mark + offset)..<position], as: UTF8.self)
    if ownsMark { mark = -1 }
    return name
  }

  /// Skips whitespace; returns whether there was any.
  private mutating func skipWhitespace() throws(XMLError) -> Bool {
    var skipped = false
    while try ensure(1), isWhitespace(buffer[position]) {
      position += 1
      skipped = true
    }
    return skipped
  }

  /// Whether the input continues with an ASCII string, without consuming it.
  private mutating func lookingAt(_ string: StaticString) throws(XMLError) -> Bool {
    let count = string.utf8CodeUnitCount
    guard try ensure(count) else { return false }
    return string.withUTF8Buffer { expected in
      buffer.withUnsafeBufferPointer { bytes in
        for index in 0..<count where bytes[position + index] != expected[index] {
          return false
        }
        return true
      }
    }
  }

  // MARK: Input

  /// Detects the encoding and decodes the first chunk.
  private mutating func start() throws(XMLError) {
    started = true
    var prefix: [UInt8] = []
    // Enough bytes to hold a byte order mark and an XML declaration.
    while prefix.count < 1024 {
      let chunk = try readChunk()
      if chunk.isEmpty {
        inputDone = true
        break
      }
      prefix += chunk
    }
    let (encoding, bomLength, problem) = detectEncoding(prefix)
    if let problem { throw XMLError(file: name, line: 1, column: 1, message: problem) }
    decoder = XMLDecoder(encoding: encoding)
    inputError = decoder.decode(Array(prefix[bomLength...]), isFinal: inputDone, into: &buffer)
    if inputError != nil { inputDone = true }
    if encoding.isUTF16, let problem = unsupported(declaredEncoding(buffer[...])) {
      throw XMLError(file: name, line: 1, column: 1, message: problem)
    }
  }

  private mutating func readChunk() throws(XMLError) -> [UInt8] {
    do {
      return try source.read(upTo: chunkSize)
    } catch {
      throw XMLError(
        file: name, line: 0, column: 0, message: "cannot read: \(error.localizedDescription)")
    }
  }

  /// Makes at least `count` bytes available from the current position.
  ///
  /// - Returns: false when the input ends first.
  /// - Throws: the decoding error at the end of the valid input, when that is what stops it.
  @inline(__always)
  private mutating func ensure(_ count: Int) throws(XMLError) -> Bool {
    if buffer.count - position >= count { return true }
    return try refill(until: count)
  }

  private mutating func refill(until count: Int) throws(XMLError) -> Bool {
    // Drop what is consumed, keeping a marked token, before reading more.
    let keep = mark >= 0 ? min(mark, position) : position
    if keep > 0 {
      advanceTracker(to: keep)
      buffer.removeSubrange(0..<keep)
      position -= keep
      trackedIndex -= keep
      if mark >= 0 { mark -= keep }
    }
    while buffer.count - position < count {
      if inputDone {
        if let inputError {
          throw error(at: buffer.count, inputError)
        }
        return false
      }
      let chunk = try readChunk()
      inputError = decoder.decode(chunk, isFinal: chunk.isEmpty, into: &buffer)
      if chunk.isEmpty || inputError != nil { inputDone = true }
    }
    return true
  }

  // MARK: Positions and errors

  /// The line and column of a byte of the buffer at or after the last one asked about.
  private mutating func place(at index: Int) -> (line: Int, column: Int) {
    advanceTracker(to: index)
    return (trackedLine, trackedColumn)
  }

  private mutating func advanceTracker(to index: Int) {
    guard index > trackedIndex else { return }
    var line = trackedLine
    var column = trackedColumn
    var lastWasCarriageReturn = self.lastWasCarriageReturn
    // One pass over the bytes since the last place asked about: events are short, so
    // this beats separate counting loops.
    buffer.withUnsafeBufferPointer { bytes in
      for byte in bytes[trackedIndex..<index] {
        if byte == lineFeed {
          // A CR LF pair is one line end.
          if !lastWasCarriageReturn { line += 1 }
          column = 1
          lastWasCarriageReturn = false
        } else if byte == carriageReturn {
          line += 1
          column = 1
          lastWasCarriageReturn = true
        } else {
          lastWasCarriageReturn = false
          // Count characters, not bytes: skip UTF-8 continuation bytes.
          if byte & 0xC0 != 0x80 { column += 1 }
        }
      }
    }
    trackedIndex = index
    trackedLine = line
    trackedColumn = column
    self.lastWasCarriageReturn = lastWasCarriageReturn
  }

  private mutating func error(at index: Int, _ message: String) -> XMLError {
    let (line, column) = place(at: index)
    return XMLError(file: name, line: line, column: column, message: message)
  }

  private mutating func illegalControl(at index: Int) -> XMLError {
    error(
      at: index,
      "illegal control character U+00\(hex(buffer[index])) (XML allows only tab, line feed and carriage return below U+0020)"
    )
  }

  /// The error for something other than what was expected at the current position.
  private mutating func unexpected(_ expected: String) throws(XMLError) -> XMLError {
    guard try ensure(1) else {
      return error(at: position, "expected \(expected), found the end of the document")
    }
    return error(at: position, "expected \(expected), found \(describe(buffer[position]))")
  }
}
