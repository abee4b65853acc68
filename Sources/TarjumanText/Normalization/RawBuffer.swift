/// A growable buffer of trivial values in manually managed memory, for the normalization
/// loops: unlike `Array`, appending does no uniqueness check and no exclusivity check,
/// which were most of the cost per character.
///
/// A `RawBuffer` is a plain value holding a pointer: copies share memory. Exactly one owner
/// (a ``NormalizerWorkspace``) frees it; the loops take it out, use it as a local variable
/// and put it back, so that growth is never lost.
struct RawBuffer<Element: BitwiseCopyable> {
  private(set) var base: UnsafeMutablePointer<Element>
  var count = 0
  private(set) var capacity: Int

  init(capacity: Int) {
    self.capacity = max(capacity, 16)
    base = .allocate(capacity: self.capacity)
  }

  /// Makes room for `additional` more elements, so that `appendUnchecked` may be used.
  @inline(__always)
  mutating func reserve(additional: Int) {
    if count + additional > capacity { grow(to: max(capacity * 2, count + additional)) }
  }

  /// Appends, growing when full.
  @inline(__always)
  mutating func append(_ element: Element) {
    if count == capacity { grow(to: capacity * 2) }
    base[count] = element
    count += 1
  }

  /// Appends without a capacity check: the caller reserved room.
  @inline(__always)
  mutating func appendUnchecked(_ element: Element) {
    assert(count < capacity)
    base[count] = element
    count += 1
  }

  /// Appends elements without a capacity check: the caller reserved room.
  @inline(__always)
  mutating func appendUnchecked(contentsOf elements: UnsafeBufferPointer<Element>) {
    assert(count + elements.count <= capacity)
    guard let source = elements.baseAddress else { return }
    (base + count).update(from: source, count: elements.count)
    count += elements.count
  }

  /// Appends elements, growing when full.
  @inline(__always)
  mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
    reserve(additional: elements.count)
    appendUnchecked(contentsOf: elements)
  }

  @inline(never)
  private mutating func grow(to newCapacity: Int) {
    let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
    newBase.update(from: base, count: count)
    base.deallocate()
    base = newBase
    capacity = newCapacity
  }

  /// The elements as a buffer pointer, valid until the next append.
  var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

  /// Releases the memory; the buffer must not be used afterwards.
  func free() { base.deallocate() }
}

extension RawBuffer where Element == UInt8 {
  /// Appends the UTF-8 encoding of a scalar value; the caller reserved 4 bytes.
  @inline(__always)
  mutating func appendUTF8Unchecked(_ value: UInt32) {
    if value < 0x80 {
      appendUnchecked(UInt8(truncatingIfNeeded: value))
    } else if value < 0x800 {
      appendUnchecked(UInt8(truncatingIfNeeded: 0xC0 | value >> 6))
      appendUnchecked(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
    } else if value < 0x10000 {
      appendUnchecked(UInt8(truncatingIfNeeded: 0xE0 | value >> 12))
      appendUnchecked(UInt8(truncatingIfNeeded: 0x80 | (value >> 6) & 0x3F))
      appendUnchecked(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
    } else {
      appendUnchecked(UInt8(truncatingIfNeeded: 0xF0 | value >> 18))
      appendUnchecked(UInt8(truncatingIfNeeded: 0x80 | (value >> 12) & 0x3F))
      appendUnchecked(UInt8(truncatingIfNeeded: 0x80 | (value >> 6) & 0x3F))
      appendUnchecked(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
    }
  }
}
