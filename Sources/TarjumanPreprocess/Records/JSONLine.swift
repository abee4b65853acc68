/// Just enough JSON for JSON Lines: checks that a line is one well-formed object and
/// finds the string values of named top-level fields, without building the object.
enum JSONLine {
  /// The ranges (quotes included) of the string values of `fields`, in that order, or a
  /// message saying why the line cannot be used.
  static func locate(
    _ line: UnsafeBufferPointer<UInt8>, fields: [[UInt8]]
  ) -> Result<[Range<Int>], JSONProblem> {
    var scanner = Scanner(bytes: line)
    var found = [Range<Int>?](repeating: nil, count: fields.count)
    scanner.skipSpace()
    guard scanner.peek == UInt8(ascii: "{") else { return .failure(.init("not a JSON object")) }
    scanner.index += 1
    scanner.skipSpace()
    if scanner.peek == UInt8(ascii: "}") {
      scanner.index += 1
    } else {
      while true {
        scanner.skipSpace()
        guard let keyRange = scanner.string() else {
          return .failure(.init("broken JSON: a key is expected at byte \(scanner.index + 1)"))
        }
        scanner.skipSpace()
        guard scanner.peek == UInt8(ascii: ":") else {
          return .failure(.init("broken JSON: ':' is expected at byte \(scanner.index + 1)"))
        }
        scanner.index += 1
        scanner.skipSpace()
        let valueStart = scanner.index
        guard scanner.value(depth: 0) else {
          return .failure(.init("broken JSON value at byte \(valueStart + 1)"))
        }
        let key = decode(UnsafeBufferPointer(rebasing: line[keyRange]))
        if let position = fields.firstIndex(of: key), line[valueStart] == UInt8(ascii: "\"") {
          found[position] = valueStart..<scanner.index
        }
        scanner.skipSpace()
        if scanner.peek == UInt8(ascii: ",") {
          scanner.index += 1
          continue
        }
        guard scanner.peek == UInt8(ascii: "}") else {
          return .failure(.init("broken JSON: ',' or '}' is expected at byte \(scanner.index + 1)"))
        }
        scanner.index += 1
        break
      }
    }
    scanner.skipSpace()
    guard scanner.index == line.count else {
      return .failure(.init("broken JSON: text after the object"))
    }
    var ranges: [Range<Int>] = []
    for (position, range) in found.enumerated() {
      guard let range else {
        let name = String(decoding: fields[position], as: UTF8.self)
        return .failure(.init("no string field \"\(name)\""))
      }
      ranges.append(range)
    }
    return .success(ranges)
  }

  /// The text of a JSON string (with its quotes), escapes decoded.
  static func decode(_ quoted: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(quoted.count)
    var index = 1
    let end = quoted.count - 1
    while index < end {
      let byte = quoted[index]
      guard byte == UInt8(ascii: "\\"), index + 1 < end else {
        output.append(byte)
        index += 1
        continue
      }
      let escape = quoted[index + 1]
      index += 2
      switch escape {
      case UInt8(ascii: "n"): output.append(0x0A)
      case UInt8(ascii: "t"): output.append(0x09)
      case UInt8(ascii: "r"): output.append(0x0D)
      case UInt8(ascii: "b"): output.append(0x08)
      case UInt8(ascii: "f"): output.append(0x0C)
      case UInt8(ascii: "u"):
        var value = hex4(quoted, index) ?? 0xFFFD
        index += 4
        if (0xD800..<0xDC00).contains(value), index + 6 <= end,
          quoted[index] == UInt8(ascii: "\\"), quoted[index + 1] == UInt8(ascii: "u"),
          let low = hex4(quoted, index + 2), (0xDC00..<0xE000).contains(low)
        {
          value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
          index += 6
        }
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        output.append(contentsOf: String(scalar).utf8)
      default: output.append(escape)
      }
    }
    return output
  }

  private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> UInt32? {
    guard start + 4 <= bytes.count else { return nil }
    var value: UInt32 = 0
    for byte in bytes[start..<start + 4] {
      guard let digit = hexValue(byte) else { return nil }
      value = value << 4 | digit
    }
    return value
  }

  private static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
  }

  /// Appends text as a JSON string, quotes included.
  static func encode(_ text: [UInt8], into output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    for byte in text {
      switch byte {
      case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
      case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0..<0x20:
        let digits = Array("0123456789abcdef".utf8)
        output.append(contentsOf: Array("\\u00".utf8))
        output.append(digits[Int(byte >> 4)])
        output.append(digits[Int(byte & 0x0F)])
      default: output.append(byte)
      }
    }
    output.append(UInt8(ascii: "\""))
  }

  private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
      while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A {
        index += 1
      }
    }

    /// Skips a string; returns its range, quotes included.
    mutating func string() -> Range<Int>? {
      guard peek == UInt8(ascii: "\"") else { return nil }
      let start = index
      index += 1
      while index < bytes.count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\\") {
          index += 2
          continue
        }
        if byte < 0x20 { return nil }
        index += 1
        if byte == UInt8(ascii: "\"") { return start..<index }
      }
      return nil
    }

    mutating func value(depth: Int) -> Bool {
      guard depth < 512, let byte = peek else { return false }
      switch byte {
      case UInt8(ascii: "\""): return string() != nil
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
        index += 1
        skipSpace()
        if peek == close {
          index += 1
          return true
        }
        while true {
          skipSpace()
          if close == UInt8(ascii: "}") {
            guard string() != nil else { return false }
            skipSpace()
            guard peek == UInt8(ascii: ":") else { return false }
            index += 1
            skipSpace()
          }
          guard value(depth: depth + 1) else { return false }
          skipSpace()
          if peek == UInt8(ascii: ",") {
            index += 1
            continue
          }
          guard peek == close else { return false }
          index += 1
          return true
        }
      default:
        // A number or a literal: a run of the characters they are made of.
        let start = index
        while let next = peek,
          (next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9"))
            || (next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z"))
            || next == UInt8(ascii: "-") || next == UInt8(ascii: "+")
            || next == UInt8(ascii: ".") || next == UInt8(ascii: "E")
        {
          index += 1
        }
        let word = String(decoding: bytes[start..<index], as: UTF8.self)
        if word == "true" || word == "false" || word == "null" { return true }
        return !word.isEmpty && Double(word) != nil
      }
    }
  }
}

/// Why a JSON line cannot be used.
struct JSONProblem: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
