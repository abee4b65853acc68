import Foundation
import TarjumanICU
import TarjumanText
import Testing

@testable import TarjumanNames

/// The Swift engine that runs the romanization rules (``CompiledRules``) against ICU on the
/// same rule text: every distinct word of the sample corpora and of the development set
/// of names, and of the benchmark corpus when `TARJUMAN_CORPUS` names its folder (the
/// `*.txt` files there), plus random words over the letters and marks the rules name.
@Suite("Compiled romanization rules")
struct CompiledRulesTests {
  static let ruleSets: [(RomanizationScheme, TextLanguage)] = RomanizationScheme.allCases
    .flatMap { scheme in RomanizationRules.languages.map { (scheme, $0) } }

  static func engineRules(_ scheme: RomanizationScheme, _ language: TextLanguage) -> String {
    RomanizationRules.engineRules(RomanizationRules.rules(scheme: scheme, language: language))
  }

  /// Distinct Arabic-script words (letters, marks and ZWNJ, as the romanizer's line loop
  /// cuts them) of some texts, NFC.
  static func words(in texts: [String]) throws -> [String] {
    var words = Set<String>()
    for text in texts {
      var word = String.UnicodeScalarView()
      for scalar in text.unicodeScalars {
        if RomanizerScalars.isWordScalar(scalar.value) || scalar.value == 0x200C {
          word.append(scalar)
        } else if !word.isEmpty {
          words.insert(String(word))
          word = String.UnicodeScalarView()
        }
      }
      if !word.isEmpty { words.insert(String(word)) }
    }
    return try words.map { try UnicodeNormalizer.nfc.normalize($0) }.sorted()
  }

  static func corpusWords() throws -> [String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    var texts: [String] = []
    let dev = root.appendingPathComponent("Tests/TarjumanNamesTests/Fixtures/names-dev.tsv")
    texts.append(try String(contentsOf: dev, encoding: .utf8))
    for name in ["fa/news.txt", "ar/news.txt", "mixed/mixed.txt", "en/news.txt"] {
      texts.append(
        try String(contentsOf: root.appendingPathComponent("Corpora/" + name), encoding: .utf8))
    }
    if let folder = ProcessInfo.processInfo.environment["TARJUMAN_CORPUS"], !folder.isEmpty {
      for name in ["fa.txt", "ar.txt", "mixed.txt", "en.txt"] {
        let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
        if let text = try? String(contentsOf: url, encoding: .utf8) { texts.append(text) }
      }
    }
    return try words(in: texts)
  }

