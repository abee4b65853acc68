import CTarjumanCPU
import Testing

@testable import TarjumanGlossary

/// The mention finder looks words of Arabic script up without their harakat
/// (`tj_copy_without_harakat`): vowelled spellings share one entry of its tables with the
/// bare one. These tests hold the copy to a reference written over Unicode scalars, on
/// real words and on generated ones that put a haraka at every offset of a 64-byte block,
/// and the finder to the same mentions, at the same places, whichever spelling it met
/// first.
@Suite("find: words looked up without their harakat")
struct HarakatLookupTests {
  /// Words of Arabic news, vowelled, bare, and a few of other kinds.
  static let words: [String] = [
    "الْجُولَانِيُّ", "الجُولانيّ", "وَالجُولَانِيِّ", "هَيْئَةُ", "تَحْرِيرِ", "الشَّامِ", "دِمَشْقَ",
    "مُحَمَّدٌ", "أَبُو", "كِتَابًا", "مَدْرَسَةٍ", "الجولاني", "جولانی‌ها", "جولانی", "Jolani",
    "Jolaniَ", "ًٌ", "ّ", "ـَ", "٣َ", "رَحْمٰنِ", "آمَنُوٓا", "قُرْآنٌ", "بِسْمِ", "e\u{301}",
    "وَبِالْجُولَانِيِّينَ", "",
  ]

  /// The copy as the finder means it, over scalars: harakat out, unless none is there or
  /// nothing of U+0600 to U+06FF would remain.
  static func reference(_ word: String) -> [UInt8]? {
    let kept = word.unicodeScalars.filter { !(0x64B...0x652).contains($0.value) }
    guard kept.count < word.unicodeScalars.count,
      kept.contains(where: { (0x600...0x6FF).contains($0.value) })
    else { return nil }
    return Array(String(String.UnicodeScalarView(kept)).utf8)
  }

  /// What `copy` (one of the C functions) leaves of a word: nil when it says to keep the
  /// word as it is.
  static func copied(
    _ word: String,
    _ copy: (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UInt8>?) -> Int
  ) -> [UInt8]? {
    let bytes = Array(word.utf8)
    var output = [UInt8](repeating: 0, count: bytes.count)
    let kept = bytes.withUnsafeBufferPointer { input in
      output.withUnsafeMutableBufferPointer { copy(input.baseAddress, input.count, $0.baseAddress) }
    }
    return kept < bytes.count ? Array(output[..<kept]) : nil
  }

  static func check(_ word: String) {
    let expected = reference(word)
    let scalar = copied(word) { tj_copy_without_harakat_scalar($0, $1, $2) }
    let chosen = copied(word) { tj_copy_without_harakat($0, $1, $2) }
    #expect(scalar == expected, "scalar copy of \(codePoints(word))")
    #expect(chosen == expected, "copy of \(codePoints(word))")
  }

  @Test("real words lose their harakat and nothing else", arguments: words)
  func realWords(_ word: String) {
    Self.check(word)
  }

  @Test("a haraka at every offset of a 64-byte block, and a D9 letter across blocks")
  func everyOffset() {
    // Letters of two bytes put a code point on every even offset: a run of them from an odd
    // start (an ASCII byte first) puts one on every odd offset too. ل (D9 84) is a D9 letter
    // that is not a haraka: across the end of a block it must stay.
    for head in ["", "x"] {
      for letter in ["ب", "ل"] {
        for length in 1...80 {
          let letters = Array(repeating: letter, count: length)
          for position in 0...length {
            var word = letters
            word.insert("\u{650}", at: position)
            Self.check(head + word.joined())
            Self.check(head + word.joined() + "\u{651}\u{64E}")
          }
        }
      }
    }
  }

  @Test("generated words of letters, harakat, ZWNJ, ASCII and other marks")
  func generated() {
    for seed in 0..<4000 { Self.check(Self.generatedWord(seed)) }
  }

  @Test("the first haraka of a line is found wherever it is, 64 bytes at a time or not")
  func firstHaraka() {
    // Generated words as lines, and a haraka after every length of Persian text.
    var lines = (0..<3000).map { Self.generatedWord($0) }
    for length in 0...140 {
      lines.append(String(repeating: "ل", count: length) + "\u{64E}" + "ی")
      lines.append("x" + String(repeating: "ل", count: length) + "\u{652}")
    }
    for line in lines {
      let bytes = Array(line.utf8)
      var expected = bytes.count
      for index in bytes.indices.dropLast() where bytes[index] == 0xD9 {
        if (0x8B...0x92).contains(bytes[index + 1]) {
          expected = index
          break
        }
      }
      #expect(tj_first_haraka(bytes, bytes.count) == expected, "\(codePoints(line))")
    }
  }

  /// A generated word of letters, harakat, ZWNJ, ASCII and other marks, up to 90 pieces.
  static func generatedWord(_ seed: Int) -> String {
    let pieces: [String] = [
      "ب", "ل", "م", "ی", "ة", "\u{64B}", "\u{64E}", "\u{650}", "\u{651}", "\u{652}", "\u{653}",
      "\u{670}", "\u{200C}", "a", "Z", "'", "é", "ж", "٣", "ـ", "ٔ",
    ]
    var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    let length = Int(state >> 33) % 90
    var word = ""
    for _ in 0..<length {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      word += pieces[Int(state >> 33) % pieces.count]
    }
    return word
  }

  /// Lines with a vowelled spelling of a name and the bare one, and what is found in both.
  static let lines: [(vowelled: String, bare: String, concepts: [String])] = [
    ("الْجُولَانِيُّ فِي دِمَشْقَ", "الجولاني في دمشق", ["ahmed-al-sharaa", "damascus"]),
    ("وَالجُولَانِيِّ", "والجولاني", ["ahmed-al-sharaa"]),
    ("هَيْئَةُ تَحْرِيرِ الشَّامِ", "هيئة تحرير الشام", ["hayat-tahrir-al-sham"]),
    ("أَبُو مُحَمَّدٍ الْجُولَانِيُّ", "أبو محمد الجولاني", ["ahmed-al-sharaa"]),
    ("الْجُولَانِيِّينَ دِمَشْقِيٌّ", "الجولانيين دمشقي", []),
    // Harakat only after the first name: the words before them are looked up as written.
    ("الجولاني فِي دِمَشْقَ", "الجولاني في دمشق", ["ahmed-al-sharaa", "damascus"]),
  ]

  @Test("a vowelled name is found where it is written, met before or after the bare one")
  func vowelledNames() throws {
    let finder = try MentionFinder(glossary: try sampleGlossary())
    for (vowelled, bare, concepts) in Self.lines {
      for order in [[vowelled, bare], [bare, vowelled]] {
        // One workspace for both lines: the second meets the entry the first made.
        let workspace = finder.makeWorkspace()
        for line in order {
          var found: [Mention] = []
          var copy = line
          copy.withUTF8 { _ = finder.scan($0, workspace: workspace, into: &found) }
          #expect(
            found.map { finder.glossary.concepts[$0.conceptIndex].id } == concepts,
            "\(codePoints(line))")
          let bytes = Array(line.utf8)
          for mention in found {
            // The text and ranges are the line's own bytes, harakat included.
            #expect(Array(mention.text.utf8) == Array(bytes[mention.byteRange]))
            #expect(mention.byteRange.contains(mention.nameRange.lowerBound))
          }
        }
      }
    }
  }
}
