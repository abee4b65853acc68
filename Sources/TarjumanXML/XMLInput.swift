import Foundation

/// Where raw bytes come from: a file read chunk by chunk, or an array in memory.
enum XMLByteSource {
  case file(FileHandle)
  case memory([UInt8], offset: Int)

  /// Reads up to `count` bytes; an empty array at the end.
  mutating func read(upTo count: Int) throws -> [UInt8] {
    switch self {
    case .file(let handle):
      guard let data = try handle.read(upToCount: count) else { return [] }
      return [UInt8](data)
    case .memory(let bytes, let offset):
      let end = min(bytes.count, offset + count)
      self = .memory(bytes, offset: end)
      return Array(bytes[offset..<end])
    }
  }

  func close() {
    if case .file(let handle) = self { try? handle.close() }
  }
}

/// The encodings a document can be read in. US-ASCII is read as UTF-8, its superset.
enum XMLEncoding: Equatable {
  case utf8, utf16LittleEndian, utf16BigEndian, latin1

  /// The encoding an `encoding=` name declares, or nil for one not supported.
  init?(declared name: String) {
    switch name.lowercased() {
    case "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us": self = .utf8
    case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "iso-latin-1",
      "cp819", "ibm819":
      self = .latin1
    case "utf-16", "utf16", "utf-16le", "utf-16be", "ucs-2": self = .utf16LittleEndian
    default: return nil
    }
  }

  var isUTF16: Bool { self == .utf16LittleEndian || self == .utf16BigEndian }
}

/// Turns raw chunks into valid UTF-8 without U+FFFE or U+FFFF, holding back a sequence
/// cut by a chunk boundary until the next chunk completes it.
///
/// When the input is invalid, `decode` returns what came before the bad bytes together
/// with a message, so that the parser can report the error at its exact place.
struct XMLDecoder {
  var encoding: XMLEncoding
  /// Bytes of an incomplete sequence at the end of the previous chunk.
  private var carry: [UInt8] = []

  init(encoding: XMLEncoding) { self.encoding = encoding }

  /// Decodes one chunk, appending UTF-8 to `output`.
  ///
  /// - Parameter isFinal: true for the last chunk, where an incomplete sequence is an error.
  /// - Returns: an error message when the chunk holds invalid bytes; `output` then ends
  ///   just before them.
  mutating func decode(_ chunk: [UInt8], isFinal: Bool, into output: inout [UInt8]) -> String? {
    var input = chunk
    if !carry.isEmpty {
      input = carry + chunk
      carry.removeAll()
    }
    switch encoding {
    case .utf8: return decodeUTF8(input, isFinal: isFinal, into: &output)
    case .latin1:
      output.reserveCapacity(output.count + input.count * 2)
      for byte in input {
        if byte < 0x80 {
          output.append(byte)
        } else {
          output.append(0xC0 | (byte >> 6))
          output.append(0x80 | (byte & 0x3F))
        }
      }
      return nil
    case .utf16LittleEndian, .utf16BigEndian:
      return decodeUTF16(input, isFinal: isFinal, into: &output)
    }
  }

  private mutating func decodeUTF8(_ input: [UInt8], isFinal: Bool, into output: inout [UInt8])
    -> String?
  {
    let (valid, problem) = input.withUnsafeBufferPointer { Self.validUTF8Prefix($0) }
    output.append(contentsOf: input[..<valid])
    switch problem {
    case .none: return nil
    case .incomplete:
      if isFinal { return "invalid UTF-8: the document ends inside a multi-byte character" }
      carry = Array(input[valid...])
      return nil
    case .invalid(let message): return message
    }
  }

  enum UTF8Problem: Equatable {
    case none
    case incomplete
    case invalid(String)
  }

  /// How many bytes from the start are complete, valid UTF-8 other than U+FFFE and
  /// U+FFFF, and what stops the run.
  ///
  /// Runs of ASCII are skipped eight bytes at a time, which keeps validation to a small
  /// part of the parse time.
  static func validUTF8Prefix(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, UTF8Problem) {
    guard let base = bytes.baseAddress else { return (0, .none) }
    let count = bytes.count
    var index = 0
    let raw = UnsafeRawPointer(base)
    while index < count {
      while index + 8 <= count,
        raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
      {
        index += 8
      }
      guard index < count else { break }
      let lead = base[index]
      if lead < 0x80 {
        index += 1
        continue
      }
      // Two-byte characters (Arabic script, most accented Latin) take the short way.
      if lead >= 0xC2 && lead <= 0xDF && index + 1 < count && base[index + 1] & 0xC0 == 0x80 {
        index += 2
        continue
      }
      let length: Int
      var lowerBound: UInt8 = 0x80
      var upperBound: UInt8 = 0xBF
      switch lead {
      case 0xC2...0xDF: length = 2
      case 0xE0:
        length = 3
        lowerBound = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED:
        length = 3
        upperBound = 0x9F  // D800–DFFF are surrogates, not characters.
      case 0xF0:
        length = 4
        lowerBound = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4:
        length = 4
        upperBound = 0x8F
      default:
        return (index, .invalid("invalid UTF-8: byte 0x\(hex(lead)) cannot start a character"))
      }
      for offset in 1..<length {
        guard index + offset < count else { return (index, .incomplete) }
        let byte = base[index + offset]
        let low = offset == 1 ? lowerBound : 0x80
        let high = offset == 1 ? upperBound : 0xBF
        guard byte >= low && byte <= high else {
          return (
            index,
            .invalid(
              "invalid UTF-8: byte 0x\(hex(byte)) after 0x\(hex(lead)) is not a continuation")
          )
        }
      }
      if lead == 0xEF && base[index + 1] == 0xBF && base[index + 2] >= 0xBE {
        let scalar = base[index + 2] == 0xBE ? "U+FFFE" : "U+FFFF"
        return (index, .invalid("illegal character \(scalar) (not allowed in XML)"))
      }
      index += length
    }
    return (count, .none)
  }

