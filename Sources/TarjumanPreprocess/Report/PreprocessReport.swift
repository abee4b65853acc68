import Foundation

/// What a run did: records in and out, drops by reason, bad input, names canonicalized.
public struct PreprocessReport: Sendable, Equatable {
  /// The output columns.
  public var columns: [String]
  /// Records read (lines, rows, JSON lines, line pairs, translation units).
  public var recordsIn = 0
  /// Records written.
  public var recordsOut = 0
  /// Bytes of input read (compressed bytes for gzip).
  public var bytesIn: Int64 = 0
  /// Bad input found, by kind (invalid-utf8, wrong-column-count, broken-csv, broken-json,
  /// broken-tmx, broken-xml).
  public var invalid: [String: Int] = [:]
  /// Bad records repaired and kept (`--on-invalid replace`).
  public var invalidReplaced = 0
  /// Bad records left out.
  public var invalidSkipped = 0
  /// What the steps counted: drops by reason, names by concept, sentence splits.
  public var tally = Tally()
  /// Worker threads.
  public var jobs = 1
  /// The deduplication mode, if any.
  public var dedupe: String?
  /// Times the fingerprint table was written to the spill folder as a sorted run.
  public var spillRuns = 0
  /// Wall-clock time.
  public var seconds = 0.0

  /// Creates an empty report.
  public init(columns: [String]) {
    self.columns = columns
  }

  private struct Encoded: Encodable {
    var columns: [String]
    var recordsIn: Int
    var recordsOut: Int
    var bytesIn: Int64
    var dropped: [String: Int]
    var invalid: [String: Int]
    var invalidReplaced: Int
    var invalidSkipped: Int
    var canonicalized: [String: Int]
    var recordsSplit: Int
    var splitMismatches: Int
    var dedupe: String?
    var spillRuns: Int
    var jobs: Int
    var seconds: Double
  }

  /// The report as pretty-printed JSON with sorted keys.
  public var json: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let value = Encoded(
      columns: columns, recordsIn: recordsIn, recordsOut: recordsOut, bytesIn: bytesIn,
      dropped: tally.dropped, invalid: invalid, invalidReplaced: invalidReplaced,
      invalidSkipped: invalidSkipped, canonicalized: tally.canonicalized,
      recordsSplit: tally.recordsSplit, splitMismatches: tally.splitMismatches, dedupe: dedupe,
      spillRuns: spillRuns, jobs: jobs, seconds: (seconds * 1000).rounded() / 1000)
    guard let data = try? encoder.encode(value) else { return "{}" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// A short summary for standard error.
  public var summary: String {
    var lines = ["\(recordsIn) records in, \(recordsOut) out"]
    let dropped = tally.dropped.sorted {
      $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
    }
    if !dropped.isEmpty {
      lines.append("dropped: " + dropped.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
    if !invalid.isEmpty {
      let kinds = invalid.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
      lines.append(
        "bad input: " + kinds.joined(separator: ", ")
          + " (\(invalidReplaced) replaced, \(invalidSkipped) skipped)")
    }
    if tally.recordsSplit > 0 {
      lines.append("split into sentences: \(tally.recordsSplit) records")
    }
    let names = tally.canonicalized.sorted {
      $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
    }
    if !names.isEmpty {
      let total = names.reduce(0) { $0 + $1.value }
      let top = names.prefix(10).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
      lines.append("names canonicalized: \(total) (\(top)\(names.count > 10 ? ", ..." : ""))")
    }
    return lines.joined(separator: "\n")
  }
}
