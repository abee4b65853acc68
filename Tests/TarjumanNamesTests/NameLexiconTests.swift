import Foundation
import Testing

@testable import TarjumanNames

@Suite("lexicon of name words")
struct NameLexiconTests {
  let lexicon = Result { try NameLexicon.shipped() }
  let reader = Result { try NameReader() }

  /// The meanings of a word as it stands in a name (read first, as the matcher does).
  func meanings(_ word: String) throws -> Set<UInt16> {
    let tokens = try reader.get().tokens(of: word)
    let token = try #require(tokens.first, "\(word) reads to no word")
    return Set(try lexicon.get().entry(for: token)?.meanings ?? [])
  }

  /// English, Persian and Arabic forms of one word, as names write them: plurals,
  /// adjectives, the ezafe, the article and prefixed prepositions included.
  static let sameMeaning: [(String, String, String)] = [
    ("Democratic", "دموکراتیک", "الديمقراطية"), ("Forces", "نیروهای", "قوات"),
    ("Party", "حزب", "الحزب"), ("Islamic", "اسلامی", "الإسلامية"),
    ("Republic", "جمهوری", "الجمهورية"), ("Revolutionary", "انقلاب", "الثوري"),
    ("Guards", "پاسداران", "الحرس"), ("Liberation", "آزادی‌بخش", "لتحرير"),
    ("Council", "شورای", "مجلس"), ("Brigades", "گردان‌های", "كتائب"),
    ("Movement", "جنبش", "حركة"), ("National", "ملی", "الوطني"), ("Popular", "مردمی", "الشعبية"),
    ("Resistance", "مقاومت", "المقاومة"), ("Sea", "دریای", "البحر"), ("Gulf", "خلیج", "الخليج"),
    ("River", "رود", "نهر"), ("West", "باختری", "الغربية"), ("Kurds", "کردها", "الأكراد"),
    ("Development", "توسعه", "والتنمية"), ("Security", "امنیت", "للأمن"),
    ("Syrian", "سوریه", "سوريا"), ("Emirates", "امارات", "الإمارات"),
    ("United", "متحده", "المتحدة"),
    ("People's", "خلق", "الشعب"), ("Workers'", "کارگران", "العمال"), ("II", "دوم", "الثاني"),
  ]

  @Test("the forms of one word share a meaning", arguments: sameMeaning)
  func shared(_ forms: (String, String, String)) throws {
    let english = try meanings(forms.0)
    let persian = try meanings(forms.1)
    let arabic = try meanings(forms.2)
    #expect(!english.intersection(persian).isEmpty, "\(forms.0) / \(forms.1)")
    #expect(!english.intersection(arabic).isEmpty, "\(forms.0) / \(forms.2)")
  }

  @Test("names, and letters that only look like a prefix, are not general words")
  func notWords() throws {
    for word in ["Jolani", "جولانی", "بحاجة", "Damascus", "Hezbollah"] {
      #expect(try meanings(word).isEmpty, "\(word)")
    }
  }

  @Test("titles and function words weigh little; general words are marked")
  func roles() throws {
    let lexicon = try lexicon.get()
    #expect(lexicon.entry(forWord: "sheikh")?.role == .title)
    #expect(lexicon.entry(forWord: "ملک")?.role == .title)
    #expect(lexicon.entry(forWord: "of")?.role == .functionWord)
    // General is also an adjective (General People's Congress), so not only a title.
    #expect(lexicon.entry(forWord: "general")?.role == .word)
    #expect(lexicon.entry(forWord: "forces")?.isGeneral == true)
    #expect(lexicon.entry(forWord: "kuwait")?.isGeneral == false)
    #expect(lexicon.count > 300)
  }

  @Test("a malformed list names its line")
  func formatErrors() throws {
    #expect(throws: NameLexicon.FormatError.self) { try NameLexicon(text: "sea | دریا\n") }
    #expect(throws: NameLexicon.FormatError.self) {
      try NameLexicon(text: "[words]\nred sea | | \n")
    }
    #expect(throws: NameLexicon.FormatError.self) { try NameLexicon(text: "[places]\n") }
    let small = try NameLexicon(text: "[words]\nsea | دریا | بحر\n")
    #expect(small.count == 1 && small.entry(forWord: "دریای") != nil)
  }
}

@Suite("names translated word by word")
struct TranslatedNameTests {
  /// Names of the region written word by word in each language (none of them in the
  /// development set of the benchmark).
  static let names: [(String, String, String)] = [
    ("Iraqi Communist Party", "حزب کمونیست عراق", "الحزب الشيوعي العراقي"),
    ("Yemeni Socialist Party", "حزب سوسیالیست یمن", "الحزب الاشتراكي اليمني"),
    ("Black Sea", "دریای سیاه", "البحر الأسود"),
    ("Arabian Sea", "دریای عرب", "بحر العرب"),
    ("Iraqi National Congress", "کنگره ملی عراق", "المؤتمر الوطني العراقي"),
    ("Lebanese Red Cross", "صلیب سرخ لبنان", "الصليب الأحمر اللبناني"),
    ("Kurdistan Islamic Union", "اتحاد اسلامی کردستان", "الاتحاد الإسلامي الكردستاني"),
    ("Supreme Islamic Council", "شورای عالی اسلامی", "المجلس الإسلامي الأعلى"),
  ]

  static let distractors = [
    "حزب دموکرات کردستان", "دریای خزر", "الحزب الديمقراطي الكردستاني", "البحر الميت",
    "مجلس الأمن", "شورای امنیت", "کنگره آمریکا", "الصليب", "حزب الله", "عراق", "یمن",
  ]

