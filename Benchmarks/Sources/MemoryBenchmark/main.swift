// The translation memory benchmark: import rate and peak memory, and fuzzy search latency
// (p50, p99) at 100,000 and 1,000,000 units, beside brute force (scoring every distinct
// source) in the same run.
//
// Units are real translation pairs from the Debian catalogs of the benchmark corpus
// (Benchmarks/Scripts/make-tm-pairs.py writes them: en-fa and en-ar first, then English
// to other languages). Queries are the corpus's tm-queries.txt (1,000 English segments
// held out of tm.txt).
//
//   CORPUS=/work/corpus python3 Benchmarks/Scripts/make-tm-pairs.py Benchmarks/corpus
//   swift run -c release --package-path Benchmarks MemoryBenchmark [--sizes 100k,1m]
//     [--brute-force-queries 200,20] [--corpus DIR] [--on-error fail|skip]
//
// Results go to Benchmarks/results/memory-benchmark.{json,md}. The files are imported as
// `tarjuman tm import` imports several, reading the next while one is written;
// NO_READ_AHEAD=1 reads each only when its import starts, for comparison.

import Foundation
import TarjumanGlossary
import TarjumanMemory

#if canImport(Glibc)
  import Glibc
#endif

let root = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()
let benchmarks = root.appendingPathComponent("Benchmarks")

let arguments = Array(CommandLine.arguments.dropFirst())
nonisolated func option(_ name: String) -> String? {
  guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else {
    return nil
  }
  return arguments[index + 1]
}
let sizes = (option("--sizes") ?? "100k,1m").split(separator: ",").map(String.init)
let bruteForceQueries = (option("--brute-force-queries") ?? "200,20").split(separator: ",")
  .compactMap { Int($0) }
let corpus = URL(
  fileURLWithPath: option("--corpus") ?? ProcessInfo.processInfo.environment["CORPUS"]
    ?? "/work/corpus")
let pairsFolder = benchmarks.appendingPathComponent("corpus")
/// Extra searcher settings to compare: `postings,trigrams,shortlist;...`.
let searchConfigs: [(Int, Int, Int)] = (option("--search-configs") ?? "").split(separator: ";")
  .compactMap { config in
    let parts = config.split(separator: ",").compactMap { Int($0) }
    return parts.count == 3 ? (parts[0], parts[1], parts[2]) : nil
  }
/// `fail` (the default of `tarjuman tm import`) records what it writes so that it can undo
/// it at a bad entry; `skip` does not. Both read each file once.
let onError = ImportErrorPolicy(rawValue: option("--on-error") ?? "fail") ?? .fail

/// Peak resident memory of this process (VmHWM), in MB.
func peakResidentMB() -> Double {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
    return 0
  }
  for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
    return kilobytes / 1024
  }
  return 0
}

/// Resets the peak (Linux: writing 5 to clear_refs).
#if canImport(Glibc)
  /// glibc's `malloc_trim`, which the Glibc module does not export.
  @_silgen_name("malloc_trim") func mallocTrim(_ pad: Int) -> Int32
#endif

/// Starts a size afresh: the memory the previous size freed goes back to the system
/// (`malloc_trim`), so that its peak counts this size only, as a `tarjuman tm import`
/// process of its own would, then the peak is reset.
func resetPeak() {
  #if canImport(Glibc)
    _ = mallocTrim(0)
  #endif
  try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}

func percentile(_ values: [Double], _ p: Double) -> Double {
  guard !values.isEmpty else { return 0 }
  let sorted = values.sorted()
  let index = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))
  return sorted[index]
}

