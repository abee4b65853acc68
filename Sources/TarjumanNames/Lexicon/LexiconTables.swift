import Foundation
import TarjumanText

/// The tables of a ``NameLexicon`` as a text file, so that a short command reads them
/// instead of reading every form of the word list again (which normalizes a few thousand
/// words: about as long as the rest of a cold `lookup`).
///
/// The format, one record per line, fields separated by tabs:
///
///     TJLX1                         (the format)
///     <fingerprint, hexadecimal>    (the list's ``NameLexicon/fingerprint``)
///     <number of records below>     (so that a cut file is never read)
///     M <role> <0|1 general> <gloss>   (each meaning, in order)
///     F <form> <meaning,meaning,...>   (forms)
///     S <stem> <meaning,meaning,...>   (stems of forms)
///
/// A file that does not read back exactly is ignored, and it is written to a temporary
/// name and renamed, so a crash never leaves half a file under the real name.
struct LexiconTables: Equatable {
  /// Bumped whenever the reading of forms changes what it computes.
  static let formatVersion: UInt64 = 1
  private static let magic = "TJLX1"

  var forms: [String: [UInt16]]
  var stemmedForms: [String: [UInt16]]
  var roles: [NameLexicon.Role]
  var general: [Bool]
  var glosses: [String]
  var fingerprint: UInt64

  init(
    forms: [String: [UInt16]], stemmedForms: [String: [UInt16]], roles: [NameLexicon.Role],
    general: [Bool], glosses: [String], fingerprint: UInt64
  ) {
    self.forms = forms
    self.stemmedForms = stemmedForms
    self.roles = roles
    self.general = general
    self.glosses = glosses
    self.fingerprint = fingerprint
  }

  /// Reads saved tables; nil for anything but a file this version wrote.
  init?(text: String) {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
    guard lines.popFirst() == Substring(Self.magic), let print = lines.popFirst(),
      let fingerprint = UInt64(print, radix: 16), let count = lines.popFirst().flatMap({ Int($0) }),
      lines.last == "", lines.count == count + 1
    else { return nil }
    lines = lines.dropLast()
    self.init(
      forms: [:], stemmedForms: [:], roles: [], general: [], glosses: [],
      fingerprint: fingerprint)
    for line in lines {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
      switch (fields.first, fields.count) {
      case ("M", 4):
        guard let raw = UInt8(fields[1]), let role = NameLexicon.Role(rawValue: raw),
          fields[2] == "0" || fields[2] == "1"
        else { return nil }
        roles.append(role)
        general.append(fields[2] == "1")
        glosses.append(String(fields[3]))
      case ("F", 3), ("S", 3):
        let meanings = fields[2].split(separator: ",").compactMap { UInt16($0) }
        guard !meanings.isEmpty, meanings.allSatisfy({ Int($0) < roles.count }) else {
          return nil
        }
        if fields[0] == "F" {
          forms[String(fields[1])] = meanings
        } else {
          stemmedForms[String(fields[1])] = meanings
        }
      default:
        return nil
      }
    }
  }

  /// The text of the file.
  var text: String {
    var lines: [String] = []
    for (meaning, role) in roles.enumerated() {
      lines.append("M\t\(role.rawValue)\t\(general[meaning] ? 1 : 0)\t\(glosses[meaning])")
    }
    for (tag, table) in [("F", forms), ("S", stemmedForms)] {
      for (key, meanings) in table.sorted(by: { $0.key < $1.key }) {
        lines.append("\(tag)\t\(key)\t\(meanings.map(String.init).joined(separator: ","))")
      }
    }
    let header = [Self.magic, String(fingerprint, radix: 16), String(lines.count)]
    return (header + lines).joined(separator: "\n") + "\n"
  }

  /// Writes the file; failures (a read-only home) are ignored: the file only saves time.
  func save(to file: URL) {
    CacheFile.write(text.utf8, to: file)
  }
}
