import ArgumentParser
import TarjumanText

extension TarjumanCommand {
  /// `tarjuman normalize`: the normalization filter.
  struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "normalize",
      abstract: "Normalize Persian, Arabic and English text, one output line per input line.",
      discussion: """
        Reads the FILEs in order, or standard input when none are given, and writes \
        standard output (or -o FILE): one line per input line (except lines left out by \
        --on-invalid skip), each ending as its input line did (LF or CRLF).

        Profiles:
          nfc    Unicode NFC.
          nfkc   Unicode NFKC.
          clean  Safe for display and publishing: NFC, presentation forms, bidi controls, \
        tatweel, yeh and kaf of the language, Persian ZWNJ, digits, punctuation and spacing, \
        apostrophes, dashes, odd spaces. Changes spelling conventions, never meaning.
          key    Lossy, for matching and indexing: clean, then case folding, no diacritics, \
        one alef, one yeh, one kaf, heh for teh marbuta, ASCII digits, no apostrophes or \
        ZWNJ, collapsed whitespace. Does not depend on --lang.

        With --lang auto each line's language is decided from its letters: Persian-only \
        letters (پ چ ژ گ ک ی) against Arabic-only ones (ة ي ك ى); more Latin than Arabic \
        letters makes a line English. See Documentation/Normalization.md.

        Exit status: 0 success; 64 bad usage; 65 invalid input (not UTF-8, UTF-16, a line \
        over --max-line-bytes); 66 an input cannot be opened; 73 the output cannot be \
        written; 74 reading an input failed.

        Examples:
          tarjuman normalize --lang fa --digits persian Corpora/fa/news.txt
          tarjuman normalize --profile key -o keys.txt names.txt
        """
    )

    @Option(help: "The normalization profile: nfc, nfkc, clean or key.")
    var profile: NormalizationProfile = .clean

    @Option(
      name: .customLong("lang"), help: "The language of the text: fa, ar, en, or auto (per line).")
    var language: LanguageOption = .auto

    @Option(help: "How to write digits in the clean profile: keep, ascii, persian or arabic.")
    var digits: DigitStyle = .keep

    @OptionGroup var stream: StreamOptions

    func run() throws {
      let normalizer = try TextNormalizer(
        options: NormalizationOptions(
          profile: profile, language: language.setting, digits: digits))
      try stream.run(normalizer)
    }
  }
}
