import Foundation

/// Lays one side's content out inside the keychain's outline: every line stays within the
/// outline's horizontal extent over its whole ink height, less the safe margin and the hole's
/// clearance; sizes are as large as fit, never below the template's minimum; the block is
/// centred vertically.
public struct KeychainLayout {
    public let template: KeychainTemplate
    let measurer: any TextMeasuring
    let encoder: any QREncoding
    let pictures: any PictureMeasuring

    /// Space between a QR tile and the text beside it, in mm.
    static let qrGap = 1.5
    /// Extra space before a new block (a list, a line of another style), in font sizes.
    static let blockGap = 0.25
    /// Space between two columns, in font sizes.
    static let columnGap = 1.0
    /// Bisection steps for the largest scale: the result is within 2⁻²⁴ of the top scale.
    static let scaleSteps = 24
    /// How many lines of a side may be broken in two.
    static let maximumBreaks = 2

    public init(template: KeychainTemplate, measurer: any TextMeasuring, encoder: any QREncoding, pictures: any PictureMeasuring) {
        self.template = template; self.measurer = measurer; self.encoder = encoder; self.pictures = pictures
    }

    /// The scene for `content`, the side at `sideIndex` of the template (0 = front).
    public func layOut(_ content: SideContent, sideIndex: Int) throws(LayoutError) -> Scene {
        try Self.checkPrintable(content)
        let outline = template.outline(onSide: sideIndex)
        var area = TextArea(template: template, outline: outline, sideIndex: sideIndex)
        do {
            area.lineMetrics = try measurer.lineMetrics(font: template.font)
            if let mould = template.mould {
                // Letters as tall as the mould needs: the capital H's ink height sets the size.
                let capital = try measurer.measure("H", font: template.font).inkTop
                if capital > 0, mould.letterHeight / capital > area.minimumSize {
                    area.minimumSize = mould.letterHeight / capital
                    area.mouldLetterHeight = mould.letterHeight
                }
            }
        } catch {
            throw LayoutError(side: content.name, line: nil, message: Message("layout.other", "\(error)"))
        }
        var items: [Scene.Item] = background(outline, sideIndex: sideIndex)
        for block in content.blocks {
            guard case .qr(let payload, let size, let end, let quietZone) = block else { continue }
            let (tile, symbol, code) = try placeQR(
                payload: payload, size: size, end: end, quietZone: quietZone,
                area: area, side: content.name)
            if let mould = template.mould, symbol.width / Double(code.size) < mould.raisedLine {
                throw LayoutError(
                    side: content.name, line: nil,
                    message: Message(
                        "layout.mouldQR", String(format: "%.2f", symbol.width / Double(code.size)), String(format: "%g", mould.raisedLine)))
            }
            area.obstacles.append(tile.insetBy(-Self.qrGap))
            items.append(.rect(tile, template.colours.qrTile))
            items.append(.qr(code, rect: symbol, template.colours.qrModules))
        }
        let candidates = try rowChoices(content)
        var best: (k: Double, rows: [Row])?
        for rows in candidates {
            guard let k = largestScale(rows, area: area) else { continue }
            if best == nil || k > best!.k * 1.02 { best = (k, rows) }
        }
        // A long line broken in two at a space can let everything be larger, or fit at all.
        if var current = best {
            for _ in 0..<Self.maximumBreaks {
                guard let broken = try breakingWidestLine(current.rows, scale: current.k, side: content.name),
                    let k = largestScale(broken, area: area),
                    k > current.k * 1.05 || (current.k < minimumScale(current.rows, area) && k > current.k)
                else { break }
                current = (k, broken)
            }
            best = current
        }
        guard let best, best.k >= minimumScale(best.rows, area) - 1e-9 else {
            throw explainFailure(candidates.first ?? [], area: area, side: content.name)
        }
        items += place(best.rows, scale: best.k, area: area)!
        return Scene(
            size: template.size, bleed: template.bleed,
            cutOutlines: [outline.path]
                + (template.holeCircle(onSide: sideIndex).map { [Path.ellipse($0)] } ?? []),
            items: items)
    }

