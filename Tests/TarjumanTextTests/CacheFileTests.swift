import Foundation
import Testing

@testable import TarjumanText

@Suite("Cache files")
struct CacheFileTests {
  private func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("tarjuman-cache-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test("Fields read back as written; a short, long or foreign file is refused")
  func roundTrip() throws {
    let magic = Array("TJTEST\n".utf8)
    var output = CacheFileWriter(magic: magic)
    output.integer(3)
    output.string("الجولانی")
    output.bytes([0, 255, 7])
    output.byte(9)
    [Int32(-1), 0, 1 << 30].withUnsafeBufferPointer { output.int32List($0) }
    output.values([UInt64.max, 42])

    func readAll(_ bytes: [UInt8]) -> Bool {
      var input = CacheFileReader(bytes)
      var seen: [Int32] = []
      guard input.expect(magic), input.integer() == 3, input.string() == "الجولانی",
        input.bytes() == [0, 255, 7], input.byte() == 9,
        input.int32List({
          seen.append($0)
          return true
        }) == 3, seen == [-1, 0, 1 << 30],
        input.values(2, of: UInt64.self) == [UInt64.max, 42]
      else { return false }
      return input.atEnd
    }
    #expect(readAll(output.data))
    #expect(!readAll(Array(output.data.dropLast())))
    #expect(!readAll(output.data + [0]))
    #expect(!readAll(Array("TJTESU\n".utf8) + output.data.dropFirst(magic.count)))

    var refusing = CacheFileReader(output.data)
    _ = refusing.expect(magic)
    _ = refusing.integer()
    _ = refusing.string()
    _ = refusing.bytes()
    _ = refusing.byte()
    #expect(refusing.int32List({ $0 < 0 }) == nil, "a refused value fails the list")
  }

  @Test("Files are written whole, and each kind keeps its newest files only")
  func oldFilesOfAKindAreRemoved() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let other = folder.appendingPathComponent("lexicon-1.txt")
    CacheFile.write(Array("other kind".utf8), to: other)
    var written: [URL] = []
    for index in 0..<(CacheFile.keptPerKind + 4) {
      let file = folder.appendingPathComponent("find-patterns-\(index).bin")
      CacheFile.write([UInt8(index)], to: file)
      written.append(file)
      // Modification times must differ for "newest" to mean something.
      let date = Date(timeIntervalSince1970: 1_000_000 + Double(index))
      try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: file.path)
    }
    let names = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
    let kept = written.suffix(CacheFile.keptPerKind).map(\.lastPathComponent)
    #expect(names == Set(kept + ["lexicon-1.txt"]))
    let newest = try #require(written.last)
    #expect(CacheFile.contents(of: newest) == [UInt8(CacheFile.keptPerKind + 3)])
    #expect(CacheFile.contents(of: folder.appendingPathComponent("missing.bin")) == nil)
  }

  @Test("The cache folder follows XDG_CACHE_HOME, then HOME")
  func folder() {
    #expect(
      CacheFile.defaultFolder(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"])?.path
        == "/x/tarjuman")
    #expect(CacheFile.defaultFolder(environment: ["HOME": "/h"])?.path == "/h/.cache/tarjuman")
    #expect(CacheFile.defaultFolder(environment: ["XDG_CACHE_HOME": ""]) == nil)
  }

  @Test(
    "The saved table of code point facts is the one ICU gives; a cut or foreign file is refused")
  func scalarTable() throws {
    let computed = UnsafeMutablePointer<UInt32>.allocate(capacity: ScalarInfo.planeSize)
    defer { computed.deallocate() }
    ScalarInfo.computePlane(into: computed)
    // The process's table may have come from a file an earlier run saved: it must hold
    // exactly what ICU says now.
    for value in 0..<ScalarInfo.planeSize
    where computed[value] != ScalarInfo.basicMultilingualPlane[value] {
      Issue.record("U+\(String(value, radix: 16, uppercase: true)): the table in use differs")
      break
    }
    let bytes = ScalarInfo.serialized(computed)
    let read = UnsafeMutablePointer<UInt32>.allocate(capacity: ScalarInfo.planeSize)
    defer { read.deallocate() }
    read.initialize(repeating: 0, count: ScalarInfo.planeSize)
    #expect(ScalarInfo.read(bytes, into: read))
    #expect((0..<ScalarInfo.planeSize).allSatisfy { read[$0] == computed[$0] })
    #expect(computed[0x06CC] != 0 && computed[0x064E] & ScalarInfo.combiningClassMask == 30)
    #expect(!ScalarInfo.read(Array(bytes.dropLast()), into: read))
    #expect(!ScalarInfo.read(bytes + [0], into: read))
    #expect(!ScalarInfo.read(Array(bytes.dropFirst()), into: read))

    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = try #require(ScalarInfo.cacheFile(in: folder))
    #expect(file.lastPathComponent.hasPrefix("scalars-"))
    CacheFile.write(bytes, to: file)
    let saved = try #require(CacheFile.contents(of: file))
    #expect(ScalarInfo.read(saved, into: read))
  }

  @Test("A normalization map read from its cache file is the map computed from its rule")
  func scalarMapCache() throws {
    for (name, rule, candidates) in [
      ("clean", ScalarRules.clean, ScalarRules.cleanCandidates),
      ("key", ScalarRules.key, ScalarRules.keyCandidates),
    ] as [(String, @Sendable (UInt32) -> [UInt32]?, [UInt32])] {
      let computed = ScalarMap.compute(rule: rule, candidates: candidates)
      let bytes = ScalarMap.serialized(computed.entries, computed.values)
      let read = try #require(ScalarMap.read(bytes), "\(name)")
      #expect(read.entries == computed.entries && read.values == computed.values, "\(name)")
      #expect(ScalarMap.read(Array(bytes.dropLast())) == nil)
      #expect(ScalarMap.read(bytes + [0]) == nil)
      // An entry that points past the pool is refused, not trusted.
      var broken = computed.entries
      let changed = try #require(broken.firstIndex { $0 != 0 })
      broken[changed] = UInt32(computed.values.count) << 8 | 1
      #expect(ScalarMap.read(ScalarMap.serialized(broken, computed.values)) == nil)
      // The map a normalizer uses (from the cache folder, or computed) is the same.
      let inUse = ScalarMap(cachedAs: name, rule: rule, candidates: candidates)
      for value in 0..<0x10000 where computed.entries[value] != 0 {
        let entry = computed.entries[value]
        let expected = Array(computed.values[Int(entry >> 8)..<Int(entry >> 8 + entry & 0xFF)])
        #expect(inUse.replacement(of: UInt32(value)).map(Array.init) == expected, "\(name)")
      }
    }
  }
}
