import Foundation

/// One entry of an import file: the units of one TMX `<tu>` or one line of bitext, or a
/// problem that makes the entry unusable.
public enum SourceItem: Sendable {
  /// The units an entry gives (several for a multilingual `<tu>` read as all pairs; none
  /// for an entry without the requested languages).
  case units([TranslationUnit])
  /// A bad entry: skipped with `--on-error skip`, fatal with `--on-error fail`.
  case problem(ImportProblem)
}

/// A reader of units from a file, entry by entry, in bounded memory.
///
/// Readers must be deterministic: reading the same file twice gives the same entries in
/// the same order. The importer counts entries to resume an interrupted import.
public protocol UnitSource: SendableMetatype {
  /// Returns the next entry, or nil at the end of the file.
  ///
  /// - Throws: ``MemoryError`` when the file cannot be read any further (it cannot be
  ///   read, or it is not well-formed at the level of its format).
  mutating func next() throws(MemoryError) -> SourceItem?

  /// Warnings about the file as a whole (a TMX header without a required attribute),
  /// collected as they are found.
  var warnings: [ImportProblem] { get }
}
