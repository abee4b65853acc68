/// The sounds that the name key compares, one byte each.
///
/// Latin spellings and Arabic-script spellings of a name are both read into this one
/// alphabet, so that `Jolani` and `جولانی` become the same kind of sequence. Digraphs of
/// romanization get a symbol of their own (`kh` → `X`); letters of the Arabic script map
/// to the sound a romanizer writes for them (`خ` → `X`).
///
/// | symbol | sound | Latin | Arabic script |
/// |---|---|---|---|
/// | `a e i o u` | vowels | a e i o u | ا (a), final ه (e), و as a vowel (u), ی as a vowel (i) |
/// | `b p t d k g q j f v w y h m n l r s z` | themselves | the letter | ب پ ت د ک گ ق ج ف و (consonant) ی (consonant) ه ح م ن ل ر س ص ز ظ |
/// | `C` | ch | ch, č | چ |
/// | `S` | sh | sh, š | ش |
/// | `Z` | zh | zh, ž | ژ |
/// | `X` | kh | kh, x | خ |
/// | `G` | gh | gh, ğ | غ |
/// | `T` | th | th | ث |
/// | `D` | dh | dh | ذ |
/// | `Q` | d of ض | ḍ | ض |
/// | `'` | hamza, ayn | (dropped before) | ع ء |
/// | `0`–`9` | a number (`Faisal I` is read `Faisal 1`) | digits, Roman numerals | |
enum Phoneme {
  @inline(__always)
  static func isVowel(_ symbol: UInt8) -> Bool {
    symbol == 0x61 || symbol == 0x65 || symbol == 0x69 || symbol == 0x6F || symbol == 0x75
  }

  /// The symbol of `'`, for hamza and ayn: present in the sequence, free to insert or drop.
  static let glottal = UInt8(ascii: "'")

  /// The coarse class of a consonant for the retrieval index: sounds that romanizations
  /// confuse share a class (j/g, k/q/gh, d/z/dh/ḍ, s/th, sh/ch, w/v, b/p, h/kh).
  static func coarseClass(_ symbol: UInt8) -> UInt8? {
    switch symbol {
    case UInt8(ascii: "b"), UInt8(ascii: "p"): UInt8(ascii: "b")
    case UInt8(ascii: "t"): UInt8(ascii: "t")
    case UInt8(ascii: "d"), UInt8(ascii: "z"), UInt8(ascii: "D"), UInt8(ascii: "Z"),
      UInt8(ascii: "Q"):
      UInt8(ascii: "d")
    case UInt8(ascii: "s"), UInt8(ascii: "T"): UInt8(ascii: "s")
    case UInt8(ascii: "S"), UInt8(ascii: "C"): UInt8(ascii: "c")
    case UInt8(ascii: "j"), UInt8(ascii: "g"): UInt8(ascii: "j")
    case UInt8(ascii: "k"), UInt8(ascii: "q"), UInt8(ascii: "G"): UInt8(ascii: "k")
    case UInt8(ascii: "h"), UInt8(ascii: "X"): UInt8(ascii: "h")
    case UInt8(ascii: "f"): UInt8(ascii: "f")
    case UInt8(ascii: "v"), UInt8(ascii: "w"): UInt8(ascii: "w")
    case UInt8(ascii: "y"): UInt8(ascii: "y")
    case UInt8(ascii: "m"): UInt8(ascii: "m")
    case UInt8(ascii: "n"): UInt8(ascii: "n")
    case UInt8(ascii: "l"): UInt8(ascii: "l")
    case UInt8(ascii: "r"): UInt8(ascii: "r")
    default: nil
    }
  }

  /// The cost of inserting or deleting a symbol: short vowels are not written in the
  /// Arabic script and hamza and ayn are often dropped in romanization, so those cost
  /// little; a consonant costs a whole unit.
  @inline(__always)
  static func indelCost(_ symbol: UInt8) -> Double {
    if symbol == glottal { return 0.05 }
    if isVowel(symbol) { return vowelIndelCost }
    if symbol == UInt8(ascii: "h") || symbol == UInt8(ascii: "y") || symbol == UInt8(ascii: "w") {
      return 0.6
    }
    return 1
  }

  /// What a vowel with no counterpart costs (but at the end of a word).
  static let vowelIndelCost = 0.25

