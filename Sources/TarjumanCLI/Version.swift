/// The version `tarjuman --version` prints.
enum TarjumanVersion {
  static let current = "0.1.0"
}
