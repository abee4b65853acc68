import ArgumentParser
import TarjumanText

extension NormalizationProfile: ExpressibleByArgument {}
extension DigitStyle: ExpressibleByArgument {}
extension InvalidInputPolicy: ExpressibleByArgument {}

/// `--lang`: a fixed language or `auto`.
enum LanguageOption: String, CaseIterable, ExpressibleByArgument {
  case fa, ar, en, auto

  var setting: LanguageSetting {
    switch self {
    case .fa: .fixed(.fa)
    case .ar: .fixed(.ar)
    case .en: .fixed(.en)
    case .auto: .auto
    }
  }
}
