/// A growable buffer of trivial values in manually managed memory, for the hot loops of
/// the normalizer, the finder and the romanizer: unlike `Array`, appending and reading do
/// no reference counting, no uniqueness check and no exclusivity check, which were most of
/// the cost per character there.
///
/// A `RawBuffer` is a plain value holding a pointer: copies share memory. Exactly one owner
/// frees it (``free()``), and code that takes it out of its owner to use it as a local
/// variable puts it back, so that growth is never lost.
///
/// Public and `@inlinable` so that the other modules' loops get it specialized and inlined:
/// this toolchain inlines neither `package` functions nor unspecialized generic code into
/// another module.
public struct RawBuffer<Element: BitwiseCopyable> {
  @usableFromInline var storage: UnsafeMutablePointer<Element>
  @usableFromInline var allocated: Int
  /// The number of elements; setting it lower forgets the elements past it.
  public var count = 0

  /// A buffer with room for `capacity` elements (at least 16).
  @inlinable
  public init(capacity: Int = 16) {
    allocated = max(capacity, 16)
    storage = .allocate(capacity: allocated)
  }

  /// The first element's address, valid until the buffer grows.
  @inlinable public var base: UnsafeMutablePointer<Element> { storage }

  /// How many elements fit before the buffer grows.
  @inlinable public var capacity: Int { allocated }

  /// The elements as a buffer pointer, valid until the next append.
  @inlinable
  public var elements: UnsafeBufferPointer<Element> {
    UnsafeBufferPointer(start: storage, count: count)
  }

  /// `length` elements from `start`, valid until the next append.
  @inlinable @inline(__always)
  public func buffer(_ start: Int, _ length: Int) -> UnsafeBufferPointer<Element> {
    UnsafeBufferPointer(start: storage + start, count: length)
  }

  /// The element at `index`, which must be below ``count``.
  @inlinable
  public subscript(index: Int) -> Element {
    @inline(__always) get { storage[index] }
    @inline(__always) nonmutating set { storage[index] = newValue }
  }

  /// Makes room for `extra` more elements, so that the `appendUnchecked` methods may be
  /// used, and returns where they go (scratch space: the count does not change).
  @inlinable @inline(__always) @discardableResult
  public mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<Element> {
    if count &+ extra > allocated { grow(to: count &+ extra) }
    return storage + count
  }

  /// Appends, growing when full.
  @inlinable @inline(__always)
  public mutating func append(_ element: Element) {
    if count == allocated { grow(to: count &+ 1) }
    storage[count] = element
    count &+= 1
  }

  /// Appends without a capacity check: the caller reserved room.
  @inlinable @inline(__always)
  public mutating func appendUnchecked(_ element: Element) {
    assert(count < allocated)
    storage[count] = element
    count &+= 1
  }

  /// Appends elements without a capacity check: the caller reserved room.
  @inlinable @inline(__always)
  public mutating func appendUnchecked(contentsOf elements: UnsafeBufferPointer<Element>) {
    assert(count + elements.count <= allocated)
    guard let source = elements.baseAddress else { return }
    (storage + count).update(from: source, count: elements.count)
    count &+= elements.count
  }

  /// Appends elements, growing when full. Short runs of bytes (most words) are copied with
  /// two loads and stores that may overlap, and other short runs with a loop, rather than
  /// with a call to `memmove`.
  @inlinable @inline(__always)
  public mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
    guard let source = elements.baseAddress, !elements.isEmpty else { return }
    let length = elements.count
    let target = reserve(length)
    if MemoryLayout<Element>.stride == 1 && length >= 4 && length <= 16 {
      let from = UnsafeRawPointer(source)
      let to = UnsafeMutableRawPointer(target)
      if length >= 8 {
        let head = from.loadUnaligned(as: UInt64.self)
        let tail = from.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self)
        to.storeBytes(of: head, as: UInt64.self)
        to.storeBytes(of: tail, toByteOffset: length &- 8, as: UInt64.self)
      } else {
        let head = from.loadUnaligned(as: UInt32.self)
        let tail = from.loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self)
        to.storeBytes(of: head, as: UInt32.self)
        to.storeBytes(of: tail, toByteOffset: length &- 4, as: UInt32.self)
      }
    } else if length <= 24 {
      for index in 0..<length { target[index] = source[index] }
    } else {
      target.update(from: source, count: length)
    }
    count &+= length
  }

  /// Forgets the elements past `newCount`.
  @inlinable @inline(__always)
  public mutating func truncate(to newCount: Int) { count = newCount }

  /// Forgets every element, keeping the memory.
  @inlinable @inline(__always)
  public mutating func removeAll() { count = 0 }

  @inlinable @inline(never)
  mutating func grow(to minimum: Int) {
    var newCapacity = allocated * 2
    while newCapacity < minimum { newCapacity *= 2 }
    let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
    grown.update(from: storage, count: count)
    storage.deallocate()
    storage = grown
    allocated = newCapacity
  }

  /// Releases the memory; the buffer must not be used afterwards.
  @inlinable
  public func free() { storage.deallocate() }
}

extension RawBuffer where Element == UInt8 {
  /// Appends the UTF-8 encoding of a scalar value; the caller reserved 4 bytes.
  @inlinable @inline(__always)
  public mutating func appendUTF8Unchecked(_ value: UInt32) {
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
