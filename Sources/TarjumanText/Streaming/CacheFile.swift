import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Files a command keeps only to save time next run (the lookup index, the lexicon's
/// tables): written whole under a temporary name, then renamed over the old one, so that
/// a reader never sees half a file, and never an error: a read-only home only means the
/// next run computes them again.
package enum CacheFile {
  /// Writes `bytes` to `file`, creating its folder; failures are ignored.
  package static func write(_ bytes: some Collection<UInt8>, to file: URL) {
    let folder = file.deletingLastPathComponent()
    let temporary = folder.appendingPathComponent(".\(file.lastPathComponent).\(getpid()).tmp")
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try Data(bytes).write(to: temporary)
      // rename(2) replaces the old file in one step: no moment without a file.
      guard rename(temporary.path, file.path) == 0 else {
        try? FileManager.default.removeItem(at: temporary)
        return
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
    }
  }
}
