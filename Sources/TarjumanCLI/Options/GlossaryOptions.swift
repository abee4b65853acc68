import ArgumentParser
import Foundation
import TarjumanGlossary
import TarjumanText

/// Options that choose the glossaries a command reads.
struct GlossaryOptions: ParsableArguments {
  @Option(
    name: .customLong("glossary"),
    help: ArgumentHelp(
      "A glossary file or folder to read besides the shipped ones (repeatable).",
      discussion:
        "Also read: every *.glossary in $XDG_CONFIG_HOME/tarjuman/glossaries and the paths in TARJUMAN_GLOSSARY (separated by ':')."
    ))
  var glossaries: [String] = []

  @Flag(name: .customLong("no-shipped"), help: "Do not read the glossaries shipped with Tarjuman.")
  var noShipped = false

  /// Reads the glossaries. Problems are printed; errors stop the command with exit 65.
  ///
  /// - Parameter allowEmpty: whether reading no glossary at all is fine (`glossary add`
  ///   starting a new file); otherwise it is an error (exit 66).
  func load(allowEmpty: Bool = false) throws -> Glossary {
    let loader = GlossaryLoader()
    let diagnostics = Diagnostics()
    do {
      let files = try loader.files(extra: glossaries, includeShipped: !noShipped)
      if files.isEmpty && !allowEmpty {
        diagnostics.error(
          "no glossary found: the shipped Glossaries folder is missing (set TARJUMAN_DATA) and no --glossary was given"
        )
        throw ExitCode(66)
      }
      let (glossary, problems) = try loader.load(files)
      let errors = problems.filter { $0.severity == .error }
      if !errors.isEmpty {
        for problem in errors.prefix(20) { diagnostics.error(problem.description) }
        if errors.count > 20 { diagnostics.error("\(errors.count - 20) more problems") }
        diagnostics.error("fix the glossary (see 'tarjuman glossary validate')")
        throw ExitCode(65)
      }
      return glossary
    } catch let error as GlossaryLoadError {
      diagnostics.error(error.description)
      throw ExitCode(66)
    } catch let error as TextFile.ReadError {
      diagnostics.error(error.description)
      throw ExitCode(Diagnostics.exitCode(for: error))
    }
  }

  /// The style named, or an error listing the styles there are.
  static func style(_ name: String?, in glossary: Glossary) throws -> HouseStyle? {
    guard let name else { return nil }
    if let style = glossary.style(named: name) { return style }
    let known = glossary.styles.map(\.id).joined(separator: ", ")
    throw ValidationError("no style '\(name)' (styles: \(known.isEmpty ? "none" : known))")
  }
}
