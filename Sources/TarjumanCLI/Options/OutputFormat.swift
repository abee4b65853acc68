import ArgumentParser

/// `--format`: how results are printed.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
  /// For people: aligned, readable.
  case text
  /// Tab-separated rows, for `cut`, `sort` and spreadsheets.
  case tsv
  /// One JSON object per line (JSON Lines), for programs.
  case json
}
