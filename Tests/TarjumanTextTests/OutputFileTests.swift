import Foundation
import TarjumanTestSupport
import Testing

@testable import TarjumanText

#if canImport(Glibc)
  import Glibc
#endif

/// Output files: a temporary file renamed into place, except where a rename would do harm.
@Suite("output files")
struct OutputFileTests {
  func fileType(_ path: String) -> mode_t {
    var status = stat()
    #expect(lstat(path, &status) == 0, "\(path) is gone")
    return status.st_mode & S_IFMT
  }

  @Test("a new file appears only when the output is committed; an abandoned one never")
  func newFile() throws {
    let folder = TemporaryFolder()
    let path = folder.path("out.txt")
    let file = try OutputFile(path: path)
    let written = Array("a\n".utf8).withUnsafeBufferPointer {
      OutputFile.writeAll($0, to: file.descriptor)
    }
    #expect(written == nil)
    #expect(!FileManager.default.fileExists(atPath: path))
    try file.commit()
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("a\n".utf8))
    let abandoned = try OutputFile(path: folder.path("never.txt"))
    abandoned.abandon()
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["out.txt"])
  }

  @Test("a file replaced keeps its permissions")
  func permissions() throws {
    let folder = TemporaryFolder()
    let path = folder.file("kept.txt", Array("old\n".utf8))
    #expect(chmod(path, 0o640) == 0)
    try OutputFile.write(Array("new\n".utf8), to: path)
    var status = stat()
    #expect(stat(path, &status) == 0)
    #expect(status.st_mode & 0o777 == 0o640)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("new\n".utf8))
  }

  @Test("a symbolic link stays a link; the file it points to is replaced")
  func symbolicLink() throws {
    let folder = TemporaryFolder()
    let target = folder.file("target.txt", Array("old\n".utf8))
    let link = folder.path("link.txt")
    #expect(symlink(target, link) == 0)
    try OutputFile.write(Array("new\n".utf8), to: link)
    #expect(fileType(link) == S_IFLNK)
    #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == Data("new\n".utf8))
  }

  @Test("a FIFO (like a device such as /dev/null) is written in place, not replaced")
  func fifo() throws {
    let folder = TemporaryFolder()
    let path = folder.path("pipe")
    #expect(mkfifo(path, 0o600) == 0)
    // A reader first, so that opening the FIFO for writing does not wait.
    let reader = open(path, O_RDONLY | O_NONBLOCK)
    #expect(reader >= 0)
    defer { close(reader) }
    try OutputFile.write(Array("through\n".utf8), to: path)
    #expect(fileType(path) == S_IFIFO)
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = read(reader, &buffer, buffer.count)
    #expect(Array(buffer.prefix(max(count, 0))) == Array("through\n".utf8))
  }

  @Test("a path in a folder that does not exist fails with its errno")
  func missingFolder() throws {
    let folder = TemporaryFolder()
    #expect(throws: OutputFileError(code: ENOENT)) {
      try OutputFile.write([0x61], to: folder.path("no/such/folder/out.txt"))
    }
  }
}
