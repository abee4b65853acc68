/// The `news` romanization of Persian: the readable spelling English-language media use
/// for Persian names (*Jolani* is written *Julani* here, *Khamenei*, *Shiraz*, *Putin*).
///
/// The rules are in ICU transform rule syntax and are compiled once per process, for
/// ``CompiledRules`` (which runs them in Swift) or ICU. ``Romanizer`` runs them on one
/// word at a time, after the `clean` normalization, so "the start of the text" and "the
/// end of the text" in the rules are the edges of a word; the rules also work on whole
/// phrases (`$wb` matches spaces too).
///
/// Choices, each explained where it is made in the rules:
/// - Consonants are read the Persian way: ث ص س → s, ذ ز ض ظ → z, ق غ → gh, ح ه → h,
///   و as a consonant → v; پ p, چ ch, ژ zh, گ g.
/// - Short vowels are not written in the script, so an unvowelled word comes out as its
///   consonants and long vowels (تهران → *Thran*; the glossary gives *Tehran*). The ezafe
///   is not written either and is not guessed. Harakat, when present, are read: fatha a,
///   kasra e, damma o, sukun nothing, shadda doubles; a mark on the last letter (a case
///   ending) is dropped.
/// - و and ی are long vowels u and i between consonants, consonants v and y at the start
///   of a word, next to a vowel, or before ا. Persian long و is *u* (*Putin*, *Musavi*),
///   not the *o* or *ou* some spellings use (*Jolani*, *Mousavi*).
/// - ع and hamza are dropped, except: as the first letter before a consonant, between
///   two consonants, or after a consonant before a long i or u, they stand for the vowel a
///   (علی *Ali*, شعبان *Shaban*, سعید *Said*, رئیسی *Raisi*); between two vowels they are
///   an apostrophe (اسماعیل *Asma'il*).
/// - A final silent ه after a consonant is *eh* (فاطمه *Fatmeh*), *e* before a ZWNJ
///   (خامنه‌ای *Khamnei*); ZWNJ itself is written as nothing, since it joins the parts of
///   one name.
/// - The article ال at the start of a word is *al-* without sun-letter assimilation
///   (الشام *al-Sham*), as English-language news writes it. Inside Persian compounds it is
///   read the Persian way: ابوالفضل *Abolfazl*, عبدالرضا *Abdolreza*, نصرالله
///   *Nasrollah*, حزب‌الله *Hzbollah*, بدرالدین *Badreddin*.
/// - A few function words are written as words: ابو *Abu* (also split off a joined name:
///   ابومحمد *Abu Mhmd*), بن *bin*, بنت *bint*, ابن *ibn*, آل *Al*, و *va*, الله *Allah*.
/// - The output is lowercase; ``Romanizer`` capitalizes each name word.
enum PersianNewsRules {
  /// The rule text.
  static let rules = #"""
    # Persian (fa) news romanization. Tarjuman's own rules; see PersianNewsRules.swift.

    # ---------------------------------------------------------------------------
    # Sets. The before-context of a rule is matched against text already romanized
    # (Latin), the after-context against text not yet romanized (Arabic script).
    # ---------------------------------------------------------------------------
    $zwnj = \u200C ;
    # U+2060 WORD JOINER after a word: "this word is followed by another word of the
    # phrase" (the Romanizer adds it; only the Arabic rules use it, for teh marbuta).
    $construct = \u2060 ;
    # A word boundary: anything but a letter, a mark or an apostrophe (the apostrophe is
    # written for a hamza inside a word), and the two ends of the text.
    $wb = [^[:L:][:M:]\u0027] ;
    $shadda = \u0651 ;
    $vmark = [\u064B-\u0650\u0670] ;
    $arabicLetter = [\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u06D5] ;
    # Letters that are always consonants (ه counted as one; ع and hamza too).
    $cons = [ءأؤإئبپتثجچحخدذرزژسشصضطظعغفقکگلمنهةۀڤ] ;
    # Sun letters, which assimilate the article's l in speech (not in news spelling).
    $sun = [تثدذرزسشصضطظلن] ;
    # Not followed by a vowel letter or a vowel mark: a long vowel may stand here.
    $notVowel = [^اآ$vmark$shadda] ;
    # Romanized output ending in a vowel or in a consonant.
    $latV = [aeiou] ;
    $latC = [b-df-hj-np-tv-z\u0027] ;
    # ع and the hamzas that are not on an alef: dropped, or a or an apostrophe.
    $ayn = [عءئؤ] ;

