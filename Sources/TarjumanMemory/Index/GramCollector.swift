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
///
/// The table lives in memory of its own rather than in arrays: it was a quarter of the
/// reader's time, most of it in the arrays' bounds and uniqueness checks; a key's UTF-8 is
/// decoded in place (``Trigrams/forEachCode(utf8:_:)``).
final class GramCollector {
  /// Open addressing: each slot's group (-1 when empty) and that group's trigram code.
  private var slotGroups: UnsafeMutablePointer<Int32>
  private var slotCodes: UnsafeMutablePointer<UInt64>
  private var slotCount: Int
  private var mask: Int
  private var shift: UInt64
  /// Per group (at most half the slots): the last ordinal counted, and how many keys.
  private var lastOrdinal: UnsafeMutablePointer<Int32>
  private var counts: UnsafeMutablePointer<Int32>
  private var codes: [UInt64] = []
  /// Each trigram met: its group in the high half, the key's ordinal in the low half.
  private var pairs: [UInt64] = []

  init() {
    slotCount = 1 << 12
    mask = slotCount - 1
    shift = 64 - 12
    slotGroups = .allocate(capacity: slotCount)
    slotGroups.initialize(repeating: -1, count: slotCount)
    slotCodes = .allocate(capacity: slotCount)
    slotCodes.initialize(repeating: 0, count: slotCount)
    lastOrdinal = .allocate(capacity: slotCount / 2)
    counts = .allocate(capacity: slotCount / 2)
  }

  deinit {
    slotGroups.deallocate()
    slotCodes.deallocate()
    lastOrdinal.deallocate()
    counts.deallocate()
  }

  /// Adds the trigrams of the key with this ordinal; ordinals must ascend.
  func add(_ key: String, ordinal: Int32) {
    var key = key
    key.withUTF8 { bytes in
      // A key adds fewer groups than it has bytes: the table never grows inside one.
      let room = codes.count + bytes.count
      if room * 2 > slotCount { grow(toHold: room) }
      // The loop works on locals: a class's properties are checked for exclusive access
      // on every use, which cost more than the table itself.
      var codes = self.codes
      var pairs = self.pairs
      self.codes = []
      self.pairs = []
      let slotGroups = self.slotGroups
      let slotCodes = self.slotCodes
      let lastOrdinal = self.lastOrdinal
      let counts = self.counts
      let mask = self.mask
      let shift = self.shift
      Trigrams.forEachCode(utf8: bytes) { code in
        var slot = Int(truncatingIfNeeded: (code &* 0x9E37_79B9_7F4A_7C15) >> shift)
        let group: Int
        while true {
          let found = slotGroups[slot]
          if found < 0 {
            group = codes.count
            slotGroups[slot] = Int32(group)
            slotCodes[slot] = code
            codes.append(code)
            lastOrdinal[group] = -1
            counts[group] = 0
            break
          }
          if slotCodes[slot] == code {
            group = Int(found)
            break
          }
          slot = (slot + 1) & mask
        }
        // A trigram repeated in one key counts once.
        guard lastOrdinal[group] != ordinal else { return }
        lastOrdinal[group] = ordinal
        counts[group] += 1
        pairs.append(UInt64(group) << 32 | UInt64(UInt32(bitPattern: ordinal)))
      }
      self.codes = codes
      self.pairs = pairs
    }
  }

  /// Grows the table until it holds `groups` groups at most half full.
  private func grow(toHold groups: Int) {
    var capacity = slotCount
    while groups * 2 > capacity {
      capacity *= 2
      shift -= 1
    }
    slotGroups.deallocate()
    slotCodes.deallocate()
    slotCount = capacity
    mask = capacity - 1
    slotGroups = .allocate(capacity: capacity)
    slotGroups.initialize(repeating: -1, count: capacity)
    slotCodes = .allocate(capacity: capacity)
    slotCodes.initialize(repeating: 0, count: capacity)
    for (group, code) in codes.enumerated() {
      var slot = Int(truncatingIfNeeded: (code &* 0x9E37_79B9_7F4A_7C15) >> shift)
      while slotGroups[slot] >= 0 { slot = (slot + 1) & mask }
      slotGroups[slot] = Int32(group)
      slotCodes[slot] = code
    }
    let oldLast = lastOrdinal
    let oldCounts = counts
    lastOrdinal = .allocate(capacity: capacity / 2)
    lastOrdinal.update(from: oldLast, count: codes.count)
    counts = .allocate(capacity: capacity / 2)
    counts.update(from: oldCounts, count: codes.count)
    oldLast.deallocate()
    oldCounts.deallocate()
  }

  /// The trigrams collected so far, grouped and in code order.
  func finish() -> BatchGrams {
    // Codes are distinct: sorting them with their groups needs no tie rule.
    var sorted = codes.enumerated().map { (code: $0.element, group: $0.offset) }
    sorted.sort { $0.code < $1.code }
    let order = sorted.lazy.map(\.group)
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