  @Test("English finds the Persian and the Arabic name first", arguments: names)
  func finds(_ name: (String, String, String)) throws {
    let candidates = Self.names.flatMap { [$0.1, $0.2] } + Self.distractors
    let matcher = try NameMatcher(candidates: candidates)
    let found = matcher.matches(for: name.0, top: 3, minimumScore: 0.5)
    #expect(
      Set(found.prefix(2).map(\.candidate)) == Set([name.1, name.2]),
      "\(name.0): \(found.map { "\($0.candidate) \($0.score)" })")
    #expect(found.prefix(2).allSatisfy { $0.score >= 0.85 })
  }

  @Test("Persian finds the Arabic name first", arguments: names)
  func persianToArabic(_ name: (String, String, String)) throws {
    let matcher = try NameMatcher(candidates: Self.names.map(\.2) + Self.distractors)
    #expect(matcher.matches(for: name.1).first?.candidate == name.2)
  }

  @Test("without the lexicon, translated words do not meet")
  func rulesOnly() throws {
    let matcher = try NameMatcher(candidates: ["دریای سیاه", "البحر الأسود"], lexicon: nil)
    #expect(matcher.matches(for: "Black Sea", minimumScore: 0.6).isEmpty)
    let withLexicon = try NameMatcher(candidates: ["دریای سیاه", "البحر الأسود"])
    let found = withLexicon.matches(for: "Black Sea", minimumScore: 0.6)
    #expect(found.count == 2)
    #expect(found.first?.explanation.contains("(lexicon: black)") == true)
  }

  @Test("titles may be left out; what is left of the name decides")
  func titles() throws {
    let matcher = try NameMatcher(candidates: [
      "تميم بن حمد آل ثاني", "شرم الشيخ", "ملک سلمان", "سلمان رشدی",
    ])
    #expect(matcher.matches(for: "Sheikh Tamim").first?.candidate == "تميم بن حمد آل ثاني")
    #expect(matcher.matches(for: "King Salman").first?.candidate == "ملک سلمان")
  }
}

@Suite("endings and short names")
struct NameEndingTests {
  func top(_ query: String, _ candidates: [String], lexicon: Bool = false) throws -> String? {
    let matcher = try NameMatcher(
      candidates: candidates, lexicon: lexicon ? NameLexicon.shipped() : nil)
    return matcher.matches(for: query, minimumScore: 0.5).first?.candidate
  }

  /// Plurals and abstract nouns against the bare word's owner: by the rules alone.
  static let endings: [(String, String, String)] = [
    ("Houthis", "حوثی‌ها", "عبدالملک الحوثی"), ("Houthis", "الحوثيون", "عبد الملك الحوثي"),
    ("Wahhabism", "وهابیت", "محمد بن عبدالوهاب"), ("Salafism", "السلفية", "صفا"),
    ("Kurds", "کردها", "قرداحه"), ("Sadrists", "صدری‌ها", "صدر"),
  ]

  @Test("plural and abstract endings", arguments: endings)
  func ending(_ case: (String, String, String)) throws {
    #expect(try top(`case`.0, [`case`.2, `case`.1]) == `case`.1)
  }

  @Test("a short name is not a distractor with one vowel less")
  func shortNames() throws {
    // The Arabic script writes a name's final vowel.
    #expect(try top("Raqqa", ["عراق", "رقه"]) == "رقه")
    #expect(try top("Hama", ["إلهام", "حماة"]) == "حماة")
    #expect(try top("Shah", ["شاه", "شا"]) == "شاه")
    // A Latin g may write غ: the index must still meet the candidate.
    #expect(try top("Gaza", ["جده", "غزه"]) == "غزه")
    // An alef that carries و or ی at the start of a word is that vowel.
    #expect(try top("Ukraine", ["کرانه", "اوکراین"]) == "اوکراین")
  }

  @Test("a candidate that is the query with words left out ranks above one that is not")
  func subsets() throws {
    #expect(
      try top("Ahmed Hussein al-Sharaa", ["أحمد حسن البكر", "أحمد الشرع"]) == "أحمد الشرع")
    #expect(
      try top("Omar Hassan al-Bashir", ["Ahmed Hassan al-Bakr", "Omar al-Bashir"])
        == "Omar al-Bashir")
    // General words may be left out of a one-word name, with the lexicon.
    #expect(
      try top("State of Kuwait", ["State of Law Coalition", "Kuwait"], lexicon: true) == "Kuwait")
    #expect(try top("Helmand Province", ["ولايت خراسان", "هلمند"], lexicon: true) == "هلمند")
    // But not a general word itself, nor a name only met through its translation.
    #expect(try top("Relief and Works Agency", ["work"], lexicon: true) == nil)
    #expect(
      try top("Syrian Democratic Forces", ["سوريا", "قوات سوريا الديمقراطية"], lexicon: true)
        == "قوات سوريا الديمقراطية")
  }
}

@Suite("name lexicon: saved tables")
struct LexiconTablesTests {
  @Test("the shipped lexicon's tables read back as they were written")
  func roundTrip() throws {
    let lexicon = try NameLexicon.shipped()
    let tables = lexicon.tables
    let read = try #require(LexiconTables(text: tables.text))
    #expect(read == tables)
    let again = NameLexicon(tables: read)
    for word in ["forces", "قوات", "نیروهای", "الديمقراطية", "syrian", "sheikh", "of"] {
      #expect(again.entry(forWord: word) == lexicon.entry(forWord: word), "\(word)")
    }
  }

  @Test("a damaged file is not read", arguments: [0, 1, 2, 7, 200])
  func damaged(_ cut: Int) throws {
    let text = try NameLexicon.shipped().tables.text
    #expect(LexiconTables(text: String(text.dropLast(cut == 0 ? 1 : cut * 13))) == nil)
    #expect(LexiconTables(text: text.replacingOccurrences(of: "TJLX1", with: "TJLX0")) == nil)
  }
}
