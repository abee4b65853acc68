import Dispatch
import Foundation
import Synchronization
import TarjumanICU
import TarjumanText
import Testing

@testable import TarjumanNames

/// Helpers of this file, namespaced so that they cannot collide with other test files'.
enum RomanizerTestSupport {
  /// A string's scalars as "U+0628 U+064E".
  static func codePoints(_ text: String) -> String {
    text.unicodeScalars.map { scalar in
      let hex = String(scalar.value, radix: 16, uppercase: true)
      return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }.joined(separator: " ")
  }

  /// Expects two strings to have exactly the same scalars (no canonical equivalence);
  /// on a mismatch records the input and both strings as code points.
  static func expectSame(
    _ actual: String, _ expected: String, input: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    guard !actual.unicodeScalars.elementsEqual(expected.unicodeScalars) else { return }
    Issue.record(
      """
      romanizing \(input) [\(codePoints(input))]
        got      \(actual) [\(codePoints(actual))]
        expected \(expected) [\(codePoints(expected))]
      """, sourceLocation: sourceLocation)
  }

  /// The development set of names, as rows of columns (id kind en fa ar variants aliases
  /// rendering).
  static func devRows() throws -> [[String]] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/names-dev.tsv")
    let text = try String(contentsOf: url, encoding: .utf8)
    return text.split(separator: "\n").dropFirst().map {
      $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    }
  }

  /// A glossary of two entries for the preferred-rendering hook.
  struct Glossary: PreferredRenderingSource {
    func preferredLatinRendering(of word: String, language: TextLanguage) -> String? {
      switch (word, language) {
      case ("دمشق", _): "Damascus"
      case ("تهران", .fa): "Tehran"
      default: nil
      }
    }
  }
}

@Suite("Romanization rules")
struct RomanizationRulesTests {
  static let ruleSets: [(RomanizationScheme, TextLanguage)] = RomanizationScheme.allCases
    .flatMap { scheme in RomanizationRules.languages.map { (scheme, $0) } }

  @Test("Every rule set compiles through the transliterator cache", arguments: ruleSets)
  func compiles(scheme: RomanizationScheme, language: TextLanguage) {
    let id = RomanizationRules.id(scheme: scheme, language: language)
    let rules = RomanizationRules.rules(scheme: scheme, language: language)
    do {
      let transliterator = try TransliteratorCache.transliterator(id: id, rules: rules)
      #expect(transliterator.isRuleBased)
      #expect(transliterator.id == id)
    } catch {
      // ICU's status and the offset of the syntax error.
      Issue.record("\(scheme) \(language): \(error)")
    }
  }

  @Test("A syntax error in rules surfaces ICU's error")
  func syntaxError() {
    let broken = RomanizationRules.rules(scheme: .news, language: .fa) + "\nا > [ ;\n"
    do {
      _ = try TransliteratorCache.transliterator(id: "Tarjuman-broken", rules: broken)
      Issue.record("broken rules compiled")
    } catch {
      #expect(error.status.name.hasPrefix("U_"), "\(error)")
      #expect(error.ruleOffset != nil, "\(error)")
    }
  }

