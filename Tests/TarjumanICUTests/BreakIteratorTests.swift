import TarjumanICU
import Testing

@Suite("BreakIterator")
struct BreakIteratorTests {
  @Test("en@ss=standard keeps \"Mr. Smith\" in one sentence")
  func englishSuppressions() throws {
    let sentences = try BreakIterator(.sentence, locale: "en@ss=standard")
    #expect(sentences.kind == .sentence)
    #expect(sentences.locale == "en@ss=standard")
    expectSameScalars(
      try sentences.segments(of: "Mr. Smith went to Washington. He came back."),
      ["Mr. Smith went to Washington. ", "He came back."])
  }

  @Test("Plain en breaks after \"Mr.\": the suppression comes from ss=standard")
  func englishWithoutSuppressions() throws {
    let sentences = try BreakIterator(.sentence, locale: "en")
    expectSameScalars(
      try sentences.segments(of: "Mr. Smith went to Washington. He came back."),
      ["Mr. ", "Smith went to Washington. ", "He came back."])
  }

  @Test("Persian sentences split at \".\" and \"؟\"")
  func persianSentences() throws {
    let sentences = try BreakIterator(.sentence, locale: "fa")
    let text = "من به خانه رفتم. تو کجا بودی؟ او دیروز آمد."
    expectSameScalars(
      try sentences.segments(of: text),
      ["من به خانه رفتم. ", "تو کجا بودی؟ ", "او دیروز آمد."])
  }

  @Test("Arabic sentences split at the Arabic question mark and full stop")
  func arabicSentences() throws {
    let sentences = try BreakIterator(.sentence, locale: "ar")
    let text = "هل ذهبت إلى السوق؟ نعم ذهبت\u{6D4} شكرا."
    expectSameScalars(
      try sentences.segments(of: text),
      ["هل ذهبت إلى السوق؟ ", "نعم ذهبت\u{6D4} ", "شكرا."])
  }

  @Test("A Persian word with ZWNJ is one word; words(in:) leaves out spaces and punctuation")
  func persianWords() throws {
    let words = try BreakIterator(.word, locale: "fa")
    let text = "من می\u{200C}خواهم به تهران بروم، فردا!"
    expectSameScalars(
      try words.words(in: text), ["من", "می\u{200C}خواهم", "به", "تهران", "بروم", "فردا"])
    // segments(of:) keeps everything, so the pieces rebuild the text exactly.
    let segments = try words.segments(of: text)
    #expect(segments.contains("می\u{200C}خواهم"))
    #expect(segments.contains(" "))
    #expect(segments.contains("،"))
    expectSameScalars(segments.joined(), text)
  }

  @Test("Arabic words, with harakat, and Persian digits count as words")
  func arabicWords() throws {
    let words = try BreakIterator(.word, locale: "ar")
    expectSameScalars(
      try words.words(in: "ذَهَبَ الوَلَدُ إلى المدرسةِ."),
      ["ذَهَبَ", "الوَلَدُ", "إلى", "المدرسةِ"])
    // Numbers have rule status 100–199 and are kept as words.
    expectSameScalars(try words.words(in: "سال ۱۴۰۲ و ٢٠٢٣"), ["سال", "۱۴۰۲", "و", "٢٠٢٣"])
  }

  @Test("Boundaries carry rule statuses: letters 200s, numbers 100s, others below 100")
  func ruleStatuses() throws {
    let words = try BreakIterator(.word, locale: "en")
    let units = Array("ab 12.".utf16)
    let boundaries = try units.withUnsafeBufferPointer { try words.boundaries(in: $0) }
    #expect(boundaries.map(\.offset) == [0, 2, 3, 5, 6])
    let statuses = boundaries.map(\.ruleStatus)
    #expect(statuses[0] == 0)
    #expect((200..<300).contains(statuses[1]))  // "ab"
    #expect(statuses[2] < 100)  // " "
    #expect((100..<200).contains(statuses[3]))  // "12"
    #expect(statuses[4] < 100)  // "."
  }

  @Test("Offsets are UTF-16 offsets, also past characters outside the BMP")
  func utf16Offsets() throws {
    let characters = try BreakIterator(.character, locale: "en")
    let units = Array("a😀e\u{301}".utf16)
    let boundaries = try units.withUnsafeBufferPointer { try characters.boundaries(in: $0) }
    #expect(boundaries.map(\.offset) == [0, 1, 3, 5])
    expectSameScalars(try characters.segments(of: "a😀e\u{301}"), ["a", "😀", "e\u{301}"])
  }

  @Test("clone() finds the same boundaries as the original")
  func clone() throws {
    let sentences = try BreakIterator(.sentence, locale: "en@ss=standard")
    let copy = try sentences.clone()
    #expect(copy !== sentences)
    #expect(copy.kind == .sentence)
    #expect(copy.locale == "en@ss=standard")
    let text = "Mr. Smith went to Washington. He came back."
    expectSameScalars(try copy.segments(of: text), try sentences.segments(of: text))
    expectSameScalars(
      try copy.segments(of: text), ["Mr. Smith went to Washington. ", "He came back."])

    let words = try BreakIterator(.word, locale: "fa").clone()
    expectSameScalars(try words.words(in: "می\u{200C}خواهم بروم"), ["می\u{200C}خواهم", "بروم"])
  }

  @Test("An iterator can be reused on several texts")
  func reuse() throws {
    let words = try BreakIterator(.word, locale: "fa")
    expectSameScalars(try words.words(in: "یک دو سه"), ["یک", "دو", "سه"])
    expectSameScalars(try words.words(in: "چهار"), ["چهار"])
    expectSameScalars(try words.words(in: "پنج شش"), ["پنج", "شش"])
  }

  @Test(
    "Empty text has the single boundary 0 and no segments or words",
    arguments: [BreakIterator.Kind.character, .word, .line, .sentence])
  func emptyText(kind: BreakIterator.Kind) throws {
    let iterator = try BreakIterator(kind, locale: "fa")
    let boundaries = try iterator.boundaries(in: UnsafeBufferPointer(start: nil, count: 0))
    #expect(boundaries.map(\.offset) == [0])
    #expect(try iterator.segments(of: "").isEmpty)
    #expect(try iterator.words(in: "").isEmpty)
  }

  @Test("Line breaks fall after spaces")
  func lineBreaks() throws {
    let lines = try BreakIterator(.line, locale: "fa")
    expectSameScalars(try lines.segments(of: "سلام دنیا"), ["سلام ", "دنیا"])
  }
}
