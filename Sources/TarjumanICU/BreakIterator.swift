internal import CTarjumanICU

/// Finds sentence or word boundaries with ICU's rules for a locale (en, fa, ar).
///
/// ICU's `UBreakIterator` holds a pointer to the text it scans and is not thread-safe:
/// a `BreakIterator` is for one thread at a time, and a worker takes its own ``clone()``.
/// Opening one loads and compiles rule data (about a millisecond); keep it and reuse it.
///
///     let sentences = try BreakIterator(.sentence, locale: "en")
///     sentences.sentences(in: "Dr. Smith left. He came back.")
///     // ["Dr. Smith left. ", "He came back."] with ICU's suppressions; see `locale`.
///
/// The corresponding ICU functions are `ubrk_open`, `ubrk_clone` and `ubrk_close`.
public final class BreakIterator {
  /// The kind of boundary to find.
  public enum Kind: Int32, Sendable {
    /// Grapheme clusters (user-perceived characters).
    case character = 0
    /// Words, with a rule status telling letters from numbers and punctuation.
    case word = 1
    /// Line-break opportunities.
    case line = 2
    /// Sentences.
    case sentence = 3
  }

  private let handle: OpaquePointer
  /// The kind of boundaries this iterator finds.
  public let kind: Kind
  /// The ICU locale, such as "fa", "ar", or "en@ss=standard" (which suppresses sentence
  /// breaks after common abbreviations like "Mr.").
  public let locale: String

  /// Opens a break iterator.
  ///
  /// - Throws: `ICUError` if ICU has no rules for the kind.
  public init(_ kind: Kind, locale: String) throws(ICUError) {
    var status: Int32 = 0
    let opened = tj_break_iterator_open(kind.rawValue, locale, &status)
    try status.checkICUSuccess("opening \(kind) break iterator for \(locale)")
    guard let opened else { throw ICUError(code: 7, context: "opening break iterator") }
    self.handle = opened
    self.kind = kind
    self.locale = locale
  }

  private init(handle: OpaquePointer, kind: Kind, locale: String) {
    self.handle = handle
    self.kind = kind
    self.locale = locale
  }

  deinit { tj_break_iterator_close(handle) }

  /// A new, independent iterator with the same rules, for another thread.
  ///
  /// - Throws: `ICUError` if ICU cannot clone it.
  /// The corresponding ICU function is `ubrk_clone`.
  public func clone() throws(ICUError) -> BreakIterator {
    var status: Int32 = 0
    let copy = tj_break_iterator_clone(handle, &status)
    try status.checkICUSuccess("cloning break iterator")
    guard let copy else { throw ICUError(code: 7, context: "cloning break iterator") }
    return BreakIterator(handle: copy, kind: kind, locale: locale)
  }

  /// A boundary and the status of the rule that produced it.
  public struct Boundary: Hashable, Sendable {
    /// The offset in UTF-16 code units.
    public var offset: Int
    /// ICU's rule status: for words, 0 for spaces and punctuation, 100–199 numbers,
    /// 200–299 letters.
    public var ruleStatus: Int32
  }

  /// All boundaries in UTF-16 text, starting with 0 and ending with its length.
  ///
  /// - Throws: `ICUError` if ICU rejects the text.
  /// The corresponding ICU functions are `ubrk_setText`, `ubrk_first` and `ubrk_next`.
  public func boundaries(in units: UnsafeBufferPointer<UInt16>) throws(ICUError) -> [Boundary] {
    var status: Int32 = 0
    tj_break_iterator_set_text(handle, units.nonNullBase, Int32(units.count), &status)
    try status.checkICUSuccess("setting break iterator text")
    var result = [Boundary(offset: Int(tj_break_iterator_first(handle)), ruleStatus: 0)]
    while true {
      let next = tj_break_iterator_next(handle)
      if next == TJ_BREAK_DONE { break }
      result.append(
        Boundary(offset: Int(next), ruleStatus: tj_break_iterator_rule_status(handle)))
    }
    // Stop the iterator from pointing at memory that is about to be released.
    tj_break_iterator_set_text(handle, units.nonNullBase, 0, &status)
    return result
  }

  /// Appends the boundaries of UTF-8 text to `result` as byte offsets, starting with 0
  /// and ending with its length, without converting the text to UTF-16 (ICU reads the
  /// bytes through a `UText`). The boundaries are those ``boundaries(in:)`` finds in the
  /// same text as UTF-16. The bytes must be valid UTF-8.
  ///
  /// - Throws: `ICUError` if ICU rejects the text.
  /// The corresponding ICU functions are `utext_openUTF8`, `ubrk_setUText`, `ubrk_first`
  /// and `ubrk_next`.
  public func appendBoundaries(
    utf8 bytes: UnsafeBufferPointer<UInt8>, to result: inout [Boundary]
  ) throws(ICUError) {
    var status: Int32 = 0
    let empty: StaticString = ""
    let base = UnsafeRawPointer(bytes.baseAddress ?? empty.utf8Start)
      .assumingMemoryBound(to: CChar.self)
    tj_break_iterator_set_utf8(handle, base, Int64(bytes.count), &status)
    try status.checkICUSuccess("setting break iterator text")
    result.append(Boundary(offset: Int(tj_break_iterator_first(handle)), ruleStatus: 0))
    while true {
      let next = tj_break_iterator_next(handle)
      if next == TJ_BREAK_DONE { break }
      result.append(
        Boundary(offset: Int(next), ruleStatus: tj_break_iterator_rule_status(handle)))
    }
    // The iterator still points at the bytes; every method sets its text before it
    // iterates, and closing it does not read the text.
  }

  /// The pieces between consecutive boundaries of a string (sentences, words, ...).
  ///
  /// - Throws: `ICUError` if ICU rejects the text.
  public func segments(of text: String) throws(ICUError) -> [String] {
    let units = ContiguousArray(text.utf16)
    let found = try units.withUnsafeBufferPointer { (buffer) throws(ICUError) in
      try boundaries(in: buffer)
    }
    return zip(found, found.dropFirst()).map { start, end in
      String(decoding: units[start.offset..<end.offset], as: UTF16.self)
    }
  }

  /// The words of a string: the segments whose rule status says letter, number, kana or
  /// ideograph (spaces and punctuation are left out).
  ///
  /// - Throws: `ICUError` if ICU rejects the text.
  public func words(in text: String) throws(ICUError) -> [String] {
    let units = ContiguousArray(text.utf16)
    let found = try units.withUnsafeBufferPointer { (buffer) throws(ICUError) in
      try boundaries(in: buffer)
    }
    return zip(found, found.dropFirst()).compactMap { start, end in
      end.ruleStatus >= 100
        ? String(decoding: units[start.offset..<end.offset], as: UTF16.self) : nil
    }
  }
}
