import Foundation

/// One worksheet's used cells: rows in order, blank rows skipped.
public struct WorkbookSheet: Hashable, Sendable {
    public var name: String
    public var rows: [Row]

    /// One row that holds at least one cell that is not blank.
    public struct Row: Hashable, Sendable {
        /// 1-based, as the spreadsheet program shows it.
        public var number: Int
        /// The row's cells that hold a value, left to right; empty cells are left out.
        public var cells: [Cell]
    }

    /// One cell that holds a value.
    public struct Cell: Hashable, Sendable {
        /// 0-based: column A is 0.
        public var column: Int
        /// The cell's name as the spreadsheet program shows it, e.g. `C7`.
        public var reference: String
        public var value: CellValue
    }
}

/// What a cell holds. Dates are numbers (days since 1900), as the workbook stores them.
public enum CellValue: Hashable, Sendable {
    /// Text, including a formula's text result and an error such as `#N/A`.
    case text(String)
    /// A number as stored, except that a whole number comes back as plain digits: a phone number
    /// typed as a number reads `2723800001` whether the file says `2723800001`, `2723800001.0` or
    /// `2.723800001E9`. Other numbers (`1.5`, `1E-3`) keep the stored text.
    case number(String)
    case bool(Bool)

    /// The value as a person reads it in the cell: text as is, numbers as above, `TRUE`/`FALSE`.
    public var text: String {
        switch self {
        case .text(let text), .number(let text): text
        case .bool(let value): value ? "TRUE" : "FALSE"
        }
    }
}

extension CellValue {
    /// The value of a number cell stored as `stored`, or nil when `stored` is not a number.
    ///
    /// Spreadsheet programs store numbers as decimal text, sometimes in scientific notation
    /// (`9.12345678E8`) or with a zero fraction (`912345678.0`); a whole number comes back as its
    /// plain digits so that a phone number typed as a number keeps every digit it has.
    static func number(stored: String) -> CellValue? {
        let text = stored.trimmingWhiteSpace(newlines: true)
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        func digits() -> [UInt8] {
            let run = bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            bytes.removeFirst(run.count)
            return Array(run)
        }
        let whole = digits()
        var fraction: [UInt8] = []
        if bytes.first == UInt8(ascii: ".") {
            bytes.removeFirst()
            fraction = digits()
        }
        guard !whole.isEmpty || !fraction.isEmpty else { return nil }
        var exponent = 0
        if let e = bytes.first, e == UInt8(ascii: "E") || e == UInt8(ascii: "e") {
            bytes.removeFirst()
            var exponentNegative = false
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                exponentNegative = sign == UInt8(ascii: "-")
                bytes.removeFirst()
            }
            let exponentDigits = digits()
            guard !exponentDigits.isEmpty else { return nil }
            // Past four digits the number is far outside what plain digits could show.
            guard exponentDigits.count <= 4 else { return bytes.isEmpty ? .number(text) : nil }
            exponent = exponentDigits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            if exponentNegative { exponent = -exponent }
        }
        guard bytes.isEmpty else { return nil }

        // All the digits, with the decimal point `point` digits from the left.
        let all = whole + fraction
        let point = whole.count + exponent
        let integerDigits = all.prefix(max(0, min(point, all.count)))
        let fractionDigits = all.dropFirst(max(0, min(point, all.count)))
        let padding = max(0, point - all.count)
        guard fractionDigits.allSatisfy({ $0 == UInt8(ascii: "0") }), integerDigits.count + padding <= 30 else {
            return .number(text)
        }
        var plain = Array(integerDigits.drop { $0 == UInt8(ascii: "0") }) + Array(repeating: UInt8(ascii: "0"), count: padding)
        if plain.allSatisfy({ $0 == UInt8(ascii: "0") }) { return .number("0") }
        if negative { plain.insert(UInt8(ascii: "-"), at: 0) }
        return .number(String(decoding: plain, as: UTF8.self))
    }
}
