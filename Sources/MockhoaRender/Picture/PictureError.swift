import MockhoaCore

/// Why a picture file is refused: its name and the reason, as a catalogue message.
public struct PictureError: MessageError, Equatable, Sendable {
    /// The picture's file name, as the user gave it.
    public let file: String
    public let reason: Reason

    public init(_ file: String, _ reason: Reason) { self.file = file; self.reason = reason }

    /// What is wrong with the picture. Lines are the SVG's lines.
    /// Thrown inside the reader, which adds the file name.
    public enum Reason: Error, Equatable, Sendable {
        /// The file's byte count and the limit.
        case tooLarge(bytes: Int, limit: Int)
        /// The raster's pixel width and height.
        case tooManyPixels(width: Int, height: Int)
        /// Not an SVG, PNG or JPEG picture.
        case unknownKind
        /// The name's extension and the kind of picture the bytes hold.
        case kindMismatch(extension: String, actual: Picture.Kind)
        /// The name's extension, which no picture kind has.
        case unknownExtension(String)
        /// The SVG is in this encoding, not UTF-8.
        case encoding(String)
        case notWellFormed(line: Int)
        /// The root element's name.
        case notSVG(root: String)
        /// A `<!DOCTYPE` or `<!ENTITY` declaration.
        case documentType
        /// An element pictures may not carry (`script`, `foreignObject`…).
        case element(String, line: Int)
        /// An `on…` attribute.
        case eventAttribute(String, line: Int)
        /// A reference that is neither `#id` nor an embedded PNG/JPEG.
        case externalReference(String, line: Int)
        /// A processing instruction other than the XML declaration (`<?xml-stylesheet …?>`), by its target.
        case processingInstruction(String)
        /// A CSS `@import`.
        case cssImport(line: Int)
        /// A `data:` picture inside the SVG that is no readable PNG or JPEG.
        case embeddedPicture(line: Int)
        /// More elements than a picture may have.
        case tooManyElements(limit: Int)
        /// More elements drawn, references followed, than a picture may draw.
        case tooManyDrawnElements(limit: Int)
        /// An SVG with neither width and height nor a viewBox.
        case noSize
        /// The decoder's own words.
        case unreadable(String)
        /// The file cannot be opened or read (missing, not a regular file, too large).
        case cannotOpen(InputFileProblem)
    }

    public var asMessage: Message { Message("picture.problem", Excerpt.of(file), reason.asMessage) }
}

extension PictureError.Reason {
    var asMessage: Message {
        switch self {
        case let .tooLarge(bytes, limit): Message("picture.tooLarge", bytes, limit)
        case let .tooManyPixels(width, height):
            Message("picture.tooManyPixels", width, height, Picture.largestSide, Picture.mostPixels / 1_000_000)
        case .unknownKind: Message("picture.unknownKind")
        case let .cannotOpen(problem): Message("picture.cannotOpen", problem.message)
        case let .kindMismatch(ext, actual): Message("picture.kindMismatch", ext, actual.rawValue)
        case let .unknownExtension(ext): Message("picture.unknownExtension", ext)
        case let .encoding(name): Message("picture.encoding", name)
        case let .notWellFormed(line): Message("picture.notWellFormed", line)
        case let .notSVG(root): Message("picture.notSVG", Excerpt.of(root))
        case .documentType: Message("picture.documentType")
        case let .element(name, line): Message("picture.element", Excerpt.of(name), line)
        case let .eventAttribute(name, line): Message("picture.eventAttribute", Excerpt.of(name), line)
        case let .externalReference(value, line): Message("picture.externalReference", Excerpt.of(value), line)
        case let .processingInstruction(target): Message("picture.processingInstruction", Excerpt.of(target))
        case let .cssImport(line): Message("picture.cssImport", line)
        case let .embeddedPicture(line): Message("picture.embeddedPicture", line)
        case let .tooManyElements(limit): Message("picture.tooManyElements", limit)
        case let .tooManyDrawnElements(limit): Message("picture.tooManyDrawnElements", limit)
        case .noSize: Message("picture.noSize")
        case let .unreadable(why): Message("picture.unreadable", Excerpt.of(why))
        }
    }
}
