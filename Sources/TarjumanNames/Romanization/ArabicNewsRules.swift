/// The `news` romanization of Arabic: the readable spelling English-language media use for
/// Arabic names (*al-Julani*, *Hayat Thrir al-Sham*, *Qasm Slimani*).
///
/// The rules are in ICU transform rule syntax and are compiled once per process, for
/// ``CompiledRules`` (which runs them in Swift) or ICU. ``Romanizer`` runs them on one
/// word at a time, after the `clean` normalization; they also work on whole phrases (`$wb` matches spaces too).
///
/// Choices, each explained where it is made in the rules:
/// - Consonants: ث th, ذ dh, ض d, ظ z, ص s, ط t, ح h, خ kh, غ gh, ق q, ش sh, ج j;
///   Persian letters in Arabic text: پ p, چ ch, ژ zh, گ g, ڤ v.
/// - Short vowels are not written in the script, so an unvowelled word comes out as its
///   consonants and long vowels (دمشق → *Dmshq*; the glossary gives *Damascus*).
///   Harakat, when present, are read: fatha a, kasra i, damma u, sukun nothing, shadda
///   doubles; a vowel on the last letter (a case ending) is dropped.
/// - و and ي are long vowels u and i between consonants, consonants w and y at the start
///   of a word, next to a vowel, or before ا; ى (alef maksura) is a.
/// - ع and hamza are dropped, except: as the first letter before a consonant, between
///   two consonants, or after a consonant before a long i or u, they stand for the vowel a
///   (علي *Ali*, شعبان *Shaban*, سعيد *Said*, رئيس *Rais*); between two vowels they are an
///   apostrophe (إسماعيل *Isma'il*).
/// - ة is *a*; before another word of the same phrase it is read in the construct state,
///   *at* (هيئة تحرير الشام *Hayat Thrir al-Sham*, جبهة النصرة *Jbhat al-Nsra*). The
///   ``Romanizer`` marks that case with U+2060 WORD JOINER after the word (see
///   ``Romanizer`` for when it does).
/// - The article ال at the start of a word is *al-* without sun-letter assimilation
///   (الشام *al-Sham*, not *ash-Sham*), as English-language news writes it. Joined
///   compounds: عبدالله *Abdullah*, عبدالعزيز *Abdulaziz*, نصرالله *Nasrallah*.
/// - A few function words are written as words: أبو *Abu* (also split off a joined name:
///   أبوظبي *Abu Zbi*), بن *bin*, بنت *bint*, ابن *ibn*, آل *Al*, و *wa*, الله *Allah*.
/// - The output is lowercase; ``Romanizer`` capitalizes each name word.
enum ArabicNewsRules {
  /// The rule text.
  static let rules = #"""
    # Arabic (ar) news romanization. Tarjuman's own rules; see ArabicNewsRules.swift.

    # ---------------------------------------------------------------------------
    # Sets. The before-context of a rule is matched against text already romanized
    # (Latin), the after-context against text not yet romanized (Arabic script).
    # ---------------------------------------------------------------------------
    $zwnj = \u200C ;
    # U+2060 WORD JOINER after a word: "this word is followed by another word of the
    # phrase" (added by the Romanizer; read by the rules for teh marbuta).
    $construct = \u2060 ;
    # A word boundary: anything but a letter, a mark or an apostrophe (the apostrophe is
    # written for a hamza inside a word), and the two ends of the text.
    $wb = [^[:L:][:M:]\u0027] ;
    $shadda = \u0651 ;
    $vmark = [\u064B-\u0650\u0670] ;
    $arabicLetter = [\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u06D5] ;
    # Letters that are always consonants (ه counted as one; ع and hamza too).
    $cons = [ءأؤإئبپتثجچحخدذرزژسشصضطظعغفقكگلمنهةڤ] ;
    # Sun letters, which assimilate the article's l in speech (not in news spelling).
    $sun = [تثدذرزسشصضطظلن] ;
    # Not followed by a vowel letter or a vowel mark: a long vowel may stand here.
    $notVowel = [^اآى$vmark$shadda] ;
    # Romanized output ending in a vowel or in a consonant.
    $latV = [aeiou] ;
    $latC = [b-df-hj-np-tv-z\u0027] ;
    # ع and the hamzas that are not on an alef: dropped, or a or an apostrophe.
    $ayn = [عءئؤ] ;

