import ArgumentParser
import TarjumanNames
import TarjumanText

extension RomanizationScheme: ExpressibleByArgument {}

extension TarjumanCommand {
  /// `tarjuman translit`: Persian and Arabic text in Latin letters, line by line.
  struct Translit: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write Persian and Arabic text in Latin letters, one output line per input line.",
      discussion: """
        Schemes: news, the spelling English-language media use (ش sh, خ kh, the article \
        as al-); strict, a reversible scholarly scheme with diacritics (ā ī ū ḥ ṣ ʿ ʾ, \
        after ALA-LC); ascii, strict folded to ASCII. The rules are the project's own, in \
        ICU transform syntax (Sources/TarjumanNames/Romanization). Short vowels are not \
        written in the Arabic script, so an unvowelled word comes out with its long vowels \
        only (تهران → Thran); harakat, when present, are read.

        Reads the FILEs, or standard input when none are given. Latin text passes through.

        Examples:
          echo 'ابومحمد جولانی' | tarjuman translit --lang fa
          tarjuman translit --scheme strict Corpora/ar/news.txt
        """
    )

    @Option(help: "The romanization scheme: news, strict or ascii.")
    var scheme: RomanizationScheme = .news

    @Option(
      name: .customLong("lang"), help: "The language of the text: fa, ar, or auto (per line).")
    var language: LanguageOption = .auto

    @OptionGroup var stream: StreamOptions

    func validate() throws {
      if language == .en { throw ValidationError("--lang must be fa, ar or auto.") }
    }

    func run() throws {
      let romanizer = try Romanizer(scheme: scheme, language: language.setting)
      try stream.run(RomanizerTransform(romanizer))
    }
  }
}
