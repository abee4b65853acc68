import TarjumanText

/// What the filter step checks. A record is dropped when any column fails a check; the
/// report counts drops by reason.
public struct FilterOptions: Sendable, Equatable {
  /// Drop a record with a column shorter than this many characters (Unicode scalars).
  public var minChars: Int?
  /// Drop a record with a column longer than this many characters.
  public var maxChars: Int?
  /// Drop a record with a column of fewer tokens (runs separated by white space).
  public var minTokens: Int?
  /// Drop a record with a column of more tokens.
  public var maxTokens: Int?
  /// Bitext: drop a pair whose longer side has more than this many times the characters
  /// of the shorter side.
  public var maxRatio: Double?
  /// Drop a line in the wrong script for its column's language: Latin-only or Arabic
  /// letters only in a Persian column, Latin-only or Persian in an Arabic column, Arabic
  /// script only in an English column.
  public var script = false
  /// Drop a record with a column whose share of digits (of its non-space characters) is
  /// above this fraction.
  public var maxDigits: Double?
  /// Drop a record with a column whose share of symbols and punctuation is above this.
  public var maxSymbols: Double?
  /// Bitext: drop a pair whose two sides are the same text.
  public var dropSame = false
  /// Drop a record with a column that is only a URL or an e-mail address.
  public var dropURL = false

  /// Creates options that check nothing.
  public init() {}

  /// Whether any check is on.
  public var isEmpty: Bool { self == FilterOptions() }
}

/// Drops records that fail the checks of ``FilterOptions``.
public struct FilterStep: RecordStep {
  public var name: String { "filter" }
  let options: FilterOptions
  let columns: [Column]

  /// Creates the step.
  public init(options: FilterOptions, columns: [Column]) {
    self.options = options
    self.columns = columns
  }

  public func makeWorkspace() -> AnyObject? { nil }

  public func apply(_ records: inout [Record], tally: inout Tally, workspace: AnyObject?) {
    records.removeAll { record in
      if let reason = rejection(of: record) {
        tally.drop(reason)
        return true
      }
      return false
    }
  }

  /// Why a record is dropped, or nil to keep it.
  public func rejection(of record: Record) -> String? {
    var lengths: [Int] = []
    for (column, field) in record.fields.enumerated() where column < columns.count {
      let counts = Counts(field)
      lengths.append(counts.characters)
      if let minimum = options.minChars, counts.characters < minimum { return "too-short" }
      if let maximum = options.maxChars, counts.characters > maximum { return "too-long" }
      if let minimum = options.minTokens, counts.tokens < minimum { return "too-few-tokens" }
      if let maximum = options.maxTokens, counts.tokens > maximum { return "too-many-tokens" }
      if options.dropURL && Self.isOnlyURLOrEmail(field) { return "url-or-email" }
      if options.script && wrongScript(field, counts: counts, column: columns[column]) {
        return "wrong-script"
      }
      let visible = max(counts.characters - counts.spaces, 1)
      if let maximum = options.maxDigits, Double(counts.digits) / Double(visible) > maximum {
        return "too-many-digits"
      }
      if let maximum = options.maxSymbols, Double(counts.symbols) / Double(visible) > maximum {
        return "too-many-symbols"
      }
    }
    if lengths.count >= 2 {
      if let maximum = options.maxRatio {
        let longer = Double(max(lengths[0], lengths[1]))
        let shorter = Double(max(min(lengths[0], lengths[1]), 1))
        if longer / shorter > maximum { return "length-ratio" }
      }
      if options.dropSame && trimmed(record.fields[0][...]) == trimmed(record.fields[1][...]) {
        return "same-as-source"
      }
    }
    return nil
  }

  private func wrongScript(_ field: [UInt8], counts: Counts, column: Column) -> Bool {
    guard case .fixed(let declared) = column.language else { return false }
    switch declared {
    case .en:
      return counts.arabicLetters > 0 && counts.latinLetters == 0
    case .fa, .ar:
      if counts.latinLetters > 0 && counts.arabicLetters == 0 { return true }
      guard counts.arabicLetters > 0 else { return false }
      let detected = field.withUnsafeBufferPointer { LanguageDetector.detect(utf8: $0) }
      return detected != nil && detected != declared && detected != .en
    }
  }

  /// Whether a field is one URL or e-mail address and nothing else.
  static func isOnlyURLOrEmail(_ field: [UInt8]) -> Bool {
    let text = String(decoding: trimmed(field[...]), as: UTF8.self)
    guard !text.isEmpty, !text.contains(" "), !text.contains("\t") else { return false }
    let lowered = text.lowercased()
    for prefix in ["http://", "https://", "ftp://", "www."] where lowered.hasPrefix(prefix) {
      return lowered.count > prefix.count
    }
    guard let at = lowered.firstIndex(of: "@"), at > lowered.startIndex else { return false }
    let domain = lowered[lowered.index(after: at)...]
    guard let dot = domain.lastIndex(of: "."), dot > domain.startIndex else { return false }
    return domain.index(after: dot) < domain.endIndex
  }

  /// Character classes of one field.
  struct Counts {
    var characters = 0
    var spaces = 0
    var tokens = 0
    var digits = 0
    var symbols = 0
    var latinLetters = 0
    var arabicLetters = 0

    init(_ field: [UInt8]) {
      var inToken = false
      for scalar in String(decoding: field, as: UTF8.self).unicodeScalars {
        characters += 1
        let value = scalar.value
        let isSpace = value == 0x20 || value == 0x09 || scalar.properties.isWhitespace
        if isSpace {
          spaces += 1
          inToken = false
          continue
        }
        if !inToken { tokens += 1 }
        inToken = true
        switch value {
        case 0x30...0x39, 0x0660...0x0669, 0x06F0...0x06F9:
          digits += 1
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F:
          if value != 0xD7 && value != 0xF7 { latinLetters += 1 } else { symbols += 1 }
        case 0x0620...0x064A, 0x066E...0x06D3, 0x06D5, 0x06FA...0x06FF, 0x0750...0x077F,
          0xFB50...0xFDFF, 0xFE70...0xFEFF:
          arabicLetters += 1
        case 0x064B...0x065F, 0x0670, 0x200C, 0x200D:
          break  // harakat, superscript alef, joiners: parts of words
        default:
          let properties = scalar.properties
          if !properties.isAlphabetic && !properties.generalCategory.isMark { symbols += 1 }
        }
      }
    }
  }
}

extension Unicode.GeneralCategory {
  fileprivate var isMark: Bool {
    self == .nonspacingMark || self == .spacingMark || self == .enclosingMark
  }
}
