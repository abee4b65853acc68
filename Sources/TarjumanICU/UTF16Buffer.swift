internal import CTarjumanICU

/// Runs an ICU function that writes UTF-16 into a caller-supplied buffer, growing the
/// buffer once when ICU reports `U_BUFFER_OVERFLOW_ERROR` with the length it needs.
///
/// The first attempt uses stack memory sized from `estimate`; ICU's reported length is
/// exact, so one retry always suffices.
///
/// - Parameters:
///   - estimate: the expected length of the result in UTF-16 code units.
///   - context: words for the error message, such as "normalizing to NFC".
///   - body: calls ICU with a destination pointer and capacity and a status pointer, and
///     returns the length ICU reports.
/// - Returns: the result as UTF-16 code units.
/// - Throws: `ICUError` when ICU fails with anything but a buffer overflow.
func withResizingUTF16Buffer(
  estimate: Int,
  context: @autoclosure () -> String,
  _ body: (UnsafeMutablePointer<UInt16>, Int32, UnsafeMutablePointer<Int32>) -> Int32
) throws(ICUError) -> [UInt16] {
  var status: Int32 = 0
  var neededLength = 0
  let capacity = max(estimate, 16)
  let firstTry: [UInt16]? = withUnsafeTemporaryAllocation(of: UInt16.self, capacity: capacity) {
    buffer in
    // A temporary allocation of positive capacity always has a base address.
    let length = body(buffer.baseAddress.unsafelyUnwrapped, Int32(capacity), &status)
    guard status <= 0 else {
      neededLength = Int(length)
      return nil
    }
    return Array(buffer[0..<Int(length)])
  }
  if let firstTry { return firstTry }
  guard status == Int32(TJ_BUFFER_OVERFLOW_ERROR) else {
    throw ICUError(code: status, context: context())
  }
  // ICU reported the exact length it needs, so a single retry suffices.
  var result = [UInt16](repeating: 0, count: max(neededLength, 1))
  var retryStatus: Int32 = 0
  let length = result.withUnsafeMutableBufferPointer { buffer in
    body(buffer.baseAddress.unsafelyUnwrapped, Int32(buffer.count), &retryStatus)
  }
  try retryStatus.checkICUSuccess(context())
  result.removeSubrange(Int(length)...)
  return result
}

extension String {
  /// Calls `body` with the UTF-16 code units of the string in contiguous memory.
  @inline(__always)
  func withUTF16Buffer<R, E: Error>(
    _ body: (UnsafeBufferPointer<UInt16>) throws(E) -> R
  ) throws(E) -> R {
    let units = ContiguousArray(self.utf16)
    return try units.withUnsafeBufferPointer { buffer throws(E) in try body(buffer) }
  }
}

extension UnsafeBufferPointer where Element == UInt16 {
  /// A base address that is never nil, so that empty strings can be passed to ICU.
  @inline(__always)
  var nonNullBase: UnsafePointer<UInt16> {
    if let base = baseAddress { return base }
    return UnsafePointer(emptyUTF16Storage)
  }
}

/// One code unit of storage that empty inputs point to; ICU never reads past a length of 0.
nonisolated(unsafe) private let emptyUTF16Storage: UnsafeMutablePointer<UInt16> = {
  let pointer = UnsafeMutablePointer<UInt16>.allocate(capacity: 1)
  pointer.initialize(to: 0)
  return pointer
}()
