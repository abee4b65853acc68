import Testing

// Swift's `String ==` compares by canonical equivalence, so "e\u{301}" == "é" is true.
// Normalization tests must compare scalar by scalar instead; these helpers do, and on a
// mismatch they print both strings as code points so that invisible marks, ZWNJ and
// look-alike letters are readable in the failure message.

/// A string's scalars as "U+0628 U+064E U+0651".
func codePoints(_ text: String) -> String {
  text.unicodeScalars.map { codePoint($0.value) }.joined(separator: " ")
}

/// One code point as "U+XXXX" (at least four hex digits).
func codePoint(_ value: UInt32) -> String {
  let hex = String(value, radix: 16, uppercase: true)
  return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}

/// Whether two strings have exactly the same scalars (no canonical equivalence).
func sameScalars(_ left: String, _ right: String) -> Bool {
  left.unicodeScalars.elementsEqual(right.unicodeScalars)
}

/// Expects two strings to have exactly the same scalars; on a mismatch records both as
/// code points (long strings are summarized by length and first difference).
@discardableResult
func expectSameScalars(
  _ actual: String, _ expected: String, _ comment: Comment? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
  if sameScalars(actual, expected) { return true }
  let prefix = comment.map { "\($0): " } ?? ""
  Issue.record(
    Comment(rawValue: prefix + describeDifference(actual: actual, expected: expected)),
    sourceLocation: sourceLocation)
  return false
}

/// Expects two lists of strings to match element by element, scalar by scalar.
@discardableResult
func expectSameScalars(
  _ actual: [String], _ expected: [String], _ comment: Comment? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
  if actual.count == expected.count && zip(actual, expected).allSatisfy(sameScalars) {
    return true
  }
  let prefix = comment.map { "\($0): " } ?? ""
  let show = { (list: [String]) in list.map { "[\(codePoints($0))]" }.joined(separator: ", ") }
  Issue.record(
    Comment(
      rawValue: prefix + "expected \(expected.count) strings \(show(expected))\n"
        + "     got \(actual.count) strings \(show(actual))\n"
        + "expected \(expected)\n     got \(actual)"),
    sourceLocation: sourceLocation)
  return false
}

private func describeDifference(actual: String, expected: String) -> String {
  let a = Array(actual.unicodeScalars)
  let e = Array(expected.unicodeScalars)
  if a.count <= 40 && e.count <= 40 {
    return
      "expected \(codePoints(expected)) (\"\(expected)\")\n     got \(codePoints(actual)) (\"\(actual)\")"
  }
  let first =
    zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset
    ?? min(a.count, e.count)
  let window = { (s: [Unicode.Scalar]) in
    first >= s.count
      ? "(end of string)"
      : s[first..<min(first + 8, s.count)].map { codePoint($0.value) }.joined(separator: " ")
        + " ..."
  }
  return "expected \(e.count) scalars, got \(a.count); first difference at scalar \(first): "
    + "expected \(window(e)), got \(window(a))"
}
