import Testing

@testable import TarjumanNames

@Suite("abbreviations and the names they stand for")
struct AcronymTests {
  @Test(
    "what is written as an abbreviation",
    arguments: [
      ("IRGC", "IRGC"), ("IRGC-QF", "IRGCQF"), ("  SDF ", "SDF"), ("ISIS-K", "ISISK"),
      ("P5", nil), ("G7", nil), ("Daesh", nil), ("HTS's", nil), ("I", nil),
      ("IRGC Navy", nil), ("هتش", nil), ("", nil),
      // With periods: each capital has one (the last may go without).
      ("U.S.", "US"), ("E.U.", "EU"), ("U.S.A.", "USA"), ("U.S", "US"), ("U.SA", nil),
      (".US", nil), ("U..S.", nil), ("u.s.", nil),
    ] as [(String, String?)])
  func abbreviation(_ name: String, _ letters: String?) {
    #expect(Acronym.letters(ofAbbreviation: name) == letters, "\(name)")
  }

  @Test(
    "the initials of a name, primary reading first",
    arguments: [
      ("Islamic Revolutionary Guard Corps", ["IRGC"]),
      ("Syrian Democratic Forces", ["SDF"]),
      ("Organisation of Islamic Cooperation", ["OIC", "OOIC"]),
      ("Hay'at Tahrir al-Sham", ["HTS", "HTAS"]),
      ("Al-Qaeda in the Arabian Peninsula", ["QAP", "AQAP", "QITAP", "AQITAP"]),
      ("Joint Comprehensive Plan of Action", ["JCPA", "JCPOA"]),
      ("Mohammed bin Salman", ["MBS"]),
      ("Kurdistan Workers' Party", ["KWP"]),
      ("Partiya Yekîtiya Demokrat", ["PYD"]),
      ("Öcalan Abdullah", ["OA"]),
      ("Islamic State – Khorasan Province", ["ISKP"]),
      ("Damascus", []),
      ("حزب الله", []),
      ("al-Qaeda", ["AQ"]),
    ] as [(String, [String])])
  func initials(_ name: String, _ expected: [String]) {
    let readings = Acronym.initials(of: name)
    #expect(readings.map(\.letters) == expected, "\(name)")
    // Only the first reading can be the primary one (for `al-Qaeda` it is too short).
    #expect(readings.dropFirst().allSatisfy { !$0.primary })
    #expect(readings.first?.primary ?? true || name == "al-Qaeda")
  }

  @Test("scores: three letters say more than two; the primary reading more than others")
  func scores() {
    #expect(Acronym.score(letters: "IRGC", primary: true) == 0.9)
    #expect(Acronym.score(letters: "IRGC", primary: false) == 0.85)
    #expect(Acronym.score(letters: "EU", primary: true) == 0.65)
    #expect(Acronym.score(letters: "EU", primary: false) == 0.6)
    // Periods say the letters are initials, whatever their number.
    #expect(Acronym.score(letters: "EU", primary: true, hasPeriods: true) == 0.95)
    #expect(Acronym.score(letters: "EU", primary: false, hasPeriods: true) == 0.9)
    #expect(Acronym.hasPeriods("U.N."))
    #expect(!Acronym.hasPeriods("UN"))
    #expect(!Acronym.hasPeriods("Dr. Zarif"))
  }

  @Test("written with periods, an abbreviation comes before a word that sounds like it")
  func periods() throws {
    let matcher = try NameMatcher(
      candidates: ["Kim Jong Un", "United Nations", "European Union", "United States"],
      lexicon: nil)
    for (query, expected) in [
      ("U.N.", "United Nations"), ("E.U.", "European Union"), ("U.S.", "United States"),
    ] {
      let found = matcher.matches(for: query, top: 3, minimumScore: 0.5)
      #expect(found.first?.candidate == expected, "\(query): \(found.map(\.candidate))")
      #expect(found.first?.explanation.hasPrefix("acronym:") == true)
    }
  }

  static let candidates = [
    "Islamic Revolutionary Guard Corps", "Iraq", "Syrian Democratic Forces", "Syrian Arab Army",
    "Saleh al-Arouri", "SDF", "Mohammed bin Salman", "Mohammad Baqir al-Sadr",
    "Joint Comprehensive Plan of Action",
  ]

  @Test(
    "the matcher: an abbreviation finds the name its initials spell, and the other way",
    arguments: [
      ("IRGC", "Islamic Revolutionary Guard Corps"), ("SAA", "Syrian Arab Army"),
      ("MBS", "Mohammed bin Salman"), ("JCPOA", "Joint Comprehensive Plan of Action"),
      ("Syrian Democratic Forces", "Syrian Democratic Forces"),
    ])
  func matcher(_ query: String, _ expected: String) throws {
    let matcher = try NameMatcher(candidates: Self.candidates, lexicon: nil)
    let found = matcher.matches(for: query, top: 3, minimumScore: 0.5)
    #expect(found.first?.candidate == expected, "\(query): \(found.map(\.candidate))")
  }

  @Test("the long name finds its abbreviation, marked as such")
  func longToShort() throws {
    let matcher = try NameMatcher(candidates: Self.candidates, lexicon: nil)
    let found = matcher.matches(for: "Syrian Democratic Forces", top: 3, minimumScore: 0.5)
    let abbreviation = try #require(found.first { $0.candidate == "SDF" })
    #expect(abbreviation.score == 0.9)
    #expect(abbreviation.explanation == "acronym: SDF")
  }

  @Test("two long names never meet through their initials")
  func longNamesApart() throws {
    let matcher = try NameMatcher(candidates: ["Mohammed bin Salman"], lexicon: nil)
    let found = matcher.matches(for: "Mohammad Baqir al-Sadr", top: 3, minimumScore: 0)
    #expect(found.allSatisfy { !$0.explanation.hasPrefix("acronym") })
  }
}