    # ---------------------------------------------------------------------------
    # Pass 1: one spelling per letter (the Romanizer's clean profile already does most
    # of this for Persian lines; the rules must also stand on their own).
    # ---------------------------------------------------------------------------
    ::NFC ;
    [يى] > ی ;      # Arabic yeh and alef maksura: Persian writes ی
    [كڪ] > ک ;
    ٱ > ا ;          # alef wasla
    ه \u0654 > ۀ ;   # heh + hamza above is the ezafe letter ۀ
    [ەہھ] > ه ;
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

    # After a ZWNJ: the second part of a compound (ZWNJ is a word boundary otherwise).
    $zwnj { الله } $wb > ollah ;            # حزب‌الله *Hzbollah*, آیت‌الله *Aytollah*
    $zwnj { الدین } $wb > eddin ;           # سراج‌الدین *Srajeddin*
    $zwnj { ال } $arabicLetter > ol ;        # شیخ‌الاسلام *Shikholaslam*

    # Function words written as words.
    $wb { بن } $wb > bin ;
    $wb { بنت } $wb > bint ;
    $wb { ابن } $wb > ibn ;
    $wb { آل } $wb > al ;          # the family: آل سعود *Al Saud*
    $wb { و } $wb > va ;           # the conjunction
    $wb { الله } $wb > allah ;

    # Arabic compounds inside Persian words, read the Persian way.
    $wb { ابوال } $arabicLetter > abol ;      # ابوالفضل *Abolfazl*
    $wb { ذوال } $arabicLetter > zol ;       # ذوالفقار *Zolfaghar*
    $wb { عبد } ال > abd ;                   # then the rules below
    abd { الله } $wb > ollah ;               # عبدالله *Abdollah*
    abd { ال } $arabicLetter > ol ;          # عبدالرضا *Abdolreza*: no assimilation
    [:L:] { الله } $wb > ollah ;             # نصرالله *Nsrollah*
    [:L:] { الدین } $wb > eddin ;            # بدرالدین *Bdreddin*

    # ابو is *Abu*, and a name joined to it is split off: ابومحمد *Abu Mhmd*.
    $wb { ابو } $wb > abu ;
    $wb { ابو } $arabicLetter > 'abu ' ;

    # The article: *al-* before a word of two letters or more, whatever letter follows
    # (news style writes al-Sham, not ash-Sham).
    $wb { ال } $arabicLetter [$arabicLetter$vmark$shadda] > 'al-' ;

    # Alef. At the start of a word it only carries a vowel: a written vowel mark, a long
    # vowel (ایران *Iran*, اوباما *Ubama*), or else a.
    $wb { ا } $vmark > ;
    $wb { او } $notVowel > u ;
    $wb { ای } $notVowel > i ;      # also the suffix ‌ای after a ZWNJ: خامنه‌ای
    $wb { [اأ] > a ;
    \u064E ا > a ;                  # fatha + alef: one long a
    \u064B ا } $wb > ;              # a case ending (tanwin on alef) is not written
    [اآأ] > a ;
    إ > e ;

