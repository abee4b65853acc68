import Foundation
import TarjumanTestSupport
import TarjumanText
import Testing

@testable import TarjumanPreprocess

@Suite("TMX input")
struct TMXTests {
  static func document(_ units: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <tmx version="1.4">
    <header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" \
    adminlang="en" srclang="en" datatype="plaintext"/>
    <body>
    \(units)
    </body>
    </tmx>

    """
  }

  /// Line 5 is the first unit's.
  static let broken = document(
    """
    <tu><tuv xml:lang="en"><seg>Peace talks</seg></tuv><tuv xml:lang="fa"><seg>مذاکرات صلح</seg></tuv></tu>
    <tu><tuv xml:lang="en"><seg>Only English</seg></tuv></tu>
    <tu><tuv xml:lang="en"><seg>a < b</seg></tuv><tuv xml:lang="fa"><seg>الف</seg></tuv></tu>
    <tu><tuv xml:lang="en"><seg>Unknown <x/>element</seg></tuv><tuv xml:lang="fa"><seg>سوم</seg></tuv></tu>
    <tu><tuv><seg>no language</seg></tuv><tuv xml:lang="en"><seg>Fourth</seg></tuv><tuv xml:lang="fa"><seg>چهارم</seg></tuv></tu>
    <tu><tuv xml:lang="en"><seg>Fifth</seg></tuv><tuv xml:lang="fa-IR"><seg>پنجم</seg></tuv></tu>
    """)

  func run(
    _ text: String, onInvalid: InvalidInputPolicy, columns: [String]? = nil
  ) throws -> (String, PreprocessReport) {
    let folder = TemporaryFolder()
    let file = folder.file("in.tmx", text)
    return try preprocess(
      InputSpec(format: .tmx, inputs: [.file(file)], columns: columns),
      pipeline: PipelineSpec(), to: .tsv, onInvalid: onInvalid, folder: folder)
  }

  @Test(
    "Bad units follow --on-invalid",
    arguments: [
      (
        InvalidInputPolicy.skip,
        "en\tfa\nPeace talks\tمذاکرات صلح\nFifth\tپنجم\n",
        ["broken-tmx": 3, "broken-xml": 1], 0, 4
      ),
      (
        .replace,
        "en\tfa\nPeace talks\tمذاکرات صلح\nOnly English\t\nUnknown element\tسوم\n"
          + "Fourth\tچهارم\nFifth\tپنجم\n",
        ["broken-tmx": 3, "broken-xml": 1], 3, 1
      ),
    ])
  func policies(
    policy: InvalidInputPolicy, expected: String, kinds: [String: Int], replaced: Int,
    skipped: Int
  ) throws {
    let (output, report) = try run(Self.broken, onInvalid: policy)
    #expect(output == expected)
    #expect(report.invalid == kinds)
    #expect(report.invalidReplaced == replaced)
    #expect(report.invalidSkipped == skipped)
    #expect(report.recordsIn == 6)
  }

  @Test(
    "Under fail the first bad unit stops the run at its line and column",
    arguments: [
      (broken, 6, 1, "<tu> without a fa segment"),
      (
        document("<tu><tuv xml:lang=\"en\"><seg>a < b</seg></tuv></tu>"), 5, 32,
        "expected an element name after '<', found ' '"
      ),
      (
        document(
          "<tu><tuv xml:lang=\"en\"><seg>x<b>y</b></seg></tuv><tuv xml:lang=\"fa\"><seg>ی</seg></tuv></tu>"
        ), 5, 30, "<b> is not allowed in a <seg>"
      ),
      (
        document("<tu><tuv xml:lang=\"en\"></tuv><tuv xml:lang=\"fa\"><seg>ی</seg></tuv></tu>"),
        5, 24, "<tuv> without <seg>"
      ),
      ("<html><tu/></html>", 1, 1, "not a TMX document: the root is <html>"),
    ])
  func failStops(text: String, line: Int, column: Int, message: String) throws {
    let folder = TemporaryFolder()
    let file = folder.file("in.tmx", text)
    let suffix =
      message.hasPrefix("not a TMX") ? "" : " (use --on-invalid skip or replace to go on)"
    #expect(
      throws: PreprocessError.invalid(
        path: file, line: line, column: column, message: message + suffix)
    ) {
      try preprocess(
        InputSpec(format: .tmx, inputs: [.file(file)], columns: ["en", "fa"]),
        pipeline: PipelineSpec(), to: .tsv, folder: folder)
    }
  }

  @Test func inlineCodesAreNotText() throws {
    let text = Self.document(
      """
      <tu><tuv xml:lang="en"><seg>Hello <bpt i="1">&lt;b&gt;</bpt>world<ept i="1">&lt;/b&gt;</ept><ph>&lt;br/&gt;</ph></seg></tuv><tuv xml:lang="fa"><seg>سلام <hi>دنیا</hi></seg></tuv></tu>
      """)
    let (output, report) = try run(text, onInvalid: .fail)
    #expect(output == "en\tfa\nHello world\tسلام دنیا\n")
    #expect(report.invalid.isEmpty)
  }

  @Test func readingGoesOnAfterSeveralXMLErrors() throws {
    var units: [String] = []
    for index in 1...40 {
      let english = index % 7 == 0 ? "bad & \(index)" : "unit \(index)"
      units.append(
        "<tu>\n<tuv xml:lang=\"en\"><seg>\(english)</seg></tuv>\n"
          + "<tuv xml:lang=\"fa\"><seg>واحد \(index)</seg></tuv>\n</tu>")
    }
    let (output, report) = try run(Self.document(units.joined(separator: "\n")), onInvalid: .skip)
    #expect(report.invalid == ["broken-xml": 5])
    #expect(report.recordsOut == 35)
    #expect(output.hasSuffix("unit 40\tواحد 40\n"))
    #expect(!output.contains("bad"))
  }

  @Test func aDocumentThatIsNotUTF8CannotBeResumed() throws {
    let text = Self.document("<tu><tuv xml:lang=\"en\"><seg>a < b</seg></tuv></tu>")
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in text.replacingOccurrences(of: "UTF-8", with: "UTF-16").utf16 {
      bytes.append(UInt8(unit & 0xFF))
      bytes.append(UInt8(unit >> 8))
    }
    let folder = TemporaryFolder()
    let file = folder.file("in.tmx", bytes)
    #expect(throws: PreprocessError.self) {
      try preprocess(
        InputSpec(format: .tmx, inputs: [.file(file)], columns: ["en"]),
        pipeline: PipelineSpec(), onInvalid: .skip, folder: folder)
    }
  }
}
