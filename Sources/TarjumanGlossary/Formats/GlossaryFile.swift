import Foundation
import TarjumanText

/// The file formats a glossary can be read from and written to.
public enum GlossaryFormat: String, CaseIterable, Sendable {
  /// The native `.glossary` format.
  case native = "glossary"
  /// TBX (ISO 30042): v2 `martif` and v3 TBX-Basic read, v3 TBX-Basic written.
  case tbx
  /// Tab-separated: OmegaT's two or three columns, or a header row naming languages.
  case tsv
  /// Comma-separated (RFC 4180), the same shapes as TSV.
  case csv
  /// JSON: the whole model, one object.
  case json

  /// The format a file's extension names.
  public init?(path: String) {
    let lower = path.lowercased()
    guard let dot = lower.lastIndex(of: ".") else { return nil }
    var ext = String(lower[lower.index(after: dot)...])
    if ext == "txt" || ext == "utf8" { ext = "tsv" }
    self.init(rawValue: ext)
  }
}

/// Reading and writing glossary files in any ``GlossaryFormat``.
public enum GlossaryFile {
  /// Reads a file in the format its extension names.
  public static func read(_ url: URL, format: GlossaryFormat? = nil) throws -> (
    Glossary, [GlossaryProblem]
  ) {
    guard let format = format ?? GlossaryFormat(path: url.path) else {
      throw GlossaryLoadError.unknownFormat(url.path)
    }
    let name = url.path
    switch format {
    case .tbx:
      return try TBXReader.read(url)
    case .native:
      return NativeGlossaryFormat.read(try TextFile.read(url), file: name)
    case .tsv:
      return try DelimitedGlossaryFormat.read(try TextFile.read(url), file: name, separator: "\t")
    case .csv:
      return try DelimitedGlossaryFormat.read(try TextFile.read(url), file: name, separator: ",")
    case .json:
      return try JSONGlossaryFormat.read(try TextFile.read(url), file: name)
    }
  }

  /// Writes a glossary in a format.
  public static func write(_ glossary: Glossary, format: GlossaryFormat) throws -> String {
    switch format {
    case .native: NativeGlossaryFormat.write(glossary)
    case .tbx: TBXWriter.write(glossary)
    case .tsv: DelimitedGlossaryFormat.write(glossary, separator: "\t")
    case .csv: DelimitedGlossaryFormat.write(glossary, separator: ",")
    case .json: try JSONGlossaryFormat.write(glossary)
    }
  }
}