  private mutating func decodeUTF16(_ input: [UInt8], isFinal: Bool, into output: inout [UInt8])
    -> String?
  {
    let bigEndian = encoding == .utf16BigEndian
    output.reserveCapacity(output.count + input.count * 3 / 2)
    var index = 0
    func unit(_ at: Int) -> UInt32 {
      bigEndian
        ? UInt32(input[at]) << 8 | UInt32(input[at + 1])
        : UInt32(input[at + 1]) << 8 | UInt32(input[at])
    }
    while index + 1 < input.count {
      var scalar = unit(index)
      var width = 2
      if scalar >= 0xD800 && scalar <= 0xDBFF {
        guard index + 3 < input.count else { break }
        let low = unit(index + 2)
        guard low >= 0xDC00 && low <= 0xDFFF else {
          return "invalid UTF-16: high surrogate U+\(hex(scalar)) without a low surrogate"
        }
        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        width = 4
      } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
        return "invalid UTF-16: low surrogate U+\(hex(scalar)) without a high surrogate"
      } else if scalar == 0xFFFE || scalar == 0xFFFF {
        return "illegal character U+\(hex(scalar)) (not allowed in XML)"
      }
      appendUTF8(scalar, to: &output)
      index += width
    }
    if index < input.count {
      if isFinal { return "invalid UTF-16: the document ends inside a character" }
      carry = Array(input[index...])
    }
    return nil
  }
}

/// Appends the UTF-8 form of a scalar value.
@inline(__always)
func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
  switch scalar {
  case 0..<0x80:
    output.append(UInt8(scalar))
  case 0x80..<0x800:
    output.append(UInt8(0xC0 | scalar >> 6))
    output.append(UInt8(0x80 | scalar & 0x3F))
  case 0x800..<0x10000:
    output.append(UInt8(0xE0 | scalar >> 12))
    output.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
    output.append(UInt8(0x80 | scalar & 0x3F))
  default:
    output.append(UInt8(0xF0 | scalar >> 18))
    output.append(UInt8(0x80 | (scalar >> 12) & 0x3F))
    output.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
    output.append(UInt8(0x80 | scalar & 0x3F))
  }
}

/// Uppercase hexadecimal, at least two digits.
func hex<T: BinaryInteger>(_ value: T) -> String {
  let digits = String(value, radix: 16, uppercase: true)
  return digits.count < 2 ? "0" + digits : digits
}

/// Detects the encoding from the first bytes: a byte order mark, the UTF-16 form of
/// `<?`, and the `encoding=` of an XML declaration in an 8-bit encoding.
///
/// - Returns: the encoding, how many bytes of byte order mark to skip, and an error
///   message for an encoding that is declared but not supported.
func detectEncoding(_ prefix: [UInt8]) -> (XMLEncoding, bomLength: Int, error: String?) {
  // A byte order mark decides; the declaration must then only name a supported encoding.
  if prefix.starts(with: [0xEF, 0xBB, 0xBF]) {
    return (.utf8, 3, unsupported(declaredEncoding(prefix.dropFirst(3))))
  }
  if prefix.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2, nil) }
  if prefix.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2, nil) }
  if prefix.starts(with: [0x3C, 0x00, 0x3F, 0x00]) { return (.utf16LittleEndian, 0, nil) }
  if prefix.starts(with: [0x00, 0x3C, 0x00, 0x3F]) { return (.utf16BigEndian, 0, nil) }
  guard let declared = declaredEncoding(prefix[...]) else { return (.utf8, 0, nil) }
  guard let encoding = XMLEncoding(declared: declared) else {
    return (.utf8, 0, unsupported(declared))
  }
  if encoding.isUTF16 {
    return (
      .utf8, 0,
      "the document declares encoding '\(declared)' but is not UTF-16 (no byte order mark, and '<?xml' is written in single bytes)"
    )
  }
  return (encoding, 0, nil)
}

/// The error for a declared encoding that is not supported, or nil.
func unsupported(_ declared: String?) -> String? {
  guard let declared, XMLEncoding(declared: declared) == nil else { return nil }
  return
    "unsupported encoding '\(declared)' (Tarjuman reads UTF-8, UTF-16, US-ASCII and ISO-8859-1; convert the file to UTF-8 first)"
}

/// The value of `encoding=` in an XML declaration at the start of `bytes` (read as
/// ASCII), if there is one.
func declaredEncoding(_ bytes: ArraySlice<UInt8>) -> String? {
  guard bytes.starts(with: Array("<?xml".utf8)) else { return nil }
  let declaration = bytes.prefix(512)
  guard let close = declaration.firstIndex(of: UInt8(ascii: ">")) else { return nil }
  let text = String(decoding: declaration[..<close], as: UTF8.self)
  guard let range = text.range(of: "encoding") else { return nil }
  var rest = text[range.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
  guard rest.first == "=" else { return nil }
  rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
  guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
  rest = rest.dropFirst()
  guard let end = rest.firstIndex(of: quote) else { return nil }
  return String(rest[..<end])
}
