import TarjumanICU

/// Place names from the CLDR data in ICU: regions (countries and UN M.49 areas) and the
/// cities time zones of the Middle East and its neighbours are named after, in English,
/// Persian and Arabic.
///
/// The shipped `Glossaries/places-cldr.glossary` is this output (`tarjuman glossary places`),
/// so the data follows the ICU version rather than being typed by hand.
public enum CLDRPlaces {
  /// The UN M.49 areas named besides the ISO regions: continents and the sub-regions
  /// news about the Middle East uses. (`World` and `Americas` are left out: in Persian
  /// and Arabic their names are everyday words, `جهان`, `امریکا`.)
  public static let areaCodes = [
    "002", "142", "143", "145", "150", "151", "155", "015", "014", "034", "035", "039", "EU",
    "UN",
  ]

  /// The regions whose time-zone cities are named: the Middle East, North Africa, the
  /// Caucasus, Central and South Asia, Russia and Ukraine. (Cities of other regions add
  /// little to the region's news, and their Persian or Arabic names are often everyday
  /// words: `قناری` Canary, `ماهه` Mahé.)
  public static let cityRegions = [
    "AE", "AF", "AM", "AZ", "BH", "CY", "DZ", "EG", "GE", "IL", "IQ", "IR", "JO", "KG", "KW",
    "KZ", "LB", "LY", "MA", "OM", "PK", "PS", "QA", "RU", "SA", "SD", "SY", "TJ", "TM", "TN",
    "TR", "UA", "UZ", "YE",
  ]

  /// Names shorter than this many letters in the Arabic script are left out: such names
  /// from CLDR (`چک` Czechia, `ترك` Truk) are everyday words of Persian or Arabic text.
  public static let minimumArabicScriptLetters = 4

  /// What a run produced.
  public struct Result: Sendable {
    /// The place concepts.
    public var glossary: Glossary
    /// Places left out, with why: the id of the concept that already uses one of their
    /// names (in `existing`, or an earlier place), or `too short`.
    public var skipped: [(place: String, owner: String)]
  }

  /// Builds place concepts from ICU's data.
  ///
  /// - Parameters:
  ///   - languages: the languages to name places in.
  ///   - existing: a glossary whose names win: a place with a name already used there is
  ///     left out, so the generated file never makes a name ambiguous.
  /// - Throws: `ICUError` when ICU fails.
  public static func generate(
    languages: [LanguageTag] = [.english, .persian, .arabic], existing: Glossary = Glossary()
  ) throws -> Result {
    let validator = try GlossaryValidator()
    var owners: [String: String] = [:]
    for concept in existing.concepts {
      for term in concept.terms {
        owners[String(term.language.language) + "\u{1F}" + validator.spellingKey(term.text)] =
          concept.id
      }
    }
    var result = Result(glossary: Glossary(), skipped: [])
    let source = "CLDR data in ICU \(icuVersion)"

    func add(id: String, note: String, names: [(LanguageTag, String)]) {
      let tooShort = names.contains { language, name in
        language != .english
          && name.unicodeScalars.count(where: { $0.properties.isAlphabetic })
            < minimumArabicScriptLetters
      }
      if tooShort {
        result.skipped.append((id, "too short"))
        return
      }
      let keys = names.map { String($0.0.language) + "\u{1F}" + validator.spellingKey($0.1) }
      if let clash = keys.lazy.compactMap({ owners[$0] }).first {
        result.skipped.append((id, clash))
        return
      }
      for key in keys { owners[key] = id }
      let terms = names.map { Term($0.1, language: $0.0, status: .preferred) }
      result.glossary.concepts.append(
        Concept(id: id, kind: .place, notes: [note], sources: [source], terms: terms))
    }

    for region in DisplayNames.regionCodes.sorted() + areaCodes {
      var names: [(LanguageTag, String)] = []
      for language in languages {
        if let name = try DisplayNames.regionName(region, in: language.rawValue) {
          names.append((language, name))
        }
      }
      guard names.count == languages.count else { continue }
      let isArea = region.first?.isNumber == true || region == "EU" || region == "UN"
      add(
        id: "region/\(region)",
        note: isArea ? "Area \(region) (UN M.49)" : "Region \(region) (ISO 3166)",
        names: names)
    }
    var zones: [String] = []
    for region in cityRegions { zones += try DisplayNames.timeZoneIDs(region: region) }
    for zone in Set(zones).sorted() {
      var names: [(LanguageTag, String)] = []
      for language in languages {
        let city = try DisplayNames.exemplarCity(ofTimeZone: zone, in: language.rawValue)
        // ICU falls back to the identifier's last part with underscores when CLDR has
        // no name in the language; such a name is not a translation.
        if city.isEmpty || (language != .english && city.unicodeScalars.allSatisfy(\.isASCII)) {
          continue
        }
        names.append((language, city))
      }
      guard names.count == languages.count else { continue }
      add(id: "city/\(zone)", note: "City of the time zone \(zone)", names: names)
    }
    return result
  }
}
