import Foundation
import TarjumanICU
import Testing

/// Unicode's own normalization test suite, from Debian's unicode-data package (Unicode
/// 15.0, the version of ICU 72). Without the package the suite shows up as skipped.
private let normalizationTestPath = "/usr/share/unicode/NormalizationTest.txt.bz2"

@Suite(
  "UnicodeNormalizer conformance (NormalizationTest.txt)",
  .enabled(
    if: FileManager.default.fileExists(atPath: normalizationTestPath),
    "needs \(normalizationTestPath) from the unicode-data package"))
struct UnicodeNormalizerConformanceTests {
  /// One data line: source; NFC; NFD; NFKC; NFKD.
  struct TestLine: Sendable {
    var lineNumber: Int
    var part: String
    /// c1 ... c5, as in the file's header (index 0 is c1).
    var columns: [String]
    var text: String
  }

  /// The most failures a test prints; the count of all of them is always reported.
  static let reportLimit = 20

  /// The decompressed file, read once for both tests (one `bzcat` process in all).
  static let testLines: Result<[TestLine], ConformanceFileError> = Result(catching: {
    () throws(ConformanceFileError) in try loadTestLines()
  })

  struct ConformanceFileError: Error, CustomStringConvertible {
    var description: String
  }

  private static func loadTestLines() throws(ConformanceFileError) -> [TestLine] {
    let bzcat = ["/bin/bzcat", "/usr/bin/bzcat"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
    guard let bzcat else { throw ConformanceFileError(description: "bzcat is not installed") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: bzcat)
    process.arguments = [normalizationTestPath]
    let output = Pipe()
    process.standardOutput = output
    do {
      try process.run()
    } catch {
      throw ConformanceFileError(description: "cannot run \(bzcat): \(error)")
    }
    // Read before waiting, so that a full pipe cannot block the child.
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw ConformanceFileError(description: "\(bzcat) exited with \(process.terminationStatus)")
    }
    let text = String(decoding: data, as: UTF8.self)

    var lines: [TestLine] = []
    var part = ""
    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let content = rawLine.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
      if content.isEmpty { continue }
      if content.hasPrefix("@") {
        part = String(content.split(separator: " ")[0].dropFirst())
        continue
      }
      let fields = content.split(separator: ";", omittingEmptySubsequences: false)
      guard fields.count >= 5 else {
        throw ConformanceFileError(description: "line \(index + 1) has \(fields.count) fields")
      }
      var columns: [String] = []
      for field in fields.prefix(5) {
        var column = String.UnicodeScalarView()
        for hex in field.split(separator: " ") {
          guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
            throw ConformanceFileError(description: "line \(index + 1): bad code point \(hex)")
          }
          column.append(scalar)
        }
        columns.append(String(column))
      }
      lines.append(
        TestLine(lineNumber: index + 1, part: part, columns: columns, text: String(rawLine)))
    }
    return lines
  }

  @Test("Every line of every part satisfies the five-column invariants for NFC, NFD, NFKC, NFKD")
  func fiveColumnInvariants() throws {
    let lines = try Self.testLines.get()
    // The file is parsed for real: four parts and over 19,000 data lines in Unicode 15.
    #expect(Set(lines.map(\.part)) == ["Part0", "Part1", "Part2", "Part3"])
    #expect(lines.count > 19_000)

    let nfc = UnicodeNormalizer.nfc
    let nfd = UnicodeNormalizer.nfd
    let nfkc = UnicodeNormalizer.nfkc
    let nfkd = UnicodeNormalizer.nfkd
    // From the header, with c1...c5 at indices 0...4:
    //   c2 == toNFC(c1) == toNFC(c2) == toNFC(c3);   c4 == toNFC(c4) == toNFC(c5)
    //   c3 == toNFD(c1) == toNFD(c2) == toNFD(c3);   c5 == toNFD(c4) == toNFD(c5)
    //   c4 == toNFKC(c1...c5);                       c5 == toNFKD(c1...c5)
    let invariants: [(name: String, normalizer: UnicodeNormalizer, expected: Int, inputs: [Int])] =
      [
        ("NFC", nfc, 1, [0, 1, 2]), ("NFC", nfc, 3, [3, 4]),
        ("NFD", nfd, 2, [0, 1, 2]), ("NFD", nfd, 4, [3, 4]),
        ("NFKC", nfkc, 3, [0, 1, 2, 3, 4]),
        ("NFKD", nfkd, 4, [0, 1, 2, 3, 4]),
      ]

    var failures: [String] = []
    var checks = 0
    for line in lines {
      for invariant in invariants {
        let expected = line.columns[invariant.expected]
        for input in invariant.inputs {
          checks += 1
          let actual = try invariant.normalizer.normalize(line.columns[input])
          if !sameScalars(actual, expected) {
            failures.append(
              "line \(line.lineNumber) (\(line.part)): to\(invariant.name)(c\(input + 1)) = "
                + "[\(codePoints(actual))], expected c\(invariant.expected + 1) = "
                + "[\(codePoints(expected))] | \(line.text)")
          }
        }
      }
    }
    #expect(checks == lines.count * 20)  // 5 checks for each of the four forms
    Self.report(failures, of: checks, what: "invariant checks")
    // `count == 0` rather than `isEmpty`, so that a failure does not dump the whole array:
    // `report` has printed the first ones.
    #expect(failures.count == 0, "\(failures.count) of \(checks) invariant checks failed")
  }

  @Test("Every code point not listed in Part 1 is unchanged by NFC, NFD, NFKC and NFKD")
  func unlistedCodePointsAreStable() throws {
    let lines = try Self.testLines.get()
    let listed = Set(
      lines.filter { $0.part == "Part1" }.map { $0.columns[0].unicodeScalars.first!.value })
    #expect(listed.count > 10_000)

    let forms: [(name: String, normalizer: UnicodeNormalizer)] = [
      ("NFC", .nfc), ("NFD", .nfd), ("NFKC", .nfkc), ("NFKD", .nfkd),
    ]
    // Batching: scalars are checked 4,096 at a time, each followed by a space. A space is
    // normalization-inert (it never changes and never normalizes with its neighbours),
    // so a batch is unchanged exactly when each of its scalars is unchanged on its own.
    // A batch that changes is checked again scalar by scalar to name the culprits.
    let separator: Unicode.Scalar = " "
    for form in forms {
      try #require(form.normalizer.isInert(separator), "space must be inert for \(form.name)")
    }

    var failures: [String] = []
    var checked = 0
    var batch: [UInt32] = []
    var units: [UInt16] = []

    func checkOne(_ value: UInt32) throws {
      let single = String(Unicode.Scalar(value)!)
      var changes: [String] = []
      for form in forms {
        let result = try form.normalizer.normalize(single)
        if !sameScalars(result, single) {
          changes.append("to\(form.name) = [\(codePoints(result))]")
        }
      }
      if !changes.isEmpty {
        failures.append("\(codePoint(value)): " + changes.joined(separator: ", "))
      }
    }

    func flush() throws {
      if batch.isEmpty { return }
      units.removeAll(keepingCapacity: true)
      for value in batch {
        units.append(contentsOf: String(Unicode.Scalar(value)!).utf16)
        units.append(UInt16(separator.value))
      }
      var batchChanged = false
      for form in forms {
        let result = try units.withUnsafeBufferPointer { try form.normalizer.normalize($0) }
        if result != units {
          batchChanged = true
          break
        }
      }
      if batchChanged {
        for value in batch { try checkOne(value) }
      }
      checked += batch.count
      batch.removeAll(keepingCapacity: true)
    }

    for value in UInt32(0)...0x10FFFF {
      if (0xD800...0xDFFF).contains(value) || listed.contains(value) { continue }
      batch.append(value)
      if batch.count == 4096 { try flush() }
    }
    try flush()

    #expect(checked == 0x110000 - 0x800 - listed.count)
    Self.report(failures, of: checked, what: "code points")
    #expect(failures.count == 0, "\(failures.count) of \(checked) unlisted code points changed")
  }

  private static func report(_ failures: [String], of total: Int, what: String) {
    guard !failures.isEmpty else { return }
    print(
      "\(failures.count) of \(total) \(what) failed; the first \(min(reportLimit, failures.count)):"
    )
    for failure in failures.prefix(reportLimit) { print("  " + failure) }
  }
}
