import Foundation

/// A folder of its own under the system's temporary folder, for the files a test writes
/// and reads; removed with this object. Shared by the test targets that need one.
public final class TemporaryFolder {
  /// The folder.
  public let url: URL

  /// The folder's path.
  public var path: String { url.path }

  /// Creates the folder; a test that cannot have one stops here.
  public init() {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("tarjuman-tests-\(UUID().uuidString)")
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      preconditionFailure("cannot create the test folder \(url.path): \(error)")
    }
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// The path of a file in the folder (which need not exist).
  public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// Writes a file of the folder and returns its path.
  @discardableResult
  public func file(_ name: String, _ bytes: [UInt8]) -> String {
    let file = path(name)
    let written = FileManager.default.createFile(atPath: file, contents: Data(bytes))
    precondition(written, "cannot write the fixture \(file)")
    return file
  }

  /// Writes a file of the folder as UTF-8 and returns its path.
  @discardableResult
  public func file(_ name: String, _ text: String) -> String { file(name, Array(text.utf8)) }

  /// The contents of a file of the folder as UTF-8, or nil when it cannot be read.
  public func read(_ name: String) -> String? {
    (try? Data(contentsOf: URL(fileURLWithPath: path(name))))
      .map { String(decoding: $0, as: UTF8.self) }
  }
}
