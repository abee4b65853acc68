// swift-tools-version:6.0
//
// Benchmarks for Tarjuman, kept out of the main package so that it never depends on
// benchmark code. Run from the repository root:
//
//   swift run -c release --package-path Benchmarks NameAccuracy
//   swift run -c release --package-path Benchmarks MemoryBenchmark
//   python3 Benchmarks/normalize.py

import PackageDescription

/// The main package's release modules are compiled to link the Swift runtime statically
/// (see its manifest), so these executables link it the same way.
let staticRuntime = (
  compiler: SwiftSetting.unsafeFlags(
    ["-static-stdlib"], .when(platforms: [.linux], configuration: .release)),
  linker: LinkerSetting.unsafeFlags(
    ["-static-stdlib"], .when(platforms: [.linux], configuration: .release))
)

let package = Package(
  name: "TarjumanBenchmarks",
  dependencies: [
    .package(name: "Tarjuman", path: "..")
  ],
  targets: [
    .executableTarget(
      name: "NameAccuracy",
      dependencies: [
        .product(name: "TarjumanNames", package: "Tarjuman"),
        .product(name: "TarjumanGlossary", package: "Tarjuman"),
        .product(name: "TarjumanICU", package: "Tarjuman"),
        .product(name: "TarjumanText", package: "Tarjuman"),
      ]
    ),
    .executableTarget(
      name: "MemoryBenchmark",
      dependencies: [
        .product(name: "TarjumanMemory", package: "Tarjuman"),
        .product(name: "TarjumanGlossary", package: "Tarjuman"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)

for target in package.targets {
  target.swiftSettings = (target.swiftSettings ?? []) + [staticRuntime.compiler]
  target.linkerSettings = (target.linkerSettings ?? []) + [staticRuntime.linker]
}
