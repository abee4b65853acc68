import Foundation
import Testing

@testable import TarjumanText

@Suite("idempotence on the sample corpora")
struct IdempotenceTests {
  static let settings: [(NormalizationProfile, LanguageSetting, DigitStyle)] = [
    (.nfc, .auto, .keep), (.nfkc, .auto, .keep),
    (.clean, .auto, .keep), (.clean, .fixed(.fa), .persian), (.clean, .fixed(.ar), .arabic),
    (.clean, .fixed(.en), .ascii), (.key, .auto, .keep),
  ]

  @Test(
    "normalizing twice equals normalizing once",
    .enabled(if: !sampleCorpusFiles().isEmpty), arguments: settings)
  func idempotent(_ setting: (NormalizationProfile, LanguageSetting, DigitStyle)) throws {
    let normalizer = try TextNormalizer(
      profile: setting.0, language: setting.1, digits: setting.2)
    var checked = 0
    for file in sampleCorpusFiles() {
      let text = try String(contentsOf: file, encoding: .utf8)
      let once = normalizer.normalize(text)
      let twice = normalizer.normalize(once)
      let onceLines = once.split(separator: "\n", omittingEmptySubsequences: false)
      let twiceLines = twice.split(separator: "\n", omittingEmptySubsequences: false)
      #expect(
        onceLines.count == text.split(separator: "\n", omittingEmptySubsequences: false).count)
      for (index, (first, second)) in zip(onceLines, twiceLines).enumerated() where first != second
      {
        expectSameText(String(second), String(first), "\(file.lastPathComponent):\(index + 1)")
      }
      checked += onceLines.count
    }
    #expect(checked > 1000)
  }
}
