import Foundation

/// Reads TBX files (placeholder until the TBX reader lands).
public enum TBXReader {
  /// Reads a TBX file.
  public static func read(_ url: URL) throws -> (Glossary, [GlossaryProblem]) {
    (Glossary(), [GlossaryProblem(.error, "TBX import is not available yet", at: nil)])
  }
}

/// Writes TBX files (placeholder until the TBX writer lands).
public enum TBXWriter {
  /// Writes a glossary as TBX.
  public static func write(_ glossary: Glossary) -> String { "" }
}
