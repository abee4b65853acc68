import Foundation
import TarjumanText

/// One word of a name, read into sounds.
public struct NameToken: Hashable, Sendable {
  /// The word as written (after `key` normalization).
  public let text: String
  /// The sounds (see ``Phoneme``), as ASCII bytes.
  package let phonemes: [UInt8]
  /// Whether the word is a particle of kinship (`abu`, `ibn`, `bint`), which counts less.
  public let isParticle: Bool

  /// A word read earlier (restored from a cache).
  package init(text: String, phonemes: [UInt8], isParticle: Bool) {
    self.text = text
    self.phonemes = phonemes
    self.isParticle = isParticle
  }

  /// Whether the word is written in the Arabic script (which leaves short vowels out).
  var isArabicScript: Bool {
    guard let first = text.unicodeScalars.first else { return false }
    return first.value >= 0x0600 && first.value < 0x0700
  }

  /// The sounds as a string, for explanations and tests.
  public var sounds: String { String(decoding: phonemes, as: UTF8.self) }

  /// The consonant skeleton: coarse classes, vowels and hamza dropped, doubles collapsed.
  /// Spellings that romanizations confuse share it (`Jolani`, `Golani`, `جولانی` → `jln`).
  public var skeleton: String {
    String(decoding: skeletonBytes, as: UTF8.self)
  }

  /// The skeleton as bytes.
  var skeletonBytes: [UInt8] { Self.skeleton(of: phonemes) }

  /// The skeleton of a sequence of sounds; with `gAsK`, `g` in the class of `k`, as a
  /// Latin `g` may write غ (`Gaza` is `غزة`).
  static func skeleton(of phonemes: [UInt8], gAsK: Bool = false) -> [UInt8] {
    var classes: [UInt8] = []
    for symbol in phonemes {
      let coarse: UInt8?
      if gAsK && symbol == UInt8(ascii: "g") {
        coarse = UInt8(ascii: "k")
      } else {
        coarse = Phoneme.coarseClass(symbol)
      }
      guard let coarse, classes.last != coarse else { continue }
      classes.append(coarse)
    }
    return classes
  }

  /// The skeleton with vowels in three classes (`a`; `e i` as `i`; `o u` as `u`): coarse
  /// enough that spellings of one name agree (`Jolani`, `Julani`, `Golani`, `Djoulani` →
  /// `julani`), fine enough that other names and words of running text rarely meet it
  /// (`Hurairah` is not `Harare`, `Create` not `Croatia`). Hamza and ayn leave no trace;
  /// kinship particles are their sounds (`abu`).
  public var looseForm: String {
    if isParticle { return sounds }
    var symbols: [UInt8] = []
    for symbol in phonemes {
      guard let loose = Self.looseSymbol(symbol) else { continue }
      if symbols.last != loose { symbols.append(loose) }
    }
    return String(decoding: symbols, as: UTF8.self)
  }

  /// A sound's symbol in the loose form: `a`; `e i` as `i`; `o u` as `u`; a consonant's
  /// coarse class; nil for what leaves no trace (hamza and ayn).
  @inline(__always)
  static func looseSymbol(_ sound: UInt8) -> UInt8? {
    switch sound {
    case UInt8(ascii: "a"): sound
    case UInt8(ascii: "e"), UInt8(ascii: "i"): UInt8(ascii: "i")
    case UInt8(ascii: "o"), UInt8(ascii: "u"): UInt8(ascii: "u")
    default: Phoneme.coarseClass(sound)
    }
  }
}

