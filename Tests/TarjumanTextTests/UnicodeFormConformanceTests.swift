import Foundation
import Testing

@testable import TarjumanText

/// The `nfc` and `nfkc` profiles take a fast path (a quick check with a precomputed
/// table) before they call ICU; Unicode's own conformance file proves the fast path
/// never skips a line that needed normalizing.
@Suite("nfc and nfkc profiles against NormalizationTest.txt")
struct UnicodeFormConformanceTests {
  @Test(
    "every conformance line",
    .enabled(if: FileManager.default.fileExists(atPath: normalizationTestPath)))
  func conformance() throws {
    let lines = try loadNormalizationTest()
    #expect(lines.count > 19_000)
    let nfc = try TextNormalizer(profile: .nfc)
    let nfkc = try TextNormalizer(profile: .nfkc)
    var failures: [String] = []
    for columns in lines {
      let (c1, c2, c3, c4, c5) = (columns[0], columns[1], columns[2], columns[3], columns[4])
      for source in [c1, c2, c3] where nfc.normalize(source) != c2 {
        failures.append("NFC(\(codePoints(source))) != \(codePoints(c2))")
      }
      for source in [c4, c5] where nfc.normalize(source) != c4 {
        failures.append("NFC(\(codePoints(source))) != \(codePoints(c4))")
      }
      for source in columns where nfkc.normalize(source) != c4 {
        failures.append("NFKC(\(codePoints(source))) != \(codePoints(c4))")
      }
    }
    #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(10))")
  }
}

/// `clean` does NFC's work itself (canonical reordering and composition) on most lines
/// and calls ICU only for the rest; canonically equivalent inputs must therefore give
/// the same, NFC, output.
@Suite("clean profile against NormalizationTest.txt")
struct CleanCanonicalEquivalenceTests {
  @Test(
    "canonically equivalent columns give one NFC result",
    .enabled(if: FileManager.default.fileExists(atPath: normalizationTestPath)))
  func equivalence() throws {
    let lines = try loadNormalizationTest()
    let clean = try TextNormalizer(profile: .clean, language: .fixed(.en))
    let nfc = try TextNormalizer(profile: .nfc)
    var failures: [String] = []
    for columns in lines {
      // Columns 1-3 are canonically equivalent, and so are 4-5.
      for group in [Array(columns[0...2]), Array(columns[3...4])] {
        let results = group.map { clean.normalize($0) }
        if Set(results.map { Array($0.unicodeScalars) }.map { $0.map(\.value) }).count != 1 {
          failures.append("\(group.map(codePoints)) → \(results.map(codePoints))")
        }
        if let first = results.first,
          nfc.normalize(first).unicodeScalars.elementsEqual(first.unicodeScalars) == false
        {
          failures.append("not NFC: \(codePoints(first))")
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(10))")
  }
}
