import Foundation

/// The order sheet of a batch, for the office's paperwork and the maker: one row per commune
/// with its pieces and, for a printed keychain, copies per sheet and sheets to print, or, for a
/// moulded one, the moulds it needs; the totals, the template and the date.
public struct OrderSheet: Hashable, Sendable {
    public struct Row: Hashable, Sendable {
        public var commune: String
        public var kind: String
        public var pieces: Int?
        /// Printed: copies on one sheet; nil for a mould.
        public var perSheet: Int?
        /// Printed: sheets for `pieces`.
        public var sheets: Int?
        /// Moulded: moulds this commune adds (a side shared with an earlier commune, such as
        /// the district's front, is one mould for all).
        public var moulds: Int?
        public init(commune: String, kind: String, pieces: Int?, perSheet: Int? = nil, sheets: Int? = nil, moulds: Int? = nil) {
            self.commune = commune; self.kind = kind; self.pieces = pieces; self.perSheet = perSheet
            self.sheets = sheets; self.moulds = moulds
        }
    }

    public var rows: [Row]
    public var template: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var moulded: Bool
    /// The language of the headings and the totals row.
    public var language: Language

    public init(rows: [Row], template: String, date: String, moulded: Bool, language: Language) {
        self.rows = rows; self.template = template; self.date = date; self.moulded = moulded; self.language = language
    }

    public var totalPieces: Int { rows.compactMap(\.pieces).reduce(0, +) }
    public var totalSheets: Int { rows.compactMap(\.sheets).reduce(0, +) }
    public var totalMoulds: Int { rows.compactMap(\.moulds).reduce(0, +) }

    /// Column headings, in order.
    public var headings: [String] {
        (moulded
            ? ["commune", "kind", "pieces", "moulds", "template", "date"]
            : ["commune", "kind", "pieces", "perSheet", "sheets", "template", "date"]).map { localized($0) }
    }

    /// The cells of every row, the totals row last.
    public var table: [[String]] {
        func text(_ n: Int?) -> String { n.map(String.init) ?? "" }
        var out = rows.map { r in
            moulded
                ? [r.commune, r.kind, text(r.pieces), text(r.moulds), template, date]
                : [r.commune, r.kind, text(r.pieces), text(r.perSheet), text(r.sheets), template, date]
        }
        let total = localized("total"), communes = localized("totalCommunes", rows.count)
        out.append(
            moulded
                ? [total, communes, "\(totalPieces)", "\(totalMoulds)", template, date]
                : [total, communes, "\(totalPieces)", "", "\(totalSheets)", template, date])
        return out
    }

    /// The catalogue's `order.<key>` in the sheet's language.
    public func localized(_ key: String, _ values: any MessageArgument...) -> String {
        MessageCatalogue.shared.text("order." + key, in: language, values.map { $0.text(in: language) })
    }

    /// `order.csv`: UTF-8 with a byte-order mark (so Excel reads the Vietnamese names), comma
    /// separated, CRLF line ends, cells quoted when they need it, and a name a spreadsheet would
    /// run as a formula (`=HYPERLINK(…)`) made text.
    public func csv() -> [UInt8] {
        let lines = ([headings] + table).map { $0.map { CSVCell.text($0, inert: true) }.joined(separator: ",") }
        return [0xEF, 0xBB, 0xBF] + Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }
}
