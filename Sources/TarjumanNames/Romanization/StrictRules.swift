/// The `strict` romanization: a scholarly scheme with diacritics after ALA-LC, for both
/// Persian and Arabic, that writes every letter so that the script can be read back.
///
/// The rules are in ICU transform rule syntax: a short language header (which letters
/// the text uses and how consonantal و is written) followed by one body shared by both
/// languages. ``Romanizer`` runs them on one word at a time after the `clean`
/// normalization.
///
/// Choices, each explained where it is made in the rules:
/// - One Latin spelling per letter: ā ī ū for ا ی و as long vowels, ḥ ṣ ḍ ṭ ẓ, th dh kh
///   sh gh zh ch, q, ʿ for ع and ʾ for hamza (U+02BF and U+02BE); و as a consonant is w
///   in Arabic and v in Persian, as in ALA-LC's Persian table.
/// - Where two letters would read as a digraph, a prime (ʹ U+02B9) separates them, as
///   ALA-LC does: ادهم *adʹhm*, اسحاق *asʹḥāq* is not needed (ḥ is its own letter).
/// - ى (alef maksura) is *á*; ة is *h*, or *t* before a vowel mark or in the construct
///   state (هيئة تحرير الشام *hīʾt*); harakat are written, case endings and tanwin
///   included (fatha a, kasra i, damma u, tanwin an in un, sukun nothing, shadda doubles
///   the whole consonant, digraphs too); the superscript alef is ā.
/// - Short vowels that are not written are not guessed: an unvowelled word gives its
///   consonant skeleton with long vowels (محمد *Mḥmd*); مُحَمَّد gives *Muḥammad*.
/// - The article is *al-* without assimilation (الشمس *al-shms*), الله is *Allāh*, and a
///   ZWNJ is a hyphen (خامنه‌ای *Khāmnh-ī*). Joined ابو and عبدال are written apart, as
///   ALA-LC does (ابومحمد *Abū Mḥmd*, عبدالله *ʿBd Allāh*).
///
/// It is reversible letter for letter except where ALA-LC itself merges or splits: a
/// word-initial hamza on alef is not written (أحمد and احمد are both *aḥmd*), ٱ is read
/// as ا, and joined ابو and عبدال get a space.
enum StrictRules {
  /// The rules for Persian text.
  static var persian: String { persianHeader + body }
  /// The rules for Arabic text.
  static var arabic: String { arabicHeader + body }

  /// Persian: consonantal و is v.
  static let persianHeader = #"""
    # Strict romanization, Persian header. Tarjuman's own rules; see StrictRules.swift.
    $waw = v ;

    """#

  /// Arabic: consonantal و is w.
  static let arabicHeader = #"""
    # Strict romanization, Arabic header. Tarjuman's own rules; see StrictRules.swift.
    $waw = w ;

    """#

  /// The rules both languages share; they expect `$waw` to be defined before them.
  static let body = #"""
    # ---------------------------------------------------------------------------
    # Sets. The before-context of a rule is matched against text already romanized
    # (Latin), the after-context against text not yet romanized (Arabic script).
    # ---------------------------------------------------------------------------
    $zwnj = \u200C ;
    # U+2060 WORD JOINER after a word: the Romanizer's mark for "followed by another
    # word of the phrase", which puts teh marbuta in the construct state.
    $construct = \u2060 ;
    # A word boundary: anything but a letter or a mark, and the two ends of the text.
    $wb = [^[:L:][:M:]] ;
    $shadda = \u0651 ;
    $vmark = [\u064B-\u0650\u0670] ;
    $arabicLetter = [\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u06D5] ;
    $sun = [تثدذرزسشصضطظلن] ;
    $notVowel = [^اآى$vmark$shadda] ;
    # Romanized output ending in a vowel.
    $latV = [aiuāīūá] ;

    # ---------------------------------------------------------------------------
    # Pass 1: one code point per letter. Both languages' yeh and kaf are written alike,
    # so the body names only the Arabic ones.
    # ---------------------------------------------------------------------------
    ::NFC ;
    ی > ي ;
    [کڪ] > ك ;
    ٱ > ا ;          # alef wasla
    ه \u0654 > ۀ ;
    [ەہھ] > ه ;
    ۃ > ة ;          # teh marbuta goal: ة as texts set in Urdu type write it
    \u0640 > ;       # tatweel
    # NFC puts shadda after the vowel mark; the rules want it first.
    ([\u064B-\u0650]) \u0651 > \u0651 $1 ;

