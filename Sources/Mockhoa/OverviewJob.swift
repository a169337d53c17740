import MockhoaCore

extension KeychainRenderer {
    /// The sign-off overview of every commune (`overview.pdf`), the order sheet on its last
    /// pages, in `language`. `sides` gives commune `index`'s laid-out sides or why they do not
    /// fit (a batch hands over what its workers laid out); `copies` is the copies per print
    /// sheet, when sheets are made.
    public func overview(
        slugs: [String], copies: Int?, date: String, language: Language,
        sides: (Int) throws -> Result<[Scene], LayoutError>
    ) throws -> (pdf: [UInt8], order: OrderSheet) {
        let order = orderSheet(copies: copies, date: date, language: language)
        let communes = inputs.directory.communes, issuer = inputs.directory.issuer
        func say(_ key: String, _ values: any MessageArgument...) -> String { Message(key, arguments: values).text(in: language) }
        let pages = OverviewPages(
            heading: say("document.communes", issuer.title, communes.count), count: communes.count,
            keychain: inputs.template.size, font: inputs.template.font, date: date, language: language)
        let orderPages = pages.orderFrames(order, measuring: text)
        let pdf = try exporter.render(pageCount: pages.pageCount + orderPages.count, as: .pdf, date: date) { page in
            guard page < pages.pageCount else { return orderPages[page - pages.pageCount] }
            return pages.frame(
                page: page,
                rows: try pages.rows(onPage: page).map { index in
                    let commune = communes[index]
                    var detail = [slugs[index]]
                    if let q = commune.quantity { detail.append(say("document.pieces", q)) }
                    if let copies {
                        detail.append(say("document.perSheet", copies))
                        if let q = commune.quantity { detail.append(say("document.sheets", (q + copies - 1) / copies)) }
                    }
                    if !commune.formerly.isEmpty { detail.append(say("document.formerly", commune.formerly.joined(separator: ", "))) }
                    switch try sides(index) {
                    case .success(let scenes):
                        return OverviewPages.Entry(title: commune.name, detail: detail.joined(separator: " · "), scenes: scenes)
                    case .failure(let error):
                        return OverviewPages.Entry(
                            title: commune.name, detail: say("document.failed", error.message(in: language)), scenes: [])
                    }
                })
        }
        return (pdf, order)
    }

    /// The order sheet: every commune's pieces with its sheets (`copies` per sheet) or, for a
    /// mould template, the moulds its distinct sides need.
    public func orderSheet(copies: Int?, date: String, language: Language) -> OrderSheet {
        var seenSides: Set<SideContent> = []
        let rows = inputs.directory.communes.map { commune in
            guard inputs.template.mould != nil else {
                return OrderSheet.Row(
                    commune: commune.name, kind: commune.kind.rawValue, pieces: commune.quantity, perSheet: copies,
                    sheets: copies.flatMap { c in commune.quantity.map { ($0 + c - 1) / c } })
            }
            let new = content(of: commune).filter { seenSides.insert($0).inserted }.count
            return OrderSheet.Row(commune: commune.name, kind: commune.kind.rawValue, pieces: commune.quantity, moulds: new)
        }
        return OrderSheet(
            rows: rows, template: inputs.template.name, date: date, moulded: inputs.template.mould != nil,
            language: language)
    }
}