    // MARK: - Background

    /// The background over the bleed, less the hole; the ring, filled between its two edges.
    private func background(_ outline: Outline, sideIndex: Int) -> [Scene.Item] {
        let hole = template.holeCircle(onSide: sideIndex).map { [Path.ellipse($0)] } ?? []
        var items: [Scene.Item] = [.fill([outline.grown(by: template.bleed).path] + hole, template.colours.background)]
        if let border = template.border {
            let edges = [outline.grown(by: -border.inset), outline.grown(by: -(border.inset + border.width))]
            items.append(.fill(edges.map(\.path), template.colours.border))
        }
        return items
    }

    // MARK: - QR

    private func placeQR(
        payload: String, size: Double, end: KeychainTemplate.End, quietZone: Int,
        area: TextArea, side: String
    ) throws(LayoutError) -> (tile: Rect, symbol: Rect, code: QRCode) {
        let code: QRCode
        do { code = try encoder.encode(payload) } catch {
            throw LayoutError(side: side, line: nil, message: Message("layout.qr", Excerpt.of(payload), "\(error)"))
        }
        let centre = area.centre, half = size / 2
        guard let reach = area.inside.room(top: centre.y - half, bottom: centre.y + half),
            reach.upperBound - reach.lowerBound >= size - 1e-9
        else {
            throw LayoutError(side: side, line: nil, message: Message("layout.qrTile", "\(size)"))
        }
        var tile = Rect(
            x: end == .right ? reach.upperBound - size : reach.lowerBound,
            y: centre.y - half, width: size, height: size)
        if let hole = area.holeExclusion {  // move away from a hole at the same end
            let dy = max(0, abs(hole.center.y - centre.y) - half)
            let clear = dy < hole.radiusX ? (hole.radiusX * hole.radiusX - dy * dy).squareRoot() : 0
            if end == .right, tile.maxX > hole.center.x - clear, hole.center.x > centre.x {
                tile.origin.x = hole.center.x - clear - size
            } else if end == .left, tile.minX < hole.center.x + clear, hole.center.x < centre.x {
                tile.origin.x = hole.center.x + clear
            }
        }
        let module = size / Double(code.size + 2 * quietZone)
        let symbol = tile.insetBy(module * Double(quietZone))
        return (tile, symbol, code)
    }

    /// `rows` with the widest breakable line (at scale `k`) broken in two at the space that
    /// makes the longer half shortest, each half keeping at least two words (so "Khẩn cấp"
    /// stays whole); nil when no line has four words or more.
    private func breakingWidestLine(_ rows: [Row], scale k: Double, side: String) throws(LayoutError) -> [Row]? {
        let candidates = rows.indices.filter { rows[$0].breakable && rows[$0].cells[0].split(separator: " ").count >= 4 }
        guard let i = candidates.max(by: { size(rows[$0].style, k) * rows[$0].unitWidth < size(rows[$1].style, k) * rows[$1].unitWidth })
        else { return nil }
        let row = rows[i], words = row.cells[0].split(separator: " ")
        var best: (Row, Row)?
        for cut in Self.cuts(words) {
            let first = try makeRow(
                [words[..<cut].joined(separator: " ")], style: row.styleName, opens: row.opensBlock,
                line: row.line, side: side)
            let second = try makeRow(
                [words[cut...].joined(separator: " ")], style: row.styleName, opens: false,
                line: row.line, side: side)
            if best == nil || max(first.unitWidth, second.unitWidth) < max(best!.0.unitWidth, best!.1.unitWidth) {
                best = (first, second)
            }
        }
        guard var (first, second) = best else { return nil }
        first.breakable = false; second.breakable = false
        return Array(rows[..<i]) + [first, second] + Array(rows[(i + 1)...])
    }

