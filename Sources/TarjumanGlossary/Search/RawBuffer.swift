/// A growable array of trivial values (no references) in raw memory, for the finder's
/// per-thread tables: appending and reading do no reference counting, no uniqueness check
/// and no exclusivity check, which a Swift array held by a class does on every access.
///
/// A value type over a pointer: its owner (a class) frees it in `deinit` with
/// ``deallocate()``, and never copies it.
struct RawBuffer<Element: BitwiseCopyable> {
  private(set) var base: UnsafeMutablePointer<Element>
  private(set) var count = 0
  private(set) var capacity: Int

  init(capacity: Int = 16) {
    self.capacity = max(capacity, 1)
    base = .allocate(capacity: self.capacity)
  }

  func deallocate() { base.deallocate() }

  @inline(__always)
  subscript(index: Int) -> Element {
    get { base[index] }
    nonmutating set { base[index] = newValue }
  }

  @inline(__always)
  mutating func append(_ element: Element) {
    if count == capacity { grow(to: count + 1) }
    (base + count).initialize(to: element)
    count &+= 1
  }

  /// Appends bytes (for a buffer of `UInt8`).
  @inline(__always)
  mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
    guard elements.count > 0, let source = elements.baseAddress else { return }
    if count + elements.count > capacity { grow(to: count + elements.count) }
    let target = base + count
    if elements.count <= 24 {
      // Words are short: a loop costs less than a call to memmove.
      for index in 0..<elements.count { (target + index).initialize(to: source[index]) }
    } else {
      target.initialize(from: source, count: elements.count)
    }
    count &+= elements.count
  }

  /// Makes room for `extra` more elements and returns where they go (scratch space: the
  /// count does not change).
  @inline(__always)
  mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<Element> {
    if count + extra > capacity { grow(to: count + extra) }
    return base + count
  }

  /// Forgets the last elements, keeping `newCount`.
  @inline(__always)
  mutating func truncate(to newCount: Int) { count = newCount }

  @inline(__always)
  mutating func removeAll() { count = 0 }

  /// The elements `range` as a buffer (valid until the next append).
  @inline(__always)
  func buffer(_ start: Int, _ length: Int) -> UnsafeBufferPointer<Element> {
    UnsafeBufferPointer(start: base + start, count: length)
  }

  var all: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

  private mutating func grow(to minimum: Int) {
    var newCapacity = capacity * 2
    while newCapacity < minimum { newCapacity *= 2 }
    let bigger = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
    bigger.moveInitialize(from: base, count: count)
    base.deallocate()
    base = bigger
    capacity = newCapacity
  }
}
