import ArgumentParser
import TarjumanGlossary
import TarjumanNames
import TarjumanText

extension RomanizationScheme: ExpressibleByArgument {}

extension TarjumanCommand {
  /// `tarjuman translit`: Persian and Arabic text in Latin letters, line by line.
  struct Translit: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "translit",
      abstract: "Write Persian and Arabic text in Latin letters, one output line per input line.",
      discussion: """
        Schemes: news, the spelling English-language media use (ش sh, خ kh, the article \
        as al-); strict, a reversible scholarly scheme with diacritics (ā ī ū ḥ ṣ ʿ ʾ, \
        after ALA-LC); ascii, strict folded to ASCII. The rules are the project's own, in \
        ICU transform syntax (Sources/TarjumanNames/Romanization). Short vowels are not \
        written in the Arabic script, so an unvowelled word comes out with its long vowels \
        only (تهران → Thran by the rules); harakat, when present, are read. With news, names \
        the glossaries know take their English rendering (تهران → Tehran, محمد → Mohammad), \
        also after a joined و ف ب ل in Arabic (ومحمد → wa-Mohammad); --no-glossary turns \
        that off.

        Reads the FILEs, or standard input when none are given. Latin text passes through.

        With --to fa or --to ar the direction is reversed: each line is a Latin name, and \
        the output is its likeliest spellings in Persian or Arabic script, best first, \
        separated by tabs (--count of them): Jolani → جولانی; al-Julani → الجولاني. A name \
        the glossaries know comes out as they write it first (Hassan Nasrallah → حسن \
        نصرالله, whatever its case or accents), and the words they know in other names \
        (Hassan Diab → حسن دیاب); --no-glossary leaves the rules alone.

        Examples:
          echo 'ابومحمد جولانی' | tarjuman translit --lang fa
          tarjuman translit --scheme strict Corpora/ar/news.txt
          echo 'al-Jolani' | tarjuman translit --to ar --count 3
        """
    )

    @Option(help: "The romanization scheme: news, strict or ascii.")
    var scheme: RomanizationScheme = .news

    @Option(
      name: .customLong("lang"), help: "The language of the text: fa, ar, or auto (per line).")
    var language: LanguageOption = .auto

    @Option(
      help: "The script to write: latin (from Persian and Arabic), or fa or ar (from Latin names).")
    var to: TargetScript = .latin

    @Option(help: "With --to fa or ar: how many spellings to print per name.")
    var count: Int = 1

    @Option(help: "The house style whose renderings of glossary names to write.")
    var style: String?

    @Flag(
      name: .customLong("no-glossary"),
      help: "Write every name by the rules, even names the glossaries know.")
    var noGlossary = false

    @OptionGroup var glossaryOptions: GlossaryOptions
    @OptionGroup var stream: StreamOptions

    enum TargetScript: String, CaseIterable, ExpressibleByArgument {
      case latin, fa, ar
    }

    func validate() throws {
      if language == .en { throw ValidationError("--lang must be fa, ar or auto.") }
      if count < 1 { throw ValidationError("--count must be at least 1.") }
    }

    func run() throws {
      switch to {
      case .latin:
        RomanizerTransform.prepare(forInputBytes: stream.inputByteCount)
        var preferred: (any PreferredRenderingSource)?
        // The scholarly schemes are reversible: a journalistic rendering would break that.
        if !noGlossary && scheme == .news { preferred = try glossaryRenderings() }
        let romanizer = try Romanizer(
          scheme: scheme, language: language.setting, preferred: preferred)
        try stream.run(RomanizerTransform(romanizer))
      case .fa, .ar:
        let known = noGlossary ? nil : try glossarySpellings()
        try stream.run(
          ArabicScriptSpellerTransform(language: to == .fa ? .fa : .ar, count: count, known: known))
      }
    }

    /// The glossaries' Persian and Arabic spellings of the Latin names they know.
    func glossarySpellings() throws -> GlossarySpellings {
      let glossary = try glossaryOptions.load(
        allowEmpty: style == nil && glossaryOptions.glossaries.isEmpty)
      return try GlossarySpellings(
        glossary: glossary, style: try GlossaryOptions.style(style, in: glossary))
    }

    /// The glossaries' renderings of names, as a table of words' `key` forms: read from
    /// the cache folder when a run before this one saved the table for the same
    /// glossary files (byte for byte), style and binary; otherwise computed from the
    /// glossaries (reading them and pairing their names costs a tenth of a second, as
    /// much as romanizing 10 MB) and saved.
    func glossaryRenderings() throws -> any PreferredRenderingSource {
      // The glossary only improves names: without one (a binary installed alone), the
      // rules romanize everything, unless a house style was asked for.
      let allowEmpty = style == nil && glossaryOptions.glossaries.isEmpty
      let loader = GlossaryLoader()
      let files = try? loader.files(
        extra: glossaryOptions.glossaries, includeShipped: !glossaryOptions.noShipped)
      let cached = files.flatMap { files in
        files.isEmpty && !allowEmpty
          ? nil : RenderingTable.CachedTable(glossaries: files, style: style)
      }
      if let cached, let entries = cached.read() {
        return try RenderingTable(entries: entries)
      }
      let glossary = try glossaryOptions.load(allowEmpty: allowEmpty)
      let renderings = try GlossaryRenderings(
        glossary: glossary, style: try GlossaryOptions.style(style, in: glossary))
      let table = try RenderingTable(entries: renderings.entries)
      // Saved only if the files did not change while they were read.
      if let cached, let files,
        RenderingTable.CachedTable(glossaries: files, style: style) == cached
      {
        cached.write(table)
      }
      return table
    }
  }
}
