import CTarjumanCPU
import Dispatch
import Synchronization
import TarjumanICU

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Normalizes text line by line with a ``NormalizationProfile``.
///
/// A normalizer compiles its options once (lookup tables for every per-character step)
/// and is then immutable and safe to share between threads; each thread brings its own
/// ``NormalizerWorkspace`` for scratch memory.
///
///     let normalizer = try TextNormalizer(profile: .clean, language: .fixed(.fa))
///     normalizer.normalize("كتاب هاي جديد")  // "کتاب‌های جدید"
///
/// `clean` and `key` make two passes over a line. The first decodes UTF-8, checks that
/// the line is in NFC with a precomputed quick-check table, applies the per-character
/// table and counts the letters that tell Persian from Arabic. The second applies the
/// language's letters and digits and the contextual rules (ZWNJ, punctuation, spaces)
/// and encodes UTF-8. ICU's NFC runs only on lines the quick check cannot prove
/// normalized and on lines with Arabic presentation forms.
public final class TextNormalizer: Sendable {
  /// The options this normalizer was built with.
  public let options: NormalizationOptions

  nonisolated(unsafe) let info: UnsafePointer<UInt32>
  /// The per-character table of `clean` (language-neutral steps) or of `key`.
  let map: ScalarMap?
  /// NFKC of each Arabic presentation form, applied before NFC in `clean`.
  let presentationForms: ScalarMap
  /// Whether `clean` may take its fast path; tests turn it off to compare both paths.
  let allowsFastPath: Bool
  /// For `clean`: 256 replacements for U+0600–U+06FF per ``LineLanguage``, 0 meaning
  /// unchanged.
  nonisolated(unsafe) let languageBlocks: UnsafeMutablePointer<UInt32>
  /// For `clean`'s fast path: a ``PlainTable`` per ``LineLanguage``; for `key`'s, one.
  nonisolated(unsafe) let plainTables: UnsafeMutablePointer<UInt64>
  /// For `key`'s fast path: its table pass for U+0000–U+07FF as UTF-8 (see
  /// ``mapKey(_:into:short:map:)``); nil in the other profiles.
  nonisolated(unsafe) let keyShortMap: UnsafeMutablePointer<UInt64>?

  /// Builds the tables for `options`.
  ///
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public convenience init(options: NormalizationOptions) throws(ICUError) {
    try self.init(options: options, allowsFastPath: true)
  }

  init(options: NormalizationOptions, allowsFastPath: Bool, allowsBlocks: Bool = true)
    throws(ICUError)
  {
    self.options = options
    self.allowsFastPath = allowsFastPath
    _ = try UnicodeNormalizer(.nfc)  // Surfaces a broken ICU as an error, not a trap.
    self.info = ScalarInfo.basicMultilingualPlane
    switch options.profile {
    case .nfc, .nfkc:
      self.map = nil
    case .clean:
      self.map = ScalarMap(
        cachedAs: "clean", rule: ScalarRules.clean, candidates: ScalarRules.cleanCandidates)
    case .key:
      self.map = ScalarMap(
        cachedAs: "key", rule: ScalarRules.key, candidates: ScalarRules.keyCandidates)
    }
    self.presentationForms = ScalarMap(
      cachedAs: "presentation",
      rule: { value in
        guard let scalar = Unicode.Scalar(value),
          let expanded = try? UnicodeNormalizer.nfkc.normalize(String(scalar))
        else { return nil }
        let values = expanded.unicodeScalars.map(\.value)
        return values == [value] ? nil : values
      },
      candidates: Array(0xFB50...0xFDFF) + Array(0xFE70...0xFEFE))
    languageBlocks = .allocate(capacity: LineLanguage.allCases.count * 256)
    for line in LineLanguage.allCases {
      for offset in 0..<256 {
        languageBlocks[line.rawValue * 256 + offset] =
          ScalarRules.languageSpecific(
            0x0600 + UInt32(offset), line: line, digits: options.digits) ?? 0
      }
    }
    if options.profile == .key, let map {
      plainTables = PlainTable.allocate(tables: 1)
      PlainTable.buildKey(into: plainTables, info: info)
      let short = UnsafeMutablePointer<UInt64>.allocate(capacity: 0x800)
      Self.buildKeyShortMap(into: short, map: map)
      keyShortMap = short
    } else {
      plainTables = PlainTable.allocate(tables: LineLanguage.allCases.count)
      for line in LineLanguage.allCases {
        PlainTable.build(
          into: plainTables + line.rawValue * PlainTable.stride, info: info,
          languageBlock: languageBlocks + line.rawValue * 256)
      }
      keyShortMap = nil
    }
    // Persian lines take the letter loop's 64-byte blocks, where the processor has them
    // (tests turn them off to compare). Arabic lines do not: vowelled Arabic puts a mark
    // after most letters, and shadda before the vowel, which the loop reorders, so that a
    // block stops after a letter or two and costs more than it saves (ar: 1.06-1.10x the
    // time with blocks; fa: 0.94x). Latin text takes ASCII blocks in every language's
    // table: they start only at an ASCII letter, which Persian and Arabic lines seldom
    // hold.
    if allowsBlocks && options.profile != .key && tj_has_vbmi() {
      PlainTable.buildBlocks(after: plainTables + LineLanguage.fa.rawValue * PlainTable.stride)
      for line in LineLanguage.allCases {
        PlainTable.takeASCIIBlocks(in: plainTables + line.rawValue * PlainTable.stride)
      }
    }
  }

