import ArgumentParser
import Foundation
import TarjumanGlossary
import TarjumanNames
import TarjumanPreprocess
import TarjumanText

extension RecordFormat: ExpressibleByArgument {}
extension DedupeMode: ExpressibleByArgument {}

/// A memory size: a number of megabytes, or a number with a unit K, M or G (powers of
/// 1024).
struct ByteSize: ExpressibleByArgument {
  var bytes: Int

  init(bytes: Int) { self.bytes = bytes }

  init?(argument: String) {
    var digits = Substring(argument.uppercased())
    var shift = 20
    if digits.hasSuffix("B") { digits.removeLast() }
    switch digits.last {
    case "K":
      shift = 10
      digits.removeLast()
    case "M": digits.removeLast()
    case "G":
      shift = 30
      digits.removeLast()
    default: break
    }
    guard let value = Int(digits), value > 0, value < (1 << (62 - shift)) else { return nil }
    bytes = value << shift
  }

  var defaultValueDescription: String { "\(bytes >> 20)" }
}

extension TarjumanCommand {
  /// `tarjuman preprocess`: corpus preprocessing as a Unix filter.
  struct Preprocess: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "preprocess",
      abstract: "Clean a corpus: normalize, split, tokenize, canonicalize names, filter, dedupe.",
      discussion: """
        Reads plain text, TSV/CSV with a header, JSON Lines (--field), TMX, or line-aligned \
        files (--parallel a.txt b.txt), from the FILEs or standard input, and writes the \
        same formats (--to) to standard output or -o FILE. Names ending in .gz are read and \
        written compressed.

        Steps run in this order when given as flags: filter (--script, --drop-url, \
        --max-digits, --max-symbols), normalize, canonicalize, split, tokenize, filter \
        (lengths, --max-ratio, --drop-same), romanize, dedupe. --pipeline FILE lists steps \
        in any order instead (see Documentation/Preprocessing.md).

        Output is in input order and byte-identical for any --jobs. A report (records in \
        and out, drops by reason, bad input, names canonicalized by concept) goes to \
        standard error, or as JSON to --report FILE.

        Bad input (invalid UTF-8, a row with the wrong number of columns, a CSV quote never \
        closed, a broken JSON line, a broken TMX unit or XML error) follows --on-invalid: \
        fail stops with FILE:LINE, skip leaves the record out, replace repairs it where it \
        can. Deduplication keeps 16 MB per million distinct records in memory; with \
        --dedupe-spill DIR it stays within --dedupe-memory and writes sorted runs to DIR.

        Exit status: 0 success; 64 bad usage; 65 bad input under --on-invalid fail; \
        66 an input cannot be opened; 73 the output cannot be written; 74 a read failed.

        Examples:
          tarjuman preprocess --normalize clean --split --dedupe exact Corpora/en/news.txt
          tarjuman preprocess --lang en,fa --max-ratio 3 --dedupe near -o out.tsv.gz \\
            Corpora/parallel/en-fa.tsv
          tarjuman preprocess --parallel en.txt fa.txt --to parallel -o en.out -o fa.out
        """
    )

    // Input and output
    @Option(help: "Input format: text, tsv, csv, jsonl, tmx (default: from the file name).")
    var format: RecordFormat?
    @Option(help: "Output format (default: the input format).")
    var to: RecordFormat?
    @Option(help: "Columns to keep (TSV/CSV), or names for the columns (comma-separated).")
    var columns: String?
    @Option(help: "JSON Lines: the string fields to process (comma-separated).")
    var field: String = "text"
    @Option(
      parsing: .upToNextOption,
      help: "Line-aligned files, one column each (the same number of lines).")
    var parallel: [String] = []
    @Option(
      name: .customLong("lang"),
      help: "The language of each column, or one for all: en, fa, ar, auto (e.g. en,fa).")
    var languages: String?
    @Option(
      name: .shortAndLong,
      help: "Write here (created only if the run succeeds); twice or more for parallel output.")
    var output: [String] = []

    // Steps
    @Option(help: "A pipeline file: one step per line (see Documentation/Preprocessing.md).")
    var pipeline: String?
    @Option(help: "Normalize with this profile: nfc, nfkc, clean or key.")
    var normalize: NormalizationProfile?
    @Option(help: "Digits for the clean profile: keep, ascii, persian or arabic.")
    var digits: DigitStyle = .keep
    @Flag(help: "Split into sentences (ICU, per language).")
    var split = false
    @Flag(help: "Write ICU word tokens separated by spaces.")
    var tokenize = false
    @Flag(help: "Rewrite name spellings into the house style's rendering.")
    var canonicalize = false
    @Option(help: "The house style for --canonicalize.")
    var style: String?
    @Option(help: "Add a romanized column for each Persian/Arabic column: news, strict, ascii.")
    var romanize: RomanizationScheme?
    @Option(help: "Drop duplicates: exact, or near (same key).")
    var dedupe: DedupeMode?
    @Option(help: "Spill sorted fingerprint runs to this folder past --dedupe-memory.")
    var dedupeSpill: String?
    @Option(
      help: "Memory for deduplication with --dedupe-spill: MB, or with a unit (64K, 512M, 2G).")
    var dedupeMemory: ByteSize = ByteSize(bytes: 1 << 30)

    // Filters
    @Option(help: "Drop records with a column shorter than this (characters).") var minChars: Int?
    @Option(help: "Drop records with a column longer than this (characters).") var maxChars: Int?
    @Option(help: "Drop records with a column of fewer tokens.") var minTokens: Int?
    @Option(help: "Drop records with a column of more tokens.") var maxTokens: Int?
    @Option(help: "Bitext: drop pairs whose length ratio is above this.") var maxRatio: Double?
    @Option(help: "Drop columns over this share of digits (0-1).") var maxDigits: Double?
    @Option(help: "Drop columns over this share of symbols (0-1).") var maxSymbols: Double?
    @Flag(help: "Drop lines in the wrong script for their column's language.") var script = false
    @Flag(help: "Bitext: drop pairs whose sides are the same.") var dropSame = false
    @Flag(help: "Drop lines that are only a URL or an e-mail address.") var dropUrl = false

    // Engine
    @Option(help: "Worker threads (default: all processors). Output is the same for any value.")
    var jobs: Int?
    @Option(
      name: .customLong("on-invalid"),
      help: "Bad input (invalid UTF-8, wrong column count, broken JSON): fail, skip or replace.")
    var onInvalid: InvalidInputPolicy = .fail
    @Flag(inversion: .prefixedNo, help: "Show progress on standard error (default: on a terminal).")
    var progress: Bool?
    @Option(help: "Write the report to this file as JSON.")
    var report: String?

    @OptionGroup var glossaryOptions: GlossaryOptions

    @Argument(help: "Input files (standard input when none are given).")
    var files: [String] = []

    func validate() throws {
      if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
      if !parallel.isEmpty && !files.isEmpty {
        throw ValidationError("give the inputs either with --parallel or as arguments")
      }
      let named = output.filter { $0 != "-" }
      if Set(named).count != named.count {
        throw ValidationError("-o names the same file twice")
      }
      if let report {
        // Fail before the work, not after it.
        let folder = URL(fileURLWithPath: report).deletingLastPathComponent().path
        if access(folder, W_OK) != 0 {
          throw ValidationError("--report \(report): the folder cannot be written to")
        }
      }
      if !parallel.isEmpty && parallel.count < 2 {
        throw ValidationError("--parallel needs two or more files")
      }
      if pipeline != nil
        && (normalize != nil || split || tokenize || canonicalize || romanize != nil
          || dedupe != nil || !filters(early: true).isEmpty || !filters(early: false).isEmpty)
      {
        throw ValidationError("give the steps either with --pipeline or as flags, not both")
      }
    }

    private func filters(early: Bool) -> FilterOptions {
      var options = FilterOptions()
      if early {
        options.script = script
        options.dropURL = dropUrl
        options.maxDigits = maxDigits
        options.maxSymbols = maxSymbols
      } else {
        options.minChars = minChars
        options.maxChars = maxChars
        options.minTokens = minTokens
        options.maxTokens = maxTokens
        options.maxRatio = maxRatio
        options.dropSame = dropSame
      }
      return options
    }

    private func pipelineSpec() throws -> PipelineSpec {
      if let pipeline {
        let text: String
        do {
          text = try TextFile.read(URL(fileURLWithPath: pipeline), displayName: pipeline)
        } catch {
          Diagnostics().error(error.description)
          throw ExitCode(Diagnostics.exitCode(for: error))
        }
        return try PipelineSpec(parsing: text, path: pipeline)
      }
      var spec = PipelineSpec()
      if !filters(early: true).isEmpty { spec.steps.append(.filter(filters(early: true))) }
      if let normalize { spec.steps.append(.normalize(normalize, digits)) }
      if canonicalize { spec.steps.append(.canonicalize(style: style, allForms: false)) }
      if split { spec.steps.append(.split) }
      if tokenize { spec.steps.append(.tokenize) }
      if !filters(early: false).isEmpty { spec.steps.append(.filter(filters(early: false))) }
      if let romanize { spec.steps.append(.romanize(romanize)) }
      spec.dedupe = dedupe
      return spec
    }

    func run() throws {
      let diagnostics = Diagnostics()
      do {
        try execute()
      } catch let error as PreprocessError {
        diagnostics.error(error.description)
        throw ExitCode(error.exitCode)
      }
    }

    private func execute() throws {
      TemporaryFiles.removeOnSignals()
      let spec = try pipelineSpec()
      if spec.steps.contains(where: { if case .normalize = $0 { true } else { false } }) {
        TextNormalizer.warmUp(profile: .clean)
      }
      if spec.steps.contains(where: { if case .canonicalize = $0 { true } else { false } }) {
        // The mention finder's word reader needs the key normalizer: built while the
        // glossary is read.
        TextNormalizer.warmUp(profile: .key)
      }
      let inputs: [PreprocessInput] = (parallel.isEmpty ? files : parallel).map {
        $0 == "-" ? .standardInput : .file($0)
      }
      let inputFormat: RecordFormat =
        !parallel.isEmpty
        ? .parallel : format ?? RecordFormat.guess(from: inputs.first?.formatName ?? "")
      var input = InputSpec(
        format: inputFormat, inputs: inputs.isEmpty ? [.standardInput] : inputs,
        columns: columns.map { $0.split(separator: ",").map(String.init) })
      input.fields = field.split(separator: ",").map(String.init)
      if let languages {
        input.languages = try languages.split(separator: ",").map {
          guard let setting = LanguageSetting(String($0)) else {
            throw ValidationError("'\($0)' is not a language: en, fa, ar or auto")
          }
          return setting
        }
      }
      var options = PreprocessOptions(jobs: jobs)
      options.onInvalid = onInvalid
      options.dedupe = spec.dedupe
      options.spillDirectory = dedupeSpill
      options.dedupeMemory = dedupeMemory.bytes
      if dedupeSpill != nil && spec.dedupe == nil {
        throw PreprocessError.usage("--dedupe-spill needs --dedupe (or a dedupe step)")
      }
      let preprocessor = try Preprocessor(input: input, options: options)
      let (steps, outputColumns) = try spec.build(
        columns: preprocessor.inputColumns, cacheFolder: GlossaryIndex.defaultCacheFolder
      ) { try glossaryOptions.load() }
      preprocessor.configure(steps: steps, outputColumns: outputColumns)
      let outputFormat =
        to ?? (inputFormat == .parallel && output.count < 2 ? .tsv : inputFormat)
      let paths: [String?] = output.isEmpty ? [nil] : output.map { $0 == "-" ? nil : $0 }
      let meter =
        (progress ?? ProgressMeter.isTerminal) ? ProgressMeter(total: preprocessor.totalBytes) : nil
      var warnings = Diagnostics()
      let result = try preprocessor.run(
        output: OutputSpec(format: outputFormat, paths: paths),
        progress: { bytes, records in meter?.update(bytes: bytes, records: records) },
        warn: { warnings.warning($0) })
      meter?.finish()
      if let report {
        do {
          try OutputFile.write(Array(result.json.utf8), to: report)
        } catch {
          Diagnostics().error("\(report): cannot write the report: \(error)")
          throw ExitCode(73)
        }
      } else {
        FileHandle.standardError.write(
          Data(
            result.summary.split(separator: "\n").map { "tarjuman: \($0)\n" }.joined().utf8))
      }
    }
  }
}
