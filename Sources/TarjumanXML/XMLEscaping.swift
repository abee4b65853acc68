/// Escaping for XML writers.
///
/// Characters XML 1.0 cannot carry at all (C0 controls other than tab, line feed and
/// carriage return, U+FFFE, U+FFFF) become U+FFFD, so that the output is always
/// well-formed.
public enum XMLEscaping {
  /// Escapes character data: `&` `<` `>`, and a carriage return as `&#xD;` so that line
  /// end normalization does not turn it into a line feed.
  public static func text(_ string: String) -> String {
    escape(string, inAttribute: false)
  }

  /// Escapes an attribute value for double quotes: `&` `<` `>` `"`, and tab, line feed
  /// and carriage return as `&#x9;` `&#xA;` `&#xD;`, which attribute value
  /// normalization would otherwise turn into spaces.
  public static func attribute(_ string: String) -> String {
    escape(string, inAttribute: true)
  }

  private static func escape(_ string: String, inAttribute: Bool) -> String {
    // Most values need nothing: answer them without building a new string.
    let needsWork = string.utf8.contains { byte in
      byte == 0x26 || byte == 0x3C || byte == 0x3E || byte < 0x20 || byte == 0xEF
        || (inAttribute && byte == 0x22)
    }
    guard needsWork else { return string }
    var output = String.UnicodeScalarView()
    for scalar in string.unicodeScalars {
      switch scalar {
      case "&": output.append(contentsOf: "&amp;".unicodeScalars)
      case "<": output.append(contentsOf: "&lt;".unicodeScalars)
      case ">": output.append(contentsOf: "&gt;".unicodeScalars)
      case "\"" where inAttribute: output.append(contentsOf: "&quot;".unicodeScalars)
      case "\r": output.append(contentsOf: "&#xD;".unicodeScalars)
      case "\t" where inAttribute: output.append(contentsOf: "&#x9;".unicodeScalars)
      case "\n" where inAttribute: output.append(contentsOf: "&#xA;".unicodeScalars)
      case "\t", "\n": output.append(scalar)
      case "\u{FFFE}", "\u{FFFF}": output.append("\u{FFFD}")
      default:
        output.append(scalar.value < 0x20 ? "\u{FFFD}" : scalar)
      }
    }
    return String(output)
  }
}