  /// The distinct Arabic-script words of the sample corpora and of the development set.
  static func sampleWords() throws -> [String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    var text = try RomanizerTestSupport.devRows().map { $0[3] + " " + $0[4] }
      .joined(separator: "\n")
    for name in ["fa/news.txt", "ar/news.txt", "mixed/mixed.txt"] {
      text += try String(
        contentsOf: root.appendingPathComponent("Corpora/" + name), encoding: .utf8)
    }
    var words = Set<String>()
    var word = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if RomanizerScalars.isWordScalar(scalar.value) || scalar.value == 0x200C {
        word.append(scalar)
      } else if !word.isEmpty {
        words.insert(String(word))
        word = String.UnicodeScalarView()
      }
    }
    return words.sorted()
  }

  @Test(
    "Without its ::NFC pass, each rule set gives the same as the full rules on NFC words",
    arguments: ruleSets)
  func engineRules(scheme: RomanizationScheme, language: TextLanguage) throws {
    let id = RomanizationRules.id(scheme: scheme, language: language)
    let rules = RomanizationRules.rules(scheme: scheme, language: language)
    let engine = RomanizationRules.engineRules(rules)
    #expect(engine != rules, "the rules no longer start with an ::NFC pass")
    #expect(
      engine.split(separator: "\n", omittingEmptySubsequences: false).count
        == rules.split(separator: "\n", omittingEmptySubsequences: false).count)
    let full = try TransliteratorCache.transliterator(id: id, rules: rules)
    let split = try TransliteratorCache.transliterator(id: id, rules: engine)
    let words = try Self.sampleWords()
    #expect(words.count > 3_000)
    var mismatches = 0
    for word in words {
      let normalized = try UnicodeNormalizer.nfc.normalize(word)
      for text in [normalized, normalized + "\u{2060}"] {
        let expected = try full.transliterate(text)
        let actual = try split.transliterate(text)
        if actual != expected {
          mismatches += 1
          if mismatches <= 5 {
            RomanizerTestSupport.expectSame(
              actual, expected, input: "\(scheme) \(language) \(text)")
          }
        }
      }
    }
    #expect(mismatches == 0)
  }

  @Test(
    "The romanizer normalizes a word to NFC before the rules, as their ::NFC pass did",
    arguments: ruleSets)
  func romanizerNormalizes(scheme: RomanizationScheme, language: TextLanguage) throws {
    let romanizer = try Romanizer(scheme: scheme, language: .fixed(language))
    let workspace = try romanizer.makeWorkspace()
    let full = try TransliteratorCache.transliterator(
      id: RomanizationRules.id(scheme: scheme, language: language),
      rules: RomanizationRules.rules(scheme: scheme, language: language))
    // Not NFC: alef + combining hamza above (أ), yeh + hamza (ئ), shadda before fatha,
    // and a kasra before a shadda; then NFC words for comparison.
    let words = [
      "\u{0627}\u{0654}\u{062D}\u{0645}\u{062F}", "\u{0631}\u{064A}\u{0654}\u{064A}\u{0633}",
      "\u{0645}\u{064F}\u{062D}\u{064E}\u{0645}\u{0651}\u{064E}\u{062F}",
      "\u{0645}\u{064F}\u{062D}\u{064E}\u{0645}\u{064E}\u{0651}\u{062F}",
      "\u{0633}\u{0650}\u{0651}\u{0631}", "\u{0623}\u{062D}\u{0645}\u{062F}", "جولانی",
    ]
    for word in words {
      for construct in [false, true] {
        let expected = Romanizer.capitalized(
          try full.transliterate(word + (construct ? "\u{2060}" : "")))
        let actual = romanizer.romanize(
          word: word, language: language, construct: construct, workspace: workspace)
        RomanizerTestSupport.expectSame(actual, expected, input: "\(scheme) \(word) \(construct)")
      }
    }
  }

  @Test("Rule sets are distinct per scheme and language, with distinct IDs")
  func distinct() {
    let ids = Set(Self.ruleSets.map { RomanizationRules.id(scheme: $0.0, language: $0.1) })
    let texts = Set(Self.ruleSets.map { RomanizationRules.rules(scheme: $0.0, language: $0.1) })
    #expect(ids.count == 6)
    #expect(texts.count == 6)
  }
}

@Suite("Romanizer")
struct RomanizerTests {
  fileprivate typealias Support = RomanizerTestSupport

  // One romanizer per scheme and language, shared by the tests (built once).
  static let romanizers: [String: Romanizer] = {
    var table: [String: Romanizer] = [:]
    for scheme in RomanizationScheme.allCases {
      for language in [TextLanguage.fa, .ar] {
        table["\(scheme)-\(language)"] = try? Romanizer(
          scheme: scheme, language: .fixed(language))
      }
    }
    return table
  }()

  static func romanizer(_ scheme: RomanizationScheme, _ language: TextLanguage) throws
    -> Romanizer
  {
    try #require(romanizers["\(scheme)-\(language)"])
  }

  // MARK: - Tables