    /// The places to try breaking `words` (at least four): every one that leaves two words on each
    /// side; for a long line only those near the middle of its characters, since each try measures
    /// both halves and trying every word of thousands would take minutes.
    static func cuts(_ words: [Substring]) -> ClosedRange<Int> {
        let all = 2...(words.count - 2), near = 8
        guard all.count > 2 * near else { return all }
        var characters = 0, middle = all.lowerBound
        let half = words.reduce(0) { $0 + $1.count + 1 } / 2
        for (index, word) in words.enumerated() {
            characters += word.count + 1
            if characters >= half { middle = index + 1; break }
        }
        return max(all.lowerBound, middle - near)...min(all.upperBound, middle + near)
    }

    // MARK: - Sizes

    /// The font size (mm) of `style` at scale `k`: `k × scale`, capped at the style's maximum.
    private func size(_ style: KeychainTemplate.TextStyle, _ k: Double) -> Double {
        min(k * style.scale, style.maximumSize / pointsPerMillimetre)
    }

    /// The scale at which the smallest style used reaches the minimum size.
    private func minimumScale(_ rows: [Row], _ area: TextArea) -> Double {
        rows.filter { $0.picture == nil }.map { area.minimumSize / $0.style.scale }.max() ?? 0
    }

    /// The largest scale at which every row fits, or nil if none does at any scale.
    private func largestScale(_ rows: [Row], area: TextArea) -> Double? {
        guard let top = rows.filter({ $0.picture == nil }).map({ $0.style.maximumSize / pointsPerMillimetre / $0.style.scale }).max()
        else { return rows.isEmpty || place(rows, scale: 1, area: area) != nil ? .infinity : nil }  // pictures alone do not scale
        if place(rows, scale: top, area: area) != nil { return top }
        var lo = 0.0, hi = top
        for _ in 0..<Self.scaleSteps {
            let mid = (lo + hi) / 2
            if place(rows, scale: mid, area: area) != nil { lo = mid } else { hi = mid }
        }
        return lo > 0 ? lo : nil
    }

    /// Places rows at scale `k`, centred as a block on the outline's centre; nil when a row does
    /// not fit. Lines share one centre line as far as the room allows.
    private func place(_ rows: [Row], scale k: Double, area: TextArea) -> [Scene.Item]? {
        guard !rows.isEmpty else { return [] }
        let (ascent, descent) = area.lineMetrics
        let heights = rows.map { $0.picture?.size.height ?? size($0.style, k) * (ascent + descent) * template.lineSpacing }
        let gaps = rows.map { $0.opensBlock ? size($0.style, k) * Self.blockGap : 0 }
        var y = area.centre.y - (heights.reduce(0, +) + gaps.reduce(0, +)) / 2
        var baselines: [Double] = [], rooms: [ClosedRange<Double>] = [], widths: [Double] = []
        for (i, row) in rows.enumerated() {
            // A picture stands on its baseline at its own size: its "ink" and "box" are the picture.
            let s = row.picture == nil ? size(row.style, k) : 1
            let (top, bottom) = row.picture.map { ($0.size.height, 0.0) } ?? (ascent, descent)
            y += gaps[i]
            let baseline = y + (heights[i] - s * (top + bottom)) / 2 + s * top
            y += heights[i]
            guard
                let room = area.room(
                    top: baseline - s * max(row.inkTop, 0), bottom: baseline + s * max(row.inkBottom, 0),
                    box: (baseline - s * top)...(baseline + s * bottom)),
                s * row.unitWidth <= room.upperBound - room.lowerBound + 1e-9
            else { return nil }
            baselines.append(baseline); rooms.append(room); widths.append(s * row.unitWidth)
        }
        // One centre line for all rows where the room allows; a row that cannot sit on it
        // moves only as far as its room demands.
        let ranges = zip(rooms, widths).map { room, width in
            (room.lowerBound + width / 2)...max(room.lowerBound + width / 2, room.upperBound - width / 2)
        }
        let low = ranges.map(\.lowerBound).max()!, high = ranges.map(\.upperBound).min()!
        let preferred =
            low <= high
            ? (low + high) / 2
            : ranges.map { ($0.lowerBound + $0.upperBound) / 2 }.sorted()[ranges.count / 2]
        let centres = ranges.map { min(max(preferred, $0.lowerBound), $0.upperBound) }

        var runs: [Scene.Item] = []
        for (i, row) in rows.enumerated() {
            let s = size(row.style, k)
            let left = centres[i] - widths[i] / 2
            if let picture = row.picture {
                runs.append(
                    .picture(
                        path: picture.path, rect: Rect(origin: Point(x: left, y: baselines[i] - picture.size.height), size: picture.size)))
                continue
            }
            for (c, text) in row.cells.enumerated() {
                let m = row.measures[c]
                let x = row.cells.count == 1 ? left - s * min(0, m.inkLeft) : left + Double(c) * s * (row.columnWidth + Self.columnGap)
                let ink = Rect(
                    x: x + s * m.inkLeft, y: baselines[i] - s * m.inkTop,
                    width: s * (m.inkRight - m.inkLeft), height: s * (m.inkTop + m.inkBottom))
                runs.append(
                    .text(
                        TextRun(
                            text: text, font: template.font, size: s, origin: Point(x: x, y: baselines[i]),
                            color: template.colours.text, inkBounds: ink)))
            }
        }
        return runs
    }