/// Reads names in Latin or Arabic script into ``NameToken``s: the cross-script
/// comparison form behind ``NameKey`` and ``NameSimilarity``.
///
/// What it does, in order (each rule is a row in `Documentation/Names.md`):
/// 1. `key` normalization (case, accents, alef and yeh forms, harakat, ZWNJ, apostrophes).
/// 2. Words split at spaces and hyphens.
/// 3. Articles dropped before another word: Latin `al el ul il` and the sun-letter forms
///    (`ad as ash at an ar az ...`) and `آل`, Arabic-script `ال` at the start of a word.
///    `Abd al-`, `Abdul`, `Abdel`, `Abdol` and `عبدال` become `abd` + the next word; the
///    Persian ezafe written apart (`Sepah-e Pasdaran`) is dropped.
/// 4. Kinship particles kept as low-weight words: `abu abou abo bou ابو` → `abu` (and
///    `abol abul aboul` glued to a name: `Abolhassan` → abu hassan); `ibn bin ben bn ابن بن`
///    → `ibn`; `bint binte بنت` → `bint`.
/// 5. Each word read into sounds: Latin digraphs (`kh gh sh ch zh th dh ph ck dj ou oo ee`),
///    `y` and `w` as consonants before a vowel and as vowels elsewhere, `x` as ks, a final
///    `h` after a vowel dropped (`Fatemeh`); Arabic script letter by letter, with `و` and
///    `ی` as vowels after a consonant or closing a diphthong after alef, a final `ه` as the
///    vowel `e`, ع and ء as a free glottal sign.
/// 6. Doubled sounds collapsed (`Nasrallah`, `الله`), but a consonant letter written twice in
///    the Arabic script (`مملوک`, Mamlouk).
public struct NameReader: Sendable {
  private let normalizer: TextNormalizer

  /// Creates a reader.
  ///
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public init() throws {
    normalizer = try TextNormalizer.shared(profile: .key)
  }

  /// The words of a name, read into sounds.
  public func tokens(of name: String) -> [NameToken] {
    tokens(of: name, workspace: NormalizerWorkspace())
  }

  /// The words of a name, with scratch memory reused from call to call (one workspace
  /// per thread).
  public func tokens(of name: String, workspace: NormalizerWorkspace) -> [NameToken] {
    let normalized = normalizer.apply(
      to: Self.markArabicBoundaries(Self.numberRegnalNumerals(name)), workspace: workspace)
    var words: [Substring] = normalized.split { $0 == " " || $0 == "-" || $0 == "\t" }
      .filter { !$0.isEmpty }
    words = Self.dropArticles(Self.splitGluedParticles(words))
    return words.compactMap { word in
      let text = String(word)
      // A number (`Faisal I`, written `1` above): its digits are its sounds, equal only to
      // the same number.
      if word.utf8.allSatisfy({ $0 &- 0x30 < 10 }) {
        return NameToken(text: text, phonemes: Array(text.utf8), isParticle: false)
      }
      if let particle = Self.particles[text] {
        return NameToken(text: text, phonemes: Array(particle.utf8), isParticle: true)
      }
      let isArabic = word.unicodeScalars.contains { $0.value >= 0x0600 && $0.value < 0x0700 }
      var phonemes: [UInt8]
      if isArabic {
        // A word boundary marked inside the word (ZWNJ) ends a part: خامنه|ای.
        phonemes = text.split(separator: Self.partBoundary).flatMap { Self.readArabic(String($0)) }
      } else {
        phonemes = Self.readLatin(text)
      }
      phonemes = Self.collapseDoubles(phonemes, keepingConsonants: isArabic)
      guard !phonemes.isEmpty else { return nil }
      return NameToken(
        text: text.contains(Self.partBoundary)
          ? text.replacingOccurrences(of: String(Self.partBoundary), with: "") : text,
        phonemes: phonemes, isParticle: false)
    }
  }

