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

  mutating func drop(_ reason: String, _ count: Int = 1) { dropped[reason, default: 0] += count }

  /// Adds another tally's counts.
  public mutating func add(_ other: Tally) {
    for (reason, count) in other.dropped { dropped[reason, default: 0] += count }
    for (concept, count) in other.canonicalized { canonicalized[concept, default: 0] += count }
    recordsSplit += other.recordsSplit
    splitMismatches += other.splitMismatches
  }
}

/// The language of a field: the column's, or the one its letters say for `.auto`.
func language(of field: [UInt8], in column: Column) -> TextLanguage {
  switch column.language {
  case .fixed(let language): return language
  case .auto:
    return field.withUnsafeBufferPointer { LanguageDetector.detect(utf8: $0) } ?? .en
  }
}

/// UTF-16 text with the UTF-8 offset of each code unit, for ICU's break iterators.
final class UTF16Scratch {
  var units: [UInt16] = []
  /// `offsets[i]` is the UTF-8 offset where unit `i` starts; one extra entry at the end.
  var offsets: [Int] = []

  func load(_ bytes: [UInt8]) {
    units.removeAll(keepingCapacity: true)
    offsets.removeAll(keepingCapacity: true)
    var index = 0
    let count = bytes.count
    while index < count {
      let byte = bytes[index]
      var scalar: UInt32
      var length: Int
      if byte < 0x80 {
        scalar = UInt32(byte)
        length = 1
      } else if byte < 0xE0 {
        scalar = UInt32(byte & 0x1F)
        length = 2
      } else if byte < 0xF0 {
        scalar = UInt32(byte & 0x0F)
        length = 3
      } else {
        scalar = UInt32(byte & 0x07)
        length = 4
      }
      length = min(length, count - index)
      for offset in 1..<max(length, 1) {
        scalar = scalar << 6 | UInt32(bytes[index + offset] & 0x3F)
      }
      if scalar >= 0x10000 {
        let value = scalar - 0x10000
        units.append(UInt16(0xD800 + (value >> 10)))
        units.append(UInt16(0xDC00 + (value & 0x3FF)))
        offsets.append(index)
        offsets.append(index)
      } else {
        units.append(UInt16(scalar))
        offsets.append(index)
      }
      index += length
    }
    offsets.append(count)
  }
}

/// Whether a byte range holds only white space (ASCII, no-break and other Unicode spaces).
func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
  String(decoding: bytes, as: UTF8.self).unicodeScalars.allSatisfy(\.properties.isWhitespace)
}

/// The range without leading and trailing white space.
func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
  var lower = bytes.startIndex
  var upper = bytes.endIndex
  while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
  while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
  return bytes[lower..<upper]
}
