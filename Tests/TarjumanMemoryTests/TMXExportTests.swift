import Foundation
import TarjumanGlossary
import TarjumanXML
import Testing

@testable import TarjumanMemory

@Suite("TMX export")
struct TMXExportTests {
  func export(_ store: MemoryStore, _ filter: UnitFilter = UnitFilter()) throws -> [UInt8] {
    var bytes: [UInt8] = []
    try store.exportTMX(filter, toolVersion: "test") { bytes += $0 }
    return bytes
  }

  /// The content models and required attributes of the TMX 1.4b DTD for the elements the
  /// writer produces, checked on the parsed document.
  static func checkAgainstDTD(_ bytes: [UInt8]) throws -> [String] {
    var problems: [String] = []
    var parser = XMLPullParser(bytes: bytes, name: "export.tmx")
    var stack: [String] = []
    var children: [[String]] = []
    let required: [String: [String]] = [
      "tmx": ["version"],
      "header": TMXReader.requiredHeaderAttributes,
      "tuv": ["xml:lang"], "prop": ["type"],
    ]
    let allowedChildren: [String: Set<String>] = [
      "tmx": ["header", "body"], "header": ["note", "prop", "ude"], "body": ["tu"],
      "tu": ["note", "prop", "tuv"], "tuv": ["note", "prop", "seg"],
      "seg": ["bpt", "ept", "it", "ph", "hi", "ut"], "note": [], "prop": [],
      "bpt": ["sub"], "ept": ["sub"], "it": ["sub"], "ph": ["sub"], "ut": ["sub"],
      "hi": ["bpt", "ept", "it", "ph", "hi", "ut"],
      "sub": ["bpt", "ept", "it", "ph", "hi", "ut"],
    ]
    while let event = try parser.next() {
      switch event {
      case .startElement(let name, let attributes, _):
        if let parent = stack.last {
          if allowedChildren[parent]?.contains(name) != true {
            problems.append("<\(name)> in <\(parent)>")
          }
          children[children.count - 1].append(name)
        } else if name != "tmx" {
          problems.append("root <\(name)>")
        }
        for attribute in required[name] ?? [] where attributes[attribute] == nil {
          problems.append("<\(name)> without \(attribute)")
        }
        stack.append(name)
        children.append([])
      case .endElement(let name):
        let content = children.removeLast()
        stack.removeLast()
        switch name {
        case "tmx" where content != ["header", "body"]: problems.append("tmx content \(content)")
        case "tu":
          // ((note|prop)*, tuv+)
          let firstVariant = content.firstIndex(of: "tuv") ?? content.count
          if firstVariant == content.count { problems.append("<tu> without <tuv>") }
          if content[firstVariant...].contains(where: { $0 != "tuv" }) {
            problems.append("<tu> with note or prop after a tuv")
          }
        case "tuv":
          // ((note|prop)*, seg)
          if content.last != "seg" || content.filter({ $0 == "seg" }).count != 1 {
            problems.append("<tuv> content \(content)")
          }
        default: break
        }
      case .text: break
      }
    }
    return problems
  }

  @Test("the export follows the TMX 1.4b DTD: header attributes, tu/tuv/seg nesting")
  func valid() throws {
    let temporary = try TemporaryStore()
    var detailed = unit("Open <the> \"file\" & go", "پرونده را باز کن")
    detailed.context = "menu"
    detailed.notes = [UnitNote(text: "checked"), UnitNote(text: "یادداشت", language: "fa")]
    detailed.properties = [UnitProperty(type: "x-domain", value: "IT")]
    detailed.created = Date(timeIntervalSince1970: 1_700_000_000)
    detailed.source.markup = "Open <ph x=\"1\">&lt;the&gt;</ph> \"file\" &amp; go"
    try temporary.store.add([detailed, unit("Close", "بستن", to: "ar")])
    let bytes = try export(temporary.store)
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
    #expect(try Self.checkAgainstDTD(bytes) == [])
    #expect(text.contains("srclang=\"en\" datatype=\"plaintext\""))
    #expect(text.contains("<seg>Open <ph x=\"1\">&lt;the&gt;</ph> \"file\" &amp; go</seg>"))
    #expect(text.contains("creationdate=\"20231114T221320Z\""))
  }

  @Test("export filters by language pair and origin")
  func filters() throws {
    let temporary = try TemporaryStore()
    var fromFile = unit("Close", "بستن")
    fromFile.origin = UnitOrigin(file: "a.tsv")
    try temporary.store.add([fromFile, unit("Close", "إغلاق", to: "ar")])
    let arabic = String(
      decoding: try export(temporary.store, UnitFilter(targetLanguage: .arabic)), as: UTF8.self)
    #expect(arabic.contains("إغلاق") && !arabic.contains("بستن"))
    let origin = String(
      decoding: try export(temporary.store, UnitFilter(originFile: "a.tsv")), as: UTF8.self)
    #expect(origin.contains("بستن") && !origin.contains("إغلاق"))
  }

  @Test("import → export → import gives the same units", arguments: [false, true])
  func roundTrip(useKit: Bool) throws {
    let first = try TemporaryStore()
    if useKit, let folder = interopFolder {
      for file in ["ImportTest2C.tmx", "ImportTest1L.tmx", "ImportTest2A.tmx", "ImportTest1A.tmx"] {
        let url = folder.appendingPathComponent("tmx-lisa-kit/\(file)")
        _ = try UnitImporter().run(into: first.store, files: [url], settings: "tmx") {
          () throws(MemoryError) in try TMXReader(url: url, path: file)
        }
      }
    } else {
      var detailed = unit("Jolani said \"no\" & left", "جولانی گفت «نه» و رفت")
      detailed.context = "news"
      detailed.created = Date(timeIntervalSince1970: 1_600_000_000)
      detailed.changed = Date(timeIntervalSince1970: 1_650_000_000)
      detailed.changedBy = "editor"
      detailed.lastUsed = Date(timeIntervalSince1970: 1_660_000_000)
      detailed.usageCount = 4
      detailed.origin = UnitOrigin(file: "news.tsv", tool: "tarjuman")
      detailed.notes = [UnitNote(text: "a note"), UnitNote(text: "یادداشت", language: "fa")]
      detailed.properties = [UnitProperty(type: "x-domain", value: "news", language: "en")]
      var tagged = unit("Press Enter", "Enter را بزنید", to: "fa")
      tagged.source.markup = "Press <bpt i=\"1\">&lt;b&gt;</bpt>Enter<ept i=\"1\">&lt;/b&gt;</ept>"
      tagged.target.markup =
        "<bpt i=\"1\">&lt;b&gt;</bpt>Enter<ept i=\"1\">&lt;/b&gt;</ept> را بزنید"
      try first.store.add([
        detailed, tagged, unit("Line\none", "سطر\nیک", to: "fa"), unit("x", "y", to: "ar"),
      ])
    }
    let bytes = try export(first.store)
    let second = try TemporaryStore()
    let url = try second.file("export.tmx", bytes)
    _ = try UnitImporter().run(into: second.store, files: [url], settings: "tmx") {
      () throws(MemoryError) in try TMXReader(url: url, path: "export.tmx")
    }
    func normalized(_ units: [TranslationUnit]) -> [TranslationUnit] {
      units.map {
        var copy = $0; copy.id = nil; return copy
      }
    }
    let before = normalized(try first.store.units())
    let after = normalized(try second.store.units())
    #expect(before.count == after.count)
    for (a, b) in zip(before, after) { #expect(a == b) }
    #expect(try Self.checkAgainstDTD(bytes) == [])
  }
}