    # ---------------------------------------------------------------------------
    # Pass 2: the article's own marks, and the shadda of a sun letter after it, are
    # not written (الشَّمْس *al-shams*).
    # ---------------------------------------------------------------------------
    ::Null ;
    $wb { ا \u064E? ل \u0652? ($sun) \u0651 > ال $1 ;
    $wb { ا \u064E? ل \u0652 > ال ;

    # ---------------------------------------------------------------------------
    # Pass 3: letters. Longer and more specific rules come first.
    # ---------------------------------------------------------------------------
    ::Null ;
    [[:L:]$zwnj$wb] { الله } $wb > allāh ;    # ALA-LC writes the name of God in full
    # Compounds written as one word that ALA-LC writes as two.
    $wb { [اأ]بو } $arabicLetter > 'abū ' ;  # ابوالفضل *Abū al-Fḍl*, ابومحمد *Abū Mḥmd*
    $wb { عبد } ال > 'ʿbd ' ;                 # عبدالله *ʿBd Allāh*
    $wb { ال } $arabicLetter [$arabicLetter$vmark$shadda] > 'al-' ;

    # Alef. At the start of a word it carries a vowel and its hamza is not written.
    $wb { [اأإ] } $vmark > ;        # the vowel mark says which vowel
    $wb { [اأ]و } $notVowel > ū ;
    $wb { [اإ]ي } $notVowel > ī ;   # ایران, إيران *Īrān*; the Persian suffix ‌ای after ZWNJ
    $wb { أي } $notVowel > ay ;     # أيمن *Aymn*: Arabic writes an initial ī as إي
    $wb { [اأ] > a ;                # unvowelled: a
    $wb { إ > i ;
    $wb { آ > ā ;
    \u064E ا > ā ;                  # fatha + alef: one long ā
    \u064B ا > an ;                 # tanwin on alef
    ا > ā ;
    آ > ʾā ;
    [أإئؤء] > ʾ ;
    ى\u0670? > á ;                  # alef maksura
    ع > ʿ ;

    # ي: the vowel ī, or the consonant y.
    \u0650 ي \u0651 } $wb > ī ;      # final -iyy is ī, as ALA-LC writes it: عَلِيّ *ʿAlī*
    \u0650 ي } [^$vmark$shadda] > ī ;
    \u064E ي } [^$vmark$shadda] > ay ;
    ي } [$vmark$shadda] > y ;
    $wb { ي > y ;
    $latV { ي > y ;
    ي } [اآى] > y ;
    ي > ī ;

    # و: the vowel ū, or the consonant w (Arabic) or v (Persian).
    \u064F و } [^$vmark$shadda] > ū ;
    \u064E و } [^$vmark$shadda] > a $waw ;
    و } [$vmark$shadda] > $waw ;
    $wb { و > $waw ;
    $latV { و > $waw ;
    و } [اآيى] > $waw ;
    و > ū ;

    # ة: h at a pause, t before a vowel or in the construct state.
    ة } [\u064B-\u0650$construct] > t ;
    ة > h ;
    ۀ > 'h-i' ;                     # Persian heh with the ezafe: -i

    # A prime keeps two letters from reading as one digraph: ادهم *adʹhm*.
    ت } ه > tʹ ;
    د } ه > dʹ ;
    ك } ه > kʹ ;
    س } ه > sʹ ;
    ز } ه > zʹ ;
    گ } ه > gʹ ;

    # Consonants.
    ب > b ;
    پ > p ;
    ت > t ;
    ث > th ;
    ج > j ;
    چ > ch ;
    ح > ḥ ;
    خ > kh ;
    د > d ;
    ذ > dh ;
    ر > r ;
    ز > z ;
    ژ > zh ;
    س > s ;
    ش > sh ;
    ص > ṣ ;
    ض > ḍ ;
    ط > ṭ ;
    ظ > ẓ ;
    غ > gh ;
    ف > f ;
    ق > q ;
    ك > k ;
    گ > g ;
    ل > l ;
    م > m ;
    ن > n ;
    ه > h ;
    ڤ > v ;

    # Harakat, all written.
    \u064E > a ;
    \u0650 > i ;
    \u064F > u ;
    \u064B > an ;
    \u064D > in ;
    \u064C > un ;
    \u0670 > ā ;    # superscript alef
    \u0652 > ;      # sukun

    # ---------------------------------------------------------------------------
    # Pass 4: shadda doubles the whole consonant (بشّار *bashshār*); ZWNJ is a hyphen.
    # ---------------------------------------------------------------------------
    ::Null ;
    ([sckgzdt] h) \u0651 > $1 $1 ;
    ([b-df-hj-np-tv-zḥṣḍṭẓʿʾ]) \u0651 > $1 $1 ;
    \u0651 > ;
    $zwnj > '-' ;
    $construct > ;
    """#
}
