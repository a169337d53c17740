import CCairo
import MockhoaCore

extension OverviewDocument {
    /// The order sheet as a table on a page of its own: a line per commune, totals last, with
    /// the template and date in the heading. Long tables continue on further pages.
    func drawOrder(_ order: OrderSheet, heading: String, font: KeychainTemplate.Font, on doc: CairoDocument) throws {
        let rowHeight = 5.5, top = Self.margin + 20
        let rowsPerPage = Int((Self.page.height - top - Self.margin) / rowHeight)
        let table = order.table
        // Column left edges (mm); numbers are right-aligned at the next column's edge.
        let columns: [Double] = order.moulded ? [0, 50, 78, 100, 140, 166] : [0, 50, 78, 100, 118, 140, 166]
        let numeric: Set<Int> = order.moulded ? [2, 3] : [2, 3, 4]
        let pages = max(1, (table.count + rowsPerPage - 1) / rowsPerPage)
        for page in 0..<pages {
            try doc.draw { cr in
                let title = pages > 1 ? order.localized("titlePages", heading, page + 1, pages) : order.localized("title", heading)
                drawing.label(title, at: Point(x: Self.margin, y: Self.margin + 4), points: 12, family: font.family, bold: true, on: cr)
                drawing.label(order.localized(order.moulded ? "moulded" : "printed", order.template, order.date),
                              at: Point(x: Self.margin, y: Self.margin + 10), points: 8, family: font.family, bold: false, on: cr)
                func row(_ cells: [String], at y: Double, bold: Bool) {
                    let face = KeychainTemplate.Font(family: font.family, bold: bold, minimumSize: 0)
                    for (i, cell) in cells.enumerated() {
                        var x = Self.margin + columns[i]
                        if numeric.contains(i), let width = try? drawing.text.measure(cell, font: face).width {
                            x = Self.margin + columns[i + 1] - 3 - width * 9 / pointsPerMillimetre
                        }
                        drawing.label(cell, at: Point(x: x, y: y), points: 9, family: font.family, bold: bold, on: cr)
                    }
                }
                row(order.headings, at: top - 2, bold: true)
                rule(at: top, cr)
                let slice = table[(page * rowsPerPage)..<min(table.count, (page + 1) * rowsPerPage)]
                for (i, cells) in slice.enumerated() {
                    let isTotal = page * rowsPerPage + i == table.count - 1
                    if isTotal { rule(at: top + rowHeight * Double(i) + 1, cr) }
                    row(cells, at: top + rowHeight * Double(i + 1) - 0.5, bold: isTotal)
                }
            }
            doc.showPage()
        }
    }

    private func rule(at y: Double, _ cr: OpaquePointer) {
        cairo_move_to(cr, Self.margin, y)
        cairo_line_to(cr, Self.page.width - Self.margin, y)
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_set_line_width(cr, 0.2)
        cairo_stroke(cr)
    }
}