  /// Marks what `key` normalization would erase but reading needs, in Arabic script:
  /// - ZWNJ separates the parts of a Persian compound, so the heh before it is final and
  ///   silent (`خامنه‌ای` is Khamene-i, not Khamenh-i): it becomes ``partBoundary``.
  /// - Teh marbuta is read `t` when another word of the name follows (the construct
  ///   state: `هيئة تحرير` is Hay'at Tahrir) and `a`/`e` at the end (`مدرسة`).
  static func markArabicBoundaries(_ name: String) -> String {
    var scalars = Array(name.unicodeScalars)
    for index in scalars.indices {
      switch scalars[index].value {
      case 0x200C:
        scalars[index] = partBoundaryScalar
      case 0x0629:
        let rest = scalars[(index + 1)...]
        let anotherWordFollows =
          rest.first == " " && rest.dropFirst().contains { $0.value >= 0x0621 && $0.value < 0x0700 }
        if anotherWordFollows, let teh = Unicode.Scalar(0x062A) { scalars[index] = teh }
      default:
        break
      }
    }
    return String(String.UnicodeScalarView(scalars))
  }

  /// Writes the Roman numerals of a name in digits (`Faisal I` → `Faisal 1`, `Mohammed VI`
  /// → `Mohammed 6`): a word of capitals I to XII after the first word. In lower case,
  /// as `key` normalization writes it, `I` would be the ezafe written apart
  /// (`Tehrik-i-Taliban`, which reading drops) or the vowel `i`; in digits it is a word of
  /// its own, which meets only the same number, and the lexicon's ordinals (`اول`,
  /// `الأول`).
  static func numberRegnalNumerals(_ name: String) -> String {
    // A name without a capital I, V or X has no numeral to look for.
    guard name.utf8.contains(where: { $0 == 0x49 || $0 == 0x56 || $0 == 0x58 }) else {
      return name
    }
    var words = name.split(separator: " ", omittingEmptySubsequences: false)
    var changed = false
    for index in words.indices.dropFirst() {
      if let number = regnalNumerals[String(words[index])] {
        words[index] = Substring(String(number))
        changed = true
      }
    }
    return changed ? words.joined(separator: " ") : name
  }

  private static let regnalNumerals: [String: Int] = [
    "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
    "X": 10, "XI": 11, "XII": 12,
  ]

  /// A character `key` normalization keeps and names never contain.
  static let partBoundary: Character = "|"
  private static let partBoundaryScalar: Unicode.Scalar = "|"

  /// `Abumuhammad`, `ابومحمد`: a kinship particle glued to a name of four letters or more
  /// becomes a word of its own.
  static func splitGluedParticles(_ words: [Substring]) -> [Substring] {
    var result: [Substring] = []
    for word in words {
      // `Abolfazl`, `Abulhassan`, `Aboulfath`: the particle and the article (abu al-) glued
      // to the name, the Persian way.
      if let prefix = ["aboul", "abol", "abul"].first(where: { word.hasPrefix($0) }),
        word.count >= prefix.count + 4
      {
        result.append("abu")
        result.append(word.dropFirst(prefix.count))
      } else if let prefix = ["abu", "abou", "ابو"].first(where: { word.hasPrefix($0) }),
        word.count >= prefix.count + 4
      {
        result.append(word.prefix(prefix.count))
        result.append(word.dropFirst(prefix.count))
      } else {
        result.append(word)
      }
    }
    return result
  }

  // MARK: - Words

  static let latinArticles: Set<String> = [
    "al", "el", "ul", "il", "ad", "ed", "ud", "as", "es", "us", "ash", "esh", "at", "et",
    "ut", "an", "en", "un", "ar", "er", "ur", "az", "ez", "uz", "ath", "adh", "al'",
  ]

  /// The Persian ezafe as Latin spellings write it apart.
  static let ezafe: Set<String> = ["e", "i", "ye", "yi", "ie"]

  /// Kinship particles in every spelling, with the sounds they are compared by.
  static let particles: [String: String] = [
    "abu": "abu", "abou": "abu", "abo": "abu", "bou": "abu", "ابو": "abu",
    "ibn": "ibn", "bin": "ibn", "ben": "ibn", "bn": "ibn", "ابن": "ibn", "بن": "ibn",
    "bint": "bint", "binte": "bint", "بنت": "bint",
  ]

