import ArgumentParser
import TarjumanNames

extension TarjumanCommand {
  /// `tarjuman key`: the cross-script name key of each line.
  struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "key",
      abstract: "Print the cross-script name key of each line.",
      discussion: """
        The key is the consonant skeleton of each word of a name, in classes that \
        romanizations confuse: Jolani, al-Julani, Golani, الجولاني and جولانی all give \
        "jln". Articles, vowels, hamza and ayn leave no trace; abu, ibn and bint stay. \
        See Documentation/Names.md.

        Reads the FILEs, or standard input when none are given; one key per line.

        Examples:
          echo 'Abu Muhammad al-Jolani' | tarjuman key
          tarjuman key names.txt -o names.keys
        """
    )

    @OptionGroup var stream: StreamOptions

    func run() throws {
      try stream.run(try NameKeyTransform())
    }
  }
}