/// CPU time of this process so far (user and system, all threads), in seconds: on a
/// shared machine the wall time of an import also counts the time other processes had
/// the cores.
func processorSeconds() -> Double {
  var usage = rusage()
  getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
  func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
  return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// CPU time of the calling thread so far, in seconds (the import writes on this thread;
/// its reader threads take the rest of the process's time).
func threadProcessorSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func now() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

struct SizeResult: Codable {
  var size: String
  var units: Int
  var importSeconds: Double
  var importUnitsPerSecond: Double
  /// CPU time of the import, all threads, and of the writing thread alone.
  var importCPUSeconds: Double
  var importWriterCPUSeconds: Double
  var importPeakRSSMB: Double
  var storeMB: Double
  var queries: Int
  var searchAnyP50: Double
  var searchAnyP99: Double
  var searchFaP50: Double
  var searchFaP99: Double
  var bruteForceQueries: Int
  var bruteForceP50: Double
  var bruteForceP99: Double
  var bruteForceSpeedup: Double
  /// Among the brute-force queries whose best score is at least 70: how often the index
  /// found a match with that score.
  var top1Agreement: Double
  var agreementQueries: Int
}

let queries = try String(
  contentsOf: corpus.appendingPathComponent("tm-queries.txt"), encoding: .utf8
).split(separator: "\n").map(String.init)
print("queries: \(queries.count) from \(corpus.path)/tm-queries.txt")

var results: [SizeResult] = []
for (sizeIndex, size) in sizes.enumerated() {
  let folder = pairsFolder.appendingPathComponent("tm-\(size)")
  guard
    let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter({ $0.hasSuffix(".tsv") }).sorted(), !files.isEmpty
  else {
    print("missing \(folder.path): run Benchmarks/Scripts/make-tm-pairs.py first")
    exit(66)
  }
  let storeFolder = FileManager.default.temporaryDirectory
    .appendingPathComponent("tarjuman-bench-\(size)-\(getpid())")
  try? FileManager.default.removeItem(at: storeFolder)
  try FileManager.default.createDirectory(at: storeFolder, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: storeFolder) }
  let storePath = storeFolder.appendingPathComponent("memory.sqlite").path

  // Import.
  resetPeak()
  let store = try MemoryStore(path: storePath)
  let importer = UnitImporter(
    batchSize: Int(option("--batch-size") ?? "") ?? 20_000, onError: onError)
  var added = 0
  var merged = 0
  let started = now()
  let startedCPU = processorSeconds()
  let startedWriterCPU = threadProcessorSeconds()
  // As `tarjuman tm import` does with several files: the next file is read while one is
  // written.
  func source(_ file: String) -> () throws(MemoryError) -> BitextReader {
    let url = folder.appendingPathComponent(file)
    return { () throws(MemoryError) in
      try BitextReader(
        url: url, path: file, format: .tsv, sourceLanguage: nil, targetLanguage: nil)
    }
  }
  let readsAhead = ProcessInfo.processInfo.environment["NO_READ_AHEAD"] == nil
  var next =
    readsAhead
    ? files.first.flatMap {
      importer.readAhead(files: [folder.appendingPathComponent($0)], makeSource: source($0))
    } : nil
  for (position, file) in files.enumerated() {
    let url = folder.appendingPathComponent(file)
    let current = next
    next =
      readsAhead && position + 1 < files.count
      ? importer.readAhead(
        files: [folder.appendingPathComponent(files[position + 1])],
        makeSource: source(files[position + 1])) : nil
    let summary = try importer.run(
      into: store, files: [url], settings: "tsv", readAhead: current, makeSource: source(file))
    added += summary.added
    merged += summary.merged
  }
  let importSeconds = now() - started
  let importCPUSeconds = processorSeconds() - startedCPU
  let writerCPUSeconds = threadProcessorSeconds() - startedWriterCPU
  let peak = peakResidentMB()
  let units = try store.count()
  let storeBytes = [storePath, storePath + "-wal"].reduce(0) {
    $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0)
  }
  print(
    String(
      format:
        "%@: %d units (%d added, %d merged) in %.2f s = %.0f units/s (CPU: %.2f s, %.2f s of it writing), peak RSS %.0f MB, store %.0f MB",
      size, units, added, merged, importSeconds, Double(added + merged) / importSeconds,
      importCPUSeconds, writerCPUSeconds, peak, Double(storeBytes) / 1_048_576))

  // Indexed search: warm up, then time every query.
  let searcher = MemorySearcher(store: store)
  try searcher.preloadTrigramCounts()
  for query in queries.prefix(50) {
    _ = try searcher.search(query, from: .english, to: nil)
  }
  func timeQueries(to target: LanguageTag?) throws -> ([Double], [Int: Int]) {
    var latencies: [Double] = []
    var best: [Int: Int] = [:]
    for (index, query) in queries.enumerated() {
      let start = now()
      let matches = try searcher.search(query, from: .english, to: target, minimum: 70, top: 5)
      latencies.append((now() - start) * 1000)
      if let score = matches.first?.score.score { best[index] = score }
    }
    return (latencies, best)
  }
  let (anyLatencies, indexedBest) = try timeQueries(to: nil)
  let (faLatencies, _) = try timeQueries(to: .persian)
  print(
    String(
      format:
        "  indexed search, any target: p50 %.3f ms, p99 %.3f ms; to fa: p50 %.3f ms, p99 %.3f ms",
      percentile(anyLatencies, 0.5), percentile(anyLatencies, 0.99),
      percentile(faLatencies, 0.5), percentile(faLatencies, 0.99)))

  // Brute force: every distinct source, prepared once (tokens cached), scored per query.
  var sources: [String: PreparedText] = [:]
  try store.forEachUnit { unit in
    if sources[unit.source.text] == nil {
      sources[unit.source.text] = PreparedText(unit.source.text, markup: unit.source.markup)
    }
  }
  let prepared = Array(sources.values)
  sources = [:]
  let bruteCount = min(
    queries.count,
    sizeIndex < bruteForceQueries.count
      ? bruteForceQueries[sizeIndex] : bruteForceQueries.last ?? 20)
  var bruteLatencies: [Double] = []
  var bruteBest: [Int: Int] = [:]
  var agreements = 0
  var comparable = 0
  for (index, query) in queries.prefix(bruteCount).enumerated() {
    let start = now()
    let preparedQuery = PreparedText(query)
    var top = 0
    var topText = ""
    for candidate in prepared {
      let score = FuzzyScore(query: preparedQuery, candidate: candidate).score
      if score > top {
        top = score
        topText = candidate.text
      }
    }
    bruteLatencies.append((now() - start) * 1000)
    bruteBest[index] = top
    if top >= 70 {
      comparable += 1
      if indexedBest[index] == top {
        agreements += 1
      } else if arguments.contains("--show-misses") {
        print("  miss: \(query) | best \(top)% \(topText) | index \(indexedBest[index] ?? 0)%")
      }
    }
  }
  let bruteP50 = percentile(bruteLatencies, 0.5)
  for (postings, trigrams, shortlist) in searchConfigs {
    let other = MemorySearcher(
      store: store, shortlistSize: shortlist, maximumPostings: postings,
      maximumTrigrams: trigrams)
    try other.preloadTrigramCounts()
    for query in queries.prefix(50) { _ = try other.search(query, from: .english, to: nil) }
    var latencies: [Double] = []
    var best: [Int: Int] = [:]
    for (index, query) in queries.enumerated() {
      let start = now()
      let matches = try other.search(query, from: .english, to: nil, minimum: 70, top: 5)
      latencies.append((now() - start) * 1000)
      if let score = matches.first?.score.score { best[index] = score }
    }
    var agree = 0
    for (index, top) in bruteBest where top >= 70 && best[index] == top { agree += 1 }
    print(
      String(
        format:
          "  postings %d, trigrams %d, shortlist %d: p50 %.3f ms, p99 %.3f ms, agreement %d/%d",
        postings, trigrams, shortlist, percentile(latencies, 0.5), percentile(latencies, 0.99),
        agree, comparable))
  }
  print(
    String(
      format:
        "  brute force (%d distinct sources, %d queries): p50 %.1f ms, p99 %.1f ms; indexed is %.0f× faster at p50; top-1 agreement %d/%d",
      prepared.count, bruteCount, bruteP50, percentile(bruteLatencies, 0.99),
      bruteP50 / max(percentile(anyLatencies, 0.5), 1e-9), agreements, comparable))

  results.append(
    SizeResult(
      size: size, units: units, importSeconds: importSeconds,
      importUnitsPerSecond: Double(added + merged) / importSeconds,
      importCPUSeconds: importCPUSeconds, importWriterCPUSeconds: writerCPUSeconds,
      importPeakRSSMB: peak,
      storeMB: Double(storeBytes) / 1_048_576, queries: queries.count,
      searchAnyP50: percentile(anyLatencies, 0.5), searchAnyP99: percentile(anyLatencies, 0.99),
      searchFaP50: percentile(faLatencies, 0.5), searchFaP99: percentile(faLatencies, 0.99),
      bruteForceQueries: bruteCount, bruteForceP50: bruteP50,
      bruteForceP99: percentile(bruteLatencies, 0.99),
      bruteForceSpeedup: bruteP50 / max(percentile(anyLatencies, 0.5), 1e-9),
      top1Agreement: comparable == 0 ? 1 : Double(agreements) / Double(comparable),
      agreementQueries: comparable))
}

// Results.
let output = benchmarks.appendingPathComponent("results")
try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
try encoder.encode(results).write(to: output.appendingPathComponent("memory-benchmark.json"))
var table = """
  | units | import (units/s) | peak RSS (MB) | store (MB) | search p50 / p99 (ms), any target | to fa | brute force p50 / p99 (ms) | speed-up | top-1 agreement |
  |---:|---:|---:|---:|---:|---:|---:|---:|---:|

  """
for result in results {
  table += String(
    format:
      "| %d | %.0f | %.0f | %.0f | %.2f / %.2f | %.2f / %.2f | %.1f / %.1f | %.0f× | %.0f%% of %d |\n",
    result.units, result.importUnitsPerSecond, result.importPeakRSSMB, result.storeMB,
    result.searchAnyP50, result.searchAnyP99, result.searchFaP50, result.searchFaP99,
    result.bruteForceP50, result.bruteForceP99, result.bruteForceSpeedup,
    result.top1Agreement * 100, result.agreementQueries)
}
try table.write(
  to: output.appendingPathComponent("memory-benchmark.md"), atomically: true, encoding: .utf8)
print(table)