  /// Drops articles that stand before another word, and splits `Abdul`-like words.
  static func dropArticles(_ words: [Substring]) -> [Substring] {
    var result: [Substring] = []
    for (index, word) in words.enumerated() {
      let isLast = index == words.count - 1
      // (`آل`, family, before a name is read as the Latin `Al` is: `آل سعود` = `Al Saud`.)
      if !isLast && (latinArticles.contains(String(word)) || word == "ال") { continue }
      // The Persian ezafe written as a word of its own (`Sepah-e Pasdaran`,
      // `Shora-ye Negahban`, `Tehrik-i-Taliban`) joins two words and is not one.
      if index > 0 && !isLast && ezafe.contains(String(word)) { continue }
      var current = word
      // The article, except in the name of God, where it belongs to the word.
      if current.count > 3 && current.hasPrefix("ال") && current != "الله" {
        current = current.dropFirst(2)
      }
      // Abdul, Abdel, Abdol, Abdal, عبدال: the article inside a compound name.
      if current.hasPrefix("عبدال") && current.count > 5 {
        current = "عبد" + current.dropFirst(5)
      }
      if current.count >= 5, current.hasPrefix("abd"),
        let vowel = current.dropFirst(3).first, "aeiou".contains(vowel),
        current.dropFirst(4).first == "l"
      {
        current = "abd" + current.dropFirst(5)
      }
      result.append(current)
    }
    return result
  }

  /// The loose form (``NameToken/looseForm``) of one Latin word already in `key` form
  /// (lowercase, no accents), as ``tokens(of:)`` would read it alone: a fast path for
  /// callers that read many single words.
  public static func looseForm(ofKeyedLatinWord word: String) -> String {
    var word = word
    return String(decoding: word.withUTF8 { looseForm(ofKeyedLatinWord: $0) }, as: UTF8.self)
  }

  /// ``looseForm(ofKeyedLatinWord:)-(String)`` on the word's UTF-8 bytes, in one pass that
  /// builds no string: ``readLatin(_:)``, ``collapseDoubles(_:keepingConsonants:)`` and
  /// ``NameToken/looseForm`` at once (`find` asks it of every capitalized Latin word it
  /// reads first). Doubles need no pass of their own: two equal sounds have one loose
  /// symbol, which is written once.
  public static func looseForm(ofKeyedLatinWord word: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    for (spelling, sounds) in particleSpellings where spelling.elementsEqual(word) {
      return sounds
    }
    // Apostrophes take no part, not even as the letter after another.
    guard !word.contains(UInt8(ascii: "'")) else {
      let letters = word.filter { $0 != UInt8(ascii: "'") }
      return letters.withUnsafeBufferPointer { looseSymbols(ofLetters: $0) }
    }
    return looseSymbols(ofLetters: word)
  }

  /// The particles' spellings as bytes, with their sounds (the loose form of a particle).
  private static let particleSpellings: [(spelling: [UInt8], sounds: [UInt8])] =
    particles.map { (Array($0.key.utf8), Array($0.value.utf8)) }

  /// The loose symbols of Latin letters without apostrophes, read as ``readLatin(_:)``
  /// reads them.
  private static func looseSymbols(ofLetters letters: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var symbols: [UInt8] = []
    symbols.reserveCapacity(letters.count)
    readLatinSounds(letters) { sound in
      if let loose = NameToken.looseSymbol(sound), symbols.last != loose { symbols.append(loose) }
    }
    return symbols
  }

  // MARK: - Latin

  static func readLatin(_ word: String) -> [UInt8] {
    let letters = Array(word.utf8).filter { $0 != UInt8(ascii: "'") }
    var result: [UInt8] = []
    letters.withUnsafeBufferPointer { letters in readLatinSounds(letters) { result.append($0) } }
    return result
  }