  @Test(
    "Persian, news",
    arguments: [
      // و between consonants is the long vowel u (Julani, not Jolani).
      ("جولانی", "Julani"),
      // A joined ابو is split off; short vowels are not written.
      ("ابومحمد جولانی", "Abu Mhmd Julani"),
      // Final heh before ZWNJ is e, ZWNJ is nothing, the suffix ای is i.
      ("خامنه\u{200C}ای", "Khamnei"),
      ("حزب\u{200C}الله", "Hzbollah"),
      ("شیراز", "Shiraz"),
      ("تهران", "Thran"),
      // The rules do not know Damascus: that is for the glossary.
      ("دمشق", "Dmshgh"),
      ("پوتین", "Putin"),
      ("ژنرال", "Zhnral"),
      // Persian ق is gh.
      ("قاسم سلیمانی", "Ghasm Slimani"),
      ("ایران", "Iran"),
      ("اسماعیل", "Asma'il"),
      ("رضایی", "Rzaei"),
      ("فاطمه", "Fatmeh"),
      ("جواد ظریف", "Jvad Zrif"),
      ("ابوالفضل", "Abolfzl"),
      ("عبدالرضا", "Abdolrza"),
      ("نصرالله", "Nsrollah"),
      ("آل ثانی", "Al Sani"),
      ("حسن روحانی", "Hsn Ruhani"),
      ("علی", "Ali"),
      // Harakat are read; a shadda doubles; Persian damma is o.
      ("مُحَمَّد", "Mohammad"),
      ("سوریه", "Suriyeh"),
      ("رئیسی", "Raisi"),
      // ع after a consonant before a long vowel stands for a.
      ("سعید", "Said"),
    ])
  func persianNews(input: String, expected: String) throws {
    Support.expectSame(try Self.romanizer(.news, .fa).romanize(input), expected, input: input)
  }

  @Test(
    "Arabic, news",
    arguments: [
      ("الجولاني", "al-Julani"),
      ("أبو محمد الجولاني", "Abu Mhmd al-Julani"),
      // ة before another word is in the construct state; ي after the first consonant
      // is the diphthong ay.
      ("هيئة تحرير الشام", "Hayat Thrir al-Sham"),
      ("جبهة النصرة", "Jbhat al-Nsra"),
      // A definite noun is never in the construct state; nor is a name before بن.
      ("الغوطة الشرقية", "al-Ghuta al-Shrqiya"),
      ("أسامة بن لادن", "Asama bin Ladn"),
      ("قاسم سليماني", "Qasm Slimani"),
      ("دمشق", "Dmshq"),
      // No sun-letter assimilation, with or without a shadda.
      ("الشام", "al-Sham"),
      ("الشَّام", "al-Sham"),
      ("محمد", "Mhmd"),
      ("مُحَمَّد", "Muhammad"),
      ("بَشّار", "Bashar"),
      ("عَلِيّ", "Ali"),
      ("مصطفى", "Mstfa"),
      ("عبدالله", "Abdullah"),
      ("نصرالله", "Nsrallah"),
      ("صلاح الدين", "Slah al-Din"),
      ("إبراهيم", "Ibrahim"),
      ("أيمن", "Aymn"),
      ("شعبان", "Shaban"),
      ("حماة", "Hma"),
      ("سورية", "Suriya"),
      // Case endings are not written.
      ("مَدْرَسَةٌ", "Madrasa"),
      ("أحمد الشرع", "Ahmd al-Shra"),
      ("آل ثاني", "Al Thani"),
      ("سعيد", "Said"),
      ("إسماعيل", "Isma'il"),
      // Texts set in Urdu type: ۃ is ة, ہ is ه (a construct state too).
      ("شَہَادَۃُ", "Shahada"),
      ("عَائِشَۃَ زَوْجِ النَّبِيِّ", "A'ishat Zawj al-Nabi"),
    ])
  func arabicNews(input: String, expected: String) throws {
    Support.expectSame(try Self.romanizer(.news, .ar).romanize(input), expected, input: input)
  }

  @Test(
    "Persian, strict",
    arguments: [
      ("جولانی", "Jūlānī"),
      ("ابومحمد جولانی", "Abū Mḥmd Jūlānī"),
      // ZWNJ is a hyphen.
      ("خامنه\u{200C}ای", "Khāmnh-ī"),
      ("حزب\u{200C}الله", "Ḥzb-allāh"),
      // A prime keeps ت and ه from reading as th.
      ("تهران", "Tʹhrān"),
      ("قاسم سلیمانی", "Qāsm Slīmānī"),
      ("ایران", "Īrān"),
      ("اسماعیل", "Asmāʿīl"),
      ("موسوی", "Mūsvī"),
      ("ابوالفضل", "Abū al-Fḍl"),
      ("عبدالرضا", "ʿBd al-Rḍā"),
      ("علی", "ʿLī"),
      ("مُحَمَّد", "Muḥammad"),
    ])
  func persianStrict(input: String, expected: String) throws {
    Support.expectSame(try Self.romanizer(.strict, .fa).romanize(input), expected, input: input)
  }

