import Foundation

// The rows a side's content makes: its lines, its lists in one or two columns, its pictures.
extension KeychainLayout {
    /// One line of the layout: one string, or two for a row of a two-column list.
    struct Row {
        var cells: [String]
        var measures: [TextMeasure]
        var style: KeychainTemplate.TextStyle
        var styleName: String
        /// Starts a new block: a little space above it.
        var opensBlock: Bool
        /// Index of the content line this row came from (1-based), for messages.
        var line: Int
        /// Width of one column at 1 mm, for two-column rows.
        var columnWidth: Double
        /// A line of text (not a list item) that may be broken in two at a space.
        var breakable = false
        /// A picture's file and printed size (mm) in place of text: its size does not scale.
        var picture: (path: String, size: Size)?

        /// Advance width at size 1 (ink included); a picture's width in mm.
        var unitWidth: Double {
            if let picture { return picture.size.width }
            return
                cells.count == 1
                ? max(measures[0].width, measures[0].inkRight) - min(0, measures[0].inkLeft)
                : 2 * columnWidth + KeychainLayout.columnGap
        }
        /// Ink above the baseline at size 1; a picture stands on the baseline at its own height.
        var inkTop: Double { picture?.size.height ?? measures.map(\.inkTop).max() ?? 0 }
        var inkBottom: Double { measures.map(\.inkBottom).max() ?? 0 }
    }

    /// Every way to set the content's lists (one or two columns), as rows.
    func rowChoices(_ content: SideContent) throws(LayoutError) -> [[Row]] {
        var choices: [[Row]] = [[]]
        var lineNumber = 0
        var previousStyle: String?
        for block in content.blocks {
            switch block {
            case .qr: continue
            case .picture(let path, let height):
                lineNumber += 1
                let row = try pictureRow(path, height: height, line: lineNumber, side: content.name)
                choices = choices.map { $0 + [row] }
                previousStyle = nil
            case .line(let text, let style, let breakable):
                lineNumber += 1
                var row = try makeRow(
                    [text], style: style, opens: previousStyle != nil && previousStyle != style,
                    line: lineNumber, side: content.name)
                row.breakable = breakable
                choices = choices.map { $0 + [row] }
                previousStyle = style
            case .list(let heading, let items, let style, let headingStyle, let columns):
                var head: [Row] = []
                if let heading {
                    lineNumber += 1
                    var row = try makeRow(
                        [heading], style: headingStyle, opens: previousStyle != nil,
                        line: lineNumber, side: content.name)
                    row.breakable = true
                    head.append(row)
                }
                let first = lineNumber + 1
                lineNumber += items.count
                var options: [[Row]] = []
                let counts = columns == .auto ? [1, 2] : [columns == .two ? 2 : 1]
                for count in Set(counts.map { min($0, items.count) }).sorted() where count > 0 {
                    var rows = head
                    let perColumn = (items.count + count - 1) / count
                    for r in 0..<perColumn {
                        let cells = (0..<count).compactMap { c in items.indices.contains(c * perColumn + r) ? items[c * perColumn + r] : nil
                        }
                        var row = try makeRow(
                            cells, style: style, opens: r == 0 && heading == nil && previousStyle != nil,
                            line: first + r, side: content.name)
                        if count == 2 { row.columnWidth = 0 }
                        rows.append(row)
                    }
                    if count == 2 {  // both columns as wide as the widest cell
                        let widest = rows.dropFirst(head.count).flatMap(\.measures).map(\.width).max() ?? 0
                        for i in head.count..<rows.count { rows[i].columnWidth = widest }
                    }
                    options.append(rows)
                }
                if options.isEmpty { options = [head] }
                choices = choices.flatMap { prefix in options.map { prefix + $0 } }
                previousStyle = style
            }
        }
        return choices
    }

    func makeRow(
        _ cells: [String], style name: String, opens: Bool, line: Int,
        side: String
    ) throws(LayoutError) -> Row {
        guard let style = template.styles[name] else {
            throw LayoutError(side: side, line: line, message: Message("layout.style", name))
        }
        var measures: [TextMeasure] = []
        for text in cells {
            do { measures.append(try measurer.measure(text, font: template.font)) } catch {
                throw LayoutError(side: side, line: line, text: text, message: Message("layout.other", "\(error)"))
            }
        }
        return Row(
            cells: cells, measures: measures, style: style, styleName: name, opensBlock: opens,
            line: line, columnWidth: measures.first?.width ?? 0)
    }

    /// The row of a picture `height` mm tall, as wide as its proportions make it; a file that
    /// cannot be read, or that a mould cannot make, is an error at its line.
    func pictureRow(_ path: String, height: Double, line: Int, side: String) throws(LayoutError) -> Row {
        if let root = template.pictureRoot, !InputFile.isInside(path, folder: root) {  // not looked at
            throw LayoutError(
                side: side, line: line, message: Message("picture.problem", Excerpt.of(path), Message("picture.outsideFolder", root)))
        }
        let own: Size
        do { own = try pictures.pictureSize(atPath: path) } catch {
            throw LayoutError(
                side: side, line: line, message: (error as? any MessageError)?.asMessage ?? Message("layout.other", "\(error)"))
        }
        if template.mould != nil,
            let problem = pictures.printProblems(atPath: path, inks: template.colours.inks.map(\.ink.rgb)).first
        {
            throw LayoutError(side: side, line: line, message: problem)
        }
        let size = Size(width: own.height > 0 ? height * own.width / own.height : 0, height: height)
        return Row(
            cells: [path], measures: [], style: KeychainTemplate.TextStyle(scale: 1, maximumSize: 0), styleName: "", opensBlock: false,
            line: line, columnWidth: 0, picture: (path, size))
    }

}
