/// The `ascii` romanization: ``StrictRules`` folded to ASCII.
///
/// The rules below run after the strict rules of the language, in the same
/// transliterator. ICU's `Latin-ASCII` removes the diacritics (ā → a, ḥ → h, á → a) but
/// leaves ʿ and ʾ alone, so these rules deal with them first:
/// - at the start of a word (and after *al-*) before a vowel, ʿ and ʾ are dropped, since
///   an apostrophe there reads badly and adds nothing to matching (ʿAlī → *Ali*,
///   al-ʿIrāq → *al-Iraq*);
/// - everywhere else they become the ASCII apostrophe (Shaʿbān → *Sha'ban*, hīʾt →
///   *hi't*, and the unvowelled ʿlī → *'li*, which keeps the letter), the way ASCII
///   spellings such as *Hay'at* write them;
/// - the prime ʹ that keeps digraphs apart (adʹhm) is dropped.
enum AsciiRules {
  /// The rule text appended to ``StrictRules``.
  static let fold = #"""

    # ---------------------------------------------------------------------------
    # ASCII folding of the strict romanization. Tarjuman's own rules; see AsciiRules.swift.
    # ---------------------------------------------------------------------------
    ::Null ;
    # Word-initial ayn and hamza before a vowel are dropped (ʿAlī: Ali); before a
    # consonant, where the vowel is not written, they stay as an apostrophe ('lī).
    [^[:L:][:M:]] { [ʿʾ] } [aiuāīūá] > ;
    [ʿʾ] > \u0027 ;                # elsewhere: an apostrophe
    ʹ > ;                          # the prime between two letters
    ::Latin-ASCII ;
    """#

  /// The full rules for Persian text.
  static var persian: String { StrictRules.persian + fold }
  /// The full rules for Arabic text.
  static var arabic: String { StrictRules.arabic + fold }
}
