/// The text of a shared string (`<si>`) or an inline string (`<is>`): plain (`<t>`) or rich text
/// in runs (`<r><rPr/><t>…</t></r>`); phonetic guides (`<rPh>`) are not part of the text.
struct CellText {
    private(set) var value = ""
    private var inText = false
    private var phoneticDepth = 0
    /// Past this many UTF-8 bytes the text is certainly over `WorkbookReader.Limits.maxCellCharacters`.
    private let byteLimit: Int

    init(limits: WorkbookReader.Limits) { byteLimit = 3 * limits.maxCellCharacters }

    mutating func start(_ element: String) {
        if element == "rPh" { phoneticDepth += 1 } else if element == "t", phoneticDepth == 0 { inText = true }
    }

    mutating func end(_ element: String) {
        if element == "rPh" { phoneticDepth = max(0, phoneticDepth - 1) } else if element == "t" { inText = false }
    }

    /// Adds text inside a `<t>`; false once the text is too long to keep.
    mutating func text(_ text: String) -> Bool {
        guard inText else { return true }
        value += text
        return value.utf8.count <= byteLimit
    }
}

extension String {
    /// The text with the format's escapes for characters XML cannot hold decoded: Excel writes a
    /// line break typed in a cell as `_x000D_` (and a literal `_x0041_` as `_x005F_x0041_`).
    var decodingSpreadsheetEscapes: String {
        guard contains("_x") else { return self }
        var units = Array(utf16)[...]
        var decoded: [UInt16] = []
        decoded.reserveCapacity(units.count)
        while let unit = units.first {
            // `_xHHHH_`: 7 units.
            let hex = units.dropFirst(2).prefix(4)
            if unit == 0x5F, units.count >= 7, units[units.startIndex + 1] == 0x78, units[units.startIndex + 6] == 0x5F,
                hex.allSatisfy({ Unicode.Scalar($0).map(\.properties.isASCIIHexDigit) ?? false }),
                let code = UInt16(String(decoding: hex, as: UTF16.self), radix: 16)
            {
                decoded.append(code)
                units.removeFirst(7)
            } else {
                decoded.append(unit)
                units.removeFirst()
            }
        }
        return String(decoding: decoded, as: UTF16.self)
    }
}
