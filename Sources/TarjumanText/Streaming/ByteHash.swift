/// A fast 64-bit hash of short byte strings (words), for the per-word caches of the
/// romanizer and the mention finder: multiply-and-xorshift over 8-byte words, the tail
/// packed into one more word, then a final mix. Not for anything adversarial.
public enum ByteHash {
  /// The hash of `bytes`, varied by `seed` (different seeds give unrelated hashes).
  ///
  /// Public and inlinable: the per-word caches of other modules compute it for every word
  /// of a text, and the compiler inlines an inlinable `package` function only within its
  /// own module (other modules call it).
  @inlinable @inline(__always)
  public static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0) -> UInt64 {
    var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ seed ^ UInt64(bytes.count)
    guard let base = bytes.baseAddress else { return hash }
    let raw = UnsafeRawPointer(base)
    var index = 0
    let count = bytes.count
    while index + 8 <= count {
      hash = mix(hash, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      index += 8
    }
    if index < count {
      hash = (hash ^ tail(raw, count: count, from: index)) &* 0xBF58_476D_1CE4_E5B9
    }
    return finish(hash)
  }

  /// One word of eight bytes into ``hash(_:seed:)``.
  @inlinable @inline(__always)
  static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
    let mixed = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
    return mixed ^ (mixed >> 31)
  }

  /// ``hash(_:seed:)``'s final mix.
  @inlinable @inline(__always)
  static func finish(_ hash: UInt64) -> UInt64 {
    var hash = hash ^ (hash >> 33)
    hash &*= 0xFF51_AFD7_ED55_8CCD
    return hash ^ (hash >> 33)
  }

  /// Two hashes of `bytes` in one pass: the first is ``hash(_:seed:)`` with `first` as the
  /// seed, the second a hash of other constants seeded with `second`. A line memo keys a
  /// line by both (128 bits); hashing the two chains side by side takes about the time of
  /// one, as each waits on its own multiplications.
  @inlinable @inline(__always)
  public static func hashPair(_ bytes: UnsafeBufferPointer<UInt8>, first: UInt64, second: UInt64)
    -> (UInt64, UInt64)
  {
    let count = bytes.count
    var one: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ first ^ UInt64(count)
    var two: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ second ^ UInt64(count)
    // As in hash(_:seed:), a buffer without storage keeps the seeds unmixed.
    guard let base = bytes.baseAddress else { return (one, two) }
    do {
      let raw = UnsafeRawPointer(base)
      var index = 0
      while index + 8 <= count {
        let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        one = mix(one, word)
        two = (two ^ word) &* 0x94D0_49BB_1331_11EB
        two ^= two >> 29
        index += 8
      }
      if index < count {
        let word = tail(raw, count: count, from: index)
        one = (one ^ word) &* 0xBF58_476D_1CE4_E5B9
        two = (two ^ word) &* 0x94D0_49BB_1331_11EB
      }
    }
    one = finish(one)
    two ^= two >> 32
    two &*= 0xC4CE_B9FE_1A85_EC53
    two ^= two >> 29
    return (one, two)
  }

  /// The last one to seven bytes from `index`, packed little-endian into one word. Loads
  /// that overlap bytes already hashed (and shifts that drop them) replace a byte loop;
  /// nothing is read outside the buffer.
  @inlinable @inline(__always)
  static func tail(_ raw: UnsafeRawPointer, count: Int, from index: Int) -> UInt64 {
    let remaining = count &- index
    if count >= 8 {
      return raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        >> UInt64((8 &- remaining) &* 8)
    }
    if count >= 4 {
      let low = UInt64(raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
      let high = UInt64(raw.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))
      return low | (high >> UInt64((8 &- count) &* 8)) << 32
    }
    var word: UInt64 = 0
    var shift: UInt64 = 0
    var at = index
    while at < count {
      word |= UInt64(raw.load(fromByteOffset: at, as: UInt8.self)) << shift
      shift &+= 8
      at &+= 1
    }
    return word
  }

  /// Whether two byte strings of `count` bytes are equal: eight bytes at a time, inline
  /// (words are short, and a call to `memcmp` costs more than the comparison), with loads
  /// that may overlap and never leave either string. Public and inlinable, as ``hash(_:seed:)``.
  @inlinable @inline(__always)
  public static func equal(_ left: UnsafeRawPointer, _ right: UnsafeRawPointer, _ count: Int)
    -> Bool
  {
    guard count >= 8 else {
      if count >= 4 {
        // Two loads of four bytes, overlapping when the word is shorter than eight.
        return left.loadUnaligned(as: UInt32.self) == right.loadUnaligned(as: UInt32.self)
          && left.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
            == right.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
      }
      var index = 0
      while index < count {
        if left.load(fromByteOffset: index, as: UInt8.self)
          != right.load(fromByteOffset: index, as: UInt8.self)
        {
          return false
        }
        index &+= 1
      }
      return true
    }
    var index = 0
    while index &+ 8 < count {
      if left.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        != right.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      {
        return false
      }
      index &+= 8
    }
    // The last eight bytes, overlapping the ones compared already.
    return left.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
      == right.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
  }
}
