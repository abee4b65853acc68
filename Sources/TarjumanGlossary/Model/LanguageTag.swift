/// A BCP 47 language tag (`en`, `fa`, `ar-SY`, `fa-Arab-AF`, `en-x-news`), checked for
/// well-formedness by RFC 5646's grammar and kept in its conventional case (`fa-Arab-AF`).
///
/// Tags compare case-insensitively, as BCP 47 says: `FA-af` and `fa-AF` are one tag.
public struct LanguageTag: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The tag in conventional case: language lowercase, script titlecase, region uppercase.
  public let rawValue: String

  /// The primary language subtag, lowercase (`fa` for `fa-AF`).
  public var language: Substring {
    rawValue.prefix { $0 != "-" }
  }

  /// Checks and normalizes a tag; nil when it is not a well-formed BCP 47 tag.
  public init?(_ string: String) {
    guard let canonical = Self.canonicalForm(string) else { return nil }
    rawValue = canonical
  }

  public var description: String { rawValue }

  public static func < (lhs: LanguageTag, rhs: LanguageTag) -> Bool { lhs.rawValue < rhs.rawValue }

  /// Whether this tag falls under `range` in the sense of RFC 4647 basic filtering:
  /// `fa-AF` falls under `fa`, and everything falls under `*`.
  public func matches(_ range: LanguageTag) -> Bool {
    if range.rawValue == "*" || rawValue.lowercased() == range.rawValue.lowercased() { return true }
    let prefix = range.rawValue.lowercased() + "-"
    return rawValue.lowercased().hasPrefix(prefix)
  }

  /// English, Persian and Arabic: the languages Tarjuman ships data for.
  public static let english = LanguageTag(trusted: "en")
  public static let persian = LanguageTag(trusted: "fa")
  public static let arabic = LanguageTag(trusted: "ar")
  /// The wildcard range `*`, which every tag matches.
  public static let any = LanguageTag(trusted: "*")

  private init(trusted: String) { rawValue = trusted }

  // MARK: RFC 5646 grammar

  private static let irregular: Set<String> = [
    "en-gb-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux",
    "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-be-fr", "sgn-be-nl",
    "sgn-ch-de", "art-lojban", "cel-gaulish", "no-bok", "no-nyn", "zh-guoyu", "zh-hakka",
    "zh-min", "zh-min-nan", "zh-xiang",
  ]

  /// The tag in conventional case, or nil when the grammar rejects it.
  static func canonicalForm(_ string: String) -> String? {
    guard !string.isEmpty, string.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
    let lower = string.lowercased()
    if irregular.contains(lower) { return lower }
    let subtags = lower.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
    guard subtags.allSatisfy({ !$0.isEmpty && $0.count <= 8 && $0.allSatisfy(\.isASCIIAlnum) })
    else { return nil }
    var index = 0
    var output: [String] = []
    func at(_ i: Int) -> String? { i < subtags.count ? subtags[i] : nil }

    // A tag that is only private use: x-whatever.
    if subtags[0] == "x" {
      guard subtags.count > 1 else { return nil }
      return lower
    }
    // language = 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA
    let language = subtags[0]
    guard language.allSatisfy(\.isASCIILetter), (2...8).contains(language.count) else {
      return nil
    }
    output.append(language)
    index = 1
    if language.count <= 3 {
      var extlangs = 0
      while let next = at(index), next.count == 3, next.allSatisfy(\.isASCIILetter), extlangs < 3 {
        output.append(next)
        index += 1
        extlangs += 1
      }
    }
    // script = 4ALPHA
    if let next = at(index), next.count == 4, next.allSatisfy(\.isASCIILetter) {
      output.append(next.prefix(1).uppercased() + next.dropFirst())
      index += 1
    }
    // region = 2ALPHA / 3DIGIT
    if let next = at(index),
      (next.count == 2 && next.allSatisfy(\.isASCIILetter))
        || (next.count == 3 && next.allSatisfy(\.isASCIIDigit))
    {
      output.append(next.uppercased())
      index += 1
    }
    // variant = 5*8alphanum / (DIGIT 3alphanum), no repeats
    var variants = Set<String>()
    while let next = at(index),
      next.count >= 5 || (next.count == 4 && next.first?.isASCIIDigit == true)
    {
      guard variants.insert(next).inserted else { return nil }
      output.append(next)
      index += 1
    }
    // extension = singleton 1*("-" (2*8alphanum)), each singleton once
    var singletons = Set<String>()
    while let next = at(index), next.count == 1, next != "x" {
      guard singletons.insert(next).inserted else { return nil }
      output.append(next)
      index += 1
      var parts = 0
      while let part = at(index), part.count >= 2 {
        output.append(part)
        index += 1
        parts += 1
      }
      guard parts > 0 else { return nil }
    }
    // privateuse = "x" 1*("-" (1*8alphanum))
    if let next = at(index), next == "x" {
      guard index + 1 < subtags.count else { return nil }
      output.append(contentsOf: subtags[index...])
      index = subtags.count
    }
    guard index == subtags.count else { return nil }
    return output.joined(separator: "-")
  }
}

extension Character {
  fileprivate var isASCIILetter: Bool { isASCII && isLetter }
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
  fileprivate var isASCIIAlnum: Bool { isASCIILetter || isASCIIDigit }
}