  /// Whether Persian lines take the letter loop's 64-byte blocks of Arabic script, and
  /// every line its blocks of ASCII (the mark after each table says so).
  var usesBlocks: Bool {
    options.profile != .key
      && PlainTable.takesBlocks(plainTables + LineLanguage.fa.rawValue * PlainTable.stride)
      && LineLanguage.allCases.allSatisfy {
        PlainTable.takesASCIIBlocks(plainTables + $0.rawValue * PlainTable.stride)
      }
  }

  deinit {
    languageBlocks.deallocate()
    PlainTable.deallocate(plainTables)
    keyShortMap?.deallocate()
  }

  /// Convenience: builds a normalizer for a profile, language and digit style.
  ///
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public convenience init(
    profile: NormalizationProfile, language: LanguageSetting = .auto, digits: DigitStyle = .keep
  ) throws(ICUError) {
    try self.init(
      options: NormalizationOptions(profile: profile, language: language, digits: digits))
  }

  /// A normalizer for the options, built once per process and shared: building one
  /// computes tables over the whole Basic Multilingual Plane, which costs milliseconds
  /// that a short-lived command should pay once.
  ///
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public static func shared(
    profile: NormalizationProfile, language: LanguageSetting = .auto, digits: DigitStyle = .keep
  ) throws(ICUError) -> TextNormalizer {
    let options = NormalizationOptions(profile: profile, language: language, digits: digits)
    // The lock is held while building, so that a caller arriving meanwhile (a warm-up
    // thread and the main thread) waits for the one normalizer instead of building another.
    let result: Result<TextNormalizer, ICUError> = sharedNormalizers.withLock { cache in
      if let existing = cache[options] { return .success(existing) }
      do throws(ICUError) {
        let created = try TextNormalizer(options: options)
        cache[options] = created
        return .success(created)
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// Starts building the shared normalizer for a profile on another thread, so that a
  /// short-lived command can read its input meanwhile; ``shared(profile:language:digits:)``
  /// then returns it as soon as it is ready.
  public static func warmUp(profile: NormalizationProfile) {
    DispatchQueue.global(qos: .userInitiated).async {
      _ = try? TextNormalizer.shared(profile: profile)
    }
  }

  private static let sharedNormalizers = Mutex<[NormalizationOptions: TextNormalizer]>([:])

  /// Normalizes a string; each line (separated by LF or CRLF) is normalized on its own and
  /// line ends are kept as they are. Invalid UTF-8 cannot occur in a `String`.
  public func normalize(_ text: String) -> String {
    apply(to: text, workspace: NormalizerWorkspace())
  }

  /// Normalizes one line (without its line terminator) and appends the result to `output`.
  ///
  /// - Returns: false, appending nothing, when the line is not valid UTF-8.
  /// - Complexity: O(n) in the length of the line.
  public func normalizeLine(
    _ line: UnsafeBufferPointer<UInt8>, into output: inout [UInt8],
    workspace: NormalizerWorkspace
  ) -> Bool {
    guard !line.isEmpty else { return true }
    guard let normalized = normalizeLine(line, workspace: workspace) else { return false }
    output.append(contentsOf: normalized)
    return true
  }

  /// Normalizes one line (without its line terminator) into the workspace's own buffer,
  /// for a caller that only reads the result: it is not copied again.
  ///
  /// - Returns: the normalized line, valid until the workspace normalizes another line;
  ///   nil when the line is not valid UTF-8.
  package func normalizeLine(
    _ line: UnsafeBufferPointer<UInt8>, workspace: NormalizerWorkspace
  ) -> UnsafeBufferPointer<UInt8>? {
    var buffer = workspace.lineOutput
    defer { workspace.lineOutput = buffer }
    buffer.count = 0
    guard normalizeLine(line, into: &buffer, workspace: workspace) else { return nil }
    return buffer.elements
  }

  /// Normalizes one line (without its line terminator) and appends the result to a raw
  /// buffer: the streaming engine's form, which writes each line straight into its
  /// chunk's output.
  ///
  /// - Returns: false, with `output` as it was, when the line is not valid UTF-8.
  func normalizeLine(
    _ line: UnsafeBufferPointer<UInt8>, into output: inout RawBuffer<UInt8>,
    workspace: NormalizerWorkspace
  ) -> Bool {
    guard !line.isEmpty else { return true }
    switch options.profile {
    case .nfc: return unicodeForm(line, .nfc, into: &output, workspace: workspace)
    case .nfkc: return unicodeForm(line, .nfkc, into: &output, workspace: workspace)
    case .clean, .key: return tarjumanProfile(line, into: &output, workspace: workspace)
    }
  }

  // MARK: - Unicode forms

  private func unicodeForm(
    _ line: UnsafeBufferPointer<UInt8>, _ form: NormalizationForm,
    into output: inout RawBuffer<UInt8>,
    workspace: NormalizerWorkspace
  ) -> Bool {
    switch quickCheckNFC(line) {
    case .invalid: return false
    case .ascii:
      output.append(contentsOf: line)
    case .normalized where form == .nfc:
      output.append(contentsOf: line)
    case .normalized, .needsNormalization:
      let normalizer = form == .nfc ? UnicodeNormalizer.nfc : UnicodeNormalizer.nfkc
      icuNormalize(
        line, with: normalizer, expandingPresentationForms: false, into: &output,
        workspace: workspace)
    }
    return true
  }

  enum QuickCheck { case ascii, normalized, needsNormalization, invalid }

  /// NFC quick check (UAX #15) done with the precomputed table: a line is certainly NFC
  /// when every code point has NFC_Quick_Check=Yes and combining classes never decrease.
  private func quickCheckNFC(_ line: UnsafeBufferPointer<UInt8>) -> QuickCheck {
    var index = 0
    var lastClass: UInt32 = 0
    var sawNonASCII = false
    var needs = false
    while index < line.count {
      if line[index] < 0x80 {
        lastClass = 0
        index += 1
        continue
      }
      sawNonASCII = true
      let (value, length) = UTF8Decoding.decode(line, at: index)
      if value == UTF8Decoding.invalid { return .invalid }
      let scalarInfo = ScalarInfo.of(value, table: info)
      let combining = scalarInfo.combiningClass
      if scalarInfo.isNFCQuickCheckNotYes || (combining != 0 && combining < lastClass) {
        needs = true
      }
      lastClass = combining
      index += length
    }
    if !sawNonASCII { return .ascii }
    return needs ? .needsNormalization : .normalized
  }

  /// Runs an ICU normalizer over a valid UTF-8 line (through UTF-16, ICU's C API's form).
  private func icuNormalize(
    _ line: UnsafeBufferPointer<UInt8>, with normalizer: UnicodeNormalizer,
    expandingPresentationForms: Bool, into output: inout RawBuffer<UInt8>,
    workspace: NormalizerWorkspace
  ) {
    var units = workspace.utf16
    workspace.utf16 = []
    units.removeAll(keepingCapacity: true)
    var index = 0
    while index < line.count {
      let (value, length) = UTF8Decoding.decode(line, at: index)
      index += length
      if expandingPresentationForms && value < 0x10000,
        let replacement = presentationForms.replacement(of: value)
      {
        for expanded in replacement { Self.appendUTF16(expanded, to: &units) }
      } else {
        Self.appendUTF16(value, to: &units)
      }
    }
    let normalized: [UInt16]
    do {
      normalized = try units.withUnsafeBufferPointer { (buffer) throws(ICUError) in
        try normalizer.normalize(buffer)
      }
    } catch {
      // ICU fails here only when memory runs out; the input is valid UTF-16 by construction.
      preconditionFailure("ICU \(normalizer.form) failed on valid text: \(error)")
    }
    workspace.utf16 = units
    // At most 3 bytes of UTF-8 per UTF-16 unit.
    output.reserve(normalized.count * 3)
    var result = output
    Self.forEachScalar(inUTF16: normalized) { result.appendUTF8Unchecked($0) }
    output = result
  }

  /// Calls `body` with each scalar value of UTF-16 text from ICU (well formed: a lone
  /// surrogate, which ICU never returns, would become U+FFFD). Decoding by hand avoids
  /// building a `String` for every line that goes through ICU.
  @inline(__always)
  static func forEachScalar(inUTF16 units: [UInt16], _ body: (UInt32) -> Void) {
    units.withUnsafeBufferPointer { units in
      var index = 0
      let count = units.count
      while index < count {
        let unit = UInt32(units[index])
        if unit & 0xF800 != 0xD800 {
          body(unit)
          index &+= 1
        } else if unit < 0xDC00, index &+ 1 < count, units[index &+ 1] & 0xFC00 == 0xDC00 {
          body(0x10000 &+ ((unit &- 0xD800) << 10) &+ (UInt32(units[index &+ 1]) &- 0xDC00))
          index &+= 2
        } else {
          body(0xFFFD)
          index &+= 1
        }
      }
    }
  }

  @inline(__always)
  static func appendUTF16(_ value: UInt32, to units: inout [UInt16]) {
    if value < 0x10000 {
      units.append(UInt16(truncatingIfNeeded: value))
    } else {
      let shifted = value - 0x10000
      units.append(UInt16(truncatingIfNeeded: 0xD800 + (shifted >> 10)))
      units.append(UInt16(truncatingIfNeeded: 0xDC00 + (shifted & 0x3FF)))
    }
  }

  // MARK: - clean and key

  private func tarjumanProfile(
    _ line: UnsafeBufferPointer<UInt8>, into output: inout RawBuffer<UInt8>,
    workspace: NormalizerWorkspace
  ) -> Bool {
    let isKey = options.profile == .key
    if allowsFastPath {
      if isKey, let keyShortMap, let map {
        // `key`: its table pass straight from UTF-8 to UTF-8, then the rules, which copy
        // plain runs as `clean`'s fast path does. Exactly the general path's steps.
        var mapped = workspace.keyBytes
        defer { workspace.keyBytes = mapped }
        guard Self.mapKey(line, into: &mapped, short: keyShortMap, map: map) else {
          return false
        }
        rules(for: .unknown).applyCopyingPlainRuns(mapped.elements, into: &output)
        return true
      }
      if !isKey && cleanFastPath(line, into: &output, workspace: workspace) { return true }
    }
    guard let map else { return false }
    let countsLetters = !isKey && options.language == .auto
    var counts = LanguageDetector.LetterCounts()
    var scalars = workspace.scalars
    defer { workspace.scalars = scalars }
    // The key map decomposes and strips marks itself, so only `clean` needs NFC first.
    var result = mapPass(
      line, map: map, nfc: isKey ? .ignore : .check, countsLetters: countsLetters,
      counts: &counts, scalars: &scalars)
    if result == .needsNFC {
      var normalized = workspace.nfcBytes
      defer { workspace.nfcBytes = normalized }
      normalized.count = 0
      icuNormalize(
        line, with: .nfc, expandingPresentationForms: true, into: &normalized,
        workspace: workspace)
      counts = LanguageDetector.LetterCounts()
      result = mapPass(
        normalized.elements, map: map, nfc: .alreadyNormalized, countsLetters: countsLetters,
        counts: &counts, scalars: &scalars)
    }
    if result == .invalid { return false }
    let language: LineLanguage
    switch options.language {
    case _ where isKey: language = .unknown
    case .fixed(let fixed): language = LineLanguage(fixed)
    case .auto: language = counts.line
    }
    rules(for: language).apply(ScalarArrayCursor(scalars: scalars.elements), into: &output)
    return true
  }

  /// The fast path of `clean`, for a line whose code points are all in the BMP, left
  /// alone by the table, and in NFC apart from the order of their marks (most lines): the
  /// contextual rules read the UTF-8 input directly, check it, and reorder marks as they
  /// write, in one pass.
  ///
  /// With `--lang auto` the pass assumes the language of the workspace's previous line
  /// and runs again only when the line turns out to be in another language and holds
  /// something whose output depends on it; the output never depends on the guess.
  ///
  /// - Returns: false, writing nothing, when the line needs the general path.
  private func cleanFastPath(
    _ line: UnsafeBufferPointer<UInt8>, into output: inout RawBuffer<UInt8>,
    workspace: NormalizerWorkspace
  ) -> Bool {
    var stripped = workspace.stripped
    defer { workspace.stripped = stripped }
    if line.count >= Self.longLine {
      // A long line is searched for bidi controls and presentation forms first (a search
      // for their lead bytes, E2 and EF), rather than after a pass that fails on them
      // halfway: a sixth of the Arabic lines have some, and they hold a quarter of the text.
      // The pass then runs once, on the line as it would run on after failing.
      let isStripped = Self.removeBidiControls(from: line, into: &stripped, info: info)
      let source = isStripped ? stripped.elements : line
      var expanded = workspace.expanded
      defer { workspace.expanded = expanded }
      let isExpanded = Self.expandPresentationForms(
        in: source, into: &expanded, map: presentationForms)
      return cleanFastPathOnce(
        isExpanded ? expanded.elements : source, into: &output, workspace: workspace)
    }
    if cleanFastPathOnce(line, into: &output, workspace: workspace) { return true }
    // Bidi controls (a tenth of Arabic lines carry runs of RLM) are removed first, when
    // that changes nothing else the general path would see.
    let isStripped = Self.removeBidiControls(from: line, into: &stripped, info: info)
    if isStripped && cleanFastPathOnce(stripped.elements, into: &output, workspace: workspace) {
      return true
    }
    // Presentation forms (one Arabic line in twenty) are expanded as the general path
    // does before its NFC; the fast path then makes the expansion NFC as that path would.
    var expanded = workspace.expanded
    defer { workspace.expanded = expanded }
    guard
      Self.expandPresentationForms(
        in: isStripped ? stripped.elements : line, into: &expanded, map: presentationForms)
    else { return false }
    return cleanFastPathOnce(expanded.elements, into: &output, workspace: workspace)
  }

  /// The length from which ``cleanFastPath(_:into:workspace:)`` looks for bidi controls
  /// and presentation forms before the fast path rather than after it fails.
  static let longLine = 160

  /// Copies a line with each Arabic presentation form (U+FB50–U+FDFF, U+FE70–U+FEFE; three
  /// bytes each) replaced by its NFKC, as step 3 does.
  ///
  /// - Returns: false when the line has no presentation form to expand.
  static func expandPresentationForms(
    in line: UnsafeBufferPointer<UInt8>, into expanded: inout RawBuffer<UInt8>, map: ScalarMap
  ) -> Bool {
    expanded.count = 0
    guard let base = line.baseAddress else { return false }
    let count = line.count
    var index = 0
    var copied = 0
    var changed = false
    while index < count, let found = memchr(base + index, 0xEF, count - index) {
      index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
      guard index &+ 2 < count else { break }
      let (value, length) = UTF8Decoding.decode(line, at: index)
      guard length == 3, value != UTF8Decoding.invalid,
        let replacement = map.replacement(of: value)
      else {
        index &+= 1
        continue
      }
      // Each replacement code point takes at most 4 bytes.
      expanded.reserve(index - copied + replacement.count * 4)
      expanded.appendUnchecked(contentsOf: UnsafeBufferPointer(rebasing: line[copied..<index]))
      for value in replacement { expanded.appendUTF8Unchecked(value) }
      changed = true
      index &+= 3
      copied = index
    }
    guard changed else { return false }
    expanded.reserve(count - copied)
    expanded.appendUnchecked(contentsOf: UnsafeBufferPointer(rebasing: line[copied..<count]))
    return true
  }

  /// Copies a line without its bidi controls of three bytes (step 4: LRM, RLM,
  /// U+202A–U+202E, U+2066–U+2069), when it has some and each run of them is followed by
  /// the end of the line or a code point that is a plain starter for NFC (ASCII, or in the
  /// BMP with combining class 0, NFC_Quick_Check=Yes and no presentation form). Then the
  /// general path's table pass gives the same code points for both lines (bidi controls
  /// are starters that count as no letter), and so the fast path may run on the copy.
  /// (An ALM, U+061C, stays: the fast path then leaves the line to the general one.)
  ///
  /// - Returns: false when the line has no such control or one is followed by anything
  ///   else (a mark, which removing the control would bring next to the code point
  ///   before it; ill-formed UTF-8).
  static func removeBidiControls(
    from line: UnsafeBufferPointer<UInt8>, into stripped: inout RawBuffer<UInt8>,
    info: UnsafePointer<UInt32>
  ) -> Bool {
    stripped.count = 0
    guard let base = line.baseAddress else { return false }
    stripped.reserve(line.count)
    let count = line.count
    var index = 0
    var copied = 0
    var removed = false
    while index < count {
      index = tj_find_bidi_control(base, count, index)
      guard index < count else { break }
      // A run of controls: copy what precedes it, skip it, check what follows.
      stripped.appendUnchecked(contentsOf: UnsafeBufferPointer(rebasing: line[copied..<index]))
      var end = index &+ 3
      while end < count && tj_is_bidi_control(base, count, end) { end &+= 3 }
      if end < count && line[end] >= 0x80 {
        let (value, _) = UTF8Decoding.decode(line, at: end)
        guard value < 0x10000, info[Int(value)] & nfcAttentionMask == 0 else { return false }
      }
      removed = true
      index = end
      copied = end
    }
    guard removed else { return false }
    stripped.appendUnchecked(contentsOf: UnsafeBufferPointer(rebasing: line[copied..<count]))
    return true
  }

  /// One attempt of the fast path on a line.
  private func cleanFastPathOnce(
    _ line: UnsafeBufferPointer<UInt8>, into output: inout RawBuffer<UInt8>,
    workspace: NormalizerWorkspace
  ) -> Bool {
    let isAuto = options.language == .auto
    var language: LineLanguage
    switch options.language {
    case .fixed(let fixed): language = LineLanguage(fixed)
    case .auto: language = guessLanguage(of: line, workspace: workspace)
    }
    let mark = output.count
    guard let scan = rules(for: language).applyChecking(line, countsLetters: isAuto, into: &output)
    else { return false }
    if isAuto {
      let detected = scan.counts.line
      workspace.lastLanguage = detected
      // An undecided line (`arabicScript`) says nothing of the next one: the guess stays
      // with the last Persian or Arabic line.
      if detected == .fa || detected == .ar { workspace.lastArabicScriptLanguage = detected }
      // Only when the line holds something the two languages write differently: the
      // Arabic lines of a text alternate between `ar` and `arabicScript` (no letter that
      // tells), which differ only in ی ک.
      let again =
        detected != language
        && !scan.features.isDisjoint(with: LanguageFeatures.differing(language, detected))
      // Persian guessed for an Arabic line or the other way round: the text mixes the two.
      let switched =
        again && (language == .fa || language == .ar) && (detected == .fa || detected == .ar)
      workspace.recentSwitches = workspace.recentSwitches << 1 | (switched ? 1 : 0)
      if again {
        output.count = mark
        language = detected
        guard rules(for: language).applyChecking(line, countsLetters: false, into: &output) != nil
        else { return false }
      }
    }
    return true
  }

  /// The fast path's guess of a line's language (`--lang auto`), before it counts the
  /// letters: English when the line starts with a Latin letter, the language of the last
  /// Persian or Arabic line when it starts with another letter (texts that mix the scripts
  /// alternate them line by line), else the language of the last line. The output never
  /// depends on the guess, only the time: a wrong guess costs a second pass when the line
  /// holds something the two languages write differently.
  ///
  /// When one of the last 64 lines was guessed Persian and was Arabic, or the other way
  /// round (a text that mixes Persian and Arabic lines, in runs of a few lines), a line
  /// that starts with an Arabic-script letter is guessed from the letters of its first
  /// ``guessPrefix`` bytes instead: a fraction of a pass, without a branch, and right for
  /// most lines. Persian text that only now and then has an Arabic line never pays for it.
  @inline(__always)
  func guessLanguage(
    of line: UnsafeBufferPointer<UInt8>, workspace: NormalizerWorkspace
  ) -> LineLanguage {
    var index = 0
    while index < line.count && index < 8 {
      let byte = line[index]
      if (byte | 0x20) &- 0x61 < 26 { return .en }
      if byte >= 0xC0 {
        if workspace.recentSwitches != 0 {
          let counted = Self.countArabicScriptLetters(
            in: line, upTo: Self.guessPrefix,
            table: plainTables + LineLanguage.arabicScript.rawValue * PlainTable.stride)
          if counted == .fa || counted == .ar { return counted }
        }
        return workspace.lastArabicScriptLanguage
      }
      index += 1
    }
    return workspace.lastLanguage
  }

  /// How many bytes of a line ``guessLanguage(of:workspace:)`` counts: no more than
  /// ``PlainTable/maximumRun``, so that one sum holds them.
  static let guessPrefix = 256

  /// The language of a line's first `limit` bytes from their two-byte letters: the sum
  /// of the `arabicScript` ``PlainTable``'s entries (which count every letter, the yeh
  /// and kaf of both languages included) at every byte, where the second byte of a
  /// letter, ASCII and longer sequences find 0.
  static func countArabicScriptLetters(
    in line: UnsafeBufferPointer<UInt8>, upTo limit: Int, table: UnsafePointer<UInt64>
  ) -> LineLanguage {
    guard let base = line.baseAddress else { return .unknown }
    let raw = UnsafeRawPointer(base)
    let end = min(line.count &- 1, limit)
    var sum: UInt64 = 0
    var index = 0
    while index < end {
      sum &+= table[Int(raw.loadUnaligned(fromByteOffset: index, as: UInt16.self))]
      index &+= 1
    }
    var counts = LanguageDetector.LetterCounts()
    PlainTable.flush(sum, into: &counts)
    return counts.line
  }

  @inline(__always)
  private func rules(for line: LineLanguage) -> ContextualRules {
    ContextualRules(
      line: line, digits: options.digits, isKey: options.profile == .key, info: info,
      languageBlock: options.profile == .key
        ? nil : UnsafePointer(languageBlocks + line.rawValue * 256),
      plainTable: options.profile == .key
        ? UnsafePointer(plainTables)
        : UnsafePointer(plainTables + line.rawValue * PlainTable.stride)
    )
  }

  /// An entry of ``keyShortMap`` that says "look the code point up in the full map": its
  /// key does not fit in 7 bytes.
  static let keyShortMapMiss: UInt64 = 0xFF

  /// Builds `key`'s table pass for U+0000–U+07FF as UTF-8: per code point, its key's bytes
  /// (up to 7) above a length byte, or ``keyShortMapMiss``.
  static func buildKeyShortMap(into short: UnsafeMutablePointer<UInt64>, map: ScalarMap) {
    for value in 0..<0x800 {
      var encoded = RawBuffer<UInt8>(capacity: 64)
      defer { encoded.free() }
      if let replacement = map.replacement(of: UInt32(value)) {
        for replaced in replacement {
          encoded.reserve(4)
          encoded.appendUTF8Unchecked(replaced)
        }
      } else {
        encoded.reserve(4)
        encoded.appendUTF8Unchecked(UInt32(value))
      }
      guard encoded.count <= 7 else {
        short[value] = keyShortMapMiss
        continue
      }
      var entry = UInt64(encoded.count)
      for (offset, byte) in encoded.elements.enumerated() {
        entry |= UInt64(byte) << (8 * (offset + 1))
      }
      short[value] = entry
    }
  }

  /// `key`'s table pass (the general path's `mapPass` with `.ignore`) from UTF-8 to UTF-8:
  /// ASCII and two-byte code points through `short`, one load and one 8-byte store each;
  /// the rest through the full map.
  ///
  /// - Returns: false when the line is not valid UTF-8.
  static func mapKey(
    _ line: UnsafeBufferPointer<UInt8>, into mapped: inout RawBuffer<UInt8>,
    short: UnsafePointer<UInt64>, map: ScalarMap
  ) -> Bool {
    mapped.count = 0
    guard let source = line.baseAddress else { return true }
    let count = line.count
    // Every code point of `short` writes at most 7 bytes (and a store of 8) for at least
    // one byte read.
    mapped.reserve(count * 8 + 8)
    var out = mapped.base
    var index = 0
    while index < count {
      let lead = source[index]
      var entry = keyShortMapMiss
      var length = 1
      if lead < 0x80 {
        entry = short[Int(lead)]
      } else if lead &- 0xC2 < 0x1E, index &+ 1 < count, source[index &+ 1] & 0xC0 == 0x80 {
        entry = short[(Int(lead) & 0x1F) << 6 | Int(source[index &+ 1]) & 0x3F]
        length = 2
      }
      if _fastPath(entry != keyShortMapMiss) {
        UnsafeMutableRawPointer(out).storeBytes(of: entry >> 8, as: UInt64.self)
        out += Int(entry & 0xFF)
        index &+= length
        continue
      }
      mapped.count = mapped.base.distance(to: out)
      let (value, decodedLength) = UTF8Decoding.decode(line, at: index)
      if value == UTF8Decoding.invalid { return false }
      if value < 0x10000, let replacement = map.replacement(of: value) {
        mapped.reserve(replacement.count * 4)
        for replaced in replacement { mapped.appendUTF8Unchecked(replaced) }
      } else if value >= 0x10000, let replacement = map.rule(value) {
        mapped.reserve(replacement.count * 4)
        for replaced in replacement { mapped.appendUTF8Unchecked(replaced) }
      } else {
        mapped.append(
          contentsOf: UnsafeBufferPointer(start: source + index, count: decodedLength))
      }
      index &+= decodedLength
      mapped.reserve((count - index) * 8 + 8)
      out = mapped.base + mapped.count
    }
    mapped.count = mapped.base.distance(to: out)
    return true
  }

  enum MapResult { case done, needsNFC, invalid }

  /// The bits that make a code point more than a plain starter for NFC.
  static let nfcAttentionMask =
    ScalarInfo.combiningClassMask | ScalarInfo.nfcNotYesBit | ScalarInfo.presentationFormBit

  /// What the map pass does about NFC.
  enum NFCMode {
    /// Nothing: `key` decomposes and removes marks itself.
    case ignore
    /// Make the output NFC, asking for ICU (`.needsNFC`) when the line needs more than
    /// canonical reordering and simple composition.
    case check
    /// The input is ICU's NFC: if mapping touched marks, run ICU's NFC on the output.
    case alreadyNormalized
  }

  /// Decodes a line, applies the per-character map and writes code points to `scalars`;
  /// stops early when the line needs ICU's NFC first.
  private func mapPass(
    _ line: UnsafeBufferPointer<UInt8>, map: ScalarMap, nfc: NFCMode, countsLetters: Bool,
    counts: inout LanguageDetector.LetterCounts, scalars output: inout RawBuffer<UInt32>
  ) -> MapResult {
    // Locals rather than the inout parameters in the loop, so that they stay in registers.
    var scalars = output
    defer { output = scalars }
    var letters = counts
    defer { counts = letters }
    scalars.count = 0
    scalars.reserve(line.count)
    let checkNFC = nfc == .check
    var changed = false
    var sawMark = false
    var sawMaybe = false
    var misordered = false
    var starterDecomposes = false
    var lastClass: UInt32 = 0
    let count = line.count
    let entries = map.entries
    let pool = map.pool
    var index = 0
    while index < count {
      let byte = line[index]
      var value: UInt32
      if byte < 0x80 {
        value = UInt32(byte)
        index += 1
        lastClass = 0
        starterDecomposes = false
        if countsLetters { letters.addASCII(byte) }
      } else {
        // Two-byte sequences (Arabic, Persian, Latin with accents) inline; others through
        // the general decoder.
        if byte >= 0xC2 && byte < 0xE0 && index + 1 < count && line[index + 1] & 0xC0 == 0x80 {
          value = (UInt32(byte) & 0x1F) << 6 | UInt32(line[index + 1]) & 0x3F
          index += 2
        } else {
          let (decoded, length) = UTF8Decoding.decode(line, at: index)
          if decoded == UTF8Decoding.invalid { return .invalid }
          value = decoded
          index += length
        }
        let scalarInfo = ScalarInfo.of(value, table: info)
        if countsLetters { letters.add(scalarInfo) }
        // One test for the common case: a starter with NFC_Quick_Check=Yes.
        if scalarInfo.bits & Self.nfcAttentionMask == 0 {
          lastClass = 0
          starterDecomposes = scalarInfo.decomposes
        } else {
          let combining = scalarInfo.combiningClass
          if scalarInfo.isNFCQuickCheckNotYes {
            // NFC_Quick_Check=No, an Arabic presentation form, or a mark that may compose
            // with a letter that is itself composed (Ḋ + ̣): leave those to ICU.
            if checkNFC
              && (!scalarInfo.isNFCQuickCheckMaybe || scalarInfo.isPresentationForm
                || starterDecomposes)
            {
              return .needsNFC
            }
            sawMaybe = true
          } else if checkNFC && scalarInfo.isPresentationForm {
            return .needsNFC
          }
          if combining != 0 && combining < lastClass { misordered = true }
          if combining != 0 { sawMark = true } else { starterDecomposes = scalarInfo.decomposes }
          lastClass = combining
        }
      }
      if value < 0x10000 {
        let entry = entries[Int(value)]
        if entry == 0 {
          scalars.append(value)
        } else {
          changed = true
          let start = Int(entry >> 8)
          for offset in 0..<Int(entry & 0xFF) { scalars.append(pool[start + offset]) }
        }
      } else if let replacement = map.rule(value) {
        changed = true
        for replaced in replacement { scalars.append(replaced) }
      } else {
        scalars.append(value)
      }
    }
    switch nfc {
    case .ignore:
      break
    case .check:
      // Harakat typed out of order (shadda before fatha, as in most Quranic text), or
      // brought together by removing a tatweel, need canonical reordering; a hamza or
      // madda above (NFC_Quick_Check=Maybe) may compose with the letter before it.
      // Together these are NFC for text without NFC_Quick_Check=No code points.
      if misordered || (changed && sawMark) { reorderMarks(&scalars) }
      if sawMaybe { composeMarks(&scalars) }
    case .alreadyNormalized:
      if changed && (sawMark || sawMaybe) { icuNormalize(&scalars) }
    }
    return .done
  }

  /// Runs ICU's NFC over code points in place (for the rare line where removing an
  /// invisible character next to a mark made composition possible after ICU's NFC).
  private func icuNormalize(_ scalars: inout RawBuffer<UInt32>) {
    var units: [UInt16] = []
    for value in scalars.elements { Self.appendUTF16(value, to: &units) }
    guard
      let normalized = try? units.withUnsafeBufferPointer({
        (buffer) throws(ICUError) in try UnicodeNormalizer.nfc.normalize(buffer)
      })
    else { return }
    scalars.count = 0
    Self.forEachScalar(inUTF16: normalized) { scalars.append($0) }
  }

  /// Canonical composition (UAX #15) over text that is otherwise in NFC: each code point
  /// with NFC_Quick_Check=Maybe is combined with the last starter when nothing blocks it
  /// (ا + ٔ → أ, و + ٔ → ؤ, ي + ٔ → ئ). Lines where such a mark follows a starter with a
  /// decomposition of its own went to ICU instead, so every starter here is in NFD. The corresponding ICU function is
  /// `unorm2_composePair`.
  private func composeMarks(_ scalars: inout RawBuffer<UInt32>) {
    let base = scalars.base
    var starter = -1
    var lastClass: UInt32 = 0
    var written = 0
    for index in 0..<scalars.count {
      let value = base[index]
      let scalarInfo = ScalarInfo.of(value, table: info)
      let combining = scalarInfo.combiningClass
      if starter >= 0 && scalarInfo.isNFCQuickCheckMaybe
        && (lastClass < combining || (lastClass == 0 && written == starter + 1)),
        let composite = UnicodeNormalizer.nfc.composePair(base[starter], value)
      {
        base[starter] = composite
        continue
      }
      if combining == 0 {
        starter = written
        lastClass = 0
      } else {
        lastClass = combining
      }
      base[written] = value
      written += 1
    }
    scalars.count = written
  }

  /// Puts every run of combining marks in canonical order (a stable sort by combining
  /// class, UAX #15). For text whose code points all have NFC_Quick_Check=Yes this is all
  /// NFC would do: no composition is possible, since the second code point of every
  /// canonical composition has NFC_Quick_Check=Maybe, and a precomposed letter before
  /// the run recomposes unchanged.
  private func reorderMarks(_ scalars: inout RawBuffer<UInt32>) {
    let base = scalars.base
    // Nothing before the first mark moves: the scan starts there, and code points in the
    // table (all but the supplementary planes) are read without a call.
    var index = 1
    while index < scalars.count {
      let value = base[index]
      if value < 0x10000 && info[Int(value)] & ScalarInfo.combiningClassMask == 0 {
        index &+= 1
      } else {
        break
      }
    }
    while index < scalars.count {
      let value = base[index]
      let combining = ScalarInfo.of(value, table: info).combiningClass
      if combining != 0 {
        var position = index
        while position > 0 {
          let before = ScalarInfo.of(base[position - 1], table: info).combiningClass
          if before <= combining { break }
          base[position] = base[position - 1]
          position -= 1
        }
        base[position] = value
      }
      index += 1
    }
  }

}

/// Scratch memory for one thread's normalization, reused from line to line so that the
/// hot loop allocates nothing. Not for sharing between threads.
public final class NormalizerWorkspace {
  var scalars = RawBuffer<UInt32>(capacity: 4096)
  /// One line's output, for the public `normalizeLine` that appends to an array.
  var lineOutput = RawBuffer<UInt8>(capacity: 16384)
  /// A line without its bidi controls, for the fast path.
  var stripped = RawBuffer<UInt8>(capacity: 4096)
  /// A line through `key`'s table, for its fast path.
  var keyBytes = RawBuffer<UInt8>(capacity: 4096)
  /// A line with its presentation forms expanded, for the fast path.
  var expanded = RawBuffer<UInt8>(capacity: 4096)
  var utf16: [UInt16] = []
  var nfcBytes = RawBuffer<UInt8>(capacity: 4096)
  /// The language of the last line, the fast path's first guess for `--lang auto`.
  var lastLanguage = LineLanguage.arabicScript
  /// The language of the last Persian or Arabic line (undecided before the first).
  var lastArabicScriptLanguage = LineLanguage.arabicScript
  /// One bit per line of the last 64: whether the fast path guessed Persian for an Arabic
  /// line or Arabic for a Persian one (which costs a second pass).
  var recentSwitches: UInt64 = 0

  /// Creates an empty workspace.
  public init() {}

  deinit {
    scalars.free()
    lineOutput.free()
    nfcBytes.free()
    stripped.free()
    expanded.free()
    keyBytes.free()
  }
}
