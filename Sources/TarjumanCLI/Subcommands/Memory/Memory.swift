import ArgumentParser
import Foundation
import TarjumanGlossary
import TarjumanMemory
import TarjumanText

extension TarjumanCommand {
  /// `tarjuman tm`: the translation memory.
  struct Memory: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "tm",
      abstract: "Keep a translation memory: import, search, concordance and export.",
      discussion: """
        The memory is one SQLite file: --store PATH, else $TARJUMAN_STORE, else \
        $XDG_DATA_HOME/tarjuman/memory.sqlite (~/.local/share/tarjuman/memory.sqlite). See \
        Documentation/Memory.md.

        Exit status (all subcommands): 0 success; 1 nothing found (search, concordance); \
        64 bad usage; 65 bad input data (malformed TMX, invalid UTF-8, a bad unit with \
        --on-error fail); 66 an input file is missing or unreadable; 73 an output file \
        cannot be written; 74 the store cannot be opened or written; 75 the store is \
        locked by another process (try again).

        Examples:
          tarjuman tm import --from en --to fa glossary-pairs.tsv
          tarjuman tm import memory.tmx
          tarjuman tm search --from en --to fa 'Open the file'
          tarjuman tm concordance Jolani
          tarjuman tm export --from en --to fa -o en-fa.tmx
        """,
      subcommands: [
        MemoryImport.self, MemoryExport.self, MemorySearch.self, MemoryConcordance.self,
        MemoryStats.self, MemoryDelete.self,
      ]
    )
  }
}

/// `--store`: where the memory lives.
struct MemoryStoreOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "The memory's SQLite file (default: $TARJUMAN_STORE, else $XDG_DATA_HOME/tarjuman/memory.sqlite).",
      valueName: "path"))
  var store: String?

  /// Opens the store, reporting failure on standard error.
  func open() throws -> MemoryStore {
    let path = store ?? MemoryStore.defaultPath()
    do {
      return try MemoryStore(path: path)
    } catch {
      throw MemoryFailure(error)
    }
  }
}

/// `--from` and `--to`.
struct LanguagePairOptions: ParsableArguments {
  @Option(help: "The source language (BCP 47, any case: en, fa, ar-SY).")
  var from: LanguageTag?

  @Option(help: "The target language (BCP 47, any case).")
  var to: LanguageTag?
}

extension LanguageTag: ExpressibleByArgument {
  public init?(argument: String) {
    self.init(argument)
  }
}

extension ImportErrorPolicy: ExpressibleByArgument {}

/// A ``MemoryError`` reported on standard error, leaving with its exit status.
struct MemoryFailure: Error {
  let error: MemoryError

  init(_ error: MemoryError) {
    self.error = error
    Diagnostics().error(error.description)
  }

  var exitCode: ExitCode { ExitCode(Self.status(for: error)) }

  /// The exit status for a memory error, after BSD's sysexits.h.
  static func status(for error: MemoryError) -> Int32 {
    switch error {
    case .malformedInput, .invalidLanguage: 65  // EX_DATAERR
    case .missingInput, .unreadableInput: 66  // EX_NOINPUT
    case .cannotWrite: 73  // EX_CANTCREAT
    case .cannotOpenStore, .storeFailed: 74  // EX_IOERR
    case .storeLocked: 75  // EX_TEMPFAIL
    }
  }
}

/// Runs `body`, turning a ``MemoryError`` into a message and an exit status.
func reportingMemoryErrors<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let failure as MemoryFailure {
    throw failure.exitCode
  } catch let error as MemoryError {
    throw MemoryFailure(error).exitCode
  }
}

/// Writes bytes to standard output or to an ``OutputFile`` (renamed into place by
/// ``commit()``, removed by ``abandon()``, so that a failed export leaves no partial file).
final class ByteOutput {
  private let file: OutputFile?
  private let path: String?
  private var finished = false

  init(path: String?) throws {
    self.path = path
    if let path {
      do {
        file = try OutputFile(path: path)
      } catch {
        throw MemoryFailure(.cannotWrite(path: path, reason: "\(error)"))
      }
    } else {
      file = nil
    }
  }

  deinit { if !finished { file?.abandon() } }

  func write(_ bytes: [UInt8]) throws {
    let code = bytes.withUnsafeBufferPointer {
      OutputFile.writeAll($0, to: file?.descriptor ?? STDOUT_FILENO)
    }
    if let code {
      throw MemoryFailure(
        .cannotWrite(path: path ?? "standard output", reason: "\(OutputFileError(code: code))"))
    }
  }

  /// Puts the file in place (nothing for standard output).
  func commit() throws {
    finished = true
    do {
      try file?.commit()
    } catch {
      throw MemoryFailure(.cannotWrite(path: path ?? "standard output", reason: "\(error)"))
    }
  }
}

/// A JSON encoder for one-object-per-line output.
let jsonLineEncoder: JSONEncoder = {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
  encoder.dateEncodingStrategy = .iso8601
  return encoder
}()

/// One JSON object on one line of standard output.
func printJSONLine<T: Encodable>(_ value: T) {
  if let data = try? jsonLineEncoder.encode(value) {
    print(String(decoding: data, as: UTF8.self))
  }
}
