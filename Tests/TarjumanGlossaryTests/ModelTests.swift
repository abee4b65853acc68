import TarjumanGlossary
import Testing

@Suite("Language tags (BCP 47)")
struct LanguageTagTests {
  static let wellFormedTags: [(String, String)] = [
    ("en", "en"), ("FA", "fa"), ("ar-sy", "ar-SY"), ("fa-arab-af", "fa-Arab-AF"),
    ("en-US-x-news", "en-US-x-news"), ("zh-Hant-TW", "zh-Hant-TW"), ("es-419", "es-419"),
    ("sr-Latn-RS", "sr-Latn-RS"), ("de-CH-1996", "de-CH-1996"), ("i-klingon", "i-klingon"),
    ("x-private", "x-private"), ("en-a-bbb-x-a-ccc", "en-a-bbb-x-a-ccc"), ("ckb", "ckb"),
  ]
  static let malformedTags = [
    "", "e", "englishlanguage", "fa_IR", "en--US", "en-", "-en", "123", "en-US-US-US-US",
    "de-1996-1996", "en-a-bbb-a-ccc", "en-x", "ar-SY-", "فا", "en US",
  ]

  @Test("well-formed tags are kept in their conventional case", arguments: wellFormedTags)
  func wellFormed(_ input: String, _ canonical: String) {
    #expect(LanguageTag(input)?.rawValue == canonical)
  }

  @Test("malformed tags are refused", arguments: malformedTags)
  func malformed(_ input: String) {
    #expect(LanguageTag(input) == nil, "\(input) was accepted")
  }

  @Test("tags compare case-insensitively and ranges match subtags")
  func matching() throws {
    #expect(LanguageTag("FA-af") == LanguageTag("fa-AF"))
    let afghan = try #require(LanguageTag("fa-AF"))
    #expect(afghan.matches(.persian))
    #expect(!LanguageTag.persian.matches(afghan))
    #expect(afghan.matches(.any))
    #expect(!(try #require(LanguageTag("far"))).matches(.persian))
  }
}

@Suite("Term statuses from TBX and other tools")
struct TermStatusTests {
  static let vendorValues: [(String, TermStatus?)] = [
    ("preferredTerm-admn-sts", .preferred), ("admittedTerm-admn-sts", .admitted),
    ("deprecatedTerm-admn-sts", .deprecated), ("supersededTerm-admn-sts", .deprecated),
    ("preferred", .preferred), ("admitted", .admitted), ("notRecommended", .deprecated),
    ("obsolete", .deprecated), ("forbidden", .forbidden), ("Not recommended", .deprecated),
    ("standardizedTerm", .preferred), ("legalTerm", .preferred), ("rejected", .forbidden),
    ("proposed", .admitted), ("whatever", nil),
  ]

  @Test("vendor values map onto the four statuses", arguments: vendorValues)
  func vendor(_ value: String, _ expected: TermStatus?) {
    #expect(TermStatus(vendorValue: value) == expected)
  }
}

@Suite("House styles choose the rendering")
struct HouseStyleTests {
  @Test("explicit choice, then preferred types, then the glossary's preferred term")
  func rendering() throws {
    let glossary = try sampleGlossary()
    let sharaa = try #require(glossary.concept(id: "ahmed-al-sharaa"))
    let assad = try #require(glossary.concept(id: "bashar-al-assad"))
    let wire = glossary.style(named: "wire")
    let formal = glossary.style(named: "formal")
    #expect(Glossary.rendering(of: sharaa, in: .english)?.text == "Ahmed al-Sharaa")
    #expect(Glossary.rendering(of: sharaa, in: .english, style: wire)?.text == "Jolani")
    #expect(Glossary.rendering(of: sharaa, in: .persian, style: wire)?.text == "جولانی")
    #expect(Glossary.rendering(of: assad, in: .english, style: wire)?.text == "Assad")
    #expect(Glossary.rendering(of: assad, in: .arabic, style: wire)?.text == "بشار الأسد")
    #expect(Glossary.rendering(of: sharaa, in: .persian, style: formal)?.text == "احمد الشرع")
    #expect(Glossary.rendering(of: sharaa, in: LanguageTag("de")!) == nil)
  }
}
