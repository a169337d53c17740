/// Cell names as spreadsheet programs show them: columns `A`…`XFD`, rows 1…1,048,576.
enum CellReference {
    static let maxColumns = 16_384
    static let maxRows = 1_048_576

    /// `0` → `A`, `25` → `Z`, `26` → `AA`.
    static func columnName(_ column: Int) -> String {
        var name: [UInt8] = []
        var rest = column + 1
        while rest > 0 {
            name.append(UInt8(ascii: "A") + UInt8((rest - 1) % 26))
            rest = (rest - 1) / 26
        }
        return String(decoding: name.reversed(), as: UTF8.self)
    }

    /// The column (0-based) of a reference such as `C7` or `c7`, or nil
    /// when it is not one or is outside the sheet.
    static func column(of reference: String) -> Int? {
        var column = 0, letters = 0, digits = 0
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard letters < 3, digits == 0 else { return nil }
                column = column * 26 + Int((byte | 0x20) - UInt8(ascii: "a")) + 1
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where letters > 0:
                digits += 1
            default:
                return nil
            }
        }
        guard digits > 0, column <= maxColumns else { return nil }
        return column - 1
    }

    /// A row number as written in `<row r="7">`, or nil when it is not one in 1…1,048,576.
    static func row(_ text: String) -> Int? {
        guard text.utf8.count <= 7, let row = Int(text), (1...maxRows).contains(row) else { return nil }
        return row
    }
}
