/// The translation memory: units in SQLite, TMX exchange, fuzzy search.
public enum TarjumanMemory {}
