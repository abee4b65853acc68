// swift-tools-version:6.0
//
// Tarjuman: a translation-memory and glossary tool that makes English, Persian and
// Arabic names line up, built on the system ICU.
//
// Target graph (each arrow is "depends on"):
//
//   tarjuman (TarjumanCLI)
//     ├─> TarjumanPreprocess ──> CTarjumanZlib (zlib)
//     │     └─> TarjumanGlossary, TarjumanNames, TarjumanXML
//     ├─> TarjumanMemory ──> GRDB (SQLite), CTarjumanSQLite
//     │     └─> TarjumanGlossary ──> TarjumanXML
//     └─────────> TarjumanNames ──> TarjumanText ──> TarjumanICU ──> CTarjumanICU
//                   └─> CTarjumanCPU (also under TarjumanGlossary)
//
// - CTarjumanICU: a C shim whose public header uses only plain C types (see its header).
// - TarjumanICU: the one Swift module that owns ICU objects (normalizers,
//   transliterators, break iterators, spoof checkers, collators).
// - TarjumanText: normalization steps and profiles, language detection, and the
//   streaming line engine the filters share.
// - TarjumanNames: names across scripts: romanization (ICU rules of the project's own),
//   name keys and similarity, a lexicon of name words (Lexicon/name-words.txt).
// - TarjumanXML: a streaming XML reader that never loads a DTD or expands an external
//   entity, for TBX and TMX.
// - TarjumanGlossary: concepts, terms and house styles; the native format, TBX, TSV/CSV
//   and JSON; lookup, finding mentions, canonicalizing; place names from ICU's CLDR data.
// - TarjumanMemory: the translation memory in SQLite (GRDB): TMX import and export,
//   fuzzy search, concordance.
// - CTarjumanZlib: a C shim over zlib's gzip streams (plain C types only).
// - CTarjumanSQLite: a C shim for SQLite's process-wide settings (`sqlite3_config`).
// - CTarjumanCPU: processor hints Swift does not expose (a prefetch), as static inline C
//   functions, for the hash tables of the romanizer and the finder; and the loops that go
//   64 bytes at a time where the processor has AVX-512 (the normalizer's letter loop, the
//   UTF-8 check, the language detector's counts, the finder's copy of words without
//   harakat, spans of bytes by table), each with a loop for other processors.
// - TarjumanPreprocess: corpus preprocessing: records from text, TSV/CSV, JSON Lines,
//   TMX and parallel files; steps (normalize, split, tokenize, canonicalize, romanize,
//   filter); an ordered parallel engine with deduplication by 64-bit fingerprints.
// - TarjumanCLI: the `tarjuman` command; parses, calls the library, formats output.

import PackageDescription

/// Release builds on Linux link the Swift runtime and Foundation into `tarjuman`: the
/// dynamic loader no longer binds about 12,000 symbols at start (start-up 12 -> 8 ms, 3%
/// of a 32 MB `normalize`), and every retain and release is a direct call rather than one
/// through the procedure linkage table (2-6% less CPU time in `preprocess`). The binary
/// runs without the Swift libraries installed. The modules are compiled with the flag
/// too, so that they name the static libraries Foundation needs (CoreFoundation, its ICU)
/// for the linker. Debug builds, and so `swift run` and `swift test`, link dynamically.
let staticRuntime = (
  compiler: SwiftSetting.unsafeFlags(
    ["-static-stdlib"], .when(platforms: [.linux], configuration: .release)),
  linker: LinkerSetting.unsafeFlags(
    ["-static-stdlib"], .when(platforms: [.linux], configuration: .release))
)
let package = Package(
  name: "Tarjuman",
  products: [
    .executable(name: "tarjuman", targets: ["TarjumanCLI"]),
    .library(name: "TarjumanPreprocess", targets: ["TarjumanPreprocess"]),
    .library(name: "TarjumanMemory", targets: ["TarjumanMemory"]),
    .library(name: "TarjumanGlossary", targets: ["TarjumanGlossary"]),
    .library(name: "TarjumanNames", targets: ["TarjumanNames"]),
    .library(name: "TarjumanText", targets: ["TarjumanText"]),
    .library(name: "TarjumanICU", targets: ["TarjumanICU"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
  ],
  targets: [
    // Core library
    .target(
      name: "CTarjumanICU",
      linkerSettings: [
        .linkedLibrary("icui18n"),
        .linkedLibrary("icuuc"),
        .linkedLibrary("icudata"),
      ]
    ),
    .target(
      name: "TarjumanICU",
      dependencies: ["CTarjumanICU"]
    ),
    .target(name: "CTarjumanCPU"),
    .target(
      name: "TarjumanText",
      dependencies: ["CTarjumanCPU", "TarjumanICU"]
    ),
    .target(
      name: "TarjumanNames",
      dependencies: ["CTarjumanCPU", "TarjumanText", "TarjumanICU"],
      // The lexicon of name words is compiled in: no resource bundle to find at run time.
      resources: [.embedInCode("Lexicon/name-words.txt")]
    ),
    .target(name: "TarjumanXML"),
    .target(
      name: "TarjumanGlossary",
      dependencies: [
        "CTarjumanCPU", "TarjumanNames", "TarjumanText", "TarjumanICU", "TarjumanXML",
      ]
    ),
    .target(
      name: "CTarjumanZlib",
      linkerSettings: [.linkedLibrary("z")]
    ),
    .target(
      name: "CTarjumanSQLite",
      linkerSettings: [.linkedLibrary("sqlite3")]
    ),
    .target(
      name: "TarjumanPreprocess",
      dependencies: [
        "CTarjumanCPU", "CTarjumanZlib", "TarjumanGlossary", "TarjumanNames", "TarjumanText",
        "TarjumanICU", "TarjumanXML",
      ]
    ),
    .target(
      name: "TarjumanMemory",
      dependencies: [
        "CTarjumanSQLite", "TarjumanGlossary", "TarjumanNames", "TarjumanText", "TarjumanXML",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),

    // Command-line tool
    .executableTarget(
      name: "TarjumanCLI",
      dependencies: [
        "TarjumanMemory",
        "TarjumanPreprocess",
        "TarjumanGlossary",
        "TarjumanNames",
        "TarjumanText",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      linkerSettings: [staticRuntime.linker]
    ),

    // Tests
    // Helpers shared by the test targets (a temporary folder); not a product.
    .target(name: "TarjumanTestSupport", path: "Tests/TarjumanTestSupport"),
    .testTarget(
      name: "TarjumanICUTests",
      dependencies: ["TarjumanICU"]
    ),
    .testTarget(
      name: "TarjumanTextTests",
      dependencies: ["TarjumanText", "TarjumanTestSupport"]
    ),
    .testTarget(
      name: "TarjumanNamesTests",
      dependencies: ["TarjumanNames"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "TarjumanXMLTests",
      dependencies: ["TarjumanXML"]
    ),
    .testTarget(
      name: "TarjumanGlossaryTests",
      dependencies: ["TarjumanGlossary"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "TarjumanPreprocessTests",
      dependencies: ["TarjumanPreprocess", "TarjumanGlossary", "TarjumanTestSupport"]
    ),
    .testTarget(
      name: "TarjumanMemoryTests",
      dependencies: ["TarjumanMemory"]
    ),
    .testTarget(
      name: "TarjumanCLITests",
      dependencies: ["TarjumanCLI", "TarjumanTestSupport"]
    ),
  ],
  swiftLanguageModes: [.v6]
)

for target in package.targets where target.type == .regular || target.type == .executable {
  target.swiftSettings = (target.swiftSettings ?? []) + [staticRuntime.compiler]
}