  @Test(
    "Arabic, strict",
    arguments: [
      ("الجولاني", "al-Jūlānī"),
      ("هيئة تحرير الشام", "Hīʾt Tḥrīr al-Shām"),
      ("جبهة النصرة", "Jbht al-Nṣrh"),
      ("أسامة بن لادن", "Asāmh Bn Lādn"),
      // Without harakat: the consonant skeleton with long vowels.
      ("محمد", "Mḥmd"),
      ("مُحَمَّد", "Muḥammad"),
      ("بَشّار", "Bashshār"),
      ("عَلِيّ", "ʿAlī"),
      ("مصطفى", "Mṣṭfá"),
      ("عبدالله", "ʿBd Allāh"),
      ("شعبان", "Shʿbān"),
      ("ادهم", "Adʹhm"),
      ("الشَّمْس", "al-Shams"),
      // Case endings and tanwin are written.
      ("مَدْرَسَةٌ", "Madrasatun"),
      ("كِتَابًا", "Kitāban"),
    ])
  func arabicStrict(input: String, expected: String) throws {
    Support.expectSame(try Self.romanizer(.strict, .ar).romanize(input), expected, input: input)
  }

  @Test(
    "ASCII is strict folded",
    arguments: [
      (TextLanguage.ar, "هيئة تحرير الشام", "Hi't Thrir al-Sham"),
      (.ar, "عَلِيّ", "Ali"),
      // An unvowelled initial ayn keeps its letter as an apostrophe.
      (.ar, "علي", "'Li"),
      (.ar, "شعبان", "Sh'ban"),
      (.ar, "ادهم", "Adhm"),
      (.ar, "مُحَمَّد", "Muhammad"),
      (.ar, "مصطفى", "Mstfa"),
      (.fa, "خامنه\u{200C}ای", "Khamnh-i"),
      (.fa, "اسماعیل", "Asma'il"),
      (.fa, "قاسم سلیمانی", "Qasm Slimani"),
    ])
  func ascii(language: TextLanguage, input: String, expected: String) throws {
    let output = try Self.romanizer(.ascii, language).romanize(input)
    Support.expectSame(output, expected, input: input)
    #expect(output.unicodeScalars.allSatisfy { $0.isASCII })
  }

