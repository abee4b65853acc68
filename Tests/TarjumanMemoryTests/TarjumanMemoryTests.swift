import Testing

@testable import TarjumanMemory

@Suite("TarjumanMemory")
struct TarjumanMemoryTests {
  @Test func moduleIsPresent() {
    #expect(String(describing: TarjumanMemory.self) == "TarjumanMemory")
  }
}
