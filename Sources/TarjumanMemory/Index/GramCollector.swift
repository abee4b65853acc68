/// The trigrams of a batch of keys, grouped by trigram: for each distinct trigram (in code
/// order), the ordinals of the keys that contain it, ascending. The ordinals are positions
/// in the batch; the writer turns them into unit ids once the units are stored.
struct BatchGrams: Sendable {
  /// The distinct trigram codes, ascending.
  var codes: [UInt64] = []
  /// `ordinals[starts[i]..<starts[i + 1]]` are the keys that contain `codes[i]`.
  var starts: [Int32] = [0]
  var ordinals: [Int32] = []
}

/// Builds ``BatchGrams`` key by key with an open-addressing table from trigram code to
/// group, then places the ordinals with a counting sort: a few nanoseconds a trigram, so
/// that the import's reader thread can do it beside parsing.
struct GramCollector {
  /// Open addressing: each slot's group (-1 when empty) and that group's trigram code.
  private var slotGroups: [Int32]
  private var slotCodes: [UInt64]
  private var mask: Int
  private var shift: UInt64
  private var codes: [UInt64] = []
  private var lastOrdinal: [Int32] = []
  private var counts: [Int32] = []
  /// Each trigram met: its group in the high half, the key's ordinal in the low half.
  private var pairs: [UInt64] = []

  init() {
    slotGroups = [Int32](repeating: -1, count: 1 << 12)
    slotCodes = [UInt64](repeating: 0, count: 1 << 12)
    mask = (1 << 12) - 1
    shift = 64 - 12
  }

  /// Adds the trigrams of the key with this ordinal; ordinals must ascend.
  mutating func add(_ key: String, ordinal: Int32) {
    Trigrams.forEachCode(key) { code in
      let group = self.group(of: code)
      // A trigram repeated in one key counts once.
      guard lastOrdinal[group] != ordinal else { return }
      lastOrdinal[group] = ordinal
      counts[group] += 1
      pairs.append(UInt64(group) << 32 | UInt64(UInt32(bitPattern: ordinal)))
    }
  }

  @inline(__always)
  private mutating func group(of code: UInt64) -> Int {
    var slot = Int(truncatingIfNeeded: (code &* 0x9E37_79B9_7F4A_7C15) >> shift)
    while true {
      let group = slotGroups[slot]
      if group < 0 { break }
      if slotCodes[slot] == code { return Int(group) }
      slot = (slot + 1) & mask
    }
    let group = codes.count
    slotGroups[slot] = Int32(group)
    slotCodes[slot] = code
    codes.append(code)
    lastOrdinal.append(-1)
    counts.append(0)
    if codes.count * 2 > slotGroups.count { grow() }
    return group
  }

  private mutating func grow() {
    let capacity = slotGroups.count * 2
    slotGroups = [Int32](repeating: -1, count: capacity)
    slotCodes = [UInt64](repeating: 0, count: capacity)
    mask = capacity - 1
    shift -= 1
    for (group, code) in codes.enumerated() {
      var slot = Int(truncatingIfNeeded: (code &* 0x9E37_79B9_7F4A_7C15) >> shift)
      while slotGroups[slot] >= 0 { slot = (slot + 1) & mask }
      slotGroups[slot] = Int32(group)
      slotCodes[slot] = code
    }
  }

  /// The trigrams collected so far, grouped and in code order.
  func finish() -> BatchGrams {
    let order = codes.indices.sorted { codes[$0] < codes[$1] }
    var rank = [Int32](repeating: 0, count: codes.count)
    var result = BatchGrams()
    result.codes.reserveCapacity(codes.count)
    result.starts.reserveCapacity(codes.count + 1)
    var next = [Int32](repeating: 0, count: codes.count)
    var total: Int32 = 0
    for (position, group) in order.enumerated() {
      rank[group] = Int32(position)
      result.codes.append(codes[group])
      next[position] = total
      total += counts[group]
      result.starts.append(total)
    }
    // The pairs are in ordinal order, so each group's ordinals come out ascending.
    result.ordinals = [Int32](repeating: 0, count: Int(total))
    result.ordinals.withUnsafeMutableBufferPointer { ordinals in
      for pair in pairs {
        let position = Int(rank[Int(pair >> 32)])
        ordinals[Int(next[position])] = Int32(truncatingIfNeeded: pair)
        next[position] += 1
      }
    }
    return result
  }
}
