import Foundation
import TarjumanText

/// One step of a pipeline: it rewrites, splits or drops records. Steps are immutable and
/// shared by the worker threads; each thread has its own workspace.
public protocol RecordStep: Sendable {
  /// The step's name in reports and pipeline files.
  var name: String { get }

  /// Scratch state for one thread (break iterators, caches), or nil when none is needed.
  func makeWorkspace() throws(PreprocessError) -> AnyObject?

  /// Applies the step to `records`, leaving the result in `records`.
  ///
  /// - Parameters:
  ///   - tally: counts of what the step did (drops by reason, replacements).
  ///   - workspace: what ``makeWorkspace()`` returned, on this thread.
  func apply(_ records: inout [Record], tally: inout Tally, workspace: AnyObject?)
}

/// Counts gathered by the steps for one batch, then summed in input order.
public struct Tally: Sendable, Equatable {
  /// Records dropped, per reason ("min-length", "duplicate", ...).
  public var dropped: [String: Int] = [:]
  /// Names canonicalized, per concept identifier.
  public var canonicalized: [String: Int] = [:]
  /// Records that sentence splitting turned into more than one.
  public var recordsSplit = 0
  /// Multi-column records left whole because their columns split into different numbers
  /// of sentences.
  public var splitMismatches = 0

  /// Creates an empty tally.
  public init() {}

  /// Whether nothing was counted.
  var isEmpty: Bool {
    dropped.isEmpty && canonicalized.isEmpty && recordsSplit == 0 && splitMismatches == 0
  }

  mutating func drop(_ reason: String, _ count: Int = 1) { dropped[reason, default: 0] += count }

  /// Adds another tally's counts.
  public mutating func add(_ other: Tally) {
    for (reason, count) in other.dropped { dropped[reason, default: 0] += count }
    for (concept, count) in other.canonicalized { canonicalized[concept, default: 0] += count }
    recordsSplit += other.recordsSplit
    splitMismatches += other.splitMismatches
  }
}

/// The language last detected on one thread, shared by the steps of a worker: the
/// canonicalize and split steps both ask for the language of the same field, and the
/// detector reads every letter. Keeps a copy of the bytes (not the field's buffer, which
/// a later step may then rewrite in place without a copy).
final class LanguageMemo {
  // `@exclusivity(unchecked)`: one worker's, used by one thread, one access at a time.
  @exclusivity(unchecked) private var bytes: [UInt8] = []
  @exclusivity(unchecked) private var detected = TextLanguage.en
  @exclusivity(unchecked) private var known = false

  /// The language of `field` in `column`: the column's, or for `.auto` the detector's
  /// (English when its letters do not tell).
  func language(of field: [UInt8], in column: Column) -> TextLanguage {
    field.withUnsafeBufferPointer { language(of: $0, setting: column.language) }
  }

  /// The language of `field` in a column whose language setting is `setting`.
  func language(of field: UnsafeBufferPointer<UInt8>, setting: LanguageSetting) -> TextLanguage {
    if case .fixed(let language) = setting { return language }
    if known && field.count == bytes.count
      && bytes.withUnsafeBufferPointer({ saved in
        guard let savedBase = saved.baseAddress, let base = field.baseAddress else {
          return true
        }
        return memcmp(savedBase, base, saved.count) == 0
      })
    {
      return detected
    }
    detected = LanguageDetector.detect(utf8: field) ?? .en
    bytes.removeAll(keepingCapacity: true)
    bytes.append(contentsOf: field)
    known = true
    return detected
  }
}

/// A workspace that asks for languages through the worker's shared ``LanguageMemo``.
protocol UsesLanguageMemo: AnyObject {
  var languages: LanguageMemo { get set }
}

/// Whether a byte range holds only white space (ASCII, no-break and other Unicode spaces).
func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
  // ASCII white space is U+0009...U+000D and U+0020; anything else goes by its scalars.
  if bytes.allSatisfy({ $0 < 0x80 }) {
    return bytes.allSatisfy { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
  }
  return String(decoding: bytes, as: UTF8.self).unicodeScalars.allSatisfy(\.properties.isWhitespace)
}

/// `range` of `bytes` without leading and trailing spaces and tabs.
func trimmedRange(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
  var lower = range.lowerBound
  var upper = range.upperBound
  while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
  while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
  return lower..<upper
}

/// The range without leading and trailing spaces and tabs.
func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
  let kept = bytes.withUnsafeBufferPointer { trimmedRange($0, 0..<$0.count) }
  return bytes[(bytes.startIndex + kept.lowerBound)..<(bytes.startIndex + kept.upperBound)]
}
