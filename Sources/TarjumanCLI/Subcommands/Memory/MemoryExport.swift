import ArgumentParser
import Foundation
import TarjumanMemory

extension TarjumanCommand.Memory {
  /// `tarjuman tm export`.
  struct MemoryExport: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Export units as TMX 1.4b (UTF-8).",
      discussion: """
        Writes standard output, or -o FILE. Units can be chosen by language pair \
        (--from, --to: fa takes in fa-IR), by origin (--origin FILE, as it was imported), \
        and by date (--since, --before: the change date, else the creation date; \
        YYYY-MM-DD or YYYYMMDDThhmmssZ). Inline codes are written back as they were \
        imported.

        Examples:
          tarjuman tm export --from en --to fa -o en-fa.tmx
          tarjuman tm export --origin news.tmx --since 2025-01-01 > recent.tmx
        """
    )

    @OptionGroup var storeOptions: MemoryStoreOptions
    @OptionGroup var languages: LanguagePairOptions
    @OptionGroup var selection: UnitSelectionOptions

    @Option(
      name: .shortAndLong,
      help:
        "Write to this file instead of standard output (put in place only if the export succeeds)."
    )
    var output: String?

    func run() throws {
      try reportingMemoryErrors {
        let store = try storeOptions.open()
        let filter = try selection.filter(languages)
        let sink = try ByteOutput(path: output)
        let count = try store.exportTMX(filter, toolVersion: TarjumanVersion.current) {
          try sink.write($0)
        }
        try sink.commit()
        FileHandle.standardError.write(Data("\(count) units exported\n".utf8))
      }
    }
  }
}

/// Options that choose units by origin and date (export, delete).
struct UnitSelectionOptions: ParsableArguments {
  @Option(help: "Only units imported from this file (as it was named when imported).")
  var origin: String?

  @Option(help: "Only units created by this tool (TMX creationtool).")
  var tool: String?

  @Option(help: "Only units changed (or created) on or after this date (YYYY-MM-DD).")
  var since: String?

  @Option(help: "Only units changed (or created) before this date (YYYY-MM-DD).")
  var before: String?

  func validate() throws {
    for (name, value) in [("--since", since), ("--before", before)] {
      if let value, Self.date(value) == nil {
        throw ValidationError("\(name): '\(value)' is not a date (YYYY-MM-DD or YYYYMMDDThhmmssZ).")
      }
    }
  }

  var isEmpty: Bool { origin == nil && tool == nil && since == nil && before == nil }

  func filter(_ languages: LanguagePairOptions) throws -> UnitFilter {
    UnitFilter(
      sourceLanguage: languages.from, targetLanguage: languages.to, originFile: origin,
      originTool: tool, since: since.flatMap(Self.date), before: before.flatMap(Self.date))
  }

  /// `YYYY-MM-DD`, `YYYY-MM-DDThh:mm:ssZ` or TMX's `YYYYMMDDThhmmssZ`, in UTC.
  static func date(_ text: String) -> Date? {
    let compact = text.replacingOccurrences(of: "-", with: "").replacingOccurrences(
      of: ":", with: "")
    let full = compact.count == 8 ? compact + "T000000Z" : compact
    let bytes = Array(full.utf8)
    guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z")
    else { return nil }
    var components = DateComponents()
    func number(_ range: Range<Int>) -> Int? { Int(String(decoding: bytes[range], as: UTF8.self)) }
    components.year = number(0..<4)
    components.month = number(4..<6)
    components.day = number(6..<8)
    components.hour = number(9..<11)
    components.minute = number(11..<13)
    components.second = number(13..<15)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
    guard [components.year, components.month, components.day].allSatisfy({ $0 != nil }) else {
      return nil
    }
    return calendar.date(from: components)
  }
}
