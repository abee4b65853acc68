import TarjumanText
import Testing

@testable import TarjumanNames

@Suite("Latin names spelled in Arabic script")
struct ArabicScriptSpellerTests {
  let speller = Result { try ArabicScriptSpeller() }

  /// A Latin name, the language, and a spelling that must be among the first three.
  static let cases: [(String, TextLanguage, String)] = [
    ("Jolani", .fa, "جولانی"), ("al-Jolani", .ar, "الجولاني"), ("Tehran", .fa, "تهران"),
    ("Shiraz", .fa, "شیراز"), ("Kobani", .fa, "کوبانی"), ("al-Assad", .ar, "الاسد"),
    ("Baghdad", .ar, "بغداد"), ("Khuzestan", .fa, "خوزستان"),
  ]

  @Test("the usual spelling is among the first three", arguments: cases)
  func usualSpelling(_ testCase: (String, TextLanguage, String)) throws {
    let found = try speller.get().spellings(of: testCase.0, in: testCase.1, count: 3)
    #expect(found.contains(testCase.2), "\(testCase.0): \(found)")
  }

  @Test("Persian and Arabic letters follow the language")
  func letters() throws {
    let persian = try speller.get().spellings(of: "Kermanshah", in: .fa, count: 1)
    let arabic = try speller.get().spellings(of: "Kermanshah", in: .ar, count: 1)
    #expect(persian.first?.contains("ک") == true)
    #expect(arabic.first?.contains("ك") == true)
    #expect(try speller.get().spellings(of: "Jolani", in: .en).isEmpty)
  }
}
