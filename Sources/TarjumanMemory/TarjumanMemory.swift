/// The translation memory: units in SQLite (GRDB), TMX and bitext exchange, fuzzy search
/// and concordance.
///
/// - ``MemoryStore`` opens the store (WAL, named migrations) and writes and reads units.
/// - ``UnitImporter`` streams units from a ``UnitSource`` (``TMXReader``, ``BitextReader``,
///   ``ParallelFileReader``) into the store in batches, with a checkpoint per batch.
/// - ``TMXWriter`` exports TMX 1.4b.
/// - ``MemorySearcher`` answers fuzzy queries with CAT-style percentages (``FuzzyScore``).
/// - ``Concordance`` finds units that contain a term in any spelling or script.
///
/// `Documentation/Memory.md` describes the schema, the match formula and the measured
/// figures.
public enum TarjumanMemory {}