  /// What a vowel of a Latin spelling with no counterpart in an Arabic-script spelling
  /// costs: the script does not write short vowels, so their absence says little
  /// (`Ramadan` = `رمضان`, `Hamadan` = `همدان`).
  static let unwrittenVowelCost = 0.15

  /// The cost of inserting or deleting a symbol at the end of a word: a final vowel
  /// (but `e`, silent at the end of European names) costs ``finalVowelIndelCost``.
  @inline(__always)
  static func indelCost(_ symbol: UInt8, isFinal: Bool) -> Double {
    if isFinal && isVowel(symbol) && symbol != UInt8(ascii: "e") { return finalVowelIndelCost }
    return indelCost(symbol)
  }

  /// What leaving out a word's final vowel costs: the Arabic script writes the final
  /// vowels of names (ا ه ی و), so one present on one side only is a real difference.
  static let finalVowelIndelCost = 0.5

  /// What leaving out a word's first vowel costs: the Arabic script writes it too, with
  /// alef (ا آ ای او), so `Oroumieh` (`ارومیه`) is not `Rumi` (`رومی`).
  static let initialVowelIndelCost = 0.5

  /// The cost of writing one symbol where another stands (0 for the same symbol), from a
  /// table computed once.
  @inline(__always)
  static func substitutionCost(_ first: UInt8, _ second: UInt8) -> Double {
    substitutionTable[Int(first & 0x7F) << 7 | Int(second & 0x7F)]
  }

  private static let substitutionTable: [Double] = (0..<(128 * 128)).map { index in
    computeSubstitutionCost(UInt8(index >> 7), UInt8(index & 0x7F))
  }

  private static func computeSubstitutionCost(_ first: UInt8, _ second: UInt8) -> Double {
    if first == second { return 0 }
    // Ayn and hamza are often written as the vowel they carry (Aden عدن, Oman عمان).
    if first == glottal || second == glottal {
      return isVowel(first) || isVowel(second) ? 0.1 : 1
    }
    let key = first < second ? (first, second) : (second, first)
    if let cost = closePairs[PairKey(key.0, key.1)] { return cost }
    if isVowel(first) && isVowel(second) { return 0.3 }
    if isVowel(first) || isVowel(second) { return 0.9 }
    return 1
  }

  private struct PairKey: Hashable {
    let first: UInt8
    let second: UInt8
    init(_ first: UInt8, _ second: UInt8) {
      self.first = first
      self.second = second
    }
  }

  /// Pairs of sounds that romanizations of Persian and Arabic confuse, and what writing
  /// one for the other costs.
  private static let closePairs: [PairKey: Double] = {
    let table: [(String, String, Double)] = [
      ("o", "u", 0.1), ("e", "i", 0.1), ("a", "e", 0.15), ("a", "o", 0.35),
      ("i", "y", 0.2), ("u", "w", 0.2), ("o", "w", 0.25), ("u", "v", 0.3), ("o", "v", 0.35),
      ("j", "g", 0.25), ("k", "q", 0.15), ("q", "G", 0.2), ("k", "G", 0.3), ("g", "G", 0.3),
      ("k", "c", 0.1), ("d", "D", 0.05), ("z", "D", 0.2), ("d", "z", 0.3), ("z", "Q", 0.2),
      ("d", "Q", 0.15), ("D", "Q", 0.25), ("s", "T", 0.25), ("t", "T", 0.25),
      ("S", "C", 0.3), ("s", "S", 0.5), ("z", "Z", 0.35), ("j", "Z", 0.4), ("X", "h", 0.35),
      ("X", "k", 0.5), ("v", "w", 0.1), ("b", "p", 0.3), ("f", "v", 0.5), ("f", "p", 0.5),
      ("t", "d", 0.6), ("e", "o", 0.4), ("i", "o", 0.5), ("a", "i", 0.45), ("a", "u", 0.45),
      ("e", "u", 0.45), ("y", "e", 0.3),
    ]
    var result: [PairKey: Double] = [:]
    for (first, second, cost) in table {
      let a = first.utf8.first ?? 0
      let b = second.utf8.first ?? 0
      result[a < b ? PairKey(a, b) : PairKey(b, a)] = cost
    }
    return result
  }()
}
