internal import CTarjumanICU
import Synchronization

/// An ICU transliterator: a built-in transform such as `Any-Latin; Latin-ASCII`, or
/// rules of the project's own in ICU transform rule syntax.
///
/// Opening a rule-based or compound transliterator costs milliseconds, so open each once
/// (see ``TransliteratorCache``) and reuse it. ICU's `UTransliterator` must not run on two
/// threads at once: this class serializes calls with a lock, and a worker that
/// transliterates a lot takes its own ``clone()`` to avoid waiting on that lock.
///
///     let romanizer = try Transliterator(id: "Any-Latin; Latin-ASCII")
///     try romanizer.transliterate("Москва")  // "Moskva"
///
/// The corresponding ICU functions are `utrans_openU`, `utrans_clone` and `utrans_close`.
public final class Transliterator: @unchecked Sendable {
  // @unchecked: every use of `handle` after init happens under `lock`.
  private let handle: OpaquePointer
  private let lock = Mutex(())

  /// The transliterator's ID, such as "Any-Latin; Latin-ASCII" or a rule set's own name.
  public let id: String

  /// Whether this is a compiled rule set (`true`) or a built-in transform (`false`).
  public let isRuleBased: Bool

  /// Opens a built-in transliterator by ID, or compiles `rules` when they are given.
  ///
  /// - Parameters:
  ///   - id: a built-in ID (`Any-Latin`, `Arabic-Latin; Latin-ASCII`), or the name to give
  ///     the rule set.
  ///   - rules: transform rules in ICU syntax, or nil for a built-in ID.
  ///   - reverse: whether to run the transform in reverse.
  /// - Throws: `TransliteratorError` naming the line and offset of a rule syntax error,
  ///   or the ICU status when the ID is unknown.
  public init(id: String, rules: String? = nil, reverse: Bool = false) throws(TransliteratorError) {
    var status: Int32 = 0
    var errorLine: Int32 = 0
    var errorOffset: Int32 = 0
    let idUnits = ContiguousArray(id.utf16)
    let ruleUnits = rules.map { ContiguousArray($0.utf16) }
    let opened: OpaquePointer? = idUnits.withUnsafeBufferPointer { idBuffer in
      func open(_ rulesBuffer: UnsafeBufferPointer<UInt16>?) -> OpaquePointer? {
        tj_transliterator_open(
          idBuffer.nonNullBase, Int32(idBuffer.count), rulesBuffer?.nonNullBase,
          Int32(rulesBuffer?.count ?? 0), reverse ? 1 : 0, &errorLine, &errorOffset, &status)
      }
      guard let ruleUnits else { return open(nil) }
      return ruleUnits.withUnsafeBufferPointer { open($0) }
    }
    guard status <= 0, let opened else {
      throw TransliteratorError(
        id: id, status: ICUError(code: status == 0 ? 1 : status),
        ruleLine: rules == nil ? nil : Int(errorLine),
        ruleOffset: rules == nil ? nil : Int(errorOffset))
    }
    self.handle = opened
    self.id = id
    self.isRuleBased = rules != nil
  }

  private init(handle: OpaquePointer, id: String, isRuleBased: Bool) {
    self.handle = handle
    self.id = id
    self.isRuleBased = isRuleBased
  }

  deinit { tj_transliterator_close(handle) }

  /// A new, independent transliterator that behaves like this one, for another thread.
  ///
  /// - Throws: `ICUError` if ICU cannot clone it.
  /// The corresponding ICU function is `utrans_clone`.
  public func clone() throws(ICUError) -> Transliterator {
    var status: Int32 = 0
    let copy = lock.withLock { _ in tj_transliterator_clone(handle, &status) }
    try status.checkICUSuccess("cloning transliterator \(id)")
    guard let copy else { throw ICUError(code: 7, context: "cloning transliterator \(id)") }
    return Transliterator(handle: copy, id: id, isRuleBased: isRuleBased)
  }

  /// Transliterates a string.
  ///
  /// - Throws: `ICUError` if ICU fails.
  /// The corresponding ICU function is `utrans_transUChars`.
  public func transliterate(_ text: String) throws(ICUError) -> String {
    var units = Array(text.utf16)
    try transliterate(&units)
    return String(decoding: units, as: UTF16.self)
  }

  /// Transliterates UTF-16 code units in place, growing the buffer when the result is
  /// longer than the input.
  ///
  /// - Throws: `ICUError` if ICU fails.
  /// The corresponding ICU function is `utrans_transUChars`.
  public func transliterate(_ units: inout [UInt16]) throws(ICUError) {
    let original = units
    var capacity = max(original.count * 2, 16)
    // utrans_transUChars rewrites the buffer in place until it runs out of room, so a
    // retry must start again from the original text.
    for _ in 0..<2 {
      units = original
      units.append(contentsOf: repeatElement(0, count: capacity - units.count))
      var length = Int32(original.count)
      var status: Int32 = 0
      lock.withLock { _ in
        units.withUnsafeMutableBufferPointer { buffer in
          tj_transliterator_transliterate(
            handle, buffer.baseAddress.unsafelyUnwrapped, &length, Int32(capacity), &status)
        }
      }
      if status == Int32(TJ_BUFFER_OVERFLOW_ERROR) {
        // ICU reported the exact length it needs.
        capacity = Int(length) + 16
        continue
      }
      if status > 0 { units = original }
      try status.checkICUSuccess("transliterating with \(id)")
      units.removeSubrange(Int(length)...)
      return
    }
    units = original
    throw ICUError(code: Int32(TJ_BUFFER_OVERFLOW_ERROR), context: "transliterating with \(id)")
  }
}

/// A transliterator that could not be opened: an unknown ID, or rules with a syntax error.
public struct TransliteratorError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The ID that was asked for.
  public let id: String
  /// ICU's status, such as `U_INVALID_ID` or `U_MALFORMED_RULE`.
  public let status: ICUError
  /// For rule text: the line ICU reports for the failure (ICU 72 reports 0 for most
  /// syntax errors; `ruleOffset` then locates the error).
  public let ruleLine: Int?
  /// For rule text: the offset where parsing failed, counted from the start of the rules
  /// or of the line ICU names.
  public let ruleOffset: Int?

  public var description: String {
    var text = "cannot open transliterator \(id): \(status.name)"
    if let ruleLine, let ruleOffset { text += " (rule line \(ruleLine), offset \(ruleOffset))" }
    return text
  }
}