  /// Reads Latin letters (without apostrophes) into sounds, handing each to `emit`.
  @inline(__always)
  static func readLatinSounds(_ letters: UnsafeBufferPointer<UInt8>, _ emit: (UInt8) -> Void) {
    // The last sound read, for the final h.
    var lastSound: UInt8 = 0
    func read(_ sound: UInt8) {
      lastSound = sound
      emit(sound)
    }
    var index = 0
    let count = letters.count
    while index < count {
      let letter = letters[index]
      let following: UInt8? = index + 1 < count ? letters[index + 1] : nil
      if let following, let digraph = latinDigraph(letter, following) {
        read(digraph)
        index += 2
        continue
      }
      switch letter {
      case UInt8(ascii: "y"), UInt8(ascii: "w"):
        // A consonant before a vowel (Yahya, Walid), a vowel elsewhere (Sulaymani, Jawlani).
        let isConsonant = following.map(Phoneme.isVowel) ?? false
        read(
          isConsonant
            ? letter : (letter == UInt8(ascii: "y") ? UInt8(ascii: "i") : UInt8(ascii: "u")))
      case UInt8(ascii: "h") where following == nil && Phoneme.isVowel(lastSound):
        break  // Fatemeh, Allah: a final h after a vowel is not pronounced.
      case UInt8(ascii: "c"): read(UInt8(ascii: "k"))
      case UInt8(ascii: "x"):
        // Alexander, Xavier, Texas: ks (kh is written kh).
        read(UInt8(ascii: "k"))
        read(UInt8(ascii: "s"))
      case UInt8(ascii: "a")...UInt8(ascii: "z"): read(letter)
      default: break  // Digits and other signs do not take part.
      }
      index += 1
    }
  }

  /// The sound of two Latin letters read together, if they are a digraph of
  /// ``latinDigraphs`` (a table lookup on the two bytes, not a string).
  @inline(__always)
  static func latinDigraph(_ first: UInt8, _ second: UInt8) -> UInt8? {
    guard first >= 0x61, first <= 0x7A, second >= 0x61, second <= 0x7A else { return nil }
    let sound = latinDigraphTable[Int(first - 0x61) * 26 + Int(second - 0x61)]
    return sound == 0 ? nil : sound
  }

  private static let latinDigraphTable: [UInt8] = {
    var table = [UInt8](repeating: 0, count: 26 * 26)
    for (pair, sound) in latinDigraphs {
      let bytes = Array(pair.utf8)
      table[Int(bytes[0] - 0x61) * 26 + Int(bytes[1] - 0x61)] = sound
    }
    return table
  }()

  static let latinDigraphs: [String: UInt8] = [
    "kh": UInt8(ascii: "X"), "gh": UInt8(ascii: "G"), "sh": UInt8(ascii: "S"),
    "ch": UInt8(ascii: "C"), "zh": UInt8(ascii: "Z"), "th": UInt8(ascii: "T"),
    "dh": UInt8(ascii: "D"), "ph": UInt8(ascii: "f"), "ck": UInt8(ascii: "k"),
    "dj": UInt8(ascii: "j"), "ou": UInt8(ascii: "u"), "oo": UInt8(ascii: "u"),
    "ee": UInt8(ascii: "i"), "aa": UInt8(ascii: "a"),
  ]

  // MARK: - Arabic script

