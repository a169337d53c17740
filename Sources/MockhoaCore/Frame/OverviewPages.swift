/// The sign-off overview: every commune's keychain, front and back as they will look when cut,
/// labelled, a few communes per A4 page; and the order sheet as a table on pages of its own.
public struct OverviewPages {
    /// One row of the overview: a label and the sides (none when the commune failed).
    public struct Entry: Sendable {
        public var title: String
        public var detail: String
        public var scenes: [Scene]
        public init(title: String, detail: String, scenes: [Scene]) {
            self.title = title; self.detail = detail; self.scenes = scenes
        }
    }

    static let page = Size(width: 210, height: 297)
    static let margin = 12.0
    static let labelHeight = 9.0
    static let rowGap = 6.0
    static let sideGap = 6.0

    public let heading: String
    public let count: Int
    public let font: KeychainTemplate.Font
    public let date: String
    public let language: Language
    /// The sides' size on the page relative to life size: 1 when two fit side by side.
    let scale: Double
    let rowHeight: Double
    /// Rows on a full page.
    public let rowsPerPage: Int

    /// The overview of `count` rows of keychains of trim size `keychain`, its page headings in `language`.
    public init(heading: String, count: Int, keychain: Size, font: KeychainTemplate.Font, date: String, language: Language) {
        self.heading = heading; self.count = count; self.font = font; self.date = date; self.language = language
        let room = Self.page.width - 2 * Self.margin - Self.sideGap
        scale = min(1, room / (2 * keychain.width))
        rowHeight = Self.labelHeight + keychain.height * scale + Self.rowGap
        rowsPerPage = max(1, Int((Self.page.height - 2 * Self.margin - Self.labelHeight) / rowHeight))
    }

    public var pageCount: Int { max(1, (count + rowsPerPage - 1) / rowsPerPage) }

    /// The rows on page `page` (0-based), as indices of the entries.
    public func rows(onPage page: Int) -> Range<Int> { page * rowsPerPage..<min((page + 1) * rowsPerPage, count) }

    /// Page `page` showing `rows` (the entries of `rows(onPage:)`).
    public func frame(page: Int, rows: [Entry]) -> Frame {
        var sides: [Scene] = [], items: [Frame.Item] = []
        items.append(
            label(
                Message("document.page", heading, page + 1, pageCount, date).text(in: language),
                at: Point(x: Self.margin, y: Self.margin + 4), points: 9, bold: true))
        var y = Self.margin + Self.labelHeight
        for row in rows {
            items.append(label(row.title, at: Point(x: Self.margin, y: y + 5), points: 10, bold: true))
            items.append(label(row.detail, at: Point(x: Self.margin, y: y + 8.5), points: 7, bold: false))
            var x = Self.margin
            for scene in row.scenes {
                let index =
                    sides.firstIndex(of: scene)
                    ?? {
                        sides.append(scene); return sides.count - 1
                    }()
                items.append(
                    .side(
                        index, placedBy: AffineMatrix(a: scale, b: 0, c: 0, d: scale, tx: x, ty: y + Self.labelHeight),
                        asCut: true))
                x += scene.size.width * scale + Self.sideGap
            }
            y += rowHeight
        }
        return Frame(size: Self.page, sides: sides, items: items)
    }

    /// The order sheet as a table: a line per commune, totals last, with the template and date
    /// in the heading; long tables continue on further pages. Numbers are right-aligned, as
    /// `measuring` measures them.
    public func orderFrames(_ order: OrderSheet, measuring: any TextMeasuring) -> [Frame] {
        let rowHeight = 5.5, top = Self.margin + 20
        let rowsPerPage = Int((Self.page.height - top - Self.margin) / rowHeight)
        let table = order.table
        // Column left edges (mm); numbers are right-aligned at the next column's edge.
        let columns: [Double] = order.moulded ? [0, 50, 78, 100, 140, 166] : [0, 50, 78, 100, 118, 140, 166]
        let numeric: Set<Int> = order.moulded ? [2, 3] : [2, 3, 4]
        let pages = max(1, (table.count + rowsPerPage - 1) / rowsPerPage)
        func rule(at y: Double) -> Frame.Item {
            .line(.line(Point(x: Self.margin, y: y), Point(x: Self.page.width - Self.margin, y: y)), .black, width: 0.2)
        }
        func row(_ cells: [String], at y: Double, bold: Bool) -> [Frame.Item] {
            let face = KeychainTemplate.Font(family: font.family, bold: bold, minimumSize: 0)
            return cells.enumerated().map { i, cell in
                var x = Self.margin + columns[i]
                if numeric.contains(i), let width = try? measuring.measure(cell, font: face).width {
                    x = Self.margin + columns[i + 1] - 3 - width * 9 / pointsPerMillimetre
                }
                return label(cell, at: Point(x: x, y: y), points: 9, bold: bold)
            }
        }
        return (0..<pages).map { page in
            let title = pages > 1 ? order.localized("titlePages", heading, page + 1, pages) : order.localized("title", heading)
            var items = [
                label(title, at: Point(x: Self.margin, y: Self.margin + 4), points: 12, bold: true),
                label(
                    order.localized(order.moulded ? "moulded" : "printed", order.template, order.date),
                    at: Point(x: Self.margin, y: Self.margin + 10), points: 8, bold: false),
            ]
            items += row(order.headings, at: top - 2, bold: true)
            items.append(rule(at: top))
            let slice = table[(page * rowsPerPage)..<min(table.count, (page + 1) * rowsPerPage)]
            for (i, cells) in slice.enumerated() {
                let isTotal = page * rowsPerPage + i == table.count - 1
                if isTotal { items.append(rule(at: top + rowHeight * Double(i) + 1)) }
                items += row(cells, at: top + rowHeight * Double(i + 1) - 0.5, bold: isTotal)
            }
            return Frame(size: Self.page, items: items)
        }
    }

    private func label(_ text: String, at origin: Point, points: Double, bold: Bool) -> Frame.Item {
        .label(Frame.Label(text, at: origin, points: points, font: KeychainTemplate.Font(family: font.family, bold: bold, minimumSize: 0)))
    }
}
