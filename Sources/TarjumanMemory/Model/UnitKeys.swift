import TarjumanText

/// The normalized keys and the identity of units.
///
/// Keys come from `TextNormalizer(profile: .key)`: case, diacritics, Arabic letter forms,
/// Persian and Arabic yeh and kaf, digits, ZWNJ and apostrophes are folded, so that equal
/// words spelled on different keyboards or in Persian and Arabic get one key. Line breaks
/// inside a segment count as spaces.
enum UnitKeys {
  /// The process-wide key normalizer (immutable and safe to share).
  static let normalizer: TextNormalizer? = try? TextNormalizer(profile: .key)

  /// The key of a text.
  static func key(_ text: String) -> String {
    guard let normalizer else { return text.lowercased() }
    let hasBreak =
      text.utf8.withContiguousStorageIfAvailable { bytes in
        bytes.contains { $0 == 0x0A || $0 == 0x0D }
      } ?? text.utf8.contains { $0 == 0x0A || $0 == 0x0D }
    if hasBreak {
      let flat = String(
        String.UnicodeScalarView(
          text.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : $0 }))
      return normalizer.normalize(flat)
    }
    return normalizer.normalize(text)
  }

  /// A 128-bit identity of a unit: two independent 64-bit hashes of its languages and the
  /// exact source and target (inline codes included), as 16 bytes. Units with the same
  /// identity are merged.
  static func identity(_ unit: TranslationUnit) -> [UInt8] {
    var first = Hash64(seed: 0xCBF2_9CE4_8422_2325, prime: 0x0000_0100_0000_01B3)
    var second = Hash64(seed: 0x6C62_272E_07BB_0142, prime: 0x9E37_79B9_7F4A_7C15)
    for part in [
      unit.sourceLanguage.rawValue.lowercased(), unit.targetLanguage.rawValue.lowercased(),
      unit.source.markup ?? unit.source.text, unit.target.markup ?? unit.target.text,
    ] {
      Hash64.add(part, to: &first, and: &second)
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(16)
    for value in [first.finish(), second.finish()] {
      for shift in stride(from: 56, through: 0, by: -8) {
        bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
      }
    }
    return bytes
  }
}

/// FNV-1a style over UTF-8 with a separator between parts, finished with a SplitMix64 mix.
struct Hash64 {
  private var state: UInt64
  private let prime: UInt64

  /// `prime` must be odd; two hashes with different seeds and primes are independent.
  init(seed: UInt64, prime: UInt64) {
    state = seed
    self.prime = prime
  }

  mutating func add(_ text: String) {
    var text = text
    var state = self.state
    let prime = self.prime
    // The contiguous UTF-8 bytes: iterating `text.utf8` costs several times more.
    text.withUTF8 { bytes in
      for byte in bytes { state = (state ^ UInt64(byte)) &* prime }
    }
    self.state = (state ^ 0xFF) &* prime  // 0xFF never occurs in UTF-8.
  }

  /// Adds `text` to two hashes in one pass over its bytes (each gets what ``add(_:)``
  /// would give it).
  static func add(_ text: String, to first: inout Hash64, and second: inout Hash64) {
    var text = text
    var one = first.state
    var two = second.state
    let primes = (first.prime, second.prime)
    text.withUTF8 { bytes in
      for byte in bytes {
        one = (one ^ UInt64(byte)) &* primes.0
        two = (two ^ UInt64(byte)) &* primes.1
      }
    }
    first.state = (one ^ 0xFF) &* primes.0
    second.state = (two ^ 0xFF) &* primes.1
  }

  func finish() -> UInt64 {
    var z = state &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
