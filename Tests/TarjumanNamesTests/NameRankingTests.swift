import Foundation
import Testing

@testable import TarjumanNames

/// Cases where a rule of reading or scoring decides which of two close candidates comes
/// first: the right name is listed first, the one it must beat second.
@Suite("which of two close names ranks first")
struct NameRankingTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var query: String
    var right: String
    var wrong: String
    var testDescription: String { "\(query): \(right) before \(wrong)" }
  }

  static let reader = Result { try NameReader() }

  func score(_ query: String, _ candidate: String) throws -> Double {
    let reader = try Self.reader.get()
    let similarity = NameSimilarity(lexicon: try NameLexicon.shipped())
    return similarity.compare(reader.tokens(of: query), reader.tokens(of: candidate)).score
  }

  /// A title the query does not have costs a little, also when the candidate is scored
  /// as the query with words left out.
  static let titles: [Case] = [
    Case(query: "Ahmad Masoud", right: "Ahmad Massoud", wrong: "Ahmad Shah Massoud"),
    Case(query: "احمد مسعود", right: "Ahmad Massoud", wrong: "Ahmad Shah Massoud"),
    Case(query: "أحمد مسعود", right: "Ahmad Massoud", wrong: "Ahmad Shah Massoud"),
    // A title both names have makes a one-word name the same person named short.
    Case(query: "الملا محمد عمر", right: "Mullah Omar", wrong: "Mohamed Morsi"),
    Case(query: "ملا محمد عمر", right: "Mullah Omar", wrong: "Mohamed Morsi"),
  ]

  /// A short form keeps the first name more often than a middle name.
  static let firstNames: [Case] = [
    Case(query: "Uday Saddam Hussein", right: "Uday Hussein", wrong: "Saddam Hussein"),
    Case(query: "Bafel Jalal Talabani", right: "Bafel Talabani", wrong: "Jalal Talabani"),
  ]

  /// Reading rules: `abol-`, `x`, a doubled letter of the Arabic script, a final `h`,
  /// `آل`, kinship particles that pair only with what sounds alike, short vowels.
  static let reading: [Case] = [
    Case(query: "أبو الحسن بني صدر", right: "Abolhassan Banisadr", wrong: "Bandar Abbas"),
    Case(query: "ألكسندر لافرنتييف", right: "Alexander Lavrentiev", wrong: "Kandahar"),
    Case(query: "علي مملوك", right: "Ali Mamlouk", wrong: "Abdul-Malik al-Houthi"),
    Case(query: "رفح", right: "Rafah", wrong: "Rifaat al-Assad"),
    Case(query: "فاطمه", right: "Fatemeh", wrong: "Fatah"),
    Case(query: "کمال قلیچداراوغلو", right: "Kemal Kilicdaroglu", wrong: "Abu Kamal"),
    Case(query: "Tamim bin Hamad", right: "تميم بن حمد آل ثاني", wrong: "حمد بن عيسى آل خليفة"),
    Case(query: "همدان", right: "Hamadan", wrong: "Mohamed Hamdan Dagalo"),
    Case(query: "رمضان", right: "Ramadan", wrong: "Ramzan Kadyrov"),
    Case(query: "Abulfazl", right: "ابوالفضل", wrong: "فاضل"),
    // Teh marbuta before another word: governorate, not the Persian protection.
    Case(query: "محافظة نينوى", right: "Nineveh Governorate", wrong: "Women's Protection Units"),
  ]

  /// Sounds that romanizations write otherwise: `dh` and `d`, the Persian `z` for ض, a
  /// first vowel that the Arabic script writes with alef, Roman numerals of rulers.
  static let spellings: [Case] = [
    Case(query: "Riyad", right: "Riyadh", wrong: "Riyad Hijab"),
    Case(query: "Ar-Riyad", right: "Riyadh", wrong: "Riyad Hijab"),
    Case(query: "Ramazan", right: "Ramadan", wrong: "Ramzan Kadyrov"),
    Case(query: "Oroumieh", right: "Urmia", wrong: "Rumi"),
    Case(query: "Orumiyeh", right: "Urmia", wrong: "Rumi"),
    Case(query: "Feisal I", right: "Faisal I of Iraq", wrong: "Turki al-Faisal"),
    Case(query: "Abdullah II", right: "Abdullah II of Jordan", wrong: "Abdullah Gul"),
    Case(query: "عبدالله دوم", right: "Abdullah II of Jordan", wrong: "Abdullah Gul"),
    Case(query: "Faisal II", right: "Faisal II of Iraq", wrong: "Faisal I of Iraq"),
    Case(query: "Suleiman I", right: "Suleiman the Magnificent", wrong: "Qasem Soleimani"),
  ]

  /// A one-word candidate that is the query named short: by a kinship particle both have,
  /// or by the query's family name; not by a qualifier after `of` or in brackets.
  static let shortNames: [Case] = [
    Case(query: "Abdulaziz ibn Saud", right: "Ibn Saud", wrong: "Fahd bin Abdulaziz"),
    Case(query: "Abd al-Aziz ibn Saud", right: "Ibn Saud", wrong: "Fahd bin Abdulaziz"),
    Case(query: "Abu Hamid al-Ghazali", right: "Al-Ghazali", wrong: "Hamid Karzai"),
    Case(query: "Jalaluddin Rumi", right: "Rumi", wrong: "Jalaluddin Haqqani"),
    Case(query: "Faisal I of Iraq", right: "فيصل الأول", wrong: "عراق"),
    Case(query: "Ministry of Defence (Russia)", right: "وزارت دفاع روسیه", wrong: "روسیه"),
  ]

  @Test(
    "the right name ranks first",
    arguments: [titles, firstNames, reading, spellings, shortNames].joined())
  func ranking(_ test: Case) throws {
    #expect(try score(test.query, test.right) > score(test.query, test.wrong))
  }

  @Test("sounds as read")
  func sounds() throws {
    let reader = try Self.reader.get()
    #expect(reader.tokens(of: "Abolhassan").map(\.sounds) == ["abu", "hasan"])
    #expect(reader.tokens(of: "Alexander").map(\.sounds) == ["aleksander"])
    #expect(reader.tokens(of: "مملوک").map(\.sounds) == ["mmluk"])
    #expect(reader.tokens(of: "نصر الله").map(\.sounds) == ["nsr", "ale"])
    #expect(reader.tokens(of: "آل سعود").map(\.sounds) == ["s'ud"])
    #expect(reader.tokens(of: "Sepah-e Pasdaran").map(\.text) == ["sepah", "pasdaran"])
    #expect(reader.tokens(of: "Tehrik-i-Taliban").map(\.text) == ["tehrik", "taliban"])
    // A Roman numeral in capitals is a number, not the ezafe.
    #expect(reader.tokens(of: "Faisal I of Iraq").map(\.text) == ["faisal", "1", "of", "iraq"])
    #expect(reader.tokens(of: "Mohammed VI").map(\.sounds) == ["mohamed", "6"])
    #expect(reader.tokens(of: "I").map(\.text) == ["i"])
  }
}