  static func readArabic(_ word: String) -> [UInt8] {
    let letters = word.unicodeScalars.map(\.value)
    var result: [UInt8] = []
    // Whether و or ی at `index` follows an alef and comes before a consonant (not alef,
    // و, ی or a final ه): the end of a diphthong (`اوکراین`, ukrain).
    func closesDiphthong(_ index: Int) -> Bool {
      guard result.last == UInt8(ascii: "a"), index + 1 < letters.count else { return false }
      let next = letters[index + 1]
      if next == 0x0647 || next == 0x0629 || next == 0x06C0 { return index + 2 < letters.count }
      guard let symbol = arabicLetters[next] else { return false }
      return !Phoneme.isVowel(symbol) && symbol != Phoneme.glottal
    }
    for (index, letter) in letters.enumerated() {
      let isFirst = index == 0
      let isLast = index == letters.count - 1
      let previousIsVowel = result.last.map(Phoneme.isVowel) ?? true
      // An alef that only carries the vowel و or ی after it at the start of a word is
      // read as that vowel: اوکراین is Ukraine, ایران Iran.
      if index == 1, letters.count > 2, letters[0] == 0x0627, result == [UInt8(ascii: "a")],
        letter == 0x0648 || letter == 0x06CC || letter == 0x064A
      {
        result = [letter == 0x0648 ? UInt8(ascii: "u") : UInt8(ascii: "i")]
        continue
      }
      switch letter {
      case 0x0627, 0x0622, 0x0623, 0x0625, 0x0671:  // alef forms
        result.append(UInt8(ascii: "a"))
      case 0x0648:  // و: a consonant at the start or between vowels, else u
        result.append(
          isFirst || (previousIsVowel && !isLast && !closesDiphthong(index))
            ? UInt8(ascii: "v") : UInt8(ascii: "u"))
      case 0x06CC, 0x064A, 0x0649:  // ی: a consonant at the start or between vowels, else i
        // After alef and before a consonant it closes a diphthong, as the Latin `y` of
        // `Sulaymani` does: اوکراین is ukrain, like Ukraine.
        result.append(
          isFirst || (previousIsVowel && !isLast && !closesDiphthong(index))
            ? UInt8(ascii: "y") : UInt8(ascii: "i"))
      case 0x0647, 0x0629, 0x06C0:  // ه: the vowel e at the end of a word (خامنه، فاطمه)
        // After alef it is silent, as the final h of the Latin spelling is (شاه Shah,
        // حماة Hama).
        if isLast && !isFirst && letters[index - 1] == 0x0627 { break }
        result.append(isLast && !isFirst ? UInt8(ascii: "e") : UInt8(ascii: "h"))
      default:
        if let symbol = arabicLetters[letter] { result.append(symbol) }
      }
    }
    return result
  }

  static let arabicLetters: [UInt32: UInt8] = [
    0x0628: UInt8(ascii: "b"), 0x067E: UInt8(ascii: "p"), 0x062A: UInt8(ascii: "t"),
    0x062B: UInt8(ascii: "T"), 0x062C: UInt8(ascii: "j"), 0x0686: UInt8(ascii: "C"),
    0x062D: UInt8(ascii: "h"), 0x062E: UInt8(ascii: "X"), 0x062F: UInt8(ascii: "d"),
    0x0630: UInt8(ascii: "D"), 0x0631: UInt8(ascii: "r"), 0x0632: UInt8(ascii: "z"),
    0x0698: UInt8(ascii: "Z"), 0x0633: UInt8(ascii: "s"), 0x0634: UInt8(ascii: "S"),
    0x0635: UInt8(ascii: "s"), 0x0636: UInt8(ascii: "Q"), 0x0637: UInt8(ascii: "t"),
    0x0638: UInt8(ascii: "z"), 0x0639: Phoneme.glottal, 0x063A: UInt8(ascii: "G"),
    0x0641: UInt8(ascii: "f"), 0x0642: UInt8(ascii: "q"), 0x06A9: UInt8(ascii: "k"),
    0x0643: UInt8(ascii: "k"), 0x06AF: UInt8(ascii: "g"), 0x0644: UInt8(ascii: "l"),
    0x0645: UInt8(ascii: "m"), 0x0646: UInt8(ascii: "n"), 0x0621: Phoneme.glottal,
    0x0624: UInt8(ascii: "u"), 0x0626: UInt8(ascii: "i"),
  ]

  // MARK: - Endings

