import Synchronization

/// A process-wide cache of compiled transliterators, keyed by ID and rule text.
///
/// Compiling a compound or rule-based transliterator costs milliseconds (on the
/// reference machine, `Any-Latin; Latin-ASCII` takes about 10 ms to open) while a cache
/// hit costs a dictionary lookup and a clone. Each caller gets its own clone, so that
/// threads never contend on one ICU object. The prototype is built outside the lock: two
/// threads that miss at once both compile, and one result is kept.
public enum TransliteratorCache {
  private struct Signature: Hashable {
    var id: String
    var rules: String?
    var reverse: Bool
  }

  /// Entries beyond this count evict the whole cache; real programs use a handful.
  private static let limit = 64
  private static let prototypes = Mutex<[Signature: Transliterator]>([:])

  /// A transliterator for `id` (and `rules`), compiled at most once per process.
  ///
  /// - Returns: a clone of the cached prototype, owned by the caller.
  /// - Throws: `TransliteratorError` when the ID or rules do not compile.
  public static func transliterator(
    id: String, rules: String? = nil, reverse: Bool = false
  ) throws(TransliteratorError) -> Transliterator {
    let signature = Signature(id: id, rules: rules, reverse: reverse)
    if let cached = prototypes.withLock({ $0[signature] }) {
      return try cloned(cached)
    }
    let prototype = try Transliterator(id: id, rules: rules, reverse: reverse)
    let kept = prototypes.withLock { table -> Transliterator in
      if let existing = table[signature] { return existing }
      if table.count >= limit { table.removeAll() }
      table[signature] = prototype
      return prototype
    }
    return try cloned(kept)
  }

  private static func cloned(_ prototype: Transliterator) throws(TransliteratorError)
    -> Transliterator
  {
    do {
      return try prototype.clone()
    } catch {
      throw TransliteratorError(id: prototype.id, status: error, ruleLine: nil, ruleOffset: nil)
    }
  }

  /// Empties the cache (for tests and benchmarks that measure a cold open).
  public static func removeAll() {
    prototypes.withLock { $0.removeAll() }
  }
}