  @Test(
    "ASCII output is ASCII, and is the strict output folded", arguments: [TextLanguage.fa, .ar])
  func asciiFoldsStrict(language: TextLanguage) throws {
    let strict = try Self.romanizer(.strict, language)
    let ascii = try Self.romanizer(.ascii, language)
    let fold = try Transliterator(id: "Latin-ASCII")
    let column = language == .fa ? 3 : 4
    for row in try Support.devRows() {
      let name = row[column]
      let asciiOutput = ascii.romanize(name)
      #expect(asciiOutput.unicodeScalars.allSatisfy { $0.isASCII }, "\(name) → \(asciiOutput)")
      // Apart from ʿ ʾ ʹ, folding the strict output gives the ASCII output.
      let folded = try fold.transliterate(
        strict.romanize(name).replacingOccurrences(of: "ʹ", with: "")
          .replacingOccurrences(of: "ʿ", with: "'").replacingOccurrences(of: "ʾ", with: "'"))
      #expect(
        folded.replacingOccurrences(of: "'", with: "")
          == asciiOutput.replacingOccurrences(of: "'", with: ""), "\(name)")
    }
  }

  // MARK: - Behaviour

  @Test(
    "Latin and other text pass through unchanged",
    arguments: [
      "Abu Muhammad al-Jolani, 2024.",
      "Hay'at Tahrir al-Sham (HTS)",
      "Москва and 北京",
      "",
    ])
  func latinPassesThrough(input: String) throws {
    for scheme in RomanizationScheme.allCases {
      let output = try Self.romanizer(scheme, .fa).romanize(input)
      Support.expectSame(output, input, input: input)
    }
  }

  @Test("Arabic-script words in a Latin line are romanized in place")
  func mixedLine() throws {
    let romanizer = try Romanizer(scheme: .news)
    Support.expectSame(
      romanizer.romanize("Julani (الجولاني) said"), "Julani (al-Julani) said", input: "mixed")
  }

  @Test("Digits and Arabic punctuation become ASCII")
  func digitsAndPunctuation() throws {
    let input = "سال ۱۴۰۳، دمشق؟ ٢٠٢٤٫٥٪"
    Support.expectSame(
      try Self.romanizer(.news, .fa).romanize(input), "Sal 1403, Dmshgh? 2024.5%", input: input)
  }

  @Test("Input is cleaned first: keyboard letters, tatweel and bidi marks change nothing")
  func cleansFirst() throws {
    let romanizer = try Self.romanizer(.news, .fa)
    // Arabic yeh in a Persian line, a tatweel, an RLM.
    for input in ["جولاني", "جـولانی", "جولانی\u{200F}"] {
      Support.expectSame(romanizer.romanize(input), "Julani", input: input)
    }
  }

  @Test("The preferred-rendering hook wins over the rules")
  func preferredRendering() throws {
    let romanizer = try Romanizer(
      scheme: .news, language: .fixed(.fa), preferred: Support.Glossary())
    Support.expectSame(
      romanizer.romanize("تهران و دمشق"), "Tehran va Damascus", input: "تهران و دمشق")
    // Asked with the word's language: Tehran only for Persian.
    let arabic = try Romanizer(scheme: .news, language: .fixed(.ar), preferred: Support.Glossary())
    Support.expectSame(arabic.romanize("تهران و دمشق"), "Thran wa Damascus", input: "ar")
  }

  @Test(
    "With .auto, each line's language comes from its Arabic-script letters",
    arguments: [
      ("قاسم سلیمانی", "Ghasm Slimani"),  // ی: Persian
      ("قاسم سليماني", "Qasm Slimani"),  // ي: Arabic
      ("هیئت تحریر الشام", "Hiet Thrir al-Sham"),
      ("دمشق", "Dmshq"),  // undecided: Arabic by default
      ("Soleimani قاسم سلیمانی Soleimani Soleimani", "Soleimani Ghasm Slimani Soleimani Soleimani"),
    ])
  func autoLanguage(input: String, expected: String) throws {
    let romanizer = try Romanizer(scheme: .news, language: .auto)
    Support.expectSame(romanizer.romanize(input), expected, input: input)
  }

  @Test("With .auto, lines are decided one by one, and the undecided language is settable")
  func autoPerLine() throws {
    let romanizer = try Romanizer(scheme: .news, language: .auto, undecidedLanguage: .fa)
    let input = "قاسم سلیمانی\nقاسم سليماني\r\nدمشق"
    Support.expectSame(
      romanizer.romanize(input), "Ghasm Slimani\nQasm Slimani\r\nDmshgh", input: input)
  }

  @Test("The per-word cache gives what the rules give, also when it overflows")
  func cacheIsTransparent() throws {
    let rows = try Support.devRows()
    let text = (rows.map { $0[3] } + rows.map { $0[4] }).joined(separator: "\n")
    for scheme in RomanizationScheme.allCases {
      let uncached = try Romanizer(scheme: scheme, cacheCapacity: 0)
      let cached = try Romanizer(scheme: scheme)
      let tiny = try Romanizer(scheme: scheme, cacheCapacity: 8)
      let expected = uncached.romanize(text)
      let workspace = try cached.makeWorkspace()
      Support.expectSame(cached.romanize(text, workspace: workspace), expected, input: "\(scheme)")
      #expect(workspace.cachedWordCount > 100)
      // Second pass: every word from the cache.
      Support.expectSame(cached.romanize(text, workspace: workspace), expected, input: "\(scheme)")
      let tinyWorkspace = try tiny.makeWorkspace()
      #expect(tinyWorkspace.cachedWordCount == 0)
      Support.expectSame(
        tiny.romanize(text, workspace: tinyWorkspace), expected, input: "\(scheme), 8 words")
      #expect(tinyWorkspace.cachedWordCount <= 8)
    }
  }

  @Test("Workspaces on several threads give the same lines as one thread")
  func threads() throws {
    let rows = try Support.devRows()
    let lines = rows.map { $0[3] } + rows.map { $0[4] }
    let romanizer = try Romanizer(scheme: .news)
    let expected = lines.map { romanizer.romanize($0) }
    let results = Mutex([[String]](repeating: [], count: 4))
    let workspaces = try (0..<4).map { _ in try romanizer.makeWorkspace() }
    nonisolated(unsafe) let unsafeWorkspaces = workspaces
    DispatchQueue.concurrentPerform(iterations: 4) { worker in
      let workspace = unsafeWorkspaces[worker]
      let output = lines.map { romanizer.romanize($0, workspace: workspace) }
      results.withLock { $0[worker] = output }
    }
    for output in results.withLock({ $0 }) {
      #expect(output == expected)
    }
  }

  @Test("romanizeLine appends one line's romanization, and refuses invalid UTF-8")
  func lineAPI() throws {
    let romanizer = try Self.romanizer(.news, .ar)
    let workspace = try romanizer.makeWorkspace()
    var output = Array("> ".utf8)
    let line = Array("أحمد الشرع".utf8)
    let valid = line.withUnsafeBufferPointer {
      romanizer.romanizeLine($0, into: &output, workspace: workspace)
    }
    #expect(valid)
    #expect(String(decoding: output, as: UTF8.self) == "> Ahmd al-Shra")
    let invalid: [UInt8] = [0xD8, 0xA7, 0xFF, 0x20]
    let accepted = invalid.withUnsafeBufferPointer {
      romanizer.romanizeLine($0, into: &output, workspace: workspace)
    }
    #expect(!accepted)
    #expect(String(decoding: output, as: UTF8.self) == "> Ahmd al-Shra")
  }

  @Test(
    "Capitalization: each word, after al-, after ayn and hamza; bin and va stay lowercase",
    arguments: [
      ("al-julani", "al-Julani"),
      ("abu mhmd al-julani", "Abu Mhmd al-Julani"),
      ("asama bin ladn", "Asama bin Ladn"),
      ("thran va dmshgh", "Thran va Dmshgh"),
      ("ʿlī", "ʿLī"),
      ("al-ʿrāq", "al-ʿRāq"),
      ("ḥzb-allāh", "Ḥzb-allāh"),
      ("", ""),
      // ASCII text takes a byte path: the same rules.
      ("'li", "'Li"),
      ("al-'iraq", "al-'Iraq"),
      ("al-", "al-"),
      ("wa", "wa"),
      ("bint mhmd", "bint Mhmd"),
      ("binta vah", "Binta Vah"),
      ("abd  allah ", "Abd  Allah "),
      ("hi't 2x", "Hi't 2x"),
      ("'", "'"),
    ])
  func capitalization(input: String, expected: String) {
    Support.expectSame(Romanizer.capitalized(input), expected, input: input)
  }
}