    # The hamzas and ع. At the start of a word ع carries the word's first vowel.
    $wb { عی } $notVowel > i ;      # عیسی *Isi*
    $wb { عو } $notVowel > u ;      # عون *Un*
    $wb { ع } $cons > a ;           # علی *Ali*, عباس *Abas*
    $wb { ع > ;                     # عادل *Adl*
    $latV { $ayn } [اآویة$vmark] > \u0027 ;  # between vowels: اسماعیل *Asma'il*
    $latV { $ayn } ه $wb > \u0027 ;           # شیعه *Shi'eh*
    $latV { ئ } $cons > e ;         # قائم *Ghaem*
    $latC { ئی } $notVowel > ai ;   # رئیسی *Raisi*
    $latC { عی } $notVowel > ai ;   # سعید *Said*
    $latC { عو } $notVowel > au ;   # سعودی *Saudi*
    $latC { ئ } [اآوی] > a ;
    $latC { $ayn } [$cons$wb] > a ; # شعبان *Shaban*, الشرع *al-Shra*
    $ayn > ;

    # ی: the vowel i, or the consonant y.
    # A doubled final yeh (the nisba) is a long i: عَلِیّ *Ali*, not *Aliyy*.
    \u0650 ی \u0651 [\u064B-\u0650]? } $wb > i ;
    $latC { ی \u0651 [\u064B-\u0650]? } $wb > i ;
    \u0650 ی } [^$vmark$shadda] > i ;   # kasra + yeh: one long i
    \u064E ی } [^$vmark$shadda] > ey ;  # fatha + yeh: the diphthong, as in *Heydar*
    ی } [$vmark$shadda] > y ;           # a yeh with its own vowel, or doubled
    $wb { ی > y ;                       # یزد *Yzd*
    a { یی } $wb > ei ;                 # رضایی *Rzaei*
    $latV { ی > y ;
    $latC { ی } [اآو] > iy ;            # ریاض *Riyaz*, فاطمیون *Fatmiyun*
    $latC { ی } [هة] $wb > iy ;         # سوریه *Suriyeh*
    ی > i ;

    # و: the vowel u, or the consonant v.
    \u064F و } [^$vmark$shadda] > u ;   # damma + waw: one long u
    \u064E و } [^$vmark$shadda] > ow ;  # fatha + waw: the diphthong
    و } [$vmark$shadda] > v ;
    $wb { و > v ;
    $latV { و > v ;
    kh { و } ا > ;                      # خوا is read *kha*: خوانسار *Khansar*
    و } [اآی] > v ;                     # جواد *Jvad*, موسوی *Musavi*
    و > u ;                             # جولانی *Julani*, پوتین *Putin*

    # ه: a final silent heh after a consonant is the vowel e.
    $latC { ه } $zwnj > e ;             # خامنه‌ای *Khamnei*
    $latC { ه } $wb > eh ;              # فاطمه *Fatmeh*
    ه > h ;
    a { ة > ;                           # after a long a: حماة *Hma*
    [ۀة] > eh ;                          # the ezafe is not written

    # Consonants.
    ب > b ;
    پ > p ;
    ت > t ;
    ث > s ;
    ج > j ;
    چ > ch ;
    ح > h ;
    خ > kh ;
    د > d ;
    ذ > z ;
    ر > r ;
    ز > z ;
    ژ > zh ;
    س > s ;
    ش > sh ;
    ص > s ;
    ض > z ;
    ط > t ;
    ظ > z ;
    غ > gh ;
    ف > f ;
    ق > gh ;
    ک > k ;
    گ > g ;
    ل > l ;
    م > m ;
    ن > n ;
    ڤ > v ;

    # Harakat. A vowel on the last letter of a word is a case ending: not written.
    [\u064B-\u0650] } $wb > ;
    \u064E > a ;
    \u0650 > e ;
    \u064F > o ;
    \u064B > an ;
    \u064D > en ;
    \u064C > on ;
    \u0670 > a ;    # superscript alef
    \u0652 > ;      # sukun

    # ---------------------------------------------------------------------------
    # Pass 4: Latin clean-up. Shadda doubles a consonant written with one letter
    # (محمّد *Mohammad*); a digraph is not doubled (بشّار *Bashar*).
    # ---------------------------------------------------------------------------
    ::Null ;
    [sckgzd] { h \u0651 > h ;
    ([b-df-hj-np-tv-z]) \u0651 > $1 $1 ;
    \u0651 > ;
    $zwnj > ;
    $construct > ;
    """#
}
