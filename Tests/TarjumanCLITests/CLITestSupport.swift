import Foundation
import Testing

/// The result of running the built `tarjuman` binary.
struct CommandResult {
  var status: Int32
  var standardOutput: String
  var standardError: String
  var outputBytes: [UInt8]
}

/// The `tarjuman` executable next to the test bundle, built by `swift build`/`swift test`.
let tarjumanExecutable: URL? = {
  let candidates = [
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
    Bundle.main.bundleURL,
    Bundle.main.bundleURL.deletingLastPathComponent(),
  ]
  for folder in candidates {
    let url = folder.appendingPathComponent("tarjuman")
    if FileManager.default.isExecutableFile(atPath: url.path) { return url }
  }
  return nil
}()

/// Runs `tarjuman` with arguments and standard input, in the repository's root folder.
func runTarjuman(_ arguments: [String], input: [UInt8] = []) throws -> CommandResult {
  let executable = try #require(tarjumanExecutable, "the tarjuman binary was not built")
  let process = Process()
  process.executableURL = executable
  process.arguments = arguments
  process.currentDirectoryURL = repositoryRoot
  let stdin = Pipe()
  let stdout = Pipe()
  let stderr = Pipe()
  process.standardInput = stdin
  process.standardOutput = stdout
  process.standardError = stderr
  try process.run()
  // Write and read on separate threads so that large inputs and outputs cannot deadlock.
  let writer = Thread {
    stdin.fileHandleForWriting.write(Data(input))
    try? stdin.fileHandleForWriting.close()
  }
  writer.start()
  let errorData = LockedData()
  let errorReader = Thread { errorData.value = stderr.fileHandleForReading.readDataToEndOfFile() }
  errorReader.start()
  let output = stdout.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  while errorReader.isExecuting || !errorReader.isFinished { usleep(1000) }
  return CommandResult(
    status: process.terminationStatus,
    standardOutput: String(decoding: output, as: UTF8.self),
    standardError: String(decoding: errorData.value, as: UTF8.self),
    outputBytes: Array(output))
}

/// Data written by one thread and read by another after it finished.
final class LockedData: @unchecked Sendable {
  private let lock = NSLock()
  private var storage = Data()
  var value: Data {
    get { lock.withLock { storage } }
    set { lock.withLock { storage = newValue } }
  }
}

/// The repository's root folder.
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
