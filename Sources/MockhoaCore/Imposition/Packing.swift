/// One way to place trim boxes in the usable area: their top-left corners on the page, in reading
/// order.
struct Packing: Hashable {
    var arrangement: Imposition.Arrangement
    var quarterTurns: Int
    /// The trim box as it lies on the page (turned for a quarter turn).
    var box: Size
    var origins: [Point]

    /// Every candidate, in order of preference on a tie: grid before offset rows, unrotated first.
    static func candidates(_ outline: Outline, gap: Double, in area: Rect) -> [Packing] {
        let trim = outline.bounds.size
        return [Imposition.Arrangement.grid, .offsetRows].flatMap { arrangement in
            [0, 1].map { turns in
                let box = turns == 0 ? trim : trim.transposed
                return switch arrangement {
                case .grid: grid(box, gap: gap, in: area, quarterTurns: turns)
                case .offsetRows:
                    offsetRows(box, outline.transformed(by: .rotation(quarterTurns: turns)), gap: gap, in: area, quarterTurns: turns)
                }
            }
        }
    }

    /// Rows of boxes one pitch (box + gap) apart in both directions, centred in `area`.
    static func grid(_ box: Size, gap: Double, in area: Rect, quarterTurns: Int) -> Packing {
        let columns = fitting(box.width, pitch: box.width + gap, in: area.width)
        let rows = fitting(box.height, pitch: box.height + gap, in: area.height)
        let rowStarts = Array(repeating: 0.0, count: rows)
        return centred(
            .grid, quarterTurns, box: box, rowPitch: box.height + gap, rowStarts: rowStarts,
            counts: Array(repeating: columns, count: rows), columnPitch: box.width + gap, in: area)
    }

    /// Rows one column pitch apart horizontally, every other row shifted by half a pitch so the
    /// outlines nest (`outline`: as it lies in `box`), and rows as close as the gap between outlines
    /// allows; centred in `area`.
    static func offsetRows(_ box: Size, _ outline: Outline, gap: Double, in area: Rect, quarterTurns: Int) -> Packing {
        let pitch = box.width + gap, rowPitch = offsetRowPitch(box, outline, gap: gap)
        let full = fitting(box.width, pitch: pitch, in: area.width)
        let shifted =
            full > 0 && fits(pitch / 2 + Double(full - 1) * pitch + box.width, in: area.width)
            ? full : max(full - 1, 0)
        let rows = fitting(box.height, pitch: rowPitch, in: area.height)
        let counts = (0..<rows).map { $0.isMultiple(of: 2) ? full : shifted }
        let rowStarts = (0..<rows).map { $0.isMultiple(of: 2) ? 0 : pitch / 2 }
        return centred(
            .offsetRows, quarterTurns, box: box, rowPitch: rowPitch, rowStarts: rowStarts,
            counts: counts, columnPitch: pitch, in: area)
    }

    /// The least distance between rows, shifted by half a column pitch against each other, at which
    /// the outlines of neighbouring rows are at least `gap` apart, and rows two apart too. The
    /// distance between two copies grows with the vertical offset, so bisection finds the pitch.
    static func offsetRowPitch(_ box: Size, _ outline: Outline, gap: Double) -> Double {
        let dx = (box.width + gap) / 2
        func clear(_ dy: Double) -> Bool { outline.isApart(fromCopyMovedBy: Point(x: dx, y: dy), by: gap) }
        var low = 0.0, high = box.height + gap  // a grid row pitch is always clear
        for _ in 0..<100 where high - low > 1e-12 {
            let middle = (low + high) / 2
            if clear(middle) { high = middle } else { low = middle }
        }
        return max(high, (box.height + gap) / 2)
    }

    /// How many boxes of `length` fit at `pitch` into `space`.
    private static func fitting(_ length: Double, pitch: Double, in space: Double) -> Int {
        guard fits(length, in: space) else { return 0 }
        return Int(((space - length) / pitch + 1e-9).rounded(.down)) + 1
    }

    private static func fits(_ length: Double, in space: Double) -> Bool { length <= space + 1e-9 }

    /// Rows of `counts[i]` boxes starting `rowStarts[i]` right of the block's left edge, the block
    /// centred in `area`.
    private static func centred(
        _ arrangement: Imposition.Arrangement, _ quarterTurns: Int, box: Size,
        rowPitch: Double, rowStarts: [Double], counts: [Int], columnPitch: Double,
        in area: Rect
    ) -> Packing {
        guard let lastRow = counts.lastIndex(where: { $0 > 0 }) else {
            return Packing(arrangement: arrangement, quarterTurns: quarterTurns, box: box, origins: [])
        }
        let width = zip(rowStarts, counts).filter { $0.1 > 0 }.map { $0.0 + Double($0.1 - 1) * columnPitch + box.width }.max()!
        let height = Double(lastRow) * rowPitch + box.height
        let left = area.minX + (area.width - width) / 2, top = area.minY + (area.height - height) / 2
        var origins: [Point] = []
        for (row, (start, count)) in zip(rowStarts, counts).enumerated() {
            for column in 0..<count {
                origins.append(
                    Point(
                        x: left + start + Double(column) * columnPitch,
                        y: top + Double(row) * rowPitch))
            }
        }
        return Packing(arrangement: arrangement, quarterTurns: quarterTurns, box: box, origins: origins)
    }
}