  /// The sounds of a word without a plural or abstract ending, for comparing `Houthis`
  /// with `حوثی‌ها` and `الحوثيون`, `Wahhabism` with `وهابیت` and `الوهابية`; nil when
  /// the word has none of these endings.
  ///
  /// - Latin: `-ism`; `-ist`, `-ists`, `-ite`, `-ites` as the `-i` of the Persian and
  ///   Arabic adjective (`Sadrists` → sadri, `Alawites` → alawi); the plural `-s` (not
  ///   `-ss`, `-us`).
  /// - Arabic script: the Persian plural `ها های هایی`; the plurals of a word in `-i`
  ///   (`یون یین یان` → `ی`); the abstract nouns in `یت`, `یه` (Arabic `ية`), `گری`.
  ///
  /// What is left must have two letters or more.
  public static func stem(of token: NameToken) -> [UInt8]? {
    let text = token.text
    // Most words have none of the endings: they are answered without building a string.
    guard let last = text.unicodeScalars.last,
      last == "s" || last == "m" || last == "t" || last == "e" || last == "ی" || last == "ا"
        || last == "ت"
        || last == "ه" || last == "ن" || last == "h"
    else { return nil }
    let isArabic = !last.isASCII
    if last == "h" {
      // A final h after a vowel is read silent (`Fatemeh` = `فاطمه`), but it may write
      // the ح of `رفح` (Rafah), `فتح` (Fatah), `صلاح` (Salah): the other reading.
      let letters = Array(text.utf8)
      guard !token.isParticle, letters.count >= 3, Phoneme.isVowel(letters[letters.count - 2]),
        token.phonemes.last.map(Phoneme.isVowel) == true
      else { return nil }
      return token.phonemes + [UInt8(ascii: "h")]
    }
    let letters = Array(text)
    var cut = 0
    if isArabic {
      if let suffix = arabicStemSuffixes.first(where: { text.hasSuffix($0.ending) }) {
        cut = suffix.cut
      }
    } else if let suffix = latinStemSuffixes.first(where: { text.hasSuffix($0.ending) }) {
      cut = suffix.cut
    } else if text.hasSuffix("s") && !text.hasSuffix("ss") && !text.hasSuffix("us") {
      cut = 1
    }
    guard cut > 0, letters.count - cut >= 2 else { return nil }
    let stem = String(letters.dropLast(cut))
    let phonemes = collapseDoubles(
      isArabic ? readArabic(stem) : readLatin(stem), keepingConsonants: isArabic)
    return phonemes.isEmpty || phonemes == token.phonemes ? nil : phonemes
  }

  /// Latin endings and how many letters to cut, longest first.
  private static let latinStemSuffixes: [(ending: String, cut: Int)] = [
    ("isms", 4), ("ists", 3), ("ites", 3), ("ism", 3), ("ist", 2), ("ite", 2),
  ]

  /// Arabic-script endings (in `key` form) and how many letters to cut, longest first.
  private static let arabicStemSuffixes: [(ending: String, cut: Int)] = [
    ("هایی", 4), ("یگری", 4), ("های", 3), ("گری", 3), ("یون", 2), ("یین", 2), ("یان", 2),
    ("ها", 2), ("یت", 2), ("یه", 2),
  ]

  /// Repeated sounds read as one. With `keepingConsonants` (the Arabic script, which
  /// writes a doubled consonant once), a consonant letter written twice is two sounds
  /// with a short vowel between (`مملوک` Mamlouk, `ددی`), but for `l` (`الله`).
  static func collapseDoubles(_ phonemes: [UInt8], keepingConsonants: Bool = false) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(phonemes.count)
    for symbol in phonemes {
      if result.last == symbol
        && !(keepingConsonants && !Phoneme.isVowel(symbol) && symbol != UInt8(ascii: "l")
          && symbol != UInt8(ascii: "y") && symbol != UInt8(ascii: "v")
          && symbol != Phoneme.glottal)
      {
        continue
      }
      result.append(symbol)
    }
    return result
  }
}
