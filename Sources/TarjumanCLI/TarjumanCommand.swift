import ArgumentParser
import TarjumanGlossary
import TarjumanNames
import TarjumanText

/// The `tarjuman` command.
@main
struct TarjumanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tarjuman",
    abstract: "Make English, Persian and Arabic names and text line up.",
    discussion: """
      Tarjuman normalizes en/fa/ar text so that equal words are equal byte for byte, \
      whatever keyboard, script variant or invisible character they were typed with; \
      matches names across scripts and romanizations (Jolani = al-Julani = الجولاني); \
      keeps a glossary of how each name is written, and a translation memory of how it \
      was translated.

      Examples:
        tarjuman lookup Julani
        tarjuman find Jolani Corpora/fa/news.txt
        tarjuman canonicalize --lang en --style wire draft.txt
        tarjuman tm import --from en --to fa memory.tmx
        tarjuman suggest --from en --to fa 'Jolani met Russian officers in Damascus'
        tarjuman preprocess --lang auto --normalize clean --split --dedupe exact corpus.txt.gz
        tarjuman normalize --lang fa Corpora/fa/news.txt
        tarjuman normalize --profile key < names.txt
        tarjuman match --candidates names.txt Jolani 'Hayat Tahrir al-Sham'
        echo 'ابومحمد جولانی' | tarjuman translit
      """,
    version: TarjumanVersion.current,
    groupedSubcommands: [
      CommandGroup(
        name: "Glossary",
        subcommands: [Lookup.self, Find.self, Canonicalize.self, GlossaryCommand.self]),
      CommandGroup(name: "Names", subcommands: [Match.self, Key.self, Translit.self]),
      CommandGroup(name: "Text", subcommands: [Normalize.self, Preprocess.self]),
      CommandGroup(name: "Translation memory", subcommands: [Memory.self, Suggest.self]),
    ]
  )

  /// Parses the arguments and runs the command; a `lookup` or `find` first starts what it
  /// will wait for on other threads.
  static func main() {
    // A cold `lookup` spends much of its life building the key normalizer's tables and
    // reading the lexicon of name words: they start before the arguments are parsed, so
    // that parsing (a few milliseconds) is not on their path. The subcommands start them
    // again, which finds them built or being built.
    switch CommandLine.arguments.dropFirst().first {
    case "lookup":
      TextNormalizer.warmUp(profile: .key)
      NameLexicon.warmUp(cacheFolder: GlossaryIndex.defaultCacheFolder)
    case "find":
      TextNormalizer.warmUp(profile: .key)
    default:
      break
    }
    main(nil)
  }
}
