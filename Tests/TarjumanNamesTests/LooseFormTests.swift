import Foundation
import TarjumanText
import Testing

@testable import TarjumanNames

/// The one-pass loose form of a Latin word on bytes (what `find` reads of capitalized
/// words) against the reading it stands for: ``NameReader/readLatin(_:)``, doubles
/// collapsed, ``NameToken/looseForm``, and the particles' sounds.
@Suite("Loose form of Latin words")
struct LooseFormTests {
  /// The reference: the word read into sounds and then made loose, step by step.
  static func reference(_ word: String) -> String {
    if let particle = NameReader.particles[word] {
      return NameToken(text: word, phonemes: Array(particle.utf8), isParticle: true).looseForm
    }
    let phonemes = NameReader.collapseDoubles(NameReader.readLatin(word))
    return NameToken(text: word, phonemes: phonemes, isParticle: false).looseForm
  }

  static func describe(_ word: String) -> String {
    word.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }
      .joined(separator: " ")
  }

  @Test(
    "Known words",
    arguments: [
      ("jolani", "julani"), ("golani", "julani"), ("djoulani", "julani"), ("jawlani", "jaulani"),
      ("nasrallah", "nasrala"), ("fatemeh", "fatimi"), ("khamenei", "hamini"),
      ("abu", "abu"), ("abou", "abu"), ("bin", "ibn"), ("binte", "bint"),
      ("hay'at", "hayat"), ("alexander", "aliksandir"), ("yahya", "yahya"),
      ("sheikh", "cih"), ("ghazi", "kadi"), ("", ""), ("2024", ""),
    ])
  func known(_ word: String, _ expected: String) {
    #expect(Self.reference(word) == expected, "reference of \(word)")
    #expect(NameReader.looseForm(ofKeyedLatinWord: word) == expected, "\(Self.describe(word))")
  }

  @Test("Every Latin word of the sample corpora and the names set, and random words")
  func agreesWithTheReading() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    var texts = [
      try String(
        contentsOf: root.appendingPathComponent("Tests/TarjumanNamesTests/Fixtures/names-dev.tsv"),
        encoding: .utf8)
    ]
    for name in ["en/news.txt", "mixed/mixed.txt"] {
      texts.append(
        try String(contentsOf: root.appendingPathComponent("Corpora/" + name), encoding: .utf8))
    }
    let key = try TextNormalizer(profile: .key)
    var words = Set<String>()
    for text in texts {
      for line in text.split(separator: "\n") {
        for word in key.normalize(String(line)).split(whereSeparator: { $0 == " " || $0 == "-" })
        where word.utf8.allSatisfy({ $0 < 0x80 }) {
          words.insert(String(word))
        }
      }
    }
    #expect(words.count > 1000)
    // Random words over the letters the reading treats apart: digraphs, y and w, a final
    // h, c and x, apostrophes and digits.
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("abcdeghijklmnopqrstuvwxyz'0hhkyw".utf8)
    for _ in 0..<20_000 {
      let length = Int.random(in: 1...9, using: &generator)
      let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
      words.insert(String(decoding: bytes, as: UTF8.self))
    }
    var failures = 0
    for word in words.sorted() {
      let fast = NameReader.looseForm(ofKeyedLatinWord: word)
      let expected = Self.reference(word)
      if fast != expected {
        failures += 1
        Issue.record("\(word) (\(Self.describe(word))): \(fast), expected \(expected)")
        if failures > 20 { break }
      }
    }
  }
}