    # ---------------------------------------------------------------------------
    # Pass 1: one spelling per letter (the Romanizer's clean profile already does most
    # of this for Arabic lines; the rules must also stand on their own).
    # ---------------------------------------------------------------------------
    ::NFC ;
    ی > ي ;          # Persian yeh
    [کڪ] > ك ;
    ٱ > ا ;          # alef wasla
    [ەہھۀ] > ه ;
    ۃ > ة ;          # teh marbuta goal: ة as texts set in Urdu type write it
    \u0640 > ;       # tatweel
    # NFC puts shadda after the vowel mark; the rules want it first (ب + shadda + fatha).
    ([\u064B-\u0650]) \u0651 > \u0651 $1 ;

    # ---------------------------------------------------------------------------
    # Pass 2: the article's own marks go, and so does the shadda that a vowelled text
    # puts on a sun letter after it (الشَّام is *al-Sham*: no assimilation).
    # ---------------------------------------------------------------------------
    ::Null ;
    $wb { ا \u064E? ل \u0652? ($sun) \u0651 > ال $1 ;
    $wb { ا \u064E? ل \u0652 > ال ;

    # ---------------------------------------------------------------------------
    # Pass 3: words, then letters. Longer and more specific rules come first: ICU
    # rejects a rule set where an earlier rule hides a later one.
    # ---------------------------------------------------------------------------
    ::Null ;

    # Function words written as words.
    $wb { بن } $wb > bin ;
    $wb { بنت } $wb > bint ;
    $wb { ابن } $wb > ibn ;
    $wb { آل } $wb > al ;          # the family: آل سعود *Al Saud*
    $wb { و } $wb > wa ;           # the conjunction, when written apart
    $wb { الله } $wb > allah ;
    $wb { الدين } $wb > 'al-din' ;    # not *al-Dayn* (see ي below): صلاح الدين

    # Joined compounds.
    $wb { عبد } ال > abd ;                   # then the rules below
    abd { الله } $wb > ullah ;               # عبدالله *Abdullah*
    abd { ال } $arabicLetter > ul ;          # عبدالعزيز *Abdulaziz*: no assimilation
    [:L:] { الله } $wb > allah ;             # نصرالله *Nsrallah*
    [:L:] { الدين } $wb > uddin ;            # صلاح‌الدين *Slahuddin*
    $wb { ذوال } $arabicLetter > dhul ;      # ذوالفقار *Dhulfqar*

    # أبو is *Abu*, and a name joined to it is split off: أبوظبي *Abu Zbi*.
    $wb { [اأ]بو } $wb > abu ;
    $wb { [اأ]بوال } $arabicLetter > 'abu al-' ;
    $wb { [اأ]بو } $arabicLetter > 'abu ' ;

    # The article: *al-* before a word of two letters or more, whatever letter follows
    # (news style writes al-Sham, not ash-Sham).
    $wb { ال } $arabicLetter [$arabicLetter$vmark$shadda] > 'al-' ;

    # Alef. At the start of a word it only carries a vowel: a written vowel mark, a long
    # vowel (ايران *Iran*), or else a; إ is i.
    $wb { [اأإ] } $vmark > ;
    $wb { [اأ]و } $notVowel > u ;
    $wb { أي } $notVowel > ay ;     # أيمن *Aymn*: Arabic writes إي for an initial i
    $wb { [اإ]ي } $notVowel > i ;   # إيران *Iran*
    $wb { [اأ] > a ;
    \u064E ا > a ;                  # fatha + alef: one long a
    \u064B ا } $wb > ;              # a case ending (tanwin on alef) is not written
    [اآأ] > a ;
    إ > i ;
    ى\u0670? > a ;                  # alef maksura: مصطفى *Mstfa*

    # The hamzas and ع. At the start of a word ع carries the word's first vowel.
    $wb { عي } $notVowel > i ;      # عيسى *Isa*
    $wb { عو } $notVowel > u ;      # عون *Un*
    $wb { ع } $cons > a ;           # علي *Ali*, عبد *Abd*
    $wb { ع > ;                     # عادل *Adl*, عيسى *Isa*
    $latV { $ayn } [اآويىة$vmark] > \u0027 ; # between vowels: إسماعيل *Isma'il*
    $latV { ئ } $cons > i ;         # قائد *Qaid*
    $latC { ئي } $notVowel > ai ;   # رئيس *Rais*
    $latC { عي } $notVowel > ai ;   # سعيد *Said*
    $latC { عو } $notVowel > au ;   # سعود *Saud*
    $latC { ئ } [اآويى] > a ;
    $latC { $ayn } [$cons$wb] > a ; # شعبان *Shaban*, الشرع *al-Shra*
    $ayn > ;

    # ي: the vowel i, or the consonant y.
    # A doubled final yeh (the nisba) is a long i: عَلِيّ *Ali*, not *Aliyy*.
    \u0650 ي \u0651 [\u064B-\u0650]? } $wb > i ;
    $latC { ي \u0651 [\u064B-\u0650]? } $wb > i ;
    \u0650 ي } [^$vmark$shadda] > i ;   # kasra + yeh: one long i
    \u064E ي } [^$vmark$shadda] > ay ;  # fatha + yeh: the diphthong, as in *Haydar*
    ي } [$vmark$shadda] > y ;           # a yeh with its own vowel, or doubled
    $wb { ي > y ;                       # يزيد *Yzid*
    # After the first consonant of a word and before another, ي is more often the
    # diphthong ay than a long i in Arabic names: جيش *Jaysh*, فيصل *Faysl*, زينب
    # *Zaynb*, شيخ *Shaykh*, قيس *Qays* (but شيراز *Shayraz*, سيناء *Sayna*). Persian
    # names go the other way (میر *Mir*, سیستانی *Sistani*), so the Persian rules do not
    # have this rule.
    $wb [b-df-hj-np-tv-z] { ي } $cons > ay ;
    $wb [sckzdgt] h { ي } $cons > ay ;
    $latV { ي > y ;
    $latC { ي } [اآىو] > iy ;           # رياض *Riyad*, فاطميون *Fatmiyun*
    $latC { ي } ة $wb > iy ;            # سورية *Suriya*
    ي > i ;

    # و: the vowel u, or the consonant w.
    \u064F و } [^$vmark$shadda] > u ;   # damma + waw: one long u
    \u064E و } [^$vmark$shadda] > aw ;  # fatha + waw: the diphthong, as in *Jawlani*
    و } [$vmark$shadda] > w ;
    $wb { و > w ;                       # وليد *Wlid*
    $latV { و > w ;
    و } [اآيى] > w ;                    # جواد *Jwad*, الموسوي *al-Muswi*
    و > u ;                             # الجولاني *al-Julani*

    # ة: a, or at in the construct state (marked by the Romanizer).
    a { ة [\u064B-\u0650]? } $construct > t ;   # after a long a: حماة *Hma*
    a { ة [\u064B-\u0650]? > ;
    ة [\u064B-\u0650]? } $construct > at ;
    ة [\u064B-\u0650]? > a ;
    ه > h ;

    # Consonants.
    ب > b ;
    پ > p ;
    ت > t ;
    ث > th ;
    ج > j ;
    چ > ch ;
    ح > h ;
    خ > kh ;
    د > d ;
    ذ > dh ;
    ر > r ;
    ز > z ;
    ژ > zh ;
    س > s ;
    ش > sh ;
    ص > s ;
    ض > d ;
    ط > t ;
    ظ > z ;
    غ > gh ;
    ف > f ;
    ق > q ;
    ك > k ;
    گ > g ;
    ل > l ;
    م > m ;
    ن > n ;
    ڤ > v ;

    # Harakat. A vowel on the last letter of a word is a case ending: not written.
    [\u064B-\u0650] } $wb > ;
    \u064E > a ;
    \u0650 > i ;
    \u064F > u ;
    \u064B > an ;
    \u064D > in ;
    \u064C > un ;
    \u0670 > a ;    # superscript alef
    \u0652 > ;      # sukun

    # ---------------------------------------------------------------------------
    # Pass 4: Latin clean-up. Shadda doubles a consonant written with one letter
    # (محمّد *Muhammad*); a digraph is not doubled (بشّار *Bashar*).
    # ---------------------------------------------------------------------------
    ::Null ;
    [sckgzdt] { h \u0651 > h ;
    ([b-df-hj-np-tv-z]) \u0651 > $1 $1 ;
    \u0651 > ;
    $zwnj > ;
    $construct > ;
    """#
}