    /// Refuses, before any measuring, a line longer than any oval holds and a QR payload with a
    /// control character (a phone would read only what comes before it).
    static func checkPrintable(_ content: SideContent) throws(LayoutError) {
        var line = 0
        for block in content.blocks {
            switch block {
            case .line(let text, _, _):
                line += 1
                if text.count > Limits.filledLine {
                    throw LayoutError(
                        side: content.name, line: line, text: text,
                        message: Message("layout.lineTooLong", text.count, Limits.filledLine))
                }
            case .list(let heading, let items, _, _, _):
                for text in (heading.map { [$0] } ?? []) + items {
                    line += 1
                    if text.count > Limits.filledLine {
                        throw LayoutError(
                            side: content.name, line: line, text: text,
                            message: Message("layout.lineTooLong", text.count, Limits.filledLine))
                    }
                }
            case .picture(let path, _):
                line += 1
                if path.count > Limits.filledLine || path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    throw LayoutError(side: content.name, line: line, text: path, message: Message("layout.pictureName"))
                }
            case .qr(let payload, _, _, _):
                if payload.unicodeScalars.contains(where: {
                    $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
                }) {
                    throw LayoutError(side: content.name, line: nil, message: Message("layout.qrControl", Excerpt.of(payload)))
                }
            }
        }
    }

    /// Says which line cannot fit at the minimum size, and why.
    private func explainFailure(_ rows: [Row], area: TextArea, side: String) -> LayoutError {
        let k = minimumScale(rows, area)
        let minimum: any MessageArgument =
            area.mouldLetterHeight.map {
                Message("layout.mouldMinimum", String(format: "%.1f", area.minimumSize * pointsPerMillimetre), String(format: "%g", $0))
            } ?? String(format: "%g pt", template.font.minimumSize)
        // Find the first row that does not fit on its own band at the minimum scale.
        for count in 1...rows.count {
            let prefix = Array(rows.prefix(count))
            if place(prefix, scale: k, area: area) == nil {
                let row = rows[count - 1]
                if let picture = row.picture {
                    return LayoutError(
                        side: side, line: row.line, text: picture.path,
                        message: Message(
                            "layout.pictureDoesNotFit", String(format: "%.1f", picture.size.width),
                            String(format: "%.1f", picture.size.height)))
                }
                let s = size(row.style, k)
                let text = row.cells.joined(separator: "  ")
                let width = String(format: "%.1f", s * row.unitWidth)
                return LayoutError(
                    side: side, line: row.line, text: text,
                    message: Message(
                        "layout.lineDoesNotFit", String(format: "%.1f", s * pointsPerMillimetre),
                        minimum, width, rows.count))
            }
        }
        return LayoutError(
            side: side, line: nil,
            message: Message("layout.doesNotFit", rows.count, minimum))
    }
}
