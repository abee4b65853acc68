internal import CTarjumanICU

/// Names of regions and time-zone cities in a language, from the CLDR data ICU carries,
/// so that place names follow the ICU version instead of being typed by hand.
///
/// The corresponding ICU functions are `uloc_getISOCountries`, `uloc_getDisplayCountry`,
/// `ucal_openTimeZoneIDEnumeration` and `udat_format` with the pattern `VVV`.
public enum DisplayNames {
  /// The ISO 3166 two-letter region codes ICU knows (`AD` … `ZW`).
  public static var regionCodes: [String] {
    var codes: [String] = []
    let list = tj_region_codes()
    var index = 0
    while let code = list[index] {
      codes.append(String(cString: code))
      index += 1
    }
    return codes
  }

  /// The name of a region (`IR`, or a UN M.49 area such as `145`) in a language; nil
  /// when ICU has no name for it in that language (it would return the code).
  ///
  /// - Throws: `ICUError` when ICU fails.
  public static func regionName(_ region: String, in locale: String) throws(ICUError) -> String? {
    let units = try withResizingUTF16Buffer(
      estimate: 32, context: "naming region \(region) in \(locale)"
    ) { destination, capacity, status in
      tj_region_display_name(region, locale, destination, capacity, status)
    }
    let name = String(decoding: units, as: UTF16.self)
    return name.isEmpty || name == region ? nil : name
  }

  /// The canonical time zones tied to a location (`Asia/Tehran`, `Europe/Moscow`), of one
  /// region (`IR`) or of all, in ICU's order.
  ///
  /// - Throws: `ICUError` when ICU fails.
  public static func timeZoneIDs(region: String? = nil) throws(ICUError) -> [String] {
    var status: Int32 = 0
    let needed = tj_time_zone_ids(region, nil, 0, &status)
    guard status == Int32(TJ_BUFFER_OVERFLOW_ERROR) || status <= 0 else {
      throw ICUError(code: status, context: "listing time zones")
    }
    var buffer = [CChar](repeating: 0, count: Int(needed) + 1)
    status = 0
    _ = buffer.withUnsafeMutableBufferPointer {
      tj_time_zone_ids(region, $0.baseAddress, Int32($0.count), &status)
    }
    try status.checkICUSuccess("listing time zones")
    let bytes = buffer.prefix(Int(needed)).map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
  }

  /// The city a time zone is named after (`Tehran`, `تهران`, `طهران` for `Asia/Tehran`) in
  /// a language.
  ///
  /// - Throws: `ICUError` when ICU fails.
  public static func exemplarCity(ofTimeZone zone: String, in locale: String) throws(ICUError)
    -> String
  {
    let units = try zone.withUTF16Buffer { (zoneUnits) throws(ICUError) in
      try withResizingUTF16Buffer(
        estimate: 32, context: "naming the city of \(zone) in \(locale)"
      ) { destination, capacity, status in
        tj_time_zone_exemplar_city(
          zoneUnits.nonNullBase, Int32(zoneUnits.count), locale, destination, capacity, status)
      }
    }
    return String(decoding: units, as: UTF16.self)
  }
}
