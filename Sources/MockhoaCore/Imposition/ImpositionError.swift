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

    /// What went wrong, in the user's language.
    public var message: Message {
        switch self {
        case .unknownPaper(let text): Message("paper.unknown", text)
        case .paperTooLarge(let text): Message("paper.tooLarge", text, Int(Paper.largestSide))
        case .invalidTrim(let size): Message("paper.invalidTrim", Paper.describe(size))
        case .invalidLength(let name, let value): Message("paper.invalidLength", name, Paper.describe(value))
        case .marginSmallerThanBleed(let margin, let bleed):
            Message("paper.marginUnderBleed", Paper.describe(margin), Paper.describe(bleed))
        case .gapSmallerThanBleed(let gap, let bleed): Message("paper.gapUnderBleed", Paper.describe(gap), Paper.describe(bleed))
        case .noRoom(let paper, let margin, let slugHeight):
            Message("paper.noRoom", Paper.describe(margin), Paper.describe(slugHeight), paper.label)
        case .keychainDoesNotFit(let trim, let paper, let margin):
            Message("paper.doesNotFit", Paper.describe(trim), paper.label, Paper.describe(margin))
        case .invalidCopies(let count): Message("paper.invalidCopies", count)
        case .tooManyCopies(let requested, let capacity, let paper):
            Message(capacity == 1 ? "paper.tooManyCopiesOne" : "paper.tooManyCopies", capacity, paper.name, requested)
        }
    }

    public var description: String { message.description }
}
