import TarjumanICU
import Testing

@Suite("Collator")
struct CollatorTests {
  /// Persian words in Persian alphabetical order: آ before ا, پ after ب, چ after ج,
  /// ژ after ز, گ after ک, and (unlike Arabic) و before ه.
  static let persianInOrder = [
    "آب", "آتش", "اسب", "الف", "باران", "پدر", "تهران", "ثروت", "جنگل", "چای", "حافظ",
    "خانه", "دریا", "ذرت", "رود", "زمین", "ژاله", "سیب", "شیر", "صبح", "ضرب", "طلا", "ظهر",
    "عشق", "غذا", "فردا", "قلم", "کتاب", "گل", "لاله", "ماه", "نان", "وزیر", "هوا", "یاس",
  ]

  /// A fixed shuffle, so the test does not depend on the input already being sorted.
  static var persianShuffled: [String] {
    var shuffled: [String] = []
    var index = 0
    for _ in persianInOrder {
      index = (index + 13) % persianInOrder.count  // 13 is coprime with 35
      shuffled.append(persianInOrder[index])
    }
    return shuffled
  }

  @Test("Persian collation sorts Persian words in Persian alphabetical order")
  func persianOrder() throws {
    let collator = try Collator(locale: "fa")
    #expect(collator.locale == "fa")
    #expect(Set(Self.persianShuffled) == Set(Self.persianInOrder))
    #expect(Self.persianShuffled != Self.persianInOrder)
    expectSameScalars(collator.sorted(Self.persianShuffled), Self.persianInOrder)
    expectSameScalars(
      Self.persianShuffled.sorted { collator.compare($0, $1) < 0 }, Self.persianInOrder)
  }

  @Test(
    "Persian letter pairs compare in Persian order",
    arguments: [
      ("آب", "اب"),  // آ before ا
      ("بد", "پد"),  // پ after ب
      ("پا", "تا"),  // پ before ت
      ("جا", "چا"),  // چ after ج
      ("چا", "حا"),  // چ before ح
      ("زا", "ژا"),  // ژ after ز
      ("کل", "گل"),  // گ after ک
      ("گل", "لب"),  // گ before ل
      ("وا", "ها"),  // و before ه
    ])
  func persianPairs(earlier: String, later: String) throws {
    let collator = try Collator(locale: "fa")
    #expect(collator.compare(earlier, later) == -1)
    #expect(collator.compare(later, earlier) == 1)
    #expect(collator.compare(earlier, earlier) == 0)
  }

  @Test("Arabic order differs from Persian for ه and و")
  func arabicVersusPersian() throws {
    let arabic = try Collator(locale: "ar")
    let persian = try Collator(locale: "fa")
    #expect(arabic.compare("هوا", "وزير") == -1)
    #expect(persian.compare("هوا", "وزیر") == 1)
  }

  static let mixedWords = [
    "apple", "Apple", "ápple", "banana", "b", "", "a", "A", "á", "résumé", "resume", "Resume",
    "آب", "اسب", "پدر", "تهران", "كتاب", "کتاب", "علي", "علی", "10", "9", "a-b", "ab", "a b",
    "Straße", "strasse", "中文", "日本語",
  ]

  @Test(
    "sortKey ordering agrees with compare for every pair",
    arguments: ["en", "fa", "ar"], [Collator.Strength.primary, .secondary, .tertiary, .identical])
  func sortKeysAgree(locale: String, strength: Collator.Strength) throws {
    let collator = try Collator(locale: locale, strength: strength)
    let keys = Self.mixedWords.map(collator.sortKey)
    var disagreements: [String] = []
    for (i, left) in Self.mixedWords.enumerated() {
      for (j, right) in Self.mixedWords.enumerated() {
        let byCompare = collator.compare(left, right)
        let byKey = Self.compareKeys(keys[i], keys[j])
        if byCompare != byKey {
          disagreements.append("\(left) vs \(right): compare \(byCompare), keys \(byKey)")
        }
      }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    // sorted(_:) uses the keys; the result must be ordered by compare.
    let sorted = collator.sorted(Self.mixedWords)
    #expect(sorted.count == Self.mixedWords.count)
    #expect(zip(sorted, sorted.dropFirst()).allSatisfy { collator.compare($0, $1) <= 0 })
  }

  static func compareKeys(_ left: [UInt8], _ right: [UInt8]) -> Int {
    if left == right { return 0 }
    return left.lexicographicallyPrecedes(right) ? -1 : 1
  }

  @Test("Sort keys carry no terminating NUL and no NUL inside")
  func sortKeyShape() throws {
    let collator = try Collator(locale: "fa")
    for word in Self.persianInOrder {
      let key = collator.sortKey(word)
      #expect(!key.isEmpty)
      #expect(!key.contains(0))
    }
  }

  @Test("Long sort keys (larger than the first buffer) still order correctly")
  func longSortKeys() throws {
    // Han characters have implicit weights, and the identical level appends the text:
    // these keys are longer than 4 bytes per UTF-16 unit + 16.
    let collator = try Collator(locale: "en", strength: .identical)
    let base = String(repeating: "中文日本語𠀀", count: 200)
    let longer = base + "a"
    let other = base + "b"
    let keys = [base, longer, other].map(collator.sortKey)
    #expect(keys[0].count > base.utf16.count * 4 + 16)
    #expect(!keys[0].contains(0))
    #expect(Self.compareKeys(keys[0], keys[1]) == collator.compare(base, longer))
    #expect(Self.compareKeys(keys[1], keys[2]) == collator.compare(longer, other))
    #expect(collator.compare(longer, other) == -1)
    // A key computed on its own equals the one computed again (deterministic, complete).
    #expect(collator.sortKey(base) == keys[0])
  }

  @Test("English primary strength treats a and á (and A) as equal; tertiary does not")
  func englishStrength() throws {
    let primary = try Collator(locale: "en", strength: .primary)
    #expect(primary.compare("a", "á") == 0)
    #expect(primary.compare("a", "A") == 0)
    #expect(primary.compare("resume", "Résumé") == 0)
    #expect(primary.sortKey("a") == primary.sortKey("á"))
    #expect(primary.compare("a", "b") == -1)

    let secondary = try Collator(locale: "en", strength: .secondary)
    #expect(secondary.compare("a", "A") == 0)
    #expect(secondary.compare("a", "á") == -1)

    let tertiary = try Collator(locale: "en")
    #expect(tertiary.compare("a", "á") == -1)
    #expect(tertiary.compare("a", "A") == -1)
    #expect(tertiary.sortKey("a") != tertiary.sortKey("á"))
  }

  @Test("The empty string sorts first and has an empty sort key")
  func emptyString() throws {
    let collator = try Collator(locale: "fa")
    #expect(collator.compare("", "") == 0)
    #expect(collator.compare("", "آب") == -1)
    #expect(Self.compareKeys(collator.sortKey(""), collator.sortKey("آب")) == -1)
  }

  @Test("A collator can be shared between concurrent tasks")
  func concurrentCompare() async throws {
    let collator = try Collator(locale: "fa")
    let shuffled = Self.persianShuffled
    let expected = Self.persianInOrder
    let allSorted = await withTaskGroup(of: Bool.self) { group in
      for _ in 0..<4 {
        group.addTask {
          (0..<50).allSatisfy { _ in collator.sorted(shuffled) == expected }
        }
      }
      return await group.reduce(true) { $0 && $1 }
    }
    #expect(allSorted)
  }
}