@Suite("Romanizer as a stream filter")
struct RomanizerStreamTests {
  @Test("threads share the words they romanized; output is the same for any jobs and chunks")
  func sharedWords() throws {
    let romanizer = try Romanizer(scheme: .news, language: .auto)
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    var text = ""
    for name in ["fa/news.txt", "ar/news.txt"] {
      let url = root.appendingPathComponent("Corpora/" + name)
      if let file = try? String(contentsOf: url, encoding: .utf8) { text += file }
    }
    #expect(text.count > 10_000, "the sample corpora are missing")
    try expectStreamMatchesLines(romanizer, text: text, runs: [(1, 1 << 20), (2, 1024), (3, 333)])
    // A shared table of 1,024 words and caches of 16: most words of the corpora go to
    // the threads' own caches, which are emptied again and again.
    let small = try Romanizer(scheme: .news, language: .auto, cacheCapacity: 16)
    try expectStreamMatchesLines(small, text: text, runs: [(1, 4096), (2, 1024), (3, 333)])
  }
}

/// Runs `romanizer` over `text` as a stream filter (a temporary file in, one out) for each
/// of `runs` (jobs, chunk bytes) and expects what it gives line by line, with no
/// sharing at all.
func expectStreamMatchesLines(
  _ romanizer: Romanizer, text: String, runs: [(jobs: Int, chunk: Int)]
) throws {
  let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("tarjuman-translit-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: folder) }
  let input = folder.appendingPathComponent("in.txt").path
  try Data(text.utf8).write(to: URL(fileURLWithPath: input))
  let expected = text.split(separator: "\n", omittingEmptySubsequences: false)
    .map { romanizer.romanize(String($0)) }.joined(separator: "\n")
  for (jobs, chunk) in runs {
    let output = folder.appendingPathComponent("out-\(jobs)-\(chunk).txt").path
    _ = try LineFilter(
      transform: RomanizerTransform(romanizer), jobs: jobs, chunkBytes: chunk
    ).run(inputs: [.file(input)], output: .file(output))
    let written = try String(contentsOfFile: output, encoding: .utf8)
    #expect(
      written == expected,
      "jobs \(jobs), chunks of \(chunk) bytes")
  }
}
