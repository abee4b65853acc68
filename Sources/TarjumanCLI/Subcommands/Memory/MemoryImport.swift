import ArgumentParser
import Foundation
import TarjumanGlossary
import TarjumanMemory

extension TarjumanCommand.Memory {
  /// `tarjuman tm import`.
  struct MemoryImport: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import",
      abstract: "Import TMX, tab- or comma-separated bitext, or two line-aligned files.",
      discussion: """
        Formats (--format, else from the file name): tmx (TMX 1.4b and 1.1, UTF-8 or \
        UTF-16 with a byte-order mark), tsv and csv (source, target and an optional \
        context column; languages from --from/--to or a header row such as en<TAB>fa), \
        parallel (two files, source then target, line N of one translating line N of the \
        other).

        A multilingual TMX unit gives the pair --from/--to when they are given, else one \
        unit per pair from the unit's source language (srclang) to each other language; \
        srclang="*all*" gives every ordered pair.

        Identical units are merged: the stored unit's usage count goes up. The import is \
        written in batches, each with a checkpoint: if it is interrupted (even by kill -9), \
        importing the same file again resumes where it stopped, adding nothing twice. A \
        file already imported completely is skipped unless --again is given.

        --on-error fail (the default) imports nothing if any unit is bad: at the first \
        bad unit it takes back what it had written; --on-error skip imports the good \
        units and counts the bad ones. \
        Counts go to standard error: units added, merged, skipped.

        Examples:
          tarjuman tm import memory.tmx
          tarjuman tm import --from en --to fa --on-error skip pairs.tsv
          tarjuman tm import --format parallel --from en --to ar corpus.en corpus.ar
        """
    )

    enum Format: String, CaseIterable, ExpressibleByArgument {
      case auto, tmx, tsv, csv, parallel
    }

    @OptionGroup var storeOptions: MemoryStoreOptions
    @OptionGroup var languages: LanguagePairOptions

    @Option(help: "The input format: auto, tmx, tsv, csv or parallel.")
    var format: Format = .auto

    @Option(
      name: .customLong("on-error"),
      help: "For bad units: fail (import nothing, exit 65) or skip (import the rest).")
    var onError: ImportErrorPolicy = .fail

    @Flag(help: "Import a file again even if it was imported completely before.")
    var again = false

    @Option(name: .customLong("batch-size"), help: "Units per transaction.")
    var batchSize: Int = 20_000

    @Argument(help: "The files to import (with --format parallel: the source and the target).")
    var files: [String]

    func validate() throws {
      if files.isEmpty { throw ValidationError("Give a file to import.") }
      if batchSize < 1 { throw ValidationError("--batch-size must be at least 1.") }
      if format == .parallel {
        if files.count != 2 {
          throw ValidationError("--format parallel takes two files: the source and the target.")
        }
        if languages.from == nil || languages.to == nil {
          throw ValidationError("--format parallel needs --from and --to.")
        }
      }
      if (languages.from == nil) != (languages.to == nil) {
        throw ValidationError("Give both --from and --to, or neither.")
      }
    }

    func run() throws {
      let store = try reportingMemoryErrors { try storeOptions.open() }
      let importer = UnitImporter(batchSize: batchSize, onError: onError, again: again)
      var reporter = Diagnostics()
      var status: Int32 = 0
      let groups: [[String]] = format == .parallel ? [files] : files.map { [$0] }
      // While one file is written, the next is read (its first units are ready when its
      // import starts).
      var next: ImportReadAhead?
      defer { next?.cancel() }
      for (position, group) in groups.enumerated() {
        let name = group.joined(separator: " + ")
        let summary: ImportSummary
        let current = next
        next = nil
        if position + 1 < groups.count, let job = try? importJob(groups[position + 1]) {
          next = job.readAhead(importer)
        }
        do {
          let job = try importJob(group)
          summary = try job.run(importer, store, current)
        } catch {
          current?.cancel()
          reporter.error(error.description)
          if error.isStoreError { throw ExitCode(MemoryFailure.status(for: error)) }
          status = MemoryFailure.status(for: error)
          continue
        }
        for warning in summary.warnings { reporter.warning(warning.description) }
        for problem in summary.problems { reporter.warning("skipped: \(problem)") }
        if summary.alreadyImported {
          FileHandle.standardError.write(
            Data("\(name): already imported; nothing to do (--again imports it again)\n".utf8))
          continue
        }
        var line =
          "\(name): \(summary.added) added, \(summary.merged) merged, \(summary.skipped) skipped"
        if summary.resumedAfter > 0 {
          line += " (resumed after \(summary.resumedAfter) entries imported before)"
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
      }
      if status != 0 { throw ExitCode(status) }
    }

    /// How to read one group of files: the import itself, and reading ahead of it.
    private struct ImportJob {
      var run: (UnitImporter, MemoryStore, ImportReadAhead?) throws(MemoryError) -> ImportSummary
      var readAhead: (UnitImporter) -> ImportReadAhead?
    }

    private func importJob(_ group: [String]) throws(MemoryError) -> ImportJob {
      let urls = group.map { URL(fileURLWithPath: $0) }
      for (url, name) in zip(urls, group) where !FileManager.default.fileExists(atPath: url.path) {
        throw .missingInput(path: name)
      }
      let from = languages.from
      let to = languages.to
      let pair = "\(from?.rawValue.lowercased() ?? "-")>\(to?.rawValue.lowercased() ?? "-")"
      let chosen = format == .auto ? Self.guess(group[0]) : format
      func job<Source: UnitSource>(
        settings: String, _ makeSource: @escaping () throws(MemoryError) -> Source
      ) -> ImportJob {
        ImportJob(
          run: { (importer, store, readAhead) throws(MemoryError) in
            try importer.run(
              into: store, files: urls, settings: settings, readAhead: readAhead,
              makeSource: makeSource)
          },
          readAhead: { importer in importer.readAhead(files: urls, makeSource: makeSource) })
      }
      switch chosen {
      case .parallel:
        guard let from, let to else { throw .invalidLanguage("") }
        return job(settings: "parallel \(pair)") { () throws(MemoryError) in
          try ParallelFileReader(
            source: urls[0], sourcePath: group[0], target: urls[1], targetPath: group[1],
            sourceLanguage: from, targetLanguage: to)
        }
      case .tsv, .csv:
        let bitext: BitextReader.Format = chosen == .csv ? .csv : .tsv
        return job(settings: "\(bitext) \(pair)") { () throws(MemoryError) in
          try BitextReader(
            url: urls[0], path: group[0], format: bitext, sourceLanguage: from,
            targetLanguage: to)
        }
      case .tmx, .auto:
        return job(settings: "tmx \(pair)") { () throws(MemoryError) in
          try TMXReader(url: urls[0], path: group[0], sourceLanguage: from, targetLanguage: to)
        }
      }
    }

    static func guess(_ path: String) -> Format {
      let lower = path.lowercased()
      if lower.hasSuffix(".tmx") || lower.hasSuffix(".xml") { return .tmx }
      if lower.hasSuffix(".csv") { return .csv }
      return .tsv
    }
  }
}
