// Top-1 accuracy of Tarjuman's name matcher across scripts, beside a baseline of ICU's
// `Any-Latin; Latin-ASCII` romanization and plain Levenshtein distance, on the names
// development set (Tests/TarjumanNamesTests/Fixtures/names-dev.tsv).
//
// Each task looks up every name of the set among the names of another column plus
// distractors: distinct words of the shipped sample corpora in that script (so that each
// task has more than 1,000 candidates). A query is right when its best candidate is the
// same row's name. Cases the matcher gets wrong go to Benchmarks/results/.
//
// The matcher runs in four configurations, so that what comes from rules (generalization)
// and what from knowledge can be told apart:
// - rules: sound-level comparison only (no lexicon, no glossary);
// - + lexicon: the shipped lexicon of name words (written independently of the set);
// - + CLDR places: and the place names of ICU's CLDR data (Glossaries/places-cldr.glossary);
// - + all glossaries: and every shipped glossary, which names many rows of the set (the
//   overlap is counted and printed).

import Foundation
import TarjumanGlossary
import TarjumanICU
import TarjumanNames
import TarjumanText

let root = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

struct Row {
  var id: String
  var en: String
  var fa: String
  var ar: String
  /// Other Latin spellings of the name (the same words written otherwise, shortened or
  /// lengthened, or their initials).
  var variants: [String]
  /// Other names of the same thing in Latin script: translations, names in other
  /// languages, former names, nicknames, and their abbreviations.
  var aliases: [String]
  /// Whether the renderings spell the same sounds (`transliteration`) rather than
  /// translating or using an exonym (`translation`: Damascus, دمشق), which only a
  /// glossary can match.
  var isTransliteration: Bool
}

func loadRows() throws -> [Row] {
  let path = root.appendingPathComponent("Tests/TarjumanNamesTests/Fixtures/names-dev.tsv")
  let lines = try String(contentsOf: path, encoding: .utf8).split(separator: "\n").dropFirst()
  return lines.map { line in
    let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    func list(_ column: Int) -> [String] {
      fields.count > column
        ? fields[column].components(separatedBy: " | ").filter { !$0.isEmpty } : []
    }
    return Row(
      id: fields[0], en: fields[2], fa: fields[3], ar: fields[4], variants: list(5),
      aliases: list(6), isTransliteration: fields.count > 7 ? fields[7] == "transliteration" : true)
  }
}

/// Distinct words of a sample corpus, as distractor candidates. Words that are a spelling
/// of a word of some name of the set (same name key) are left out: the corpora mention
/// those names, and such a word would be a right answer counted as wrong.
func distractors(_ file: String, excluding names: Set<String>, count: Int) throws -> [String] {
  let text = try String(
    contentsOf: root.appendingPathComponent("Corpora").appendingPathComponent(file), encoding: .utf8
  )
  var seen = Set<String>()
  var result: [String] = []
  for word in text.split(whereSeparator: { !$0.isLetter && $0 != "\u{200C}" && $0 != "-" }) {
    let candidate = String(word)
    guard candidate.count >= 4, !names.contains(candidate), seen.insert(candidate).inserted,
      let key = try? NameKey.of(candidate), !nameWordKeys.contains(key)
    else {
      continue
    }
    result.append(candidate)
    if result.count == count { break }
  }
  return result
}

/// The baseline: ICU's romanization to ASCII and plain Levenshtein distance, brute force.
struct Baseline {
  let romanizer: Transliterator
  init() throws {
    romanizer = try TransliteratorCache.transliterator(id: "Any-Latin; Latin-ASCII; Lower")
  }

  func ascii(_ text: String) -> [UInt8] {
    Array(((try? romanizer.transliterate(text)) ?? text).utf8)
  }

  func best(_ query: [UInt8], among candidates: [[UInt8]]) -> Int {
    var best = 0
    var bestDistance = Int.max
    for (index, candidate) in candidates.enumerated() {
      let distance = levenshtein(query, candidate)
      if distance < bestDistance {
        bestDistance = distance
        best = index
      }
    }
    return best
  }

