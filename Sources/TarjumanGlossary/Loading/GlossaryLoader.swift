import Dispatch
import Foundation

/// Finds and reads glossaries: the shipped ones, the user's, and files named on the
/// command line.
///
/// Where glossaries come from, in order:
/// 1. The shipped glossaries: every `*.glossary` file in the first of `$TARJUMAN_DATA/Glossaries`,
///    a `Glossaries` folder beside the executable or up to five folders above it (a
///    checkout running `swift run`), and `PREFIX/share/tarjuman/Glossaries` for an
///    executable in `PREFIX/bin`.
/// 2. The user's: `$XDG_CONFIG_HOME/tarjuman/glossaries` (default `~/.config/...`), every
///    `*.glossary` file in it.
/// 3. `TARJUMAN_GLOSSARY`: paths separated by `:`.
/// 4. Paths given with `--glossary` (files, or folders of `*.glossary` files).
public struct GlossaryLoader: Sendable {
  /// The environment to read (`TARJUMAN_DATA`, `TARJUMAN_GLOSSARY`, `XDG_CONFIG_HOME`, `HOME`).
  public var environment: [String: String]
  /// The running executable, for finding the shipped data.
  public var executablePath: String

  /// Creates a loader for this process.
  public init(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    executablePath: String = CommandLine.arguments.first ?? ""
  ) {
    self.environment = environment
    self.executablePath = executablePath
  }

  /// The folder of shipped glossaries, when one is found.
  public func shippedFolder() -> URL? {
    let fileManager = FileManager.default
    func isFolder(_ url: URL) -> Bool {
      var isDirectory: ObjCBool = false
      return fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory)
        && isDirectory.boolValue
    }
    if let data = environment["TARJUMAN_DATA"], !data.isEmpty {
      let url = URL(fileURLWithPath: data).appendingPathComponent("Glossaries")
      return isFolder(url) ? url : nil
    }
    var executable = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
    if !executablePath.contains("/"), let found = Self.searchPath(executablePath, environment) {
      executable = found.resolvingSymlinksInPath()
    }
    var folder = executable.deletingLastPathComponent()
    for _ in 0..<6 {
      let candidate = folder.appendingPathComponent("Glossaries")
      if isFolder(candidate) { return candidate }
      let installed = folder.appendingPathComponent("share/tarjuman/Glossaries")
      if isFolder(installed) { return installed }
      folder = folder.deletingLastPathComponent()
    }
    return nil
  }

  /// The user's glossary folder (it may not exist).
  public func userFolder() -> URL? {
    if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
      return URL(fileURLWithPath: config).appendingPathComponent("tarjuman/glossaries")
    }
    guard let home = environment["HOME"], !home.isEmpty else { return nil }
    return URL(fileURLWithPath: home).appendingPathComponent(".config/tarjuman/glossaries")
  }

  /// The files to read, in order: shipped, user, `TARJUMAN_GLOSSARY`, then `extra`.
  ///
  /// - Parameters:
  ///   - extra: paths from the command line (files or folders).
  ///   - includeShipped: false to leave the shipped glossaries out.
  /// - Throws: ``GlossaryLoadError/missing(_:)`` for a named path that does not exist.
  public func files(extra: [String], includeShipped: Bool = true) throws -> [URL] {
    var result: [URL] = []
    if includeShipped, let shipped = shippedFolder() {
      result += Self.glossaryFiles(in: shipped)
    }
    if let user = userFolder() { result += Self.glossaryFiles(in: user) }
    let fromEnvironment =
      environment["TARJUMAN_GLOSSARY"]?.split(separator: ":").map(String.init) ?? []
    for path in fromEnvironment + extra {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw GlossaryLoadError.missing(path)
      }
      let url = URL(fileURLWithPath: path)
      result += isDirectory.boolValue ? Self.glossaryFiles(in: url) : [url]
    }
    return result
  }

  /// Reads files into one glossary. Problems of every file are returned; each file is
  /// read in the format its extension names (`.glossary`, `.tbx`, `.tsv`, `.csv`, `.json`).
  public func load(_ files: [URL]) throws -> (Glossary, [GlossaryProblem]) {
    // Files are read on all cores (a short `lookup` reads thousands of lines), then
    // merged in the order given; the first file that fails, in that order, is reported.
    var results = [Result<(Glossary, [GlossaryProblem]), any Error>?](
      repeating: nil, count: files.count)
    results.withUnsafeMutableBufferPointer { buffer in
      let shared = SharedResults(buffer: buffer)
      DispatchQueue.concurrentPerform(iterations: files.count) { position in
        shared.buffer[position] = Result { try GlossaryFile.read(files[position]) }
      }
    }
    var glossary = Glossary()
    var problems: [GlossaryProblem] = []
    for result in results {
      guard let (read, found) = try result?.get() else { continue }
      glossary.merge(read)
      problems += found
    }
    return (glossary, problems)
  }

  /// Lets the workers of `concurrentPerform` write distinct elements of one buffer.
  private struct SharedResults: @unchecked Sendable {
    // @unchecked: each worker writes only the element at its own index.
    let buffer: UnsafeMutableBufferPointer<Result<(Glossary, [GlossaryProblem]), any Error>?>
  }

  private static func glossaryFiles(in folder: URL) -> [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix("." + NativeGlossaryFormat.fileExtension) }.sorted()
      .map { folder.appendingPathComponent($0) }
  }

  private static func searchPath(_ name: String, _ environment: [String: String]) -> URL? {
    for folder in (environment["PATH"] ?? "").split(separator: ":") {
      let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return nil
  }
}

/// Why glossary files could not be read.
public enum GlossaryLoadError: Error, Equatable, CustomStringConvertible {
  /// A named file or folder does not exist.
  case missing(String)
  /// A file could not be read.
  case unreadable(String, String)
  /// The file's extension names no known format.
  case unknownFormat(String)

  public var description: String {
    switch self {
    case .missing(let path): "\(path): no such file or folder"
    case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
    case .unknownFormat(let path):
      "\(path): unknown glossary format (expected .glossary, .tbx, .tsv, .csv or .json)"
    }
  }
}
