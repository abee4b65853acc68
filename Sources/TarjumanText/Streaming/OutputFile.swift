#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file that output goes to, written so that a failed run leaves the path as it was:
/// through a temporary file beside it, renamed onto it when the run succeeds.
///
/// Two kinds of path are written otherwise:
/// - an existing file that is not a regular one (a device such as `/dev/null`, a FIFO, a
///   socket) is written in place: a rename would put a regular file where the device was;
/// - a symbolic link keeps pointing where it did: the temporary file goes beside the
///   link's target, and replaces the target.
///
/// A regular file that is replaced keeps its permissions.
public struct OutputFile {
  /// The path as it was given, for messages.
  public let path: String
  /// Where to write.
  public let descriptor: Int32
  /// The temporary file, or nil when the path is written in place.
  public let temporaryPath: String?
  /// What the temporary file replaces.
  private let finalPath: String

  /// Opens the output for `path`.
  ///
  /// - Throws: the `errno` of the call that failed (the folder does not exist or cannot
  ///   be written, and so on).
  public init(path: String) throws(OutputFileError) {
    self.path = path
    var status = stat()
    if stat(path, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG {
      let opened = open(path, O_WRONLY | O_CLOEXEC)
      guard opened >= 0 else { throw OutputFileError(code: errno) }
      descriptor = opened
      temporaryPath = nil
      finalPath = path
      return
    }
    let existing = stat(path, &status) == 0
    var target = path
    var linkStatus = stat()
    if lstat(path, &linkStatus) == 0 && (linkStatus.st_mode & S_IFMT) == S_IFLNK,
      let resolved = realpath(path, nil)
    {
      target = String(cString: resolved)
      free(resolved)
    }
    let directoryEnd = target.lastIndex(of: "/")
    let directory = directoryEnd.map { String(target[...$0]) } ?? ""
    let name = directoryEnd.map { String(target[target.index(after: $0)...]) } ?? target
    let temporary = "\(directory).\(name).tarjuman-\(getpid()).tmp"
    let opened = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard opened >= 0 else { throw OutputFileError(code: errno) }
    if existing { _ = fchmod(opened, status.st_mode & 0o7777) }
    descriptor = opened
    temporaryPath = temporary
    finalPath = target
  }

  /// Finishes the output: closes it and renames the temporary file into place.
  ///
  /// - Parameter closed: whether the caller has closed the descriptor already (a gzip
  ///   stream over it closes it), successfully.
  /// - Throws: the `errno` of the close or rename that failed (the temporary file is
  ///   removed then).
  public func commit(closed: Bool = false) throws(OutputFileError) {
    guard closed || close(descriptor) == 0 else {
      let code = errno
      if let temporaryPath { unlink(temporaryPath) }
      throw OutputFileError(code: code)
    }
    guard let temporaryPath else { return }
    if rename(temporaryPath, finalPath) != 0 {
      let code = errno
      unlink(temporaryPath)
      throw OutputFileError(code: code)
    }
  }

  /// Throws the output away: closes it (unless the caller has) and removes the temporary
  /// file (what was written in place stays written).
  public func abandon(closed: Bool = false) {
    if !closed { _ = close(descriptor) }
    if let temporaryPath { unlink(temporaryPath) }
  }

  /// Writes all of `bytes` to `path` as one output (see ``OutputFile``).
  public static func write(_ bytes: [UInt8], to path: String) throws(OutputFileError) {
    let file = try OutputFile(path: path)
    if let code = bytes.withUnsafeBufferPointer({ writeAll($0, to: file.descriptor) }) {
      file.abandon()
      throw OutputFileError(code: code)
    }
    try file.commit()
  }

  /// Writes all of `bytes` to a descriptor, again after a short write or an interruption.
  ///
  /// - Returns: the `errno` of a write that failed, or nil.
  public static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32)
    -> Int32?
  {
    guard let base = bytes.baseAddress else { return nil }
    var offset = 0
    while offset < bytes.count {
      let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        return errno
      }
      offset += written
    }
    return nil
  }
}

/// Why an output file could not be written: an `errno` value.
public struct OutputFileError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The `errno` of the call that failed.
  public let code: Int32

  /// Creates the error for an `errno` value.
  public init(code: Int32) { self.code = code }

  /// The system's message for the code.
  public var description: String { String(cString: strerror(code)) }
}