  func levenshtein(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = previous
    for (i, x) in a.enumerated() {
      current[0] = i + 1
      for (j, y) in b.enumerated() {
        current[j + 1] = min(previous[j] + (x == y ? 0 : 1), previous[j + 1] + 1, current[j] + 1)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}

struct Task {
  var name: String
  var queries: [(text: String, answer: Int)]
  var candidates: [String]
}

/// Top-1 counts, for all queries and for those whose row is a transliteration.
struct Tally {
  var right = 0
  var total = 0
  var transliterationRight = 0
  var transliterationTotal = 0
  /// Queries of odd-numbered rows (the held-out half: rules are tuned on the failures of
  /// even-numbered rows only).
  var heldOutRight = 0
  var heldOutTotal = 0

  mutating func add(_ correct: Bool, transliteration: Bool, row: Int) {
    total += 1
    if correct { right += 1 }
    if row % 2 == 1 {
      heldOutTotal += 1
      if correct { heldOutRight += 1 }
    }
    if transliteration {
      transliterationTotal += 1
      if correct { transliterationRight += 1 }
    }
  }

  static func percent(_ part: Int, _ whole: Int) -> String {
    whole == 0 ? "–" : String(format: "%.1f%%", 100 * Double(part) / Double(whole))
  }

  var overall: String { Self.percent(right, total) }
  var transliterations: String { Self.percent(transliterationRight, transliterationTotal) }
}

let rows = try loadRows()
let allNames = Set(rows.flatMap { [$0.en, $0.fa, $0.ar] + $0.variants + $0.aliases })
let nameWordKeys: Set<String> = {
  var keys = Set<String>()
  for name in allNames {
    for word in name.split(whereSeparator: { $0 == " " || $0 == "-" }) {
      if let key = try? NameKey.of(String(word)), !key.isEmpty { keys.insert(key) }
    }
  }
  return keys
}()
let distractorCount = 1_000
let faDistractors = try distractors("fa/news.txt", excluding: allNames, count: distractorCount)
let arDistractors = try distractors("ar/news.txt", excluding: allNames, count: distractorCount)
let enDistractors = try distractors("en/news.txt", excluding: allNames, count: distractorCount)

var tasks: [Task] = [
  Task(
    name: "en → fa", queries: rows.enumerated().map { ($1.en, $0) },
    candidates: rows.map(\.fa) + faDistractors),
  Task(
    name: "en → ar", queries: rows.enumerated().map { ($1.en, $0) },
    candidates: rows.map(\.ar) + arDistractors),
  Task(
    name: "fa → en", queries: rows.enumerated().map { ($1.fa, $0) },
    candidates: rows.map(\.en) + enDistractors),
  Task(
    name: "ar → en", queries: rows.enumerated().map { ($1.ar, $0) },
    candidates: rows.map(\.en) + enDistractors),
  Task(
    name: "Latin variant → Latin",
    queries: rows.enumerated().flatMap { index, row in row.variants.map { ($0, index) } },
    candidates: rows.map(\.en) + enDistractors),
  // Not a spelling task: only what a glossary or the lexicon knows finds another name.
  Task(
    name: "Latin alias → Latin",
    queries: rows.enumerated().flatMap { index, row in row.aliases.map { ($0, index) } },
    candidates: rows.map(\.en) + enDistractors),
]

/// One way of running the matcher.
struct Configuration {
  var name: String
  var file: String
  var lexicon: NameLexicon?
  var gazetteer: NameGazetteer?
}

/// A gazetteer of the shipped glossary files whose names pass the filter.
func gazetteer(_ include: (String) -> Bool) throws -> NameGazetteer {
  let folder = root.appendingPathComponent("Glossaries")
  let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    .filter { $0.hasSuffix(".glossary") && include($0) }.sorted()
    .map { folder.appendingPathComponent($0) }
  let (glossary, _) = try GlossaryLoader().load(files)
  return try NameGazetteer(glossary: glossary)
}

let lexicon = try NameLexicon.shipped()
let cldrPlaces = try gazetteer { $0 == "places-cldr.glossary" }
let allGlossaries = try gazetteer { _ in true }
let configurations = [
  Configuration(name: "rules", file: "rules", lexicon: nil, gazetteer: nil),
  Configuration(name: "+ lexicon", file: "lexicon", lexicon: lexicon, gazetteer: nil),
  Configuration(name: "+ CLDR places", file: "cldr", lexicon: lexicon, gazetteer: cldrPlaces),
  Configuration(
    name: "+ all glossaries", file: "glossaries", lexicon: lexicon, gazetteer: allGlossaries),
]

/// Rows with some rendering (English, Persian, Arabic or a variant) that a gazetteer knows.
func overlap(_ gazetteer: NameGazetteer) -> (all: Int, transliterations: Int) {
  let known = rows.filter { row in
    ([row.en, row.fa, row.ar] + row.variants + row.aliases).contains {
      !gazetteer.conceptIDs(of: $0).isEmpty
    }
  }
  return (known.count, known.filter(\.isTransliteration).count)
}

let baseline = try Baseline()
let resultsFolder = root.appendingPathComponent("Benchmarks/results")
try FileManager.default.createDirectory(at: resultsFolder, withIntermediateDirectories: true)

let transliterationCount = rows.filter(\.isTransliteration).count
print(
  "Names development set: \(rows.count) names (\(transliterationCount) transliterations, "
    + "\(rows.count - transliterationCount) translations); \(distractorCount) distractor "
    + "words per script; \(lexicon.count) meanings in the lexicon.")
for (name, known) in [
  ("CLDR places", overlap(cldrPlaces)), ("all shipped glossaries", overlap(allGlossaries)),
] {
  print(
    "Rows with a concept in \(name): \(known.all) of \(rows.count) "
      + "(\(known.transliterations) transliterations, \(known.all - known.transliterations) translations)."
  )
}

/// Per task: the baseline's tally and each configuration's, and the time per query of
/// the last configuration.
var tallies: [(task: Task, baseline: Tally, ours: [Tally], milliseconds: Double)] = []
for task in tasks {
  let asciiCandidates = task.candidates.map(baseline.ascii)
  var theirs = Tally()
  for query in task.queries {
    let correct = baseline.best(baseline.ascii(query.text), among: asciiCandidates) == query.answer
    theirs.add(
      correct, transliteration: rows[query.answer].isTransliteration, row: query.answer)
  }
  var ours: [Tally] = []
  var milliseconds = 0.0
  for configuration in configurations {
    let matcher = try NameMatcher(
      candidates: task.candidates, lexicon: configuration.lexicon,
      gazetteer: configuration.gazetteer)
    var tally = Tally()
    var misses: [String] = []
    let start = Date()
    var results: [[NameMatcher.Match]] = []
    for query in task.queries {
      results.append(matcher.matches(for: query.text, top: 3, minimumScore: 0))
    }
    milliseconds = 1000 * Date().timeIntervalSince(start) / Double(task.queries.count)
    for (query, found) in zip(task.queries, results) {
      let transliteration = rows[query.answer].isTransliteration
      let correct = found.first?.index == query.answer
      tally.add(correct, transliteration: transliteration, row: query.answer)
      if !correct {
        let got =
          found.first.map { "\($0.candidate) (\(String(format: "%.2f", $0.score)))" } ?? "nothing"
        let expected = task.candidates[query.answer]
        let kind = transliteration ? "transliteration" : "translation"
        misses.append(
          "\(query.answer % 2 == 0 ? "even" : "odd")\t\(kind)\t\(query.text)\texpected \(expected)\tgot \(got)\t\(found.first?.explanation ?? "")"
        )
      }
    }
    ours.append(tally)
    let fileName = task.name.replacingOccurrences(of: " ", with: "")
      .replacingOccurrences(of: "→", with: "-to-")
    try misses.sorted().joined(separator: "\n").write(
      to: resultsFolder.appendingPathComponent(
        "names-misses-\(configuration.file)-\(fileName).tsv"),
      atomically: true, encoding: .utf8)
  }
  tallies.append((task, theirs, ours, milliseconds))
}

let header =
  "| task | queries | candidates | baseline | "
  + configurations.map(\.name).joined(separator: " | ") + " |"
let rule = "|---|---:|---:|---:|" + String(repeating: "---:|", count: configurations.count)
for (title, part) in [
  ("all rows", { (tally: Tally) in Tally.percent(tally.right, tally.total) }),
  (
    "odd-numbered rows (held out)",
    { (tally: Tally) in Tally.percent(tally.heldOutRight, tally.heldOutTotal) }
  ),
  (
    "transliterations",
    { (tally: Tally) in Tally.percent(tally.transliterationRight, tally.transliterationTotal) }
  ),
  (
    "translations",
    { (tally: Tally) in
      Tally.percent(
        tally.right - tally.transliterationRight, tally.total - tally.transliterationTotal)
    }
  ),
] {
  print("\nTop-1, \(title):\n")
  print(header)
  print(rule)
  for entry in tallies {
    let queries: Int
    switch title {
    case "transliterations": queries = entry.baseline.transliterationTotal
    case "translations": queries = entry.baseline.total - entry.baseline.transliterationTotal
    case "odd-numbered rows (held out)": queries = entry.baseline.heldOutTotal
    default: queries = entry.baseline.total
    }
    print(
      "| \(entry.task.name) | \(queries) | \(entry.task.candidates.count) | "
        + "\(part(entry.baseline)) | " + entry.ours.map(part).joined(separator: " | ") + " |")
  }
}
print(
  "\nms per query (+ all glossaries): "
    + tallies.map { "\($0.task.name) \(String(format: "%.2f", $0.milliseconds))" }
    .joined(separator: ", "))
print("Misses: Benchmarks/results/names-misses-<configuration>-<task>.tsv")

// Latin → Arabic script: is the set's Persian (Arabic) spelling among the first five,
// compared after `key` normalization (which unifies alef, yeh and teh marbuta forms)? By
// the speller's rules alone, and as `translit --to` writes them: the shipped glossaries'
// spellings of the names they know first.
let speller = try ArabicScriptSpeller()
let keyNormalizer = try TextNormalizer(profile: .key)
let known = try GlossarySpellings(
  glossary: GlossaryLoader().load(
    try FileManager.default.contentsOfDirectory(
      atPath: root.appendingPathComponent("Glossaries").path
    ).filter { $0.hasSuffix(".glossary") }.sorted()
      .map { root.appendingPathComponent("Glossaries").appendingPathComponent($0) }
  ).0)
print(
  "\n| Latin → script | names (transliterations) | rules: top-1 | rules: top-5 "
    + "| + all glossaries: top-1 | + all glossaries: top-5 |")
print("|---|---:|---:|---:|---:|---:|")
var unknownLines: [String] = []
for (language, column) in [(TextLanguage.fa, \Row.fa), (.ar, \Row.ar)] {
  var top1 = [0, 0]
  var top5 = [0, 0]
  // The names the glossaries do not know as a whole, where only their words can help.
  var unknown = 0
  var unknownTop1 = [0, 0]
  let chosen = rows.filter(\.isTransliteration)
  for row in chosen {
    let isUnknown = known.knownSpellings(of: row.en, in: language).isEmpty
    if isUnknown { unknown += 1 }
    let expected = keyNormalizer.normalize(row[keyPath: column]).replacingOccurrences(
      of: " ", with: "")
    let byRules = speller.spellings(of: row.en, in: language, count: 5)
    let withGlossaries = speller.spellings(of: row.en, in: language, count: 5, known: known)
    for (index, spellings) in [byRules, withGlossaries].enumerated() {
      let found = spellings.map {
        keyNormalizer.normalize($0).replacingOccurrences(of: " ", with: "")
      }
      if found.first == expected {
        top1[index] += 1
        if isUnknown { unknownTop1[index] += 1 }
      }
      if found.contains(expected) { top5[index] += 1 }
    }
  }
  unknownLines.append(
    "en → \(language): \(unknown) names the glossaries do not know as a whole; top-1 by the "
      + "rules \(Tally.percent(unknownTop1[0], unknown)), with the glossaries' words "
      + "\(Tally.percent(unknownTop1[1], unknown))")
  print(
    "| en → \(language) | \(chosen.count) | \(Tally.percent(top1[0], chosen.count)) "
      + "| \(Tally.percent(top5[0], chosen.count)) | \(Tally.percent(top1[1], chosen.count)) "
      + "| \(Tally.percent(top5[1], chosen.count)) |")
}
print("")
for line in unknownLines { print(line) }
