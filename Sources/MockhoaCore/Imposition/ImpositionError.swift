/// Why a sheet cannot be planned.
public enum ImpositionError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownPaper(String)
    /// A custom paper with a side longer than `Paper.largestSide`.
    case paperTooLarge(String)
    /// A trim side that is not a positive finite length.
    case invalidTrim(Size)
    /// `name` (margin, gap, bleed, slug height) is negative or not finite.
    case invalidLength(name: String, value: Double)
    case marginSmallerThanBleed(margin: Double, bleed: Double)
    case gapSmallerThanBleed(gap: Double, bleed: Double)
    case noRoom(paper: Paper, margin: Double, slugHeight: Double)
    case keychainDoesNotFit(trim: Size, paper: Paper, margin: Double)
    case invalidCopies(Int)
    case tooManyCopies(requested: Int, capacity: Int, paper: Paper)

    public var description: String {
        switch self {
        case .unknownPaper(let text):
            "unknown paper \"\(text)\": use A3, A4, A5, letter, or a size in millimetres such as 320x450mm"
        case .paperTooLarge(let text):
            "paper \"\(text)\" is too large: sides up to \(Int(Paper.largestSide)) mm"
        case .invalidTrim(let size):
            "keychain size \(Paper.describe(size)) is invalid: both sides must be positive"
        case .invalidLength(let name, let value):
            "\(name) \(Paper.describe(value)) is invalid: it must be 0 mm or more"
        case .marginSmallerThanBleed(let margin, let bleed):
            "margin \(Paper.describe(margin)) is smaller than the bleed \(Paper.describe(bleed)): "
                + "the bleed must stay on the paper"
        case .gapSmallerThanBleed(let gap, let bleed):
            "gap \(Paper.describe(gap)) is smaller than the bleed \(Paper.describe(bleed)): "
                + "a bleed would run onto the neighbouring keychain"
        case .noRoom(let paper, let margin, let slugHeight):
            "a margin of \(Paper.describe(margin)) and a slug band of \(Paper.describe(slugHeight)) "
                + "leave no room on \(paper.label)"
        case .keychainDoesNotFit(let trim, let paper, let margin):
            "a \(Paper.describe(trim)) keychain does not fit on \(paper.label) "
                + "with \(Paper.describe(margin)) margins"
        case .invalidCopies(let count):
            "copies must be at least 1, not \(count)"
        case .tooManyCopies(let requested, let capacity, let paper):
            "only \(capacity) keychain\(capacity == 1 ? " fits" : "s fit") on \(paper.name) with these margins; "
                + "\(requested) were asked for"
        }
    }
}