  /// Random words over the code points the rules name and the Arabic block's letters
  /// and marks, with ZWNJ, so that unusual neighbours meet.
  static func randomWords(count: Int, seed: UInt64) -> [String] {
    var alphabet: [UInt32] = Array(0x0621...0x063A) + Array(0x0641...0x0655) + [0x0670]
    alphabet += [0x067E, 0x0686, 0x0698, 0x06A9, 0x06AF, 0x06CC, 0x06C0, 0x06C1, 0x06BE]
    alphabet += [0x06D5, 0x0671, 0x06A4, 0x200C, 0x0640]
    var state = seed
    func next() -> UInt64 {
      // SplitMix64: deterministic, so that a failure can be reproduced.
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    return (0..<count).map { _ in
      let length = 1 + Int(next() % 7)
      var scalars = String.UnicodeScalarView()
      for _ in 0..<length {
        // Every value of the alphabet is a valid scalar, so nothing is dropped here.
        if let scalar = Unicode.Scalar(alphabet[Int(next() % UInt64(alphabet.count))]) {
          scalars.append(scalar)
        }
      }
      return (try? UnicodeNormalizer.nfc.normalize(String(scalars))) ?? String(scalars)
    }
  }

  @Test("The news and strict rule sets compile; ascii, which ends in ::Latin-ASCII, does not")
  func compiles() {
    for (scheme, language) in Self.ruleSets {
      let rules = Self.engineRules(scheme, language)
      do {
        let compiled = try CompiledRules(rules)
        #expect(scheme != .ascii, "\(scheme) \(language) compiled")
        #expect(compiled.passCount == 4)
      } catch {
        #expect(scheme == .ascii, "\(scheme) \(language): \(error)")
      }
    }
  }

  /// Compares the engine with ICU on words, with and without the construct mark.
  static func compare(_ scheme: RomanizationScheme, _ language: TextLanguage, _ words: [String])
    throws -> (compared: Int, mismatches: [String])
  {
    let rules = engineRules(scheme, language)
    let compiled = try CompiledRules(rules)
    let icu = try Transliterator(id: "Tarjuman-test-\(scheme)-\(language)", rules: rules)
    let workspace = CompiledRules.Workspace()
    var mismatches: [String] = []
    var compared = 0
    for word in words {
      for text in [word, word + "\u{2060}"] {
        var units = Array(text.utf16)
        let expected = units
        try icu.transliterate(&units)
        let actual = expected.withUnsafeBufferPointer {
          compiled.transliterate($0, workspace: workspace).map(Array.init)
        }
        compared += 1
        if actual != units {
          mismatches.append(
            "\(text) [\(text.unicodeScalars.map { String($0.value, radix: 16) })]: ICU "
              + "\(String(decoding: units, as: UTF16.self)), engine "
              + "\(actual.map { String(decoding: $0, as: UTF16.self) } ?? "refused")")
        }
      }
    }
    return (compared, mismatches)
  }

  @Test(
    "The engine gives what ICU gives on every distinct word of the corpora",
    arguments: ruleSets.filter { $0.0 != .ascii })
  func corpora(scheme: RomanizationScheme, language: TextLanguage) throws {
    let words = try Self.corpusWords()
    #expect(words.count > 3_000)
    let (compared, mismatches) = try Self.compare(scheme, language, words)
    #expect(compared == 2 * words.count)
    #expect(mismatches.isEmpty, "\(mismatches.count) of \(compared): \(mismatches.prefix(10))")
  }

  @Test(
    "The engine gives what ICU gives on random words",
    arguments: ruleSets.filter { $0.0 != .ascii })
  func random(scheme: RomanizationScheme, language: TextLanguage) throws {
    let words = Self.randomWords(count: 40_000, seed: 0x7A72_6A75_6D61_6E01)
    let (_, mismatches) = try Self.compare(scheme, language, words)
    #expect(mismatches.isEmpty, "\(mismatches.count): \(mismatches.prefix(10))")
  }

  @Test("Text beyond the engine's tables is refused, not guessed")
  func refusesUnknown() throws {
    let compiled = try CompiledRules(Self.engineRules(.news, .ar))
    let workspace = CompiledRules.Workspace()
    let units = Array("ب\u{FB50}".utf16)
    #expect(
      units.withUnsafeBufferPointer { compiled.transliterate($0, workspace: workspace) } == nil)
  }

  @Test(
    "Syntax the engine does not run is refused",
    arguments: [
      "::NFC ; a > b ;", "a < b ;", "a <> b ;", "a > | b ;", "^a > b ;", "a > &Any-Upper(b) ;",
      "[a-z&[aeiou]] > b ;", "[[:Script=Arabic:]] > b ;", "a? > b ;", "(a) > $1 ; ::Latin-ASCII ;",
      "(x) { a } > b ;", "$x > a ;", "use variable range 0xE000 0xE0FF ;", ". > x ;",
    ])
  func refusesSyntax(rules: String) {
    #expect(throws: CompiledRules.Unsupported.self) { try CompiledRules(rules) }
  }

  @Test("Hand-made rules: contexts, edges, quantifiers, segments and passes, as ICU runs them")
  func handMade() throws {
    let rules = """
      $wb = [^[:L:][:M:]] ;
      $v = [aeiou] ;
      # a comment
      $wb { a } b > X ;   # at the start of the text only
      c } $wb > Y ;
      $v { d > Z ;
      e f? g > W ;
      (h) (i)? j > $2 $1 $1 ;
      'k l' > '-' ;
      \\u006D > \\u0027 ;
      ::Null ;
      X > x ;
      [XYZ] > q ;
      """
    let compiled = try CompiledRules(rules)
    let icu = try Transliterator(id: "Tarjuman-test-handmade", rules: rules)
    let workspace = CompiledRules.Workspace()
    for text in [
      "ab", "cab", "abc", "c", "cc", "ad", "xd", "eg", "efg", "effg", "hj", "hij", "hhij", "k l",
      "kl", "m", "abab", "a b", "", "z", "ac d", "dad",
    ] {
      var units = Array(text.utf16)
      let input = units
      try icu.transliterate(&units)
      let actual = input.withUnsafeBufferPointer {
        compiled.transliterate($0, workspace: workspace).map(Array.init)
      }
      #expect(
        actual == units,
        "\(text): ICU \(String(decoding: units, as: UTF16.self)), engine \(actual.map { String(decoding: $0, as: UTF16.self) } ?? "refused")"
      )
    }
  }
}
